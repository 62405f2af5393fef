// Package auth holds accounts, logins, sessions and the authorization rules
// every route declares.
package auth

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/beianhq/beian"
)

// Length limits of chosen passwords (NIST SP 800-63B: at least 8, allow at
// least 64; no composition rules).
const (
	MinPasswordLen = 8
	MaxPasswordLen = 64
)

//go:embed common-passwords.txt
var commonList string

// common holds passwords seen most in breaches, lower-cased.
var common = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// CheckNewPassword applies NIST SP 800-63B to a chosen password: length,
// a list of common and breached passwords, repeated or sequential
// characters, and the account's own login. The error names the field.
func CheckNewPassword(field, pw, login string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return beian.FieldErrorf(field, "密码至少%d个字符", MinPasswordLen)
	case n > MaxPasswordLen:
		return beian.FieldErrorf(field, "密码不能超过%d个字符", MaxPasswordLen)
	case !utf8.ValidString(pw):
		return beian.FieldErrorf(field, "密码含有无效字符")
	case common[strings.ToLower(pw)]:
		return beian.FieldErrorf(field, "该密码过于常见，已出现在泄露密码列表中，请换一个")
	case repetitive(pw):
		return beian.FieldErrorf(field, "密码不能是重复或连续的字符")
	case login != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(login)):
		return beian.FieldErrorf(field, "密码不能包含账号本身")
	}
	return nil
}

// repetitive reports whether pw is one character repeated or a run of
// consecutive characters ("aaaaaaaa", "12345678", "87654321", "abcdefgh").
func repetitive(pw string) bool {
	rs := []rune(pw)
	same, up, down := true, true, true
	for i := 1; i < len(rs); i++ {
		same = same && rs[i] == rs[0]
		up = up && rs[i] == rs[i-1]+1
		down = down && rs[i] == rs[i-1]-1
	}
	return same || up || down
}

package rules

import (
	"errors"
	"strings"
)

var errMobile = errors.New("不是合法的手机号码（应为11位，以1开头）")

// CheckMobile checks a mainland mobile number: 11 digits matching
// 1[3-9]xxxxxxxxx. A country code, spaces or dashes are errors here; pass
// the input through NormalizeMobile first.
func CheckMobile(s string) error {
	if s == "" {
		return errEmpty
	}
	if len(s) != 11 || !allDigits(s) || s[0] != '1' || s[1] < '3' {
		return errMobile
	}
	return nil
}

// NormalizeMobile tidies a mobile number as typed: full-width digits and
// plus sign become half-width; spaces, dashes, dots and brackets go; and a
// leading +86, 0086 or 86 is removed when 11 digits remain. It does not
// validate (see CheckMobile) and is idempotent.
func NormalizeMobile(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '＋':
			return '+'
		case r == ' ', r == '\t', r == '\u3000', r == '-', r == '－', r == '.', r == '(', r == ')', r == '（', r == '）':
			return -1
		}
		return r
	}, s)
	for _, cc := range []string{"+86", "0086", "86"} {
		if rest, ok := strings.CutPrefix(s, cc); ok && len(rest) == 11 && allDigits(rest) {
			return rest
		}
	}
	return s
}

// CheckEmail checks an email address the practical way: exactly one @; a
// local part of 1–64 characters from RFC 5322 atext and dots, with no
// leading, trailing or double dot; a domain that is a valid DNS name with at
// least one dot (internationalised names allowed); at most 254 characters
// in all, counting the domain in its ASCII form. Quoted local parts and IP
// literals are not accepted.
func CheckEmail(s string) error {
	if s == "" {
		return errEmpty
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || strings.Contains(domain, "@") {
		return errors.New("不是合法的电子邮箱地址（应包含且只包含一个@）")
	}
	switch {
	case local == "":
		return errors.New("不是合法的电子邮箱地址（@前不能为空）")
	case len(local) > 64:
		return errors.New("不是合法的电子邮箱地址（@前部分不能超过64个字符）")
	case local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, ".."):
		return errors.New("不是合法的电子邮箱地址（@前部分不能以点开头或结尾，也不能有连续的点）")
	}
	for i := range len(local) {
		if !isAtext(local[i]) && local[i] != '.' {
			return errors.New("不是合法的电子邮箱地址（@前部分含有不允许的字符）")
		}
	}
	ascii, err := toASCIIName(domain)
	if err != nil || !strings.Contains(ascii, ".") {
		return errors.New("不是合法的电子邮箱地址（@后应为有效域名）")
	}
	if len(local)+1+len(ascii) > 254 {
		return errors.New("不是合法的电子邮箱地址（总长度不能超过254个字符）")
	}
	return nil
}

// isAtext reports whether c is an RFC 5322 atext character.
func isAtext(c byte) bool {
	return isDigit(c) || isLetter(c) || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

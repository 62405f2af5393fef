package rules

import (
	"errors"
	"fmt"
	"strings"
)

// usccAlphabet is the GB 32100 character set: digits and the capital letters
// without I, O, S, V and Z. A character's value is its index.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var gb32100Weights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccValue returns the GB 32100 value of c (lowercase accepted), or -1.
func usccValue(c byte) int {
	if 'a' <= c && c <= 'z' {
		c -= 'a' - 'A'
	}
	return strings.IndexByte(usccAlphabet, c)
}

// USCCCheckChar returns the GB 32100 check character for the first 17
// characters of a unified social credit code (lowercase accepted), or 0 when
// first17 is not 17 characters of the GB 32100 alphabet.
func USCCCheckChar(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := range 17 {
		v := usccValue(first17[i])
		if v < 0 {
			return 0
		}
		sum += v * gb32100Weights[i]
	}
	return usccAlphabet[(31-sum%31)%31]
}

// CheckUSCC checks an 18-character unified social credit code (GB 32100).
// Lowercase letters are accepted. Every character must be in the GB 32100
// alphabet (0–9 and capital letters other than I, O, S, V, Z); the first two
// characters (registration authority and entity category) are checked only
// against the alphabet. Characters 3–8 must be digits (the region code),
// characters 9–17 an organisation code whose GB 11714 check character is
// right, and the 18th the GB 32100 check character.
//
// Some real codes issued in the early pilots (Xiamen before 2016) fail the
// check; this function rejects them, and callers that must accept them need
// a reviewer override.
func CheckUSCC(s string) error {
	switch {
	case s == "":
		return errEmpty
	case charCount(s) != 18:
		return fmt.Errorf("应为18位（当前%d位）", charCount(s))
	case len(s) != 18:
		return errors.New("只能包含数字和大写字母（不含I、O、S、V、Z）")
	}
	for i := range 18 {
		if usccValue(s[i]) < 0 {
			return fmt.Errorf("第%d位“%c”不是允许的字符（数字和除I、O、S、V、Z外的大写字母）", i+1, s[i])
		}
	}
	if !allDigits(s[2:8]) {
		return errors.New("第3–8位登记管理机关行政区划码应为数字")
	}
	if c := USCCCheckChar(s[:17]); c != upper(s[17]) {
		return fmt.Errorf("校验位错误，应为%c", c)
	}
	if c := OrgCodeCheckChar(s[8:16]); c != upper(s[16]) {
		return fmt.Errorf("第9–17位组织机构代码的校验位错误（第17位应为%c）", c)
	}
	return nil
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

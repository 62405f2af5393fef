package rules

import (
	"errors"
	"fmt"
	"strings"
)

var gb11714Weights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// OrgCodeCheckChar returns the GB 11714 check character ('0'–'9' or 'X') for
// the first eight characters (0–9, A–Z; lowercase accepted) of an
// organisation code, or 0 when first8 is not eight such characters.
func OrgCodeCheckChar(first8 string) byte {
	if len(first8) != 8 {
		return 0
	}
	sum := 0
	for i := range 8 {
		v := orgCodeValue(first8[i])
		if v < 0 {
			return 0
		}
		sum += v * gb11714Weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// orgCodeValue is the GB 11714 value of a body character: 0–9 for digits,
// 10–35 for A–Z; -1 otherwise.
func orgCodeValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 10
	}
	return -1
}

// CheckOrgCode checks a GB 11714 organisation code: eight characters of 0–9
// and A–Z, then the check character, optionally after a dash
// ("12345678-9"). Lowercase letters are accepted.
func CheckOrgCode(s string) error {
	if s == "" {
		return errEmpty
	}
	t := s
	if len(t) == 10 && t[8] == '-' {
		t = t[:8] + t[9:]
	}
	if len(t) != 9 {
		return fmt.Errorf("应为9位（8位本体代码加1位校验码，可写作“XXXXXXXX-X”），当前%d位", charCount(s))
	}
	for i := range 8 {
		if orgCodeValue(t[i]) < 0 {
			return errors.New("前8位只能是数字或字母")
		}
	}
	last := strings.ToUpper(t[8:])
	if c := OrgCodeCheckChar(t[:8]); last != string(c) {
		return fmt.Errorf("校验位错误，应为%c", c)
	}
	return nil
}

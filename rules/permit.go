package rules

import (
	"errors"
	"fmt"
	"time"
	"unicode"
)

// checkHKMOPermit checks a 港澳居民来往内地通行证 number: H (Hong Kong) or M
// (Macau), eight digits, and optionally the two-digit issue count.
func checkHKMOPermit(s string) error {
	if len(s) != 9 && len(s) != 11 || (upper(s[0]) != 'H' && upper(s[0]) != 'M') || !allDigits(s[1:]) {
		return errors.New("格式错误（应为H或M加8位数字，可再加2位换证次数）")
	}
	return nil
}

// checkTWPermit checks a 台湾居民来往大陆通行证 number: eight digits, or ten
// with the issue count.
func checkTWPermit(s string) error {
	if len(s) != 8 && len(s) != 10 || !allDigits(s) {
		return errors.New("格式错误（应为8位或10位数字）")
	}
	return nil
}

// checkPassport checks a passport number: 5 to 17 ASCII letters and digits.
func checkPassport(s string) error {
	if len(s) < 5 || len(s) > 17 || !allAlnum(s) {
		return errors.New("格式错误（应为5–17位字母或数字）")
	}
	return nil
}

// checkForeignPR checks a 外国人永久居留身份证 number. The 2004 card has 15
// characters: a three-letter nationality code and 12 digits. The 2023 card
// has 18 characters laid out like a citizen ID: 9, a two-digit province
// code, a three-digit nationality code, the birth date YYYYMMDD, a
// three-digit sequence and a GB 11643 check digit.
func checkForeignPR(s string, asOf time.Time) error {
	switch len(s) {
	case 15:
		if !allLetters(s[:3]) || !allDigits(s[3:]) {
			return errors.New("格式错误（旧版应为3位字母加12位数字）")
		}
		return nil
	case 18:
		if s[0] != '9' || !allDigits(s[:17]) || !isDigit(s[17]) && upper(s[17]) != 'X' {
			return errors.New("格式错误（新版应为以9开头的18位号码）")
		}
		if _, err := parseBirth(s[6:14], asOf); err != nil {
			return err
		}
		if c := ResidentIDCheckDigit(s[:17]); c != upper(s[17]) {
			return fmt.Errorf("校验位错误，应为%c", c)
		}
		return nil
	}
	return errors.New("格式错误（应为15位旧版号码或以9开头的18位新版号码）")
}

// checkResidencePermit checks a 港澳台居民居住证 number: a GB 11643 number
// whose region is 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan).
func checkResidencePermit(s string, asOf time.Time) error {
	id, err := ParseResidentID(s, asOf)
	if err != nil {
		return err
	}
	if id.Region != "810000" && id.Region != "820000" && id.Region != "830000" {
		return errors.New("前6位应为810000（香港）、820000（澳门）或830000（台湾）")
	}
	return nil
}

// checkBusinessLicence checks a 营业执照 number: an 18-character unified
// social credit code, or the 15-digit registration number of licences issued
// before 三证合一 (its check digit is not verified).
func checkBusinessLicence(s string) error {
	switch {
	case len(s) == 18:
		return CheckUSCC(s)
	case len(s) == 15 && allDigits(s):
		return nil
	}
	return errors.New("应为18位统一社会信用代码或15位注册号")
}

// checkOtherCertNo checks a free-form certificate number: 2 to 40
// characters, each an ASCII letter or digit, a Chinese character, or one of
// - ( ) （ ）.
func checkOtherCertNo(s string) error {
	if n := charCount(s); n < 2 || n > 40 {
		return fmt.Errorf("应为2–40个字符（当前%d个）", n)
	}
	for _, r := range s {
		if r < 0x80 && (isDigit(byte(r)) || isLetter(byte(r)) || r == '-' || r == '(' || r == ')') ||
			r == '（' || r == '）' || unicode.Is(unicode.Han, r) {
			continue
		}
		return errors.New("只能包含字母、数字、汉字和-()（）")
	}
	return nil
}

func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }

func allLetters(s string) bool {
	for i := range len(s) {
		if !isLetter(s[i]) {
			return false
		}
	}
	return true
}

func allAlnum(s string) bool {
	for i := range len(s) {
		if !isLetter(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return true
}

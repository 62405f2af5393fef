package rules

import (
	"errors"
	"fmt"
	"time"
)

// ResidentID is what an 18-digit GB 11643 citizen identity number says about
// its holder.
type ResidentID struct {
	Region string    // the six-digit address code, e.g. "330106"
	Birth  time.Time // date of birth, midnight UTC
	Male   bool      // the 17th digit is odd
}

var gb11643Weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const gb11643Checks = "10X98765432"

// ResidentIDCheckDigit returns the GB 11643 check digit ('0'–'9' or 'X') for
// the first 17 digits of an identity number, or 0 when first17 is not
// exactly 17 ASCII digits.
func ResidentIDCheckDigit(first17 string) byte {
	if len(first17) != 17 || !allDigits(first17) {
		return 0
	}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * gb11643Weights[i]
	}
	return gb11643Checks[sum%11]
}

// ParseResidentID checks an 18-digit citizen identity number (GB 11643) and
// returns what it encodes. A lowercase x is accepted as the check digit.
//
// The first two digits must be a province code (one of the 31, or 71, 81, 82,
// 83 for Taiwan, Hong Kong and Macau); the city and district digits are not
// checked, since retired codes stay valid on old cards. The birth date must
// exist, be no earlier than 1900-01-01 and no later than the date of asOf (in
// asOf's location). The error says which part is wrong, and for the check
// digit what it should be.
func ParseResidentID(s string, asOf time.Time) (ResidentID, error) {
	switch {
	case s == "":
		return ResidentID{}, errEmpty
	case charCount(s) != 18:
		return ResidentID{}, fmt.Errorf("应为18位（当前%d位）", charCount(s))
	case len(s) != 18 || !allDigits(s[:17]):
		return ResidentID{}, errors.New("前17位应为数字")
	}
	last := s[17]
	if last == 'x' {
		last = 'X'
	}
	if !isDigit(last) && last != 'X' {
		return ResidentID{}, errors.New("第18位应为数字或X")
	}
	if p := s[:2]; !isProvinceCode2(p) && p != "71" && p != "81" && p != "82" && p != "83" {
		return ResidentID{}, fmt.Errorf("地区码错误（前两位%s不是省级行政区划代码）", p)
	}
	birth, err := parseBirth(s[6:14], asOf)
	if err != nil {
		return ResidentID{}, err
	}
	if c := ResidentIDCheckDigit(s[:17]); c != last {
		return ResidentID{}, fmt.Errorf("校验位错误，应为%c", c)
	}
	return ResidentID{Region: s[:6], Birth: birth, Male: (s[16]-'0')%2 == 1}, nil
}

// parseBirth checks an eight-digit YYYYMMDD birth date: it must exist, be no
// earlier than 1900-01-01 and no later than asOf's date.
func parseBirth(ymd string, asOf time.Time) (time.Time, error) {
	y, m, d := atoi(ymd[:4]), atoi(ymd[4:6]), atoi(ymd[6:8])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d {
		return time.Time{}, fmt.Errorf("出生日期%s不存在", ymd)
	}
	if y < 1900 {
		return time.Time{}, fmt.Errorf("出生日期%s早于1900年", ymd)
	}
	ay, am, ad := asOf.Date()
	if t.After(time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, fmt.Errorf("出生日期%s晚于当前日期", ymd)
	}
	return t, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func allDigits(s string) bool {
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// atoi converts a short string of ASCII digits, already checked.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// charCount counts the characters of s as a user would: runes, with each
// invalid byte counted once.
func charCount(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}

package rules

import (
	"strings"
	"unicode"
)

// ReadLicence reads a filing or licence number as people type it into a
// search box: what ParseLicence accepts, and also a number with spaces
// inside ("浙ICP备 2021012345号 - 1"), full-width letters and digits, the
// traditional 備, 證 and 號, or without its 号 ("浙ICP备2021012345-1"). The
// error, when nothing reads, is ParseLicence's for the input as given.
// Filing records keep to ParseLicence: these liberties are for look-ups.
func ReadLicence(s string) (Licence, error) {
	l, err := ParseLicence(s)
	if err == nil {
		return l, nil
	}
	t := typedReplacer.Replace(strings.Map(foldTyped, s))
	if l, err := ParseLicence(t); err == nil {
		return l, nil
	}
	if u, ok := addHao(t); ok {
		if l, err := ParseLicence(u); err == nil {
			return l, nil
		}
	}
	return Licence{}, err
}

// typedReplacer turns the traditional characters of a number into the ones
// numbers are issued with.
var typedReplacer = strings.NewReplacer("備", "备", "證", "证", "號", "号")

// foldTyped drops white space and turns full-width ASCII (ＩＣＰ, ２０２１)
// into ASCII.
func foldTyped(r rune) rune {
	switch {
	case unicode.IsSpace(r):
		return -1
	case '！' <= r && r <= '～':
		return r - '！' + '!'
	}
	return r
}

// addHao puts the missing 号 after the serial of an ICP number that has
// none ("浙ICP备2021012345-1" → "浙ICP备2021012345号-1").
func addHao(s string) (string, bool) {
	if strings.Contains(s, "号") {
		return "", false
	}
	for i := range len(s) {
		if hasPrefixFold(s[i:], "ICP备") || hasPrefixFold(s[i:], "ICP证") {
			j := i + len("ICP备")
			n := digitPrefix(s[j:])
			if n == 0 {
				return "", false
			}
			return s[:j+n] + "号" + s[j+n:], true
		}
	}
	return "", false
}

package rules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// LicenceForm is the shape of a filing or licence number (reference §3.1,
// §3.2).
type LicenceForm int

// The forms of a filing or licence number.
const (
	FormFiling      LicenceForm = iota // 浙ICP备2021012345号: 4-digit year (20xx) and 6-digit sequence; Year and Seq set
	FormFilingOld                      // 浙ICP备12014244号: 2-digit year and 6-digit sequence; Year (yy ≥ 90 → 19yy, else 20yy) and Seq set
	FormFilingOther                    // any other 1–10 digits after ICP备 (京ICP备0501号); Serial only
	FormPermit                         // ICP licence, 京ICP证030173号; Serial "030173"
	FormB2                             // value-added telecom licence, 京B2-20212732 or cross-region B2-20233776; Serial "20212732"
)

// Licence is a parsed filing number (备案号) or licence number (许可证号),
// main or service.
type Licence struct {
	Prefix  string      // canonical province prefix (川 on input becomes 蜀); "" for a cross-region B2 licence
	Form    LicenceForm // shape of the number
	Year    int         // FormFiling and FormFilingOld: the filing year
	Seq     int         // FormFiling and FormFilingOld: the six-digit sequence
	Serial  string      // the digits as written (set by ParseLicence for every form)
	Service int         // 0 for a main number; n for a service number "-n"
	Suffix  string      // service kind: "" website, "A" App, "X" mini-program, "K" quick app
}

const (
	errFilingForm = "备案号格式应为“浙ICP备2021012345号”或“浙ICP备2021012345号-1”"
	errPermitForm = "许可证号格式应为“京ICP证030173号”或“京ICP证030173号-1”"
	errB2Form     = "经营许可证号格式应为“京B2-20212732”或“B2-20233776”，服务号再加“-1”等序号"
	errAnyForm    = "格式应为“浙ICP备2021012345号”“京ICP证030173号”或“京B2-20212732”，服务号再加“-1”等序号"
)

// ParseLicence parses a filing or licence number, main or service:
//
//	浙ICP备2021012345号   浙ICP备2021012345号-1   陕ICP备2024026116号-1A
//	蜀ICP备12014244号-2   京ICP证030173号-1       粤B2-20090059-1626X   B2-20233776
//
// Surrounding spaces are ignored, and "ICP" and the suffix letter may be
// lower case. The hyphen before the service number may be half- or
// full-width (- － — ‐ ‑ – −). The prefixes 川, 贵, 云 and 甘 are accepted and
// become 蜀, 黔, 滇 and 陇. The legacy form with the service number inside
// 号 (滇ICP备09010050-5号) is read as service 5. Unknown prefixes, other
// shapes, service number 0 or with a leading zero, and suffix letters other
// than A, X and K are errors; the error shows the expected form.
func ParseLicence(s string) (Licence, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Licence{}, errEmpty
	}
	var l Licence
	rest := s
	if r, size := utf8.DecodeRuneInString(s); r >= utf8.RuneSelf {
		p, ok := ProvinceByPrefix(string(r))
		if !ok {
			return Licence{}, fmt.Errorf("“%c”不是有效的省份简称，%s", r, errAnyForm)
		}
		l.Prefix = p.Prefix
		rest = s[size:]
	}
	switch {
	case l.Prefix != "" && hasPrefixFold(rest, "ICP备"):
		return parseICP(l, rest[len("ICP备"):], FormFilingOther, errFilingForm)
	case l.Prefix != "" && hasPrefixFold(rest, "ICP证"):
		return parseICP(l, rest[len("ICP证"):], FormPermit, errPermitForm)
	case hasPrefixFold(rest, "B2"):
		return parseB2(l, rest[len("B2"):])
	}
	if l.Prefix != "" && hasPrefixFold(rest, "ICP") {
		return Licence{}, errors.New(errFilingForm)
	}
	return Licence{}, errors.New(errAnyForm)
}

// parseICP parses what follows "ICP备" or "ICP证": digits, 号 and an
// optional service part, which may also stand before 号 (legacy).
func parseICP(l Licence, rest string, form LicenceForm, formErr string) (Licence, error) {
	n := digitPrefix(rest)
	if n < 1 || n > 10 {
		return Licence{}, errors.New(formErr)
	}
	l.Serial, rest = rest[:n], rest[n:]
	l.Form = form
	if form == FormFilingOther {
		switch {
		case n == 10 && strings.HasPrefix(l.Serial, "20"):
			l.Form, l.Year, l.Seq = FormFiling, atoi(l.Serial[:4]), atoi(l.Serial[4:])
		case n == 8:
			l.Form, l.Year, l.Seq = FormFilingOld, 2000+atoi(l.Serial[:2]), atoi(l.Serial[2:])
			if l.Year >= 2090 {
				l.Year -= 100
			}
		}
	}
	if tail, ok := strings.CutPrefix(rest, "号"); ok {
		rest = tail
	} else if inner, ok := strings.CutSuffix(rest, "号"); ok && inner != "" {
		rest = inner // legacy 滇ICP备09010050-5号
	} else {
		return Licence{}, errors.New(formErr)
	}
	return parseService(l, rest, formErr)
}

// parseB2 parses what follows "B2": a hyphen, eight digits and an optional
// service part.
func parseB2(l Licence, rest string) (Licence, error) {
	rest, ok := cutHyphen(rest)
	if !ok || digitPrefix(rest) != 8 {
		return Licence{}, errors.New(errB2Form)
	}
	l.Form, l.Serial = FormB2, rest[:8]
	return parseService(l, rest[8:], errB2Form)
}

// parseService parses the optional service part "-n[A|X|K]" that must make
// up all of rest.
func parseService(l Licence, rest, formErr string) (Licence, error) {
	if rest == "" {
		return l, nil
	}
	rest, ok := cutHyphen(rest)
	n := digitPrefix(rest)
	if !ok || n == 0 {
		return Licence{}, errors.New(formErr)
	}
	digits, tail := rest[:n], rest[n:]
	switch {
	case strings.Trim(digits, "0") == "":
		return Licence{}, errors.New("服务序号不能为0")
	case digits[0] == '0':
		return Licence{}, errors.New("服务序号不能以0开头")
	case n > 6:
		return Licence{}, errors.New("服务序号过长")
	}
	l.Service, _ = strconv.Atoi(digits)
	switch strings.ToUpper(tail) {
	case "":
	case "A", "X", "K":
		l.Suffix = strings.ToUpper(tail)
	default:
		return Licence{}, errors.New("服务序号后只能跟A（App）、X（小程序）或K（快应用）")
	}
	return l, nil
}

// String returns the canonical form of l: "蜀ICP备2021012345号-2A",
// "京ICP证030173号-1", "粤B2-20090059-1626X". FormFiling and FormFilingOld
// are written from Year and Seq, the other forms from Serial; the service
// part always follows 号.
func (l Licence) String() string {
	var b strings.Builder
	b.WriteString(l.Prefix)
	switch l.Form {
	case FormFiling:
		fmt.Fprintf(&b, "ICP备%04d%06d号", l.Year, l.Seq)
	case FormFilingOld:
		fmt.Fprintf(&b, "ICP备%02d%06d号", (l.Year%100+100)%100, l.Seq)
	case FormFilingOther:
		b.WriteString("ICP备" + l.Serial + "号")
	case FormPermit:
		b.WriteString("ICP证" + l.Serial + "号")
	case FormB2:
		b.WriteString("B2-" + l.Serial)
	}
	if l.Service > 0 {
		fmt.Fprintf(&b, "-%d%s", l.Service, l.Suffix)
	}
	return b.String()
}

// Main returns the main number of l: l without its service part.
func (l Licence) Main() Licence {
	l.Service, l.Suffix = 0, ""
	return l
}

// IsMain reports whether l is a main number (no "-n").
func (l Licence) IsMain() bool { return l.Service == 0 }

// FilingNumber formats a current-form main filing number:
// FilingNumber("浙", 2021, 12345) = "浙ICP备2021012345号". seq is zero-padded
// to six digits. An alternative prefix (川) is written canonically (蜀).
func FilingNumber(prefix string, year, seq int) string {
	if p, ok := ProvinceByPrefix(prefix); ok {
		prefix = p.Prefix
	}
	return Licence{Prefix: prefix, Form: FormFiling, Year: year, Seq: seq}.String()
}

// ServiceSuffix returns the letter that follows a service number for a
// service type: "" for 1 (website), "A" for 6 (App), "X" for 7 (mini-program),
// "K" for 8 (quick app). Other service types also give "" (it does not panic).
func ServiceSuffix(serviceType int) string {
	switch serviceType {
	case 6:
		return "A"
	case 7:
		return "X"
	case 8:
		return "K"
	}
	return ""
}

// SuffixServiceType is the inverse of ServiceSuffix: 1 for "", 6 for "A", 7
// for "X", 8 for "K", and 0 for anything else.
func SuffixServiceType(suffix string) int {
	switch suffix {
	case "":
		return 1
	case "A":
		return 6
	case "X":
		return 7
	case "K":
		return 8
	}
	return 0
}

// hyphens are the characters accepted before a service number or a B2
// serial.
var hyphens = []string{"-", "－", "—", "‐", "‑", "–", "−"}

func cutHyphen(s string) (string, bool) {
	for _, h := range hyphens {
		if rest, ok := strings.CutPrefix(s, h); ok {
			return rest, true
		}
	}
	return s, false
}

// digitPrefix returns the number of leading ASCII digits of s.
func digitPrefix(s string) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// hasPrefixFold reports whether s begins with prefix, ASCII letters
// compared without case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

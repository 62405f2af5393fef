package rules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// LicenceForm is the shape of a filing or licence number.
type LicenceForm int

// The forms of a filing or licence number.
const (
	FormFiling      LicenceForm = iota // 浙ICP备2021012345号: 4-digit year (20xx) and 6-digit sequence; Year and Seq set
	FormFilingOld                      // 浙ICP备12014244号: 2-digit year and 6-digit sequence; Year (yy ≥ 90 → 19yy, else 20yy) and Seq set
	FormFilingOther                    // any other 1–10 digits after ICP备 (京ICP备0501号); Serial only
	FormPermit                         // ICP licence, 京ICP证030173号; Serial "030173"
	FormTelecom                        // telecom business licence, 京B2-20212732, 粤A2-20180001号, 沪B1.B2-20080001 or cross-region B2-20233776; Category "B2", Serial "20212732"

	// FormB2 is the former name of FormTelecom, from when B2 was the only
	// category read.
	FormB2 = FormTelecom
)

// Licence is a parsed filing number (备案号) or licence number (许可证号),
// main or service.
type Licence struct {
	Prefix   string      // canonical province prefix (川 and 粵 on input become 蜀 and 粤); "" for a cross-region telecom licence
	Form     LicenceForm // shape of the number
	Category string      // FormTelecom: the licence categories, joined by dots in order: "B2", "A2", "B1.B2"; "" is read as "B2"
	Year     int         // FormFiling and FormFilingOld: the filing year
	Seq      int         // FormFiling and FormFilingOld: the six-digit sequence
	Serial   string      // the digits as written (set by ParseLicence for every form)
	Service  int         // 0 for a main number; n for a service number "-n"
	Suffix   string      // service kind: "" website, "A" App, "X" mini-program, "K" quick app
}

const (
	errFilingForm = "备案号格式应为“浙ICP备2021012345号”或“浙ICP备2021012345号-1”"
	errPermitForm = "许可证号格式应为“京ICP证030173号”或“京ICP证030173号-1”"
	errB2Form     = "经营许可证号格式应为“京B2-20212732”“粤A2-20180001”“京B1.B2-20212732”或“B2-20233776”，服务号再加“-1”等序号"
	errAnyForm    = "格式应为“浙ICP备2021012345号”“京ICP证030173号”或“京B2-20212732”，服务号再加“-1”等序号"
)

// ParseLicence parses a filing or licence number, main or service:
//
//	浙ICP备2021012345号   浙ICP备2021012345号-1   陕ICP备2024026116号-1A
//	蜀ICP备12014244号-2   京ICP证030173号-1       粤B2-20090059-1626X   B2-20233776
//	粤A2-20180001号       沪B1.B2-20080001        A2.B1.B2-20100001
//
// Surrounding spaces are ignored, and "ICP", the licence category and the
// suffix letter may be lower case. The hyphen before the service number may
// be half- or full-width (- － — ‐ ‑ – −). The prefixes 川, 贵, 云 and 甘 are
// accepted and become 蜀, 黔, 滇 and 陇, and traditional forms of the
// prefixes (粵, 滬, 蘇 …) become the simplified ones. A telecom licence
// (categories A1, A2, B1, B2, alone or joined by dots) may end in 号, which
// its canonical form drops. The legacy form with the service number inside
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
		if simple, ok := traditionalPrefixes[r]; ok {
			r = simple
		}
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
	case isCategoryStart(rest):
		return parseTelecom(l, rest)
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

// parseTelecom parses a telecom licence after the province prefix: the
// categories ("B2", "A2", "B1.B2"), a hyphen, eight digits, an optional 号
// and an optional service part.
func parseTelecom(l Licence, rest string) (Licence, error) {
	var cats []string
	for {
		if !isCategoryStart(rest) {
			return Licence{}, errors.New(errB2Form)
		}
		c := strings.ToUpper(rest[:2])
		if len(cats) > 0 && c <= cats[len(cats)-1] {
			return Licence{}, errors.New("许可证类别应按A1、A2、B1、B2的顺序各写一次，如“B1.B2”")
		}
		cats, rest = append(cats, c), rest[2:]
		var more bool
		if rest, more = cutCategorySep(rest); !more {
			break
		}
	}
	rest, ok := cutHyphen(rest)
	if !ok || digitPrefix(rest) != 8 {
		return Licence{}, errors.New(errB2Form)
	}
	l.Form, l.Category, l.Serial = FormTelecom, strings.Join(cats, "."), rest[:8]
	rest = strings.TrimPrefix(rest[8:], "号")
	return parseService(l, rest, errB2Form)
}

// isCategoryStart reports whether s begins with a telecom licence category:
// A1, A2, B1 or B2, any case.
func isCategoryStart(s string) bool {
	return len(s) >= 2 && (s[0]|0x20 == 'a' || s[0]|0x20 == 'b') && (s[1] == '1' || s[1] == '2')
}

// cutCategorySep cuts the dot that joins two licence categories ("B1.B2");
// full-width and middle dots are accepted.
func cutCategorySep(s string) (string, bool) {
	for _, sep := range []string{".", "．", "·", "・", "、"} {
		if rest, ok := strings.CutPrefix(s, sep); ok {
			return rest, true
		}
	}
	return s, false
}

// traditionalPrefixes maps the traditional forms of the province prefixes
// to the simplified ones that numbers are issued with. Prefixes written the
// same in both scripts are not listed.
var traditionalPrefixes = map[rune]rune{
	'晉': '晋', '遼': '辽', '滬': '沪', '蘇': '苏', '閩': '闽', '贛': '赣', '魯': '鲁',
	'粵': '粤', '瓊': '琼', '陝': '陕', '隴': '陇', '寧': '宁', '貴': '贵', '雲': '云',
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
	case FormTelecom:
		cat := l.Category
		if cat == "" {
			cat = "B2"
		}
		b.WriteString(cat + "-" + l.Serial)
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

package rules

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Domain is a host name in the forms the registry needs.
type Domain struct {
	ASCII       string // the whole name: punycode, lower case, no trailing dot ("xn--fiqs8s.cn", "www.example.com")
	Unicode     string // the whole name in Unicode ("中国.cn")
	Registrable string // the registrable domain (eTLD+1) in ASCII ("example.com")
	Suffix      string // the ICANN public suffix in ASCII ("com", "com.cn", "xn--fiqs8s")
}

// ParseHost finds the host in a keyword as people type it and returns it
// with its registrable domain. It accepts a bare host or a URL: surrounding
// spaces, a scheme, user information, a port, a path, a query and a
// fragment are dropped; upper case, full-width dots (。．｡) and one trailing
// dot are accepted. Internationalised names may be given in Unicode or
// punycode; each label must be valid under IDNA 2008 / UTS 46 lookup rules
// (idna.Lookup) and DNS length limits.
//
// The name must lie under an ICANN public suffix and have a registrable
// domain. Private suffixes of the public suffix list (github.io,
// blogspot.com …) are ignored, so "a.github.io" has the registrable domain
// "github.io": the ICP registry files registered domains, and private
// suffixes are not registries. IP addresses are rejected.
func ParseHost(input string) (Domain, error) {
	s := strings.TrimSpace(input)
	if i := strings.Index(s, "://"); i >= 0 && isScheme(s[:i]) {
		s = s[i+3:]
	} else if strings.HasPrefix(s, "//") {
		s = s[2:]
	}
	if i := strings.IndexAny(s, "/?#\\"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if strings.HasPrefix(s, "[") {
		return Domain{}, errors.New("应为域名，不能是IP地址")
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return Domain{}, errors.New("应为域名，不能是IP地址")
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		if !allDigits(s[i+1:]) {
			return Domain{}, errors.New("不是合法的域名（含有“:”）")
		}
		s = s[:i]
	}
	return parseName(s)
}

// ParseFilingDomain checks a domain entered on a filing. It must be the
// registrable domain itself ("example.com", not "www.example.com"), written
// bare: spaces around it, upper case, full-width dots and a trailing dot
// are accepted, but a scheme, port, path or user information is not. Its
// public suffix, or failing that the suffix's last label (the TLD), must be
// in the approved list (ApprovedTLDs).
func ParseFilingDomain(input string) (Domain, error) {
	s := strings.TrimSpace(input)
	if strings.ContainsAny(s, "/:@?#\\[]") {
		return Domain{}, errors.New("只需填写域名本身（如“example.com”），不要包含“http://”、路径或端口")
	}
	d, err := parseName(s)
	if err != nil {
		return Domain{}, err
	}
	if d.ASCII != d.Registrable {
		return Domain{}, fmt.Errorf("应填写主域名“%s”，而不是“%s”", toUnicode(d.Registrable), d.Unicode)
	}
	if !IsApprovedTLD(d.Suffix) {
		tld := d.Suffix[strings.LastIndexByte(d.Suffix, '.')+1:]
		if !IsApprovedTLD(tld) {
			return Domain{}, fmt.Errorf("该域名后缀（.%s）不在工信部批准的可备案顶级域列表中", toUnicode(tld))
		}
	}
	return d, nil
}

// CheckHomeURL checks that the host of a home-page URL ("www.example.com",
// "http://www.example.com/index.html") is one of domains or a subdomain of
// one. domains are registrable names as ParseFilingDomain returns them;
// Unicode forms are accepted too. Only the http and https schemes are
// allowed.
func CheckHomeURL(homeURL string, domains []string) error {
	s := strings.TrimSpace(homeURL)
	if s == "" {
		return errEmpty
	}
	if i := strings.Index(s, "://"); i >= 0 && isScheme(s[:i]) {
		if sc := strings.ToLower(s[:i]); sc != "http" && sc != "https" {
			return errors.New("应为http或https网址")
		}
	}
	h, err := ParseHost(s)
	if err != nil {
		return err
	}
	var shown []string
	for _, dom := range domains {
		dom = strings.TrimSuffix(strings.TrimSpace(dom), ".")
		a, err := toASCIIName(dom)
		if err != nil {
			continue
		}
		if h.ASCII == a || strings.HasSuffix(h.ASCII, "."+a) {
			return nil
		}
		shown = append(shown, toUnicode(a))
	}
	if len(shown) == 0 {
		return errors.New("没有可对应的已填写域名")
	}
	return fmt.Errorf("“%s”不在所填域名范围内（应为%s或其子域名）", h.Unicode, strings.Join(shown, "、"))
}

// dotReplacer turns the full-width and ideographic full stops into dots.
var dotReplacer = strings.NewReplacer("。", ".", "．", ".", "｡", ".")

// parseName normalises and checks a bare host name: full-width dots, one
// trailing dot, case; then IDNA, DNS limits and the public suffix.
func parseName(s string) (Domain, error) {
	s = dotReplacer.Replace(s)
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return Domain{}, errors.New("缺少域名")
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return Domain{}, errors.New("应为域名，不能是IP地址")
	}
	a, err := toASCIIName(s)
	if err != nil {
		return Domain{}, err
	}
	suffix, ok := registrySuffix(a)
	if !ok {
		tld := a[strings.LastIndexByte(a, '.')+1:]
		return Domain{}, fmt.Errorf("顶级域“.%s”不存在", toUnicode(tld))
	}
	if a == suffix {
		return Domain{}, fmt.Errorf("“%s”是公共后缀，不是可注册的域名", toUnicode(a))
	}
	rest := strings.TrimSuffix(a, "."+suffix)
	reg := rest[strings.LastIndexByte(rest, '.')+1:] + "." + suffix
	return Domain{ASCII: a, Unicode: toUnicode(a), Registrable: reg, Suffix: suffix}, nil
}

// cnCategories are the Chinese category second levels that CNNIC runs under
// .cn (政务.cn for party and government bodies, 公益.cn for non-profit
// bodies), in ASCII. The public suffix list has no entry for them, so
// without this "某某.政务.cn" would collapse to its suffix "政务.cn".
var cnCategories = map[string]bool{
	"xn--zfr164b.cn": true, // 政务.cn
	"xn--55qw42g.cn": true, // 公益.cn
}

// registrySuffix is icannSuffix, extended to the CNNIC category second
// levels (cnCategories) that the public suffix list lacks.
func registrySuffix(a string) (string, bool) {
	suffix, ok := icannSuffix(a)
	if ok && suffix == "cn" {
		rest := strings.TrimSuffix(a, ".cn")
		if cat := rest[strings.LastIndexByte(rest, '.')+1:] + ".cn"; cnCategories[cat] {
			return cat, true
		}
	}
	return suffix, ok
}

// icannSuffix returns the public suffix of the ASCII name a under the ICANN
// section of the public suffix list only, and false when a's TLD is not
// listed.
func icannSuffix(a string) (string, bool) {
	ps, icann := publicsuffix.PublicSuffix(a)
	for !icann {
		// ps is a private rule or an unlisted TLD: try its shorter suffixes.
		i := strings.IndexByte(ps, '.')
		if i < 0 {
			return "", false
		}
		ps, icann = publicsuffix.PublicSuffix(ps[i+1:])
	}
	return ps, true
}

// toASCIIName converts a host name to lower-case ASCII (punycode) and checks
// it: valid IDNA labels, letters, digits and hyphens only, each label 1–63
// characters, 253 in all, and a TLD that is not all digits.
func toASCIIName(s string) (string, error) {
	if s == "" {
		return "", errors.New("缺少域名")
	}
	a, err := idna.Lookup.ToASCII(s)
	if err == nil && a != s {
		// Check the result too: idna maps some input it should refuse, such
		// as invalid UTF-8, to punycode that does not decode back.
		var again string
		again, err = idna.Lookup.ToASCII(a)
		if again != a {
			err = errors.New("unstable")
		}
	}
	if err != nil || !utf8.ValidString(s) {
		return "", errors.New("不是合法的域名（含有不允许的字符或无效的国际化域名）")
	}
	if len(a) > 253 {
		return "", errors.New("不是合法的域名（总长度超过253个字符）")
	}
	labels := strings.Split(a, ".")
	for _, l := range labels {
		switch {
		case l == "":
			return "", errors.New("不是合法的域名（有连续的点或以点开头）")
		case len(l) > 63:
			return "", errors.New("不是合法的域名（某一级超过63个字符）")
		}
		for i := range len(l) {
			if c := l[i]; !isDigit(c) && !('a' <= c && c <= 'z') && c != '-' {
				return "", errors.New("不是合法的域名（含有不允许的字符）")
			}
		}
	}
	if allDigits(labels[len(labels)-1]) {
		return "", errors.New("不是合法的域名（顶级域不能全为数字）")
	}
	return a, nil
}

// toUnicode returns the Unicode form of an ASCII host name, or the name
// itself when it has none.
func toUnicode(a string) string {
	u, err := idna.Lookup.ToUnicode(a)
	if err != nil {
		return a
	}
	return u
}

// isScheme reports whether s is a URL scheme: a letter, then letters,
// digits, +, - or '.'.
func isScheme(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

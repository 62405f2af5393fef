package rules

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets cover every function that reads outside input. Each
// checks that the function does not panic and that its output is
// consistent: accepted values re-parse to themselves, normalisers are
// idempotent.

func FuzzParseResidentID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "11010519491231002x", "110105194912310021", "810000199001011230", "110101190002291230", "", "1101051949123100２X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseResidentID(s, asOf)
		if err != nil {
			return
		}
		if len(s) != 18 || id.Region != s[:6] {
			t.Fatalf("ParseResidentID(%q) accepted with region %q", s, id.Region)
		}
		if c := ResidentIDCheckDigit(s[:17]); c != upper(s[17]) {
			t.Fatalf("ParseResidentID(%q) accepted with check digit %q", s, c)
		}
		if id.Birth.Year() < 1900 || id.Birth.After(asOf) {
			t.Fatalf("ParseResidentID(%q) accepted birth %v", s, id.Birth)
		}
		if err := CheckCertNo(CertResidentID, s, asOf); err != nil {
			t.Fatalf("CheckCertNo(CertResidentID, %q) = %v after ParseResidentID accepted it", s, err)
		}
	})
}

func FuzzCheckUSCC(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "911100001000238497", "91350100m000100y43", "91110000100023849C", "O1350100M000100Y43", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := CheckUSCC(s); err != nil {
			return
		}
		u := strings.ToUpper(s)
		if len(s) != 18 || USCCCheckChar(u[:17]) != u[17] || OrgCodeCheckChar(u[8:16]) != u[16] {
			t.Fatalf("CheckUSCC(%q) accepted a bad code", s)
		}
		if err := CheckUSCC(u); err != nil {
			t.Fatalf("CheckUSCC(%q) = %v, but %q was accepted", u, err, s)
		}
		if err := CheckCertNo(CertBusinessLicence, s, asOf); err != nil {
			t.Fatalf("CheckCertNo(CertBusinessLicence, %q) = %v", s, err)
		}
	})
}

func FuzzCheckOrgCode(f *testing.F) {
	for _, s := range []string{"D2143569X", "D2143569-X", "80210043-3", "80210043-4", "8021004-33", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := CheckOrgCode(s); err != nil {
			return
		}
		bare := strings.ToUpper(strings.Replace(s, "-", "", 1))
		if len(bare) != 9 || OrgCodeCheckChar(bare[:8]) != bare[8] {
			t.Fatalf("CheckOrgCode(%q) accepted a bad code", s)
		}
		if err := CheckOrgCode(bare); err != nil {
			t.Fatalf("CheckOrgCode(%q) = %v, but %q was accepted", bare, err, s)
		}
	})
}

func FuzzCheckCertNo(f *testing.F) {
	for _, c := range []struct {
		kind int
		no   string
	}{
		{int(CertUSCC), "91350100M000100Y43"}, {int(CertOrgCode), "80210043-3"}, {int(CertResidentID), "11010519491231002X"},
		{int(CertHKMOPermit), "H1234567801"}, {int(CertTWPermit), "12345678"}, {int(CertPassport), "E12345678"},
		{int(CertForeignPR), "911156198001010016"}, {int(CertForeignPR), "USA110080101123"},
		{int(CertResidencePermit), "810000199001011230"}, {int(CertBusinessLicence), "110000000000001"},
		{int(CertOther), "（2021）粤A-001"}, {int(CertOther), " ａ b "}, {-1, "x"},
	} {
		f.Add(c.kind, c.no)
	}
	f.Fuzz(func(t *testing.T, kind int, no string) {
		k := CertKind(kind)
		if kind < -1 || kind > int(CertBusinessLicence)+1 {
			k = CertKind(kind & 15)
		}
		err := CheckCertNo(k, no, asOf)
		n := NormalizeCertNo(k, no)
		if again := NormalizeCertNo(k, n); again != n {
			t.Fatalf("NormalizeCertNo(%v) not idempotent: %q → %q → %q", k, no, n, again)
		}
		if err == nil && k != CertOther {
			if err := CheckCertNo(k, n, asOf); err != nil {
				t.Fatalf("CheckCertNo(%v) accepts %q but not its normal form %q: %v", k, no, n, err)
			}
		}
	})
}

func FuzzMobile(f *testing.F) {
	for _, s := range []string{"13800138000", "+86 138 0013 8000", "0086-13800138000", "8613800138000", "＋８６１３８００１３８０００", "86123456789", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeMobile(s)
		if again := NormalizeMobile(n); again != n {
			t.Fatalf("NormalizeMobile not idempotent: %q → %q → %q", s, n, again)
		}
		if CheckMobile(s) == nil && n != s {
			t.Fatalf("NormalizeMobile(%q) = %q changed a valid number", s, n)
		}
		if CheckMobile(n) == nil && (len(n) != 11 || n[0] != '1') {
			t.Fatalf("CheckMobile accepted %q", n)
		}
	})
}

func FuzzCheckEmail(f *testing.F) {
	for _, s := range []string{"a@b.cn", "admin@中国.cn", "a..b@example.com", "a@b@c.com", `"a"@b.com`, "a@[1.2.3.4]", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := CheckEmail(s); err != nil {
			return
		}
		local, domain, _ := strings.Cut(s, "@")
		if local == "" || len(local) > 64 || strings.Contains(domain, "@") {
			t.Fatalf("CheckEmail(%q) accepted a bad address", s)
		}
		if _, err := toASCIIName(domain); err != nil {
			t.Fatalf("CheckEmail(%q) accepted a bad domain: %v", s, err)
		}
	})
}

func FuzzParseHost(f *testing.F) {
	for _, s := range []string{"中国.cn", "xn--fiqs8s.cn", "WWW.Example.COM.", "http://a.b.example.com:8080/x?y", "user@host.example.com.cn:1#x", "a.github.io", "[::1]", "1.2.3.4", "a..b.com", "例子。中国", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseHost(s)
		if err != nil {
			return
		}
		checkDomain(t, s, d)
		for _, in := range []string{d.ASCII, d.Unicode} {
			if again, err := ParseHost(in); err != nil || again != d {
				t.Fatalf("ParseHost(%q) = %+v, %v; want %+v (from %q)", in, again, err, d, s)
			}
		}
	})
}

func FuzzParseFilingDomain(f *testing.F) {
	for _, s := range []string{"example.com", "中国.cn", "xn--fiqs8s.cn", "www.example.com", "example.org", "Example.COM.cn.", "http://example.com", "例子.公司", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseFilingDomain(s)
		if err != nil {
			return
		}
		checkDomain(t, s, d)
		if d.ASCII != d.Registrable {
			t.Fatalf("ParseFilingDomain(%q) accepted a subdomain: %+v", s, d)
		}
		if h, err := ParseHost(s); err != nil || h != d {
			t.Fatalf("ParseHost(%q) = %+v, %v; ParseFilingDomain gave %+v", s, h, err, d)
		}
		for _, in := range []string{d.ASCII, d.Unicode} {
			if again, err := ParseFilingDomain(in); err != nil || again != d {
				t.Fatalf("ParseFilingDomain(%q) = %+v, %v; want %+v (from %q)", in, again, err, d, s)
			}
		}
		if err := CheckHomeURL("www."+d.ASCII, []string{d.Registrable}); err != nil {
			t.Fatalf("CheckHomeURL(www.%s, %s) = %v", d.ASCII, d.Registrable, err)
		}
	})
}

// checkDomain checks the shape of an accepted Domain.
func checkDomain(t *testing.T, in string, d Domain) {
	t.Helper()
	for i := range len(d.ASCII) {
		if c := d.ASCII[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			t.Fatalf("%q: ASCII %q is not lower-case ASCII", in, d.ASCII)
		}
	}
	if d.Registrable != d.ASCII && !strings.HasSuffix(d.ASCII, "."+d.Registrable) {
		t.Fatalf("%q: Registrable %q is not a suffix of %q", in, d.Registrable, d.ASCII)
	}
	if head, ok := strings.CutSuffix(d.Registrable, "."+d.Suffix); !ok || head == "" || strings.Contains(head, ".") {
		t.Fatalf("%q: Registrable %q is not one label above %q", in, d.Registrable, d.Suffix)
	}
}

func FuzzCheckHomeURL(f *testing.F) {
	for _, c := range [][2]string{
		{"www.example.com", "example.com"}, {"http://www.example.com/index.html", "example.com"},
		{"www.中国.cn", "xn--fiqs8s.cn"}, {"www.notexample.com", "example.com"}, {"ftp://a.example.com", "example.com"}, {"", ""},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, url, domain string) {
		if err := CheckHomeURL(url, []string{domain}); err != nil {
			return
		}
		h, err := ParseHost(url)
		if err != nil {
			t.Fatalf("CheckHomeURL(%q, %q) accepted a URL ParseHost rejects: %v", url, domain, err)
		}
		if err := CheckHomeURL(h.ASCII, []string{domain}); err != nil {
			t.Fatalf("CheckHomeURL(%q, %q) = %v, but %q was accepted", h.ASCII, domain, err, url)
		}
	})
}

func FuzzParsePublicIP(f *testing.F) {
	for _, s := range []string{"8.8.8.8", "::ffff:8.8.8.8", "2400:3200::1", "10.0.0.1", "fe80::1%eth0", "203.0.113.10", "::", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParsePublicIP(s)
		if err != nil {
			return
		}
		if a.Is4In6() || a.Zone() != "" || !a.IsGlobalUnicast() || a.IsPrivate() {
			t.Fatalf("ParsePublicIP(%q) accepted %v", s, a)
		}
		if again, err := ParsePublicIP(a.String()); err != nil || again != a {
			t.Fatalf("ParsePublicIP(%q) = %v, %v; want %v", a.String(), again, err, a)
		}
	})
}

func FuzzParseLicence(f *testing.F) {
	for _, s := range []string{
		"浙ICP备2021012345号", "浙ICP备2021012345号-1", "京ICP证030173号-1", "粤B2-20090059-1626X", "B2-20233776",
		"陕ICP备2024026116号-1A", "川ICP备09150084号", "滇ICP备09010050-5号", "贵ICP备2021004806号-1", "京ICP备0501号",
		"浙ICP备2021012345号－2", "浙ICP备2021012345号-0", "港ICP备1号", "",
		"粤A2-20180001号", "沪B1.B2-20080001-3X", "A2.B1.B2-20100001", "粵ICP备2021012345号-1", "京b1．b2-20080001号",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLicence(s)
		if err != nil {
			return
		}
		str := l.String()
		again, err := ParseLicence(str)
		if err != nil || again != l {
			t.Fatalf("ParseLicence(%q) = %+v, %v; want %+v (from %q)", str, again, err, l, s)
		}
		if again.String() != str {
			t.Fatalf("String() not stable: %q → %q", str, again.String())
		}
		m := l.Main()
		if !m.IsMain() || l.IsMain() != (l.Service == 0) {
			t.Fatalf("%q: Main/IsMain inconsistent: %+v", s, l)
		}
		if pm, err := ParseLicence(m.String()); err != nil || pm != m {
			t.Fatalf("ParseLicence(%q) = %+v, %v; want %+v", m.String(), pm, err, m)
		}
		if l.Suffix != "" && l.Service == 0 || SuffixServiceType(l.Suffix) == 0 {
			t.Fatalf("%q: bad suffix in %+v", s, l)
		}
		if p, ok := ProvinceByPrefix(l.Prefix); l.Prefix != "" && (!ok || p.Prefix != l.Prefix) || l.Prefix == "" && l.Form != FormB2 {
			t.Fatalf("%q: bad prefix in %+v", s, l)
		}
	})
}

// FuzzReadLicence: whatever ReadLicence reads, ParseLicence reads back from
// its canonical form, and what ParseLicence reads ReadLicence reads alike.
func FuzzReadLicence(f *testing.F) {
	for _, s := range []string{
		"浙ICP备2021012345-1", "浙 icp 备 2021012345 号", "粵ICP備2021012345號-2x", "滬ICP證030173",
		"浙ＩＣＰ备２０２１０１２３４５号－１", "粤 a2-20180001 号", "沪b1.b2 - 20080001", "某某科技", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ReadLicence(s)
		if strict, serr := ParseLicence(s); serr == nil && (err != nil || l != strict) {
			t.Fatalf("ReadLicence(%q) = %+v, %v; ParseLicence gives %+v", s, l, err, strict)
		}
		if err != nil {
			return
		}
		if again, err := ParseLicence(l.String()); err != nil || again != l {
			t.Fatalf("ParseLicence(%q) = %+v, %v; want %+v (from %q)", l.String(), again, err, l, s)
		}
	})
}

package rules

import (
	"slices"
	"strings"
	"testing"
)

func TestParseHost(t *testing.T) {
	tests := []struct {
		name, in string
		want     Domain
		wantErr  string
	}{
		{"bare", "example.com", Domain{"example.com", "example.com", "example.com", "com"}, ""},
		{"Unicode IDN", "中国.cn", Domain{"xn--fiqs8s.cn", "中国.cn", "xn--fiqs8s.cn", "cn"}, ""},
		{"punycode IDN", "xn--fiqs8s.cn", Domain{"xn--fiqs8s.cn", "中国.cn", "xn--fiqs8s.cn", "cn"}, ""},
		{"upper-case punycode", "XN--FIQS8S.CN", Domain{"xn--fiqs8s.cn", "中国.cn", "xn--fiqs8s.cn", "cn"}, ""},
		{"IDN TLD", "例子.中国", Domain{"xn--fsqu00a.xn--fiqs8s", "例子.中国", "xn--fsqu00a.xn--fiqs8s", "xn--fiqs8s"}, ""},
		{"upper case and trailing dot", "WWW.Example.COM.", Domain{"www.example.com", "www.example.com", "example.com", "com"}, ""},
		{"URL", "http://a.b.example.com:8080/x?y", Domain{"a.b.example.com", "a.b.example.com", "example.com", "com"}, ""},
		{"https userinfo fragment", "  HTTPS://user:pw@www.example.com.cn/#top ", Domain{"www.example.com.cn", "www.example.com.cn", "example.com.cn", "com.cn"}, ""},
		{"scheme-relative", "//www.gov.cn/", Domain{"www.gov.cn", "www.gov.cn", "www.gov.cn", "gov.cn"}, ""},
		{"backslash path", `www.example.com\index.html`, Domain{"www.example.com", "www.example.com", "example.com", "com"}, ""},
		{"full-width dot", "www。example。com", Domain{"www.example.com", "www.example.com", "example.com", "com"}, ""},
		{"full-width letters", "ＥＸＡＭＰＬＥ.com", Domain{"example.com", "example.com", "example.com", "com"}, ""},
		{"port only", "example.com:443", Domain{"example.com", "example.com", "example.com", "com"}, ""},
		{"政务.cn site", "www.某某.政务.cn", Domain{"www.xn--xuva.xn--zfr164b.cn", "www.某某.政务.cn", "xn--xuva.xn--zfr164b.cn", "xn--zfr164b.cn"}, ""},
		{"政务.cn punycode", "WWW.XN--XUVA.XN--ZFR164B.CN", Domain{"www.xn--xuva.xn--zfr164b.cn", "www.某某.政务.cn", "xn--xuva.xn--zfr164b.cn", "xn--zfr164b.cn"}, ""},
		{"公益.cn site", "http://某某。公益。cn/", Domain{"xn--xuva.xn--55qw42g.cn", "某某.公益.cn", "xn--xuva.xn--55qw42g.cn", "xn--55qw42g.cn"}, ""},
		{"公益.cn punycode", "xn--xuva.xn--55qw42g.cn", Domain{"xn--xuva.xn--55qw42g.cn", "某某.公益.cn", "xn--xuva.xn--55qw42g.cn", "xn--55qw42g.cn"}, ""},
		{"政务.cn itself", "政务.cn", Domain{}, "“政务.cn”是公共后缀"},
		{"政务 TLD", "某某.政务", Domain{"xn--xuva.xn--zfr164b", "某某.政务", "xn--xuva.xn--zfr164b", "xn--zfr164b"}, ""},
		{"private suffix ignored", "user.github.io", Domain{"user.github.io", "user.github.io", "github.io", "io"}, ""},
		{"private suffix itself", "myqcloud.com", Domain{"myqcloud.com", "myqcloud.com", "myqcloud.com", "com"}, ""},
		{"bare public suffix", "com.cn", Domain{}, "“com.cn”是公共后缀，不是可注册的域名"},
		{"bare TLD", "cn", Domain{}, "“cn”是公共后缀"},
		{"unlisted TLD", "example.invalidtld", Domain{}, "顶级域“.invalidtld”不存在"},
		{"single label", "localhost", Domain{}, "顶级域“.localhost”不存在"},
		{"IPv4", "192.0.2.1", Domain{}, "不能是IP地址"},
		{"IPv4 URL", "http://1.2.3.4:80/", Domain{}, "不能是IP地址"},
		{"IPv6", "2001:db8::1", Domain{}, "不能是IP地址"},
		{"IPv6 URL", "http://[2001:db8::1]/", Domain{}, "不能是IP地址"},
		{"numeric TLD", "1.2.3", Domain{}, "顶级域不能全为数字"},
		{"bad port", "example.com:http", Domain{}, "含有“:”"},
		{"empty label", "a..example.com", Domain{}, "有连续的点或以点开头"},
		{"leading dot", ".example.com", Domain{}, "有连续的点或以点开头"},
		{"two trailing dots", "example.com..", Domain{}, "有连续的点或以点开头"},
		{"leading hyphen", "-a.example.com", Domain{}, "不是合法的域名"},
		{"underscore", "a_b.example.com", Domain{}, "不是合法的域名"},
		{"bad punycode", "xn--abc.com", Domain{}, "不是合法的域名"},
		{"invalid UTF-8", "\xff.AC", Domain{}, "不是合法的域名"},
		{"soft hyphen", "\u00ad.cc", Domain{}, "不是合法的域名"},
		{"space inside", "exa mple.com", Domain{}, "不是合法的域名"},
		{"long label", strings.Repeat("a", 64) + ".com", Domain{}, "超过63个字符"},
		{"long name", strings.Repeat(strings.Repeat("a", 63)+".", 4) + "com", Domain{}, "超过253个字符"},
		{"empty", "", Domain{}, "缺少域名"},
		{"scheme only", "http://", Domain{}, "缺少域名"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseHost(tt.in)
			if !errMatches(err, tt.wantErr) || got != tt.want {
				t.Errorf("ParseHost(%q) = %+v, %v; want %+v, %q", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestParseFilingDomain(t *testing.T) {
	tests := []struct {
		name, in string
		want     Domain
		wantErr  string
	}{
		{"com", "example.com", Domain{"example.com", "example.com", "example.com", "com"}, ""},
		{"com.cn", "Example.COM.cn.", Domain{"example.com.cn", "example.com.cn", "example.com.cn", "com.cn"}, ""},
		{"gov.cn", "beijing.gov.cn", Domain{"beijing.gov.cn", "beijing.gov.cn", "beijing.gov.cn", "gov.cn"}, ""},
		{"Unicode", " 中国.cn ", Domain{"xn--fiqs8s.cn", "中国.cn", "xn--fiqs8s.cn", "cn"}, ""},
		{"punycode", "xn--fiqs8s.cn", Domain{"xn--fiqs8s.cn", "中国.cn", "xn--fiqs8s.cn", "cn"}, ""},
		{"IDN TLD", "例子。中国", Domain{"xn--fsqu00a.xn--fiqs8s", "例子.中国", "xn--fsqu00a.xn--fiqs8s", "xn--fiqs8s"}, ""},
		{"QingCloud addition", "例子.公司", Domain{"xn--fsqu00a.xn--55qx5d", "例子.公司", "xn--fsqu00a.xn--55qx5d", "xn--55qx5d"}, ""},
		{"政务.cn", "某某.政务.cn", Domain{"xn--xuva.xn--zfr164b.cn", "某某.政务.cn", "xn--xuva.xn--zfr164b.cn", "xn--zfr164b.cn"}, ""},
		{"公益.cn punycode", "xn--xuva.xn--55qw42g.cn", Domain{"xn--xuva.xn--55qw42g.cn", "某某.公益.cn", "xn--xuva.xn--55qw42g.cn", "xn--55qw42g.cn"}, ""},
		{"www under 政务.cn", "www.某某.政务.cn", Domain{}, "应填写主域名“某某.政务.cn”"},
		{"www", "www.example.com", Domain{}, "应填写主域名“example.com”，而不是“www.example.com”"},
		{"www IDN", "www.中国.cn", Domain{}, "应填写主域名“中国.cn”"},
		{"scheme", "http://example.com", Domain{}, "只需填写域名本身"},
		{"path", "example.com/", Domain{}, "只需填写域名本身"},
		{"port", "example.com:80", Domain{}, "只需填写域名本身"},
		{"org not approved", "example.org", Domain{}, "该域名后缀（.org）不在工信部批准的可备案顶级域列表中"},
		{"app not approved", "example.app", Domain{}, "该域名后缀（.app）不在工信部批准的可备案顶级域列表中"},
		{"中國", "例子.中國", Domain{"xn--fsqu00a.xn--fiqz9s", "例子.中國", "xn--fsqu00a.xn--fiqz9s", "xn--fiqz9s"}, ""},
		{"brand TLD", "Example.Baidu", Domain{"example.baidu", "example.baidu", "example.baidu", "baidu"}, ""},
		{"gTLD", "example.technology", Domain{"example.technology", "example.technology", "example.technology", "technology"}, ""},
		{"io not approved", "example.io", Domain{}, "该域名后缀（.io）不在工信部批准的可备案顶级域列表中"},
		{"second level of hk", "example.com.hk", Domain{}, "该域名后缀（.hk）不在"},
		{"US gov", "example.gov", Domain{}, "该域名后缀（.gov）不在"},
		{"IDN TLD not approved", "例子.香港", Domain{}, "该域名后缀（.香港）不在"},
		{"bare suffix", "com.cn", Domain{}, "是公共后缀"},
		{"IP", "1.2.3.4", Domain{}, "不能是IP地址"},
		{"empty", "", Domain{}, "缺少域名"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFilingDomain(tt.in)
			if !errMatches(err, tt.wantErr) || got != tt.want {
				t.Errorf("ParseFilingDomain(%q) = %+v, %v; want %+v, %q", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestApprovedTLDs(t *testing.T) {
	got := ApprovedTLDs()
	if !slices.IsSorted(got) {
		t.Errorf("ApprovedTLDs() is not sorted")
	}
	if got, want := len(got), 114; got != want {
		t.Errorf("len(ApprovedTLDs()) = %d, want %d", got, want)
	}
	for _, tld := range []string{"cn", "com", "net", "xn--fiqs8s", "xn--55qx5d", "gov.cn", "xn--zfr164b.cn", "xn--55qw42g.cn", "tel",
		"xn--fiqz9s", "xn--5tzm5g", "xn--6frz82g", "xn--8y0a063a", "xn--rhqv96g", "xn--nyqy26a", "xn--otu796d", "xn--imr513n", "xn--9et52u",
		"baidu", "unicom", "market", "green", "pet", "media", "news", "technology"} {
		if !slices.Contains(got, tld) {
			t.Errorf("ApprovedTLDs() lacks %q", tld)
		}
	}
	for _, tld := range []string{"org", "gov", "io", "hk", "app", "dev"} {
		if slices.Contains(got, tld) {
			t.Errorf("ApprovedTLDs() has %q", tld)
		}
	}
	got[0] = "x"
	if ApprovedTLDs()[0] == "x" {
		t.Errorf("ApprovedTLDs() shares its slice with the table")
	}
}

func TestIsApprovedTLD(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"cn", true},
		{".CN", true},
		{" com ", true},
		{"中国", true},
		{".中国", true},
		{"xn--fiqs8s", true},
		{"我爱你", true},
		{"gov.cn", true},
		{"政务.cn", true},
		{"中國", true},
		{"网站", true},
		{"移动", true},
		{"联通", true},
		{"世界", true},
		{"健康", true},
		{"招聘", true},
		{"餐厅", true},
		{"时尚", true},
		{".BAIDU", true},
		{"unicom", true},
		{"market", true},
		{"green", true},
		{"pet", true},
		{"media", true},
		{"news", true},
		{"technology", true},
		{"公益.cn", true},
		{"app", false},
		{".APP", false},
		{"org", false},
		{"gov", false},
		{"io", false},
		{"com.cn", false},
		{"", false},
		{"..", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsApprovedTLD(tt.in); got != tt.want {
				t.Errorf("IsApprovedTLD(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestCheckHomeURL(t *testing.T) {
	tests := []struct {
		name, url string
		domains   []string
		wantErr   string
	}{
		{"www", "www.example.com", []string{"example.com"}, ""},
		{"the domain", "example.com", []string{"example.com"}, ""},
		{"URL", "http://www.example.com/index.html", []string{"example.com"}, ""},
		{"https and port", "https://WWW.Example.com:8443/", []string{"example.com"}, ""},
		{"second domain", "m.example.cn", []string{"example.com", "example.cn"}, ""},
		{"IDN host", "www.中国.cn", []string{"xn--fiqs8s.cn"}, ""},
		{"IDN domain list", "www.xn--fiqs8s.cn", []string{"中国.cn"}, ""},
		{"deep subdomain", "a.b.c.example.com", []string{"example.com"}, ""},
		{"other domain", "www.example.net", []string{"example.com", "example.cn"}, "“www.example.net”不在所填域名范围内（应为example.com、example.cn或其子域名）"},
		{"suffix trick", "www.notexample.com", []string{"example.com"}, "不在所填域名范围内"},
		{"parent of domain", "example.com", []string{"www.example.com"}, "不在所填域名范围内"},
		{"ftp", "ftp://www.example.com", []string{"example.com"}, "应为http或https网址"},
		{"colon-slashes in path", "www.example.com/a://b", []string{"example.com"}, ""},
		{"IP", "http://1.2.3.4/", []string{"example.com"}, "不能是IP地址"},
		{"no domains", "www.example.com", nil, "没有可对应的已填写域名"},
		{"empty", "", []string{"example.com"}, "不能为空"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckHomeURL(tt.url, tt.domains); !errMatches(err, tt.wantErr) {
				t.Errorf("CheckHomeURL(%q, %q) = %v, want %q", tt.url, tt.domains, err, tt.wantErr)
			}
		})
	}
}

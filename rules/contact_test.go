package rules

import (
	"strings"
	"testing"
)

func TestCheckMobile(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"China Mobile", "13800138000", ""},
		{"19x", "19912345678", ""},
		{"16x", "16612345678", ""},
		{"12x", "12012345678", "不是合法的手机号码（应为11位，以1开头）"},
		{"10 digits", "1380013800", "不是合法的手机号码"},
		{"12 digits", "138001380001", "不是合法的手机号码"},
		{"country code", "+8613800138000", "不是合法的手机号码"},
		{"86 prefix", "8613800138000", "不是合法的手机号码"},
		{"spaces", "138 0013 8000", "不是合法的手机号码"},
		{"dashes", "138-0013-8000", "不是合法的手机号码"},
		{"landline", "02112345678", "不是合法的手机号码"},
		{"full-width", "１3800138000", "不是合法的手机号码"},
		{"empty", "", "不能为空"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckMobile(tt.in); !errMatches(err, tt.wantErr) {
				t.Errorf("CheckMobile(%q) = %v, want %q", tt.in, err, tt.wantErr)
			}
		})
	}
}

func TestNormalizeMobile(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "13800138000", "13800138000"},
		{"+86", "+86 138 0013 8000", "13800138000"},
		{"+86 dash", "+86-138-0013-8000", "13800138000"},
		{"0086", "0086 13800138000", "13800138000"},
		{"86", "8613800138000", "13800138000"},
		{"brackets", "(+86)138.0013.8000", "13800138000"},
		{"full-width", "＋８６ １３８００１３８０００", "13800138000"},
		{"ideographic space", "138\u30000013\u30008000", "13800138000"},
		{"86 number kept", "86123456789", "86123456789"},
		{"86 then 12 digits kept", "86138001380001", "86138001380001"},
		{"garbage kept", "tel:138", "tel:138"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NormalizeMobile(tt.in)
			if got != tt.want {
				t.Errorf("NormalizeMobile(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := NormalizeMobile(got); again != got {
				t.Errorf("NormalizeMobile is not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestCheckEmail(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"simple", "a@b.cn", ""},
		{"dots and plus", "zhang.san+icp@example.com.cn", ""},
		{"atext", "a!#$%&'*+-/=?^_`{|}~z@example.com", ""},
		{"IDN domain", "admin@中国.cn", ""},
		{"punycode domain", "admin@xn--fiqs8s.cn", ""},
		{"upper case", "Admin@Example.COM", ""},
		{"no @", "example.com", "应包含且只包含一个@"},
		{"two @", "a@b@example.com", "应包含且只包含一个@"},
		{"empty local", "@example.com", "@前不能为空"},
		{"local too long", strings.Repeat("a", 65) + "@example.com", "不能超过64个字符"},
		{"local 64", strings.Repeat("a", 64) + "@example.com", ""},
		{"leading dot", ".a@example.com", "不能以点开头或结尾"},
		{"trailing dot", "a.@example.com", "不能以点开头或结尾"},
		{"double dot", "a..b@example.com", "连续的点"},
		{"space", "a b@example.com", "含有不允许的字符"},
		{"quoted", `"a"@example.com`, "含有不允许的字符"},
		{"Chinese local", "张三@example.com", "含有不允许的字符"},
		{"no dot in domain", "a@localhost", "@后应为有效域名"},
		{"bad domain", "a@-example.com", "@后应为有效域名"},
		{"empty domain label", "a@example..com", "@后应为有效域名"},
		{"underscore domain", "a@ex_ample.com", "@后应为有效域名"},
		{"IP literal", "a@[192.0.2.1]", "@后应为有效域名"},
		{"numeric TLD", "a@1.2.3.4", "@后应为有效域名"},
		{"empty domain", "a@", "@后应为有效域名"},
		{"too long", strings.Repeat("a", 64) + "@" + strings.Repeat(strings.Repeat("b", 60)+".", 3) + "example.com", "总长度不能超过254个字符"},
		{"empty", "", "不能为空"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckEmail(tt.in); !errMatches(err, tt.wantErr) {
				t.Errorf("CheckEmail(%q) = %v, want %q", tt.in, err, tt.wantErr)
			}
		})
	}
}

package rules

import (
	"strings"
	"testing"
)

func TestCheckPackageName(t *testing.T) {
	for s, ok := range map[string]bool{
		"com.example.app": true, "cn.gov.zj-app": true, "com.Example_App.v2": true, "a.b": true,
		"": false, "example": false, "com..app": false, ".com.app": false, "com.app.": false,
		"com.1app": false, "com.exa mple": false, "com.例子": false, "a" + strings.Repeat(".b", 64): false,
	} {
		if err := CheckPackageName(s); (err == nil) != ok {
			t.Errorf("CheckPackageName(%q) = %v", s, err)
		}
	}
}

func TestNormalizeFingerprint(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"3E:9F:1A:2B:4C:5D:6E:7F:80:91:A2:B3:C4:D5:E6:F7:08:19:2A:3B", "3E9F1A2B4C5D6E7F8091A2B3C4D5E6F708192A3B", ""},
		{strings.Repeat("ab", 32), strings.Repeat("AB", 32), ""},
		{" " + strings.Repeat("0a ", 20), strings.Repeat("0A", 20), ""},
		{strings.Repeat("a", 32), "", "MD5"},
		{strings.Repeat("a", 41), "", "现为41位"},
		{strings.Repeat("z", 40), "", "十六进制"},
		{"", "", "不能为空"},
	}
	for _, tt := range tests {
		got, err := NormalizeFingerprint(tt.in)
		if tt.err == "" {
			if err != nil || got != tt.want {
				t.Errorf("%q: %q, %v", tt.in, got, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%q: %v, want %q", tt.in, err, tt.err)
		}
	}
}

func TestLookupAppPlatform(t *testing.T) {
	for in, want := range map[string]string{"Android": "Android", "ios": "iOS", " HARMONYOS ": "HarmonyOS", "Windows": ""} {
		got, ok := LookupAppPlatform(in)
		if got != want || ok != (want != "") {
			t.Errorf("LookupAppPlatform(%q) = %q, %v", in, got, ok)
		}
	}
}

func TestCheckAppID(t *testing.T) {
	tests := []struct {
		platform, id string
		ok           bool
	}{
		{"微信", "wx0123456789abcdef", true},
		{"微信", "wx0123456789ABCDEF", false},
		{"微信", "0123456789abcdefgh", false},
		{"支付宝", "2021001234567890", true},
		{"支付宝", "20210012345678a0", false},
		{"抖音", "tt0123456789abcdef01", true},
		{"快应用联盟", "com.example.quick", true},
		{"百度", "abc", false},
		{"百度", "abc/def", false},
		{"百度", "", false},
	}
	for _, tt := range tests {
		if err := CheckAppID(tt.platform, tt.id); (err == nil) != tt.ok {
			t.Errorf("CheckAppID(%q, %q) = %v", tt.platform, tt.id, err)
		}
	}
	for s, ok := range map[string]bool{"微信": true, "X": false, "": false, "a\tb": false, strings.Repeat("平", 31): false} {
		if err := CheckMiniPlatform(s); (err == nil) != ok {
			t.Errorf("CheckMiniPlatform(%q) = %v", s, err)
		}
	}
}

func FuzzNormalizeFingerprint(f *testing.F) {
	for _, s := range []string{"3E:9F:1A:2B:4C:5D:6E:7F:80:91:A2:B3:C4:D5:E6:F7:08:19:2A:3B", strings.Repeat("ab", 32), "", "zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fp, err := NormalizeFingerprint(s)
		if err != nil {
			return
		}
		if len(fp) != 40 && len(fp) != 64 || strings.Trim(fp, "0123456789ABCDEF") != "" {
			t.Fatalf("NormalizeFingerprint(%q) = %q", s, fp)
		}
		if again, err := NormalizeFingerprint(fp); err != nil || again != fp {
			t.Fatalf("not idempotent: %q → %q, %v", fp, again, err)
		}
	})
}

func FuzzCheckPackageName(f *testing.F) {
	for _, s := range []string{"com.example.app", "a.b", "com..x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckPackageName(s) != nil {
			return
		}
		if len(s) > 128 || !strings.Contains(s, ".") || strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != "" {
			t.Fatalf("CheckPackageName accepted %q", s)
		}
	})
}

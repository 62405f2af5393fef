package rules

import (
	"strings"
	"testing"
)

func TestRejectionCatalogue(t *testing.T) {
	c := DefaultRejections()
	if n := len(c.All()); n != 26 {
		t.Errorf("%d entries, want the 26 of the data file", n)
	}
	seen := map[string]bool{}
	for _, r := range c.All() {
		if seen[r.Code] || r.Reason == "" || r.Suggestion == "" {
			t.Errorf("entry %+v", r)
		}
		seen[r.Code] = true
	}
	r, ok := c.Lookup("site_name")
	if !ok || r.Field != "services[].serviceName" || !strings.Contains(r.Reason, "网站名称") {
		t.Errorf("Lookup(site_name) = %+v, %v", r, ok)
	}
	if _, ok := c.Lookup("nope"); ok {
		t.Error("unknown code found")
	}
	tests := []struct {
		path string
		want []string // some codes that must be offered
		not  []string
	}{
		{"services[0].domains[1]", []string{"domain_owner", "domain_expiring", "conflict"}, []string{"site_name", "cert_unclear"}},
		{"services[2].serviceName", []string{"site_name", "personal_content", "finance"}, []string{"domain_owner"}},
		{"principal.mobile", []string{"phone_local", "phone_taken", "not_legal_rep"}, []string{"photo_failed"}},
		{"materials.principalPhoto", []string{"photo_failed"}, []string{"cert_unclear"}},
	}
	for _, tt := range tests {
		got := map[string]bool{}
		for _, r := range c.ForField(tt.path) {
			got[r.Code] = true
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("ForField(%s) lacks %s", tt.path, w)
			}
		}
		for _, w := range tt.not {
			if got[w] {
				t.Errorf("ForField(%s) offers %s", tt.path, w)
			}
		}
	}
}

func TestRejectionOverride(t *testing.T) {
	c, err := DefaultRejections().WithOverride([]byte("site_name\tservices[].serviceName\t网站名称须为单位简称加“官网”\t请修改\nlocal_form\tmaterials.other\t缺少本省备案承诺书\t请上传\n-finance\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := c.Lookup("site_name"); r.Reason != "网站名称须为单位简称加“官网”" {
		t.Errorf("replaced: %+v", r)
	}
	if _, ok := c.Lookup("local_form"); !ok {
		t.Error("added entry missing")
	}
	if _, ok := c.Lookup("finance"); ok {
		t.Error("removed entry present")
	}
	if len(c.All()) != len(DefaultRejections().All()) {
		t.Errorf("%d entries after one added and one removed", len(c.All()))
	}
	if r, _ := DefaultRejections().Lookup("site_name"); r.Reason == "网站名称须为单位简称加“官网”" {
		t.Error("override changed the default")
	}
	for _, bad := range []string{"Bad-Code\tx\ty\tz", "code\t\treason\tfix", "code\tfield\treason"} {
		if _, err := DefaultRejections().WithOverride([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestFieldPattern(t *testing.T) {
	for in, want := range map[string]string{
		"services[0].domains[12]": "services[].domains[]", "principal.mobile": "principal.mobile", "": "", "a[": "a[",
	} {
		if got := FieldPattern(in); got != want {
			t.Errorf("FieldPattern(%q) = %q, want %q", in, got, want)
		}
	}
}

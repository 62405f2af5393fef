package beian_test

import (
	"strings"
	"testing"

	"github.com/beianhq/beian"
)

func TestAppInfoValidate(t *testing.T) {
	sha1 := "3e:9f:1a:2b:4c:5d:6e:7f:80:91:a2:b3:c4:d5:e6:f7:08:19:2a:3b"
	tests := []struct {
		name  string
		typ   beian.ServiceType
		app   beian.AppInfo
		field string // "" = valid
	}{
		{"android", beian.ServiceApp, beian.AppInfo{PackageName: "com.example.app", Platforms: []beian.AppPlatform{{Name: "android", Fingerprint: sha1}}}, ""},
		{"three platforms", beian.ServiceApp, beian.AppInfo{PackageName: "cn.example.shop-ios", Platforms: []beian.AppPlatform{
			{Name: "Android", Fingerprint: strings.Repeat("ab", 32)}, {Name: "iOS", Fingerprint: strings.Repeat("0", 40)}, {Name: "HarmonyOS", Fingerprint: strings.Repeat("F", 64)}}}, ""},
		{"bad package", beian.ServiceApp, beian.AppInfo{PackageName: "example", Platforms: []beian.AppPlatform{{Name: "iOS", Fingerprint: sha1}}}, "services[0].app.packageName"},
		{"digit segment", beian.ServiceApp, beian.AppInfo{PackageName: "com.1example", Platforms: []beian.AppPlatform{{Name: "iOS", Fingerprint: sha1}}}, "services[0].app.packageName"},
		{"no platforms", beian.ServiceApp, beian.AppInfo{PackageName: "com.example.app"}, "services[0].app.platforms"},
		{"unknown platform", beian.ServiceApp, beian.AppInfo{PackageName: "com.example.app", Platforms: []beian.AppPlatform{{Name: "Symbian", Fingerprint: sha1}}}, "services[0].app.platforms[0].name"},
		{"twice", beian.ServiceApp, beian.AppInfo{PackageName: "com.example.app", Platforms: []beian.AppPlatform{{Name: "iOS", Fingerprint: sha1}, {Name: "IOS", Fingerprint: sha1}}}, "services[0].app.platforms[1].name"},
		{"md5", beian.ServiceApp, beian.AppInfo{PackageName: "com.example.app", Platforms: []beian.AppPlatform{{Name: "Android", Fingerprint: strings.Repeat("a", 32)}}}, "services[0].app.platforms[0].fingerprint"},
		{"not hex", beian.ServiceApp, beian.AppInfo{PackageName: "com.example.app", Platforms: []beian.AppPlatform{{Name: "Android", Fingerprint: strings.Repeat("g", 40)}}}, "services[0].app.platforms[0].fingerprint"},
		{"app with appId", beian.ServiceApp, beian.AppInfo{PackageName: "com.example.app", AppID: "wx0123456789abcdef"}, "services[0].app"},
		{"wechat", beian.ServiceMiniProgram, beian.AppInfo{Platform: "微信", AppID: "wx0123456789abcdef"}, ""},
		{"wechat bad id", beian.ServiceMiniProgram, beian.AppInfo{Platform: "微信", AppID: "wx0123"}, "services[0].app.appId"},
		{"alipay", beian.ServiceMiniProgram, beian.AppInfo{Platform: "支付宝", AppID: "2021001234567890"}, ""},
		{"quick app", beian.ServiceQuickApp, beian.AppInfo{Platform: "快应用联盟", AppID: "com.example.quick"}, ""},
		{"no platform", beian.ServiceQuickApp, beian.AppInfo{AppID: "com.example.quick"}, "services[0].app.platform"},
		{"mini with package", beian.ServiceMiniProgram, beian.AppInfo{PackageName: "com.example.app", Platform: "微信", AppID: "wx0123456789abcdef"}, "services[0].app"},
		{"website", beian.ServiceWebsite, beian.AppInfo{PackageName: "com.example.app"}, "services[0].app"},
	}
	for _, tt := range tests {
		a := tt.app
		err := a.Validate("services[0].app", tt.typ)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		e, ok := err.(*beian.Error)
		if !ok || e.Field != tt.field || e.Code != beian.EINVALID {
			t.Errorf("%s: %v, want error on %s", tt.name, err, tt.field)
		}
	}
	a := beian.AppInfo{PackageName: " com.example.app ", Platforms: []beian.AppPlatform{{Name: "ios", Fingerprint: sha1}}}
	if err := a.Validate("app", beian.ServiceApp); err != nil {
		t.Fatal(err)
	}
	if a.PackageName != "com.example.app" || a.Platforms[0].Name != "iOS" || a.Platforms[0].Fingerprint != "3E9F1A2B4C5D6E7F8091A2B3C4D5E6F708192A3B" {
		t.Errorf("not normalised: %+v", a)
	}
}

func TestValidateApps(t *testing.T) {
	app := &beian.AppInfo{Platform: "微信", AppID: "wx0123456789abcdef"}
	rec := func(apps ...*beian.AppInfo) *beian.ApplicationRecord {
		return &beian.ApplicationRecord{
			Entity: beian.Entity{Services: []*beian.Service{{Type: beian.ServiceWebsite}, {Type: beian.ServiceMiniProgram}}},
			Apps:   apps,
		}
	}
	tests := []struct {
		r    *beian.ApplicationRecord
		want string
	}{
		{rec(nil, app), ""},
		{rec(nil), "services[1].app"},
		{rec(app, app), "services[0].app"},
		{rec(nil, &beian.AppInfo{Platform: "微信"}), "services[1].app.appId"},
		{rec(nil, app, app), "app"},
	}
	for i, tt := range tests {
		err := tt.r.ValidateApps()
		if tt.want == "" {
			if err != nil {
				t.Errorf("case %d: %v", i, err)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), tt.want+": ") {
			t.Errorf("case %d: %v, want %s", i, err, tt.want)
		}
	}
}

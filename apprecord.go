package beian

import (
	"fmt"
	"strings"

	"github.com/beianhq/beian/rules"
)

// ApplicationRecord is what an application files: an entity with its
// principal and services, in the shape of the national record (numbers are
// empty until the bureau allocates them, and access records come from the
// products), plus what an App, mini-program or quick app adds.
type ApplicationRecord struct {
	Entity Entity `json:"entity"`
	// Apps[i] describes Entity.Services[i]: nil for a website, set for every
	// App (6), mini-program (7) and quick app (8).
	Apps []*AppInfo `json:"apps,omitempty"`
}

// AppInfo is what an App, mini-program or quick app files beyond a website.
// Apps give the package name and their platforms; mini-programs and quick
// apps give the platform they run on and the id it gave them.
type AppInfo struct {
	PackageName string        `json:"packageName"`         // App only
	Platforms   []AppPlatform `json:"platforms,omitempty"` // App only
	Platform    string        `json:"platform"`            // mini-program and quick app: 微信, 支付宝, …
	AppID       string        `json:"appId"`               // mini-program and quick app
}

// AppPlatform is one platform an App is published for, with the fingerprint
// of the certificate it is signed with there.
type AppPlatform struct {
	Name        string `json:"name"`        // Android, iOS or HarmonyOS
	Fingerprint string `json:"fingerprint"` // SHA-1 or SHA-256, upper-case hex
}

// Validate checks and normalises the App fields of a service of type t.
// field is the path of the app object (services[0].app); errors name the
// field at fault below it, e.g. services[0].app.platforms[1].fingerprint.
func (a *AppInfo) Validate(field string, t ServiceType) error {
	switch t {
	case ServiceApp:
		return a.validateApp(field)
	case ServiceMiniProgram, ServiceQuickApp:
		return a.validateMini(field)
	}
	return FieldErrorf(field, "%s不填写 App 信息", t.Label())
}

func (a *AppInfo) validateApp(field string) error {
	if a.Platform != "" || a.AppID != "" {
		return FieldErrorf(field, "App 填写 packageName 和 platforms，platform 和 appId 仅用于小程序和快应用")
	}
	a.PackageName = strings.TrimSpace(a.PackageName)
	if err := rules.CheckPackageName(a.PackageName); err != nil {
		return FieldError(field+".packageName", err)
	}
	if len(a.Platforms) == 0 {
		return FieldErrorf(field+".platforms", "至少需要一个平台（Android、iOS 或 HarmonyOS）")
	}
	seen := map[string]bool{}
	for i := range a.Platforms {
		pf := fmt.Sprintf("%s.platforms[%d]", field, i)
		p := &a.Platforms[i]
		name, ok := rules.LookupAppPlatform(p.Name)
		if !ok {
			return FieldErrorf(pf+".name", "平台应为 Android、iOS 或 HarmonyOS，而不是 %q", p.Name)
		}
		if seen[name] {
			return FieldErrorf(pf+".name", "平台 %s 重复", name)
		}
		seen[name] = true
		fp, err := rules.NormalizeFingerprint(p.Fingerprint)
		if err != nil {
			return FieldError(pf+".fingerprint", err)
		}
		p.Name, p.Fingerprint = name, fp
	}
	return nil
}

func (a *AppInfo) validateMini(field string) error {
	if a.PackageName != "" || len(a.Platforms) > 0 {
		return FieldErrorf(field, "小程序和快应用填写 platform 和 appId，packageName 和 platforms 仅用于 App")
	}
	a.Platform = strings.TrimSpace(a.Platform)
	a.AppID = strings.TrimSpace(a.AppID)
	if err := rules.CheckMiniPlatform(a.Platform); err != nil {
		return FieldError(field+".platform", err)
	}
	if err := rules.CheckAppID(a.Platform, a.AppID); err != nil {
		return FieldError(field+".appId", err)
	}
	return nil
}

// ValidateApps checks that every non-website service of r has its App
// fields and every website has none, and validates them.
func (r *ApplicationRecord) ValidateApps() error {
	for i, s := range r.Entity.Services {
		field := fmt.Sprintf("services[%d].app", i)
		var a *AppInfo
		if i < len(r.Apps) {
			a = r.Apps[i]
		}
		switch {
		case s.Type == ServiceWebsite && a != nil:
			return FieldErrorf(field, "网站不填写 App 信息")
		case s.Type == ServiceWebsite:
			continue
		case a == nil:
			return FieldErrorf(field, "%s须填写 App 信息", s.Type.Label())
		}
		if err := a.Validate(field, s.Type); err != nil {
			return err
		}
	}
	if len(r.Apps) > len(r.Entity.Services) {
		return Errorf(EINVALID, "app: App 信息多于服务")
	}
	return nil
}

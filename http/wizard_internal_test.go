package http

import (
	"encoding/json"
	"testing"
)

func TestPathLabel(t *testing.T) {
	for _, test := range []struct{ path, want string }{
		{"unitName", "主办单位名称"},
		{"principal.mobile", "负责人手机号码"},
		{"services[0].domains[1]", "服务1 域名2"},
		{"services[2].principal.certNo", "服务3 负责人证件号码"},
		{"services[0].app.platforms[1].fingerprint", "服务1 App信息发布平台2 签名证书指纹"},
		{"products[0].authCode", "产品1 备案授权码"},
		{"materials.principalPhoto", "真实性核验照片"},
		{"somethingNew", "somethingNew"},
	} {
		if got := pathLabel(test.path); got != test.want {
			t.Errorf("pathLabel(%q) = %q, want %q", test.path, got, test.want)
		}
	}
}

func TestStepOf(t *testing.T) {
	for _, test := range []struct{ path, want string }{
		{"products[1].productId", "product"}, {"legacyPassword", "password"}, {"services[0].homeUrl", "services"},
		{"services", "services"}, {"materials.entityCert", "materials"}, {"domains[0]", "type"}, {"principal.email", "entity"},
		{"certNo", "entity"}, {"", ""}, {"record", ""},
	} {
		if got := stepOf(test.path); got != test.want {
			t.Errorf("stepOf(%q) = %q, want %q", test.path, got, test.want)
		}
	}
}

// TestFieldRemap: an error the service names by the body's position is
// shown on the page's input, which is named by the service it belongs to
// (products) or by the platform's row (App fingerprints).
func TestFieldRemap(t *testing.T) {
	ps := []draftProduct{{Service: 1, ProductID: "P1"}, {Service: 3, AuthCode: "abcd-efgh"}}
	for _, test := range []struct{ in, want string }{
		{"products[0].productId", "products[1].productId"}, {"products[1].authCode", "products[3].authCode"},
		{"products[1]", "products[3]"}, {"products[7].productId", "products[7].productId"}, {"unitName", "unitName"},
	} {
		if got := productField(test.in, ps); got != test.want {
			t.Errorf("productField(%q) = %q, want %q", test.in, got, test.want)
		}
	}
	svcs := []draftService{{App: &draftApp{Platforms: []draftPlatform{{Name: "iOS"}, {Name: "HarmonyOS"}}}}}
	for _, test := range []struct{ in, want string }{
		{"services[0].app.platforms[0].fingerprint", "services[0].app.platforms[1].fingerprint"},
		{"services[0].app.platforms[1].name", "services[0].app.platforms[2].name"},
		{"services[0].app.platforms[5].name", "services[0].app.platforms[5].name"},
		{"services[1].serviceName", "services[1].serviceName"},
	} {
		if got := platformField(test.in, svcs); got != test.want {
			t.Errorf("platformField(%q) = %q, want %q", test.in, got, test.want)
		}
	}
}

// FuzzWizardState: whatever a kept wizard state holds, reading it never
// panics and never gives one account another's state.
func FuzzWizardState(f *testing.F) {
	good, _ := json.Marshal(wizardState{Account: 7, Body: draftBody{Record: draftRecord{UnitName: "王五"}}})
	f.Add(string(good))
	f.Add("")
	f.Add("!!!")
	f.Add(`{"a":8,"b":{"record":{"services":[{"serviceType":"x"}]}}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		st, ok := decodeState(doc, 7, 0)
		if ok && (st.Account != 7 || st.App != 0) {
			t.Fatalf("state of account %d application %d read for account 7", st.Account, st.App)
		}
		// What was read renders: the lookups of the pages do not panic.
		_ = st.Body.product(0)
		_ = first(st.Body.Record)
	})
}

package http_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
)

// The kinds the other end-to-end tests leave out, each over the JSON API
// on both engines: type check → application → review → SMS for exactly
// the principals the table names → bureau → the record and the query.

// kindsEntity files 王五 (entity principal 13700000003) with one site of
// principal 赵六 (13700000006), served by 某某云.
func kindsEntity(t *testing.T, srv *beianhttp.Server) *beian.Entity {
	t.Helper()
	e := &beian.Entity{UnitName: "王五", Nature: "个人", Province: "330000", CertType: "居民身份证", CertNo: "110101199003077635",
		Principal: beian.Principal{Name: "王五", CertType: "居民身份证", CertNo: "110101199003077635", Mobile: "13700000003", Email: "wang@example.cn"},
		Services: []*beian.Service{{Type: beian.ServiceWebsite, Name: "五月的风", Domains: []string{"wang-example.cn"}, HomeURL: "www.wang-example.cn",
			Principal: &beian.Principal{Name: "赵六", CertType: "居民身份证", CertNo: "110101199003071233", Mobile: "13700000006", Email: "zhao@example.cn"},
			Access:    []beian.Access{{Provider: "某某云", IPs: []string{"47.96.30.1"}}}, ApprovedAt: testdb.Now}}}
	if err := srv.Agent.DB.CreateEntity(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	return e
}

const (
	kindsPrincipal = `"principal": {"name": "王五", "certType": "居民身份证", "certNo": "110101199003077635", "mobile": "13700000003", "email": "wang@example.cn"}`
	kindsSite      = `"principal": {"name": "赵六", "certType": "居民身份证", "certNo": "110101199003071233", "mobile": "13700000006", "email": "zhao@example.cn"}`
)

// kindsRecord is the record of e with unit address addr and a site named
// name (its number, its domain as filed).
func kindsRecord(e *beian.Entity, addr, name string) string {
	return `{"unitName": "王五", "natureName": "个人", "province": "浙江", "certType": "居民身份证", "certNo": "110101199003077635",
		"mainLicence": "` + e.MainLicence + `", "certAddress": "` + addr + `", ` + kindsPrincipal + `, "services": [{"serviceType": 1,
		"serviceName": "` + name + `", "serviceLicence": "` + e.Services[0].Licence + `", "domains": ["wang-example.cn"],
		"homeUrl": "www.wang-example.cn", ` + kindsSite + `}]}`
}

// kindsFlow files body as the applicant, uploads the materials of a
// record, submits and has rev approve; it returns the application's path
// and the status the approval gave.
func kindsFlow(t *testing.T, a, rev *apiClient, body string, materials bool) (string, string) {
	t.Helper()
	id := a.mustJSON(201, "POST", "/api/v1/agent/applications", body)["id"].(string)
	base := "/api/v1/agent/applications/" + id
	if materials {
		for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
			if status, _, msg := a.upload(base+"/materials", kind, testPNG(400, 300)); status != 201 {
				t.Fatalf("upload %s: %d %s", kind, status, msg)
			}
		}
	}
	a.mustJSON(200, "POST", base+"/submit", "")
	ap := rev.mustJSON(200, "POST", base+"/review", `{"decision": "approve"}`)
	return base, ap["status"].(string)
}

// codesTo are the verification codes sent to mobile, the newest first.
func codesTo(t *testing.T, ts *testServer, mobile string) []string {
	t.Helper()
	_, out := ts.get(t, "/api/v1/dev/outbox?to="+mobile)
	var codes []string
	for _, m := range smsCodeRE.FindAllStringSubmatch(out, -1) {
		codes = append(codes, m[1])
	}
	return codes
}

// verifyAll has each principal (mobile, certificate suffix) verify with
// the newest code sent to them, and checks the last answer is 全部完成.
func verifyAll(t *testing.T, ts *testServer, a *apiClient, principals ...[2]string) {
	t.Helper()
	for i, p := range principals {
		codes := codesTo(t, ts, p[0])
		if len(codes) == 0 {
			t.Fatalf("no code for %s", p[0])
		}
		want := beian.SMSVerifyPartial
		if i == len(principals)-1 {
			want = beian.SMSVerifyDone
		}
		if status, _, msg := a.json("POST", "/api/v1/sms-verify", verifyBody(p[0], codes[0], p[1])); status != 200 || msg != want {
			t.Fatalf("verify %s: %d %s, want %s", p[0], status, msg, want)
		}
	}
}

// historyKinds are the kinds of the entity's timeline events, oldest first.
func historyKinds(t *testing.T, bureau *apiClient, e *beian.Entity) []string {
	t.Helper()
	h := bureau.mustJSON(200, "GET", "/api/v1/bureau/entities/"+idOf(e.ID)+"/history", "")
	var kinds []string
	for _, ev := range h["events"].([]any) {
		kinds = append(kinds, ev.(map[string]any)["kind"].(string)+":"+ev.(map[string]any)["what"].(string))
	}
	return kinds
}

func hasKind(kinds []string, prefix string) bool {
	return slices.ContainsFunc(kinds, func(k string) bool { return strings.HasPrefix(k, prefix) })
}

// TestNewAccessEndToEnd: a second provider adds its access to the filed
// site (新增接入): the type check answers it, that provider's reviewer
// reviews it, only the site principal verifies, the bureau's approval adds
// the access record beside the first one, changes nothing else, and the
// entity's history shows it. The application names its kind and numbers,
// or (as the wizard files it) leaves both to the type check.
func TestNewAccessEndToEnd(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		for _, named := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/named=%v", engine, named), func(t *testing.T) { newAccess(t, engine, named) })
		}
	}
}

func newAccess(t *testing.T, engine string, named bool) {
	ts, srv, a, _, bureau := newFilingFlow(t, engine)
	other := ts.login(t, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "bie-reviewer", Provider: "别家云", Password: "flow-pass-123"})
	e := kindsEntity(t, srv)
	product := addProduct(t, srv.Agent, "13700000003", "别家云", "121.40.1.8", 365)
	tc := a.mustJSON(200, "POST", "/api/v1/agent/type-check", `{"province": "浙江", "natureName": "个人", "certType": "居民身份证",
				"certNo": "110101199003077635", "unitName": "王五", "serviceType": 1, "domains": ["wang-example.cn"], "productId": "`+product+`"}`)
	if tc["filingType"] != "新增接入" || tc["mainLicence"] != e.MainLicence {
		t.Fatalf("type check = %v", tc)
	}
	body := `{"filingType": "新增接入", "record": ` + kindsRecord(e, "", "五月的风") + `, "products": [{"service": 0, "productId": "` + product + `"}]}`
	if !named {
		body = `{"record": ` + strings.NewReplacer(`"mainLicence": "`+e.MainLicence+`", `, "", `"serviceLicence": "`+e.Services[0].Licence+`", `, "").Replace(kindsRecord(e, "", "五月的风")) +
			`, "products": [{"service": 0, "productId": "` + product + `"}]}`
	}
	base, status := kindsFlow(t, a, other, body, true)
	if status != "sms_verification" {
		t.Fatalf("approve 新增接入 = %s", status)
	}
	if codes := codesTo(t, ts, "13700000003"); len(codes) != 0 {
		t.Fatalf("the entity principal got a code for 新增接入: %v", codes)
	}
	verifyAll(t, ts, a, [2]string{"13700000006", "071233"})
	decideAll(t, bureau)
	if got := a.mustJSON(200, "GET", base, ""); got["status"] != "approved" || got["mainLicence"] != e.MainLicence {
		t.Fatalf("新增接入 after approval = %v", got)
	}
	after, err := srv.Agent.DB.FindEntityByLicence(context.Background(), e.MainLicence)
	if err != nil {
		t.Fatal(err)
	}
	acc := after.Services[0].Access
	if len(acc) != 2 || acc[0].Provider != "某某云" || acc[0].IPs[0] != "47.96.30.1" || acc[1].Provider != "别家云" || acc[1].IPs[0] != "121.40.1.8" ||
		after.Services[0].Name != "五月的风" || after.Services[0].Licence != e.Services[0].Licence {
		t.Fatalf("after 新增接入: %+v", after.Services[0])
	}
	if kinds := historyKinds(t, bureau, e); !hasKind(kinds, "新增接入:新增接入：别家云") {
		t.Fatalf("history has no 新增接入: %v", kinds)
	}
}

// TestChangeAccessAndChangeEndToEnd: 变更接入 (nobody verifies: straight
// to the bureau; the provider's IPs replaced, its number kept), then a
// 变更备案 of entity and site (both principals verify; the query shows the
// new site name; the history keeps both).
func TestChangeAccessAndChangeEndToEnd(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts, srv, a, rev, bureau := newFilingFlow(t, engine)
			e := kindsEntity(t, srv)
			product := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.30.9", 365)
			body := `{"filingType": "变更接入", "record": ` + kindsRecord(e, "", "五月的风") + `, "products": [{"service": 0, "productId": "` + product + `"}]}`
			base, status := kindsFlow(t, a, rev, body, true)
			if status != "bureau_review" {
				t.Fatalf("approve 变更接入 = %s (nobody verifies)", status)
			}
			if len(codesTo(t, ts, "13700000003"))+len(codesTo(t, ts, "13700000006")) != 0 {
				t.Fatal("a principal got a code for 变更接入")
			}
			decideAll(t, bureau)
			if got := a.mustJSON(200, "GET", base, ""); got["status"] != "approved" {
				t.Fatalf("变更接入 after approval = %v", got)
			}
			after, _ := srv.Agent.DB.FindEntityByLicence(context.Background(), e.MainLicence)
			if acc := after.Services[0].Access; len(acc) != 1 || acc[0].Provider != "某某云" || strings.Join(acc[0].IPs, " ") != "47.96.30.9" {
				t.Fatalf("after 变更接入: %+v", acc)
			}

			body = `{"filingType": "变更备案", "record": ` + kindsRecord(e, "浙江省杭州市西湖区二号", "六月的雨") + `}`
			base, status = kindsFlow(t, a, rev, body, true)
			if status != "sms_verification" {
				t.Fatalf("approve 变更备案 = %s", status)
			}
			verifyAll(t, ts, a, [2]string{"13700000003", "077635"}, [2]string{"13700000006", "071233"})
			decideAll(t, bureau)
			if got := a.mustJSON(200, "GET", base, ""); got["status"] != "approved" || got["mainLicence"] != e.MainLicence {
				t.Fatalf("变更备案 after approval = %v", got)
			}
			if _, q := ts.get(t, "/api/v1/query?keyword=wang-example.cn"); !strings.Contains(q, "六月的雨") || !strings.Contains(q, e.Services[0].Licence) {
				t.Fatalf("query after 变更备案: %s", q)
			}
			after, _ = srv.Agent.DB.FindEntityByLicence(context.Background(), e.MainLicence)
			if after.CertAddress != "浙江省杭州市西湖区二号" {
				t.Fatalf("after 变更备案: %+v", after)
			}
			kinds := historyKinds(t, bureau, e)
			if !hasKind(kinds, "变更接入:") || !hasKind(kinds, "变更备案:证件住所") || !hasKind(kinds, "变更备案:服务名称") {
				t.Fatalf("history: %v", kinds)
			}
		})
	}
}

// TestCancelEntityEndToEnd: 注销主体 is verified by the entity principal
// alone; after the bureau's approval the query finds neither the entity
// nor its site, and the certificate files anew as a first filing (the
// cancelled main number is not live again).
func TestCancelEntityEndToEnd(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts, srv, a, rev, bureau := newFilingFlow(t, engine)
			e := kindsEntity(t, srv)
			base, status := kindsFlow(t, a, rev, `{"filingType": "注销主体", "record": {"mainLicence": "`+e.MainLicence+`"}, "reason": "不再使用"}`, false)
			if status != "sms_verification" {
				t.Fatalf("approve 注销主体 = %s", status)
			}
			if codes := codesTo(t, ts, "13700000006"); len(codes) != 0 {
				t.Fatalf("the site principal got a code for 注销主体: %v", codes)
			}
			verifyAll(t, ts, a, [2]string{"13700000003", "077635"})
			decideAll(t, bureau)
			if got := a.mustJSON(200, "GET", base, ""); got["status"] != "approved" {
				t.Fatalf("注销主体 after approval = %v", got)
			}
			for _, kw := range []string{"wang-example.cn", e.MainLicence, e.Services[0].Licence} {
				if _, q := ts.get(t, "/api/v1/query?keyword="+kw); strings.Contains(q, e.MainLicence) {
					t.Fatalf("query %s after 注销主体: %s", kw, q)
				}
			}
			product := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.30.7", 365)
			tc := a.mustJSON(200, "POST", "/api/v1/agent/type-check", `{"province": "浙江", "natureName": "个人", "certType": "居民身份证",
				"certNo": "110101199003077635", "unitName": "王五", "serviceType": 1, "domains": ["wang-example.cn"], "productId": "`+product+`"}`)
			if tc["filingType"] != "首次备案" || tc["mainLicence"] != nil {
				t.Fatalf("type check after 注销主体 = %v", tc)
			}
		})
	}
}

// TestNewSiteEndToEnd: an enterprise already filed (the sample's 云栖)
// adds a website (新增网站): the type check answers it with the main
// number, the entity principal and the new site's principal both verify,
// and the bureau's approval gives the next service number under the same
// main number, which the query finds at once. Both engines.
func TestNewSiteEndToEnd(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts, srv, _, rev, bureau := newFilingFlow(t, engine)
			a := ts.login(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13800000001", Enterprise: true, Password: "flow-pass-123"})
			product := addProduct(t, srv.Agent, "13800000001", "某某云", "47.96.40.1", 365)
			tc := a.mustJSON(200, "POST", "/api/v1/agent/type-check", `{"province": "浙江", "natureName": "企业", "certType": "统一社会信用代码证书",
				"certNo": "91330106MA2CFXRU0X", "unitName": "杭州云栖网络科技有限公司", "serviceType": 1, "domains": ["yunqi-shop.cn"], "productId": "`+product+`"}`)
			if tc["filingType"] != "新增网站" || tc["mainLicence"] != "浙ICP备2021012345号" {
				t.Fatalf("type check = %v", tc)
			}
			body := `{"record": {"unitName": "杭州云栖网络科技有限公司", "natureName": "企业", "province": "浙江", "certType": "统一社会信用代码证书",
				"certNo": "91330106MA2CFXRU0X", "principal": {"name": "张三", "certType": "居民身份证", "certNo": "110101199003077635", "mobile": "13800000001", "email": "zhang@example.cn"},
				"services": [{"serviceType": 1, "serviceName": "云栖商城", "domains": ["yunqi-shop.cn"], "homeUrl": "www.yunqi-shop.cn", ` + kindsSite + `}]},
				"products": [{"service": 0, "productId": "` + product + `"}]}`
			id := a.mustJSON(201, "POST", "/api/v1/agent/applications", body)["id"].(string)
			base := "/api/v1/agent/applications/" + id
			for _, kind := range []string{"entityCert", "principalIdFront", "principalIdBack", "principalPhoto"} {
				if status, _, msg := a.upload(base+"/materials", kind, testPNG(400, 300)); status != 201 {
					t.Fatalf("upload %s: %d %s", kind, status, msg)
				}
			}
			a.mustJSON(200, "POST", base+"/submit", "")
			if ap := rev.mustJSON(200, "POST", base+"/review", `{"decision": "approve"}`); ap["status"] != "sms_verification" {
				t.Fatalf("approve 新增网站 = %v", ap)
			}
			verifyAll(t, ts, a, [2]string{"13800000001", "077635"}, [2]string{"13700000006", "071233"})
			decideAll(t, bureau)
			got := a.mustJSON(200, "GET", base, "")
			sl, _ := got["serviceLicences"].([]any)
			if got["status"] != "approved" || got["filingType"] != "新增网站" || got["mainLicence"] != "浙ICP备2021012345号" || len(sl) != 1 || sl[0] != "浙ICP备2021012345号-3" {
				t.Fatalf("新增网站 after approval = %v", got)
			}
			if _, q := ts.get(t, "/api/v1/query?keyword=yunqi-shop.cn"); !strings.Contains(q, "浙ICP备2021012345号-3") {
				t.Fatalf("query: %s", q)
			}
		})
	}
}

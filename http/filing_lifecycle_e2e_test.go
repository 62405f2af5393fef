package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
)

// TestChangeAndCancelEndToEnd takes a filed site through 变更网站 (renamed,
// a domain removed: the site principal verifies, the bureau approves, the
// query shows the new name and not the removed domain, numbers unchanged)
// and then 取消接入 (no SMS: straight to the bureau; the only access goes
// and the site is a shell), over the JSON API on both engines; a change
// beside an order in flight is refused naming the order.
func TestChangeAndCancelEndToEnd(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { changeAndCancel(t, engine) })
	}
}

func changeAndCancel(t *testing.T, engine string) {
	ts, srv, a, rev, bureau := newFilingFlow(t, engine)
	product := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.30.2", 365)
	e := &beian.Entity{UnitName: "王五", Nature: "个人", Province: "330000", CertType: "居民身份证", CertNo: "110101199003077635",
		Principal: beian.Principal{Name: "王五", CertType: "居民身份证", CertNo: "110101199003077635", Mobile: "13700000003", Email: "wang@example.cn"},
		Services: []*beian.Service{{Type: beian.ServiceWebsite, Name: "五月的风", Domains: []string{"wang-example.cn", "wang-two.cn"}, HomeURL: "www.wang-example.cn",
			Principal: &beian.Principal{Name: "赵六", CertType: "居民身份证", CertNo: "110101199003071233", Mobile: "13700000006", Email: "zhao@example.cn"},
			Access:    []beian.Access{{Provider: "某某云", IPs: []string{"47.96.30.1"}}}, ApprovedAt: testdb.Now}}}
	if err := srv.Agent.DB.CreateEntity(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	main, svc := e.MainLicence, e.Services[0].Licence
	entity := `"unitName": "王五", "natureName": "个人", "province": "浙江", "certType": "居民身份证", "certNo": "110101199003077635", "mainLicence": "` + main +
		`", "principal": {"name": "王五", "certType": "居民身份证", "certNo": "110101199003077635", "mobile": "13700000003", "email": "wang@example.cn"}`
	change := `{"filingType": "变更网站", "record": {` + entity + `, "services": [{"serviceType": 1, "serviceName": "六月的雨", "serviceLicence": "` + svc +
		`", "domains": ["wang-example.cn"], "homeUrl": "www.wang-example.cn", "principal": {"name": "赵六", "certType": "居民身份证",
		"certNo": "110101199003071233", "mobile": "13700000006", "email": "zhao@example.cn"}}]}}`
	id := a.mustJSON(201, "POST", "/api/v1/agent/applications", change)["id"].(string)
	base := "/api/v1/agent/applications/" + id
	// Another order of the entity while this one is in flight is refused, naming it.
	if status, _, msg := a.json("POST", "/api/v1/agent/applications", `{"filingType": "注销网站", "record": {"serviceLicence": "`+svc+`"}, "reason": "关闭"}`); status != 409 || !strings.Contains(msg, "订单 "+id) {
		t.Fatalf("second order: %d %s", status, msg)
	}
	img := testPNG(400, 300)
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
		if status, _, msg := a.upload(base+"/materials", kind, img); status != 201 {
			t.Fatalf("upload %s: %d %s", kind, status, msg)
		}
	}
	a.mustJSON(200, "POST", base+"/submit", "")
	if ap := rev.mustJSON(200, "POST", base+"/review", `{"decision": "approve"}`); ap["status"] != "sms_verification" {
		t.Fatalf("approve 变更网站 = %v", ap)
	}
	// The site principal verifies, and only they: the entity principal got no code.
	if _, out := ts.get(t, "/api/v1/dev/outbox?to=13700000003"); smsCodeRE.MatchString(out) {
		t.Fatalf("the entity principal got a code for 变更网站: %s", out)
	}
	_, out := ts.get(t, "/api/v1/dev/outbox?to=13700000006")
	code := smsCodeRE.FindStringSubmatch(out)
	if code == nil {
		t.Fatalf("no code for the site principal in %s", out)
	}
	if status, _, msg := a.json("POST", "/api/v1/sms-verify", verifyBody("13700000006", code[1], "071233")); status != 200 || msg != beian.SMSVerifyDone {
		t.Fatalf("verify: %d %s", status, msg)
	}
	decideAll(t, bureau)
	if got := a.mustJSON(200, "GET", base, ""); got["status"] != "approved" || got["mainLicence"] != main {
		t.Fatalf("变更网站 after approval = %v", got)
	}
	if _, q := ts.get(t, "/api/v1/query?keyword=wang-example.cn"); !strings.Contains(q, "六月的雨") || !strings.Contains(q, svc) || strings.Contains(q, "五月的风") {
		t.Fatalf("query after 变更网站: %s", q)
	}
	if _, q := ts.get(t, "/api/v1/query?keyword=wang-two.cn"); strings.Contains(q, svc) {
		t.Fatalf("the removed domain is still found: %s", q)
	}

	// 取消接入: no SMS, straight to the bureau.
	id = a.mustJSON(201, "POST", "/api/v1/agent/applications", `{"filingType": "取消接入", "record": {"serviceLicence": "`+svc+`", "productId": "`+product+`"}, "reason": "迁出"}`)["id"].(string)
	base = "/api/v1/agent/applications/" + id
	a.mustJSON(200, "POST", base+"/submit", "")
	if ap := rev.mustJSON(200, "POST", base+"/review", `{"decision": "approve"}`); ap["status"] != "bureau_review" {
		t.Fatalf("approve 取消接入 = %v", ap)
	}
	decideAll(t, bureau)
	if got := a.mustJSON(200, "GET", base, ""); got["status"] != "approved" {
		t.Fatalf("取消接入 after approval = %v", got)
	}
	after, err := srv.Agent.DB.FindEntityByLicence(context.Background(), main)
	if err != nil || !after.Services[0].IsShell() || after.Services[0].Name != "六月的雨" {
		t.Fatalf("after 取消接入: %+v %v", after, err)
	}
}

// decideAll approves every filing pending in the bureau's queue.
func decideAll(t *testing.T, bureau *apiClient) {
	t.Helper()
	queue := bureau.mustJSON(200, "GET", "/api/v1/bureau/filings?status=pending", "")["list"].([]any)
	if len(queue) == 0 {
		t.Fatal("nothing in the bureau queue")
	}
	for _, q := range queue {
		bureau.mustJSON(200, "POST", "/api/v1/bureau/filings/"+q.(map[string]any)["id"].(string)+"/decision", `{"decision": "approve"}`)
	}
}

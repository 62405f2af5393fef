package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// TestChangeEntityAndCancelSiteEndToEnd: 变更主体 is verified by the entity
// principal and renames the entity in the query, numbers unchanged; 注销网站
// (nobody verifies) takes the service out of the query, and its number is
// never allocated again; on both engines over the JSON API.
func TestChangeEntityAndCancelSiteEndToEnd(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { changeEntityCancelSite(t, engine) })
	}
}

func changeEntityCancelSite(t *testing.T, engine string) {
	ts, srv, a, rev, bureau := newFilingFlow(t, engine)
	e := &beian.Entity{UnitName: "王五", Nature: "个人", Province: "330000", CertType: "居民身份证", CertNo: "110101199003077635",
		Principal: beian.Principal{Name: "王五", CertType: "居民身份证", CertNo: "110101199003077635", Mobile: "13700000003", Email: "wang@example.cn"},
		Services: []*beian.Service{
			{Type: beian.ServiceWebsite, Name: "五月的风", Domains: []string{"wang-example.cn"}, Access: []beian.Access{{Provider: "某某云", IPs: []string{"47.96.30.1"}}}, ApprovedAt: testdb.Now},
			{Type: beian.ServiceWebsite, Name: "六月的雨", Domains: []string{"wang-two.cn"}, Access: []beian.Access{{Provider: "某某云", IPs: []string{"47.96.30.1"}}}, ApprovedAt: testdb.Now}}}
	if err := srv.Agent.DB.CreateEntity(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	main, gone := e.MainLicence, e.Services[1].Licence
	img := testPNG(400, 300)
	body := `{"filingType": "变更主体", "record": {"unitName": "王五", "natureName": "个人", "province": "浙江", "certType": "居民身份证",
		"certNo": "110101199003077635", "mainLicence": "` + main + `", "certAddress": "浙江省杭州市西湖区一号", "principal": {"name": "王五", "certType": "居民身份证",
		"certNo": "110101199003077635", "mobile": "13700000003", "email": "wang@example.cn"}, "services": []}}`
	id := a.mustJSON(201, "POST", "/api/v1/agent/applications", body)["id"].(string)
	base := "/api/v1/agent/applications/" + id
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
		if status, _, msg := a.upload(base+"/materials", kind, img); status != 201 {
			t.Fatalf("upload %s: %d %s", kind, status, msg)
		}
	}
	a.mustJSON(200, "POST", base+"/submit", "")
	if ap := rev.mustJSON(200, "POST", base+"/review", `{"decision": "approve"}`); ap["status"] != "sms_verification" {
		t.Fatalf("approve 变更主体 = %v", ap)
	}
	_, out := ts.get(t, "/api/v1/dev/outbox?to=13700000003")
	code := smsCodeRE.FindStringSubmatch(out)
	if code == nil {
		t.Fatalf("no code for the entity principal in %s", out)
	}
	if status, _, msg := a.json("POST", "/api/v1/sms-verify", verifyBody("13700000003", code[1], "077635")); status != 200 || msg != beian.SMSVerifyDone {
		t.Fatalf("verify: %d %s", status, msg)
	}
	decideAll(t, bureau)
	if got := a.mustJSON(200, "GET", base, ""); got["status"] != "approved" || got["mainLicence"] != main {
		t.Fatalf("变更主体 after approval = %v", got)
	}
	after, err := srv.Agent.DB.FindEntityByLicence(context.Background(), main)
	if err != nil || after.CertAddress != "浙江省杭州市西湖区一号" {
		t.Fatalf("after 变更主体: %+v %v", after, err)
	}

	id = a.mustJSON(201, "POST", "/api/v1/agent/applications", `{"filingType": "注销网站", "record": {"serviceLicence": "`+gone+`"}, "reason": "网站关闭"}`)["id"].(string)
	base = "/api/v1/agent/applications/" + id
	a.mustJSON(200, "POST", base+"/submit", "")
	if ap := rev.mustJSON(200, "POST", base+"/review", `{"decision": "approve"}`); ap["status"] != "bureau_review" {
		t.Fatalf("approve 注销网站 = %v", ap)
	}
	decideAll(t, bureau)
	if got := a.mustJSON(200, "GET", base, ""); got["status"] != "approved" {
		t.Fatalf("注销网站 after approval = %v", got)
	}
	if _, q := ts.get(t, "/api/v1/query?keyword=wang-two.cn"); strings.Contains(q, gone) {
		t.Fatalf("the cancelled site is still found: %s", q)
	}
	if _, q := ts.get(t, "/api/v1/query?keyword=wang-example.cn"); !strings.Contains(q, e.Services[0].Licence) {
		t.Fatalf("the other site is gone: %s", q)
	}
	newSiteAfterCancel(t, ts, srv, a, bureau, after, gone)
}

// newSiteAfterCancel files a new site of e after the cancellation of its
// service gone: it gets the next number, never the cancelled one.
func newSiteAfterCancel(t *testing.T, ts *testServer, srv *beianhttp.Server, a, bureau *apiClient, after *beian.Entity, gone string) {
	t.Helper()
	main := after.MainLicence
	ne := *after
	ne.Services = []*beian.Service{{Type: beian.ServiceWebsite, Name: "七月", Domains: []string{"wang-three.cn"}, Access: []beian.Access{{Provider: "某某云", IPs: []string{"47.96.30.1"}}}, ApprovedAt: testdb.Now}}
	f := &beian.RegistryFiling{Provider: "某某云", ApplicationID: 9001, Version: 1, FilingType: beian.FilingNewSite,
		Record: &beian.ApplicationRecord{Entity: ne}, Access: [][]beian.Access{ne.Services[0].Access}}
	if err := srv.Agent.DB.InTx(context.Background(), func(tx *store.Tx) error { return srv.Filings.Accept(context.Background(), tx, f) }); err != nil {
		t.Fatal(err)
	}
	_, out := ts.get(t, "/api/v1/dev/outbox?to=13700000003")
	codes := smsCodeRE.FindAllStringSubmatch(out, -1) // the newest first
	if status, _, msg := a.json("POST", "/api/v1/sms-verify", verifyBody("13700000003", codes[0][1], "077635")); status != 200 {
		t.Fatalf("verify 新增网站: %d %s", status, msg)
	}
	decideAll(t, bureau)
	if got, err := srv.Agent.DB.FindFiling(context.Background(), f.ID); err != nil || len(got.ServiceLicences) != 1 || got.ServiceLicences[0] == gone || got.ServiceLicences[0] != main+"-3" {
		t.Fatalf("新增网站 after 注销网站 numbered %v (cancelled %s), %v", got.ServiceLicences, gone, err)
	}
}

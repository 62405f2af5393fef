package http_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
)

// TestAgentFlow walks the wizard over the JSON API, signed in with bearer
// tokens: products, type check,
// draft, materials, submit, a rejected field, the fix, approval.
func TestAgentFlow(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { agentFlow(t, engine) })
	}
}

func agentFlow(t *testing.T, engine string) {
	var srv *beianhttp.Server
	ts := newTestServer(t, engine, func(s *beianhttp.Server) { srv = s })
	a := ts.login(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000003", Password: "flow-pass-123"})
	rev := ts.login(t, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "yun-reviewer", Provider: "某某云", Password: "flow-pass-123"})
	product := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.20.1", 365)

	list := a.mustJSON(200, "GET", "/api/v1/agent/products", "")["list"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["id"] != product || list[0].(map[string]any)["filings"] != 0.0 {
		t.Fatalf("products = %v", list)
	}
	tc := a.mustJSON(200, "POST", "/api/v1/agent/type-check", `{"province": "浙江", "natureName": "个人", "certType": "居民身份证",
		"certNo": "110101199003077635", "unitName": "王五", "serviceType": 1, "domains": ["wangwu-blog.cn"], "productId": "`+product+`"}`)
	if tc["filingType"] != "首次备案" {
		t.Fatalf("type-check = %v", tc)
	}
	// A domain of another entity is a 域名冲突.
	if status, _, msg := a.json("POST", "/api/v1/agent/type-check", `{"certNo": "110101199003077635", "serviceType": 1, "domains": ["yunqi-example.com"]}`); status != 409 || !strings.Contains(msg, "域名冲突") {
		t.Fatalf("conflict: %d %s", status, msg)
	}

	created := a.mustJSON(201, "POST", "/api/v1/agent/applications", personalBody(product, "王五的小站", "wangwu-blog.cn"))
	id, _ := created["id"].(string)
	if created["status"] != "draft" || created["filingType"] != "首次备案" || id == "" {
		t.Fatalf("created = %v", created)
	}
	base := "/api/v1/agent/applications/" + id
	// The entity now has a filing in flight: 主办者冲突.
	if status, _, msg := a.json("POST", "/api/v1/agent/type-check", `{"certNo": "110101199003077635", "serviceType": 1, "domains": ["other-wangwu.cn"]}`); status != 409 || !strings.Contains(msg, "主办者冲突") {
		t.Fatalf("entity conflict: %d %s", status, msg)
	}
	// Submitting without materials names the first missing one.
	if status, _, msg := a.json("POST", base+"/submit", ""); status != 400 || !strings.HasPrefix(msg, "materials.principalIdFront") {
		t.Fatalf("submit without materials: %d %s", status, msg)
	}
	if status, _, msg := a.upload(base+"/materials", "principalPhoto", []byte("GIF89a not an image")); status != 400 || !strings.HasPrefix(msg, "file") {
		t.Fatalf("bad upload: %d %s", status, msg)
	}
	img := testPNG(400, 300)
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
		status, p, msg := a.upload(base+"/materials", kind, img)
		if status != 201 || p["kind"] != kind || len(p["sha256"].(string)) != 64 {
			t.Fatalf("upload %s: %d %v %s", kind, status, p, msg)
		}
	}
	sub := a.mustJSON(200, "POST", base+"/submit", "")
	if sub["status"] != "initial_review" || sub["deadline"] == nil {
		t.Fatalf("submit = %v", sub)
	}
	reviewFlow(t, ts, a, rev, id, product, img)
}

// reviewFlow is the second half of the flow: the reviewer rejects a field,
// the applicant fixes it and submits again, the reviewer approves.
func reviewFlow(t *testing.T, ts *testServer, a, rev *apiClient, id, product string, img []byte) {
	base := "/api/v1/agent/applications/" + id

	queue := rev.mustJSON(200, "GET", "/api/v1/agent/applications?status=initial_review", "")
	if q := queue["list"].([]any); len(q) != 1 || q[0].(map[string]any)["id"] != id || q[0].(map[string]any)["unitName"] != "王五" {
		t.Fatalf("queue = %v", queue)
	}
	if status, _, _ := rev.json("POST", base+"/review", `{"decision": "reject", "rejections": []}`); status != 400 {
		t.Fatalf("reject without reasons: %d", status)
	}
	rev.mustJSON(200, "POST", base+"/review", `{"decision": "reject", "rejections": [{"field": "services[0].serviceName", "reason": "网站名称与网站内容不符"}]}`)

	got := a.mustJSON(200, "GET", base, "")
	rj := got["rejections"].([]any)
	if got["status"] != "rejected" || len(rj) != 1 || rj[0].(map[string]any)["field"] != "services[0].serviceName" {
		t.Fatalf("after reject = %v", got)
	}
	a.mustJSON(200, "PUT", base, personalBody(product, "五月的风", "wangwu-blog.cn"))
	if sub := a.mustJSON(200, "POST", base+"/submit", ""); sub["version"] != 2.0 {
		t.Fatalf("resubmit = %v", sub)
	}
	if ap := rev.mustJSON(200, "POST", base+"/review", `{"decision": "approve"}`); ap["status"] != "sms_verification" {
		t.Fatalf("approve = %v", ap)
	}
	got = a.mustJSON(200, "GET", base, "")
	events := got["events"].([]any)
	var statuses []string
	for _, e := range events {
		statuses = append(statuses, e.(map[string]any)["status"].(string))
	}
	if want := "draft initial_review rejected initial_review sms_verification"; strings.Join(statuses, " ") != want {
		t.Fatalf("events %v, want %s", statuses, want)
	}
	if rec := got["record"].(map[string]any); rec["services"].([]any)[0].(map[string]any)["serviceName"] != "五月的风" {
		t.Fatalf("record = %v", rec)
	}
	// The reviewer sees what changed between the two versions.
	changes := rev.mustJSON(200, "GET", base, "")["changes"].([]any)
	if len(changes) != 1 || changes[0].(map[string]any)["field"] != "services[0].serviceName" || changes[0].(map[string]any)["new"] != "五月的风" {
		t.Fatalf("changes = %v", changes)
	}
	// The applicant heard of every status change by SMS, the principal by email.
	for _, to := range []string{"13700000003", "wang@example.cn"} {
		_, out := ts.get(t, "/api/v1/dev/outbox?to="+to)
		if n := strings.Count(out, `"channel"`); n < 4 {
			t.Errorf("outbox of %s has %d messages, want ≥ 4: %s", to, n, out)
		}
	}
	// The bytes of a material, for the reviewer.
	mid := got["materials"].([]any)[0].(map[string]any)["id"].(string)
	if status, _, body := rev.call("GET", fmt.Sprintf("%s/materials/%s", base, mid), "", nil); status != 200 || body != string(img) {
		t.Fatalf("material: %d (%d bytes)", status, len(body))
	}
}

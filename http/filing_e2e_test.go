package http_test

import (
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
)

// TestFilingEndToEnd takes a personal website filing over the JSON API from
// the wizard to a number in the public query, in one binary: the agent's
// initial review submits it to the registry in its transaction, the
// principal verifies by SMS, the bureau approves, and the application shows
// every registry state with the numbers.
func TestFilingEndToEnd(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { filingEndToEnd(t, engine) })
	}
}

func filingEndToEnd(t *testing.T, engine string) {
	ts, srv, a, rev, bureau := newFilingFlow(t, engine)
	product := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.20.1", 365)

	id := a.mustJSON(201, "POST", "/api/v1/agent/applications", personalBody(product, "王五的小站", "wangwu-blog.cn"))["id"].(string)
	base := "/api/v1/agent/applications/" + id
	img := testPNG(400, 300)
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
		if status, _, msg := a.upload(base+"/materials", kind, img); status != 201 {
			t.Fatalf("upload %s: %d %s", kind, status, msg)
		}
	}
	a.mustJSON(200, "POST", base+"/submit", "")
	if ap := rev.mustJSON(200, "POST", base+"/review", `{"decision": "approve"}`); ap["status"] != "sms_verification" {
		t.Fatalf("approve = %v", ap)
	}
	// Six wrong attempts return it to the provider; the provider submits it
	// again without changes and a new code goes out.
	for i := 0; i <= beian.SMSMaxWrong; i++ {
		if status, _, msg := a.json("POST", "/api/v1/sms-verify", verifyBody("13700000003", "000000", "077635")); status != 400 || msg != beian.SMSVerifyNotFound {
			t.Fatalf("wrong attempt %d: %d %s", i+1, status, msg)
		}
	}
	if got := a.mustJSON(200, "GET", base, ""); got["status"] != "returned" {
		t.Fatalf("after six wrong attempts = %v", got["status"])
	}
	if ap := rev.mustJSON(200, "POST", base+"/review", `{"decision": "approve"}`); ap["status"] != "sms_verification" {
		t.Fatalf("approve again = %v", ap)
	}
	// The one principal (entity and site) verifies.
	_, out := ts.get(t, "/api/v1/dev/outbox?to=13700000003")
	code := smsCodeRE.FindStringSubmatch(out)
	if code == nil {
		t.Fatalf("no code in %s", out)
	}
	if status, _, msg := a.json("POST", "/api/v1/sms-verify", verifyBody("13700000003", code[1], "077635")); status != 200 || msg != beian.SMSVerifyDone {
		t.Fatalf("verify: %d %s", status, msg)
	}
	if got := a.mustJSON(200, "GET", base, ""); got["status"] != "bureau_review" || got["deadline"] == nil {
		t.Fatalf("after verification = %v", got)
	}
	queue := bureau.mustJSON(200, "GET", "/api/v1/bureau/filings?status=pending", "")["list"].([]any)
	if len(queue) != 1 || queue[0].(map[string]any)["unitName"] != "王五" {
		t.Fatalf("bureau queue = %v", queue)
	}
	fid := queue[0].(map[string]any)["id"].(string)
	detail := bureau.mustJSON(200, "GET", "/api/v1/bureau/filings/"+fid, "")
	if m := detail["materials"].([]any); len(m) != 3 {
		t.Fatalf("materials = %v", m)
	}
	dec := bureau.mustJSON(200, "POST", "/api/v1/bureau/filings/"+fid+"/decision", `{"decision": "approve"}`)
	main, _ := dec["mainLicence"].(string)
	got := a.mustJSON(200, "GET", base, "")
	sl, _ := got["serviceLicences"].([]any)
	if got["status"] != "approved" || got["mainLicence"] != main || len(sl) != 1 || sl[0] != main+"-1" {
		t.Fatalf("application after approval = %v", got)
	}
	var statuses []string
	for _, e := range got["events"].([]any) {
		statuses = append(statuses, e.(map[string]any)["status"].(string))
	}
	if want := "draft initial_review sms_verification returned sms_verification bureau_review approved"; strings.Join(statuses, " ") != want {
		t.Fatalf("events %v, want %s", statuses, want)
	}
	if _, q := ts.get(t, "/api/v1/query?keyword=wangwu-blog.cn"); !strings.Contains(q, main+"-1") {
		t.Fatalf("public query: %s", q)
	}
	if _, mail := ts.get(t, "/api/v1/dev/outbox?to=wang@example.cn"); !pwRE.MatchString(mail) {
		t.Fatalf("no filing password for the principal: %s", mail)
	}
}

// newFilingFlow starts a test server whose agent hands filings to the
// in-process registry and mirrors its states, with an applicant, a
// reviewer of 某某云 and a bureau reviewer of 浙江 logged in.
func newFilingFlow(t *testing.T, engine string) (ts *testServer, srv *beianhttp.Server, applicant, reviewer, bureau *apiClient) {
	ts = newTestServer(t, engine, func(s *beianhttp.Server) {
		srv = s
		s.Filings.Observer = registry.ApplicationMirror{Notifier: s.Filings.Notifier}
		s.Agent.Registry = registry.InProcess{Registry: s.Registry, Filings: s.Filings}
	})
	applicant = ts.login(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000003", Password: "flow-pass-123"})
	reviewer = ts.login(t, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "yun-reviewer", Provider: "某某云", Password: "flow-pass-123"})
	bureau = ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"浙江"}, Password: "flow-pass-123"})
	return ts, srv, applicant, reviewer, bureau
}

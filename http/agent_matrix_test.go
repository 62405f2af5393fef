package http_test

import (
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
)

// TestAgentObjectMatrix: on applicant A's application and product, every
// agent route answers applicant B with 404, another provider's reviewer
// with 403, and a bureau reviewer and an administrator with 403, and
// changes nothing.
func TestAgentObjectMatrix(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { agentObjectMatrix(t, engine) })
	}
}

func agentObjectMatrix(t *testing.T, engine string) {
	var srv *beianhttp.Server
	ts := newTestServer(t, engine, func(s *beianhttp.Server) { srv = s })
	pw := "matrix-pass-123"
	a := ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000003", Password: pw})
	actors := map[string]*apiClient{
		"applicant B":    ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000004", Password: pw}),
		"other reviewer": ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "other-rev", Provider: "另一云", Password: pw}),
		"bureau":         ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "zj-rev", Provinces: []string{"浙江"}, Password: pw}),
		"admin":          ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleAdmin, Login: "ops", Password: pw}),
	}
	want := map[string]int{"applicant B": 404, "other reviewer": 403, "bureau": 403, "admin": 403}
	product := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.20.1", 365)
	id := a.mustJSON(201, "POST", "/api/v1/agent/applications", personalBody(product, "王五的小站", "wangwu-blog.cn"))["id"].(string)
	base := "/api/v1/agent/applications/" + id
	img := testPNG(400, 300)
	var mid string
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
		_, p, _ := a.upload(base+"/materials", kind, img)
		mid = p["id"].(string)
	}
	a.mustJSON(200, "POST", base+"/submit", "")

	type call struct {
		method, path, body string
		// applicantRoute: the route guard admits only applicants, so every
		// reviewer is refused with 403 before the object is looked at.
		applicantRoute, reviewerRoute bool
	}
	calls := []call{
		{"GET", base, "", false, false},
		{"GET", base + "/materials/" + mid, "", false, false},
		{"PUT", base, personalBody(product, "别人的站", "wangwu-blog.cn"), true, false},
		{"POST", base + "/materials", "upload", true, false},
		{"POST", base + "/withdraw", "", true, false},
		{"POST", base + "/abandon", "", true, false},
		{"POST", base + "/submit", "", true, false},
		{"POST", base + "/review", `{"decision": "approve"}`, false, true},
		{"POST", "/api/v1/agent/products/" + product + "/authcode", "", true, false},
	}
	for name, c := range actors {
		for _, k := range calls {
			expect := want[name]
			switch {
			case k.applicantRoute && name != "applicant B":
				expect = 403
			case k.reviewerRoute && name == "applicant B":
				expect = 403 // the route is for reviewers: the guard answers first
			}
			var status int
			var msg string
			if k.body == "upload" {
				status, _, msg = c.upload(k.path, "other", img)
			} else {
				status, _, msg = c.json(k.method, k.path, k.body)
			}
			if status != expect {
				t.Errorf("%s %s as %s: %d (%s), want %d", k.method, k.path, name, status, msg, expect)
			}
		}
	}
	// B's list and the other reviewer's queue do not show it.
	for _, name := range []string{"applicant B", "other reviewer"} {
		if l := actors[name].mustJSON(200, "GET", "/api/v1/agent/applications", "")["list"].([]any); len(l) != 0 {
			t.Errorf("%s lists %v", name, l)
		}
	}
	for _, name := range []string{"bureau", "admin"} {
		if status, _, _ := actors[name].json("GET", "/api/v1/agent/applications", ""); status != 403 {
			t.Errorf("%s lists agent applications: %d", name, status)
		}
	}
	got := a.mustJSON(200, "GET", base, "")
	if got["status"] != "initial_review" || len(got["materials"].([]any)) != 3 || !strings.Contains(got["record"].(map[string]any)["services"].([]any)[0].(map[string]any)["serviceName"].(string), "王五") {
		t.Errorf("the application changed: %v", got)
	}
}

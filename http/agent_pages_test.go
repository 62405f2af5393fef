package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// submitted files and submits a personal website for login through the
// service, as the wizard would, and returns its page's path.
func submitted(t *testing.T, srv *beianhttp.Server, login, product string) string {
	t.Helper()
	ctx := context.Background()
	a, err := srv.Accounts.DB.FindAccountByLogin(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	body, err := agent.DecodeApplicationBody([]byte(personalBody(product, "王五的小站", "wangwu-blog.cn")), srv.Now())
	if err != nil {
		t.Fatal(err)
	}
	app, err := srv.Agent.Create(ctx, a, body)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range beian.RequiredMaterials(beian.NaturePersonal) {
		if _, err := srv.Agent.AddMaterial(ctx, a, app.ID, k, "x.png", testPNG(400, 300)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.Agent.Submit(ctx, a, app.ID); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("/agent/applications/%d", app.ID)
}

// again opens a new session of an existing account.
func (ts *testServer) again(t *testing.T, login string) *pageClient {
	t.Helper()
	ctx := context.Background()
	acc, err := ts.db.FindAccountByLogin(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	token := strings.Repeat("u", 20) + login
	if err := ts.db.InTx(ctx, func(tx *store.Tx) error { return tx.CreateSession(ctx, acc.ID, token) }); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(ts.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: "beian_session", Value: token, Path: "/"}})
	c := *ts.Client()
	c.Jar = jar
	return &pageClient{t: t, ts: ts, http: &c}
}

// TestApplicationPages: withdraw (撤销) and abandon (放弃) from the
// application page, each shown on the timeline; what may no longer be done
// is neither offered nor allowed; the queue flags an overdue application
// and counts the total; products and authorization codes.
func TestApplicationPages(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { applicationPages(t, engine) })
	}
}

func applicationPages(t *testing.T, engine string) {
	var srv *beianhttp.Server
	ts := newTestServer(t, engine, func(s *beianhttp.Server) { srv = s })
	a := ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000003", Password: "flow-pass-123"})
	rev := ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "yun-reviewer", Provider: "某某云", Password: "flow-pass-123"})
	product := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.20.1", 365)
	path := submitted(t, srv, "13700000003", product)

	// The queue: by deadline, the total, the overdue flag once it is due.
	_, _, doc := rev.get("/agent/review")
	must(t, "queue", doc, `table.queue a[href="/agent/review/`+strings.TrimPrefix(path, "/agent/applications/")+`"]`)
	if doc.Count("tr.overdue") != 0 || !strings.Contains(textOf(doc, "main"), "共 1 个申请") {
		t.Fatalf("queue before the deadline: %s", textOf(doc, "main"))
	}
	// Sessions end when idle; the reviewer logs in again when it is due.
	ts.clock.Add(5 * 24 * time.Hour)
	rev = ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "yun-reviewer2", Provider: "某某云", Password: "flow-pass-123"})
	a = ts.again(t, "13700000003")
	_, _, doc = rev.get("/agent/review")
	must(t, "overdue", doc, "tr.overdue .overdue-flag")
	if status, _, _ := rev.get("/agent/review?page=x"); status != 400 {
		t.Fatalf("page=x: %d", status)
	}

	// 撤销: back to draft, the materials done, 提交初审 next.
	status, _, doc := a.post(path + "/withdraw")
	if status != 200 || textOf(doc, "#status") != "待提交" {
		t.Fatalf("withdraw: %d %q", status, textOf(doc, "#status"))
	}
	must(t, "withdrawn", doc, `svg.wide g.step.current[data-step="提交初审"]`, `a.button[href="`+path+`/wizard/confirm"]`)
	if doc.Count(`form[action="`+path+`/withdraw"]`) != 0 {
		t.Fatal("withdraw offered on a draft")
	}
	// Withdrawing a draft is refused on the page, with the reason.
	if status, _, doc = a.post(path + "/withdraw"); status != 409 || !strings.Contains(textOf(doc, "#form-error"), "撤销") {
		t.Fatalf("withdraw a draft: %d %q", status, textOf(doc, "#form-error"))
	}
	// 放弃: the end; the wizard of an abandoned application leads to its page.
	status, _, doc = a.post(path + "/abandon")
	if status != 200 || textOf(doc, "#status") != "已放弃" {
		t.Fatalf("abandon: %d %q", status, textOf(doc, "#status"))
	}
	must(t, "abandoned", doc, `svg.wide g.step.abandoned[data-step="提交初审"]`)
	if doc.Count(`form[action="`+path+`/abandon"]`) != 0 || doc.Count(`a.button[href$="/wizard/confirm"]`) != 0 {
		t.Fatal("steps offered on an abandoned application")
	}
	if _, got, _ := a.get(path + "/wizard/services"); got != path {
		t.Fatalf("wizard of an abandoned application went to %s", got)
	}
	_, _, doc = a.get("/agent/applications")
	must(t, "my applications", doc, "table.applications span.status.abandoned")

	// 我的产品: the filings on the IP, and a single-use authorization code.
	_, _, doc = a.get("/agent/products")
	must(t, "products", doc, `table.products form[action="/agent/products/`+product+`/authcode"]`)
	_, _, doc = a.post("/agent/products/" + product + "/authcode")
	must(t, "auth code", doc, "#authcode code")
	if status, _, _ := a.post("/agent/products/P-nobody/authcode"); status != 404 {
		t.Fatalf("someone else's product: %d", status)
	}
}

// TestAdminProductsPage: the administrator adds a product for an
// applicant; bad input is shown on its field.
func TestAdminProductsPage(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			var srv *beianhttp.Server
			ts := newTestServer(t, engine, func(s *beianhttp.Server) { srv = s })
			ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000003", Password: "flow-pass-123"})
			admin := ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleAdmin, Login: "admin", Password: "flow-pass-123"})
			good := []string{"owner", "13700000003", "provider", "某某云", "ip", "47.96.20.1", "expires", "2027-12-31", "mainland", "yes"}
			for _, test := range []struct {
				name, field, value, sel string
			}{
				{"unknown owner", "owner", "13700000099", `#owner[aria-invalid="true"]`},
				{"private IP", "ip", "10.0.0.1", `#ip[aria-invalid="true"]`},
				{"bad date", "expires", "31/12/2027", `#expires[aria-invalid="true"]`},
			} {
				kv := append([]string(nil), good...)
				for i := 0; i < len(kv); i += 2 {
					if kv[i] == test.field {
						kv[i+1] = test.value
					}
				}
				status, _, doc := admin.post("/admin/products", kv...)
				if status != 400 {
					t.Errorf("%s: %d", test.name, status)
				}
				must(t, test.name, doc, test.sel, "#form-error")
			}
			status, _, doc := admin.post("/admin/products", good...)
			must(t, "added", doc, "#added code")
			if status != 200 {
				t.Fatalf("add: %d", status)
			}
			if status, _, _ := ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000004", Password: "flow-pass-123"}).get("/admin/products"); status != 403 {
				t.Fatalf("applicant on /admin/products: %d", status)
			}
		})
	}
}

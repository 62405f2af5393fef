package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// actors of the authorization matrix, besides anonymous.
var actors = []struct {
	name string
	acct auth.NewAccount
}{
	{"applicant A", auth.NewAccount{Role: beian.RoleApplicant, Login: "13900000001", Password: "matrix-pass-1"}},
	{"applicant B", auth.NewAccount{Role: beian.RoleApplicant, Login: "13900000002", Password: "matrix-pass-1"}},
	{"provider reviewer", auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "reviewer", Provider: "某某云", Password: "matrix-pass-1"}},
	{"bureau 浙江", auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"浙江"}, Password: "matrix-pass-1"}},
	{"bureau 广东", auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "gd-bureau", Provinces: []string{"广东"}, Password: "matrix-pass-1"}},
	{"admin", auth.NewAccount{Role: beian.RoleAdmin, Login: "admin", Password: "matrix-pass-1"}},
}

// allowed is the expected access of every route: "all" (anonymous too),
// "logged-in", or the actor names. A route missing here fails the test, so
// every new route joins the matrix.
var allowed = map[string][]string{
	"GET /healthz":                       {"all"},
	"GET /metrics":                       {"all"}, // by network, not account: the test client is on loopback
	"GET /api/v1/query":                  {"all"},
	"GET /{$}":                           {"all"},
	"GET /query":                         {"all"},
	"GET /entities/{id}":                 {"all"},
	"POST /api/v1/password/recover":      {"all"},
	"POST /api/v1/password/change":       {"all"},
	"GET /password/recover":              {"all"},
	"POST /password/recover":             {"all"},
	"GET /password/change":               {"all"},
	"POST /password/change":              {"all"},
	"GET /login":                         {"all"},
	"POST /login":                        {"all"},
	"GET /signup":                        {"all"},
	"POST /signup/code":                  {"all"},
	"POST /signup":                       {"all"},
	"GET /reset":                         {"all"},
	"POST /reset/code":                   {"all"},
	"POST /reset":                        {"all"},
	"GET /login/totp":                    {"all"},
	"POST /login/totp":                   {"all"},
	"POST /api/v1/login":                 {"all"},
	"POST /api/v1/login/totp":            {"all"},
	"POST /api/v1/logout":                {"logged-in"},
	"POST /logout":                       {"logged-in"},
	"GET /account":                       {"logged-in"},
	"POST /account/logout-all":           {"logged-in"},
	"POST /account/password":             {"logged-in"},
	"GET /account/totp":                  {"logged-in"},
	"POST /account/totp":                 {"logged-in"},
	"GET /api/v1/me":                     {"logged-in"},
	"GET /admin/accounts":                {"admin"},
	"POST /admin/accounts":               {"admin"},
	"POST /admin/accounts/{id}/status":   {"admin"},
	"GET /admin/accounts/{id}":           {"admin"},
	"POST /admin/accounts/{id}/scope":    {"admin"},
	"POST /admin/accounts/{id}/password": {"admin"},
	"POST /admin/accounts/{id}/totp":     {"admin"},
	"GET /admin/audit":                   {"admin"},
	"GET /admin/products":                {"admin"},
	"POST /admin/products":               {"admin"},
	"GET /api/openapi.json":              {"all"},
	// The agent routes: applicants, and the provider's reviewers where they
	// review; which application each may touch is checked per object
	// (TestAgentObjectMatrix).
	"GET /api/v1/agent/products":                          {"applicant A", "applicant B"},
	"POST /api/v1/agent/products/{id}/authcode":           {"applicant A", "applicant B"},
	"POST /api/v1/agent/type-check":                       {"applicant A", "applicant B"},
	"POST /api/v1/agent/applications":                     {"applicant A", "applicant B"},
	"GET /api/v1/agent/applications":                      {"applicant A", "applicant B", "provider reviewer"},
	"GET /api/v1/agent/applications/{id}":                 {"applicant A", "applicant B", "provider reviewer"},
	"PUT /api/v1/agent/applications/{id}":                 {"applicant A", "applicant B"},
	"POST /api/v1/agent/applications/{id}/materials":      {"applicant A", "applicant B"},
	"GET /api/v1/agent/applications/{id}/materials/{mid}": {"applicant A", "applicant B", "provider reviewer"},
	"POST /api/v1/agent/applications/{id}/submit":         {"applicant A", "applicant B"},
	"POST /api/v1/agent/applications/{id}/withdraw":       {"applicant A", "applicant B"},
	"POST /api/v1/agent/applications/{id}/abandon":        {"applicant A", "applicant B"},
	"POST /api/v1/agent/applications/{id}/review":         {"provider reviewer"},
	// The agent's pages, likewise.
	"GET /agent/applications":                     {"applicant A", "applicant B"},
	"GET /agent/wizard":                           {"applicant A", "applicant B"},
	"GET /agent/wizard/{step}":                    {"applicant A", "applicant B"},
	"POST /agent/wizard/{step}":                   {"applicant A", "applicant B"},
	"GET /agent/applications/{id}":                {"applicant A", "applicant B"},
	"GET /agent/applications/{id}/wizard/{step}":  {"applicant A", "applicant B"},
	"POST /agent/applications/{id}/wizard/{step}": {"applicant A", "applicant B"},
	"POST /agent/applications/{id}/materials":     {"applicant A", "applicant B"},
	"POST /agent/applications/{id}/submit":        {"applicant A", "applicant B"},
	"POST /agent/applications/{id}/withdraw":      {"applicant A", "applicant B"},
	"POST /agent/applications/{id}/abandon":       {"applicant A", "applicant B"},
	"GET /agent/products":                         {"applicant A", "applicant B"},
	"GET /agent/filed":                            {"applicant A", "applicant B"},
	"GET /agent/filed/{licence}/{kind}":           {"applicant A", "applicant B"},
	"POST /agent/filed/{licence}/{kind}":          {"applicant A", "applicant B"},
	"GET /agent/applications/{id}/filed":          {"applicant A", "applicant B"},
	"POST /agent/applications/{id}/filed":         {"applicant A", "applicant B"},
	"POST /agent/products/{id}/authcode":          {"applicant A", "applicant B"},
	"GET /agent/review":                           {"provider reviewer"},
	"GET /agent/review/{id}":                      {"provider reviewer"},
	"POST /agent/review/{id}":                     {"provider reviewer"},
	// The bureau's lifecycle routes: staff (reviewers and administrators)
	// keep the blacklist and see the shell queue; decisions are reviewers'.
	// Which province each may touch is checked per object (TestBureauLifecycleAPI).
	"GET /api/v1/bureau/blacklist":                        {"bureau 浙江", "bureau 广东", "admin"},
	"POST /api/v1/bureau/blacklist":                       {"bureau 浙江", "bureau 广东", "admin"},
	"POST /api/v1/bureau/blacklist/{id}/remove":           {"bureau 浙江", "bureau 广东", "admin"},
	"POST /api/v1/bureau/services/{licence}/limit-access": {"bureau 浙江", "bureau 广东"},
	"POST /api/v1/bureau/cancellations":                   {"bureau 浙江", "bureau 广东"},
	"GET /api/v1/bureau/shells":                           {"bureau 浙江", "bureau 广东", "admin"},
	"POST /api/v1/bureau/shells/{id}/decision":            {"bureau 浙江", "bureau 广东"},
	"GET /api/v1/bureau/entities/{id}/history":            {"bureau 浙江", "bureau 广东", "admin"},
	"GET /api/v1/agent/limited-services":                  {"provider reviewer"},
	"GET /bureau/blacklist":                               {"bureau 浙江", "bureau 广东", "admin"},
	"POST /bureau/blacklist":                              {"bureau 浙江", "bureau 广东", "admin"},
	"POST /bureau/blacklist/{id}/remove":                  {"bureau 浙江", "bureau 广东", "admin"},
	"GET /provider/limited":                               {"provider reviewer"},
	"GET /staff/entities/{id}":                            {"bureau 浙江", "bureau 广东", "admin"},
	// The provider API takes a provider's API key, never an account's
	// session: every actor is refused (TestProviderAPIKeys covers keys).
	"POST /api/v1/registry/type-check":        {},
	"POST /api/v1/registry/filings":           {},
	"GET /api/v1/registry/changes":            {},
	"GET /api/v1/registry/entities/{licence}": {},
	"GET /api/v1/dev/outbox":                  {"all"},
	"GET /dev/outbox":                         {"all"},
	"GET /static/{file}":                      {"all"},
	"/":                                       {"all"},
}

func expectAllowed(pattern, actor string) bool {
	for _, a := range allowed[pattern] {
		if a == "all" || a == actor || (a == "logged-in" && actor != "anonymous") {
			return true
		}
	}
	return false
}

// requestFor turns a route pattern into a concrete request path.
func requestFor(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "GET", pattern
	}
	path = strings.NewReplacer("{$}", "", "{id}", "1", "{mid}", "1", "{file}", "style.css").Replace(path)
	if path == "/" && pattern == "/" {
		path = "/no-such-page"
	}
	return method, path
}

// session mints a session for an account directly in the store, as a
// logged-in browser would hold.
func session(t testing.TB, db *store.DB, accounts *auth.Accounts, n auth.NewAccount) string {
	t.Helper()
	a, err := accounts.Create(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	token := strings.Repeat("t", 20) + n.Login
	if err := db.InTx(context.Background(), func(tx *store.Tx) error { return tx.CreateSession(context.Background(), a.ID, token) }); err != nil {
		t.Fatal(err)
	}
	return token
}

// TestAuthorizationMatrix walks every registered route with every actor.
func TestAuthorizationMatrix(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { authorizationMatrix(t, engine) })
	}
}

func authorizationMatrix(t *testing.T, engine string) {
	var srv *beianhttp.Server
	ts := newTestServer(t, engine, func(s *beianhttp.Server) { srv = s })
	tokens := map[string]string{"anonymous": ""}
	for _, a := range actors {
		tokens[a.name] = session(t, ts.db, srv.Accounts, a.acct)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	seen := map[string]bool{}
	for _, rt := range srv.Routes() {
		seen[rt.Pattern] = true
		if _, ok := allowed[rt.Pattern]; !ok {
			t.Errorf("route %q (rule %s) is not in the authorization matrix", rt.Pattern, rt.Access.Name)
			continue
		}
		for _, actor := range append([]string{"anonymous"}, actorNames()...) {
			// API routes are walked twice: with the session cookie and
			// with the same kind of session as a bearer token.
			for _, bearer := range []bool{false, true} {
				if bearer && (actor == "anonymous" || !strings.HasPrefix(requestPath(rt.Pattern), "/api/")) {
					continue
				}
				probeAccess(t, ts, srv, client, rt.Pattern, actor, tokens[actor], bearer)
			}
		}
	}
	for p := range allowed {
		if !seen[p] {
			t.Errorf("matrix lists %q, which is not a route", p)
		}
	}
}

// probeAccess sends one request for pattern as actor and checks it is
// allowed or refused as the matrix says.
func probeAccess(t *testing.T, ts *testServer, srv *beianhttp.Server, client *http.Client, pattern, actor, tok string, bearer bool) {
	t.Helper()
	// Logging out ends a session: use a fresh one, not the one the next
	// routes need.
	if strings.Contains(pattern, "logout") && actor != "anonymous" {
		tok = session(t, ts.db, srv.Accounts, reLogin(actor))
	}
	method, path := requestFor(pattern)
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader("{}"))
	switch {
	case tok != "" && bearer:
		req.Header.Set("Authorization", "Bearer "+tok)
	case tok != "":
		req.AddCookie(&http.Cookie{Name: "beian_session", Value: tok})
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	denied := resp.StatusCode == 401 || resp.StatusCode == 403 ||
		(resp.StatusCode == 303 && strings.HasPrefix(resp.Header.Get("Location"), "/login?next="))
	if want := expectAllowed(pattern, actor); want == denied {
		t.Errorf("%s as %s (bearer %v): status %d, want allowed=%v", pattern, actor, bearer, resp.StatusCode, want)
	}
	if denied && actor != "anonymous" && resp.StatusCode != 403 {
		t.Errorf("%s as %s (bearer %v): a logged-in actor is refused with %d, want 403", pattern, actor, bearer, resp.StatusCode)
	}
}

func requestPath(pattern string) string {
	_, path := requestFor(pattern)
	return path
}

func actorNames() []string {
	var out []string
	for _, a := range actors {
		out = append(out, a.name)
	}
	return out
}

var relogins = 0

// reLogin returns a fresh account for actor, since logout routes end the
// session (and a login may exist once).
func reLogin(actor string) auth.NewAccount {
	for _, a := range actors {
		if a.name == actor {
			relogins++
			n := a.acct
			if n.Role == beian.RoleApplicant {
				n.Login = fmt.Sprintf("1370000%04d", relogins)
			} else {
				n.Login = fmt.Sprintf("%s-%d", n.Login, relogins)
			}
			return n
		}
	}
	panic(actor)
}

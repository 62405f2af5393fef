package http_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/http/internal/htmlcheck"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// adminFixture is a server with an administrator, one reviewer of each
// kind and an applicant, each with a session.
type adminFixture struct {
	ts     *testServer
	srv    *beianhttp.Server
	ids    map[string]int64  // by login
	tokens map[string]string // by login
}

func newAdminFixture(t *testing.T, engine string) *adminFixture {
	f := &adminFixture{ids: map[string]int64{}, tokens: map[string]string{}}
	f.ts = newTestServer(t, engine, func(s *beianhttp.Server) { f.srv = s })
	for _, n := range []auth.NewAccount{
		{Role: beian.RoleAdmin, Login: "admin", Password: "matrix-pass-1"},
		{Role: beian.RoleProviderReviewer, Login: "reviewer", Provider: "某某云", Password: "matrix-pass-1"},
		{Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"浙江"}, Password: "matrix-pass-1"},
		{Role: beian.RoleApplicant, Login: "13900000001", Password: "matrix-pass-1"},
	} {
		f.tokens[n.Login] = session(t, f.ts.db, f.srv.Accounts, n)
		a, err := f.ts.db.FindAccountByLogin(context.Background(), n.Login)
		if err != nil {
			t.Fatal(err)
		}
		f.ids[n.Login] = a.ID
	}
	return f
}

// as sends a request with login's session cookie.
func (f *adminFixture) as(t *testing.T, login, method, path string, form url.Values) (*http.Response, *htmlcheck.Doc) {
	t.Helper()
	body := strings.NewReader("")
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, f.ts.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if tok := f.tokens[login]; tok != "" {
		req.AddCookie(&http.Cookie{Name: "beian_session", Value: tok})
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := htmlcheck.Parse(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return resp, doc
}

func (f *adminFixture) path(login, rest string) string {
	return "/admin/accounts/" + strconv.FormatInt(f.ids[login], 10) + rest
}

func text(t *testing.T, doc *htmlcheck.Doc, sel string) string {
	t.Helper()
	s, ok := doc.Text(sel)
	if !ok {
		t.Fatalf("no %s on the page", sel)
	}
	return s
}

func TestAdminScope(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newAdminFixture(t, engine)
			for _, test := range []struct {
				name   string
				login  string // whose scope
				form   url.Values
				status int
				sel    string // an element the answer must have
				want   string // its text contains
			}{
				{"two provinces", "zj-bureau", url.Values{"provinces": {"440000", "330000"}}, 200, "#account-provinces", "广东、浙江"},
				{"province by name", "zj-bureau", url.Values{"provinces": {"四川"}}, 200, "#account-provinces", "四川"},
				{"no province", "zj-bureau", url.Values{}, 400, "#provinces-error", "负责省份：管局审核员须指定至少一个省份"},
				{"a province twice", "zj-bureau", url.Values{"provinces": {"330000", "浙江"}}, 400, "#provinces-error", "重复"},
				{"unknown province", "zj-bureau", url.Values{"provinces": {"999999"}}, 400, "#provinces-error", "未知的省份"},
				{"control character", "zj-bureau", url.Values{"provinces": {"33\x000000"}}, 400, "main [role=alert]", "负责省份"},
				{"provider", "reviewer", url.Values{"provider": {"新云计算有限公司"}}, 200, "#account-provider", "新云计算有限公司"},
				{"empty provider", "reviewer", url.Values{"provider": {"  "}}, 400, "#provider-error", "所属接入商：初审员须指定所属接入商"},
				{"long provider", "reviewer", url.Values{"provider": {strings.Repeat("云", 101)}}, 400, "#provider-error", "不能超过100个字符"},
				{"an applicant has no scope", "13900000001", url.Values{"provider": {"x"}}, 400, "#form-error", "只有审核员"},
			} {
				t.Run(test.name, func(t *testing.T) {
					resp, doc := f.as(t, "admin", "POST", f.path(test.login, "/scope"), test.form)
					if resp.StatusCode != test.status {
						t.Fatalf("status %d, want %d", resp.StatusCode, test.status)
					}
					if got := text(t, doc, test.sel); !strings.Contains(got, test.want) {
						t.Fatalf("%s = %q, want %q", test.sel, got, test.want)
					}
					if test.status == 200 && doc.Count("#account-notice") != 1 {
						t.Fatal("no notice after saving")
					}
					if test.status == 400 && test.sel != "#form-error" && test.sel != "main [role=alert]" && doc.Count("[aria-invalid=true]") != 1 {
						t.Fatal("the field at fault is not marked aria-invalid")
					}
				})
			}
			// What was refused changed nothing: the last saved scopes stand.
			a, _ := f.ts.db.FindAccountByLogin(context.Background(), "zj-bureau")
			if got := strings.Join(a.Provinces, " "); got != "510000" {
				t.Errorf("provinces = %q after the refusals, want 510000", got)
			}
			// The form shows the stored provinces selected.
			_, doc := f.as(t, "admin", "GET", f.path("zj-bureau", ""), nil)
			if got := text(t, doc, "#provinces option[selected]"); got != "四川" {
				t.Errorf("selected = %q", got)
			}
			if resp, _ := f.as(t, "admin", "POST", "/admin/accounts/99999/scope", url.Values{"provider": {"x"}}); resp.StatusCode != 404 {
				t.Errorf("unknown account: %d", resp.StatusCode)
			}
			// Every attempt is audited, refused ones too.
			l, err := f.srv.Accounts.ReadAuditLog(context.Background(), "account.scope", "admin", 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			outcomes := map[string]int{}
			for _, e := range l.Entries {
				outcomes[e.Outcome]++
			}
			if outcomes["changed"] != 3 || outcomes["refused"] != 7 {
				t.Errorf("audited outcomes %v, want 3 changed and 7 refused", outcomes)
			}
		})
	}
}

var generated = regexp.MustCompile(`^[A-Za-z0-9]{20}$`)

func TestAdminResets(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newAdminFixture(t, engine)
			ctx := context.Background()
			// The reviewer's password, once shown, logs in; the old one
			// and the old session do not.
			resp, doc := f.as(t, "admin", "POST", f.path("reviewer", "/password"), url.Values{})
			pw := text(t, doc, "#new-password")
			if resp.StatusCode != 200 || !generated.MatchString(pw) {
				t.Fatalf("reset: %d %q", resp.StatusCode, pw)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control = %q", cc)
			}
			if resp, _ := f.as(t, "reviewer", "GET", "/account", nil); resp.StatusCode != 303 {
				t.Errorf("the reviewer's session outlived the reset: %d", resp.StatusCode)
			}
			if _, err := f.srv.Accounts.Login(ctx, "reviewer", "matrix-pass-1", "192.0.2.1"); err == nil {
				t.Error("the old password still works")
			}
			if _, err := f.srv.Accounts.Login(ctx, "reviewer", pw, "192.0.2.1"); err != nil {
				t.Errorf("the new password: %v", err)
			}
			// The page shown afterwards does not repeat it.
			if _, doc := f.as(t, "admin", "GET", f.path("reviewer", ""), nil); doc.Count("#new-password") != 0 {
				t.Error("the password is shown again")
			}

			checkTOTPReset(t, f)

			// Refusals: the administrator's own account, an applicant's.
			for _, test := range []struct{ name, login, action, want string }{
				{"own password", "admin", "/password", "不能在这里重置自己的账号"},
				{"own TOTP", "admin", "/totp", "不能在这里重置自己的账号"},
				{"applicant password", "13900000001", "/password", "申请人账号"},
				{"applicant TOTP", "13900000001", "/totp", "申请人账号"},
			} {
				t.Run(test.name, func(t *testing.T) {
					resp, doc := f.as(t, "admin", "POST", f.path(test.login, test.action), url.Values{})
					if resp.StatusCode != 400 || !strings.Contains(text(t, doc, "#form-error"), test.want) || doc.Count("#new-password") != 0 {
						t.Fatalf("%d %q", resp.StatusCode, text(t, doc, "#form-error"))
					}
				})
			}
			// A cross-site post is refused and changes nothing.
			req, _ := http.NewRequest("POST", f.ts.URL+f.path("reviewer", "/password"), strings.NewReader(""))
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			req.AddCookie(&http.Cookie{Name: "beian_session", Value: f.tokens["admin"]})
			if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 403 {
				t.Fatalf("cross-site reset: %v %v", resp.StatusCode, err)
			}
			if _, err := f.srv.Accounts.Login(ctx, "reviewer", pw, "192.0.2.2"); err != nil {
				t.Errorf("a cross-site post changed the password: %v", err)
			}
			// Audited.
			for action, want := range map[string]int{"account.reset_password": 3, "account.reset_totp": 3} {
				l, _ := f.srv.Accounts.ReadAuditLog(ctx, action, "admin", 0, 10)
				if l.Total != want {
					t.Errorf("%s audited %d times, want %d", action, l.Total, want)
				}
			}
		})
	}
}

func TestAdminAuditPage(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newAdminFixture(t, engine)
			ctx := context.Background()
			if err := f.ts.db.InTx(ctx, func(tx *store.Tx) error {
				for i := range 60 {
					if err := tx.Audit(ctx, beian.AuditRecord{Actor: "ops" + strconv.Itoa(i%2), Action: "test.step", Object: strconv.Itoa(i), Outcome: "ok"}); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			for _, test := range []struct {
				name, query string
				rows        int
				action      string // every row's action, when set
				actor       string // every row's actor, when set
				next, prev  bool
			}{
				{"by action, page 1", "?action=test.step", 50, "test.step", "", true, false},
				{"by action, page 2", "?action=test.step&page=2", 10, "test.step", "", false, true},
				{"by action and actor", "?action=test.step&actor=ops1", 30, "test.step", "ops1", false, false},
				{"nothing matches", "?actor=nobody", 0, "", "", false, false},
				{"past the last page", "?action=test.step&page=9", 0, "", "", false, true},
			} {
				t.Run(test.name, func(t *testing.T) {
					resp, doc := f.as(t, "admin", "GET", "/admin/audit"+test.query, nil)
					if resp.StatusCode != 200 {
						t.Fatalf("status %d", resp.StatusCode)
					}
					if got := doc.Count("#audit-log tbody tr"); got != test.rows {
						t.Fatalf("%d rows, want %d", got, test.rows)
					}
					if test.rows == 0 && doc.Count("#audit-empty") != 1 {
						t.Error("no empty notice")
					}
					for sel, want := range map[string]string{"#audit-log td.action": test.action, "#audit-log td.actor": test.actor} {
						if want == "" {
							continue
						}
						cells, _ := doc.All(sel)
						for _, c := range cells {
							if htmlcheck.Text(c) != want {
								t.Fatalf("%s = %q, want %q", sel, htmlcheck.Text(c), want)
							}
						}
					}
					if (doc.Count("a[rel=next]") == 1) != test.next || (doc.Count("a[rel=prev]") == 1) != test.prev {
						t.Errorf("next=%d prev=%d", doc.Count("a[rel=next]"), doc.Count("a[rel=prev]"))
					}
					if !strings.Contains(text(t, doc, "#audit-chain"), "校验通过") {
						t.Error("the chain is not shown as verified")
					}
				})
			}
			// Newest first.
			_, doc := f.as(t, "admin", "GET", "/admin/audit?action=test.step", nil)
			cells, _ := doc.All("#audit-log tbody tr td")
			first, _ := strconv.Atoi(htmlcheck.Text(cells[0]))
			last, _ := strconv.Atoi(htmlcheck.Text(cells[len(cells)-7]))
			if first <= last {
				t.Errorf("first row #%d, last #%d: not newest first", first, last)
			}
			// A bad page number names the field by its label.
			if resp, doc := f.as(t, "admin", "GET", "/admin/audit?page=x", nil); resp.StatusCode != 400 || !strings.Contains(text(t, doc, "main"), "页码") {
				t.Errorf("page=x: %d", resp.StatusCode)
			}
			checkAuditTamper(t, f, engine)
		})
	}
}

// TestStaffNavigation: each role sees the staff pages it may open, no more.
func TestStaffNavigation(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newAdminFixture(t, engine)
			for _, test := range []struct {
				login string
				links int
			}{{"admin", 3}, {"reviewer", 0}, {"zj-bureau", 0}, {"13900000001", 0}, {"", 0}} {
				for _, page := range []string{"/query", "/query?keyword=yunqi-example.com", "/entities/1", "/account", "/account/totp",
					"/password/recover", "/password/change", "/login", "/signup", "/dev/outbox", "/no-such-page",
					"/admin/accounts", f.path("zj-bureau", ""), "/admin/audit"} {
					resp, doc := f.as(t, test.login, "GET", page, nil)
					if resp.StatusCode >= 500 {
						t.Fatalf("%q on %s: %d", test.login, page, resp.StatusCode)
					}
					if resp.StatusCode != 200 && resp.StatusCode != 404 {
						continue // refused or sent elsewhere: no page to look at
					}
					if got := doc.Count(`nav a[href^="/admin/"]`); got != test.links {
						t.Errorf("%q on %s: %d staff links, want %d", test.login, page, got, test.links)
					}
					if test.links > 0 && doc.Count(`nav a[href="/admin/audit"]`) != 1 {
						t.Errorf("%q on %s: no audit-log link", test.login, page)
					}
				}
			}
		})
	}
}

// checkTOTPReset resets the TOTP of a bureau reviewer who has enrolled: the
// page, the session and the next login show it.
func checkTOTPReset(t *testing.T, f *adminFixture) {
	t.Helper()
	ctx := context.Background()
	// A bureau reviewer with an authenticator enrols again.
	if err := f.ts.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.AcceptTOTP(ctx, f.ids["zj-bureau"], 1, "JBSWY3DPEHPK3PXP")
	}); err != nil {
		t.Fatal(err)
	}
	if _, doc := f.as(t, "admin", "GET", f.path("zj-bureau", ""), nil); text(t, doc, "#account-totp") != "已绑定" {
		t.Fatal("TOTP not shown as enrolled")
	}
	resp, doc := f.as(t, "admin", "POST", f.path("zj-bureau", "/totp"), url.Values{})
	if resp.StatusCode != 200 || text(t, doc, "#account-totp") != "未绑定" {
		t.Fatalf("TOTP reset: %d %q", resp.StatusCode, text(t, doc, "#account-totp"))
	}
	if resp, _ := f.as(t, "zj-bureau", "GET", "/account", nil); resp.StatusCode != 303 {
		t.Errorf("the bureau reviewer's session outlived the reset: %d", resp.StatusCode)
	}
	c := browser(t)
	send(t, c, "POST", f.ts.URL+"/login", url.Values{"login": {"zj-bureau"}, "password": {"matrix-pass-1"}})
	if _, page := send(t, c, "GET", f.ts.URL+"/login/totp", nil); !has(t, page, "figure.qr img") {
		t.Error("the next login does not enrol an authenticator")
	}
}

// checkAuditTamper edits a record behind the append-only guard's back: the
// audit page reports the broken chain.
func checkAuditTamper(t *testing.T, f *adminFixture, engine string) {
	t.Helper()
	ctx := context.Background()
	// Someone drops the append-only guard and edits a record: the
	// chain breaks, and the page says so.
	guard := `DROP TRIGGER audit_log_no_update`
	if engine == "postgres" {
		guard = `DROP TRIGGER audit_log_no_change ON audit_log`
	}
	if err := f.ts.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.Exec(ctx, guard); err != nil {
			return err
		}
		return tx.Exec(ctx, `UPDATE audit_log SET outcome = 'forged' WHERE object = '7'`)
	}); err != nil {
		t.Fatal(err)
	}
	_, doc := f.as(t, "admin", "GET", "/admin/audit", nil)
	if got := text(t, doc, "#audit-chain.error"); !strings.Contains(got, "校验失败") {
		t.Errorf("tampered chain: %q", got)
	}
}

// TestAdminStaffEmail: an administrator gives a new provider reviewer an
// email address for notices on the create form; a malformed one is refused
// and nothing is created. Both engines.
func TestAdminStaffEmail(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newAdminFixture(t, engine)
			form := url.Values{"role": {"provider_reviewer"}, "login": {"mail-reviewer"}, "name": {"初审员"}, "provider": {"某某云"}, "email": {"not-an-address"}}
			if resp, _ := f.as(t, "admin", "POST", "/admin/accounts", form); resp.StatusCode != 400 {
				t.Fatalf("bad email: %d", resp.StatusCode)
			}
			if _, err := f.ts.db.FindAccountByLogin(context.Background(), "mail-reviewer"); beian.ErrorCode(err) != beian.ENOTFOUND {
				t.Fatalf("created with a bad email: %v", err)
			}
			form.Set("email", "mail@provider.example.cn")
			if resp, _ := f.as(t, "admin", "POST", "/admin/accounts", form); resp.StatusCode != 200 {
				t.Fatalf("create: %d", resp.StatusCode)
			}
			if a, err := f.ts.db.FindAccountByLogin(context.Background(), "mail-reviewer"); err != nil || a.Email != "mail@provider.example.cn" {
				t.Fatalf("stored %+v, %v", a, err)
			}
		})
	}
}

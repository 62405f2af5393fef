package http_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/http/internal/htmlcheck"
	"github.com/pquerna/otp/totp"
)

// browser is an HTTP client with cookies that does not follow redirects.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func send(t *testing.T, c *http.Client, method, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, u, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestLoginFlow(t *testing.T) {
	var srv *beianhttp.Server
	ts := newTestServer(t, "sqlite", func(s *beianhttp.Server) { srv = s })
	ctx := context.Background()
	srv.Accounts.Create(ctx, auth.NewAccount{Role: beian.RoleApplicant, Login: "13900000001", Name: "申请人甲", Password: "applicant-pass-1"})
	srv.Accounts.Create(ctx, auth.NewAccount{Role: beian.RoleAdmin, Login: "root-ops", Password: "ops-secret-2026"})

	c := browser(t)
	// A protected page sends an anonymous browser to the log-in page.
	resp, _ := send(t, c, "GET", ts.URL+"/account", nil)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/login?next=%2Faccount" {
		t.Fatalf("anonymous /account: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Wrong password: the same answer as an unknown account.
	_, wrong := send(t, c, "POST", ts.URL+"/login", url.Values{"login": {"13900000001"}, "password": {"nope-nope-1"}})
	_, unknown := send(t, c, "POST", ts.URL+"/login", url.Values{"login": {"13800009999"}, "password": {"nope-nope-1"}})
	// (Apart from the login typed, which the form keeps.)
	if !strings.Contains(wrong, "账号或密码错误") || strings.ReplaceAll(wrong, "13900000001", "X") != strings.ReplaceAll(unknown, "13800009999", "X") {
		t.Fatal("wrong password and unknown account answer differently")
	}
	resp, _ = send(t, c, "POST", ts.URL+"/login", url.Values{"login": {"13900000001"}, "password": {"applicant-pass-1"}, "next": {"/account"}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/account" {
		t.Fatalf("login: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "beian_session" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie: %+v", cookie)
	}
	if _, body := send(t, c, "GET", ts.URL+"/account", nil); !strings.Contains(body, "申请人甲") || !strings.Contains(body, "备案申请人") {
		t.Fatalf("account page: %s", body)
	}
	// Changing the password ends other sessions, keeps this one.
	other := browser(t)
	send(t, other, "POST", ts.URL+"/login", url.Values{"login": {"13900000001"}, "password": {"applicant-pass-1"}})
	if resp, body := send(t, c, "POST", ts.URL+"/account/password", url.Values{"current": {"wrong-one-1"}, "password": {"next-secret-22"}, "confirm": {"next-secret-22"}}); resp.StatusCode != 400 || !strings.Contains(body, "当前密码错误") || !has(t, body, `p#password-error[role=alert]`) {
		t.Fatalf("wrong current password: %d", resp.StatusCode)
	}
	if resp, body := send(t, c, "POST", ts.URL+"/account/password", url.Values{"current": {"applicant-pass-1"}, "password": {"next-secret-22"}, "confirm": {"next-secret-22"}}); resp.StatusCode != 200 || !strings.Contains(body, "登录密码已修改") {
		t.Fatalf("change password: %d %s", resp.StatusCode, body)
	}
	if resp, _ := send(t, c, "GET", ts.URL+"/api/v1/me", nil); resp.StatusCode != 200 {
		t.Fatalf("this browser after the change: %d", resp.StatusCode)
	}
	if resp, _ := send(t, other, "GET", ts.URL+"/api/v1/me", nil); resp.StatusCode != 401 {
		t.Fatalf("other browser after the change: %d", resp.StatusCode)
	}
	// An off-site next is not followed.
	c2 := browser(t)
	resp, _ = send(t, c2, "POST", ts.URL+"/login", url.Values{"login": {"13900000001"}, "password": {"next-secret-22"}, "next": {"//evil.example/"}})
	if resp.Header.Get("Location") != "/account" {
		t.Fatalf("open redirect: %s", resp.Header.Get("Location"))
	}
	// Logout ends the session.
	send(t, c, "POST", ts.URL+"/logout", url.Values{})
	if resp, _ := send(t, c, "GET", ts.URL+"/api/v1/me", nil); resp.StatusCode != 401 {
		t.Fatalf("after logout: %d", resp.StatusCode)
	}

	// An admin logs in with a second factor, enrolling on first login.
	a := browser(t)
	resp, _ = send(t, a, "POST", ts.URL+"/login", url.Values{"login": {"root-ops"}, "password": {"ops-secret-2026"}, "next": {"/admin/accounts"}})
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login/totp") {
		t.Fatalf("admin login: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := send(t, a, "GET", ts.URL+"/admin/accounts", nil); resp.StatusCode != 303 {
		t.Fatalf("admin page before TOTP: %d", resp.StatusCode)
	}
	_, page := send(t, a, "GET", ts.URL+"/login/totp?next=%2Fadmin%2Faccounts", nil)
	m := regexp.MustCompile(`密钥：<code>([A-Z2-7 ]+)</code>`).FindStringSubmatch(page)
	if m == nil || !has(t, page, `img[src^="data:image/png;base64,"]`) {
		t.Fatalf("enrolment page: %s", page)
	}
	code, _ := totp.GenerateCode(strings.ReplaceAll(m[1], " ", ""), ts.clock.Now())
	resp, _ = send(t, a, "POST", ts.URL+"/login/totp", url.Values{"code": {code}, "next": {"/admin/accounts"}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/admin/accounts" {
		t.Fatalf("TOTP: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := send(t, a, "GET", ts.URL+"/admin/accounts", nil); !strings.Contains(body, "13900000001") || !strings.Contains(body, "系统管理员") {
		t.Fatalf("admin accounts page: %s", body)
	}
	// The admin creates a bureau reviewer of 广东; the password is shown once.
	resp, body := send(t, a, "POST", ts.URL+"/admin/accounts", url.Values{"role": {"bureau_reviewer"}, "login": {"gd-new"}, "name": {"广东审核员"}, "provinces": {"440000"}})
	pw := regexp.MustCompile(`<code>([A-Za-z0-9]{20})</code>`).FindStringSubmatch(body)
	if resp.StatusCode != 200 || !strings.Contains(body, "已创建账号 <strong>gd-new</strong>") || pw == nil {
		t.Fatalf("create staff: %d %s", resp.StatusCode, body)
	}
	if r, err := srv.Accounts.Login(ctx, "gd-new", pw[1], "192.0.2.1"); err != nil || !r.NeedTOTP || r.Account.Provinces[0] != "440000" {
		t.Fatalf("new staff login: %+v %v", r, err)
	}
	for _, bad := range []url.Values{
		{"role": {"applicant"}, "login": {"x-applicant"}},
		{"role": {"bureau_reviewer"}, "login": {"no-province"}},
		{"role": {"admin"}, "login": {"gd-new"}},
	} {
		if resp, body := send(t, a, "POST", ts.URL+"/admin/accounts", bad); resp.StatusCode < 400 || !has(t, body, `main [role=alert]`) {
			t.Errorf("%v: %d", bad, resp.StatusCode)
		}
	}
	// Disabling an account ends its sessions and refuses its logins.
	applicant, _ := srv.Accounts.DB.FindAccountByLogin(ctx, "13900000001")
	if resp, _ := send(t, a, "POST", ts.URL+"/admin/accounts/"+strconv.FormatInt(applicant.ID, 10)+"/status", url.Values{"disabled": {"1"}}); resp.StatusCode != 303 {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	if _, err := srv.Accounts.Login(ctx, "13900000001", "next-secret-22", "192.0.2.1"); beian.ErrorCode(err) != beian.EUNAUTHORIZED {
		t.Fatalf("disabled account logs in: %v", err)
	}
	if resp, _ := send(t, c2, "GET", ts.URL+"/api/v1/me", nil); resp.StatusCode != 401 {
		t.Fatalf("disabled account's session: %d", resp.StatusCode)
	}
	// Audited with the administrator as actor.
	audit, _ := ts.db.FindAudit(ctx, 50)
	found := false
	for _, rec := range audit {
		found = found || (rec.Actor == "root-ops" && rec.Action == "account.create_staff" && rec.Outcome == "created")
	}
	if !found {
		t.Fatal("staff creation not audited")
	}
}

// has reports whether an element of page matches the CSS selector sel.
func has(t *testing.T, page, sel string) bool {
	t.Helper()
	doc, err := htmlcheck.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Count(sel) > 0
}

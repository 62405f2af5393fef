package http_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
)

// retryAfter reads a Retry-After header: whole seconds, at least one.
func retryAfter(t *testing.T, resp *http.Response) int {
	t.Helper()
	n, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || n < 1 {
		t.Fatalf("Retry-After=%q", resp.Header.Get("Retry-After"))
	}
	return n
}

// TestAPILogin_Lockout: the API login counts failures per account and per
// client as the login page does, refuses even the right password while
// locked (429 with Retry-After), and lets it in after the wait; wrong codes
// lock the second step the same way.
func TestAPILogin_Lockout(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts, _ := newAPISessionServer(t, engine, nil)
			applicant := apiAccounts[0].acct
			for i := range auth.DefaultPolicy.FailuresBeforeLock {
				if resp, _, _ := call(t, ts, "POST", "/api/v1/login", "", loginBody(applicant.Login, "nope-nope-1")); resp.StatusCode != 401 {
					t.Fatalf("failure %d: %d", i+1, resp.StatusCode)
				}
			}
			resp, _, ans := call(t, ts, "POST", "/api/v1/login", "", loginBody(applicant.Login, applicant.Password))
			if resp.StatusCode != 429 || ans.Code != 429 || !strings.Contains(ans.Msg, "登录失败次数过多") {
				t.Fatalf("locked account, right password: %d %+v", resp.StatusCode, ans)
			}
			ts.clock.Add(time.Duration(retryAfter(t, resp)) * time.Second)
			if resp, _, ans := call(t, ts, "POST", "/api/v1/login", "", loginBody(applicant.Login, applicant.Password)); resp.StatusCode != 200 || ans.Params.Token == "" {
				t.Fatalf("after the wait: %d %+v", resp.StatusCode, ans)
			}

			admin := apiAccounts[3].acct
			_, _, first := call(t, ts, "POST", "/api/v1/login", "", loginBody(admin.Login, admin.Password))
			for range auth.DefaultPolicy.FailuresBeforeLock {
				call(t, ts, "POST", "/api/v1/login/totp", "", totpBody(first.Params.Token, "000000"))
			}
			if resp, _, ans := call(t, ts, "POST", "/api/v1/login/totp", "", totpBody(first.Params.Token, "000000")); resp.StatusCode != 429 || !strings.Contains(ans.Msg, "验证码错误次数过多") {
				t.Fatalf("locked second step: %d %+v", resp.StatusCode, ans)
			} else {
				retryAfter(t, resp)
			}
		})
	}
}

// TestAPILogin_ClientLockout: guessing across many accounts from one
// client locks the client, for accounts it never tried too.
func TestAPILogin_ClientLockout(t *testing.T) {
	const limit = 3
	ts, _ := newAPISessionServer(t, "sqlite", func(s *beianhttp.Server) { s.Accounts.Policy.ClientFailures = limit })
	for i := range limit {
		if resp, _, _ := call(t, ts, "POST", "/api/v1/login", "", loginBody("1380000000"+strconv.Itoa(i), "nope-nope-1")); resp.StatusCode != 401 {
			t.Fatalf("guess %d: %d", i, resp.StatusCode)
		}
	}
	applicant := apiAccounts[0].acct
	resp, _, _ := call(t, ts, "POST", "/api/v1/login", "", loginBody(applicant.Login, applicant.Password))
	if resp.StatusCode != 429 {
		t.Fatalf("locked client: %d", resp.StatusCode)
	}
	retryAfter(t, resp)
}

// TestAPITokens: an unknown, malformed, expired or ended token is refused
// with 401 JSON on every API route but the login steps; another scheme is
// not a token; a bearer token opens no page.
func TestAPITokens(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { apiTokens(t, engine) })
	}
}

func apiTokens(t *testing.T, engine string) {
	ts, _ := newAPISessionServer(t, engine, nil)
	applicant := apiAccounts[0].acct
	_, _, ans := call(t, ts, "POST", "/api/v1/login", "", loginBody(applicant.Login, applicant.Password))
	live := ans.Params.Token
	for _, test := range []struct {
		name, header, method, path string
		status                     int
	}{
		{"Unknown", "Bearer " + strings.Repeat("x", 43), "GET", "/api/v1/me", 401},
		{"UnknownOnPublicRoute", "Bearer " + strings.Repeat("x", 43), "GET", "/api/v1/query?keyword=yunqi-example.com", 200}, // answered as to anyone
		{"Empty", "Bearer ", "GET", "/api/v1/me", 401},
		{"TwoWords", "Bearer a b", "GET", "/api/v1/me", 401},
		{"NotBase64", "Bearer ab$c", "GET", "/api/v1/me", 401},
		{"LowerCaseScheme", "bearer " + live, "GET", "/api/v1/me", 200},
		{"OtherScheme", "Basic dXNlcjpwYXNz", "GET", "/api/v1/query?keyword=yunqi-example.com", 200},
		{"OtherSchemeProtected", "Basic dXNlcjpwYXNz", "GET", "/api/v1/me", 401},
		{"StaleTokenMayLogIn", "Bearer " + strings.Repeat("x", 43), "POST", "/api/v1/login", 200},
	} {
		t.Run(test.name, func(t *testing.T) {
			body := ""
			if test.method == "POST" {
				body = loginBody(applicant.Login, applicant.Password)
			}
			resp, text, ans := call(t, ts, test.method, test.path, "", body, "Authorization", test.header)
			if resp.StatusCode != test.status || ans.Code != test.status {
				t.Fatalf("%d %s, want %d", resp.StatusCode, text, test.status)
			}
			if test.status == 401 && (!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
				!strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer")) {
				t.Errorf("401 headers: %v", resp.Header)
			}
		})
	}
	// A bearer token opens no page: pages go by the cookie.
	req, _ := http.NewRequest("GET", ts.URL+"/account", nil)
	req.Header.Set("Authorization", "Bearer "+live)
	resp, err := browser(t).Do(req) // not following the redirect
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Errorf("page with a bearer token: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Idle past the policy, the token has expired.
	ts.clock.Add(auth.DefaultPolicy.Idle + time.Minute)
	if resp, _, ans := call(t, ts, "GET", "/api/v1/me", live, ""); resp.StatusCode != 401 || ans.Msg != "登录已过期，请重新登录" {
		t.Errorf("expired token: %d %+v", resp.StatusCode, ans)
	}
}

// TestAPICrossOrigin: an API call that authenticates with a bearer token
// alone passes the cross-origin protection (no browser sends such a header
// by itself, so it cannot be forged); one that brings the session cookie,
// and an anonymous login, from another site are refused as forms are.
func TestAPICrossOrigin(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { apiCrossOrigin(t, engine) })
	}
}

func apiCrossOrigin(t *testing.T, engine string) {
	ts, srv := newAPISessionServer(t, engine, nil)
	applicant := apiAccounts[0].acct
	fresh := func() string {
		r, err := srv.Accounts.Login(t.Context(), applicant.Login, applicant.Password, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		return r.Token
	}
	crossSite := []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}
	for _, test := range []struct {
		name, path     string
		bearer, cookie bool
		body           string
		status         int
	}{
		{"BearerOnly", "/api/v1/logout", true, false, "", 200},
		{"CookieOnly", "/api/v1/logout", false, true, "", 403},
		{"BearerAndCookie", "/api/v1/logout", true, true, "", 403},
		{"AnonymousLogin", "/api/v1/login", false, false, loginBody(applicant.Login, applicant.Password), 403},
		// Pages go by the cookie: a bearer header does not lift the check.
		{"BearerOnPage", "/logout", true, false, "", 403},
	} {
		t.Run(test.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.URL+test.path, strings.NewReader(test.body))
			if test.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			for i := 0; i < len(crossSite); i += 2 {
				req.Header.Set(crossSite[i], crossSite[i+1])
			}
			token := fresh()
			if test.bearer {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			if test.cookie {
				req.AddCookie(&http.Cookie{Name: "beian_session", Value: token})
			}
			if resp, body := do(t, ts, req); resp.StatusCode != test.status {
				t.Fatalf("%d %s, want %d", resp.StatusCode, body, test.status)
			}
			// A refused logout leaves the session open; a passed one ends it.
			_, err := srv.Accounts.Session(t.Context(), token)
			if ended := err != nil; ended != (test.status == 200) {
				t.Errorf("session ended=%v after %d", ended, test.status)
			}
		})
	}
	// The same cookie call from our own pages passes.
	token := fresh()
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/logout", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(&http.Cookie{Name: "beian_session", Value: token})
	if resp, body := do(t, ts, req); resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Set-Cookie"), "beian_session=;") {
		t.Fatalf("same-origin cookie logout: %d %s %q", resp.StatusCode, body, resp.Header.Get("Set-Cookie"))
	}
}

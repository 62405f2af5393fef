package http_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
)

// TestNoStore: every answer for a logged-in account and every answer that
// may carry a secret (a session, a password, a TOTP secret) says no-store;
// the public pages may be cached.
func TestNoStore(t *testing.T) {
	var srv *beianhttp.Server
	ts := newTestServer(t, "sqlite", func(s *beianhttp.Server) { srv = s })
	admin := session(t, ts.db, srv.Accounts, auth.NewAccount{Role: beian.RoleAdmin, Login: "nostore-admin", Password: "matrix-pass-1"})
	applicant := session(t, ts.db, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13900000009", Password: "matrix-pass-1"})
	for _, test := range []struct {
		method, path, token string
		form                url.Values
		noStore             bool
	}{
		{"GET", "/account", applicant, nil, true},
		{"GET", "/account/totp", applicant, nil, true},
		{"GET", "/api/v1/me", applicant, nil, true},
		{"GET", "/admin/accounts", admin, nil, true},
		{"POST", "/admin/accounts", admin, url.Values{"role": {"admin"}, "login": {"second-admin"}, "name": {"管理员"}}, true},
		{"GET", "/query", applicant, nil, true}, // a logged-in page
		{"POST", "/login", "", url.Values{"login": {"13900000009"}, "password": {"matrix-pass-1"}}, true},
		{"GET", "/login/totp", "", nil, true},
		{"POST", "/password/recover", "", recoverForm, true},
		{"POST", "/api/v1/password/recover", "", nil, true},
		{"POST", "/api/v1/login", "", nil, true},
		{"POST", "/api/v1/login/totp", "", nil, true},
		{"POST", "/api/v1/logout", applicant, nil, true},
		{"GET", "/query", "", nil, false},
		{"GET", "/password/recover", "", nil, false},
	} {
		req, _ := http.NewRequest(test.method, ts.URL+test.path, nil)
		if test.form != nil {
			req, _ = http.NewRequest(test.method, ts.URL+test.path, strings.NewReader(test.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else if test.method == "POST" {
			req, _ = http.NewRequest(test.method, ts.URL+test.path, strings.NewReader(`{}`))
			req.Header.Set("Content-Type", "application/json")
		}
		if test.token != "" {
			req.AddCookie(&http.Cookie{Name: "beian_session", Value: test.token})
		}
		resp, err := browser(t).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Cache-Control") == "no-store"; got != test.noStore {
			t.Errorf("%s %s: Cache-Control=%q (status %d), want no-store %v", test.method, test.path, resp.Header.Get("Cache-Control"), resp.StatusCode, test.noStore)
		}
	}
}

// TestMetricsNetworks: /metrics answers the allowed networks only, loopback
// by default.
func TestMetricsNetworks(t *testing.T) {
	for _, test := range []struct {
		name    string
		allowed []netip.Prefix
		proxy   bool
		xff     string
		status  int
	}{
		{"DefaultLoopback", nil, false, "", 200},
		{"OtherNetwork", []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}, false, "", 403},
		{"AllowedNetwork", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, false, "", 200},
		// Behind a proxy the client is the address the proxy appended.
		{"BehindProxyOutside", nil, true, "203.0.113.9", 403},
		{"BehindProxySpoofed", nil, true, "127.0.0.1, 203.0.113.9", 403},
		{"BehindProxyAllowed", []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}, true, "203.0.113.9", 200},
	} {
		t.Run(test.name, func(t *testing.T) {
			ts := newTestServer(t, "sqlite", func(s *beianhttp.Server) {
				s.MetricsAllowedNetworks, s.TrustProxy = test.allowed, test.proxy
			})
			req, _ := http.NewRequest("GET", ts.URL+"/metrics", nil)
			if test.xff != "" {
				req.Header.Set("X-Forwarded-For", test.xff)
			}
			resp, body := do(t, ts, req)
			if resp.StatusCode != test.status {
				t.Fatalf("%d, want %d\n%s", resp.StatusCode, test.status, body)
			}
			if test.status == 200 && !strings.Contains(body, "go_goroutines") {
				t.Fatalf("no metrics:\n%s", body)
			}
		})
	}
}

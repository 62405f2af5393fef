package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/pquerna/otp/totp"
)

// sessionAnswer is a login answer as a client reads it.
type sessionAnswer struct {
	Code    int    `json:"code"`
	Msg     string `json:"msg"`
	Success bool   `json:"success"`
	Params  struct {
		Token        string `json:"token"`
		Role         string `json:"role"`
		TOTPRequired bool   `json:"totpRequired"`
		TOTPSecret   string `json:"totpSecret"`
	} `json:"params"`
}

// call sends an API request (a JSON body when body is not "", the bearer
// token when token is not "", then header pairs) and reads the answer.
func call(t *testing.T, ts *testServer, method, path, token, body string, header ...string) (*http.Response, string, sessionAnswer) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, text := do(t, ts, req)
	var ans sessionAnswer
	if err := json.Unmarshal([]byte(text), &ans); err != nil {
		t.Fatalf("%s %s: %d, not JSON: %q", method, path, resp.StatusCode, text)
	}
	return resp, text, ans
}

func loginBody(login, password string) string {
	b, _ := json.Marshal(map[string]string{"login": login, "password": password})
	return string(b)
}

func totpBody(token, code string) string {
	b, _ := json.Marshal(map[string]string{"token": token, "code": code})
	return string(b)
}

// staff of every role, with their first-factor outcome.
var apiAccounts = []struct {
	acct auth.NewAccount
	totp bool
}{
	{auth.NewAccount{Role: beian.RoleApplicant, Login: "13900000001", Name: "申请人甲", Password: "applicant-pass-1"}, false},
	{auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "yun-reviewer", Provider: "某某云", Password: "reviewer-pass-1"}, false},
	{auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"浙江"}, Password: "bureau-pass-1"}, true},
	{auth.NewAccount{Role: beian.RoleAdmin, Login: "root-ops", Password: "ops-secret-2026"}, true},
}

func newAPISessionServer(t *testing.T, engine string, configure func(*beianhttp.Server)) (*testServer, *beianhttp.Server) {
	var srv *beianhttp.Server
	ts := newTestServer(t, engine, func(s *beianhttp.Server) {
		srv = s
		if configure != nil {
			configure(s)
		}
	})
	for _, a := range apiAccounts {
		if _, err := srv.Accounts.Create(context.Background(), a.acct); err != nil {
			t.Fatal(err)
		}
	}
	return ts, srv
}

var base32RE = regexp.MustCompile(`^[A-Z2-7]{16,}=*$`)

// TestAPILogin: every role logs in over the API; the roles that need a
// second factor enrol on their first login with the secret they are given,
// then log in with codes, each code once; the token works as a bearer
// token until logout; the steps are audited as the page login's are.
func TestAPILogin(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts, _ := newAPISessionServer(t, engine, nil)
			for _, a := range apiAccounts {
				t.Run(string(a.acct.Role), func(t *testing.T) { apiLogin(t, ts, a.acct, a.totp) })
			}
			records, err := ts.db.FindAudit(context.Background(), 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []beian.AuditRecord{
				{Actor: "13900000001", Action: "account.login", Outcome: "success"},
				{Actor: "root-ops", Action: "account.login", Outcome: "password_ok"},
				{Actor: "root-ops", Action: "account.totp", Outcome: "enrolled"},
				{Actor: "root-ops", Action: "account.totp", Outcome: "success"},
				{Actor: "root-ops", Action: "account.totp", Outcome: "failure"},
			} {
				if !slices.ContainsFunc(records, func(r beian.AuditRecord) bool {
					return r.Actor == want.Actor && r.Action == want.Action && r.Outcome == want.Outcome && r.Client == "127.0.0.1"
				}) {
					t.Errorf("no audit record %+v", want)
				}
			}
		})
	}
}

func apiLogin(t *testing.T, ts *testServer, n auth.NewAccount, needTOTP bool) {
	resp, _, ans := call(t, ts, "POST", "/api/v1/login", "", loginBody(n.Login, n.Password))
	if resp.StatusCode != 200 || ans.Code != 200 || !ans.Success || ans.Params.Token == "" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("login: %d %+v (Cache-Control %q)", resp.StatusCode, ans, resp.Header.Get("Cache-Control"))
	}
	token := ans.Params.Token
	if !needTOTP {
		if ans.Params.Role != string(n.Role) || ans.Params.TOTPRequired || ans.Params.TOTPSecret != "" {
			t.Fatalf("login: %+v", ans.Params)
		}
	} else {
		if !ans.Params.TOTPRequired || ans.Params.Role != "" || !base32RE.MatchString(ans.Params.TOTPSecret) {
			t.Fatalf("first login of %s: %+v", n.Role, ans.Params)
		}
		token = secondFactor(t, ts, n, token, ans.Params.TOTPSecret)
	}
	resp, text, _ := call(t, ts, "GET", "/api/v1/me", token, "")
	var me struct{ Params struct{ Login, Role string } }
	json.Unmarshal([]byte(text), &me)
	if resp.StatusCode != 200 || me.Params.Login != n.Login || me.Params.Role != string(n.Role) {
		t.Fatalf("me with the bearer token: %d %s", resp.StatusCode, text)
	}
	// Logout ends the token, and only once.
	if resp, _, ans := call(t, ts, "POST", "/api/v1/logout", token, ""); resp.StatusCode != 200 || !ans.Success || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("logout: %d %+v", resp.StatusCode, ans)
	}
	for _, path := range []string{"/api/v1/me", "/api/v1/logout"} {
		method := map[string]string{"/api/v1/me": "GET", "/api/v1/logout": "POST"}[path]
		if resp, _, ans := call(t, ts, method, path, token, ""); resp.StatusCode != 401 || ans.Code != 401 || ans.Success {
			t.Errorf("%s after logout: %d %+v", path, resp.StatusCode, ans)
		}
	}
}

// secondFactor walks the TOTP step of a first login and of a second one,
// returning a full session token.
func secondFactor(t *testing.T, ts *testServer, n auth.NewAccount, pending, secret string) string {
	t.Helper()
	// The pending token opens nothing but the second step.
	for _, probe := range []struct{ method, path string }{{"GET", "/api/v1/me"}, {"POST", "/api/v1/logout"}} {
		resp, _, ans := call(t, ts, probe.method, probe.path, pending, "")
		if resp.StatusCode != 401 || ans.Code != 401 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "invalid_token") {
			t.Errorf("%s %s with a pending token: %d %+v", probe.method, probe.path, resp.StatusCode, ans)
		}
	}
	// A public route answers as to anyone: the token gives nothing more.
	if resp, _, ans := call(t, ts, "GET", "/api/v1/query?keyword=yunqi-example.com", pending, ""); resp.StatusCode != 200 || !ans.Success {
		t.Errorf("public query with a pending token: %d %+v", resp.StatusCode, ans)
	}
	if resp, _, ans := call(t, ts, "POST", "/api/v1/login/totp", "", totpBody(pending, "000000")); resp.StatusCode != 400 || !strings.HasPrefix(ans.Msg, "code: ") {
		t.Errorf("a wrong code: %d %+v", resp.StatusCode, ans)
	}
	code, _ := totp.GenerateCode(secret, ts.clock.Now())
	resp, _, ans := call(t, ts, "POST", "/api/v1/login/totp", "", totpBody(pending, code))
	if resp.StatusCode != 200 || ans.Params.Role != string(n.Role) || ans.Params.Token == "" || ans.Params.Token == pending || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("enrolment: %d %+v", resp.StatusCode, ans)
	}
	if resp, _, _ := call(t, ts, "POST", "/api/v1/login/totp", "", totpBody(pending, code)); resp.StatusCode != 401 {
		t.Errorf("the spent pending token again: %d", resp.StatusCode)
	}
	// Enrolled: the next login asks for a code and shows no secret.
	_, _, again := call(t, ts, "POST", "/api/v1/login", "", loginBody(n.Login, n.Password))
	if !again.Params.TOTPRequired || again.Params.TOTPSecret != "" || again.Params.Token == "" {
		t.Fatalf("enrolled login: %+v", again.Params)
	}
	if resp, _, ans := call(t, ts, "POST", "/api/v1/login/totp", "", totpBody(again.Params.Token, code)); resp.StatusCode != 400 || ans.Msg != "code: 验证码错误或已使用" {
		t.Errorf("a code used twice: %d %+v", resp.StatusCode, ans)
	}
	ts.clock.Add(30 * time.Second)
	next, _ := totp.GenerateCode(secret, ts.clock.Now())
	// The pending token may come as the bearer token instead of in the body.
	resp, _, ans = call(t, ts, "POST", "/api/v1/login/totp", again.Params.Token, `{"code":"`+next+`"}`)
	if resp.StatusCode != 200 || ans.Params.Role != string(n.Role) {
		t.Fatalf("enrolled second factor: %d %+v", resp.StatusCode, ans)
	}
	return ans.Params.Token
}

// TestAPILogin_Uniform: a wrong password and an unknown account answer
// byte for byte the same, staff and applicants alike.
func TestAPILogin_Uniform(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts, _ := newAPISessionServer(t, engine, nil)
			const want = `{"code":401,"msg":"账号或密码错误","success":false}` + "\n"
			for _, pair := range [][2]string{{"13900000001", "13800009999"}, {"root-ops", "root-nobody"}, {"zj-bureau", "gd-bureau"}} {
				wrong, wrongBody, _ := call(t, ts, "POST", "/api/v1/login", "", loginBody(pair[0], "nope-nope-1"))
				unknown, unknownBody, _ := call(t, ts, "POST", "/api/v1/login", "", loginBody(pair[1], "nope-nope-1"))
				if wrong.StatusCode != 401 || unknown.StatusCode != 401 || wrongBody != want || unknownBody != want {
					t.Errorf("%v: %d %q / %d %q", pair, wrong.StatusCode, wrongBody, unknown.StatusCode, unknownBody)
				}
				for _, h := range []string{"Content-Type", "Content-Length", "Cache-Control", "WWW-Authenticate", "Retry-After"} {
					if wrong.Header.Get(h) != unknown.Header.Get(h) {
						t.Errorf("%v: %s %q vs %q", pair, h, wrong.Header.Get(h), unknown.Header.Get(h))
					}
				}
			}
		})
	}
}

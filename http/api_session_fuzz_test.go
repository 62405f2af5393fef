package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
)

// FuzzAPISession drives the login bodies and the Authorization header
// through the whole handler over a real store: never a 5xx, always a JSON
// envelope, and a refused password always the one uniform body.
func FuzzAPISession(f *testing.F) {
	var srv *beianhttp.Server
	newTestServer(f, "sqlite", func(s *beianhttp.Server) { srv = s })
	for _, n := range []auth.NewAccount{
		{Role: beian.RoleApplicant, Login: "13900000001", Password: "applicant-pass-1"},
		{Role: beian.RoleAdmin, Login: "root-ops", Password: "ops-secret-2026"},
	} {
		if _, err := srv.Accounts.Create(context.Background(), n); err != nil {
			f.Fatal(err)
		}
	}
	h := srv.Handler()
	f.Add(`{"login":"13900000001","password":"applicant-pass-1"}`, `{"token":"abc","code":"123456"}`, "Bearer abc")
	f.Add(`{"login":"root-ops","password":"ops-secret-2026"}`, `{"code":"000000"}`, "bearer  ")
	f.Add(`{"login":" 139 0000 0001 ","password":"x"}`, `{"token":"","code":123456}`, "Basic dXNlcjpwYXNz")
	f.Add(`{"login":"\u0000","password":"\ud800"}`, `{"token":["a"],"code":{"x":1}}`, "Bearer a\x00b")
	f.Add(`{"login":"a","login":"b"}`, `{"Token":"a","token":"b"}`, "Bearer ====")
	f.Add(`{"login":1,"password":null,"extra":true}`, `null`, "Bearer "+strings.Repeat("A", 600))
	const refused = `{"code":401,"msg":"账号或密码错误","success":false}` + "\n"
	f.Fuzz(func(t *testing.T, loginBody, totpBody, authorization string) {
		for _, w := range []*httptest.ResponseRecorder{
			serveWith(h, jsonRequest("/api/v1/login", loginBody), authorization),
			serveWith(h, jsonRequest("/api/v1/login/totp", totpBody), authorization),
			serveWith(h, getRequest("/api/v1/me", ""), authorization),
			serveWith(h, jsonRequest("/api/v1/logout", ""), authorization),
		} {
			var env struct {
				Code    int  `json:"code"`
				Success bool `json:"success"`
			}
			if w.Code >= 500 || json.Unmarshal(w.Body.Bytes(), &env) != nil || env.Code != w.Code {
				t.Fatalf("%d %q", w.Code, w.Body)
			}
		}
		if w := serveWith(h, jsonRequest("/api/v1/login", loginBody), ""); w.Code == 401 && w.Body.String() != refused {
			t.Fatalf("a refused login answers %q", w.Body)
		}
	})
}

// serveWith serves r, with the Authorization header when it is not "".
func serveWith(h http.Handler, r *http.Request, authorization string) *httptest.ResponseRecorder {
	if authorization != "" {
		r.Header.Set("Authorization", authorization)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

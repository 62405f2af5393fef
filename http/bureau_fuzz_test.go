package http_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
)

// FuzzBureauInput drives the bureau's lifecycle input (the blacklist's JSON
// body and form, limit access, a bureau cancellation, a shell decision) as
// a bureau reviewer over a real store: whatever comes in, the answer is
// never a 5xx.
func FuzzBureauInput(f *testing.F) {
	var srv *beianhttp.Server
	ts := newTestServer(f, "sqlite", func(s *beianhttp.Server) { srv = s })
	h := srv.Handler()
	token := session(f, ts.db, srv.Accounts, auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"浙江"}, Password: "matrix-pass-1"})
	f.Add(`{"kind": "domain", "value": "bad-example.cn", "province": "浙江", "reason": "违法内容", "expiresAt": "2030-01-01"}`,
		"kind=entity&value=91330106MA2CFXRU0X&province=330000&reason=ab&expiresAt=2020-01-01")
	f.Add(`{"kind": "principal", "value": "\u0000", "province": "x", "expiresAt": "2030-13-40T99:00:00Z"}`, "kind=%ff&value=&province=")
	f.Add(`{"limitAccess": true, "reason": "x", "filingType": "注销网站", "serviceLicence": "浙ICP备2021012345号-1", "decision": "confirm"}`, "")
	f.Fuzz(func(t *testing.T, body, form string) {
		jsonReq := func(path string) *http.Request {
			r := httptest.NewRequest("POST", path, strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			return r
		}
		for _, req := range []*http.Request{
			jsonReq("/api/v1/bureau/blacklist"),
			jsonReq("/api/v1/bureau/services/%E6%B5%99ICP%E5%A4%872021012345%E5%8F%B7-1/limit-access"),
			jsonReq("/api/v1/bureau/cancellations"),
			jsonReq("/api/v1/bureau/shells/1/decision"),
			formRequest("/bureau/blacklist", form),
		} {
			req.AddCookie(&http.Cookie{Name: "beian_session", Value: token})
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("%s %s: %d\n%s", req.Method, req.URL, w.Code, w.Body)
			}
		}
	})
}

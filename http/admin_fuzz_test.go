package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
)

// FuzzAdminInput drives the administrators' pages (the audit log's query
// string, the scope form) as a logged-in admin over a real store: whatever
// comes in, the answer is never a 5xx.
func FuzzAdminInput(f *testing.F) {
	var srv *beianhttp.Server
	ts := newTestServer(f, "sqlite", func(s *beianhttp.Server) { srv = s })
	h := srv.Handler()
	token := session(f, ts.db, srv.Accounts, auth.NewAccount{Role: beian.RoleAdmin, Login: "admin", Password: "matrix-pass-1"})
	session(f, ts.db, srv.Accounts, auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"浙江"}, Password: "matrix-pass-1"})
	a, err := ts.db.FindAccountByLogin(context.Background(), "zj-bureau")
	if err != nil {
		f.Fatal(err)
	}
	scope := "/admin/accounts/" + strconv.FormatInt(a.ID, 10) + "/scope"
	f.Add("action=account.login&actor=admin&page=2", "provinces=330000&provinces=440000")
	f.Add("page=99999999999999999999&actor=%00", "provinces=%E6%B5%99%E6%B1%9F&provinces=330000")
	f.Add("action=%ff%fe&page=-1", "provider="+string(make([]byte, 300)))
	f.Fuzz(func(t *testing.T, query, form string) {
		for _, req := range []*http.Request{getRequest("/admin/audit", query), formRequest(scope, form)} {
			req.AddCookie(&http.Cookie{Name: "beian_session", Value: token})
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("%s %s: %d\n%s", req.Method, req.URL, w.Code, w.Body)
			}
		}
	})
}

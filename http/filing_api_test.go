package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// filingServer is a test server with a filing accepted into the registry
// and sessions of a Zhejiang and a Guangdong bureau reviewer.
type filingServer struct {
	*testServer
	srv      *beianhttp.Server
	zj, gd   string // session tokens
	filingID int64
}

var smsCodeRE = regexp.MustCompile(`验证码：([0-9]{6})`)

// httpFiling is a 首次备案 in Zhejiang whose site principal is another
// person than the entity's.
func httpFiling(i int) *beian.RegistryFiling {
	return &beian.RegistryFiling{
		Provider: "某某云", ApplicationID: int64(i), Version: 1, FilingType: beian.FilingFirst, SubmittedAt: testdb.Now,
		Record: &beian.ApplicationRecord{Entity: beian.Entity{
			UnitName: fmt.Sprintf("杭州接口%d科技有限公司", i), Nature: "企业", Province: "330000", CertType: "统一社会信用代码证书",
			CertNo:    fmt.Sprintf("HTTPCERT%06d", i),
			Principal: beian.Principal{Name: "王五", CertType: "居民身份证", CertNo: "11010119900307" + fmt.Sprintf("%04d", i), Mobile: fmt.Sprintf("137%08d", i), Email: fmt.Sprintf("boss%d@example.cn", i)},
			Services: []*beian.Service{{Type: beian.ServiceWebsite, Name: "接口官网", Domains: []string{fmt.Sprintf("api%d-example.cn", i)}, HomeURL: fmt.Sprintf("www.api%d-example.cn", i),
				Principal: &beian.Principal{Name: "赵六", CertType: "居民身份证", CertNo: "11010119910307" + fmt.Sprintf("%04d", i), Mobile: fmt.Sprintf("136%08d", i), Email: fmt.Sprintf("site%d@example.cn", i)}}},
		}},
		Access:    [][]beian.Access{{{Provider: "某某云", IPs: []string{"203.0.113.20"}}}},
		Materials: []beian.MaterialRef{{Kind: beian.MaterialEntityCert, SHA256: strings.Repeat("a", 64)}},
	}
}

func newFilingServer(t testing.TB, engine string) *filingServer {
	t.Helper()
	fs := &filingServer{}
	fs.testServer = newTestServer(t, engine, func(s *beianhttp.Server) { fs.srv = s })
	fs.zj = session(t, fs.db, fs.srv.Accounts, auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"浙江"}, Password: "matrix-pass-1"})
	fs.gd = session(t, fs.db, fs.srv.Accounts, auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "gd-bureau", Provinces: []string{"广东"}, Password: "matrix-pass-1"})
	fs.filingID = fs.accept(t, httpFiling(1))
	return fs
}

func (fs *filingServer) accept(t testing.TB, f *beian.RegistryFiling) int64 {
	t.Helper()
	err := fs.db.InTx(context.Background(), func(tx *store.Tx) error { return fs.srv.Filings.Accept(context.Background(), tx, f) })
	if err != nil {
		t.Fatal(err)
	}
	return f.ID
}

func (fs *filingServer) code(t *testing.T, mobile string) string {
	t.Helper()
	list, err := fs.db.FindMessages(context.Background(), beian.MessageFilter{To: mobile})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if c := smsCodeRE.FindStringSubmatch(m.Body); c != nil {
			return c[1]
		}
	}
	t.Fatalf("no code for %s", mobile)
	return ""
}

// do sends a request with a bureau session (token "" for none).
func (fs *filingServer) do(t *testing.T, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, fs.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: "beian_session", Value: token})
	}
	resp, err := fs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: body: %v", method, path, err)
	}
	return resp.StatusCode, out
}

func verifyBody(mobile, code, suffix string) string {
	return fmt.Sprintf(`{"mobile":%q,"code":%q,"certSuffix":%q}`, mobile, code, suffix)
}

// TestSMSVerifyAPI: the exact answers of verification and resend, and
// the filing reaching the bureau when the last principal verifies.
func TestSMSVerifyAPI(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			fs := newFilingServer(t, engine)
			boss, site := "13700000001", "13600000001"
			for _, tc := range []struct {
				body   string
				status int
				msg    string
			}{
				{verifyBody(boss, "000000", "000000"), 400, beian.SMSVerifyNotFound},
				{verifyBody("13500000000", "123456", "123456"), 400, beian.SMSVerifyNotFound},
				{verifyBody("12", "123456", "123456"), 400, "mobile"},
				{`{"mobile":"13700000001","code":"1"}`, 400, "certSuffix"},
				{`{"mobile":"13700000001","code":"1","certSuffix":"1","x":1}`, 400, "x"},
				{verifyBody(boss, fs.code(t, boss), "070001"), 200, beian.SMSVerifyPartial},
				{verifyBody(site, fs.code(t, site), "070001"), 200, beian.SMSVerifyDone},
				{verifyBody(site, fs.code(t, site), "070001"), 400, beian.SMSVerifyNotFound},
			} {
				status, out := fs.do(t, "POST", "/api/v1/sms-verify", "", tc.body)
				if msg, _ := out["msg"].(string); status != tc.status || !strings.Contains(msg, tc.msg) {
					t.Errorf("%s: %d %q, want %d %q", tc.body, status, msg, tc.status, tc.msg)
				}
			}
			status, out := fs.do(t, "POST", "/api/v1/sms-verify/resend", "", `{"mobile":"13700000001","certSuffix":"070001"}`)
			if status != 400 || out["msg"] != beian.SMSResendNothing {
				t.Fatalf("resend after verification: %d %v", status, out)
			}
			other := fs.accept(t, httpFiling(2))
			fs.clock.set(testdb.Now.Add(120e9))
			status, out = fs.do(t, "POST", "/api/v1/sms-verify/resend", "", `{"mobile":"13700000002","certSuffix":"070002"}`)
			if status != 200 || out["success"] != true {
				t.Fatalf("resend: %d %v", status, out)
			}
			if f, _ := fs.db.FindFiling(context.Background(), other); f.Status != beian.StatusSMSVerification {
				t.Fatalf("after resend: %s", f.Status)
			}
			if f, _ := fs.db.FindFiling(context.Background(), fs.filingID); f.Status != beian.StatusBureauReview {
				t.Fatalf("after both verified: %s", f.Status)
			}
		})
	}
}

// verifyAll verifies both principals of filing i.
func (fs *filingServer) verifyAll(t *testing.T, i int) {
	t.Helper()
	for _, m := range []string{fmt.Sprintf("137%08d", i), fmt.Sprintf("136%08d", i)} {
		if status, out := fs.do(t, "POST", "/api/v1/sms-verify", "", verifyBody(m, fs.code(t, m), fmt.Sprintf("07%04d", i))); status != 200 {
			t.Fatalf("verify %s: %d %v", m, status, out)
		}
	}
}

// TestBureauProvinceMatrix: every bureau route, as a reviewer of the
// filing's province and of another: the other sees nothing, decides
// nothing, and nothing changes.
func TestBureauProvinceMatrix(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			fs := newFilingServer(t, engine)
			fs.verifyAll(t, 1)
			id := strconv.FormatInt(fs.filingID, 10)
			for _, tc := range []struct {
				method, path, body string
			}{
				{"GET", "/api/v1/bureau/filings/" + id, ""},
				{"POST", "/api/v1/bureau/filings/" + id + "/decision", `{"decision":"approve"}`},
				{"POST", "/api/v1/bureau/filings/" + id + "/decision", `{"decision":"reject","rejections":[{"field":"unitName","reason":"名称不符"}]}`},
			} {
				if status, out := fs.do(t, tc.method, tc.path, fs.gd, tc.body); status != 403 && status != 404 {
					t.Errorf("%s %s as 广东: %d %v", tc.method, tc.path, status, out)
				}
			}
			for _, q := range []string{"", "?status=pending"} {
				_, out := fs.do(t, "GET", "/api/v1/bureau/filings"+q, fs.gd, "")
				if list := out["params"].(map[string]any)["list"].([]any); len(list) != 0 {
					t.Errorf("广东's queue%s lists %v", q, list)
				}
				_, out = fs.do(t, "GET", "/api/v1/bureau/filings"+q, fs.zj, "")
				list := out["params"].(map[string]any)["list"].([]any)
				if len(list) != 1 || list[0].(map[string]any)["id"] != id || list[0].(map[string]any)["province"] != "浙江" {
					t.Errorf("浙江's queue%s: %v", q, list)
				}
			}
			if f, _ := fs.db.FindFiling(context.Background(), fs.filingID); f.Status != beian.StatusBureauReview || f.MainLicence != "" {
				t.Fatalf("changed by 广东: %s %q", f.Status, f.MainLicence)
			}
			status, out := fs.do(t, "GET", "/api/v1/bureau/filings/"+id, fs.zj, "")
			p, _ := out["params"].(map[string]any)
			if status != 200 || p["record"].(map[string]any)["unitName"] != "杭州接口1科技有限公司" || len(p["materials"].([]any)) != 1 || len(p["events"].([]any)) != 2 {
				t.Fatalf("detail: %d %v", status, out)
			}
			if status, out := fs.do(t, "GET", "/api/v1/bureau/filings?status=done", fs.zj, ""); status != 400 || !strings.Contains(out["msg"].(string), "status") {
				t.Fatalf("bad status filter: %d %v", status, out)
			}
			if status, out := fs.do(t, "POST", "/api/v1/bureau/filings/"+id+"/decision", fs.zj, `{"decision":"maybe"}`); status != 400 || !strings.Contains(out["msg"].(string), "decision") {
				t.Fatalf("bad decision: %d %v", status, out)
			}
			status, out = fs.do(t, "POST", "/api/v1/bureau/filings/"+id+"/decision", fs.zj, `{"decision":"approve"}`)
			p, _ = out["params"].(map[string]any)
			if status != 200 || p["status"] != "approved" || !strings.HasPrefix(p["mainLicence"].(string), "浙ICP备") {
				t.Fatalf("approve: %d %v", status, out)
			}
			_, q := fs.get(t, "/api/v1/query?keyword=api1-example.cn")
			if !strings.Contains(q, p["mainLicence"].(string)+"-1") {
				t.Fatalf("the public query does not find the approved site: %s", q)
			}
			if status, _ := fs.do(t, "POST", "/api/v1/bureau/filings/"+id+"/decision", fs.zj, `{"decision":"approve"}`); status != 409 {
				t.Fatalf("approve twice: %d", status)
			}
		})
	}
}

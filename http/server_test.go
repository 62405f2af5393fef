package http_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }
func newClock() *clock               { return &clock{now: testdb.Now} }
func (c *clock) set(t time.Time)     { c.mu.Lock(); c.now = t; c.mu.Unlock() }

var _ = (*clock).set

// testServer is a running server over a fresh store with the sample data.
type testServer struct {
	*httptest.Server
	db    *store.DB
	clock *clock
}

const sampleData = `{"unitName":"杭州云栖网络科技有限公司","natureName":"企业","province":"浙江","certType":"统一社会信用代码证书","certNo":"91330106MA2CFXRU0X","mainLicence":"浙ICP备2021012345号","principal":{"name":"张三","certType":"居民身份证","certNo":"110101199003077635","mobile":"13800000001","email":"zhang@example.cn"},"services":[{"serviceType":1,"serviceName":"云栖官网","domains":["yunqi-example.com"],"homeUrl":"www.yunqi-example.com","access":[{"provider":"阿里云计算有限公司","ips":["47.96.10.1"]}],"approvedAt":"2021-08-30T13:10:24+08:00"},{"serviceType":7,"serviceName":"云栖助手","approvedAt":"2023-09-03T15:57:16+08:00"}]}
{"unitName":"成都蜀道文化传媒有限公司","natureName":"企业","province":"四川","certType":"统一社会信用代码证书","certNo":"91510100MA61RX0B6A","principal":{"name":"李四","certType":"居民身份证","certNo":"51010419951111001X","mobile":"13900000002","email":"li@example.cn"},"services":[{"serviceType":1,"serviceName":"蜀道","domains":["中文例子.cn"],"homeUrl":"中文例子.cn","approvedAt":"2022-01-10T09:00:00+08:00"}]}
`

func newTestServer(t testing.TB, engine string, configure func(*beianhttp.Server)) *testServer {
	t.Helper()
	db := testdb.Open(t, engine)
	res, err := registry.Import(context.Background(), db, strings.NewReader(sampleData), registry.ImportOptions{Now: db.Now})
	if err != nil {
		t.Fatalf("import sample: %v %+v", err, res.Errors)
	}
	c := newClock()
	db.Now = c.Now
	n, err := notify.New()
	if err != nil {
		t.Fatal(err)
	}
	n.Dev = true
	srv := &beianhttp.Server{
		Registry:  &registry.Registry{DB: db},
		Passwords: &registry.Passwords{DB: db, Notifier: n, Policy: registry.DefaultPasswordPolicy},
		Filings:   &registry.Filings{DB: db, Notifier: n, Policy: registry.DefaultFilingPolicy, Passwords: &registry.Passwords{DB: db, Notifier: n}},
		Messages:  db,
		Accounts:  &auth.Accounts{DB: db, Policy: auth.DefaultPolicy, Notifier: n},
		Dev:       true,
		Ready:     db.Ping,
		Now:       c.Now,
	}
	srv.Agent = newAgent(t, db, srv.Registry, n, c.Now)
	if configure != nil {
		configure(srv)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &testServer{Server: ts, db: db, clock: c}
}

func (ts *testServer) get(t testing.TB, path string) (*http.Response, string) {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// apiResponse is the MIIT-compatible envelope as a client reads it.
type apiResponse struct {
	Code    int    `json:"code"`
	Msg     string `json:"msg"`
	Success bool   `json:"success"`
	Params  struct {
		List       []map[string]any `json:"list"`
		Total      int              `json:"total"`
		Pages      int              `json:"pages"`
		PageNum    int              `json:"pageNum"`
		PageSize   int              `json:"pageSize"`
		IsLastPage bool             `json:"isLastPage"`
	} `json:"params"`
}

func (ts *testServer) query(t *testing.T, params url.Values) (int, apiResponse) {
	t.Helper()
	resp, body := ts.get(t, "/api/v1/query?"+params.Encode())
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type=%q", ct)
	}
	var r apiResponse
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	return resp.StatusCode, r
}

func TestHealthz(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	if resp, body := ts.get(t, "/healthz"); resp.StatusCode != 200 || body != "ok\n" {
		t.Fatalf("healthz: %d %q", resp.StatusCode, body)
	}
}

func TestMetrics(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	ts.get(t, "/api/v1/query?keyword=yunqi-example.com")
	resp, body := ts.get(t, "/metrics")
	if resp.StatusCode != 200 || !strings.Contains(body, `beian_http_requests_total{code="200",route="GET /api/v1/query"} 1`) {
		t.Fatalf("metrics: %d\n%s", resp.StatusCode, body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	resp, _ := ts.get(t, "/query")
	for h, want := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s=%q, want %q", h, got, want)
		}
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("CSP=%q", resp.Header.Get("Content-Security-Policy"))
	}
}

func TestOpenAPIServed(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	resp, body := ts.get(t, "/api/openapi.json")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %v", resp.StatusCode, err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type=%q", ct)
	}
	if doc.OpenAPI != "3.1.0" || doc.Paths["/api/v1/query"]["get"] == nil {
		t.Fatalf("document: %s %v", doc.OpenAPI, doc.Paths)
	}
}

package http_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// TestBureauLifecycleAPI walks the bureau's lifecycle routes over HTTP on
// both engines: the blacklist refuses a type check, limit access shows in
// the query and the provider's list, a change shows in the staff history
// while the query shows only the new state, and a shell found by the scan
// is cancelled on confirmation. Another province's reviewer is refused.
func TestBureauLifecycleAPI(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { bureauLifecycleAPI(t, engine) })
	}
}

// lifecycleClients are the actors of the lifecycle walk.
type lifecycleClients struct {
	t                             *testing.T
	ts                            *testServer
	srv                           *beianhttp.Server
	zj, gd, admin, rev, applicant *apiClient
}

func bureauLifecycleAPI(t *testing.T, engine string) {
	var srv *beianhttp.Server
	ts := newTestServer(t, engine, func(s *beianhttp.Server) {
		srv = s
		s.Shells = &registry.ShellCleanup{DB: s.Registry.DB, Grace: 5 * time.Minute}
	})
	pw := "matrix-pass-123"
	c := &lifecycleClients{t: t, ts: ts, srv: srv,
		zj:        ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "zj-rev", Provinces: []string{"浙江"}, Password: pw}),
		gd:        ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "gd-rev", Provinces: []string{"广东"}, Password: pw}),
		admin:     ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleAdmin, Login: "ops", Password: pw}),
		rev:       ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "rev", Provider: "阿里云计算有限公司", Password: pw}),
		applicant: ts.as(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000003", Password: pw}),
	}
	c.lcBlacklist()
	c.lcLimitAccess()
	c.lcHistory()
	c.lcShells()
	c.lcCancelRead()
	c.lcBureauCancel()
}

func (c *lifecycleClients) lcBlacklist() {
	t, zj, gd, admin, applicant := c.t, c.zj, c.gd, c.admin, c.applicant
	// The blacklist.
	entry := `{"kind": "entity", "value": "91510100MA61RX0B6A", "province": "浙江", "reason": "违法内容"}`
	if status, _, _ := gd.json("POST", "/api/v1/bureau/blacklist", entry); status != 403 {
		t.Errorf("another province adds: %d", status)
	}
	id := zj.mustJSON(201, "POST", "/api/v1/bureau/blacklist", entry)["id"].(string)
	status, _, msg := applicant.json("POST", "/api/v1/agent/type-check", `{"certNo": "91510100MA61RX0B6A", "domains": ["new-example.cn"]}`)
	if status != 409 || !strings.Contains(msg, "黑名单") {
		t.Errorf("blacklisted type check: %d %s", status, msg)
	}
	if n := len(admin.mustJSON(200, "GET", "/api/v1/bureau/blacklist", "")["list"].([]any)); n != 1 {
		t.Errorf("admin lists %d", n)
	}
	if n := len(gd.mustJSON(200, "GET", "/api/v1/bureau/blacklist", "")["list"].([]any)); n != 0 {
		t.Errorf("another province lists %d", n)
	}
	zj.mustJSON(200, "POST", "/api/v1/bureau/blacklist/"+id+"/remove", "")
	applicant.mustJSON(200, "POST", "/api/v1/agent/type-check", `{"certNo": "91510100MA61RX0B6A", "domains": ["new-example.cn"]}`)
}

func (c *lifecycleClients) lcLimitAccess() {
	t, ts, zj, gd, rev := c.t, c.ts, c.zj, c.gd, c.rev
	// Limit access.
	limit := "/api/v1/bureau/services/" + url.PathEscape("浙ICP备2021012345号-1") + "/limit-access"
	if status, _, _ := gd.json("POST", limit, `{"limitAccess": true}`); status != 403 {
		t.Errorf("another province limits: %d", status)
	}
	zj.mustJSON(200, "POST", limit, `{"limitAccess": true, "reason": "内容违规"}`)
	if _, res := ts.query(t, url.Values{"keyword": {"yunqi-example.com"}}); len(res.Params.List) != 1 || res.Params.List[0]["limitAccess"] != "是" {
		t.Errorf("query after limit: %+v", res.Params.List)
	}
	if list := rev.mustJSON(200, "GET", "/api/v1/agent/limited-services", "")["list"].([]any); len(list) != 1 {
		t.Errorf("provider lists %v", list)
	}
	if status, _, page := rev.json("GET", "/provider/limited", ""); status != 200 || !strings.Contains(page, "浙ICP备2021012345号-1") {
		t.Errorf("provider's page: %d", status)
	}
}

func (c *lifecycleClients) lcHistory() {
	t, ts, zj, gd := c.t, c.ts, c.zj, c.gd
	ctx := context.Background()
	// A change applied by the bureau: the history shows it, the query only the new name.
	e, err := ts.db.FindEntityByLicence(ctx, "浙ICP备2021012345号")
	if err != nil {
		t.Fatal(err)
	}
	rec := *e
	rec.UnitName, rec.Services = "杭州云栖新科技有限公司", nil
	err = ts.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := registry.ApplyApproved(ctx, tx, beian.Filing{FilingType: beian.FilingChangeEntity, Record: &beian.ApplicationRecord{Entity: rec}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	hist := "/api/v1/bureau/entities/" + idOf(e.ID) + "/history"
	events := zj.mustJSON(200, "GET", hist, "")["events"].([]any)
	if last := events[len(events)-1].(map[string]any); last["kind"] != "变更主体" || !strings.Contains(last["what"].(string), "主办单位名称") {
		t.Errorf("history: %v", events)
	}
	if status, _, _ := gd.json("GET", hist, ""); status != 404 {
		t.Errorf("another province's history: %d", status)
	}
	if status, _, page := zj.json("GET", "/staff/entities/"+idOf(e.ID), ""); status != 200 || !strings.Contains(page, "<svg") || !strings.Contains(page, "变更主体") {
		t.Errorf("staff page: %d", status)
	}
	if _, res := ts.query(t, url.Values{"keyword": {"杭州云栖"}}); len(res.Params.List) == 0 || res.Params.List[0]["unitName"] != "杭州云栖新科技有限公司" {
		t.Errorf("query after change: %+v", res.Params.List)
	}
}

func (c *lifecycleClients) lcShells() {
	t, ts, srv, zj, gd, admin := c.t, c.ts, c.srv, c.zj, c.gd, c.admin
	ctx := context.Background()
	// Shells: the mini-program has no access; the scan finds it (and the
	// Sichuan site), proposes it after the grace period, and confirmation cancels it.
	if _, err := srv.Shells.Scan(ctx); err != nil {
		t.Fatal(err)
	}
	ts.clock.set(testdb.Now.Add(10 * time.Minute)) // past the grace period
	if _, err := srv.Shells.Scan(ctx); err != nil {
		t.Fatal(err)
	}
	queue := zj.mustJSON(200, "GET", "/api/v1/bureau/shells", "")["list"].([]any)
	if len(queue) != 1 || queue[0].(map[string]any)["licence"] != "浙ICP备2021012345号-2X" {
		t.Fatalf("queue: %v", queue)
	}
	if n := len(admin.mustJSON(200, "GET", "/api/v1/bureau/shells", "")["list"].([]any)); n != 3 {
		t.Errorf("admin's queue: %d, want 3 (two in 四川)", n)
	}
	decision := "/api/v1/bureau/shells/" + queue[0].(map[string]any)["id"].(string) + "/decision"
	if status, _, _ := gd.json("POST", decision, `{"decision": "confirm"}`); status != 403 {
		t.Errorf("another province decides: %d", status)
	}
	zj.mustJSON(200, "POST", decision, `{"decision": "confirm", "note": "公示期满"}`)
	if _, res := ts.query(t, url.Values{"keyword": {"浙ICP备2021012345号-2X"}}); len(res.Params.List) != 0 {
		t.Errorf("cancelled shell still found: %+v", res.Params.List)
	}
}

func (c *lifecycleClients) lcCancelRead() {
	t, srv, applicant := c.t, c.srv, c.applicant
	// An applicant's cancellation shows what it removes.
	product := addProduct(t, srv.Agent, "13700000003", "阿里云计算有限公司", "47.96.20.9", 365)
	app := applicant.mustJSON(201, "POST", "/api/v1/agent/applications", `{"filingType": "取消接入", "record": {"serviceLicence": "浙ICP备2021012345号-1",
		"productId": "`+product+`"}, "reason": "迁出"}`)
	got := applicant.mustJSON(200, "GET", "/api/v1/agent/applications/"+app["id"].(string), "")
	if c, _ := got["cancel"].(map[string]any); got["record"] != nil || c["serviceLicence"] != "浙ICP备2021012345号-1" || c["unitName"] != "杭州云栖新科技有限公司" {
		t.Errorf("cancellation as read: %v", got)
	}
	applicant.mustJSON(200, "POST", "/api/v1/agent/applications/"+app["id"].(string)+"/abandon", "")
}

func (c *lifecycleClients) lcBureauCancel() {
	t, ts, zj, gd := c.t, c.ts, c.zj, c.gd
	// The bureau cancels a site on its own authority.
	cancel := `{"filingType": "注销网站", "serviceLicence": "浙ICP备2021012345号-1", "reason": "网站内容与备案不符"}`
	if status, _, _ := gd.json("POST", "/api/v1/bureau/cancellations", cancel); status != 403 {
		t.Errorf("another province cancels: %d", status)
	}
	if status, _, msg := zj.json("POST", "/api/v1/bureau/cancellations", `{"filingType": "注销网站", "serviceLicence": "浙ICP备2021012345号", "reason": "网站关闭"}`); status != 400 || !strings.Contains(msg, "serviceLicence") {
		t.Errorf("a main number for 注销网站: %d %s", status, msg)
	}
	zj.mustJSON(200, "POST", "/api/v1/bureau/cancellations", cancel)
	if _, res := ts.query(t, url.Values{"keyword": {"yunqi-example.com"}}); len(res.Params.List) != 0 {
		t.Errorf("cancelled by the bureau, still found: %+v", res.Params.List)
	}
	if status, _, _ := zj.json("POST", "/api/v1/bureau/cancellations", cancel); status != 400 {
		t.Errorf("cancelled twice: %d", status)
	}
}

func idOf(id int64) string {
	return strconv.FormatInt(id, 10)
}

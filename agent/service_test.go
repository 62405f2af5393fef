package agent_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/filestore"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

var ctx = context.Background()

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

type fixture struct {
	s     *agent.Service
	db    *store.DB
	clock *clock
	a, b  *beian.Account
	rev   *beian.Account
}

func newFixture(t *testing.T, engine string) *fixture {
	t.Helper()
	db := testdb.Open(t, engine)
	c := &clock{now: testdb.Now}
	db.Now = c.Now
	n, err := notify.New()
	if err != nil {
		t.Fatal(err)
	}
	n.Dev = true
	fs, err := filestore.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := agent.New(db, &registry.Registry{DB: db}, n, fs)
	s.Now = c.Now
	f := &fixture{s: s, db: db, clock: c}
	for _, acc := range []**beian.Account{&f.a, &f.b, &f.rev} {
		*acc = &beian.Account{Role: beian.RoleApplicant, PasswordHash: "x"}
	}
	f.a.Login, f.b.Login = "13700000003", "13700000004"
	f.rev.Role, f.rev.Login, f.rev.Provider = beian.RoleProviderReviewer, "rev", "某某云"
	for _, acc := range []*beian.Account{f.a, f.b, f.rev} {
		if err := db.CreateAccount(ctx, acc); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *fixture) product(t *testing.T, owner, provider, ip string, days int, mainland bool) string {
	t.Helper()
	p, err := f.s.AddProduct(ctx, nil, agent.NewProduct{Owner: owner, Provider: provider, IP: ip, Mainland: mainland, Expires: f.clock.Now().AddDate(0, 0, days)})
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func body(t *testing.T, product, domain string, extra ...string) *agent.ApplicationBody {
	t.Helper()
	services := `{"serviceType": 1, "serviceName": "五月的风", "domains": ["` + domain + `"], "homeUrl": "www.` + domain + `"}`
	products := `{"service": 0, "productId": "` + product + `"}`
	if len(extra) > 0 {
		services += `, {"serviceType": 1, "serviceName": "六月的雨", "domains": ["` + extra[0] + `"], "homeUrl": "www.` + extra[0] + `"}`
		products += `, {"service": 1, "productId": "` + product + `"}`
	}
	raw := `{"record": {"unitName": "王五", "natureName": "个人", "province": "浙江", "certType": "居民身份证", "certNo": "110101199003077635",
	  "principal": {"name": "王五", "certType": "居民身份证", "certNo": "110101199003077635", "mobile": "13700000003", "email": "wang@example.cn"},
	  "services": [` + services + `]}, "products": [` + products + `]}`
	b, err := agent.DecodeApplicationBody([]byte(raw), testdb.Now)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func withAuthCode(b *agent.ApplicationBody, code string) *agent.ApplicationBody {
	b.Products[0].ProductID, b.Products[0].AuthCode = "", code
	return b
}

// TestCreateRules: each rule a create call refuses, with the field it names.
func TestCreateRules(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			good := f.product(t, f.a.Login, "某某云", "47.96.20.1", 365, true)
			abroad := f.product(t, f.a.Login, "某某云", "47.96.20.2", 365, false)
			short := f.product(t, f.a.Login, "某某云", "47.96.20.3", 60, true)
			other := f.product(t, f.b.Login, "某某云", "47.96.20.4", 365, true)
			full := f.product(t, f.a.Login, "某某云", "47.96.1.1", 365, true)
			// Five services already on 47.96.1.1 in the national record.
			for i := range 5 {
				e := &beian.Entity{UnitName: "满载公司", Nature: "企业", Province: "330000", CertType: "统一社会信用代码证书", CertNo: "FULL" + string(rune('A'+i)),
					Principal: beian.Principal{Name: "赵六", CertType: "居民身份证", CertNo: "110101199003070000", Mobile: "13800000000", Email: "z@example.cn"},
					Services: []*beian.Service{{Type: beian.ServiceWebsite, Name: "满载", Domains: []string{"full" + string(rune('a'+i)) + "-example.cn"},
						Access: []beian.Access{{Provider: "某某云", IPs: []string{"47.96.1.1"}}}, ApprovedAt: testdb.Now}}}
				if err := f.db.CreateEntity(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			cases := []struct {
				name      string
				b         *agent.ApplicationBody
				wantCode  string
				wantField string
			}{
				{"not mainland", body(t, abroad, "wangwu-a.cn"), beian.EINVALID, "products[0].productId"},
				{"fewer than 90 days left", body(t, short, "wangwu-a.cn"), beian.EINVALID, "products[0].productId"},
				{"someone else's product", body(t, other, "wangwu-a.cn"), beian.EINVALID, "products[0].productId"},
				{"IP full", body(t, full, "wangwu-a.cn"), beian.EINVALID, "products[0].productId"},
				{"personal order with two websites", body(t, good, "wangwu-a.cn", "wangwu-b.cn"), beian.EINVALID, "services"},
				{"unknown authorization code", withAuthCode(body(t, good, "wangwu-a.cn"), "nope-nope-nope"), beian.EINVALID, "products[0].authCode"},
				{"domain of another entity", body(t, good, "fulla-example.cn"), beian.ECONFLICT, "services[0].domains[0]"},
				{"legacy password not six digits", withLegacy(body(t, good, "wangwu-a.cn"), "12ab56"), beian.EINVALID, "legacyPassword"},
			}
			for _, c := range cases {
				_, err := f.s.Create(ctx, f.a, c.b)
				var e *beian.Error
				if beian.ErrorCode(err) != c.wantCode || !asErr(err, &e) || e.Field != c.wantField {
					t.Errorf("%s: %v (code %s), want %s naming %s", c.name, err, beian.ErrorCode(err), c.wantCode, c.wantField)
				}
			}
			// One order in flight per account.
			if _, err := f.s.Create(ctx, f.a, body(t, good, "wangwu-a.cn")); err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.Create(ctx, f.a, body(t, good, "wangwu-c.cn")); beian.ErrorCode(err) != beian.ECONFLICT {
				t.Errorf("second order in flight: %v", err)
			}
		})
	}
}

func withLegacy(b *agent.ApplicationBody, pw string) *agent.ApplicationBody {
	b.LegacyPassword = pw
	return b
}

func asErr(err error, e **beian.Error) bool {
	x, ok := err.(*beian.Error)
	*e = x
	return ok
}

// TestAuthCodeSingleUse: B files on A's product with A's code, once.
func TestAuthCodeSingleUse(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			p := f.product(t, f.a.Login, "某某云", "47.96.20.1", 365, true)
			if _, err := f.s.IssueAuthCode(ctx, f.b, p); beian.ErrorCode(err) != beian.ENOTFOUND {
				t.Fatalf("code for another's product: %v", err)
			}
			c, err := f.s.IssueAuthCode(ctx, f.a, p)
			if err != nil {
				t.Fatal(err)
			}
			app, err := f.s.Create(ctx, f.b, withAuthCode(body(t, p, "wangwu-a.cn"), c.Code))
			if err != nil || app.Provider != "某某云" {
				t.Fatalf("create with code: %+v %v", app, err)
			}
			// The same application may keep its code on update.
			if _, err := f.s.Update(ctx, f.b, app.ID, withAuthCode(body(t, p, "wangwu-a.cn"), c.Code)); err != nil {
				t.Fatalf("update with its own code: %v", err)
			}
			if _, err := f.s.Abandon(ctx, f.b, app.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.Create(ctx, f.b, withAuthCode(body(t, p, "wangwu-a.cn"), c.Code)); beian.ErrorCode(err) != beian.ECONFLICT {
				t.Fatalf("code used twice: %v", err)
			}
		})
	}
}

// TestExpireRejected: a rejected order untouched for 45 days is abandoned
// by the job its rejection scheduled; an edit puts the expiry off to 45
// days after it.
func TestExpireRejected(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			r := &jobs.Runner{DB: f.db}
			f.s.RegisterJobs(r)
			p := f.product(t, f.a.Login, "某某云", "47.96.20.1", 365, true)
			app := f.submitted(t, "wangwu-a.cn")
			if _, err := f.s.Review(ctx, f.rev, app.ID, agent.Decision{Rejections: []beian.Rejection{{Field: "principal", Reason: "照片不清晰"}}}); err != nil {
				t.Fatal(err)
			}
			run := func(days int, wantRuns int, want beian.ApplicationStatus) {
				t.Helper()
				f.clock.Add(time.Duration(days) * 24 * time.Hour)
				if n, err := r.RunOnce(ctx); err != nil || n != wantRuns {
					t.Fatalf("day +%d: %d jobs ran, %v; want %d", days, n, err, wantRuns)
				}
				if got, _ := f.s.Get(ctx, f.a, app.ID); got.Status != want {
					t.Fatalf("day +%d: %s, want %s", days, got.Status, want)
				}
			}
			run(30, 0, beian.StatusRejected)
			// An edit on day 30 touches the order.
			if _, err := f.s.Update(ctx, f.a, app.ID, body(t, p, "wangwu-a.cn")); err != nil {
				t.Fatal(err)
			}
			run(15, 1, beian.StatusRejected) // day 45: the first job finds it touched
			run(29, 0, beian.StatusRejected) // day 74
			run(1, 1, beian.StatusAbandoned) // day 75: 45 days after the edit
			got, _ := f.s.Get(ctx, f.a, app.ID)
			if last := got.Events[len(got.Events)-1]; last.Note != agent.ExpiredNote {
				t.Fatalf("last event %+v", last)
			}
			if _, err := f.s.Submit(ctx, f.a, app.ID); beian.ErrorCode(err) != beian.ECONFLICT {
				t.Fatalf("submit after expiry: %v", err)
			}
		})
	}
}

// TestWithdrawAndStates: withdraw only in initial review; a reviewer of
// another provider is refused.
func TestWithdrawAndStates(t *testing.T) {
	f := newFixture(t, "sqlite")
	p := f.product(t, f.a.Login, "某某云", "47.96.20.1", 365, true)
	app, err := f.s.Create(ctx, f.a, body(t, p, "wangwu-a.cn"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Withdraw(ctx, f.a, app.ID); beian.ErrorCode(err) != beian.ECONFLICT {
		t.Fatalf("withdraw a draft: %v", err)
	}
	other := &beian.Account{ID: 999, Role: beian.RoleProviderReviewer, Provider: "另一云"}
	if _, err := f.s.Get(ctx, other, app.ID); beian.ErrorCode(err) != beian.EFORBIDDEN {
		t.Fatalf("another provider's reviewer: %v", err)
	}
	if _, err := f.s.Get(ctx, f.b, app.ID); beian.ErrorCode(err) != beian.ENOTFOUND {
		t.Fatalf("applicant B: %v", err)
	}
	if _, err := f.s.AddMaterial(ctx, f.a, app.ID, "passport", "x.png", pngBytes()); !strings.HasPrefix(beian.ErrorMessage(err), "kind") {
		t.Fatalf("unknown kind: %v", err)
	}
}

// TestPersonalSiteCap: a province's cap on an individual's websites counts
// those already filed.
func TestPersonalSiteCap(t *testing.T) {
	f := newFixture(t, "sqlite")
	rs, err := f.s.ProvinceRules.WithOverride([]byte("浙江\t18\t0\t-\trequired\t1\t0\t-\n"))
	if err != nil {
		t.Fatal(err)
	}
	f.s.ProvinceRules = rs
	person := &beian.Entity{UnitName: "王五", Nature: "个人", Province: "330000", CertType: "居民身份证", CertNo: "110101199003077635",
		Principal: beian.Principal{Name: "王五", CertType: "居民身份证", CertNo: "110101199003077635", Mobile: "13700000003", Email: "wang@example.cn"},
		Services: []*beian.Service{{Type: beian.ServiceWebsite, Name: "旧站", Domains: []string{"wangwu-old.cn"},
			Access: []beian.Access{{Provider: "某某云", IPs: []string{"47.96.1.9"}}}, ApprovedAt: testdb.Now}}}
	if err := f.db.CreateEntity(ctx, person); err != nil {
		t.Fatal(err)
	}
	p := f.product(t, f.a.Login, "某某云", "47.96.20.1", 365, true)
	_, err = f.s.Create(ctx, f.a, body(t, p, "wangwu-a.cn"))
	if !hasField(err, "services") || !strings.Contains(beian.ErrorMessage(err), "最多备案1个网站") {
		t.Fatalf("a second website over the cap: %v", err)
	}
}

// TestOneOrderUnderRace: two creates of one account at once open one order.
func TestOneOrderUnderRace(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			p := f.product(t, f.a.Login, "某某云", "47.96.20.1", 365, true)
			errs := make(chan error, 2)
			for _, b := range []*agent.ApplicationBody{body(t, p, "wangwu-a.cn"), body(t, p, "wangwu-b.cn")} {
				go func() { _, err := f.s.Create(ctx, f.a, b); errs <- err }()
			}
			var ok, refused int
			for range 2 {
				switch err := <-errs; {
				case err == nil:
					ok++
				case beian.ErrorCode(err) == beian.ECONFLICT:
					refused++
				default:
					t.Errorf("create: %v", err)
				}
			}
			if ok != 1 || refused != 1 {
				t.Fatalf("%d created, %d refused; want 1 and 1", ok, refused)
			}
		})
	}
}

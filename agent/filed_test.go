package agent_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// filed files 王五's site wang-example.cn at 某某云 and returns it.
func (f *fixture) filed(t *testing.T) *beian.Entity {
	t.Helper()
	e := &beian.Entity{UnitName: "王五", Nature: "个人", Province: "330000", CertType: "居民身份证", CertNo: "110101199003077635",
		Principal: beian.Principal{Name: "王五", CertType: "居民身份证", CertNo: "110101199003077635", Mobile: "13700000003", Email: "wang@example.cn"},
		Services: []*beian.Service{{Type: beian.ServiceWebsite, Name: "五月的风", Domains: []string{"wang-example.cn", "wang-two.cn"}, HomeURL: "www.wang-example.cn",
			Access: []beian.Access{{Provider: "某某云", IPs: []string{"47.96.30.1"}}}, ApprovedAt: testdb.Now}}}
	if err := f.db.CreateEntity(ctx, e); err != nil {
		t.Fatal(err)
	}
	return e
}

// filedBody is a change or cancellation body: %[1]s is the main number,
// %[2]s the service number.
func filedBody(t *testing.T, e *beian.Entity, raw string) (*agent.ApplicationBody, error) {
	t.Helper()
	raw = strings.NewReplacer("MAIN", e.MainLicence, "SERVICE", e.Services[0].Licence).Replace(raw)
	return agent.DecodeApplicationBody([]byte(raw), testdb.Now)
}

const wangEntity = `"unitName": "王五", "natureName": "个人", "province": "浙江", "certType": "居民身份证", "certNo": "110101199003077635",
	"mainLicence": "MAIN", "principal": {"name": "王五", "certType": "居民身份证", "certNo": "110101199003077635", "mobile": "13700000009", "email": "wang@example.cn"}`

// TestFiledApplications: the agent takes changes and cancellations of a
// filed entity, decides their reviewing provider, and refuses what the
// bureau could not apply, naming the field, on both engines.
func TestFiledApplications(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			e := f.filed(t)
			mine := f.product(t, f.a.Login, "某某云", "47.96.30.2", 365, true)
			elsewhere := f.product(t, f.a.Login, "乙云", "47.96.40.1", 365, true)
			cases := []struct {
				name, body string
				fail       string // the field refused; "" for success
				provider   string
			}{
				{"变更主体", `{"filingType": "变更主体", "record": {` + wangEntity + `, "services": []}}`, "", "某某云"},
				{"变更网站 removes a domain", `{"filingType": "变更网站", "record": {` + wangEntity + `, "services": [{"serviceType": 1, "serviceName": "五月的风",
					"serviceLicence": "SERVICE", "domains": ["wang-example.cn"], "homeUrl": "www.wang-example.cn"}]}}`, "", "某某云"},
				{"变更网站 adds a domain", `{"filingType": "变更网站", "record": {` + wangEntity + `, "services": [{"serviceType": 1, "serviceName": "五月的风",
					"serviceLicence": "SERVICE", "domains": ["wang-example.cn", "wang-three.cn"], "homeUrl": "www.wang-example.cn"}]}}`, "services[0].domains[1]", ""},
				{"变更接入", `{"filingType": "变更接入", "record": {` + wangEntity + `, "services": [{"serviceType": 1, "serviceName": "五月的风",
					"serviceLicence": "SERVICE", "domains": ["wang-example.cn", "wang-two.cn"], "homeUrl": "www.wang-example.cn"}]},
					"products": [{"service": 0, "productId": "` + mine + `"}]}`, "", "某某云"},
				{"变更接入 at a provider that does not serve it", `{"filingType": "变更接入", "record": {` + wangEntity + `, "services": [{"serviceType": 1,
					"serviceName": "五月的风", "serviceLicence": "SERVICE", "domains": ["wang-example.cn", "wang-two.cn"], "homeUrl": "www.wang-example.cn"}]},
					"products": [{"service": 0, "productId": "` + elsewhere + `"}]}`, "services[0].serviceLicence", ""},
				{"变更主体 of another certificate", `{"filingType": "变更主体", "record": {` + strings.Replace(wangEntity, `"certNo": "110101199003077635",`, `"certNo": "110101199003077870",`, 1) +
					`, "services": []}}`, "certNo", ""},
				{"注销主体", `{"filingType": "注销主体", "record": {"mainLicence": "MAIN"}, "reason": "不再使用"}`, "", "某某云"},
				{"注销网站", `{"filingType": "注销网站", "record": {"serviceLicence": "SERVICE"}, "reason": "网站关闭"}`, "", "某某云"},
				{"注销网站 of no such number", `{"filingType": "注销网站", "record": {"serviceLicence": "浙ICP备2020999999号-1"}, "reason": "网站关闭"}`, "serviceLicence", ""},
				{"取消接入", `{"filingType": "取消接入", "record": {"serviceLicence": "SERVICE", "productId": "` + mine + `"}, "reason": "迁出"}`, "", "某某云"},
				{"取消接入 by a provider that does not serve it", `{"filingType": "取消接入", "record": {"serviceLicence": "SERVICE", "productId": "` + elsewhere + `"}, "reason": "迁出"}`, "productId", ""},
			}
			for _, c := range cases {
				b, err := filedBody(t, e, c.body)
				if err != nil {
					t.Fatalf("%s: decode: %v", c.name, err)
				}
				a, err := f.s.Create(ctx, f.a, b)
				if c.fail != "" {
					if fe, ok := err.(*beian.Error); !ok || fe.Field != c.fail {
						t.Errorf("%s: %v, want a refusal naming %s", c.name, err, c.fail)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", c.name, err)
					continue
				}
				if a.Provider != c.provider || string(a.FilingType) != strings.Fields(c.name)[0] {
					t.Errorf("%s: provider %s, type %s", c.name, a.Provider, a.FilingType)
				}
				if _, err := f.s.Abandon(ctx, f.a, a.ID); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestFiledOneOrderPerEntity: a change holds the entity, so another
// account's cancellation and a new access are refused naming the order.
func TestFiledOneOrderPerEntity(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			e := f.filed(t)
			b, err := filedBody(t, e, `{"filingType": "变更主体", "record": {`+wangEntity+`, "services": []}}`)
			if err != nil {
				t.Fatal(err)
			}
			held, err := f.s.Create(ctx, f.a, b)
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("订单 %d", held.ID)
			cancel, _ := filedBody(t, e, `{"filingType": "注销网站", "record": {"serviceLicence": "SERVICE"}, "reason": "网站关闭"}`)
			if _, err := f.s.Create(ctx, f.b, cancel); beian.ErrorCode(err) != beian.ECONFLICT || !strings.Contains(err.Error(), want) {
				t.Errorf("cancellation beside a change: %v, want 主办者冲突 naming %s", err, want)
			}
			other := f.product(t, f.b.Login, "乙云", "47.96.40.2", 365, true)
			_, err = f.s.TypeCheck(ctx, f.b, agent.TypeCheckRequest{CertNo: e.CertNo, Domains: []string{"wang-example.cn"}, ProductID: other})
			if beian.ErrorCode(err) != beian.ECONFLICT || !strings.Contains(err.Error(), want) {
				t.Errorf("new access beside a change: %v, want 主办者冲突 naming %s", err, want)
			}
		})
	}
}

// TestCancelAccessEndToEnd: a 取消接入 goes through submission and review
// without materials, and once the bureau's approval is applied the site is
// a shell that the query still shows.
func TestCancelAccessEndToEnd(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			e := f.filed(t)
			mine := f.product(t, f.a.Login, "某某云", "47.96.30.2", 365, true)
			b, err := filedBody(t, e, `{"filingType": "取消接入", "record": {"serviceLicence": "SERVICE", "productId": "`+mine+`"}, "reason": "迁出"}`)
			if err != nil {
				t.Fatal(err)
			}
			a, err := f.s.Create(ctx, f.a, b)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.Submit(ctx, f.a, a.ID); err != nil {
				t.Fatal(err)
			}
			a, err = f.s.Review(ctx, f.rev, a.ID, agent.Decision{Approve: true, RealPersonChecked: true})
			if err != nil || a.Status != beian.StatusSMSVerification {
				t.Fatalf("review: %v, %v", a, err)
			}
			err = f.db.InTx(ctx, func(tx *store.Tx) error {
				_, err := registry.ApplyApproved(ctx, tx, beian.Filing{ApplicationID: a.ID, FilingType: a.FilingType, Provider: a.Provider, Cancel: a.Cancel})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			after, err := f.db.FindEntityByID(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !after.Services[0].IsShell() || !after.IsShell() {
				t.Errorf("after 取消接入 of the only provider: access %v", after.Services[0].Access)
			}
			res, err := (&registry.Registry{DB: f.db}).Query(ctx, registry.QueryParams{Keyword: "wang-example.cn"})
			if err != nil || len(res.Rows) != 1 {
				t.Errorf("query: %v, %v", res.Rows, err)
			}
		})
	}
}

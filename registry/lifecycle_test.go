package registry_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// filedEntity files entity n: service 1 (two domains, 甲云) and service 2
// (one domain, 甲云 and 乙云).
func filedEntity(t *testing.T, db *store.DB, n int) *beian.Entity {
	t.Helper()
	at := time.Date(2021, 1, 1, 0, 0, 0, 0, beian.Shanghai)
	e := &beian.Entity{UnitName: fmt.Sprintf("甲%d公司", n), Nature: "企业", Province: "330000", CertType: "统一社会信用代码证书",
		CertNo: fmt.Sprintf("CERT%d", n), Address: "杭州",
		Principal: beian.Principal{Name: "张三", CertType: "居民身份证", CertNo: "110101199003070000", Mobile: "13800000000", Email: "a@example.cn"},
		Services: []*beian.Service{
			{Type: beian.ServiceWebsite, Name: "一号站", Domains: []string{fmt.Sprintf("a%d.cn", n), fmt.Sprintf("a%d-two.cn", n)},
				Access: []beian.Access{{Provider: "甲云", IPs: []string{"47.96.1.1"}}}, ApprovedAt: at},
			{Type: beian.ServiceWebsite, Name: "二号站", Domains: []string{fmt.Sprintf("b%d.cn", n)},
				Access: []beian.Access{{Provider: "甲云", IPs: []string{"47.96.1.2"}}, {Provider: "乙云", IPs: []string{"47.96.2.2"}}}, ApprovedAt: at},
		}}
	if err := db.CreateEntity(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	return e
}

// rows is what the public query shows for keyword: "number domain name unit".
func rows(t *testing.T, reg *registry.Registry, keyword string) []string {
	t.Helper()
	res, err := reg.Query(context.Background(), registry.QueryParams{Keyword: keyword})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range res.Rows {
		out = append(out, strings.Join([]string{r.ServiceLicence, r.Domain, r.ServiceName, r.UnitName}, " "))
	}
	return out
}

type lifecycleCase struct {
	name  string
	build func(e *beian.Entity) beian.Filing
	fail  string // the field of the refusal; "" for success
	// want is the query by main number afterwards, with %[1]s the main
	// number and %[2]d the entity's n.
	want []string
	// check looks at the entity afterwards.
	check func(t *testing.T, after *beian.Entity)
}

func change(e *beian.Entity, ft beian.FilingType, provider string, edit func(r *beian.Entity)) beian.Filing {
	r := *e
	r.Services = nil
	edit(&r)
	return beian.Filing{ApplicationID: 7, FilingType: ft, Provider: provider, Record: &beian.ApplicationRecord{Entity: r}}
}

func site(e *beian.Entity, i int, edit func(s *beian.Service)) *beian.Service {
	s := *e.Services[i]
	s.Domains = slices.Clone(s.Domains)
	s.Access = nil
	edit(&s)
	return &s
}

func lifecycleCases() []lifecycleCase {
	keep := []string{"%[1]s-1 a%[2]d.cn 一号站 甲%[2]d公司", "%[1]s-1 a%[2]d-two.cn 一号站 甲%[2]d公司", "%[1]s-2 b%[2]d.cn 二号站 甲%[2]d公司"}
	return []lifecycleCase{
		{name: "变更主体", build: func(e *beian.Entity) beian.Filing {
			return change(e, beian.FilingChangeEntity, "甲云", func(r *beian.Entity) { r.UnitName += "新"; r.Principal.Mobile = "13900000000" })
		}, want: []string{"%[1]s-1 a%[2]d.cn 一号站 甲%[2]d公司新", "%[1]s-1 a%[2]d-two.cn 一号站 甲%[2]d公司新", "%[1]s-2 b%[2]d.cn 二号站 甲%[2]d公司新"},
			check: func(t *testing.T, a *beian.Entity) {
				if a.Principal.Mobile != "13900000000" {
					t.Errorf("principal mobile %s", a.Principal.Mobile)
				}
			}},
		{name: "变更主体 across provinces", fail: "province", build: func(e *beian.Entity) beian.Filing {
			return change(e, beian.FilingChangeEntity, "甲云", func(r *beian.Entity) { r.Province = "440000" })
		}, want: keep},
		{name: "变更主体 to a person", fail: "natureName", build: func(e *beian.Entity) beian.Filing {
			return change(e, beian.FilingChangeEntity, "甲云", func(r *beian.Entity) { r.Nature = "个人" })
		}, want: keep},
		{name: "变更网站 removes a domain", build: func(e *beian.Entity) beian.Filing {
			return change(e, beian.FilingChangeSite, "甲云", func(r *beian.Entity) {
				r.Services = []*beian.Service{site(e, 0, func(s *beian.Service) { s.Name = "一号新站"; s.Domains = s.Domains[:1] })}
			})
		}, want: []string{"%[1]s-1 a%[2]d.cn 一号新站 甲%[2]d公司", "%[1]s-2 b%[2]d.cn 二号站 甲%[2]d公司"}},
		{name: "变更网站 adds a domain", fail: "services[0].domains[1]", build: func(e *beian.Entity) beian.Filing {
			return change(e, beian.FilingChangeSite, "甲云", func(r *beian.Entity) {
				r.Services = []*beian.Service{site(e, 1, func(s *beian.Service) { s.Domains = append(s.Domains, "new-one.cn") })}
			})
		}, want: keep},
		{name: "变更接入", build: func(e *beian.Entity) beian.Filing {
			return change(e, beian.FilingChangeAccess, "乙云", func(r *beian.Entity) {
				r.Services = []*beian.Service{site(e, 1, func(s *beian.Service) { s.Access = []beian.Access{{Provider: "乙云", IPs: []string{"47.96.9.9"}}} })}
			})
		}, want: keep, check: func(t *testing.T, a *beian.Entity) {
			if got := fmt.Sprint(a.Services[1].Access); got != "[{甲云 [47.96.1.2]} {乙云 [47.96.9.9]}]" {
				t.Errorf("access %s", got)
			}
		}},
		{name: "变更接入 of a provider without access", fail: "services[0].serviceLicence", build: func(e *beian.Entity) beian.Filing {
			return change(e, beian.FilingChangeAccess, "乙云", func(r *beian.Entity) {
				r.Services = []*beian.Service{site(e, 0, func(s *beian.Service) { s.Access = []beian.Access{{Provider: "乙云", IPs: []string{"47.96.9.9"}}} })}
			})
		}, want: keep},
		{name: "变更备案", build: func(e *beian.Entity) beian.Filing {
			return change(e, beian.FilingChange, "甲云", func(r *beian.Entity) {
				r.Address = "宁波"
				r.Services = []*beian.Service{site(e, 1, func(s *beian.Service) { s.Name = "二号新站" })}
			})
		}, want: []string{keep[0], keep[1], "%[1]s-2 b%[2]d.cn 二号新站 甲%[2]d公司"}, check: func(t *testing.T, a *beian.Entity) {
			if a.Address != "宁波" {
				t.Errorf("address %s", a.Address)
			}
		}},
		{name: "新增接入", build: func(e *beian.Entity) beian.Filing {
			return change(e, beian.FilingNewAccess, "丙云", func(r *beian.Entity) {
				r.Services = []*beian.Service{site(e, 0, func(s *beian.Service) { s.Access = []beian.Access{{Provider: "丙云", IPs: []string{"47.96.3.3"}}} })}
			})
		}, want: keep, check: func(t *testing.T, a *beian.Entity) {
			if got := fmt.Sprint(a.Services[0].Access); got != "[{甲云 [47.96.1.1]} {丙云 [47.96.3.3]}]" {
				t.Errorf("access %s", got)
			}
		}},
		{name: "新增接入 of a provider already there", fail: "services[0].serviceLicence", build: func(e *beian.Entity) beian.Filing {
			return change(e, beian.FilingNewAccess, "甲云", func(r *beian.Entity) {
				r.Services = []*beian.Service{site(e, 0, func(s *beian.Service) { s.Access = []beian.Access{{Provider: "甲云", IPs: []string{"47.96.3.3"}}} })}
			})
		}, want: keep},
		{name: "注销网站", build: func(e *beian.Entity) beian.Filing {
			return beian.Filing{FilingType: beian.FilingCancelSite, Provider: "甲云", Cancel: &beian.Cancellation{ServiceLicence: e.Services[1].Licence, Reason: "关站"}}
		}, want: keep[:2]},
		{name: "取消接入, one provider left", build: func(e *beian.Entity) beian.Filing {
			return beian.Filing{FilingType: beian.FilingCancelAccess, Provider: "乙云", Cancel: &beian.Cancellation{ServiceLicence: e.Services[1].Licence, Reason: "迁出"}}
		}, want: keep, check: func(t *testing.T, a *beian.Entity) {
			if got := fmt.Sprint(a.Services[1].Access); got != "[{甲云 [47.96.1.2]}]" || a.Services[1].IsShell() {
				t.Errorf("access %s", got)
			}
		}},
		{name: "取消接入 of the last provider: a shell", build: func(e *beian.Entity) beian.Filing {
			return beian.Filing{FilingType: beian.FilingCancelAccess, Provider: "甲云", Cancel: &beian.Cancellation{ServiceLicence: e.Services[0].Licence, Reason: "迁出"}}
		}, want: keep, check: func(t *testing.T, a *beian.Entity) {
			if !a.Services[0].IsShell() || a.IsShell() {
				t.Errorf("service shell %v, entity shell %v", a.Services[0].IsShell(), a.IsShell())
			}
		}},
		{name: "注销主体", build: func(e *beian.Entity) beian.Filing {
			return beian.Filing{FilingType: beian.FilingCancelEntity, Provider: "甲云", Cancel: &beian.Cancellation{MainLicence: e.MainLicence, Reason: "公司注销"}}
		}, want: nil},
	}
}

// TestApplyApproved applies each approved change, cancellation and new
// access to a filed entity and holds the public query and the record to
// exactly the new state, on both engines; a refused one changes nothing.
func TestApplyApproved(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, engine)
			reg := &registry.Registry{DB: db}
			for n, c := range lifecycleCases() {
				e := filedEntity(t, db, n)
				err := db.InTx(ctx, func(tx *store.Tx) error {
					_, err := registry.ApplyApproved(ctx, tx, c.build(e))
					return err
				})
				if c.fail != "" {
					if f, ok := err.(*beian.Error); !ok || f.Field != c.fail {
						t.Errorf("%s: %v, want a refusal naming %s", c.name, err, c.fail)
					}
				} else if err != nil {
					t.Errorf("%s: %v", c.name, err)
					continue
				}
				var want []string
				for _, w := range c.want {
					want = append(want, fmt.Sprintf(w, e.MainLicence, n))
				}
				if got := rows(t, reg, e.MainLicence); !slices.Equal(got, want) {
					t.Errorf("%s: query shows\n%q\nwant\n%q", c.name, got, want)
				}
				after, err := db.FindEntityByID(ctx, e.ID)
				if err != nil {
					t.Fatal(err)
				}
				if c.check != nil {
					c.check(t, after)
				}
				hist, err := db.RecordHistory(ctx, e.ID)
				if err != nil {
					t.Fatal(err)
				}
				if (len(hist) > 0) != (c.fail == "") {
					t.Errorf("%s: history %+v", c.name, hist)
				}
			}
		})
	}
}

// TestCancelledNumberNeverReused cancels an entity and files it again: the
// domain is free, the new entity gets a new main number, and the old one
// stays gone from the query, on both engines.
func TestCancelledNumberNeverReused(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, engine)
			reg := &registry.Registry{DB: db}
			e := filedEntity(t, db, 1)
			err := db.InTx(ctx, func(tx *store.Tx) error {
				_, err := registry.ApplyApproved(ctx, tx, beian.Filing{FilingType: beian.FilingCancelEntity, Provider: "甲云",
					Cancel: &beian.Cancellation{MainLicence: e.MainLicence, Reason: "公司注销"}})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			again := filedEntity(t, db, 1)
			if again.MainLicence == e.MainLicence || again.Services[0].Licence == e.Services[0].Licence {
				t.Errorf("number %s given again", e.MainLicence)
			}
			if got := rows(t, reg, e.MainLicence); len(got) != 0 {
				t.Errorf("cancelled number still found: %q", got)
			}
			if got := rows(t, reg, "a1.cn"); len(got) != 1 || !strings.HasPrefix(got[0], again.MainLicence) {
				t.Errorf("domain a1.cn finds %q, want the new filing", got)
			}
		})
	}
}

// TestRenameLeavesNoOldName: after a 变更主体 renames an entity, the
// public query finds it by the new name only (both name indexes), on both
// engines.
func TestRenameLeavesNoOldName(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			reg := &registry.Registry{DB: db}
			e := filedEntity(t, db, 1) // 甲1公司
			apply(t, db, change(e, beian.FilingChangeEntity, "甲云", func(r *beian.Entity) { r.UnitName = "丙丁戊有限公司" }))
			for kw, want := range map[string]int{"甲1公司": 0, "甲1": 0, "丙丁戊": 3, "丙丁": 3} {
				if got := rows(t, reg, kw); len(got) != want {
					t.Errorf("%s finds %q, want %d rows", kw, got, want)
				}
			}
		})
	}
}

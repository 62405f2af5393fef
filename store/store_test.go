package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// forEachEngine runs f as a subtest on every engine with a fresh store.
func forEachEngine(t *testing.T, f func(t *testing.T, db *store.DB)) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			f(t, testdb.Open(t, engine))
		})
	}
}

var ctx = context.Background()

// newEntity returns a valid-looking entity of province code with one website
// per domain; numbers are left for the store to allocate.
func newEntity(i int, province string, domains ...string) *beian.Entity {
	e := &beian.Entity{
		UnitName: fmt.Sprintf("测试%04d网络科技有限公司", i),
		Nature:   "企业",
		Province: province,
		CertType: "统一社会信用代码证书",
		CertNo:   fmt.Sprintf("CERT%014d", i),
		Principal: beian.Principal{
			Name: "张三", CertType: "居民身份证", CertNo: "110101199003070000", Mobile: "13800000000", Email: "a@example.cn",
		},
	}
	for _, d := range domains {
		e.Services = append(e.Services, &beian.Service{
			Type:       beian.ServiceWebsite,
			Name:       d + "官网",
			Domains:    []string{d},
			HomeURL:    "www." + d,
			Access:     []beian.Access{{Provider: "某某云", IPs: []string{"47.96.1.1"}}},
			ApprovedAt: time.Date(2021, 8, 30, 13, 10, 24, 0, beian.Shanghai),
		})
	}
	return e
}

func mustCreate(t *testing.T, db *store.DB, e *beian.Entity) *beian.Entity {
	t.Helper()
	if err := db.CreateEntity(ctx, e); err != nil {
		t.Fatalf("CreateEntity: %v", err)
	}
	return e
}

func TestCreateEntity(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		t.Run("OK", func(t *testing.T) {
			e := newEntity(1, "330000", "example.com")
			e.Services = append(e.Services,
				&beian.Service{Type: beian.ServiceApp, Name: "示例App"},
				&beian.Service{Type: beian.ServiceMiniProgram, Name: "示例小程序"},
				&beian.Service{Type: beian.ServiceQuickApp, Name: "示例快应用"})
			mustCreate(t, db, e)
			if got, want := e.MainLicence, "浙ICP备2021000001号"; got != want {
				t.Fatalf("MainLicence=%q, want %q", got, want)
			}
			for i, want := range []string{"浙ICP备2021000001号-1", "浙ICP备2021000001号-2A", "浙ICP备2021000001号-3X", "浙ICP备2021000001号-4K"} {
				if got := e.Services[i].Licence; got != want {
					t.Errorf("service %d licence=%q, want %q", i, got, want)
				}
			}
			got, err := db.FindEntityByID(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.UnitName != e.UnitName || got.MainLicence != e.MainLicence || len(got.Services) != 4 {
				t.Fatalf("FindEntityByID=%+v", got)
			}
			if s := got.Services[0]; s.Domains[0] != "example.com" || s.Access[0].IPs[0] != "47.96.1.1" || !s.ApprovedAt.Equal(e.Services[0].ApprovedAt) {
				t.Fatalf("service=%+v", s)
			}
			byNo, err := db.FindEntityByLicence(ctx, "浙ICP备2021000001号")
			if err != nil || byNo.ID != e.ID {
				t.Fatalf("FindEntityByLicence=%v, %v", byNo, err)
			}
		})
		t.Run("NewFilingTakesThisYear", func(t *testing.T) {
			e := newEntity(2, "510000")
			e.Services = []*beian.Service{{Type: beian.ServiceWebsite, Name: "站", Domains: []string{"new.cn"}}}
			mustCreate(t, db, e)
			if got, want := e.MainLicence, "蜀ICP备2026000001号"; got != want {
				t.Fatalf("MainLicence=%q, want %q", got, want)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			if _, err := db.FindEntityByID(ctx, 999999); beian.ErrorCode(err) != beian.ENOTFOUND {
				t.Fatalf("err=%v, want ENOTFOUND", err)
			}
		})
	})
}

func TestCreateEntity_Conflict(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		mustCreate(t, db, newEntity(1, "110000", "taken.com"))
		for _, test := range []struct {
			name  string
			e     *beian.Entity
			field string
		}{
			{"Domain", newEntity(2, "110000", "free.com", "taken.com"), "domains"},
			{"CertNo", newEntity(1, "110000", "other.com"), "certNo"},
			{"MainLicence", func() *beian.Entity {
				e := newEntity(3, "110000", "x.com")
				e.MainLicence = "京ICP备2021000001号"
				return e
			}(), "mainLicence"},
		} {
			t.Run(test.name, func(t *testing.T) {
				err := db.CreateEntity(ctx, test.e)
				var be *beian.Error
				if beian.ErrorCode(err) != beian.ECONFLICT {
					t.Fatalf("err=%v, want ECONFLICT", err)
				} else if be, _ = err.(*beian.Error); be.Field != test.field {
					t.Fatalf("field=%q, want %q (%v)", be.Field, test.field, err)
				}
				// Nothing half-written.
				if n, s, _ := db.Counts(ctx); n != 1 || s != 1 {
					t.Fatalf("counts=%d,%d after a refused create, want 1,1", n, s)
				}
			})
		}
		// The refused creates took no number: the next is 000002.
		e := mustCreate(t, db, newEntity(4, "110000", "next.com"))
		if got, want := e.MainLicence, "京ICP备2021000002号"; got != want {
			t.Fatalf("MainLicence=%q, want %q (refused creates must not consume numbers)", got, want)
		}
	})
}

func TestCreateEntity_ObservedNumbersAreSkipped(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		given := newEntity(1, "440000", "given.com")
		given.MainLicence = "粤ICP备2021000007号"
		mustCreate(t, db, given)
		e := mustCreate(t, db, newEntity(2, "440000", "alloc.com"))
		if got, want := e.MainLicence, "粤ICP备2021000008号"; got != want {
			t.Fatalf("MainLicence=%q, want %q", got, want)
		}
	})
}

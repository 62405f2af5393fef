package registry_test

import (
	"context"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
)

// TestLimitAccess: a bureau reviewer of the province marks a service; the
// query shows it limited, its providers list it, another province's
// reviewer and an administrator are refused; lifting the mark undoes it.
func TestLimitAccess(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, engine)
			reg := &registry.Registry{DB: db}
			e := filedEntity(t, db, 1)
			licence := e.Services[1].Licence
			limited := func() bool {
				res, err := reg.Query(ctx, registry.QueryParams{Keyword: licence})
				if err != nil || len(res.Rows) != 1 {
					t.Fatalf("query: %v, %v", res.Rows, err)
				}
				return res.Rows[0].LimitAccess
			}
			zj := &beian.Account{ID: 1, Login: "zj", Role: beian.RoleBureauReviewer, Provinces: []string{"330000"}}
			for _, who := range []*beian.Account{
				{ID: 2, Login: "gd", Role: beian.RoleBureauReviewer, Provinces: []string{"440000"}},
				{ID: 3, Login: "admin", Role: beian.RoleAdmin},
			} {
				if err := reg.LimitAccess(ctx, who, licence, true, "", nil); beian.ErrorCode(err) != beian.EFORBIDDEN {
					t.Errorf("%s: %v, want 403", who.Login, err)
				}
			}
			if err := reg.LimitAccess(ctx, zj, "浙ICP备2020999999号-1", true, "", nil); beian.ErrorCode(err) != beian.ENOTFOUND {
				t.Errorf("unknown number: %v", err)
			}
			if err := reg.LimitAccess(ctx, zj, licence, true, "内容违规", nil); err != nil || !limited() {
				t.Fatalf("mark: %v, limited %v", err, limited())
			}
			for provider, want := range map[string]int{"甲云": 1, "乙云": 1, "丙云": 0} {
				if got, err := db.FindLimitedServices(ctx, provider); err != nil || len(got) != want {
					t.Errorf("%s lists %+v, %v; want %d", provider, got, err, want)
				}
			}
			if err := reg.LimitAccess(ctx, zj, licence, false, "", nil); err != nil || limited() {
				t.Fatalf("lift: %v, limited %v", err, limited())
			}
		})
	}
}

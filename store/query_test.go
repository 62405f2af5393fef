package store_test

import (
	"fmt"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

func query(t *testing.T, db *store.DB, q beian.Query) beian.QueryResult {
	t.Helper()
	if q.PageNum == 0 {
		q.PageNum = 1
	}
	if q.PageSize == 0 {
		q.PageSize = 20
	}
	res, err := db.Query(ctx, q)
	if err != nil {
		t.Fatalf("Query(%+v): %v", q, err)
	}
	return res
}

func TestQuery(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		a := newEntity(1, "330000", "alpha.com", "alpha.cn")
		a.UnitName = "杭州云栖网络科技有限公司"
		a.Services = append(a.Services, &beian.Service{Type: beian.ServiceMiniProgram, Name: "云栖助手"})
		mustCreate(t, db, a)
		b := newEntity(2, "330000", "beta.com")
		b.UnitName = "宁波海港贸易有限公司"
		mustCreate(t, db, b)
		c := newEntity(3, "110000", "gamma.com")
		c.UnitName = "北京云栖文化传媒有限公司"
		mustCreate(t, db, c)

		for _, test := range []struct {
			name  string
			q     beian.Query
			total int
			first string // serviceLicence of the first row
		}{
			{"DomainFindsOneRow", beian.Query{Kind: beian.QueryDomain, Domain: "alpha.cn"}, 1, a.Services[1].Licence},
			{"UnknownDomain", beian.Query{Kind: beian.QueryDomain, Domain: "nobody.com"}, 0, ""},
			{"MainNumberListsAllServices", beian.Query{Kind: beian.QueryLicence, Licence: a.MainLicence, MainOnly: true}, 3, a.Services[0].Licence},
			{"ServiceNumber", beian.Query{Kind: beian.QueryLicence, Licence: a.Services[2].Licence}, 1, a.Services[2].Licence},
			{"NameThreeChars", beian.Query{Kind: beian.QueryName, Name: "云栖网"}, 3, a.Services[0].Licence},
			{"NameTwoChars", beian.Query{Kind: beian.QueryName, Name: "云栖"}, 4, a.Services[0].Licence},
			{"NameLikeWildcardsAreLiteral", beian.Query{Kind: beian.QueryName, Name: "%_"}, 0, ""},
			{"ServiceTypeFilter", beian.Query{Kind: beian.QueryName, Name: "云栖", ServiceType: beian.ServiceMiniProgram}, 1, a.Services[2].Licence},
		} {
			t.Run(test.name, func(t *testing.T) {
				res := query(t, db, test.q)
				if res.Total != test.total || len(res.Rows) != test.total {
					t.Fatalf("total=%d rows=%d, want %d: %+v", res.Total, len(res.Rows), test.total, res.Rows)
				}
				if test.total > 0 && res.Rows[0].ServiceLicence != test.first {
					t.Fatalf("first row %q, want %q", res.Rows[0].ServiceLicence, test.first)
				}
			})
		}

		t.Run("RowFields", func(t *testing.T) {
			r := query(t, db, beian.Query{Kind: beian.QueryDomain, Domain: "beta.com"}).Rows[0]
			want := beian.QueryRow{
				EntityID: b.ID, ServiceID: b.Services[0].ID, UnitName: "宁波海港贸易有限公司", NatureName: "企业",
				MainLicence: b.MainLicence, ServiceLicence: b.Services[0].Licence, ServiceName: "beta.com官网",
				ServiceType: beian.ServiceWebsite, Domain: "beta.com", HomeURL: "www.beta.com",
				UpdateRecordAt: b.Services[0].ApprovedAt,
			}
			if !r.UpdateRecordAt.Equal(want.UpdateRecordAt) {
				t.Fatalf("UpdateRecordAt=%v, want %v", r.UpdateRecordAt, want.UpdateRecordAt)
			}
			r.UpdateRecordAt = want.UpdateRecordAt
			if r != want {
				t.Fatalf("row=%+v\nwant %+v", r, want)
			}
		})
	})
}

// TestQuery_PagingIsStable walks every page of a name query and checks each
// row comes exactly once, in the same order as one big page.
func TestQuery_PagingIsStable(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		for i := range 12 {
			e := newEntity(i, "320000", fmt.Sprintf("p%da.com", i), fmt.Sprintf("p%db.com", i))
			e.UnitName = fmt.Sprintf("苏州翻页%02d科技有限公司", i)
			e.Services[1].Domains = append(e.Services[1].Domains, fmt.Sprintf("p%dc.com", i))
			mustCreate(t, db, e)
		}
		all := query(t, db, beian.Query{Kind: beian.QueryName, Name: "翻页", PageSize: 100})
		if all.Total != 36 {
			t.Fatalf("total=%d, want 36", all.Total)
		}
		var walked []beian.QueryRow
		for page := 1; ; page++ {
			res := query(t, db, beian.Query{Kind: beian.QueryName, Name: "翻页", PageNum: page, PageSize: 7})
			walked = append(walked, res.Rows...)
			if page >= res.Pages() {
				break
			}
		}
		seen := map[string]bool{}
		for i, r := range walked {
			key := r.ServiceLicence + " " + r.Domain
			if seen[key] {
				t.Fatalf("row %q twice", key)
			}
			seen[key] = true
			if all.Rows[i].ServiceLicence != r.ServiceLicence || all.Rows[i].Domain != r.Domain {
				t.Fatalf("row %d differs between paged and whole walk", i)
			}
		}
		if len(walked) != 36 {
			t.Fatalf("walked %d rows, want 36", len(walked))
		}
		if res := query(t, db, beian.Query{Kind: beian.QueryName, Name: "翻页", PageNum: 99, PageSize: 7}); len(res.Rows) != 0 || res.Total != 36 {
			t.Fatalf("page past the end: %d rows, total %d", len(res.Rows), res.Total)
		}
	})
}

// TestQuery_CountCap: the total counts up to the cap exactly and reads the
// cap, marked, past it.
func TestQuery_CountCap(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		for i := range 12 {
			e := newEntity(i, "320000", fmt.Sprintf("c%da.com", i), fmt.Sprintf("c%db.com", i))
			e.UnitName = fmt.Sprintf("苏州封顶%02d科技有限公司", i)
			e.Services[1].Domains = append(e.Services[1].Domains, fmt.Sprintf("c%dc.com", i))
			mustCreate(t, db, e)
		}
		for _, test := range []struct {
			cap, page, total int
			capped           bool
		}{
			{0, 1, 36, false},
			{36, 1, 36, false},
			{100, 2, 36, false},
			{35, 1, 35, true},
			{10, 1, 10, true},
			{10, 2, 10, true},
		} {
			res := query(t, db, beian.Query{Kind: beian.QueryName, Name: "封顶", PageSize: 7, PageNum: test.page, CountCap: test.cap})
			if res.Total != test.total || res.Capped != test.capped || len(res.Rows) != 7 {
				t.Errorf("cap %d page %d: total %d capped %v rows %d, want %d %v 7", test.cap, test.page, res.Total, res.Capped, len(res.Rows), test.total, test.capped)
			}
		}
	})
}

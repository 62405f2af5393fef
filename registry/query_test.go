package registry_test

import (
	"context"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
)

func TestParseQuery(t *testing.T) {
	for _, test := range []struct {
		keyword string
		want    beian.Query
	}{
		{"example.com", beian.Query{Kind: beian.QueryDomain, Domain: "example.com", Reading: "按域名 example.com 查询"}},
		{"https://WWW.Example.com:8080/path?q=1#x", beian.Query{Kind: beian.QueryDomain, Domain: "example.com", Reading: "按域名 example.com 查询"}},
		{"a.b.example.com.cn.", beian.Query{Kind: beian.QueryDomain, Domain: "example.com.cn", Reading: "按域名 example.com.cn 查询"}},
		{"中国.cn", beian.Query{Kind: beian.QueryDomain, Domain: "xn--fiqs8s.cn", Reading: "按域名 中国.cn 查询"}},
		{"www.某某.政务.cn", beian.Query{Kind: beian.QueryDomain, Domain: "xn--xuva.xn--zfr164b.cn", Reading: "按域名 某某.政务.cn 查询"}},
		{"浙ICP备2021012345号", beian.Query{Kind: beian.QueryLicence, Licence: "浙ICP备2021012345号", MainOnly: true, Reading: "按备案号 浙ICP备2021012345号 查询"}},
		{" 川ICP备2021012345号-2 ", beian.Query{Kind: beian.QueryLicence, Licence: "蜀ICP备2021012345号-2", Reading: "按备案号 蜀ICP备2021012345号-2 查询"}},
		{"京ICP证030173号", beian.Query{Kind: beian.QueryLicence, Licence: "京ICP证030173号", MainOnly: true, Reading: "按许可证号 京ICP证030173号 查询"}},
		{"粤B2-20090059-1626X", beian.Query{Kind: beian.QueryLicence, Licence: "粤B2-20090059-1626X", Reading: "按许可证号 粤B2-20090059-1626X 查询"}},
		{"粤A2-20180001号", beian.Query{Kind: beian.QueryLicence, Licence: "粤A2-20180001", MainOnly: true, Reading: "按许可证号 粤A2-20180001 查询"}},
		{"沪b1.b2-20080001-3", beian.Query{Kind: beian.QueryLicence, Licence: "沪B1.B2-20080001-3", Reading: "按许可证号 沪B1.B2-20080001-3 查询"}},
		{"浙ICP备2021012345-1", beian.Query{Kind: beian.QueryLicence, Licence: "浙ICP备2021012345号-1", Reading: "按备案号 浙ICP备2021012345号-1 查询"}},
		{"浙 icp备 2021012345号 -1", beian.Query{Kind: beian.QueryLicence, Licence: "浙ICP备2021012345号-1", Reading: "按备案号 浙ICP备2021012345号-1 查询"}},
		{"粵ICP备2021012345号", beian.Query{Kind: beian.QueryLicence, Licence: "粤ICP备2021012345号", MainOnly: true, Reading: "按备案号 粤ICP备2021012345号 查询"}},
		{"云栖科技", beian.Query{Kind: beian.QueryName, Name: "云栖科技", Reading: "按主办单位名称“云栖科技”查询"}},
		{"云栖", beian.Query{Kind: beian.QueryName, Name: "云栖", Reading: "按主办单位名称“云栖”查询"}},
		{"Apple 中国", beian.Query{Kind: beian.QueryName, Name: "Apple 中国", Reading: "按主办单位名称“Apple 中国”查询"}},
	} {
		t.Run(test.keyword, func(t *testing.T) {
			q, err := registry.ParseQuery(registry.QueryParams{Keyword: test.keyword})
			if err != nil {
				t.Fatal(err)
			}
			test.want.PageNum, test.want.PageSize, test.want.CountCap = 1, registry.DefaultPageSize, registry.MaxQueryRows
			if q != test.want {
				t.Fatalf("ParseQuery=%+v, want %+v", q, test.want)
			}
		})
	}
}

// TestQueryRealWorld imports an entity whose main number is a combined
// telecom licence and whose site is under 政务.cn, and finds it by the forms
// people type, on both engines.
func TestQueryRealWorld(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, engine)
			rec := person(t, 1)
			rec.MainLicence = "浙B1.B2-20180001号"
			rec.Services[0].ServiceLicence = "浙b1.b2-20180001-1"
			rec.Services[0].Domains = []string{"某某.政务.cn"}
			other := person(t, 2)
			other.Services[0].Domains = []string{"另一.政务.cn"}
			if _, err := registry.Import(ctx, db, jsonl(t, rec, other), importOpts(db, false)); err != nil {
				t.Fatal(err)
			}
			reg := &registry.Registry{DB: db}
			for _, kw := range []string{"浙B1.B2-20180001", "浙b1.b2-20180001号", "浙 B1.B2-20180001-1", "https://www.某某.政务.cn/", "xn--xuva.xn--zfr164b.cn"} {
				res, err := reg.Query(ctx, registry.QueryParams{Keyword: kw})
				if err != nil || res.Total != 1 || res.Rows[0].ServiceLicence != "浙B1.B2-20180001-1" || res.Rows[0].Domain != "某某.政务.cn" && res.Rows[0].Domain != "xn--xuva.xn--zfr164b.cn" {
					t.Errorf("Query(%q) = %+v, %v; want the one B1.B2 entity", kw, res, err)
				}
			}
			res, err := reg.Query(ctx, registry.QueryParams{Keyword: "浙ICP备2022000001-1"})
			if err != nil || res.Total != 1 || res.Rows[0].MainLicence != "浙ICP备2022000001号" {
				t.Errorf("allocated number typed without 号: %+v, %v", res, err)
			}
		})
	}
}

func TestQueryParamsReading(t *testing.T) {
	for _, test := range []struct{ keyword, want string }{
		{"粵icp备2021012345-1", "按备案号 粤ICP备2021012345号-1 查询"},
		{"www.example.com", "按域名 example.com 查询"},
		{"x", ""},
		{"", ""},
	} {
		if got := (registry.QueryParams{Keyword: test.keyword}).Reading(); got != test.want {
			t.Errorf("Reading(%q) = %q, want %q", test.keyword, got, test.want)
		}
	}
}

// FuzzParseQuery: any parameters give a query or an EINVALID error naming a
// field, never a panic, and pages stay within bounds.
func FuzzParseQuery(f *testing.F) {
	f.Add("example.com", "1", "1", "20")
	f.Add("浙ICP备2021012345号-1", "", "2", "")
	f.Add("云栖", "7", "", "100")
	f.Add("http://[::1]:80/", "x", "-1", "1000")
	f.Fuzz(func(t *testing.T, kw, st, pn, ps string) {
		q, err := registry.ParseQuery(registry.QueryParams{Keyword: kw, ServiceType: st, PageNum: pn, PageSize: ps})
		if err != nil {
			if beian.ErrorCode(err) != beian.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if q.PageNum < 1 || q.PageSize < 1 || q.PageSize > beian.MaxPageSize {
			t.Fatalf("paging out of bounds: %+v", q)
		}
		if q.Kind == beian.QueryName && len([]rune(q.Name)) < 2 {
			t.Fatalf("name query shorter than 2 characters: %q", q.Name)
		}
	})
}

package registry_test

import (
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
)

func TestParseQuery(t *testing.T) {
	for _, test := range []struct {
		keyword string
		want    beian.Query
	}{
		{"example.com", beian.Query{Kind: beian.QueryDomain, Domain: "example.com"}},
		{"https://WWW.Example.com:8080/path?q=1#x", beian.Query{Kind: beian.QueryDomain, Domain: "example.com"}},
		{"a.b.example.com.cn.", beian.Query{Kind: beian.QueryDomain, Domain: "example.com.cn"}},
		{"中国.cn", beian.Query{Kind: beian.QueryDomain, Domain: "xn--fiqs8s.cn"}},
		{"浙ICP备2021012345号", beian.Query{Kind: beian.QueryLicence, Licence: "浙ICP备2021012345号", MainOnly: true}},
		{" 川ICP备2021012345号-2 ", beian.Query{Kind: beian.QueryLicence, Licence: "蜀ICP备2021012345号-2"}},
		{"京ICP证030173号", beian.Query{Kind: beian.QueryLicence, Licence: "京ICP证030173号", MainOnly: true}},
		{"粤B2-20090059-1626X", beian.Query{Kind: beian.QueryLicence, Licence: "粤B2-20090059-1626X"}},
		{"云栖科技", beian.Query{Kind: beian.QueryName, Name: "云栖科技"}},
		{"云栖", beian.Query{Kind: beian.QueryName, Name: "云栖"}},
	} {
		t.Run(test.keyword, func(t *testing.T) {
			q, err := registry.ParseQuery(registry.QueryParams{Keyword: test.keyword})
			if err != nil {
				t.Fatal(err)
			}
			test.want.PageNum, test.want.PageSize = 1, registry.DefaultPageSize
			if q != test.want {
				t.Fatalf("ParseQuery=%+v, want %+v", q, test.want)
			}
		})
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

package http_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
)

func TestAPIQuery(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts := newTestServer(t, engine, nil)
			for _, test := range []struct {
				name     string
				params   url.Values
				total    int
				licences []string
			}{
				{"Domain", url.Values{"keyword": {"yunqi-example.com"}}, 1, []string{"浙ICP备2021012345号-1"}},
				{"URLWithSubdomainPortPathCase", url.Values{"keyword": {"HTTPS://WWW.Yunqi-Example.COM:8443/a/b?c=d"}}, 1, []string{"浙ICP备2021012345号-1"}},
				{"TrailingDot", url.Values{"keyword": {"yunqi-example.com."}}, 1, []string{"浙ICP备2021012345号-1"}},
				{"IDNUnicode", url.Values{"keyword": {"中文例子.cn"}}, 1, []string{"蜀ICP备2022000001号-1"}},
				{"IDNPunycode", url.Values{"keyword": {"www.xn--fiq26aj2x2ik.cn"}}, 1, []string{"蜀ICP备2022000001号-1"}},
				{"MainNumberListsServices", url.Values{"keyword": {"浙ICP备2021012345号"}}, 2, []string{"浙ICP备2021012345号-1", "浙ICP备2021012345号-2X"}},
				{"ServiceNumber", url.Values{"keyword": {"浙ICP备2021012345号-2X"}}, 1, []string{"浙ICP备2021012345号-2X"}},
				{"PlatePrefixAccepted", url.Values{"keyword": {"川ICP备2022000001号"}}, 1, []string{"蜀ICP备2022000001号-1"}},
				{"NameSubstring", url.Values{"keyword": {"蜀道文化"}}, 1, []string{"蜀ICP备2022000001号-1"}},
				{"NameTwoChars", url.Values{"keyword": {"云栖"}}, 2, []string{"浙ICP备2021012345号-1", "浙ICP备2021012345号-2X"}},
				{"ServiceTypeFilter", url.Values{"keyword": {"云栖"}, "serviceType": {"7"}}, 1, []string{"浙ICP备2021012345号-2X"}},
				{"NoMatchIsSuccess", url.Values{"keyword": {"nobody-here.com"}}, 0, nil},
			} {
				t.Run(test.name, func(t *testing.T) {
					status, r := ts.query(t, test.params)
					if status != 200 || r.Code != 200 || !r.Success || r.Msg != "操作成功" {
						t.Fatalf("status=%d envelope=%+v", status, r)
					}
					if r.Params.Total != test.total || len(r.Params.List) != test.total {
						t.Fatalf("total=%d list=%d, want %d", r.Params.Total, len(r.Params.List), test.total)
					}
					for i, want := range test.licences {
						if got := r.Params.List[i]["serviceLicence"]; got != want {
							t.Errorf("row %d serviceLicence=%v, want %s", i, got, want)
						}
					}
					if r.Params.List == nil {
						t.Fatalf("list is null, want []")
					}
				})
			}
		})
	}
}

func TestAPIQuery_Row(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	_, r := ts.query(t, url.Values{"keyword": {"yunqi-example.com"}})
	row := r.Params.List[0]
	want := map[string]any{
		"unitName": "杭州云栖网络科技有限公司", "natureName": "企业", "mainLicence": "浙ICP备2021012345号",
		"serviceLicence": "浙ICP备2021012345号-1", "serviceName": "云栖官网", "serviceType": float64(1),
		"domain": "yunqi-example.com", "homeUrl": "www.yunqi-example.com", "updateRecordTime": "2021-08-30 13:10:24",
		"limitAccess": "否", "contentTypeName": "",
	}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("%s=%#v, want %#v", k, row[k], v)
		}
	}
	p := r.Params
	if p.Pages != 1 || p.PageNum != 1 || p.PageSize != 20 || !p.IsLastPage {
		t.Errorf("paging=%+v", p)
	}
}

func TestAPIQuery_BadParams(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	for _, test := range []struct {
		name   string
		params url.Values
		field  string
	}{
		{"NoKeyword", url.Values{}, "keyword"},
		{"BlankKeyword", url.Values{"keyword": {"   "}}, "keyword"},
		{"OneCharName", url.Values{"keyword": {"云"}}, "keyword"},
		{"LongKeyword", url.Values{"keyword": {strings.Repeat("云", 101)}}, "keyword"},
		{"ServiceType", url.Values{"keyword": {"云栖"}, "serviceType": {"2"}}, "serviceType"},
		{"ServiceTypeText", url.Values{"keyword": {"云栖"}, "serviceType": {"web"}}, "serviceType"},
		{"PageSizeTooBig", url.Values{"keyword": {"云栖"}, "pageSize": {"101"}}, "pageSize"},
		{"PageSizeZero", url.Values{"keyword": {"云栖"}, "pageSize": {"0"}}, "pageSize"},
		{"PageNum", url.Values{"keyword": {"云栖"}, "pageNum": {"-1"}}, "pageNum"},
	} {
		t.Run(test.name, func(t *testing.T) {
			status, r := ts.query(t, test.params)
			if status != 400 || r.Code != 400 || r.Success {
				t.Fatalf("status=%d envelope=%+v, want 400", status, r)
			}
			if !strings.HasPrefix(r.Msg, test.field+": ") {
				t.Fatalf("msg=%q does not name %s", r.Msg, test.field)
			}
		})
	}
}

func TestAPIQuery_RateLimit(t *testing.T) {
	ts := newTestServer(t, "sqlite", func(s *beianhttp.Server) { s.QueryRate, s.QueryBurst = 1, 3 })
	for i := range 3 {
		if status, _ := ts.query(t, url.Values{"keyword": {"云栖"}}); status != 200 {
			t.Fatalf("request %d: status %d within the burst", i+1, status)
		}
	}
	resp, body := ts.get(t, "/api/v1/query?keyword=云栖")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" || !strings.Contains(body, `"code":429`) {
		t.Fatalf("over the limit: %d Retry-After=%q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	// Health checks are not counted.
	if resp, _ := ts.get(t, "/healthz"); resp.StatusCode != 200 {
		t.Fatalf("healthz limited: %d", resp.StatusCode)
	}
	ts.clock.Add(time.Second)
	if status, _ := ts.query(t, url.Values{"keyword": {"云栖"}}); status != 200 {
		t.Fatalf("after waiting: status %d", status)
	}
}

func TestAPI_NotFoundIsJSON(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	resp, body := ts.get(t, "/api/v1/nothing")
	if resp.StatusCode != 404 || !strings.Contains(body, `"success":false`) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}

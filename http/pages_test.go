package http_test

import (
	"strconv"
	"strings"
	"testing"
)

func TestQueryPage(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	for _, test := range []struct {
		name   string
		path   string
		status int
		want   []string
	}{
		{"Empty", "/query", 200, []string{"<h1>ICP备案查询</h1>", `css:form[method=get][action="/query"] input[name=keyword]`, `<option value="7">小程序</option>`}},
		{"Results", "/query?keyword=%E4%BA%91%E6%A0%96", 200, []string{"共 2 条", "浙ICP备2021012345号-1", "浙ICP备2021012345号-2X", `href="/entities/`}},
		{"NoResults", "/query?keyword=nobody-here.com", 200, []string{"共 0 条", "没有找到"}},
		{"BadInput", "/query?keyword=%E4%BA%91", 400, []string{`css:p#query-error[role=alert]`, "查询关键词：", `css:input#keyword[aria-invalid=true][aria-describedby=query-error]`}},
		{"Paging", "/query?keyword=%E4%BA%91%E6%A0%96&pageSize=1", 200, []string{"第 1/2 页", `css:nav.pager a[rel=next][href*="pageNum=2"]`,
			`css:nav.pager li span[aria-current=page]`, `css:nav.pager li a[href*="pageNum=2"]`,
			`css:nav.pager form.jump[method=get][action="/query"] input[name=pageNum][type=number][max="2"]`,
			`css:form.jump input[type=hidden][name=keyword][value="云栖"]`, `css:form.jump input[type=hidden][name=pageSize][value="1"]`}},
		// A page past the last says so, and links to the last one.
		{"PastEnd", "/query?keyword=%E4%BA%91%E6%A0%96&pageSize=1&pageNum=27", 200, []string{"第 27 页超出了结果的范围", `css:p.empty a[href*="pageNum=2"]`}},
		// Deep paging is refused, saying how deep it may go.
		{"TooDeep", "/query?keyword=%E4%BA%91%E6%A0%96&pageSize=100&pageNum=101", 400, []string{`css:p#query-error[role=alert]`, "页码：", "10000"}},
		{"Home", "/", 200, []string{"ICP备案查询"}},
		{"NotFound", "/nothing", 404, []string{"页面不存在"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			resp, body := ts.get(t, test.path)
			if resp.StatusCode != test.status {
				t.Fatalf("status=%d, want %d\n%s", resp.StatusCode, test.status, body)
			}
			pageHas(t, body, test.want...)
		})
	}
	// A page past the last shows no "第 27/2 页" beside its answer.
	_, body := ts.get(t, "/query?keyword=%E4%BA%91%E6%A0%96&pageSize=1&pageNum=27")
	pageLacks(t, body, "第 27/2 页", "没有找到", `rel="prev"`)
}

func TestEntityPage(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	_, r := ts.query(t, map[string][]string{"keyword": {"yunqi-example.com"}})
	id := r.Params.List[0]["mainId"].(float64)
	resp, body := ts.get(t, "/entities/"+strconv.FormatInt(int64(id), 10))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, w := range []string{"杭州云栖网络科技有限公司", "浙ICP备2021012345号-2X", "小程序", "阿里云计算有限公司", "2021-08-30"} {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	// Personal data of principals is not public.
	for _, secret := range []string{"13800000001", "110101199003077635", "张三"} {
		if strings.Contains(body, secret) {
			t.Errorf("page shows personal data %q", secret)
		}
	}
	for _, path := range []string{"/entities/99999", "/entities/abc", "/entities/-1"} {
		if resp, _ := ts.get(t, path); resp.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", path, resp.StatusCode)
		}
	}
}

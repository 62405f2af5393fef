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
		{"Empty", "/query", 200, []string{"<h1>ICP备案查询</h1>", `name="keyword"`, `<option value="7">小程序</option>`}},
		{"Results", "/query?keyword=%E4%BA%91%E6%A0%96", 200, []string{"共 2 条", "浙ICP备2021012345号-1", "浙ICP备2021012345号-2X", `href="/entities/`}},
		{"NoResults", "/query?keyword=nobody-here.com", 200, []string{"共 0 条", "没有找到"}},
		{"BadInput", "/query?keyword=%E4%BA%91", 400, []string{`role="alert"`, "查询关键词：", `aria-invalid="true"`}},
		{"Paging", "/query?keyword=%E4%BA%91%E6%A0%96&pageSize=1", 200, []string{"第 1/2 页", `rel="next"`, "pageNum=2"}},
		{"Home", "/", 200, []string{"ICP备案查询"}},
		{"NotFound", "/nothing", 404, []string{"页面不存在"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			resp, body := ts.get(t, test.path)
			if resp.StatusCode != test.status {
				t.Fatalf("status=%d, want %d\n%s", resp.StatusCode, test.status, body)
			}
			for _, w := range test.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
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

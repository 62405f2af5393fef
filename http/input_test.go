package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/beianhq/beian/internal/testdb"
)

// hostile are text values no field takes: they must be refused with a 400
// naming the field, never reach the database (a 500 on PostgreSQL before).
var hostile = map[string]string{
	"NUL":       "云栖\x00科技",
	"Control":   "云栖\x1b[2J",
	"DEL":       "云栖\x7f",
	"C1":        "云栖\u0085",
	"BadUTF8":   "云栖\xff\xfe",
	"Truncated": "云栖\xe4\xba",
	"TooLong":   strings.Repeat("云", 300),
}

func TestBadTextInput(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { badTextInput(t, engine) })
	}
}

func badTextInput(t *testing.T, engine string) {
	ts := newTestServer(t, engine, nil)
	for name, v := range hostile {
		t.Run(name, func(t *testing.T) {
			// The API names the field by its JSON name.
			resp, body := ts.get(t, "/api/v1/query?"+url.Values{"keyword": {v}}.Encode())
			if resp.StatusCode != 400 || !strings.Contains(body, `"msg":"keyword: `) {
				t.Errorf("API keyword: %d %s", resp.StatusCode, body)
			}
			resp, body = ts.get(t, "/api/v1/query?"+url.Values{"keyword": {"云栖"}, "pageSize": {v}}.Encode())
			if resp.StatusCode != 400 || !strings.Contains(body, `"msg":"pageSize: `) {
				t.Errorf("API pageSize: %d %s", resp.StatusCode, body)
			}
			// Pages name it by its label.
			resp, body = ts.get(t, "/query?"+url.Values{"keyword": {v}}.Encode())
			if resp.StatusCode != 400 || !strings.Contains(body, "查询关键词：") {
				t.Errorf("page keyword: %d", resp.StatusCode)
			}
			resp, body = ts.get(t, "/password/change?"+url.Values{"licence": {v}}.Encode())
			if resp.StatusCode != 400 || !strings.Contains(body, "主体备案号：") {
				t.Errorf("query parameter licence: %d", resp.StatusCode)
			}
			resp, body = ts.postForm(t, "/login", url.Values{"login": {v}, "password": {"x"}})
			if resp.StatusCode != 400 || !strings.Contains(body, "账号：") {
				t.Errorf("login: %d", resp.StatusCode)
			}
			resp, body = ts.postForm(t, "/password/recover", withValues(recoverForm, "certNo", v))
			if resp.StatusCode != 400 || !strings.Contains(body, "主体证件号码：") {
				t.Errorf("form field certNo: %d", resp.StatusCode)
			}
			resp, body = ts.postForm(t, "/signup/code", url.Values{"mobile": {v}})
			if resp.StatusCode != 400 || !strings.Contains(body, "手机号码：") {
				t.Errorf("form field mobile: %d", resp.StatusCode)
			}
			if !strings.Contains(v, "\xff") && !strings.Contains(v, "\xe4\xba") { // JSON text is UTF-8 by definition
				js := `{"province":"浙江","licence":` + jsonString(v) + `,"certType":"a","certNo":"b"}`
				resp, body = ts.postJSON(t, "/api/v1/password/recover", js)
				if resp.StatusCode != 400 || !strings.Contains(body, `"msg":"licence: `) {
					t.Errorf("JSON licence: %d %s", resp.StatusCode, body)
				}
			}
		})
	}
	// Broken UTF-8 in a JSON body is refused as a whole.
	resp, body := ts.postJSON(t, "/api/v1/password/recover", "{\"licence\":\"\xff\"}")
	if resp.StatusCode != 400 || !strings.Contains(body, "UTF-8") {
		t.Errorf("JSON with broken UTF-8: %d %s", resp.StatusCode, body)
	}
}

// jsonString writes s as a JSON string, control characters escaped.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteString(`\u00` + "0123456789abcdef"[r>>4:r>>4+1] + "0123456789abcdef"[r&15:r&15+1])
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func TestJSONBodies(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	ok := `{"province":"浙江","licence":"浙ICP备2099000001号","certType":"居民身份证","certNo":"110101199003077635"}`
	if resp, body := ts.postJSON(t, "/api/v1/password/recover", ok); resp.StatusCode != 200 {
		t.Fatalf("a good body: %d %s", resp.StatusCode, body)
	}
	for _, test := range []struct {
		name, contentType, body string
		status                  int
		msg                     string
	}{
		{"NoContentType", "", ok, 415, "application/json"},
		{"TextPlain", "text/plain", ok, 415, "application/json"},
		{"Form", "application/x-www-form-urlencoded", ok, 415, "application/json"},
		{"JSONCharset", "application/json; charset=utf-8", ok, 200, ""},
		{"Trailing", "application/json", ok + ` x`, 400, "只能是一个 JSON 对象"},
		{"SecondObject", "application/json", ok + `{}`, 400, "只能是一个 JSON 对象"},
		{"Array", "application/json", `[` + ok + `]`, 400, "不是合法的 JSON 对象"},
		{"Duplicate", "application/json", `{"licence":"a","licence":"b"}`, 400, "licence: 重复的字段"},
		{"DuplicateCase", "application/json", `{"licence":"a","Licence":"b"}`, 400, "Licence: 重复的字段"},
		{"Unknown", "application/json", `{"licence":"a","certNumber":"b"}`, 400, "certNumber: 未知字段"},
		{"NestedControl", "application/json", `{"licence":"a","x":{"y":["\u0000"]}}`, 400, "x.y[0]: "},
		{"Truncated", "application/json", `{"licence":"a"`, 400, "不是合法的 JSON 对象"},
	} {
		t.Run(test.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.URL+"/api/v1/password/recover", strings.NewReader(test.body))
			if test.contentType != "" {
				req.Header.Set("Content-Type", test.contentType)
			}
			resp, body := do(t, ts, req)
			if resp.StatusCode != test.status || !strings.Contains(body, test.msg) {
				t.Fatalf("%d %s, want %d %q", resp.StatusCode, body, test.status, test.msg)
			}
			if test.status != 200 && !strings.Contains(body, `"success":false`) {
				t.Fatalf("not the error body: %s", body)
			}
		})
	}
}

func do(t *testing.T, ts *testServer, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp, b.String()
}

func TestMethodNotAllowed(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	for _, test := range []struct {
		method, path, allow string
		json                bool
	}{
		{"POST", "/query", "GET, HEAD", false},
		{"DELETE", "/login", "GET, HEAD, POST", false},
		{"GET", "/api/v1/password/recover", "POST", true},
		{"PUT", "/api/v1/query", "GET, HEAD", true},
	} {
		req, _ := http.NewRequest(test.method, ts.URL+test.path, nil)
		resp, body := do(t, ts, req)
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != test.allow {
			t.Errorf("%s %s: %d Allow=%q, want 405 %q", test.method, test.path, resp.StatusCode, resp.Header.Get("Allow"), test.allow)
		}
		if got := strings.Contains(body, `"code":405`); got != test.json {
			t.Errorf("%s %s: JSON body %v, want %v: %s", test.method, test.path, got, test.json, body)
		}
	}
	// A path no route has is still 404.
	req, _ := http.NewRequest("POST", ts.URL+"/nothing", nil)
	if resp, _ := do(t, ts, req); resp.StatusCode != 404 {
		t.Errorf("POST /nothing: %d", resp.StatusCode)
	}
}

func TestFormTooLarge(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	resp, body := ts.postForm(t, "/login", url.Values{"login": {strings.Repeat("a", 20<<10)}})
	if resp.StatusCode != 400 || !strings.Contains(body, "提交的表单过大（上限 16 KB）") || strings.Contains(body, "表单无法解析") {
		t.Fatalf("%d\n%s", resp.StatusCode, body)
	}
}

func TestDeepPaging(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts := newTestServer(t, engine, nil)
			status, r := ts.query(t, url.Values{"keyword": {"云栖"}, "pageNum": {"101"}, "pageSize": {"100"}})
			if status != 400 || !strings.HasPrefix(r.Msg, "pageNum: ") || !strings.Contains(r.Msg, "10000") {
				t.Errorf("too deep: %d %q", status, r.Msg)
			}
			// The deepest page allowed is answered, empty and last.
			status, r = ts.query(t, url.Values{"keyword": {"云栖"}, "pageNum": {"100"}, "pageSize": {"100"}})
			if status != 200 || len(r.Params.List) != 0 || !r.Params.IsLastPage || r.Params.PageNum != 100 {
				t.Errorf("deepest page: %d %+v", status, r.Params)
			}
		})
	}
}

package http_test

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
)

func (ts *testServer) postJSON(t testing.TB, path, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var pwRE = regexp.MustCompile(`备案密码：([A-Za-z0-9]{10,32})`)

func TestPasswordAPI(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts := newTestServer(t, engine, nil)
			recover := `{"province":"浙江","licence":"浙ICP备2021012345号","certType":"统一社会信用代码证书","certNo":"91330106MA2CFXRU0X"}`
			resp, matched := ts.postJSON(t, "/api/v1/password/recover", recover)
			if resp.StatusCode != 200 || !strings.Contains(matched, `"success":true`) {
				t.Fatalf("recover: %d %s", resp.StatusCode, matched)
			}
			// Enumeration: a non-matching request gets the very same bytes.
			for _, other := range []string{
				`{"province":"浙江","licence":"浙ICP备2021099999号","certType":"统一社会信用代码证书","certNo":"91330106MA2CFXRU0X"}`,
				`{"province":"330000","licence":"浙ICP备2021012345号","certType":"统一社会信用代码证书","certNo":"91330106MA2CFXRU1X"}`,
			} {
				resp, body := ts.postJSON(t, "/api/v1/password/recover", other)
				if resp.StatusCode != 200 || body != matched {
					t.Fatalf("non-matching answer differs:\n%s\n%s", body, matched)
				}
			}
			// The SMS in the dev outbox carries the new password.
			_, outbox := ts.get(t, "/api/v1/dev/outbox?to=13800000001")
			m := pwRE.FindStringSubmatch(outbox)
			if m == nil {
				t.Fatalf("outbox: %s", outbox)
			}
			pw := m[1]
			_, mail := ts.get(t, "/api/v1/dev/outbox?to=zhang@example.cn")
			if !strings.Contains(mail, "备案密码："+pw) {
				t.Fatalf("email lacks the password: %s", mail)
			}

			change := func(old, new string) (*http.Response, string) {
				return ts.postJSON(t, "/api/v1/password/change", `{"province":"浙江","licence":"浙ICP备2021012345号","oldPassword":"`+old+`","newPassword":"`+new+`"}`)
			}
			if resp, body := change(pw, pw); resp.StatusCode != 200 {
				t.Fatalf("change to same: %d %s", resp.StatusCode, body)
			}
			for i := range 5 {
				resp, body := change("wrong-password", pw)
				if resp.StatusCode != 400 || body != `{"code":400,"msg":"您输入的旧密码错误,请重新输入","success":false}`+"\n" {
					t.Fatalf("wrong password %d: %d %s", i+1, resp.StatusCode, body)
				}
			}
			resp, body := change(pw, pw)
			if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "60" || !strings.Contains(body, `"code":429`) {
				t.Fatalf("locked: %d Retry-After=%q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
			}
			ts.clock.Add(time.Minute)
			if resp, body := change(pw, pw); resp.StatusCode != 200 {
				t.Fatalf("after the lock: %d %s", resp.StatusCode, body)
			}
		})
	}
}

func TestPasswordAPI_BadInput(t *testing.T) {
	ts := newTestServer(t, "sqlite", nil)
	for _, test := range []struct {
		name, path, body, msg string
	}{
		{"ServiceNumber", "/api/v1/password/recover", `{"province":"浙江","licence":"浙ICP备2021012345号-1","certType":"a","certNo":"b"}`, "licence: "},
		{"NotJSON", "/api/v1/password/recover", `province=浙江`, "请求体不是合法的 JSON 对象"},
		{"Empty", "/api/v1/password/recover", ``, "请求体为空"},
		{"WrongType", "/api/v1/password/change", `{"licence": 5}`, "licence: "},
		{"ShortNew", "/api/v1/password/change", `{"province":"浙江","licence":"浙ICP备2021012345号","oldPassword":"x","newPassword":"short"}`, "newPassword: "},
		{"NoOld", "/api/v1/password/change", `{"province":"浙江","licence":"浙ICP备2021012345号","newPassword":"long-enough-1"}`, "oldPassword: "},
		{"TooLarge", "/api/v1/password/recover", `{"certNo":"` + strings.Repeat("9", 20000) + `"}`, "请求体过大"},
	} {
		t.Run(test.name, func(t *testing.T) {
			resp, body := ts.postJSON(t, test.path, test.body)
			if resp.StatusCode != 400 || !strings.Contains(body, `"msg":"`+test.msg) {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
		})
	}
	// A cross-site browser POST is refused.
	resp, body := ts.postJSON(t, "/api/v1/password/recover", `{}`, "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != 403 || !strings.Contains(body, "跨站") {
		t.Fatalf("cross-site: %d %s", resp.StatusCode, body)
	}
	// Nothing was logged with a password in it.
	audit, _ := ts.db.FindAudit(context.Background(), 100)
	for _, a := range audit {
		if strings.Contains(a.Object+a.Outcome, "long-enough") {
			t.Fatalf("audit: %+v", a)
		}
	}
	_ = beian.EINVALID
}

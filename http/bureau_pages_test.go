package http_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
)

// TestBureauPages: the queue and the filing page as the province's reviewer
// and another's; a rejection from the page with and without a reason.
func TestBureauPages(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			fs := newFilingServer(t, engine)
			fs.verifyAll(t, 1)
			id := strconv.FormatInt(fs.filingID, 10)
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			page := func(method, path, token string, form url.Values) (int, string, string) {
				t.Helper()
				var body io.Reader
				if form != nil {
					body = strings.NewReader(form.Encode())
				}
				req, _ := http.NewRequest(method, fs.URL+path, body)
				if form != nil {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Origin", fs.URL)
				}
				req.AddCookie(&http.Cookie{Name: "beian_session", Value: token})
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(b), resp.Header.Get("Location")
			}
			if status, body, _ := page("GET", "/bureau", fs.zj, nil); status != 200 || !strings.Contains(body, "待审核 1 件") ||
				!strings.Contains(body, `<svg id="queue-chart"`) || !strings.Contains(body, "杭州接口1科技有限公司") {
				t.Fatalf("queue page: %d\n%s", status, body)
			}
			if status, body, _ := page("GET", "/bureau", fs.gd, nil); status != 200 || strings.Contains(body, "杭州接口1科技有限公司") {
				t.Fatalf("广东's queue page lists 浙江's filing: %d", status)
			}
			if status, _, _ := page("GET", "/bureau/filings/"+id, fs.gd, nil); status != 403 {
				t.Fatalf("广东 opens the filing: %d", status)
			}
			if status, body, _ := page("POST", "/bureau/filings/"+id+"/decision", fs.zj, url.Values{"decision": {"reject"}, "field": {"unitName"}, "reason": {" "}}); status != 400 || !strings.Contains(body, `id="reason-error"`) {
				t.Fatalf("reject without a reason: %d\n%s", status, body)
			}
			status, _, loc := page("POST", "/bureau/filings/"+id+"/decision", fs.zj, url.Values{"decision": {"reject"}, "field": {"services[0].serviceName"}, "reason": {"名称与内容不符"}})
			if status != 303 || !strings.Contains(loc, "done=rejected") {
				t.Fatalf("reject: %d %s", status, loc)
			}
			status, body, _ := page("GET", loc, fs.zj, nil)
			if status != 200 || !strings.Contains(body, "名称与内容不符") || strings.Contains(body, `id="approve-form"`) {
				t.Fatalf("rejected filing page: %d\n%s", status, body)
			}
			if f, _ := fs.db.FindFiling(context.Background(), fs.filingID); f.Status != beian.StatusBureauRejected {
				t.Fatalf("status %s", f.Status)
			}
		})
	}
}

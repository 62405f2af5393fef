package http_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	beianhttp "github.com/beianhq/beian/http"
)

// FuzzInput drives the input layer (query strings, JSON bodies, forms)
// through the whole handler over a real store: whatever comes in, the
// answer is never a 5xx (a panic answers 500 too).
func FuzzInput(f *testing.F) {
	var srv *beianhttp.Server
	newTestServer(f, "sqlite", func(s *beianhttp.Server) { srv = s })
	h := srv.Handler()
	f.Add("keyword=%E4%BA%91%E6%A0%96&pageNum=2&pageSize=1", `{"province":"浙江","licence":"浙ICP备2021012345号","certType":"a","certNo":"b"}`, "province=330000&licence=x&certNo=%00")
	f.Add("keyword=%00%ff&pageNum=99999999999999999999", `{"licence":"a","licence":"b"} {}`, "login=%ff&password=x&next=//evil")
	f.Add("keyword=yunqi-example.com&serviceType=1", `{"x":{"y":[1,"\u0000",{"z":null}]}}`, strings.Repeat("a=b&", 100))
	f.Add("next=%2F%5Cevil&to=%0d%0a", `[]`, "mobile=13800000001")
	f.Fuzz(func(t *testing.T, query, jsonBody, formBody string) {
		for _, req := range []*http.Request{
			getRequest("/api/v1/query", query),
			getRequest("/query", query),
			getRequest("/login", query),
			getRequest("/password/change", query),
			getRequest("/api/v1/dev/outbox", query),
			jsonRequest("/api/v1/password/recover", jsonBody),
			jsonRequest("/api/v1/password/change", jsonBody),
			formRequest("/password/recover", formBody),
			formRequest("/password/change", formBody),
			formRequest("/login", formBody),
			formRequest("/signup/code", formBody),
		} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("%s %s: %d\n%s", req.Method, req.URL, w.Code, w.Body)
			}
		}
	})
}

func jsonRequest(path, body string) *http.Request {
	r := httptest.NewRequest("POST", path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func formRequest(path, body string) *http.Request {
	r := httptest.NewRequest("POST", path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// getRequest is a GET with a raw query string, any bytes at all.
func getRequest(path, query string) *http.Request {
	r := httptest.NewRequest("GET", path, nil)
	r.URL.RawQuery = query
	return r
}

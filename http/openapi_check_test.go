package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
)

// TestOpenAPIAnswers sends requests to the documented routes and checks
// each answer against the document: its status is documented for the
// operation, and its body fits that status's schema.
func TestOpenAPIAnswers(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { openAPIAnswers(t, engine) })
	}
}

func openAPIAnswers(t *testing.T, engine string) {
	var srv *beianhttp.Server
	ts := newTestServer(t, engine, func(s *beianhttp.Server) { srv = s })
	token := session(t, ts.db, srv.Accounts, auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"浙江"}, Password: "matrix-pass-1"})
	_, body := ts.get(t, "/api/openapi.json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	const recover = `{"province":"浙江","licence":"浙ICP备2021012345号","certType":"统一社会信用代码证书","certNo":"91330106MA2CFXRU0X"}`
	for _, test := range []struct {
		method, path, ctype, body string
		cookie                    bool
		status                    int
		operation                 string // the documented "METHOD /path"
	}{
		{"GET", "/api/openapi.json", "", "", false, 200, "GET /api/openapi.json"},
		{"GET", "/api/v1/query?keyword=yunqi-example.com", "", "", false, 200, "GET /api/v1/query"},
		{"GET", "/api/v1/query?keyword=nothing-here.cn&pageNum=3", "", "", false, 200, "GET /api/v1/query"},
		{"GET", "/api/v1/query?keyword=", "", "", false, 400, "GET /api/v1/query"},
		{"GET", "/api/v1/query?keyword=x.cn&pageNum=101&pageSize=100", "", "", false, 400, "GET /api/v1/query"},
		{"DELETE", "/api/v1/query", "", "", false, 405, "GET /api/v1/query"},
		{"POST", "/api/v1/password/recover", "application/json", recover, false, 200, "POST /api/v1/password/recover"},
		{"POST", "/api/v1/password/recover", "text/plain", recover, false, 415, "POST /api/v1/password/recover"},
		{"POST", "/api/v1/password/recover", "application/json", `{"province":"浙江","extra":1}`, false, 400, "POST /api/v1/password/recover"},
		{"POST", "/api/v1/password/change", "application/json", `{"province":"浙江","licence":"浙ICP备2021012345号","oldPassword":"wrong-pass-1","newPassword":"new-pass-2026"}`, false, 400, "POST /api/v1/password/change"},
		{"GET", "/api/v1/me", "", "", true, 200, "GET /api/v1/me"},
		{"GET", "/api/v1/me", "", "", false, 401, "GET /api/v1/me"},
		{"GET", "/api/v1/dev/outbox?to=13800000001", "", "", false, 200, "GET /api/v1/dev/outbox"},
	} {
		t.Run(test.method+" "+test.path, func(t *testing.T) {
			req, _ := http.NewRequest(test.method, ts.URL+test.path, strings.NewReader(test.body))
			if test.ctype != "" {
				req.Header.Set("Content-Type", test.ctype)
			}
			if test.cookie {
				req.AddCookie(&http.Cookie{Name: "beian_session", Value: token})
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got any
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatalf("body: %v", err)
			}
			if resp.StatusCode != test.status {
				t.Fatalf("status %d, want %d: %v", resp.StatusCode, test.status, got)
			}
			method, path, _ := strings.Cut(test.operation, " ")
			op, _ := dig(doc, "paths", path, strings.ToLower(method)).(map[string]any)
			if op == nil {
				t.Fatalf("%s is not documented", test.operation)
			}
			schema := dig(op, "responses", strconv.Itoa(resp.StatusCode), "content", "application/json", "schema")
			if schema == nil {
				t.Fatalf("status %d is not documented for %s", resp.StatusCode, test.operation)
			}
			if err := fits(doc, schema.(map[string]any), got, "body"); err != nil {
				t.Fatalf("the answer does not fit the document: %v\n%v", err, got)
			}
		})
	}
}

// dig follows keys through nested objects.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// fits checks v against the part of JSON Schema the document uses: $ref,
// allOf, type, const, enum, properties, required, additionalProperties,
// items.
func fits(doc, s map[string]any, v any, at string) error {
	if r, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		return fits(doc, dig(doc, "components", "schemas", name).(map[string]any), v, at)
	}
	for _, sub := range asList(s["allOf"]) {
		if err := fits(doc, sub.(map[string]any), v, at); err != nil {
			return err
		}
	}
	if c, ok := s["const"]; ok && fmt.Sprint(c) != fmt.Sprint(v) {
		return fmt.Errorf("%s = %v, want %v", at, v, c)
	}
	if e, ok := s["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return fmt.Sprint(x) == fmt.Sprint(v) }) {
		return fmt.Errorf("%s = %v, not in %v", at, v, e)
	}
	switch s["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s is not an object", at)
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := m[r.(string)]; !ok {
				return fmt.Errorf("%s lacks %q", at, r)
			}
		}
		for k, val := range m {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					return fmt.Errorf("%s has %q, which is not documented", at, k)
				}
				continue
			}
			if err := fits(doc, ps, val, at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		l, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s is not an array", at)
		}
		for i, x := range l {
			if err := fits(doc, s["items"].(map[string]any), x, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s is not a string", at)
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			return fmt.Errorf("%s is not an integer", at)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s is not a boolean", at)
		}
	}
	return nil
}

func asList(v any) []any { l, _ := v.([]any); return l }

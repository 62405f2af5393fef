package http_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
)

// TestAgentOpenAPIAnswers walks the agent routes and checks each answer
// against the OpenAPI document: a documented status, a body that fits.
func TestAgentOpenAPIAnswers(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { agentOpenAPIAnswers(t, engine) })
	}
}

func agentOpenAPIAnswers(t *testing.T, engine string) {
	var srv *beianhttp.Server
	ts := newTestServer(t, engine, func(s *beianhttp.Server) { srv = s })
	_, body := ts.get(t, "/api/openapi.json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	pw := "doc-pass-12345"
	a := session(t, ts.db, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000003", Password: pw})
	rev := session(t, ts.db, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "doc-rev", Provider: "某某云", Password: pw})
	product := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.20.1", 365)
	send := docChecker(t, ts, doc)
	js := func(s string) io.Reader { return strings.NewReader(s) }
	const ct = "application/json"
	upload := func(kind string, file []byte) (string, io.Reader) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("kind", kind)
		fw, _ := mw.CreateFormFile("file", "x")
		fw.Write(file)
		mw.Close()
		return mw.FormDataContentType(), &buf
	}

	send(a, "GET /api/v1/agent/products", "/api/v1/agent/products", "", nil, 200)
	send(a, "POST /api/v1/agent/products/{id}/authcode", "/api/v1/agent/products/"+product+"/authcode", "", nil, 200)
	send(a, "POST /api/v1/agent/products/{id}/authcode", "/api/v1/agent/products/P999/authcode", "", nil, 404)
	send(a, "POST /api/v1/agent/type-check", "/api/v1/agent/type-check", ct, js(`{"certNo": "110101199003077635", "domains": ["wangwu-blog.cn"]}`), 200)
	send(a, "POST /api/v1/agent/type-check", "/api/v1/agent/type-check", ct, js(`{"certNo": "91330106MA2CFXRU0X", "domains": ["new-yunqi.cn"]}`), 200)
	send(a, "POST /api/v1/agent/type-check", "/api/v1/agent/type-check", ct, js(`{"certNo": "X", "domains": ["yunqi-example.com"]}`), 409)
	send(a, "POST /api/v1/agent/applications", "/api/v1/agent/applications", ct, js(`{"record": {}}`), 400)
	id := send(a, "POST /api/v1/agent/applications", "/api/v1/agent/applications", ct, js(personalBody(product, "王五的小站", "wangwu-blog.cn")), 201)["id"].(string)
	base := "/api/v1/agent/applications/" + id
	send(a, "GET /api/v1/agent/applications", "/api/v1/agent/applications", "", nil, 200)
	send(a, "GET /api/v1/agent/applications", "/api/v1/agent/applications?status=nope", "", nil, 400)
	send(a, "GET /api/v1/agent/applications/{id}", base, "", nil, 200)
	send(a, "GET /api/v1/agent/applications/{id}", "/api/v1/agent/applications/999", "", nil, 404)
	send(a, "POST /api/v1/agent/applications/{id}/submit", base+"/submit", "", nil, 400)
	c, b := upload("principalPhoto", []byte("not an image"))
	send(a, "POST /api/v1/agent/applications/{id}/materials", base+"/materials", c, b, 400)
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
		c, b := upload(kind, testPNG(400, 300))
		send(a, "POST /api/v1/agent/applications/{id}/materials", base+"/materials", c, b, 201)
	}
	send(a, "POST /api/v1/agent/applications/{id}/withdraw", base+"/withdraw", "", nil, 409)
	send(a, "POST /api/v1/agent/applications/{id}/submit", base+"/submit", "", nil, 200)
	send(rev, "GET /api/v1/agent/applications", "/api/v1/agent/applications?status=initial_review", "", nil, 200)
	send(rev, "POST /api/v1/agent/applications/{id}/review", base+"/review", ct, js(`{"decision": "maybe"}`), 400)
	send(rev, "POST /api/v1/agent/applications/{id}/review", base+"/review", ct, js(`{"decision": "reject", "rejections": [{"field": "principal.name", "reason": "与证件不符"}]}`), 200)
	send(a, "GET /api/v1/agent/applications/{id}", base, "", nil, 200)
	send(a, "PUT /api/v1/agent/applications/{id}", base, ct, js(personalBody(product, "五月的风", "wangwu-blog.cn")), 200)
	send(a, "POST /api/v1/agent/applications/{id}/submit", base+"/submit", "", nil, 200)
	send(a, "POST /api/v1/agent/applications/{id}/withdraw", base+"/withdraw", "", nil, 200)
	send(a, "POST /api/v1/agent/applications/{id}/abandon", base+"/abandon", "", nil, 200)
	send(a, "PUT /api/v1/agent/applications/{id}", base, ct, js(personalBody(product, "五月的风", "wangwu-blog.cn")), 409)
	send(rev, "GET /api/v1/agent/applications/{id}", base, "", nil, 200)
}

// docChecker returns a function that sends a request as token and checks
// the answer against the document's schema for the operation op.
func docChecker(t *testing.T, ts *testServer, doc map[string]any) func(token, op, path, ctype string, body io.Reader, want int) map[string]any {
	return func(token, op, path, ctype string, body io.Reader, want int) map[string]any {
		t.Helper()
		method, _, _ := strings.Cut(op, " ")
		req, _ := http.NewRequest(method, ts.URL+path, body)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.AddCookie(&http.Cookie{Name: "beian_session", Value: token})
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var got map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
			t.Fatalf("%s: body: %v", op, err)
		}
		if resp.StatusCode != want {
			t.Fatalf("%s %s: status %d, want %d: %v", op, path, resp.StatusCode, want, got)
		}
		_, p, _ := strings.Cut(op, " ")
		s := dig(doc, "paths", p, strings.ToLower(method), "responses", strconv.Itoa(want), "content", "application/json", "schema")
		if s == nil {
			t.Fatalf("%s: status %d is not documented", op, want)
		}
		if err := fits(doc, s.(map[string]any), got, "body"); err != nil {
			t.Fatalf("%s %d does not fit the document: %v\n%v", op, want, err, got)
		}
		params, _ := got["params"].(map[string]any)
		return params
	}
}

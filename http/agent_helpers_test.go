package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/filestore"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// newAgent builds the agent service of a test server: materials in a
// temporary directory, the in-process registry, manual real-person checks.
func newAgent(t testing.TB, db *store.DB, reg beian.Registry, n *notify.Notifier, now func() time.Time) *agent.Service {
	t.Helper()
	fs, err := filestore.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := agent.New(db, reg, n, fs)
	s.Now = now
	s.RealPerson = beian.ManualVerification{Now: now}
	return s
}

// apiClient calls the JSON API as one account: with a bearer token when
// bearer is set, else with the pages' session cookie.
type apiClient struct {
	t      testing.TB
	ts     *testServer
	token  string
	bearer bool
}

// login signs in over POST /api/v1/login and returns a bearer client.
func (ts *testServer) login(t *testing.T, accounts *auth.Accounts, n auth.NewAccount) *apiClient {
	t.Helper()
	if _, err := accounts.Create(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	c := &apiClient{t: t, ts: ts}
	p := c.mustJSON(200, "POST", "/api/v1/login", `{"login": "`+n.Login+`", "password": "`+n.Password+`"}`)
	token, _ := p["token"].(string)
	if token == "" || p["role"] != string(n.Role) {
		t.Fatalf("login: %v", p)
	}
	c.token, c.bearer = token, true
	return c
}

func (ts *testServer) as(t *testing.T, accounts *auth.Accounts, n auth.NewAccount) *apiClient {
	return &apiClient{t: t, ts: ts, token: session(t, ts.db, accounts, n)}
}

// call sends a request and decodes the envelope's params.
func (c *apiClient) call(method, path, contentType string, body io.Reader) (int, map[string]any, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.ts.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	switch {
	case c.token != "" && c.bearer:
		req.Header.Set("Authorization", "Bearer "+c.token)
	case c.token != "":
		req.AddCookie(&http.Cookie{Name: "beian_session", Value: c.token})
	}
	resp, err := c.ts.Client().Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var env struct {
		Msg    string         `json:"msg"`
		Params map[string]any `json:"params"`
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &env); err != nil {
			c.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
		return resp.StatusCode, env.Params, env.Msg
	}
	return resp.StatusCode, nil, string(b)
}

func (c *apiClient) json(method, path, body string) (int, map[string]any, string) {
	c.t.Helper()
	var r io.Reader
	ct := ""
	if body != "" {
		r, ct = strings.NewReader(body), "application/json"
	}
	return c.call(method, path, ct, r)
}

// mustJSON is json that fails the test unless the status is want.
func (c *apiClient) mustJSON(want int, method, path, body string) map[string]any {
	c.t.Helper()
	status, p, msg := c.json(method, path, body)
	if status != want {
		c.t.Fatalf("%s %s: status %d (%s), want %d", method, path, status, msg, want)
	}
	return p
}

func (c *apiClient) upload(path, kind string, file []byte) (int, map[string]any, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", kind+".bin")
	fw.Write(file)
	mw.Close()
	return c.call("POST", path, mw.FormDataContentType(), &buf)
}

// testPNG is a valid PNG of w×h pixels.
func testPNG(w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	img.Set(0, 0, color.Gray{Y: 7})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

const testPDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

// addProduct gives the applicant login a product at provider.
func addProduct(t *testing.T, s *agent.Service, login, provider, ip string, days int) string {
	t.Helper()
	p, err := s.AddProduct(context.Background(), nil, agent.NewProduct{Owner: login, Provider: provider, IP: ip, Mainland: true,
		Expires: s.Now().AddDate(0, 0, days)})
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// personalBody is a personal website filing on product.
func personalBody(product, siteName, domain string) string {
	return `{"record": {"unitName": "王五", "natureName": "个人", "province": "浙江", "certType": "居民身份证", "certNo": "110101199003077635",
	  "principal": {"name": "王五", "certType": "居民身份证", "certNo": "110101199003077635", "mobile": "13700000003", "email": "wang@example.cn"},
	  "services": [{"serviceType": 1, "serviceName": "` + siteName + `", "domains": ["` + domain + `"], "homeUrl": "www.` + domain + `"}]},
	  "products": [{"service": 0, "productId": "` + product + `"}]}`
}

func agentNewProduct(login string, now time.Time) agent.NewProduct {
	return agent.NewProduct{Owner: login, Provider: "某某云", IP: "47.96.20.1", Mainland: true, Expires: now.AddDate(1, 0, 0)}
}

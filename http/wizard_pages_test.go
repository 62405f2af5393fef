package http_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/http/internal/htmlcheck"
	"github.com/beianhq/beian/internal/testdb"
)

// pageClient is a browser without script: a cookie jar (the session and
// the wizard's state), following redirects.
type pageClient struct {
	t    *testing.T
	ts   *testServer
	http *http.Client
}

func (ts *testServer) browser(t *testing.T, accounts *auth.Accounts, n auth.NewAccount) *pageClient {
	t.Helper()
	token := session(t, ts.db, accounts, n)
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(ts.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: "beian_session", Value: token, Path: "/"}})
	c := *ts.Client()
	c.Jar = jar
	return &pageClient{t: t, ts: ts, http: &c}
}

// page answers the status, the final path and the parsed page.
func (c *pageClient) do(req *http.Request) (int, string, *htmlcheck.Doc) {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	doc, err := htmlcheck.Parse(string(b))
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, resp.Request.URL.Path, doc
}

func (c *pageClient) get(path string) (int, string, *htmlcheck.Doc) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.ts.URL+path, nil)
	return c.do(req)
}

func (c *pageClient) post(path string, kv ...string) (int, string, *htmlcheck.Doc) {
	c.t.Helper()
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	req, _ := http.NewRequest("POST", c.ts.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *pageClient) upload(path, kind string, file []byte) (int, string, *htmlcheck.Doc) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", kind+".png")
	fw.Write(file)
	mw.Close()
	req, _ := http.NewRequest("POST", c.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// must fails the test unless the page has an element for every selector.
func must(t *testing.T, what string, doc *htmlcheck.Doc, sels ...string) {
	t.Helper()
	for _, sel := range sels {
		if doc.Count(sel) == 0 {
			text, _ := doc.Text("main")
			t.Fatalf("%s: no %s on the page:\n%s", what, sel, text)
		}
	}
}

func textOf(doc *htmlcheck.Doc, sel string) string {
	s, _ := doc.Text(sel)
	return s
}

// TestWizardPages walks the wizard's pages without script to a submitted
// application, with an error state on every step, then the review pages:
// a rejected field, the fix, the approval, and the timeline at 短信核验.
func TestWizardPages(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { wizardPages(t, engine) })
	}
}

var personalEntity = []string{"unitName", "王五", "natureName", "个人", "province", "330000", "certType", "居民身份证",
	"certNo", "110101199003077635", "principal.name", "王五", "principal.certType", "居民身份证",
	"principal.certNo", "110101199003077635", "principal.email", "wang@example.cn"}

func wizardPages(t *testing.T, engine string) {
	var srv *beianhttp.Server
	ts := newTestServer(t, engine, func(s *beianhttp.Server) { srv = s })
	a := ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000003", Password: "flow-pass-123"})
	product := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.20.1", 365)

	wizardFirstSteps(t, a, product)
	// 主体信息: the principal's mobile is checked on its input.
	status, path, doc := a.post("/agent/wizard/entity", append(personalEntity, "principal.mobile", "123")...)
	must(t, "mobile", doc, `#principal-mobile[aria-invalid="true"]`)
	if msg := textOf(doc, "#principal-mobile-error"); status != 400 || !strings.HasPrefix(msg, "负责人手机号码：") {
		t.Fatalf("mobile: %d %q", status, msg)
	}
	if _, path, _ = a.post("/agent/wizard/entity", append(personalEntity, "principal.mobile", "13700000003")...); path != "/agent/wizard/services" {
		t.Fatalf("entity step went to %s", path)
	}
	// Leaving and coming back continues: the entity step shows what was saved.
	_, _, doc = a.get("/agent/wizard/entity")
	must(t, "state kept", doc, `#principal-mobile[value="13700000003"]`)

	// 服务信息: creating the draft checks every domain.
	site := []string{"op", "save", "services[0].serviceType", "1", "services[0].serviceName", "王五的小站", "services[0].homeUrl", "www.wangwu-blog.cn",
		"services[0].domains[0]", "wangwu-blog.cn"}
	status, _, doc = a.post("/agent/wizard/services", append(site, "services[0].domains[1]", "bad_domain")...)
	must(t, "service domain", doc, `#services-0-domains-1[aria-invalid="true"]`)
	if status != 400 || !strings.HasPrefix(textOf(doc, "#services-0-domains-1-error"), "服务1 域名2：") {
		t.Fatalf("service domain: %d %q", status, textOf(doc, "#services-0-domains-1-error"))
	}
	// An App's fields are checked on their inputs: the package name, and a
	// platform's fingerprint on that platform's row.
	app := []string{"op", "save", "services[0].serviceType", "6", "services[0].serviceName", "王五的工具"}
	_, _, doc = a.post("/agent/wizard/services", append(app, "services[0].app.packageName", "not a package")...)
	must(t, "package name", doc, `#services-0-app-packageName[aria-invalid="true"]`, "#services-0-app-packageName-error")
	_, _, doc = a.post("/agent/wizard/services", append(app, "services[0].app.packageName", "cn.wangwu.tool",
		"services[0].app.platforms[1].fingerprint", "not hex")...)
	must(t, "fingerprint", doc, `#services-0-app-platforms-1-fingerprint[aria-invalid="true"]`)
	_, path, _ = a.post("/agent/wizard/services", site...)
	id := strings.TrimSuffix(strings.TrimPrefix(path, "/agent/applications/"), "/wizard/materials")
	if !strings.HasSuffix(path, "/wizard/materials") || id == "" {
		t.Fatalf("draft not created: %s", path)
	}
	base := "/agent/applications/" + id

	// 上传资料 and 确认提交.
	status, _, doc = a.upload(base+"/materials", "principalPhoto", []byte("GIF89a not an image"))
	must(t, "bad upload", doc, `#file[aria-invalid="true"]`, "#file-error")
	// Submitting without the materials names the first one missing, with a
	// link to the step that takes it.
	status, _, doc = a.post(base+"/submit", "agree", "yes")
	must(t, "no materials", doc, `a[href="`+base+`/wizard/materials"]`)
	if status != 400 || !strings.HasPrefix(textOf(doc, "#form-error"), "负责人证件人像面：") {
		t.Fatalf("submit without materials: %d %q", status, textOf(doc, "#form-error"))
	}
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
		if status, _, doc = a.upload(base+"/materials", kind, testPNG(400, 300)); status != 200 {
			t.Fatalf("upload %s: %d %s", kind, status, textOf(doc, "main"))
		}
	}
	status, _, doc = a.post(base + "/submit")
	must(t, "agree", doc, `#agree[aria-invalid="true"]`, "#agree-error")
	status, path, doc = a.post(base+"/submit", "agree", "yes")
	if status != 200 || path != base || textOf(doc, "#status") != "接入商初审中" {
		t.Fatalf("submit: %d %s %q", status, path, textOf(doc, "#status"))
	}
	must(t, "timeline", doc, `svg.wide g.step.current[data-step="初审"]`, `svg.wide g.step.done[data-step="提交初审"] text.date`,
		`form[action="`+base+`/withdraw"]`, `form[action="`+base+`/abandon"]`)

	reviewPages(t, ts, srv, a, base, id, product)
}

func reviewPages(t *testing.T, ts *testServer, srv *beianhttp.Server, a *pageClient, base, id, product string) {
	rev := ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "yun-reviewer", Provider: "某某云", Password: "flow-pass-123"})
	other := ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "other-reviewer", Provider: "别家云", Password: "flow-pass-123"})
	b := ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000004", Password: "flow-pass-123"})
	if status, _, _ := b.get(base); status != 404 {
		t.Fatalf("applicant B sees A's application: %d", status)
	}
	if status, _, _ := other.get("/agent/review/" + id); status != 403 {
		t.Fatalf("another provider's reviewer: %d", status)
	}
	_, _, doc := rev.get("/agent/review")
	must(t, "queue", doc, `table.queue a[href="/agent/review/`+id+`"]`)
	_, _, doc = rev.get("/agent/review/" + id)
	must(t, "review page", doc, "ul.gallery img", `#rejections-0-field option[value*=serviceName]`, "#rejections-0-code option", "#realPerson")

	// A reason without a field is refused on the row.
	status, _, doc := rev.post("/agent/review/"+id, "decision", "reject", "rejections[0].reason", "名称不符")
	if status != 400 {
		t.Fatalf("reason without field: %d", status)
	}
	must(t, "reason without field", doc, `#rejections-0-field[aria-invalid="true"]`)
	status, _, doc = rev.post("/agent/review/"+id, "decision", "reject", "rejections[0].field", "services[0].serviceName",
		"rejections[0].code", "site_name", "rejections[0].reason", "请使用与内容相符的名称")
	if status != 200 || textOf(doc, "#status") != "初审驳回" {
		t.Fatalf("reject: %d %q %s", status, textOf(doc, "#status"), textOf(doc, "main"))
	}
	_, _, doc = a.get(base)
	must(t, "rejected page", doc, `section.reasons li[data-field*=serviceName]`, `svg.wide g.step.rejected[data-step="初审"]`)
	if !strings.Contains(textOf(doc, "section.reasons"), "服务1 服务名称") {
		t.Fatalf("reason label: %q", textOf(doc, "section.reasons"))
	}

	// The wizard shows the reasons, each linking to its step.
	_, _, doc = a.get(base + "/wizard/entity")
	must(t, "reasons in the wizard", doc, `section.reasons a[href="`+base+`/wizard/services"]`)
	// The steps of a saved application update it: the type and the product
	// steps do not find the application itself in flight.
	if _, path, doc := a.post(base+"/wizard/type", "province", "330000", "natureName", "个人", "certType", "居民身份证",
		"certNo", "110101199003077635", "unitName", "王五", "serviceType", "1", "domains[0]", "wangwu-blog.cn"); path != base+"/wizard/product" {
		t.Fatalf("type step of a saved application went to %s: %s", path, textOf(doc, "#form-error"))
	}
	if _, path, doc := a.post(base+"/wizard/product", "products[0].productId", product); path != base+"/wizard/password" {
		t.Fatalf("product step of a saved application went to %s: %s", path, textOf(doc, "#form-error"))
	}
	// The fix and the resubmission.
	_, path, doc := a.post(base+"/wizard/services", "op", "save", "services[0].serviceType", "1", "services[0].serviceName", "王五的随笔",
		"services[0].homeUrl", "www.wangwu-blog.cn", "services[0].domains[0]", "wangwu-blog.cn")
	if path != base+"/wizard/materials" {
		t.Fatalf("fix went to %s: %s", path, textOf(doc, "#form-error"))
	}
	if _, _, doc = a.post(base+"/submit", "agree", "yes"); textOf(doc, "#status") != "接入商初审中" {
		t.Fatalf("resubmit: %q", textOf(doc, "#status"))
	}
	_, _, doc = rev.get("/agent/review/" + id)
	must(t, "changes", doc, "table.changes tbody tr")
	if !strings.Contains(textOf(doc, "table.changes"), "王五的随笔") {
		t.Fatalf("changes: %q", textOf(doc, "table.changes"))
	}
	// Approval needs the real-person tick.
	if status, _, doc = rev.post("/agent/review/"+id, "decision", "approve"); status != 409 && status != 400 {
		t.Fatalf("approve without tick: %d %s", status, textOf(doc, "#form-error"))
	}
	if _, _, doc = rev.post("/agent/review/"+id, "decision", "approve", "realPerson", "yes"); textOf(doc, "#status") != "短信核验中" {
		t.Fatalf("approve: %q %s", textOf(doc, "#status"), textOf(doc, "#form-error"))
	}
	_, _, doc = a.get(base)
	must(t, "approved page", doc, `svg.wide g.step.current[data-step="短信核验"]`, `svg.tall g.step.current[data-step="短信核验"]`)
	if doc.Count(`form[action="`+base+`/withdraw"]`) != 0 {
		t.Fatal("withdraw offered after approval")
	}
	_, _, doc = a.get("/agent/applications")
	must(t, "my applications", doc, `table.applications a[href="`+base+`"]`, "span.status.sms_verification")
}

// wizardFirstSteps walks the steps before the entity: the type check (a
// 域名冲突, a bad domain), the product (someone else's), the password.
func wizardFirstSteps(t *testing.T, a *pageClient, product string) {
	// 验证备案类型: a domain of another entity is a 域名冲突 above the form.
	typeForm := []string{"province", "330000", "natureName", "个人", "certType", "居民身份证", "certNo", "110101199003077635",
		"unitName", "王五", "serviceType", "1"}
	status, _, doc := a.post("/agent/wizard/type", append(typeForm, "domains[0]", "yunqi-example.com")...)
	if status != 409 || !strings.Contains(textOf(doc, "#form-error"), "域名冲突") {
		t.Fatalf("conflict: %d %q", status, textOf(doc, "#form-error"))
	}
	status, _, doc = a.post("/agent/wizard/type", append(typeForm, "domains[0]", "wangwu-blog.cn", "domains[1]", "bad_domain")...)
	if status != 400 {
		t.Fatalf("bad domain: %d", status)
	}
	must(t, "bad domain", doc, `#domains-1[aria-invalid="true"][aria-describedby="domains-1-error"]`, "#domains-1-error")
	if msg := textOf(doc, "#domains-1-error"); !strings.HasPrefix(msg, "域名2：") {
		t.Fatalf("domain error %q", msg)
	}
	status, path, doc := a.post("/agent/wizard/type", append(typeForm, "domains[0]", "wangwu-blog.cn")...)
	if status != 200 || path != "/agent/wizard/product" || !strings.Contains(textOf(doc, ".decided"), "首次备案") {
		t.Fatalf("type check: %d %s %q", status, path, textOf(doc, ".decided"))
	}
	must(t, "product step", doc, `#products-0-productId option[value="`+product+`"]`, `ol.steps li[aria-current="step"]`)

	// 产品验证: someone else's product id is refused on its select.
	status, _, doc = a.post("/agent/wizard/product", "products[0].productId", "P-nobody")
	must(t, "foreign product", doc, `#products-0-productId[aria-invalid="true"]`)
	if status != 400 {
		t.Fatalf("foreign product: %d", status)
	}
	if _, path, _ = a.post("/agent/wizard/product", "products[0].productId", product); path != "/agent/wizard/password" {
		t.Fatalf("product step went to %s", path)
	}
	// 备案密码: six digits or nothing.
	status, _, doc = a.post("/agent/wizard/password", "legacyPassword", "12ab")
	must(t, "password", doc, `#legacyPassword[aria-invalid="true"]`, "#legacyPassword-error")
	if _, path, _ = a.post("/agent/wizard/password", "legacyPassword", "123456"); path != "/agent/wizard/entity" {
		t.Fatalf("password step went to %s", path)
	}
}

// TestAgentNavigation: the agent's pages are offered to the roles that may
// open them, and only to those.
func TestAgentNavigation(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			var srv *beianhttp.Server
			ts := newTestServer(t, engine, func(s *beianhttp.Server) { srv = s })
			for _, test := range []struct {
				n    auth.NewAccount
				want []string
			}{
				{auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000003", Password: "flow-pass-123"}, []string{"/agent/applications", "/agent/filed", "/agent/products"}},
				{auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "yun-reviewer", Provider: "某某云", Password: "flow-pass-123"}, []string{"/agent/review"}},
				{auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"浙江"}, Password: "flow-pass-123"}, nil},
			} {
				c := ts.browser(t, srv.Accounts, test.n)
				_, _, doc := c.get("/account")
				if got := doc.Count(`nav a[href^="/agent/"]`); got != len(test.want) {
					t.Errorf("%s: %d agent links, want %v", test.n.Login, got, test.want)
				}
				for _, href := range test.want {
					must(t, test.n.Login, doc, `nav a[href="`+href+`"]`)
				}
			}
		})
	}
}

package http_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"

	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// TestFiledPages walks a change and a cancellation through the pages
// without script, on both engines: the applicant's filed entity lists
// every kind; 变更网站 is prefilled from the national record and offers
// only what it may change (a forged unit name is ignored, a domain can only
// be unticked); a second order beside it is refused naming it; the draft's
// new-filing steps lead back to its own form; materials, confirmation,
// review, the site principal's SMS and the bureau leave the query with the
// new name and without the removed domain; then 注销网站 through its form
// takes the service out of the query. Another applicant sees none of it.
func TestFiledPages(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { filedPages(t, engine) })
	}
}

func filedPages(t *testing.T, engine string) {
	ts, srv, a, rev, bureau := newFilingFlow(t, engine)
	e := fileFirstOverAPI(t, ts, srv, a, rev, bureau)
	svc := e.Services[0]
	b := ts.browserOfLogin(t, "13700000003")
	// Entities by their main number, services by theirs, in the addresses.
	eid, sid := url.PathEscape(e.MainLicence), svc.Licence
	sq := url.QueryEscape(sid)
	hid, hq := templateEscaped(eid), templateEscaped(sq) // as the page writes them

	_, _, doc := b.get("/agent/filed")
	must(t, "filed list", doc, `section[data-licence="`+e.MainLicence+`"]`, `a[href="/agent/filed/`+hid+`/change-entity"]`, `a[href="/agent/filed/`+hid+`/cancel-entity"]`,
		`a[href="/agent/filed/`+hid+`/change"]`, `a[href="/agent/filed/`+hid+`/change-site?service=`+hq+`"]`,
		`a[href="/agent/filed/`+hid+`/change-access?service=`+hq+`"]`, `a[href="/agent/filed/`+hid+`/cancel-site?service=`+hq+`"]`,
		`a[href="/agent/filed/`+hid+`/cancel-access?service=`+hq+`"]`)
	other := ts.browser(t, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000004", Password: "flow-pass-123"})
	if _, _, doc := other.get("/agent/filed"); doc.Count("#filed-empty") != 1 {
		t.Fatal("another applicant sees the entity")
	}
	if status, _, _ := other.get("/agent/filed/" + eid + "/change-site?service=" + sq); status != 404 {
		t.Fatalf("another applicant's form: %d", status)
	}

	// 变更主体: the province and the certificate are shown, not offered.
	_, _, doc = b.get("/agent/filed/" + eid + "/change-entity")
	must(t, "变更主体 form", doc, `#unitName[value="王五"]`, `#principal-mobile[value="13700000003"]`, "#fixed-certNo")
	if doc.Count(`[name="certNo"]`)+doc.Count(`[name="province"]`)+doc.Count(`[name="certType"]`) != 0 {
		t.Fatal("变更主体 offers the certificate or the province")
	}
	// 变更网站: prefilled, both domains ticked, no entity input.
	form := "/agent/filed/" + eid + "/change-site"
	_, _, doc = b.get(form + "?service=" + sq)
	must(t, "变更网站 form", doc, `#services-0-serviceName[value="五月的风"]`, `#services-0-domains-0[checked]`, `#services-0-domains-1[checked]`)
	if doc.Count(`[name="unitName"]`) != 0 {
		t.Fatal("变更网站 offers the unit name")
	}
	// Unticking every domain of a website is refused on the form.
	status, _, doc := b.post(form, "service", sid, "services[0].serviceName", "六月的雨", "services[0].homeUrl", "www.wang-a.cn")
	if status != 400 || doc.Count("#form-error") != 1 {
		t.Fatalf("no domain left: %d %s", status, textOf(doc, "main"))
	}
	_, path, _ := b.post(form, "service", sid, "unitName", "篡改", "services[0].serviceName", "六月的雨", "services[0].homeUrl", "www.wang-a.cn",
		"services[0].domains", "wang-a.cn", "services[0].domains", "added-domain.cn")
	id := strings.TrimSuffix(strings.TrimPrefix(path, "/agent/applications/"), "/wizard/materials")
	if !strings.HasSuffix(path, "/wizard/materials") {
		t.Fatalf("变更网站 went to %s", path)
	}
	got := a.mustJSON(200, "GET", "/api/v1/agent/applications/"+id, "")
	rec := got["record"].(map[string]any)
	sv := rec["services"].([]any)[0].(map[string]any)
	if got["filingType"] != "变更网站" || rec["unitName"] != "王五" || sv["serviceName"] != "六月的雨" || sv["serviceLicence"] != svc.Licence ||
		strings.Join(anyStrings(sv["domains"]), ",") != "wang-a.cn" {
		t.Fatalf("the draft = %v", got)
	}
	// One order per entity: a cancellation beside it is refused naming it.
	status, _, doc = b.post("/agent/filed/"+eid+"/cancel-site", "service", sid, "reason", "关闭")
	if status != 409 || !strings.Contains(textOf(doc, "#form-error"), "订单 "+id) {
		t.Fatalf("second order: %d %q", status, textOf(doc, "#form-error"))
	}
	if _, _, doc = b.get("/agent/filed"); !strings.Contains(textOf(doc, `section[data-licence="`+e.MainLicence+`"] p.held`), "订单 "+id) {
		t.Fatalf("the filed list does not name the order in flight: %s", textOf(doc, "main"))
	}
	base := "/agent/applications/" + id
	if _, path, doc = b.get(base + "/wizard/services"); path != base+"/filed" || doc.Count(`#services-0-serviceName[value="六月的雨"]`) != 1 {
		t.Fatalf("the new-filing step of a change led to %s", path)
	}
	filedSubmit(t, b, base, true)
	rev.mustJSON(200, "POST", "/api/v1/agent/applications/"+id+"/review", `{"decision": "approve"}`)
	_, out := ts.get(t, "/api/v1/dev/outbox?to=13700000003")
	code := smsCodeRE.FindStringSubmatch(out)
	if status, _, msg := a.json("POST", "/api/v1/sms-verify", verifyBody("13700000003", code[1], "077635")); status != 200 || msg != beian.SMSVerifyDone {
		t.Fatalf("verify: %d %s", status, msg)
	}
	decideAll(t, bureau)
	if _, q := ts.get(t, "/api/v1/query?keyword=wang-a.cn"); !strings.Contains(q, "六月的雨") || !strings.Contains(q, svc.Licence) {
		t.Fatalf("query after 变更网站: %s", q)
	}
	if _, q := ts.get(t, "/api/v1/query?keyword=wang-b.cn"); strings.Contains(q, svc.Licence) {
		t.Fatalf("the removed domain is found: %s", q)
	}

	// 注销网站 through its form: to the confirmation, no materials.
	_, path, doc = b.post("/agent/filed/"+eid+"/cancel-site", "service", sid, "reason", "网站关闭")
	if !strings.HasSuffix(path, "/wizard/confirm") || textOf(doc, "#cancel-reason") != "网站关闭" {
		t.Fatalf("注销网站 went to %s: %s", path, textOf(doc, "main"))
	}
	id = strings.TrimSuffix(strings.TrimPrefix(path, "/agent/applications/"), "/wizard/confirm")
	filedSubmit(t, b, "/agent/applications/"+id, false)
	// The reviewer's and the bureau's pages show what is cancelled and why.
	if _, _, doc = ts.browserOfLogin(t, "yun-reviewer").get("/agent/review/" + id); textOf(doc, "#cancel-reason") != "网站关闭" || doc.Count("#realPerson") != 1 {
		t.Fatalf("review page of 注销网站: %s", textOf(doc, "main"))
	}
	if ap := rev.mustJSON(200, "POST", "/api/v1/agent/applications/"+id+"/review", `{"decision": "approve"}`); ap["status"] != "bureau_review" {
		t.Fatalf("approve 注销网站 = %v", ap)
	}
	fid := bureau.mustJSON(200, "GET", "/api/v1/bureau/filings?status=pending", "")["list"].([]any)[0].(map[string]any)["id"].(string)
	if _, _, doc = ts.browserOfLogin(t, "zj-bureau").get("/bureau/filings/" + fid); textOf(doc, "#cancel-reason") != "网站关闭" ||
		!strings.Contains(textOf(doc, "h1"), "王五") || !strings.Contains(textOf(doc, "main"), svc.Licence) {
		t.Fatalf("bureau page of 注销网站: %s", textOf(doc, "main"))
	}
	decideAll(t, bureau)
	if _, q := ts.get(t, "/api/v1/query?keyword=wang-a.cn"); strings.Contains(q, svc.Licence) {
		t.Fatalf("the cancelled site is found: %s", q)
	}
}

// filedSubmit uploads the materials of a change (materials) and submits
// from the confirmation page.
func filedSubmit(t *testing.T, b *pageClient, base string, materials bool) {
	t.Helper()
	if materials {
		for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
			if status, _, doc := b.upload(base+"/materials", kind, testPNG(400, 300)); status != 200 {
				t.Fatalf("upload %s: %d %s", kind, status, textOf(doc, "main"))
			}
		}
	}
	if status, path, doc := b.post(base+"/submit", "agree", "yes"); status != 200 || path != base || textOf(doc, "#status") != "接入商初审中" {
		t.Fatalf("submit: %d %s %s", status, path, textOf(doc, "main"))
	}
}

// fileFirstOverAPI files the applicant's personal site with two domains
// through the API to the bureau's approval and returns the entity filed.
func fileFirstOverAPI(t *testing.T, ts *testServer, srv *beianhttp.Server, a, rev, bureau *apiClient) *beian.Entity {
	t.Helper()
	product := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.20.1", 365)
	body := strings.Replace(personalBody(product, "五月的风", "wang-a.cn"), `"domains": ["wang-a.cn"]`, `"domains": ["wang-a.cn", "wang-b.cn"]`, 1)
	id := a.mustJSON(201, "POST", "/api/v1/agent/applications", body)["id"].(string)
	base := "/api/v1/agent/applications/" + id
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
		if status, _, msg := a.upload(base+"/materials", kind, testPNG(400, 300)); status != 201 {
			t.Fatalf("upload %s: %d %s", kind, status, msg)
		}
	}
	a.mustJSON(200, "POST", base+"/submit", "")
	rev.mustJSON(200, "POST", base+"/review", `{"decision": "approve"}`)
	_, out := ts.get(t, "/api/v1/dev/outbox?to=13700000003")
	code := smsCodeRE.FindStringSubmatch(out)
	if code == nil {
		t.Fatalf("no code in %s", out)
	}
	a.mustJSON(200, "POST", "/api/v1/sms-verify", verifyBody("13700000003", code[1], "077635"))
	decideAll(t, bureau)
	main, _ := a.mustJSON(200, "GET", base, "")["mainLicence"].(string)
	e, err := srv.Agent.DB.FindEntityByLicence(context.Background(), main)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// browserOfLogin is a script-less browser logged in as the existing
// account login.
func (ts *testServer) browserOfLogin(t *testing.T, login string) *pageClient {
	t.Helper()
	ctx := context.Background()
	acct, err := ts.db.FindAccountByLogin(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	token := strings.Repeat("b", 20) + login
	if err := ts.db.InTx(ctx, func(tx *store.Tx) error { return tx.CreateSession(ctx, acct.ID, token) }); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(ts.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: "beian_session", Value: token, Path: "/"}})
	c := *ts.Client()
	c.Jar = jar
	return &pageClient{t: t, ts: ts, http: &c}
}

// templateEscaped is an escaped address part as html/template writes it:
// percent escapes in lower case.
func templateEscaped(s string) string {
	return regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(s, strings.ToLower)
}

func anyStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestFiledKindsPages files each of the seven kinds from its form without
// script, on both engines, and holds the draft to what the form posted:
// its type, what it names, and the values the kind may change; each is
// abandoned before the next (one order per entity).
func TestFiledKindsPages(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts, srv, a, rev, bureau := newFilingFlow(t, engine)
			e := fileFirstOverAPI(t, ts, srv, a, rev, bureau)
			spare := addProduct(t, srv.Agent, "13700000003", "某某云", "47.96.20.9", 365)
			b := ts.browserOfLogin(t, "13700000003")
			eid, sid := url.PathEscape(e.MainLicence), e.Services[0].Licence
			principal := []string{"principal.name", "王五", "principal.certType", "居民身份证", "principal.certNo", "110101199003077635",
				"principal.mobile", "13700000003", "principal.email", "wang@example.cn"}
			for _, test := range []struct {
				slug, ft string
				form     []string
				next     string
				check    func(got map[string]any) bool
			}{
				{"change-entity", "变更主体", append([]string{"unitName", "王五", "certAddress", "浙江省杭州市一号"}, principal...), "materials",
					func(got map[string]any) bool {
						r := got["record"].(map[string]any)
						return r["certAddress"] == "浙江省杭州市一号" && len(r["services"].([]any)) == 0
					}},
				{"change", "变更备案", append([]string{"unitName", "王五", "address", "杭州", "services[0].serviceName", "七月的云",
					"services[0].domains", "wang-a.cn", "services[0].domains", "wang-b.cn", "services[0].homeUrl", "www.wang-a.cn"}, principal...), "materials",
					func(got map[string]any) bool {
						r := got["record"].(map[string]any)
						sv := r["services"].([]any)[0].(map[string]any)
						return r["address"] == "杭州" && sv["serviceName"] == "七月的云" && len(sv["domains"].([]any)) == 2
					}},
				{"cancel-entity", "注销主体", []string{"reason", "不再使用"}, "confirm",
					func(got map[string]any) bool { return got["cancel"].(map[string]any)["mainLicence"] == e.MainLicence }},
				{"change-access", "变更接入", []string{"service", sid, "productId", spare}, "materials",
					func(got map[string]any) bool {
						sv := got["record"].(map[string]any)["services"].([]any)[0].(map[string]any)
						return sv["serviceLicence"] == e.Services[0].Licence && sv["serviceName"] == "五月的风"
					}},
				{"cancel-site", "注销网站", []string{"service", sid, "reason", "网站关闭"}, "confirm",
					func(got map[string]any) bool {
						return got["cancel"].(map[string]any)["serviceLicence"] == e.Services[0].Licence
					}},
				{"cancel-access", "取消接入", []string{"service", sid, "productId", spare, "reason", "迁出"}, "confirm",
					func(got map[string]any) bool { return got["cancel"].(map[string]any)["productId"] == spare }},
			} {
				status, path, doc := b.post("/agent/filed/"+eid+"/"+test.slug, test.form...)
				if status != 200 || !strings.HasSuffix(path, "/wizard/"+test.next) {
					t.Fatalf("%s went to %d %s: %s", test.ft, status, path, textOf(doc, "main"))
				}
				id := strings.TrimSuffix(strings.TrimPrefix(path, "/agent/applications/"), "/wizard/"+test.next)
				got := a.mustJSON(200, "GET", "/api/v1/agent/applications/"+id, "")
				if got["filingType"] != test.ft || !test.check(got) {
					t.Fatalf("%s draft = %v", test.ft, got)
				}
				// Its own form again, prefilled from the draft.
				if status, path, _ := b.get("/agent/applications/" + id + "/wizard/entity"); status != 200 || path != "/agent/applications/"+id+"/filed" {
					t.Fatalf("%s: the wizard's entity step led to %d %s", test.ft, status, path)
				}
				a.mustJSON(200, "POST", "/api/v1/agent/applications/"+id+"/abandon", "")
			}
		})
	}
}

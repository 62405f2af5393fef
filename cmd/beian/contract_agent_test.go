package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

const staffPassword = "contract-pass-2026"

// account creates an account with "beian user add" and signs it in.
func (x *ext) account(t *testing.T, role, login string, extra ...string) string {
	t.Helper()
	args := append([]string{"user", "add", "--role", role, "--login", login, "--password-stdin"}, extra...)
	if o, e, code := x.cmd(staffPassword+"\n", args...); code != 0 {
		t.Fatalf("user add %s: exit %d %s %s", login, code, o, e)
	}
	r := x.post("/api/v1/login", "", fmt.Sprintf(`{"login": %q, "password": %q}`, login, staffPassword))
	if r.status != 200 {
		t.Fatalf("login %s: %s", login, r.raw)
	}
	token := r.Params["token"].(string)
	if r.Params["totpRequired"] != true {
		if r.Params["role"] != role {
			t.Fatalf("login %s: %v", login, r.Params)
		}
		return token
	}
	secret, _ := r.Params["totpSecret"].(string)
	if secret == "" {
		t.Fatalf("no totpSecret for a first login: %v", r.Params)
	}
	want(t, "wrong TOTP code", x.post("/api/v1/login/totp", "", fmt.Sprintf(`{"token": %q, "code": "000000x"}`, token)), 400, "code")
	code, _ := totp.GenerateCode(secret, time.Now())
	r = x.post("/api/v1/login/totp", "", fmt.Sprintf(`{"token": %q, "code": %q}`, token, code))
	if r.status != 200 || r.Params["role"] != role || r.Params["token"] == token {
		t.Fatalf("login/totp %s: %s", login, r.raw)
	}
	return r.Params["token"].(string)
}

func contractSessions(t *testing.T, x *ext) {
	tok := x.account(t, "bureau_reviewer", "gz-bureau", "--provinces", "贵州")
	if r := x.get("/api/v1/me", tok); r.status != 200 {
		t.Fatalf("me: %s", r.raw)
	}
	admin := x.account(t, "admin", "contract-admin")
	if r := x.post("/api/v1/logout", admin, ""); r.status != 200 {
		t.Fatalf("logout: %s", r.raw)
	}
	want(t, "after logout", x.get("/api/v1/me", admin), 401, "")
	want(t, "no token", x.get("/api/v1/agent/products", ""), 401, "")
	want(t, "bad token", x.get("/api/v1/agent/products", "not-a-token"), 401, "")
	known := x.post("/api/v1/login", "", `{"login": "gz-bureau", "password": "wrong-password-1"}`)
	unknown := x.post("/api/v1/login", "", `{"login": "nobody-here", "password": "wrong-password-1"}`)
	if known.status != 401 || known.raw != unknown.raw {
		t.Errorf("wrong login: %d %s / %s", known.status, known.raw, unknown.raw)
	}
	want(t, "login without login", x.post("/api/v1/login", "", `{"password": "x"}`), 400, "login")
	want(t, "login without password", x.post("/api/v1/login", "", `{"login": "gz-bureau"}`), 400, "password")
	want(t, "login bad JSON", x.post("/api/v1/login", "", `[`), 400, "")
}

func (x *ext) product(t *testing.T, owner, provider, ip string, days int, extra ...string) string {
	t.Helper()
	exp := time.Now().AddDate(0, 0, days).Format("2006-01-02")
	args := append([]string{"product", "add", "--owner", owner, "--provider", provider, "--ip", ip, "--expires", exp}, extra...)
	o, e, code := x.cmd("", args...)
	m := regexp.MustCompile(`^product ([A-Za-z0-9-]+)\n$`).FindStringSubmatch(o)
	if code != 0 || m == nil {
		t.Fatalf("product add: exit %d %q %s", code, o, e)
	}
	return m[1]
}

func (x *ext) upload(path, token, kind string, file []byte) resp {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if kind != "" {
		mw.WriteField("kind", kind)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "f.bin")
		fw.Write(file)
	}
	mw.Close()
	return x.do("POST", path, token, mw.FormDataContentType(), &buf)
}

func tinyImage(enc func(*bytes.Buffer, image.Image)) []byte {
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	var b bytes.Buffer
	enc(&b, img)
	return b.Bytes()
}

const tinyPDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

// website is an application body for one website on product.
func website(nature, certType, certNo, unit, domain, product string) string {
	pid := idNo("33010619850101001")
	if nature == "个人" {
		pid = certNo
	}
	return fmt.Sprintf(`{"record": {"unitName": %q, "natureName": %q, "province": "浙江", "certType": %q, "certNo": %q,
	  "principal": {"name": "孙立", "certType": "居民身份证", "certNo": %q, "mobile": "13700000021", "email": "sun@example.cn"},
	  "services": [{"serviceType": 1, "serviceName": "孙立的站", "domains": [%q], "homeUrl": "www.%s"}]},
	  "products": [{"service": 0, "productId": %q}]}`, unit, nature, certType, certNo, pid, domain, domain, product)
}

func contractAgent(t *testing.T, x *ext) {
	a := x.account(t, "applicant", "13700000021")
	b := x.account(t, "applicant", "13700000022")
	rev := x.account(t, "provider_reviewer", "yun-rev", "--provider", "某某云")
	other := x.account(t, "provider_reviewer", "other-rev", "--provider", "别的云")
	pa := x.product(t, "13700000021", "某某云", "47.96.30.1", 365, "--region", "华东1（杭州）")
	x.product(t, "13700000021", "某某云", "47.96.30.2", 365, "--mainland=false")
	pb := x.product(t, "13700000022", "某某云", "47.96.30.3", 365)

	r := x.get("/api/v1/agent/products", a)
	list, _ := r.Params["list"].([]any)
	if r.status != 200 || len(list) != 2 {
		t.Fatalf("products: %s", r.raw)
	}
	for _, it := range list {
		for _, k := range []string{"id", "provider", "ip", "region", "mainland", "expiresAt", "filings"} {
			if _, ok := it.(map[string]any)[k]; !ok {
				t.Errorf("product lacks %s: %v", k, it)
			}
		}
	}
	want(t, "authcode of someone else's product", x.post("/api/v1/agent/products/"+pb+"/authcode", a, ""), 404, "")
	ac := x.post("/api/v1/agent/products/"+pa+"/authcode", a, "")
	code, _ := ac.Params["code"].(string)
	if ac.status != 200 || code == "" || ac.Params["expiresAt"] == nil {
		t.Fatalf("authcode: %s", ac.raw)
	}

	// Type check: the three filing types, the two conflicts, productId optional.
	person := idNo("33010619900307001")
	tc := func(token, nature, certType, certNo, unit, domain, product string) resp {
		pid := ""
		if product != "" {
			pid = fmt.Sprintf(`, "productId": %q`, product)
		}
		return x.post("/api/v1/agent/type-check", token, fmt.Sprintf(`{"province": "浙江", "natureName": %q, "certType": %q, "certNo": %q,
		  "unitName": %q, "serviceType": 1, "domains": [%q]%s}`, nature, certType, certNo, unit, domain, pid))
	}
	for _, p := range []string{pa, ""} {
		if r := tc(a, "个人", "居民身份证", person, "孙立", "sunli-site.cn", p); r.status != 200 || r.Params["filingType"] != "首次备案" {
			t.Errorf("type-check first filing (product %q): %s", p, r.raw)
		}
	}
	filed := idNo("52010219880101002") // 赵大伟, imported with zhaodawei-site.cn at 某某云
	if r := tc(a, "个人", "居民身份证", filed, "赵大伟", "zhaodawei-new.cn", pa); r.status != 200 || r.Params["filingType"] != "新增网站" || r.Params["mainLicence"] == nil {
		t.Errorf("type-check new website: %s", r.raw)
	}
	pc := x.product(t, "13700000021", "别的云", "47.96.30.4", 365)
	if r := tc(a, "个人", "居民身份证", filed, "赵大伟", "zhaodawei-site.cn", pc); r.status != 200 || r.Params["filingType"] != "新增接入" {
		t.Errorf("type-check new access: %s", r.raw)
	}
	want(t, "domain of another entity", tc(a, "个人", "居民身份证", person, "孙立", "zhaodawei-site.cn", pa), 409, "域名冲突")
	for _, tcase := range []struct{ body, field string }{
		{`{"province": "浙江", "natureName": "个人", "certType": "居民身份证", "certNo": "330106199003070000", "unitName": "孙立", "serviceType": 1, "domains": ["a-b.cn"]}`, "certNo"},
		{`{"province": "浙江", "natureName": "个人", "certType": "居民身份证", "certNo": "330106199013320004", "unitName": "孙立", "serviceType": 1, "domains": ["a-b.cn"]}`, "certNo"},
		{`{"province": "浙江", "natureName": "个人", "certType": "统一社会信用代码证书", "certNo": "` + person + `", "unitName": "孙立", "serviceType": 1, "domains": ["a-b.cn"]}`, "certType"},
		{`{"province": "浙江", "natureName": "外星", "certType": "居民身份证", "certNo": "` + person + `", "unitName": "孙立", "serviceType": 1, "domains": ["a-b.cn"]}`, "natureName"},
		{`{"province": "火星", "natureName": "个人", "certType": "居民身份证", "certNo": "` + person + `", "unitName": "孙立", "serviceType": 1, "domains": ["a-b.cn"]}`, "province"},
		{`{"province": "浙江", "natureName": "个人", "certType": "居民身份证", "certNo": "` + person + `", "unitName": "孙立", "serviceType": 2, "domains": ["a-b.cn"]}`, "serviceType"},
		{`{"province": "浙江", "natureName": "个人", "certType": "居民身份证", "certNo": "` + person + `", "unitName": "孙立", "serviceType": 1, "domains": ["a-b.cn", "no such"]}`, "domains[1]"},
		{`{"province": "浙江", "natureName": "个人", "certType": "居民身份证", "certNo": "` + person + `", "unitName": "孙立", "serviceType": 1, "domains": ["a-b.cn"], "productId": "nope"}`, "productId"},
		{`{"province": "浙江"`, ""},
	} {
		want(t, "type-check "+tcase.field, x.post("/api/v1/agent/type-check", a, tcase.body), 400, tcase.field)
	}
	contractApplications(t, x, a, b, rev, other, pa, code, person)
}

func contractApplications(t *testing.T, x *ext, a, b, rev, other, pa, code, person string) {
	body := website("个人", "居民身份证", person, "孙立", "sunli-site.cn", pa)
	bad := strings.Replace(body, `"domains": ["sunli-site.cn"]`, `"domains": ["sunli-site.cn", "bad domain"]`, 1)
	want(t, "create with a bad domain", x.post("/api/v1/agent/applications", a, bad), 400, "services[0].domains[1]")
	for field, from := range map[string]string{"principal.mobile": `"13700000021"`, "principal.email": `"sun@example.cn"`} {
		want(t, "create with a bad "+field, x.post("/api/v1/agent/applications", a, strings.Replace(body, from, `"x@"`, 1)), 400, field)
	}
	want(t, "create without products", x.post("/api/v1/agent/applications", a, strings.Replace(body, `"productId": "`+pa+`"`, `"productId": ""`, 1)), 400, "products")
	c := x.post("/api/v1/agent/applications", a, body)
	id, _ := c.Params["id"].(string)
	if c.status != 201 || id == "" || c.Params["status"] != "draft" || c.Params["filingType"] != "首次备案" {
		t.Fatalf("create: %s", c.raw)
	}
	app := "/api/v1/agent/applications/" + id
	want(t, "entity in flight", x.post("/api/v1/agent/type-check", a, `{"province": "浙江", "natureName": "个人", "certType": "居民身份证", "certNo": "`+person+`", "unitName": "孙立", "serviceType": 1, "domains": ["sunli-two.cn"]}`), 409, "主办者冲突")
	want(t, "entity in flight, other account", x.post("/api/v1/agent/type-check", b, `{"province": "浙江", "natureName": "个人", "certType": "居民身份证", "certNo": "`+person+`", "unitName": "孙立", "serviceType": 1, "domains": ["sunli-two.cn"]}`), 409, "主办者冲突")
	want(t, "domain of another entity's pending filing", x.post("/api/v1/agent/type-check", b, `{"province": "浙江", "natureName": "个人", "certType": "居民身份证", "certNo": "`+idNo("33010619900307002")+`", "unitName": "周七", "serviceType": 1, "domains": ["sunli-site.cn"]}`), 409, "域名冲突")
	if r := x.do("PUT", app, a, "application/json", strings.NewReader(body)); r.status != 200 {
		t.Errorf("PUT in draft: %s", r.raw)
	}
	want(t, "someone else's application", x.get(app, b), 404, "")
	want(t, "staff of another provider", x.get(app, other), 403, "")
	contractMaterials(t, x, app, a)
	contractReview(t, x, app, body, id, a, b, rev, other)
	contractEnterprise(t, x, b, code)
}

// contractMaterials: uploads of every accepted format, refusals naming the
// field, and a personal filing submitted without entityCert.
func contractMaterials(t *testing.T, x *ext, app, a string) {
	want(t, "submit without materials", x.post(app+"/submit", a, ""), 400, "materials.principalIdFront")
	png1, jpg := tinyImage(func(b *bytes.Buffer, i image.Image) { png.Encode(b, i) }), tinyImage(func(b *bytes.Buffer, i image.Image) { jpeg.Encode(b, i, nil) })
	big := append(append([]byte{}, png1...), make([]byte, 5<<20)...)
	for _, m := range []struct {
		kind string
		file []byte
	}{{"principalIdFront", png1}, {"principalIdBack", jpg}, {"principalPhoto", []byte(tinyPDF)}, {"other", png1}} {
		r := x.upload(app+"/materials", a, m.kind, m.file)
		sum := sha256.Sum256(m.file)
		if r.status != 201 || r.Params["id"] == nil || r.Params["kind"] != m.kind || r.Params["sha256"] != hex.EncodeToString(sum[:]) {
			t.Errorf("upload %s: %s", m.kind, r.raw)
		}
	}
	want(t, "upload text", x.upload(app+"/materials", a, "other", []byte("just some text")), 400, "file")
	want(t, "upload > 5 MB", x.upload(app+"/materials", a, "other", big), 400, "file")
	want(t, "upload no file", x.upload(app+"/materials", a, "other", nil), 400, "file")
	want(t, "upload bad kind", x.upload(app+"/materials", a, "selfie", png1), 400, "kind")
	want(t, "upload no kind", x.upload(app+"/materials", a, "", png1), 400, "kind")
	if r := x.post(app+"/submit", a, ""); r.status != 200 || r.Params["status"] != "initial_review" {
		t.Fatalf("submit (个人 without entityCert): %s", r.raw)
	}
}

// contractReview: edits by state, withdraw, the application's fields and
// lists, the review decisions and who may see what.
func contractReview(t *testing.T, x *ext, app, body, id, a, b, rev, other string) {
	if r := x.do("PUT", app, a, "application/json", strings.NewReader(body)); r.status < 400 || r.status >= 500 {
		t.Errorf("PUT in initial_review: %s", r.raw)
	}
	if r := x.post(app+"/withdraw", a, ""); r.status != 200 || r.Params["status"] != "draft" {
		t.Errorf("withdraw: %s", r.raw)
	}
	x.post(app+"/submit", a, "")
	g := x.get(app, a)
	for _, k := range []string{"id", "status", "filingType", "version", "record", "rejections", "events"} {
		if _, ok := g.Params[k]; !ok {
			t.Errorf("application lacks %s: %s", k, g.raw)
		}
	}
	for _, e := range g.Params["events"].([]any) {
		ev := e.(map[string]any)
		if _, ok := ev["note"]; !ok || ev["at"] == nil || ev["status"] == nil {
			t.Errorf("event %v", ev)
		}
	}
	for who, tok := range map[string]string{"applicant": a, "reviewer": rev} {
		r := x.get("/api/v1/agent/applications?status=initial_review", tok)
		l, _ := r.Params["list"].([]any)
		if len(l) != 1 || l[0].(map[string]any)["id"] != id || l[0].(map[string]any)["unitName"] != "孙立" || l[0].(map[string]any)["submittedAt"] == nil {
			t.Errorf("%s list: %s", who, r.raw)
		}
		if r := x.get("/api/v1/agent/applications?status=draft", tok); len(r.Params["list"].([]any)) != 0 {
			t.Errorf("%s draft list: %s", who, r.raw)
		}
	}
	want(t, "list with a bad status", x.get("/api/v1/agent/applications?status=nope", a), 400, "status")
	want(t, "reject without rejections", x.post(app+"/review", rev, `{"decision": "reject", "rejections": []}`), 400, "rejections")
	want(t, "bad decision", x.post(app+"/review", rev, `{"decision": "maybe"}`), 400, "decision")
	want(t, "review by another provider", x.post(app+"/review", other, `{"decision": "approve"}`), 403, "")
	if r := x.post(app+"/review", rev, `{"decision": "reject", "rejections": [{"field": "services[0].serviceName", "reason": "名称不符"}]}`); r.status != 200 || x.get(app, a).Params["status"] != "rejected" {
		t.Fatalf("reject: %s", r.raw)
	}
	if r := x.do("PUT", app, a, "application/json", strings.NewReader(strings.Replace(body, "孙立的站", "孙立的小站", 1))); r.status != 200 {
		t.Errorf("PUT in rejected: %s", r.raw)
	}
	x.post(app+"/submit", a, "")
	if r := x.post(app+"/review", rev, `{"decision": "approve"}`); r.status != 200 || r.Params["status"] != "sms_verification" {
		t.Fatalf("approve: %s", r.raw)
	}
	if r := x.do("PUT", app, a, "application/json", strings.NewReader(body)); r.status < 400 || r.status >= 500 {
		t.Errorf("PUT in sms_verification: %s", r.raw)
	}
	want(t, "PUT of someone else's application", x.do("PUT", app, b, "application/json", strings.NewReader(body)), 404, "")
	want(t, "withdraw of someone else's application", x.post(app+"/withdraw", b, ""), 404, "")
	if g := x.get(app, rev); g.status != 200 || g.Params["status"] != "sms_verification" {
		t.Errorf("reviewer GET: %s", g.raw)
	}
	contractReturned(t, x, app, a, rev, certNoOf(body))
}

// certNoOf is the principal's certificate number in an application body.
func certNoOf(body string) string {
	m := regexp.MustCompile(`"principal": \{[^}]*"certNo": "([0-9X]+)"`).FindStringSubmatch(body)
	return m[1]
}

// contractReturned: six wrong SMS codes return the filing; approving a
// returned application submits it again.
func contractReturned(t *testing.T, x *ext, app, a, rev, certNo string) {
	code := x.outbox("13700000021", "sms", regexp.MustCompile(`验证码：(\d{6})`))[1]
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	body := fmt.Sprintf(`{"mobile": "13700000021", "code": %q, "certSuffix": %q}`, wrong, certNo[len(certNo)-6:])
	for i := 0; i < 6; i++ {
		if r := x.post("/api/v1/sms-verify", "", body); r.status != 400 || (i == 0 && r.Msg != "该条验证库里找不到记录") {
			t.Fatalf("wrong SMS code %d: %s", i+1, r.raw)
		}
	}
	if g := x.get(app, a); g.Params["status"] != "returned" {
		t.Fatalf("after six wrong codes: %s", g.raw)
	}
	if r := x.post(app+"/review", rev, `{"decision": "approve"}`); r.status != 200 || r.Params["status"] != "sms_verification" {
		t.Fatalf("approving a returned application: %s", r.raw)
	}
}

// contractEnterprise: an enterprise needs entityCert; another account files
// on a product with its authorisation code; abandon.
func contractEnterprise(t *testing.T, x *ext, b, code string) {
	body := website("企业", "统一社会信用代码证书", uscc("91330106MA2CFXRU0"), "杭州孙立科技有限公司", "sunli-tech.cn", "")
	body = strings.Replace(body, `"productId": ""`, `"authCode": "`+code+`"`, 1)
	site := `"homeUrl": "www.sunli-tech.cn"}`
	more := site + `, {"serviceType": 6, "serviceName": "孙立App", "app": {"packageName": "cn.sunli.app", "platforms": [{"name": "Android", "fingerprint": "AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB"}, {"name": "iOS", "fingerprint": "0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd"}]}},
	  {"serviceType": 7, "serviceName": "孙立小程序", "app": {"platform": "微信", "appId": "wx1234567890abcdef"}}`
	for what, tc := range map[string]struct{ from, to, field string }{
		"platform name":      {"Android", "Windows", "services[1].app.platforms[0].name"},
		"fingerprint":        {"AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB", "not-hex", "services[1].app.platforms[0].fingerprint"},
		"mini-program appId": {`"appId": "wx1234567890abcdef"`, `"appId": ""`, "services[2].app.appId"},
		"App without app":    {`"serviceName": "孙立App", "app": {"packageName": "cn.sunli.app", `, `"serviceName": "孙立App", "x": {"packageName": "cn.sunli.app", `, "services[1]"},
	} {
		bad := strings.Replace(strings.Replace(body, site, more, 1), tc.from, tc.to, 1)
		want(t, "create with a bad "+what, x.post("/api/v1/agent/applications", b, bad), 400, tc.field)
	}
	body = strings.Replace(body, site, more, 1)
	c := x.post("/api/v1/agent/applications", b, body)
	id, _ := c.Params["id"].(string)
	if c.status != 201 {
		t.Fatalf("create with an authorisation code: %s", c.raw)
	}
	app := "/api/v1/agent/applications/" + id
	png1 := tinyImage(func(b *bytes.Buffer, i image.Image) { png.Encode(b, i) })
	for _, k := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
		x.upload(app+"/materials", b, k, png1)
	}
	want(t, "enterprise without entityCert", x.post(app+"/submit", b, ""), 400, "materials.entityCert")
	if r := x.post(app+"/abandon", b, ""); r.status != 200 || r.Params["status"] != "abandoned" {
		t.Errorf("abandon: %s", r.raw)
	}
}

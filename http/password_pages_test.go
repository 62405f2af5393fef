package http_test

import (
	"encoding/json"
	"github.com/beianhq/beian/http/internal/htmlcheck"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
)

// newPasswordPageServer is a test server with the password flows wired to a
// dev-mode notifier, so sent passwords can be read from the dev outbox.
func newPasswordPageServer(t *testing.T, policy registry.PasswordPolicy) *testServer {
	t.Helper()
	return newTestServer(t, "sqlite", func(srv *beianhttp.Server) {
		n, err := notify.New()
		if err != nil {
			t.Fatal(err)
		}
		n.Dev = true
		srv.Passwords = &registry.Passwords{DB: srv.Registry.DB, Notifier: n, Policy: policy}
		srv.Messages = srv.Registry.DB
		srv.Dev = true
	})
}

// post submits a form the way a browser does without script.
func (ts *testServer) postForm(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := ts.Client().PostForm(ts.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// outboxPassword returns the password of the newest message to addr.
func (ts *testServer) outboxPassword(t *testing.T, addr string) string {
	t.Helper()
	_, body := ts.get(t, "/api/v1/dev/outbox?to="+url.QueryEscape(addr))
	var out struct {
		Params struct {
			List []struct{ Body string } `json:"list"`
		} `json:"params"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || len(out.Params.List) == 0 {
		t.Fatalf("outbox for %s: %v\n%s", addr, err, body)
	}
	m := regexp.MustCompile(`备案密码：([A-Za-z0-9]+)`).FindStringSubmatch(out.Params.List[0].Body)
	if m == nil {
		t.Fatalf("no password in %q", out.Params.List[0].Body)
	}
	return m[1]
}

// recoverForm is the first entity of sampleData.
var recoverForm = url.Values{
	"province": {"330000"},
	"licence":  {"浙ICP备2021012345号"},
	"certType": {"统一社会信用代码证书"},
	"certNo":   {"91330106MA2CFXRU0X"},
}

func withValues(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// pageHas checks that body holds every want: a CSS selector an element
// must match when it starts with "css:", else a piece of text.
func pageHas(t *testing.T, body string, want ...string) {
	t.Helper()
	doc, err := htmlcheck.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if sel, ok := strings.CutPrefix(w, "css:"); ok {
			if doc.Count(sel) == 0 {
				t.Errorf("no element matches %s", sel)
			}
		} else if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func pageLacks(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("page shows %q", u)
		}
	}
}

func TestPasswordPagesRender(t *testing.T) {
	ts := newPasswordPageServer(t, registry.DefaultPasswordPolicy)

	resp, body := ts.get(t, "/password/recover")
	if resp.StatusCode != 200 {
		t.Fatalf("recover: status %d\n%s", resp.StatusCode, body)
	}
	pageHas(t, body,
		"<title>找回备案密码 - ", "<h1>找回备案密码</h1>",
		`<form class="stack" method="post" action="/password/recover"`,
		`<label for="province">`, `<select id="province" name="province"`,
		`<option value="330000">浙江（浙）</option>`, `<option value="510000">四川（蜀）</option>`,
		`<label for="licence">`, `aria-describedby="licence-hint"`,
		"只填写“-”之前的部分，例如 浙ICP备2021012345号",
		`<a href="/query">不知道备案号？通过备案查询找到它</a>`,
		`<label for="certType">`, `<optgroup label="企业">`, `<optgroup label="个人">`,
		`<option value="居民身份证">居民身份证</option>`,
		`<label for="certNo">`, `href="/password/change"`,
	)
	for _, p := range rules.Provinces() {
		pageHas(t, body, `<option value="`+p.Code+`">`+p.Name+"（"+p.Prefix+"）</option>")
	}
	if n := len(regexp.MustCompile(`<option value="[0-9]{6}">`).FindAllString(body, -1)); n != 31 {
		t.Errorf("%d provinces, want 31", n)
	}
	for _, n := range rules.Natures() {
		group := `<optgroup label="` + n.Name + `">`
		i := strings.Index(body, group)
		if i < 0 {
			t.Errorf("no optgroup for %s", n.Name)
			continue
		}
		rest := body[i:]
		rest = rest[:strings.Index(rest, "</optgroup>")]
		for _, c := range rules.EntityCertTypes(n.Name) {
			pageHas(t, rest, `<option value="`+c.Name+`">`)
		}
	}
	pageLacks(t, body, `role="alert"`, `role="status"`, `aria-invalid`, "<script")

	resp, body = ts.get(t, "/password/change")
	if resp.StatusCode != 200 {
		t.Fatalf("change: status %d\n%s", resp.StatusCode, body)
	}
	pageHas(t, body,
		"<title>修改备案密码 - ", "<h1>修改备案密码</h1>",
		`<form class="stack" method="post" action="/password/change"`,
		`<option value="330000">浙江（浙）</option>`,
		`<label for="licence">`, `autocomplete="username"`,
		`<label for="oldPassword">旧备案密码</label>`, `<label for="newPassword">新备案密码</label>`,
		`<label for="confirmPassword">确认新备案密码</label>`,
		`type="password"`, `autocomplete="current-password"`, `autocomplete="new-password"`,
		`href="/password/recover"`,
	)
	if n := strings.Count(body, `type="password"`); n != 3 {
		t.Errorf("%d password fields, want 3", n)
	}

	// A link may fill in the province and number.
	_, body = ts.get(t, "/password/change?province=%E6%B5%99%E6%B1%9F&licence="+url.QueryEscape("浙ICP备2021012345号"))
	pageHas(t, body, `<option value="330000" selected>浙江（浙）</option>`, `value="浙ICP备2021012345号"`)
}

func TestRecoverPage(t *testing.T) {
	ts := newPasswordPageServer(t, registry.DefaultPasswordPolicy)
	for _, test := range []struct {
		name   string
		form   url.Values
		status int
		want   []string
	}{
		{"ServiceNumber", withValues(recoverForm, "licence", "浙ICP备2021012345号-1"), 400, []string{
			`<p id="licence-error" class="error" role="alert">主体备案号：`,
			`css:input#licence[aria-describedby="licence-hint licence-error"][aria-invalid=true]`,
			// The values typed are kept.
			`value="浙ICP备2021012345号-1"`, `<option value="330000" selected>`,
			`<option value="统一社会信用代码证书" selected>`, `value="91330106MA2CFXRU0X"`,
			"<title>错误：找回备案密码 - ",
		}},
		{"BadProvince", withValues(recoverForm, "province", "999999"), 400, []string{
			`<p id="province-error" class="error" role="alert">主体所在省份：`,
			`css:select#province[aria-describedby="province-hint province-error"][aria-invalid=true]`,
			`value="浙ICP备2021012345号"`,
		}},
		{"WrongPrefix", withValues(recoverForm, "province", "510000"), 400, []string{
			`id="licence-error"`, `<option value="510000" selected>`,
		}},
		{"NoCertType", withValues(recoverForm, "certType", ""), 400, []string{
			`<p id="certType-error" class="error" role="alert">主体证件类型：`,
		}},
		{"NoCertNo", withValues(recoverForm, "certNo", ""), 400, []string{
			`<p id="certNo-error" class="error" role="alert">主体证件号码：`,
			`css:input#certNo[aria-invalid=true][aria-describedby=certNo-error]`,
		}},
		{"Unknown", withValues(recoverForm, "licence", "浙ICP备2099000001号"), 200, []string{
			`<div class="notice" role="status">`, registry.RecoverAnswer,
			`href="/password/change?licence=%E6%B5%99ICP%E5%A4%872099000001%E5%8F%B7&amp;province=330000"`,
		}},
		{"Match", recoverForm, 200, []string{`role="status"`, registry.RecoverAnswer}},
	} {
		t.Run(test.name, func(t *testing.T) {
			resp, body := ts.postForm(t, "/password/recover", test.form)
			if resp.StatusCode != test.status {
				t.Fatalf("status=%d, want %d\n%s", resp.StatusCode, test.status, body)
			}
			pageHas(t, body, test.want...)
			if test.status == 200 {
				pageLacks(t, body, `role="alert"`)
			} else {
				pageLacks(t, body, `role="status"`, registry.RecoverAnswer)
			}
		})
	}

	// The match sent a password to the principal, by SMS and email alike.
	if pw := ts.outboxPassword(t, "13800000001"); pw != ts.outboxPassword(t, "zhang@example.cn") {
		t.Errorf("SMS and email carry different passwords")
	}
}

func TestChangePage(t *testing.T) {
	ts := newPasswordPageServer(t, registry.DefaultPasswordPolicy)
	if resp, body := ts.postForm(t, "/password/recover", recoverForm); resp.StatusCode != 200 {
		t.Fatalf("recover: %d\n%s", resp.StatusCode, body)
	}
	old := ts.outboxPassword(t, "13800000001")
	const next = "Zhejiang-2024-new"
	change := func(oldPw, newPw, confirm string) url.Values {
		return url.Values{
			"province":        {"330000"},
			"licence":         {"浙ICP备2021012345号"},
			"oldPassword":     {oldPw},
			"newPassword":     {newPw},
			"confirmPassword": {confirm},
		}
	}
	for _, test := range []struct {
		name   string
		form   url.Values
		status int
		want   []string
	}{
		{"Mismatch", change(old, next, next+"x"), 400, []string{
			`<p id="confirmPassword-error" class="error" role="alert">确认新备案密码：两次输入的新密码不一致</p>`,
			`css:input#confirmPassword[aria-invalid=true][aria-describedby=confirmPassword-error]`,
			`value="浙ICP备2021012345号"`, `<option value="330000" selected>`,
		}},
		{"WrongOld", change("not-the-password", next, next), 400, []string{
			`<p id="oldPassword-error" class="error" role="alert">` + registry.WrongOldPassword + `</p>`,
			`css:input#oldPassword[aria-invalid=true][aria-describedby=oldPassword-error]`,
			`value="浙ICP备2021012345号"`,
		}},
		{"ShortNew", change(old, "short", "short"), 400, []string{
			`<p id="newPassword-error" class="error" role="alert">新备案密码：`,
			`css:input#newPassword[aria-describedby="newPassword-hint newPassword-error"][aria-invalid=true]`,
		}},
		{"ServiceNumber", withValues(change(old, next, next), "licence", "浙ICP备2021012345号-1"), 400, []string{
			`id="licence-error"`, `value="浙ICP备2021012345号-1"`,
		}},
		{"Success", change(old, next, next), 200, []string{
			`<div class="notice" role="status">`, "备案密码已修改，已通知主体负责人。",
			`value="浙ICP备2021012345号"`,
		}},
		// The recovered password no longer works.
		{"OldAgain", change(old, next, next), 400, []string{
			`role="alert">` + registry.WrongOldPassword + `</p>`,
		}},
	} {
		t.Run(test.name, func(t *testing.T) {
			resp, body := ts.postForm(t, "/password/change", test.form)
			if resp.StatusCode != test.status {
				t.Fatalf("status=%d, want %d\n%s", resp.StatusCode, test.status, body)
			}
			pageHas(t, body, test.want...)
			// Passwords are never echoed back.
			for _, k := range []string{"oldPassword", "newPassword", "confirmPassword"} {
				pageLacks(t, body, `value="`+test.form.Get(k)+`"`)
				if pw := test.form.Get(k); len(pw) >= 8 {
					pageLacks(t, body, pw)
				}
			}
		})
	}
}

func TestChangePageLockout(t *testing.T) {
	policy := registry.DefaultPasswordPolicy
	policy.FailuresBeforeLock = 2
	ts := newPasswordPageServer(t, policy)
	form := url.Values{
		"province": {"330000"}, "licence": {"浙ICP备2021012345号"},
		"oldPassword": {"wrong-password"}, "newPassword": {"Another-Pass-1"}, "confirmPassword": {"Another-Pass-1"},
	}
	for range 2 {
		if resp, body := ts.postForm(t, "/password/change", form); resp.StatusCode != 400 {
			t.Fatalf("wrong password: %d\n%s", resp.StatusCode, body)
		}
	}
	resp, body := ts.postForm(t, "/password/change", form)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("locked: %d Retry-After=%q\n%s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	pageHas(t, body, `role="alert"`, `value="浙ICP备2021012345号"`)
	pageLacks(t, body, "wrong-password", "Another-Pass-1")
}

func TestPasswordFormLimit(t *testing.T) {
	ts := newPasswordPageServer(t, registry.DefaultPasswordPolicy)
	big := withValues(recoverForm, "certNo", strings.Repeat("9", 20<<10))
	resp, body := ts.postForm(t, "/password/recover", big)
	if resp.StatusCode != 400 {
		t.Fatalf("status %d\n%s", resp.StatusCode, body)
	}
	pageHas(t, body, `<p id="form-error" class="error" role="alert">`)
	pageLacks(t, body, strings.Repeat("9", 100))
}

// TestRecoverPageKeepsNature: a label shared by several natures comes back
// selected under 企业, the nature most entities have.
func TestRecoverPageKeepsNature(t *testing.T) {
	ts := newPasswordPageServer(t, registry.DefaultPasswordPolicy)
	_, body := ts.postForm(t, "/password/recover", withValues(recoverForm, "certNo", ""))
	if n := strings.Count(body, " selected>"); n != 2 { // province and certificate type
		t.Fatalf("%d selected options, want 2", n)
	}
	i := strings.Index(body, `<optgroup label="企业">`)
	j := strings.Index(body, `<option value="统一社会信用代码证书" selected>`)
	k := strings.Index(body[i:], "</optgroup>") + i
	if i < 0 || j < i || j > k {
		t.Errorf("the selected certificate type is not under 企业")
	}
}

// TestPasswordPagesCrossOrigin: a form posted from another site is refused
// before it reaches the service.
func TestPasswordPagesCrossOrigin(t *testing.T) {
	ts := newPasswordPageServer(t, registry.DefaultPasswordPolicy)
	for _, path := range []string{"/password/recover", "/password/change"} {
		req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(recoverForm.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s from another site: %d, want 403", path, resp.StatusCode)
		}
	}
}

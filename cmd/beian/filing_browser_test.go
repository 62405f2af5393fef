package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// browserFiling is a first filing in Zhejiang with two principals.
func browserFiling() *beian.RegistryFiling {
	return &beian.RegistryFiling{
		Provider: "某某云", ApplicationID: 9001, Version: 1, FilingType: beian.FilingFirst, SubmittedAt: time.Now(),
		Record: &beian.ApplicationRecord{Entity: beian.Entity{
			UnitName: "杭州浏览器测试科技有限公司", Nature: "企业", Province: "330000", CertType: "统一社会信用代码证书", CertNo: "91330106BROWSER001",
			Principal: beian.Principal{Name: "钱七", CertType: "居民身份证", CertNo: "33010619900101123X", Mobile: "13512345671", Email: "qian@example.cn"},
			Services: []*beian.Service{{Type: beian.ServiceWebsite, Name: "浏览器测试站", Domains: []string{"browser-filing-example.cn"}, HomeURL: "www.browser-filing-example.cn",
				Principal: &beian.Principal{Name: "孙八", CertType: "居民身份证", CertNo: "330106199202024567", Mobile: "13512345672", Email: "sun@example.cn"}}},
		}},
		Access:    [][]beian.Access{{{Provider: "某某云", IPs: []string{"203.0.113.30"}}}},
		Materials: []beian.MaterialRef{{Kind: beian.MaterialPrincipalPhoto, SHA256: strings.Repeat("c", 64)}},
	}
}

// submitFiling hands a filing to the registry of a running server's store,
// as the agent does in process, with the codes kept in the dev outbox.
func submitFiling(t *testing.T, data string, f *beian.RegistryFiling) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(data, "beian.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := notify.New()
	if err != nil {
		t.Fatal(err)
	}
	n.Dev = true
	fs := &registry.Filings{DB: db, Notifier: n, Policy: registry.DefaultFilingPolicy}
	if err := db.InTx(ctx, func(tx *store.Tx) error { return fs.Accept(ctx, tx, f) }); err != nil {
		t.Fatal(err)
	}
}

var outboxCodeRE = regexp.MustCompile(`验证码：([0-9]{6})`)

// sentCode reads the newest verification code sent to mobile from the dev
// outbox API.
func sentCode(t *testing.T, base, mobile string) string {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/dev/outbox?to=" + mobile)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	c := outboxCodeRE.FindStringSubmatch(string(b))
	if c == nil {
		t.Fatalf("no code sent to %s: %s", mobile, b)
	}
	return c[1]
}

// verifyInBrowser fills the 「短信核验」 form and returns the notice.
func verifyInBrowser(t *testing.T, ctx context.Context, base, mobile, code, suffix string) string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/sms-verify"),
		chromedp.WaitVisible(chromedp.CSS("#sms-verify")),
		chromedp.SendKeys(chromedp.CSS("#mobile"), mobile),
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.SendKeys(chromedp.CSS("#certSuffix"), suffix),
		chromedp.Click(chromedp.CSS("#sms-verify button")),
		chromedp.WaitVisible(chromedp.CSS("#sms-notice, #form-error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#sms-notice, #form-error")))
	return strings.TrimSpace(got)
}

// TestBrowserFiling takes filings through the registry in Chromium, with no
// script: a wrong code, two principals' verification on the 「短信核验」 page
// and the demo applicant's, /metrics, the bureau reviewer's queue with its
// chart, the filing page and the approvals; then the public query finds the
// sites and the demo's application shows its number.
func TestBrowserFiling(t *testing.T) {
	data := t.TempDir()
	base, _ := startServer(t, "--demo", "--data", data)
	submitFiling(t, data, browserFiling())
	ctx := newBrowserFor(t, 90*time.Second)
	browserVerifications(t, ctx, base)

	// /metrics counts the queue (the test client is on loopback).
	metrics := get(t, base+"/metrics")
	if !strings.Contains(metrics, `beian_bureau_filings_pending{province="330000"} 2`) ||
		!strings.Contains(metrics, `beian_bureau_filings_overdue{province="330000"} 0`) {
		t.Fatalf("metrics lack the bureau queue:\n%s", metrics)
	}

	bureauLogin(t, ctx, base, "zj-bureau")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/bureau"]`)),
		chromedp.WaitVisible(chromedp.CSS("#queue-chart")),
		chromedp.WaitVisible(chromedp.CSS("#bureau-queue")),
	)
	if err != nil {
		t.Fatal(err)
	}
	length, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#queue-length")))
	if !strings.Contains(length, "待审核 2 件") {
		t.Fatalf("queue length: %q", length)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "bureau_queue.png")
	}
	licences := approveFirst(t, ctx, base)
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "bureau_filing.png")
	}
	approveFirst(t, ctx, base)
	for _, domain := range []string{"zhouwu-demo.cn", "browser-filing-example.cn"} {
		if q := get(t, base+"/api/v1/query?keyword="+domain); !strings.Contains(q, `"serviceLicence":"浙ICP备`) {
			t.Fatalf("the public query does not find %s: %s", domain, q)
		}
	}
	if q := get(t, base+"/api/v1/query?keyword="+url.QueryEscape(licences)); !strings.Contains(q, licences) {
		t.Fatalf("the public query does not find %s: %s", licences, q)
	}
	checkDemoApproved(t, base)
}

// browserVerifications verifies the submitted filing's two principals and
// the demo's application 5 (周五), which passed its initial review through
// the agent and so is in the registry's hands with its code sent.
func browserVerifications(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	if got := verifyInBrowser(t, ctx, base, "13512345671", "000000", "01123X"); got != beian.SMSVerifyNotFound {
		t.Fatalf("wrong code: %q", got)
	}
	if got := verifyInBrowser(t, ctx, base, "13512345671", sentCode(t, base, "13512345671"), "01123x"); got != beian.SMSVerifyPartial {
		t.Fatalf("first principal: %q", got)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "sms_verify.png")
	}
	if got := verifyInBrowser(t, ctx, base, "13512345672", sentCode(t, base, "13512345672"), "024567"); got != beian.SMSVerifyDone {
		t.Fatalf("last principal: %q", got)
	}
	zhou := beian.CertSuffix(demoIDNumber("33010619900307105"))
	if got := verifyInBrowser(t, ctx, base, "13900000005", sentCode(t, base, "13900000005"), zhou); got != beian.SMSVerifyDone {
		t.Fatalf("the demo's principal: %q", got)
	}
}

// approveFirst approves the first filing of the bureau queue on its page
// and returns the service numbers the page then shows.
func approveFirst(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/bureau"),
		chromedp.Click(chromedp.Search(`//table[@id="bureau-queue"]//a`)),
		chromedp.WaitVisible(chromedp.CSS("#approve-form")),
		chromedp.WaitVisible(chromedp.CSS("#filing-materials")),
		chromedp.Click(chromedp.CSS("#approve-form button")),
		chromedp.WaitVisible(chromedp.CSS("#decision-notice")),
	)
	if err != nil {
		t.Fatal(err)
	}
	licences, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#service-licences")))
	status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#filing-status")))
	if !regexp.MustCompile(`^浙ICP备2\d{9}号-1$`).MatchString(licences) || status != beian.StatusApproved.Label() {
		t.Fatalf("after approval: %q %q", licences, status)
	}
	return licences
}

// checkDemoApproved reads 周五's application over the JSON API: it
// followed the registry to approved, with its main number.
func checkDemoApproved(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/login", "application/json", strings.NewReader(`{"login":"13900000005","password":"`+demoPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var login struct{ Params struct{ Token string } }
	json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	req, _ := http.NewRequest("GET", base+"/api/v1/agent/applications/5", nil)
	req.Header.Set("Authorization", "Bearer "+login.Params.Token)
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var app struct{ Params map[string]any }
	json.NewDecoder(resp.Body).Decode(&app)
	if app.Params["status"] != "approved" || !strings.HasPrefix(fmt.Sprint(app.Params["mainLicence"]), "浙ICP备") {
		t.Fatalf("the demo's application after approval: %v", app.Params)
	}
}

// bureauLogin logs a demo bureau reviewer in, enrolling the second factor.
func bureauLogin(t *testing.T, ctx context.Context, base, login string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), login),
		chromedp.SendKeys(chromedp.CSS("#password"), demoPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS("figure.qr img")),
	)
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("figure.qr figcaption code")))
	code, err := totp.GenerateCode(strings.ReplaceAll(secret, " ", ""), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/login/totp"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/bureau"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

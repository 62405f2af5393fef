package main

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// TestBrowserSignup signs an applicant up in Chromium: code by SMS (read
// from the dev outbox), account details, then the account page and logout.
func TestBrowserSignup(t *testing.T) {
	base, _ := startServer(t, "--dev")
	ctx := newBrowser(t)
	const mobile = "13700001234"
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/signup"),
		chromedp.WaitVisible(chromedp.CSS("#code-mobile")),
		chromedp.SendKeys(chromedp.CSS("#code-mobile"), mobile),
		chromedp.Click(chromedp.CSS(`form[action="/signup/code"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice[role="status"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(base + "/api/v1/dev/outbox?to=" + mobile)
	if err != nil {
		t.Fatal(err)
	}
	var box struct {
		Params struct{ List []struct{ Body string } } `json:"params"`
	}
	json.NewDecoder(resp.Body).Decode(&box)
	resp.Body.Close()
	if len(box.Params.List) == 0 {
		t.Fatal("no code SMS")
	}
	code := regexp.MustCompile(`验证码：(\d{6})`).FindStringSubmatch(box.Params.List[0].Body)[1]

	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.SendKeys(chromedp.CSS("#name"), "杭州云栖网络科技有限公司"),
		chromedp.Click(chromedp.CSS(`input[name="kind"][value="enterprise"]`)),
		chromedp.SendKeys(chromedp.CSS("#password"), "a-good-long-secret"),
		chromedp.SendKeys(chromedp.CSS("#confirm"), "a-good-long-secret"),
		chromedp.Click(chromedp.CSS(`form[action="/signup"] button`)),
		chromedp.WaitVisible(chromedp.CSS("dl.facts")),
	)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	for _, w := range []string{mobile, "杭州云栖网络科技有限公司", "备案申请人", "企业"} {
		if !strings.Contains(text, w) {
			t.Errorf("account page lacks %q:\n%s", w, text)
		}
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "account.png")
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
}

// TestBrowserAdminTOTP logs the demo admin in with Chromium: password, then
// the TOTP enrolment page (the secret read off the page), then the staff
// page, where it creates a bureau reviewer.
func TestBrowserAdminTOTP(t *testing.T) {
	base, _ := startServer(t, "--demo")
	ctx := newBrowser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/admin/accounts"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), demoPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS("figure.qr img")),
	)
	if err != nil {
		t.Fatal(err)
	}
	caption, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("figure.qr figcaption code")))
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(strings.ReplaceAll(caption, " ", ""), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "totp.png")
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/login/totp"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/admin/accounts"]`)),
		chromedp.SetValue(chromedp.CSS("#role"), "bureau_reviewer"),
		chromedp.SendKeys(chromedp.CSS("#login"), "sc-bureau"),
		chromedp.SetValue(chromedp.CSS("#provinces"), "510000"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/accounts"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice[role="status"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	notice, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.notice[role="status"]`)))
	table, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.results")))
	if !strings.Contains(notice, "sc-bureau") || !strings.Contains(table, "四川") {
		t.Fatalf("staff page:\n%s\n%s", notice, table)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "admin_accounts.png")
	}
}

package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// TestBrowserAdminStaff walks the administrators' staff pages in Chromium
// on the demo: the navigation, a bureau reviewer's provinces, a password
// reset (the new password logs in), a TOTP reset, and the audit log that
// records it all.
func TestBrowserAdminStaff(t *testing.T) {
	base, _ := startServer(t, "--demo")
	ctx := newBrowser(t)
	code := adminLogin(t, ctx, base)
	// Logged in, the navigation offers the staff pages.
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/login/totp"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/admin/accounts"]`)),
		chromedp.Click(chromedp.CSS(`nav a[href="/admin/accounts"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/admin/accounts"]`)),
		chromedp.Click(chromedp.Search(`//table//a[text()="zj-bureau"]`)),
		chromedp.WaitVisible(chromedp.CSS("#scope-form")),
		chromedp.SetValue(chromedp.CSS("#provinces"), "440000"),
		chromedp.Click(chromedp.CSS("#scope-form button")),
		chromedp.WaitVisible(chromedp.CSS(`#account-notice[data-done="scope"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#account-provinces"))); got != "广东" {
		t.Fatalf("provinces after saving: %q", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#reset-password button")),
		chromedp.WaitVisible(chromedp.CSS("#new-password")),
	)
	if err != nil {
		t.Fatal(err)
	}
	password, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#new-password")))
	if !regexp.MustCompile(`^[A-Za-z0-9]{20}$`).MatchString(password) {
		t.Fatalf("generated password %q", password)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "admin_account.png")
	}
	// The reviewer logs in with it (and goes on to the second factor).
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/login", url.Values{"login": {"zj-bureau"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login/totp") {
		t.Fatalf("login with the new password: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#reset-totp button")),
		chromedp.WaitVisible(chromedp.CSS(`#account-notice[data-done="totp"]`)),
		chromedp.Click(chromedp.CSS(`nav a[href="/admin/audit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#audit-chain")),
		chromedp.SendKeys(chromedp.CSS("#actor"), "admin"),
		chromedp.Click(chromedp.CSS("#audit-filter button")),
		chromedp.WaitVisible(chromedp.CSS(`#audit-filter input[value="admin"]`)),
		chromedp.WaitVisible(chromedp.CSS("#audit-log")),
	)
	if err != nil {
		t.Fatal(err)
	}
	chain, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#audit-chain")))
	log, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#audit-log")))
	for _, want := range []string{"account.scope", "account.reset_password", "account.reset_totp", "zj-bureau"} {
		if !strings.Contains(log, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, log)
		}
	}
	if !strings.Contains(chain, "校验通过") {
		t.Errorf("chain: %q", chain)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "admin_audit.png")
	}
}

// adminLogin enters the demo admin's password in the browser and returns a
// TOTP code for the enrolment page it lands on.
func adminLogin(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), demoPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS("figure.qr img")),
	)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("figure.qr figcaption code")))
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(strings.ReplaceAll(secret, " ", ""), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

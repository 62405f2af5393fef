package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserBureauLifecycle walks the bureau staff's pages in Chromium on
// the demo: the blacklist (an entry added through the form, listed, then
// removed; a bad one refused naming the field) and an entity's history,
// drawn as an inline SVG timeline.
func TestBrowserBureauLifecycle(t *testing.T) {
	base, _ := startServer(t, "--demo")
	ctx := newBrowser(t)
	code := adminLogin(t, ctx, base)
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/login/totp"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/bureau/blacklist"]`)),
		chromedp.Click(chromedp.CSS(`nav a[href="/bureau/blacklist"]`)),
		chromedp.WaitVisible(chromedp.CSS("#blacklist-add")),
		chromedp.SendKeys(chromedp.CSS("#value"), "bad-example.cn"),
		chromedp.SetValue(chromedp.CSS("#kind"), "domain"),
		chromedp.SendKeys(chromedp.CSS("#province"), "浙江"),
		chromedp.SendKeys(chromedp.CSS("#reason"), "x"),
		chromedp.Click(chromedp.CSS("#blacklist-add button")),
		chromedp.WaitVisible(chromedp.CSS("#blacklist-error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#blacklist-error"))); !strings.Contains(msg, "原因") {
		t.Errorf("a one-character reason: %q", msg)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#reason"), "违法内容"),
		chromedp.Click(chromedp.CSS("#blacklist-add button")),
		chromedp.WaitVisible(chromedp.CSS("#blacklist td.value")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#blacklist td.value"))); v != "bad-example.cn" {
		t.Errorf("listed %q", v)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#blacklist form button")),
		chromedp.WaitVisible(chromedp.CSS("#blacklist-empty")),
		chromedp.Navigate(base+"/staff/entities/1"),
		chromedp.WaitVisible(chromedp.CSS("svg#timeline circle")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if first, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#timeline-list li"))); !strings.Contains(first, "首次备案") {
		t.Errorf("timeline starts with %q", first)
	}
}

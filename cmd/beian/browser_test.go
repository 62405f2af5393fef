package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newBrowser starts headless Chromium for one test of at most a minute.
// Outside CI a machine without Chromium skips the browser tests; in CI it
// fails them.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return newBrowserFor(t, 60*time.Second)
}

// newBrowserFor is newBrowser for a test that may take up to timeout.
func newBrowserFor(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium is not installed: the browser tests must run in CI")
		}
		t.Skip("Chromium is not installed (apt-get install chromium); browser tests skipped outside CI")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// TestBrowserQuery searches the demo registry in a real browser: the form
// needs no script (the page's CSP forbids every script), the result table
// shows the filing, and the entity link opens its detail page.
func TestBrowserQuery(t *testing.T) {
	base, _ := startServer(t, "--demo")
	ctx := newBrowser(t)

	// Pick a website of the demo data to search for.
	resp, err := http.Get(base + "/api/v1/query?serviceType=1&pageSize=1&keyword=" + url.QueryEscape("有限公司"))
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Params struct {
			List []struct{ UnitName, Domain, ServiceLicence string } `json:"list"`
		} `json:"params"`
	}
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if len(body.Params.List) == 0 {
		t.Fatal("demo data has no company website")
	}
	want := body.Params.List[0]

	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/query"),
		chromedp.WaitVisible(chromedp.CSS("#keyword")),
		chromedp.SendKeys(chromedp.CSS("#keyword"), "https://www."+want.Domain+"/index.html"),
		chromedp.Click(chromedp.CSS(`form.search button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.results")),
	)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	table, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.results tbody")))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{want.UnitName, want.ServiceLicence, want.Domain} {
		if !strings.Contains(table, w) {
			t.Errorf("result table lacks %q:\n%s", w, table)
		}
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "query.png")
	}

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("table.results tbody a")),
		chromedp.WaitVisible(chromedp.CSS("ol.services")),
	)
	if err != nil {
		t.Fatalf("open detail: %v", err)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil || h1 != want.UnitName {
		t.Fatalf("detail h1=%q, want %q (%v)", h1, want.UnitName, err)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "entity.png")
	}

	// A bad keyword is explained on the page, next to the field.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/query?keyword="+url.QueryEscape("云")),
		chromedp.WaitVisible(chromedp.CSS("#query-error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#query-error")))
	if !strings.HasPrefix(msg, "查询关键词：") {
		t.Fatalf("error message %q", msg)
	}
}

// shot saves a screenshot into BEIAN_SCREENSHOT_DIR, for a person to look at.
func shot(t *testing.T, ctx context.Context, name string) {
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	os.WriteFile(filepath.Join(os.Getenv("BEIAN_SCREENSHOT_DIR"), name), b, 0o644)
}

// TestBrowserDevOutbox opens the dev outbox of the demo in a real browser and
// filters it by the demo principal's mobile number.
func TestBrowserDevOutbox(t *testing.T) {
	base, stdout := startServer(t, "--demo")
	ctx := newBrowser(t)
	var mobile, addr string
	for _, l := range strings.Split(stdout.String(), "\n") {
		if _, rest, ok := strings.Cut(l, "sample messages to "); ok {
			f := strings.Fields(rest)
			mobile, addr = f[0], f[2]
		}
	}
	if mobile == "" {
		t.Fatalf("demo did not send sample messages:\n%s", stdout)
	}

	// The dev outbox API: newest first, every field filled.
	resp, err := http.Get(base + "/api/v1/dev/outbox?to=" + url.QueryEscape(addr))
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Params struct {
			List []struct{ Channel, To, Subject, Body, CreatedAt string } `json:"list"`
		} `json:"params"`
	}
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if len(body.Params.List) != 4 || body.Params.List[0].Channel != "email" || body.Params.List[0].To != addr || body.Params.List[0].CreatedAt == "" {
		t.Fatalf("outbox for %s: %+v", addr, body.Params.List)
	}

	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/dev/outbox"),
		chromedp.WaitVisible(chromedp.CSS("#to")),
		chromedp.SendKeys(chromedp.CSS("#to"), mobile),
		chromedp.Click(chromedp.CSS(`form.search button[type="submit"]`)),
		// The filtered page, not the one the click left: only its input
		// carries the number as an attribute.
		chromedp.WaitVisible(chromedp.CSS(`#to[value="`+mobile+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("ol.outbox")),
	)
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("ol.outbox")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "验证码：246810") || strings.Count(text, mobile) != 1 {
		t.Fatalf("outbox page for %s:\n%s", mobile, text)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "outbox.png")
	}
}

// TestDevOutboxOnlyInDev: without --dev the outbox does not exist.
func TestDevOutboxOnlyInDev(t *testing.T) {
	base, _ := startServer(t)
	for _, path := range []string{"/api/v1/dev/outbox?to=a@b.cn", "/dev/outbox"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("%s: %d without --dev, want 404", path, resp.StatusCode)
		}
	}
}

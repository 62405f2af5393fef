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

// newBrowser starts headless Chromium for one test. Outside CI a machine
// without Chromium skips the browser tests; in CI it fails them.
func newBrowser(t *testing.T) context.Context {
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
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
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
	if !strings.HasPrefix(msg, "keyword: ") {
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

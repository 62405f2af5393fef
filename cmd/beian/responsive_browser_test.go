package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// viewports are the widths every page is checked at: a phone (iPhone 12–15,
// 390 × 844 CSS pixels) and a desktop.
var viewports = []struct {
	name          string
	width, height int64
	phone         bool
}{
	{"phone", 390, 844, true},
	{"desktop", 1280, 800, false},
}

// layoutFacts is what a page measures of itself in the browser.
type layoutFacts struct {
	ScrollWidth float64 `json:"scrollWidth"`
	InnerWidth  float64 `json:"innerWidth"`
	Nav         []struct {
		Text       string  `json:"text"`
		Width      float64 `json:"width"`
		Height     float64 `json:"height"`
		LineHeight float64 `json:"lineHeight"`
	} `json:"nav"`
	// Outside lists the form controls and table cells whose right edge lies
	// beyond the window.
	Outside []string `json:"outside"`
	// Cells are the table cells: their display and the label their
	// ::before shows.
	Cells []struct {
		Display string `json:"display"`
		Label   string `json:"label"`
		Before  string `json:"before"`
	} `json:"cells"`
}

const layoutJS = `(() => {
  const px = v => parseFloat(v) || 0;
  const nav = [...document.querySelectorAll('header.site nav a')].map(a => {
    const r = a.getBoundingClientRect(), cs = getComputedStyle(a);
    return {text: a.textContent.trim(), width: r.width, height: r.height,
      lineHeight: cs.lineHeight === 'normal' ? 1.2 * px(cs.fontSize) : px(cs.lineHeight)};
  });
  const outside = [...document.querySelectorAll('input:not([type=hidden]), select, button, textarea, td, th, pre, img')]
    .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + e.textContent.trim().slice(0, 20));
  const cells = [...document.querySelectorAll('table.results tbody td')].map(td => ({
    display: getComputedStyle(td).display, label: td.dataset.label || '',
    before: getComputedStyle(td, '::before').content}));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, nav, outside, cells};
})()`

// checkLayout measures the page open in ctx at one viewport and reports what
// does not fit it, then saves a screenshot into dir.
func checkLayout(t *testing.T, ctx context.Context, page, dir string, phone bool) {
	t.Helper()
	f, err := chromedp.Run(ctx, chromedp.Evaluate[layoutFacts](layoutJS))
	if err != nil {
		t.Fatalf("%s: measure: %v", page, err)
	}
	if f.ScrollWidth > f.InnerWidth {
		t.Errorf("%s: page is %.0f px wide in a %.0f px window (horizontal scrolling)", page, f.ScrollWidth, f.InnerWidth)
	}
	if len(f.Outside) > 0 {
		t.Errorf("%s: beyond the right edge: %q", page, f.Outside)
	}
	if len(f.Nav) < 4 {
		t.Errorf("%s: %d navigation links, want at least 4", page, len(f.Nav))
	}
	for _, a := range f.Nav {
		// A link broken into one-character columns is one character wide
		// and several lines high; a link on one line is wider than high
		// (every link has two characters or more). Glyph widths depend on
		// the fonts installed, so the test does not count on them.
		if a.Width <= a.Height || a.Height > 1.5*a.LineHeight {
			t.Errorf("%s: navigation link %q is %.0f × %.0f px (line %.0f px): not on one line",
				page, a.Text, a.Width, a.Height, a.LineHeight)
		}
	}
	want := "table-cell"
	if phone {
		want = "block"
	}
	for i, c := range f.Cells {
		if c.Display != want && !(phone && c.Display == "none") {
			t.Errorf("%s: cell %d is display %q, want %q", page, i, c.Display, want)
		}
		if c.Label == "" {
			t.Errorf("%s: cell %d has no data-label", page, i)
		}
		if phone && c.Before != fmt.Sprintf("%q", c.Label) {
			t.Errorf("%s: cell %d shows label %s, want %q", page, i, c.Before, c.Label)
		}
	}
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("%s: screenshot: %v", page, err)
		return
	}
	name := strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_").Replace(strings.TrimPrefix(page, "/"))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644); err != nil {
		t.Error(err)
	}
}

// TestBrowserResponsive opens every page of the demo at phone and at desktop
// width in Chromium: none scrolls sideways, the navigation links stay on one
// line each, result tables become one labelled card per row on the phone and
// stay tables on the desktop. The screenshots go to BEIAN_SCREENSHOT_DIR, or
// a temporary directory, for a person to look at.
func TestBrowserResponsive(t *testing.T) {
	base, _ := startServer(t, "--demo")
	ctx := newBrowserFor(t, 3*time.Minute)
	dir := os.Getenv("BEIAN_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}

	// The entity page of the first company the demo lists.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/query?keyword="+url.QueryEscape("有限公司"))); err != nil {
		t.Fatal(err)
	}
	entity, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("table.results tbody a"), "href"))
	if err != nil || !entity.Exists {
		t.Fatalf("no entity link on the result page: %v", err)
	}

	visit := func(t *testing.T, paths ...string) {
		t.Helper()
		for _, v := range viewports {
			for _, p := range paths {
				err := chromedp.Do(ctx,
					chromedp.EmulateViewport(v.width, v.height),
					chromedp.Navigate(base+p),
					chromedp.WaitReady(chromedp.CSS("footer.site")),
				)
				if err != nil {
					t.Fatalf("%s at %s: %v", p, v.name, err)
				}
				checkLayout(t, ctx, v.name+p, dir, v.phone)
			}
		}
	}

	visit(t, "/query", "/query?keyword="+url.QueryEscape("有限公司"), entity.Value,
		"/query?keyword="+url.QueryEscape("云"), "/password/recover", "/password/change",
		"/login", "/signup", "/reset", "/dev/outbox", "/no-such-page")

	// An applicant's pages.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/login?next=/account"),
		chromedp.SendKeys(chromedp.CSS("#login"), "13900000001"),
		chromedp.SendKeys(chromedp.CSS("#password"), demoPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)),
	)
	if err != nil {
		t.Fatalf("applicant login: %v", err)
	}
	visit(t, "/account", "/account/totp")
	// The wizard's steps, the applicant's applications and products; the
	// demo's first application of this applicant is abandoned.
	visit(t, "/agent/wizard/type", "/agent/wizard/product", "/agent/wizard/password", "/agent/wizard/entity",
		"/agent/wizard/services", "/agent/applications", "/agent/applications/1", "/agent/products")
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/account"),
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)),
	)
	if err != nil {
		t.Fatalf("logout: %v", err)
	}

	// The demo reviewer's queue and an application under review (the
	// demo's fourth, in initial review), then a rejected one's page as its
	// applicant sees it.
	browserLogin(t, ctx, base, "reviewer", "/agent/review")
	visit(t, "/agent/review", "/agent/review/4", "/agent/review/2")
	browserLogout(t, ctx, base)
	browserLogin(t, ctx, base, "13900000002", "/agent/applications/2")
	visit(t, "/agent/applications/2", "/agent/applications/2/wizard/services", "/agent/applications/2/wizard/materials",
		"/agent/applications/2/wizard/confirm")
	browserLogout(t, ctx, base)

	// The admin's: the second-factor enrolment first, then the staff table.
	loginAdmin(t, ctx, base, dir)
	visit(t, "/admin/accounts", "/account")
	t.Logf("screenshots in %s", dir)
}

// loginAdmin logs the demo admin in at phone width, checking the TOTP
// enrolment page on the way.
func loginAdmin(t *testing.T, ctx context.Context, base, dir string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/login?next=/admin/accounts"),
		chromedp.SendKeys(chromedp.CSS("#login"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), demoPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS("figure.qr img")),
	)
	if err != nil {
		t.Fatalf("admin login: %v", err)
	}
	checkLayout(t, ctx, "phone/login/totp", dir, true)
	caption, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("figure.qr figcaption code")))
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(strings.ReplaceAll(caption, " ", ""), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/login/totp"] button`)),
		chromedp.WaitVisible(chromedp.CSS("table.results")),
	)
	if err != nil {
		t.Fatalf("admin second factor: %v", err)
	}
}

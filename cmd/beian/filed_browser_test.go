package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserChangeAndCancel walks a change and a cancellation through the
// wizard's pages in Chromium as the demo's filed applicant: 变更网站 from
// the filed entity (renamed; no entity input is offered), the materials
// and the confirmation to the provider's initial review; the applicant
// abandons it, then files 取消接入 of the same site, choosing the product,
// to the initial review. The reviewer's queue then holds the 取消接入.
func TestBrowserChangeAndCancel(t *testing.T) {
	base, _ := startServer(t, "--demo")
	ctx := newBrowserFor(t, 3*time.Minute)
	photo := filepath.Join(t.TempDir(), "photo.png")
	if err := os.WriteFile(photo, browserPNG(), 0o644); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, base, "13900000006", "/agent/applications")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/agent/filed"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[data-kind="变更网站"]`)),
		chromedp.Click(chromedp.CSS(`a[data-kind="变更网站"]`)),
		chromedp.WaitVisible(chromedp.CSS("#services-0-serviceName")),
	)
	if err != nil {
		t.Fatalf("open 变更网站: %v", err)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#filed-form [name="unitName"], #filed-form [name="certNo"]').length`)); n != 0 {
		t.Errorf("变更网站 offers %d entity inputs", n)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#services-0-serviceName"), "吴六的新站"),
		chromedp.Click(chromedp.CSS(`#filed-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#file")),
	)
	if err != nil {
		page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("save 变更网站: %v\n%s", err, page)
	}
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
		err := chromedp.Do(ctx,
			chromedp.SetValue(chromedp.CSS("#kind"), kind),
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{photo}),
			chromedp.Click(chromedp.CSS(`form[enctype="multipart/form-data"] button`)),
			chromedp.WaitVisible(chromedp.CSS(`p.notice[data-uploaded="`+kind+`"]`)),
		)
		if err != nil {
			t.Fatalf("upload %s: %v", kind, err)
		}
	}
	id := submitApplication(t, ctx, base)
	if ft, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("dl.facts div:nth-child(2) dd"))); ft != "变更网站" {
		t.Errorf("the submitted application is a %q", ft)
	}
	// One order per entity: abandon the change before the cancellation.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/agent/applications/`+id+`/abandon"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#status.abandoned`)),
		chromedp.Navigate(base+"/agent/filed"),
		chromedp.Click(chromedp.CSS(`a[data-kind="取消接入"]`)),
		chromedp.WaitVisible(chromedp.CSS("#productId")),
		chromedp.Evaluate[chromedp.Void](`(() => { document.querySelector('#productId').selectedIndex = 1; })()`),
		chromedp.SendKeys(chromedp.CSS("#reason"), "迁往其他接入商"),
		chromedp.Click(chromedp.CSS(`#filed-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#cancel-reason")),
	)
	if err != nil {
		page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("取消接入: %v\n%s", err, page)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#agree")),
		chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#status.initial_review")),
	)
	if err != nil {
		page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("submit 取消接入: %v\n%s", err, page)
	}
	if reason, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#cancel-reason"))); reason != "迁往其他接入商" {
		t.Errorf("the application page shows the reason %q", reason)
	}
	browserLogout(t, ctx, base)
	browserLogin(t, ctx, base, "reviewer", "/agent/review")
	queue, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(queue, "取消接入") {
		t.Fatalf("the reviewer's queue lacks the 取消接入: %v\n%s", err, queue)
	}

}

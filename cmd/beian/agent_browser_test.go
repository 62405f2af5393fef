package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserWizard files a website in Chromium as the demo applicant: the
// wizard step by step to a submitted application; the demo reviewer
// rejects one field; the applicant fixes it and resubmits; the reviewer
// approves, and the application page's timeline stands at 短信核验.
func TestBrowserWizard(t *testing.T) {
	base, _ := startServer(t, "--demo")
	ctx := newBrowserFor(t, 3*time.Minute)
	photo := filepath.Join(t.TempDir(), "photo.png")
	if err := os.WriteFile(photo, browserPNG(), 0o644); err != nil {
		t.Fatal(err)
	}

	browserLogin(t, ctx, base, "13900000001", "/agent/wizard")
	walkWizard(t, ctx, photo)
	id := submitApplication(t, ctx, base)

	rejectAndFix(t, ctx, base, id)

	// The reviewer sees the change and approves.
	browserLogout(t, ctx, base)
	browserLogin(t, ctx, base, "reviewer", "/agent/review/"+id)
	err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("table.changes")),
		chromedp.Click(chromedp.CSS("#realPerson")),
		chromedp.Click(chromedp.CSS(`button[value="approve"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	)
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	browserLogout(t, ctx, base)
	browserLogin(t, ctx, base, "13900000001", "/agent/applications/"+id)
	current, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("svg.wide g.step.current"), "data-step"))
	if err != nil || current.Value != "短信核验" {
		t.Fatalf("timeline current step %q: %v", current.Value, err)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "application.png")
	}
}

// submitApplication ticks the agreement on the confirmation step and
// submits; it returns the application's id from the page it lands on.
func submitApplication(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a.button[href$="/wizard/confirm"]`)),
		chromedp.WaitVisible(chromedp.CSS("#agree")),
		chromedp.Click(chromedp.CSS("#agree")),
		chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)),
		chromedp.WaitVisible(chromedp.CSS("figure.timeline")),
	)
	if err != nil {
		page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("submit: %v\n%s", err, page)
	}
	if s, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#status"))); s != "接入商初审中" {
		t.Fatalf("status after submission %q", s)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(loc, base+"/agent/applications/"), "?")
	return id
}

func browserLogin(t *testing.T, ctx context.Context, base, login, next string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login?next="+next),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), login),
		chromedp.SendKeys(chromedp.CSS("#password"), demoPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`form[action="/login"]`)),
	)
	if err != nil {
		t.Fatalf("login %s: %v", login, err)
	}
}

func browserLogout(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/account"),
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)),
	)
	if err != nil {
		t.Fatalf("logout: %v", err)
	}
}

func browserPNG() []byte {
	img := image.NewGray(image.Rect(0, 0, 480, 320))
	for i := range img.Pix {
		img.Pix[i] = byte(i / 480)
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

// walkWizard fills in the wizard's steps as 13900000001 up to the
// materials, and uploads them.
func walkWizard(t *testing.T, ctx context.Context, photo string) {
	t.Helper()
	steps := []struct {
		name    string
		actions []chromedp.Action[chromedp.Void]
		next    string
	}{
		{"type", []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.CSS("#province"), "330000"),
			chromedp.SetValue(chromedp.CSS("#natureName"), "个人"),
			chromedp.SetValue(chromedp.CSS("#certType"), "居民身份证"),
			chromedp.SendKeys(chromedp.CSS("#certNo"), "110101199003077635"),
			chromedp.SendKeys(chromedp.CSS("#unitName"), "吴六"),
			chromedp.SendKeys(chromedp.CSS("#domains-0"), "wuliu-browser.cn"),
		}, "#products-0-productId"},
		{"product", []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.CSS("#products-0-productId"), ""),
			chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#products-0-productId'); s.selectedIndex = 1; })()`),
		}, "#legacyPassword"},
		{"password", []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS("#legacyPassword"), "123456")}, "#principal-name"},
		{"entity", []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys(chromedp.CSS("#principal-name"), "吴六"),
			chromedp.SendKeys(chromedp.CSS("#principal-certNo"), "110101199003077635"),
			chromedp.SendKeys(chromedp.CSS("#principal-mobile"), "13900000001"),
			chromedp.SendKeys(chromedp.CSS("#principal-email"), "wuliu@example.cn"),
		}, "#services-0-serviceName"},
		{"services", []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys(chromedp.CSS("#services-0-serviceName"), "吴六的小站"),
			chromedp.SendKeys(chromedp.CSS("#services-0-homeUrl"), "www.wuliu-browser.cn"),
		}, "#file"},
	}
	for _, st := range steps {
		err := chromedp.Do(ctx, append(st.actions,
			chromedp.Click(chromedp.CSS(`main form button[type="submit"]:last-of-type`)),
			chromedp.WaitVisible(chromedp.CSS(st.next)))...)
		if err != nil {
			page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
			t.Fatalf("step %s: %v\n%s", st.name, err, page)
		}
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
}

// rejectAndFix: the reviewer rejects the site name; the applicant sees the
// reason by its field, fixes it and resubmits.
func rejectAndFix(t *testing.T, ctx context.Context, base, id string) {
	t.Helper()
	// The reviewer rejects the site name.
	browserLogout(t, ctx, base)
	browserLogin(t, ctx, base, "reviewer", "/agent/review")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`table.queue a[href="/agent/review/`+id+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("ul.gallery img")),
		chromedp.SetValue(chromedp.CSS("#rejections-0-field"), "services[0].serviceName"),
		chromedp.SetValue(chromedp.CSS("#rejections-0-code"), "site_name"),
		chromedp.SendKeys(chromedp.CSS("#rejections-0-reason"), "请使用能体现网站内容的名称"),
		chromedp.Click(chromedp.CSS(`button[value="reject"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	)
	if err != nil {
		t.Fatalf("reject: %v", err)
	}
	if s, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#status"))); s != "初审驳回" {
		t.Fatalf("status after rejection %q", s)
	}

	// The applicant sees the reason by its field, fixes it and resubmits.
	browserLogout(t, ctx, base)
	browserLogin(t, ctx, base, "13900000001", "/agent/applications/"+id)
	reasons, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("section.reasons")))
	if err != nil || !strings.Contains(reasons, "服务1 服务名称") {
		t.Fatalf("reasons %q: %v", reasons, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/agent/applications/"+id+"/wizard/services"),
		chromedp.WaitVisible(chromedp.CSS("#services-0-serviceName")),
		chromedp.SetValue(chromedp.CSS("#services-0-serviceName"), "吴六的随笔"),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS("#file")),
	)
	if err != nil {
		t.Fatalf("fix: %v", err)
	}
	submitApplication(t, ctx, base)

}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian/registry"
	"github.com/chromedp/chromedp"
)

// passwordRecord is an entity whose certificate the browser test knows.
const passwordRecord = `{"unitName":"杭州云栖网络科技有限公司","natureName":"企业","province":"浙江","certType":"统一社会信用代码证书","certNo":"91330106MA2CFXRU0X","mainLicence":"浙ICP备2021012345号","principal":{"name":"张三","certType":"居民身份证","certNo":"110101199003077635","mobile":"13800000001","email":"zhang@example.cn"},"services":[{"serviceType":1,"serviceName":"云栖官网","domains":["yunqi-example.com"],"homeUrl":"www.yunqi-example.com","approvedAt":"2021-08-30T13:10:24+08:00"}]}`

// startServerWith imports records into a fresh data directory and runs
// "beian serve" on it with args. startServer's own --data comes first on the
// command line; the later one wins.
func startServerWith(t *testing.T, records string, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "records.jsonl")
	if err := os.WriteFile(file, []byte(records+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"import", "--data", dir, file}, nil, &stdout, &stderr, env(nil)); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	base, _ := startServer(t, append([]string{"--data", dir}, args...)...)
	return base
}

// outboxPasswordRE finds a filing password in a message: 备案密码：
// directly followed by 10–32 letters and digits.
var outboxPasswordRE = regexp.MustCompile(`备案密码：([A-Za-z0-9]{10,32})`)

// sentPassword reads the newest filing password sent to addr from the dev
// outbox API (GET /api/v1/dev/outbox).
func sentPassword(t *testing.T, base, addr string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/api/v1/dev/outbox?to=" + url.QueryEscape(addr))
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Params struct {
				List []struct{ Body string } `json:"list"`
			} `json:"params"`
		}
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		for _, m := range body.Params.List {
			if pw := outboxPasswordRE.FindStringSubmatch(m.Body); pw != nil {
				return pw[1]
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no filing password sent to %s: %+v", addr, body.Params.List)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestBrowserPassword recovers a filing password and changes it in a real
// browser, with no script (the CSP forbids every script): the recovery
// form's pickers, the uniform notice, the new password in the dev outbox,
// the change form, and the exact answer to a wrong old password.
func TestBrowserPassword(t *testing.T) {
	base := startServerWith(t, passwordRecord, "--dev")
	ctx := newBrowser(t)
	const (
		licence = "浙ICP备2021012345号"
		mobile  = "13800000001"
		chosen  = "Yunqi-2024-filing"
	)

	// 找回备案密码.
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/password/recover"),
		chromedp.WaitVisible(chromedp.CSS("#province")),
		chromedp.SetValue(chromedp.CSS("#province"), "330000"),
		chromedp.SendKeys(chromedp.CSS("#licence"), licence),
		chromedp.SetValue(chromedp.CSS("#certType"), "统一社会信用代码证书"),
		chromedp.SendKeys(chromedp.CSS("#certNo"), "91330106MA2CFXRU0X"),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice[role="status"]`)),
	)
	if err != nil {
		t.Fatalf("recover: %v", err)
	}
	notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".notice")))
	if err != nil || !strings.Contains(notice, registry.RecoverAnswer) || !strings.Contains(notice, "修改备案密码") {
		t.Fatalf("recover notice %q (%v)", notice, err)
	}
	// The form keeps what was chosen, for a second try.
	if p, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#province"))); p != "330000" {
		t.Errorf("province after submit: %q", p)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "password_recover.png")
	}
	recovered := sentPassword(t, base, mobile)

	// 修改备案密码, reached by the link in the notice: it fills in the
	// province and number.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(".notice a")),
		chromedp.WaitVisible(chromedp.CSS("#oldPassword")),
	)
	if err != nil {
		t.Fatalf("open change page: %v", err)
	}
	if l, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#licence"))); l != licence {
		t.Errorf("licence filled in as %q, want %q", l, licence)
	}
	if p, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#province"))); p != "330000" {
		t.Errorf("province filled in as %q", p)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#oldPassword"), recovered),
		chromedp.SendKeys(chromedp.CSS("#newPassword"), chosen),
		chromedp.SendKeys(chromedp.CSS("#confirmPassword"), chosen),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice[role="status"]`)),
	)
	if err != nil {
		t.Fatalf("change: %v", err)
	}
	notice, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".notice")))
	if !strings.Contains(notice, "备案密码已修改，已通知主体负责人。") {
		t.Fatalf("change notice %q", notice)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "password_changed.png")
	}

	// The recovered password no longer works: the exact answer, as an
	// alert tied to the field, and no password comes back in the form.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/password/change"),
		chromedp.WaitVisible(chromedp.CSS("#province")),
		chromedp.SetValue(chromedp.CSS("#province"), "330000"),
		chromedp.SendKeys(chromedp.CSS("#licence"), licence),
		chromedp.SendKeys(chromedp.CSS("#oldPassword"), recovered),
		chromedp.SendKeys(chromedp.CSS("#newPassword"), chosen),
		chromedp.SendKeys(chromedp.CSS("#confirmPassword"), chosen),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#oldPassword-error[role="alert"]`)),
	)
	if err != nil {
		t.Fatalf("old password again: %v", err)
	}
	msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#oldPassword-error")))
	if msg != registry.WrongOldPassword {
		t.Fatalf("wrong old password answered %q, want %q", msg, registry.WrongOldPassword)
	}
	attrs, _ := chromedp.Run(ctx, chromedp.Attributes(chromedp.CSS("#oldPassword")))
	if attrs["aria-invalid"] != "true" || attrs["aria-describedby"] != "oldPassword-error" {
		t.Errorf("old password field attributes %v", attrs)
	}
	for _, id := range []string{"#oldPassword", "#newPassword", "#confirmPassword"} {
		if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(id))); v != "" {
			t.Errorf("%s came back filled in", id)
		}
	}
	if l, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#licence"))); l != licence {
		t.Errorf("licence kept as %q", l)
	}
	if os.Getenv("BEIAN_SCREENSHOT_DIR") != "" {
		shot(t, ctx, "password_wrong_old.png")
	}
}

package notify_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/beianhq/beian/notify"
)

func mustNew(t testing.TB) *notify.Notifier {
	t.Helper()
	n, err := notify.New()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// passwordRE finds the password in a message the way API clients do:
// 备案密码： (full-width colon) directly followed by 10–32 letters and digits.
var passwordRE = regexp.MustCompile(`备案密码：([A-Za-z0-9]{10,32})`)

func TestRender_Password(t *testing.T) {
	n := mustNew(t)
	for _, lang := range notify.Languages {
		for _, notice := range []notify.Notice{
			notify.PasswordIssued{UnitName: "杭州云栖网络科技有限公司", MainLicence: "浙ICP备2021012345号", Password: "Ab3dEf6hJk9m"},
			notify.PasswordReset{UnitName: "杭州云栖网络科技有限公司", MainLicence: "浙ICP备2021012345号", Password: "Ab3dEf6hJk9m"},
		} {
			r, err := n.Render(notice, lang)
			if err != nil {
				t.Fatal(err)
			}
			for part, text := range map[string]string{"sms": r.SMS, "text": r.Text, "html": r.HTML} {
				if m := passwordRE.FindStringSubmatch(text); m == nil || m[1] != "Ab3dEf6hJk9m" {
					t.Errorf("%s %T %s: no 备案密码：<password> in %q", lang, notice, part, text)
				}
			}
		}
	}
}

func TestRender_AllNotices(t *testing.T) {
	n := mustNew(t)
	notices := []notify.Notice{
		notify.PasswordReset{UnitName: "某某公司", MainLicence: "京ICP备2021000001号", Changed: true},
		notify.VerificationCode{Code: "123456", Purpose: "注册账号", ValidMinutes: 10},
		notify.ReviewResult{ApplicationNo: "A20261127001", UnitName: "某某公司", Reasons: []string{"网站名称不符合要求", "负责人证件照片模糊"}},
		notify.ReviewResult{ApplicationNo: "A20261127001", UnitName: "某某公司", Approved: true},
		notify.BureauResult{ApplicationNo: "A20261127001", UnitName: "某某公司", Approved: true, Licence: "京ICP备2026000001号-1"},
		notify.BureauResult{ApplicationNo: "A20261127001", UnitName: "某某公司", Reasons: []string{"主体证件已注销"}},
		notify.StatusChanged{ApplicationNo: "A20261127001", UnitName: "<某某公司>", Status: "管局审核中"},
		notify.ShellProvider{Provider: "某某云", What: "空壳网站", Licence: "京ICP备2026000001号-1", UnitName: "<某某公司>", Deadline: "2026-12-08"},
	}
	for _, lang := range notify.Languages {
		for _, notice := range notices {
			r, err := n.Render(notice, lang)
			if err != nil {
				t.Fatalf("%s %T: %v", lang, notice, err)
			}
			if r.SMS == "" || r.Subject == "" || r.Text == "" || !strings.Contains(r.HTML, "<html") {
				t.Errorf("%s %T: empty part: %+v", lang, notice, r)
			}
			if strings.Contains(r.HTML, "<某某公司>") {
				t.Errorf("%s %T: HTML not escaped", lang, notice)
			}
			if lang == "zh" && !strings.HasPrefix(r.SMS, "【备案系统】") {
				t.Errorf("zh SMS without signature: %q", r.SMS)
			}
		}
	}
	r, _ := n.Render(notify.ReviewResult{ApplicationNo: "A1", UnitName: "某某公司", Reasons: []string{"甲", "乙"}}, "zh")
	if !strings.Contains(r.SMS, "甲；乙") {
		t.Errorf("reasons not listed: %q", r.SMS)
	}
	// An unknown language falls back to Chinese.
	if r, _ := n.Render(notify.VerificationCode{Code: "1", Purpose: "x", ValidMinutes: 1}, "fr"); !strings.Contains(r.SMS, "验证码") {
		t.Errorf("fallback: %q", r.SMS)
	}
}

// A code's validity is said in the unit a reader expects: the SMS
// verification's 24 hours are not "1440分钟".
func TestRender_CodeValidity(t *testing.T) {
	n := mustNew(t)
	for _, c := range []struct {
		minutes int
		zh, en  string
	}{{10, "10分钟内有效", "valid 10 minutes"}, {24 * 60, "24小时内有效", "valid 24 hours"}, {90, "90分钟内有效", "valid 90 minutes"}} {
		code := notify.VerificationCode{Code: "246810", Purpose: "测试", ValidMinutes: c.minutes}
		zh, err := n.Render(code, "zh")
		if err != nil || !strings.Contains(zh.SMS, c.zh) || !strings.Contains(zh.SMS, "验证码：246810") {
			t.Errorf("%d minutes, zh: %q, %v", c.minutes, zh.SMS, err)
		}
		en, err := n.Render(code, "en")
		if err != nil || !strings.Contains(en.SMS, c.en) {
			t.Errorf("%d minutes, en: %q, %v", c.minutes, en.SMS, err)
		}
	}
}

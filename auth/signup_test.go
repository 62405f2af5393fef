package auth_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/notify"
)

var codeRE = regexp.MustCompile(`验证码：(\d{6})`)

func latestCode(t *testing.T, s *auth.Accounts, mobile string) string {
	t.Helper()
	list, err := s.DB.FindMessages(ctx, beian.MessageFilter{To: mobile, Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no SMS to %s: %v", mobile, err)
	}
	m := codeRE.FindStringSubmatch(list[0].Body)
	if m == nil {
		t.Fatalf("no code in %q", list[0].Body)
	}
	return m[1]
}

func withNotifier(t *testing.T, s *auth.Accounts) {
	n, err := notify.New()
	if err != nil {
		t.Fatal(err)
	}
	n.Dev = true
	s.Notifier = n
}

func TestSignupAndReset(t *testing.T) {
	s, now := setup(t, "sqlite")
	withNotifier(t, s)
	const mobile = "13700000001"
	if err := s.SendCode(ctx, auth.PurposeSignup, mobile, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	code := latestCode(t, s, mobile)
	// Brute force: five wrong codes use the code up.
	for _, guess := range []string{"000000", "111111", "222222", "333333", "444444"} {
		if guess == code {
			continue
		}
		if _, err := s.Signup(ctx, auth.SignupRequest{Mobile: mobile, Code: guess, Password: "applicant-pass-9", Name: "王五"}, "192.0.2.1"); beian.ErrorCode(err) != beian.EINVALID {
			t.Fatalf("wrong code: %v", err)
		}
	}
	if _, err := s.Signup(ctx, auth.SignupRequest{Mobile: mobile, Code: code, Password: "applicant-pass-9", Name: "王五"}, "192.0.2.1"); err == nil {
		t.Fatal("the right code worked after five wrong ones")
	}
	// A new code, expired after ten minutes …
	*now = now.Add(time.Minute)
	s.SendCode(ctx, auth.PurposeSignup, mobile, "192.0.2.1")
	code = latestCode(t, s, mobile)
	*now = now.Add(11 * time.Minute)
	if _, err := s.Signup(ctx, auth.SignupRequest{Mobile: mobile, Code: code, Password: "applicant-pass-9", Name: "王五"}, "192.0.2.1"); beian.ErrorMessage(err) != "code: 验证码已过期，请重新获取" {
		t.Fatalf("expired code: %v", err)
	}
	// … and a fresh one that works once.
	s.SendCode(ctx, auth.PurposeSignup, mobile, "192.0.2.1")
	code = latestCode(t, s, mobile)
	tok, err := s.Signup(ctx, auth.SignupRequest{Mobile: mobile, Code: code, Password: "applicant-pass-9", Name: "王五", Enterprise: true}, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if a, err := s.Session(ctx, tok); err != nil || a.Role != beian.RoleApplicant || !a.Enterprise {
		t.Fatalf("signed-up session: %+v %v", a, err)
	}
	if _, err := s.Signup(ctx, auth.SignupRequest{Mobile: mobile, Code: code, Password: "applicant-pass-9", Name: "王五"}, "192.0.2.1"); err == nil {
		t.Fatal("a code worked twice")
	}

	// Sign-up codes are not sent to registered numbers; reset codes only are.
	before, _ := s.DB.FindMessages(ctx, beian.MessageFilter{To: mobile})
	*now = now.Add(2 * time.Minute)
	if err := s.SendCode(ctx, auth.PurposeSignup, mobile, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.DB.FindMessages(ctx, beian.MessageFilter{To: mobile}); len(after) != len(before) {
		t.Fatal("a sign-up code went to a registered number")
	}
	if err := s.SendCode(ctx, auth.PurposeReset, "13700000002", "192.0.2.1"); err != nil {
		t.Fatal("reset for an unknown number must answer the same")
	}
	if list, _ := s.DB.FindMessages(ctx, beian.MessageFilter{To: "13700000002"}); len(list) != 0 {
		t.Fatal("a reset code went to an unknown number")
	}
	s.SendCode(ctx, auth.PurposeReset, mobile, "192.0.2.1")
	code = latestCode(t, s, mobile)
	if err := s.ResetPassword(ctx, mobile, code, "brand-new-secret", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, tok); err == nil {
		t.Fatal("a password reset left a session open")
	}
	if r, err := s.Login(ctx, mobile, "brand-new-secret", "192.0.2.1"); err != nil || r.Token == "" {
		t.Fatalf("login with the new password: %v", err)
	}

	// A client asking for codes too often is refused.
	var last error
	for range 12 {
		last = s.SendCode(ctx, auth.PurposeReset, "13700000003", "198.51.100.9")
	}
	if beian.ErrorCode(last) != beian.ERATELIMITED {
		t.Fatalf("code flood: %v", last)
	}
}

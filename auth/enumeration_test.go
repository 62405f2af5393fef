package auth_test

import (
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/internal/testdb"
)

// TestCodes_NoEnumeration: asking for a sign-up or reset code, and then
// using a code, answers a registered and a new mobile number byte for byte
// the same, and the store does the same work for both: a live code is kept
// either way (the one for a number that gets no SMS was told to nobody), and
// wrong guesses are counted against it alike.
func TestCodes_NoEnumeration(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			s, _ := setup(t, engine)
			withNotifier(t, s)
			const registered, fresh = "13900000001", "13900000009"
			type answers struct{ send, first, last string }
			try := func(purpose, mobile string) answers {
				var a answers
				a.send = beian.ErrorMessage(s.SendCode(ctx, purpose, mobile, "192.0.2.50"))
				if c, err := s.DB.LiveSMSCode(ctx, purpose, mobile); err != nil || c == nil || c.Attempts != 0 {
					t.Fatalf("%s %s: no live code kept (%+v, %v)", purpose, mobile, c, err)
				}
				guess := "000000" // never the code sent, if one was
				if list, _ := s.DB.FindMessages(ctx, beian.MessageFilter{To: mobile, Limit: 1}); len(list) > 0 && codeRE.FindStringSubmatch(list[0].Body)[1] == guess {
					guess = "000001"
				}
				step := func() error {
					if purpose == auth.PurposeSignup {
						_, err := s.Signup(ctx, auth.SignupRequest{Mobile: mobile, Code: guess, Password: "applicant-pass-7", Name: "李四"}, "192.0.2.50")
						return err
					}
					return s.ResetPassword(ctx, mobile, guess, "applicant-pass-7", "192.0.2.50")
				}
				a.first = beian.ErrorMessage(step())
				for range auth.CodeAttempts {
					a.last = beian.ErrorMessage(step())
				}
				if c, _ := s.DB.LiveSMSCode(ctx, purpose, mobile); c == nil || c.Attempts != auth.CodeAttempts {
					t.Fatalf("%s %s: attempts not counted: %+v", purpose, mobile, c)
				}
				return a
			}
			for _, purpose := range []string{auth.PurposeSignup, auth.PurposeReset} {
				a, b := try(purpose, registered), try(purpose, fresh)
				if a != b {
					t.Errorf("%s: registered %q, new %q", purpose, a, b)
				}
				if a.first != "code: 验证码错误" || a.last != "code: 验证码错误次数过多，请重新获取" {
					t.Errorf("%s: answers %+v", purpose, a)
				}
			}
		})
	}
}

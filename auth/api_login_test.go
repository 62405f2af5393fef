package auth_test

import (
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/pquerna/otp/totp"
)

// TestLoginWithToken: the token login is the page login's two steps: a
// full session for an applicant; for staff a pending one with the secret
// the second step page would show, confirmed by its first code.
func TestLoginWithToken(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			s, now := setup(t, engine)
			r, err := s.LoginWithToken(ctx, "13900000001", "applicant-pass-1", "192.0.2.1")
			if err != nil || r.NeedTOTP || r.Secret != "" || r.Account.Role != beian.RoleApplicant {
				t.Fatalf("applicant: %+v %v", r, err)
			}
			if a, err := s.Session(ctx, r.Token); err != nil || a.Login != "13900000001" {
				t.Fatalf("applicant session: %v", err)
			}
			if _, err := s.LoginWithToken(ctx, "13900000001", "wrong-pass-1", "192.0.2.1"); beian.ErrorCode(err) != beian.EUNAUTHORIZED {
				t.Fatalf("wrong password: %v", err)
			}
			r, err = s.LoginWithToken(ctx, "admin", "ops-secret-2026", "192.0.2.1")
			if err != nil || !r.NeedTOTP || r.Secret == "" {
				t.Fatalf("admin: %+v %v", r, err)
			}
			if c, err := s.TOTPChallenge(ctx, r.Token); err != nil || c.Secret != r.Secret {
				t.Fatalf("the page's challenge shows another secret: %+v %v", c, err)
			}
			code, _ := totp.GenerateCode(r.Secret, *now)
			a, token, err := s.VerifyTOTPWithToken(ctx, r.Token, code, "192.0.2.1")
			if err != nil || a.Role != beian.RoleAdmin || token == r.Token {
				t.Fatalf("second step: %v %q %v", a, token, err)
			}
			if r, err := s.LoginWithToken(ctx, "admin", "ops-secret-2026", "192.0.2.1"); err != nil || !r.NeedTOTP || r.Secret != "" {
				t.Fatalf("enrolled admin: %+v %v", r, err)
			}
			if _, _, err := s.VerifyTOTPWithToken(ctx, r.Token, code, "192.0.2.1"); beian.ErrorCode(err) != beian.EUNAUTHORIZED {
				t.Fatalf("spent pending token: %v", err)
			}
		})
	}
}

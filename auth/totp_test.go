package auth_test

import (
	"bytes"
	"image/png"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/pquerna/otp/totp"
)

func TestTOTP(t *testing.T) {
	s, now := setup(t, "sqlite")
	r, err := s.Login(ctx, "admin", "ops-secret-2026", "192.0.2.1")
	if err != nil || !r.NeedTOTP {
		t.Fatalf("admin login must need TOTP: %+v %v", r, err)
	}
	if _, err := s.Session(ctx, r.Token); beian.ErrorCode(err) != beian.EUNAUTHORIZED {
		t.Fatalf("a pending session counts as logged in: %v", err)
	}
	// First login: enrolment with a QR code.
	c, err := s.TOTPChallenge(ctx, r.Token)
	if err != nil || !c.Enroll || c.Secret == "" {
		t.Fatalf("challenge: %+v %v", c, err)
	}
	if _, err := png.Decode(bytes.NewReader(c.QR)); err != nil {
		t.Fatalf("QR is not a PNG: %v", err)
	}
	again, _ := s.TOTPChallenge(ctx, r.Token)
	if again.Secret != c.Secret {
		t.Fatal("reloading the enrolment page changed the secret")
	}
	if _, err := s.VerifyTOTP(ctx, r.Token, "000000", "192.0.2.1"); beian.ErrorCode(err) != beian.EINVALID {
		t.Fatalf("wrong code: %v", err)
	}
	code, _ := totp.GenerateCode(c.Secret, *now)
	full, err := s.VerifyTOTP(ctx, r.Token, code, "192.0.2.1")
	if err != nil || full == r.Token {
		t.Fatalf("right code: %q %v (the session token must change)", full, err)
	}
	if a, err := s.Session(ctx, full); err != nil || a.Login != "admin" {
		t.Fatalf("after TOTP: %v", err)
	}
	// The pending token is gone; a code works once.
	if _, err := s.VerifyTOTP(ctx, r.Token, code, "192.0.2.1"); beian.ErrorCode(err) != beian.EUNAUTHORIZED {
		t.Fatalf("pending token reused: %v", err)
	}
	r2, _ := s.Login(ctx, "admin", "ops-secret-2026", "192.0.2.1")
	if c2, _ := s.TOTPChallenge(ctx, r2.Token); c2.Enroll {
		t.Fatal("enrolled account asked to enrol again")
	}
	if _, err := s.VerifyTOTP(ctx, r2.Token, code, "192.0.2.1"); err == nil {
		t.Fatal("a code was accepted twice")
	}
	*now = now.Add(30 * time.Second)
	code2, _ := totp.GenerateCode(c.Secret, *now)
	if _, err := s.VerifyTOTP(ctx, r2.Token, code2, "192.0.2.1"); err != nil {
		t.Fatalf("next step's code: %v", err)
	}
}

// TestTOTP_BruteForce: guessing codes locks the second factor.
func TestTOTP_BruteForce(t *testing.T) {
	s, now := setup(t, "sqlite")
	r, _ := s.Login(ctx, "zj-bureau", "bureau-pass-2026", "192.0.2.1")
	c, _ := s.TOTPChallenge(ctx, r.Token)
	for _, guess := range []string{"111111", "222222", "333333", "444444", "555555"} {
		s.VerifyTOTP(ctx, r.Token, guess, "192.0.2.1")
	}
	code, _ := totp.GenerateCode(c.Secret, *now)
	if _, err := s.VerifyTOTP(ctx, r.Token, code, "192.0.2.1"); beian.ErrorCode(err) != beian.ERATELIMITED {
		t.Fatalf("after 5 wrong codes: %v", err)
	}
	*now = now.Add(time.Minute)
	code, _ = totp.GenerateCode(c.Secret, *now)
	if _, err := s.VerifyTOTP(ctx, r.Token, code, "192.0.2.1"); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
}

// TestOptionalEnrol: an applicant may enrol an authenticator; from then on
// their login has two steps.
func TestOptionalEnrol(t *testing.T) {
	s, now := setup(t, "sqlite")
	r, _ := s.Login(ctx, "13900000001", "applicant-pass-1", "192.0.2.1")
	if r.NeedTOTP {
		t.Fatal("applicants need no second factor by default")
	}
	c, err := s.StartEnrol(ctx, r.Account)
	if err != nil || !c.Enroll {
		t.Fatalf("start: %+v %v", c, err)
	}
	if err := s.ConfirmEnrol(ctx, r.Account, "000000", "192.0.2.1"); beian.ErrorCode(err) != beian.EINVALID {
		t.Fatalf("wrong code: %v", err)
	}
	code, _ := totp.GenerateCode(c.Secret, *now)
	if err := s.ConfirmEnrol(ctx, r.Account, code, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if r2, _ := s.Login(ctx, "13900000001", "applicant-pass-1", "192.0.2.1"); !r2.NeedTOTP {
		t.Fatal("an enrolled applicant logs in with one step")
	}
}

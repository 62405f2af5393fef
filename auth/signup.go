package auth

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/passhash"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// SMS code purposes.
const (
	PurposeSignup = "signup"
	PurposeReset  = "reset"
)

// Code rules (OWASP: single use, short-lived, attempt-limited).
const (
	CodeTTL        = 10 * time.Minute
	CodeAttempts   = 5
	codesPerClient = 10 // code requests per client address an hour
)

// CodeAnswer is the one answer to a code request, whatever the number.
const CodeAnswer = "如该手机号可以使用，验证码已通过短信发送，10分钟内有效。"

// SendCode sends a one-time code for purpose to mobile: for sign-up only
// when no account has the number, for a reset only when one has. The answer
// is the same either way, so the form tells nobody which numbers exist. A
// client that asks too often is ERATELIMITED.
func (s *Accounts) SendCode(ctx context.Context, purpose, mobile, client string) error {
	mobile = rules.NormalizeMobile(strings.TrimSpace(mobile))
	if err := rules.CheckMobile(mobile); err != nil {
		return beian.FieldError("mobile", err)
	}
	if purpose != PurposeSignup && purpose != PurposeReset {
		return fmt.Errorf("unknown code purpose %q", purpose)
	}
	code := newCode()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		n, err := tx.CountAudit(ctx, "account.code", "", client, tx.Now().Add(-time.Hour))
		if err != nil {
			return err
		}
		if n >= codesPerClient {
			return &beian.Error{Code: beian.ERATELIMITED, RetryAfter: time.Hour, Message: "获取验证码过于频繁，请稍后再试"}
		}
		_, err = tx.FindAccountByLogin(ctx, mobile)
		exists := err == nil
		if err != nil && beian.ErrorCode(err) != beian.ENOTFOUND {
			return err
		}
		audit := store.AuditRecord{Actor: "public", Action: "account.code", Object: mobile, Client: client, Outcome: purpose + ":skipped"}
		if (purpose == PurposeSignup) != exists {
			audit.Outcome = purpose + ":sent"
			if err := tx.AddSMSCode(ctx, purpose, mobile, code, CodeTTL); err != nil {
				return err
			}
			if s.Notifier != nil {
				label := map[string]string{PurposeSignup: "注册账号", PurposeReset: "重置登录密码"}[purpose]
				if _, err := s.Notifier.Notify(ctx, tx, "code:"+purpose+":"+mobile+":"+newToken()[:12], notify.Recipient{Mobile: mobile},
					notify.VerificationCode{Code: code, Purpose: label, ValidMinutes: int(CodeTTL.Minutes())}); err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, audit)
	})
}

// SignupRequest is an applicant's sign-up.
type SignupRequest struct {
	Mobile     string
	Code       string
	Password   string
	Name       string
	Enterprise bool
}

// Signup creates an applicant account once its mobile number is verified
// by the sign-up code, and logs it in.
func (s *Accounts) Signup(ctx context.Context, r SignupRequest, client string) (string, error) {
	mobile := rules.NormalizeMobile(strings.TrimSpace(r.Mobile))
	if err := rules.CheckMobile(mobile); err != nil {
		return "", beian.FieldError("mobile", err)
	}
	name := strings.TrimSpace(r.Name)
	if n := len([]rune(name)); n < 2 || n > 50 {
		return "", beian.FieldErrorf("name", "请输入2–50个字的姓名或单位名称")
	}
	if err := CheckNewPassword("password", r.Password, mobile); err != nil {
		return "", err
	}
	hash := passhash.Hash(r.Password)
	token := newToken()
	var answer error
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		bad, err := tx.UseSMSCode(ctx, PurposeSignup, mobile, strings.TrimSpace(r.Code), CodeAttempts)
		if err != nil || bad != nil {
			answer = bad
			return err
		}
		a := &beian.Account{Role: beian.RoleApplicant, Login: mobile, Name: name, Enterprise: r.Enterprise, PasswordHash: hash}
		if err := tx.InsertAccount(ctx, a); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, a.ID, token); err != nil {
			return err
		}
		return tx.Audit(ctx, store.AuditRecord{Actor: mobile, Action: "account.signup", Object: mobile, Client: client, Outcome: "success"})
	})
	if err != nil {
		return "", err
	}
	if answer != nil {
		return "", answer
	}
	return token, nil
}

// ResetPassword sets a new password with a reset code; every session of the
// account ends.
func (s *Accounts) ResetPassword(ctx context.Context, mobile, code, password, client string) error {
	mobile = rules.NormalizeMobile(strings.TrimSpace(mobile))
	if err := rules.CheckMobile(mobile); err != nil {
		return beian.FieldError("mobile", err)
	}
	if err := CheckNewPassword("password", password, mobile); err != nil {
		return err
	}
	hash := passhash.Hash(password)
	var answer error
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		bad, err := tx.UseSMSCode(ctx, PurposeReset, mobile, strings.TrimSpace(code), CodeAttempts)
		if err != nil || bad != nil {
			answer = bad
			return err
		}
		a, err := tx.FindAccountByLogin(ctx, mobile)
		if err != nil {
			return err
		}
		if err := tx.SetAccountPassword(ctx, a.ID, hash); err != nil {
			return err
		}
		if err := tx.ClearPasswordFailures(ctx, "login:"+mobile); err != nil {
			return err
		}
		return tx.Audit(ctx, store.AuditRecord{Actor: mobile, Action: "account.reset", Object: mobile, Client: client, Outcome: "success"})
	})
	if err != nil {
		return err
	}
	return answer
}

// newCode returns six random digits.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1000000))
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%06d", n.Int64())
}

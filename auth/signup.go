package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
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
	CodeTTL      = 10 * time.Minute
	CodeAttempts = 5
)

// Code requests per client address: 10 in any hour.
var codeWindow = beian.RateWindow{Limit: 10, Window: time.Hour}

const codeBucket = "code.client"

// CodeAnswer is the one answer to a code request, whatever the number.
const CodeAnswer = "如该手机号可以使用，验证码已通过短信发送，10分钟内有效。"

// SendCode sends a one-time code for purpose to mobile: for sign-up only
// when no account has the number, for a reset only when one has. The answer
// and the store's work are the same either way, so neither the form nor the
// next step tells anybody which numbers exist: a code is stored every time,
// and where none may be sent the stored code is one nobody was told. A
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
		events, err := tx.RateEvents(ctx, codeBucket, client, tx.Now().Add(-codeWindow.Window))
		if err != nil {
			return err
		}
		if wait := codeWindow.Wait(events, tx.Now()); wait > 0 {
			return beian.RateLimited(wait, "获取验证码过于频繁，请 %s后再试")
		}
		if err := tx.AddRateEvent(ctx, codeBucket, client, codeWindow.Window); err != nil {
			return err
		}
		_, err = tx.FindAccountByLogin(ctx, mobile)
		exists := err == nil
		if err != nil && beian.ErrorCode(err) != beian.ENOTFOUND {
			return err
		}
		send := (purpose == PurposeSignup) != exists
		stored := code
		if !send {
			stored = newCode() // never sent: the next step refuses every guess
		}
		if err := tx.AddSMSCode(ctx, purpose, mobile, codeHash(purpose, mobile, stored), CodeTTL); err != nil {
			return err
		}
		audit := beian.AuditRecord{Actor: "public", Action: "account.code", Object: mobile, Client: client, Outcome: purpose + ":skipped"}
		if send {
			audit.Outcome = purpose + ":sent"
			if err := s.notifyCode(ctx, tx, purpose, mobile, code); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, audit)
	})
}

// notifyCode queues the SMS with a code.
func (s *Accounts) notifyCode(ctx context.Context, tx *store.Tx, purpose, mobile, code string) error {
	if s.Notifier == nil {
		return nil
	}
	label := map[string]string{PurposeSignup: "注册账号", PurposeReset: "重置登录密码"}[purpose]
	_, err := s.Notifier.Notify(ctx, tx, "code:"+purpose+":"+mobile+":"+newToken()[:12], notify.Recipient{Mobile: mobile},
		notify.VerificationCode{Code: code, Purpose: label, ValidMinutes: int(CodeTTL.Minutes())})
	return err
}

// codeHash is what the store keeps of a code.
func codeHash(purpose, mobile, code string) string {
	sum := sha256.Sum256([]byte(purpose + "\x00" + mobile + "\x00" + code))
	return hex.EncodeToString(sum[:])
}

// useCode checks code against the live code of mobile and purpose: it must
// be unused, unexpired and have fewer than CodeAttempts wrong tries. A match
// uses it up; a miss counts an attempt. refusal is nil or an EINVALID naming
// "code"; err is a database failure. A refused code still keeps its counted
// attempt: run it under InTxRefusal.
func useCode(ctx context.Context, tx *store.Tx, purpose, mobile, code string) (refusal, err error) {
	c, err := tx.LiveSMSCode(ctx, purpose, mobile)
	switch {
	case err != nil:
		return nil, err
	case c == nil:
		return beian.FieldErrorf("code", "验证码无效，请重新获取"), nil
	case tx.Now().After(c.ExpiresAt):
		return beian.FieldErrorf("code", "验证码已过期，请重新获取"), nil
	case c.Attempts >= CodeAttempts:
		return beian.FieldErrorf("code", "验证码错误次数过多，请重新获取"), nil
	case subtle.ConstantTimeCompare([]byte(c.Hash), []byte(codeHash(purpose, mobile, code))) != 1:
		return beian.FieldErrorf("code", "验证码错误"), tx.CountSMSCodeAttempt(ctx, c.ID)
	}
	return nil, tx.UseSMSCode(ctx, c.ID)
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
	a := &beian.Account{Role: beian.RoleApplicant, Login: mobile, Name: name, Enterprise: r.Enterprise, PasswordHash: hash}
	if err := a.Validate(); err != nil {
		return "", err
	}
	err := s.DB.InTxRefusal(ctx, func(tx *store.Tx) (error, error) {
		if refusal, err := useCode(ctx, tx, PurposeSignup, mobile, strings.TrimSpace(r.Code)); refusal != nil || err != nil {
			return refusal, err
		}
		if err := tx.InsertAccount(ctx, a); err != nil {
			return nil, err
		}
		if err := tx.CreateSession(ctx, a.ID, token); err != nil {
			return nil, err
		}
		return nil, tx.Audit(ctx, beian.AuditRecord{Actor: mobile, Action: "account.signup", Object: mobile, Client: client, Outcome: "success"})
	})
	if err != nil {
		return "", err
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
	return s.DB.InTxRefusal(ctx, func(tx *store.Tx) (error, error) {
		if refusal, err := useCode(ctx, tx, PurposeReset, mobile, strings.TrimSpace(code)); refusal != nil || err != nil {
			return refusal, err
		}
		a, err := tx.FindAccountByLogin(ctx, mobile)
		if err != nil {
			return nil, err
		}
		if err := tx.SetAccountPassword(ctx, a.ID, hash); err != nil {
			return nil, err
		}
		if err := tx.ClearLockout(ctx, loginKey(mobile)); err != nil {
			return nil, err
		}
		return nil, tx.Audit(ctx, beian.AuditRecord{Actor: mobile, Action: "account.reset", Object: mobile, Client: client, Outcome: "success"})
	})
}

// newCode returns six random digits.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1000000))
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%06d", n.Int64())
}

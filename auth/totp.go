package auth

import (
	"bytes"
	"context"
	"crypto/subtle"
	"image/png"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Issuer names Beian in authenticator apps.
const Issuer = "Beian 备案系统"

// pendingMaxAge bounds the step between password and second factor.
const pendingMaxAge = 10 * time.Minute

// totpPeriod is the TOTP time step (RFC 6238 default).
const totpPeriod = 30

// Challenge is the second-factor step of a login. When Enroll is set the
// account has no authenticator yet: Secret, URL and QR (a PNG) set one up.
type Challenge struct {
	Account *beian.Account
	Enroll  bool
	Secret  string
	URL     string
	QR      []byte
}

// TOTPChallenge returns the second-factor step of the pending session
// token, creating an enrolment secret on the first visit. Returns
// EUNAUTHORIZED when there is no such pending session.
func (s *Accounts) TOTPChallenge(ctx context.Context, token string) (*Challenge, error) {
	var c *Challenge
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, st, err := pendingSession(ctx, tx, token)
		if err != nil {
			return err
		}
		c = &Challenge{Account: a}
		if a.TOTPSecret != "" {
			return nil
		}
		return enrol(ctx, tx, c, st.Pending)
	})
	return c, err
}

// pendingSession returns the account of a pending session no older than
// pendingMaxAge, with its TOTP state. Returns EUNAUTHORIZED.
func pendingSession(ctx context.Context, tx *store.Tx, token string) (*beian.Account, beian.TOTPState, error) {
	sess, err := tx.FindSession(ctx, token, true)
	if beian.ErrorCode(err) == beian.ENOTFOUND || (err == nil && tx.Now().Sub(sess.CreatedAt) > pendingMaxAge) {
		return nil, beian.TOTPState{}, beian.Errorf(beian.EUNAUTHORIZED, "请重新登录")
	} else if err != nil {
		return nil, beian.TOTPState{}, err
	}
	a, err := tx.FindAccountByID(ctx, sess.AccountID)
	if err != nil {
		return nil, beian.TOTPState{}, err
	}
	st, err := tx.TOTPStateOf(ctx, a.ID)
	return a, st, err
}

// enrol fills c with the enrolment key of c.Account — the pending secret,
// or a new one it stores as pending — and its QR code.
func enrol(ctx context.Context, tx *store.Tx, c *Challenge, pending string) error {
	c.Enroll = true
	key, err := enrolmentKey(c.Account.Login, pending)
	if err != nil {
		return err
	}
	if pending == "" {
		if err := tx.SetTOTPPending(ctx, c.Account.ID, key.Secret()); err != nil {
			return err
		}
	}
	c.Secret, c.URL = key.Secret(), key.URL()
	img, err := key.Image(240, 240)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	c.QR = buf.Bytes()
	return nil
}

// enrolmentKey returns the key for secret, or a new one when secret is "".
func enrolmentKey(login, secret string) (*otp.Key, error) {
	if secret == "" {
		return totp.Generate(totp.GenerateOpts{Issuer: Issuer, AccountName: login, Period: totpPeriod})
	}
	return otp.NewKeyFromURL("otpauth://totp/" + strings.ReplaceAll(Issuer, " ", "%20") + ":" + login +
		"?secret=" + secret + "&issuer=" + strings.ReplaceAll(Issuer, " ", "%20") + "&period=30&digits=6&algorithm=SHA1")
}

// VerifyTOTP checks a code against the pending session token. On success
// the pending session is replaced by a full one, returned as a new token,
// and an enrolment is confirmed. A code is accepted once, within one step
// either side of now. Five wrong codes lock the account's second factor
// like a password (ERATELIMITED).
func (s *Accounts) VerifyTOTP(ctx context.Context, token, code, client string) (string, error) {
	code = strings.TrimSpace(code)
	fresh := newToken()
	err := s.DB.InTxRefusal(ctx, func(tx *store.Tx) (error, error) {
		a, st, err := pendingSession(ctx, tx, token)
		if err != nil {
			if beian.ErrorCode(err) == beian.EUNAUTHORIZED {
				return err, nil
			}
			return nil, err
		}
		key := totpKey(a.Login)
		_, until, err := tx.Lockout(ctx, key)
		if err != nil {
			return nil, err
		}
		if wait := until.Sub(tx.Now()); wait > 0 {
			return beian.RateLimited(wait, "验证码错误次数过多，请 %s后再试"), nil
		}
		secret, confirm := a.TOTPSecret, ""
		if secret == "" {
			secret, confirm = st.Pending, st.Pending
		}
		audit := beian.AuditRecord{Actor: a.Login, Action: "account.totp", Object: a.Login, Client: client}
		step, ok := matchStep(secret, code, tx.Now(), st.LastStep)
		if !ok {
			if err := fail(ctx, tx, key, s.Policy.account()); err != nil {
				return nil, err
			}
			audit.Outcome = "failure"
			return beian.FieldErrorf("code", "验证码错误或已使用"), tx.Audit(ctx, audit)
		}
		if err := tx.AcceptTOTP(ctx, a.ID, step, confirm); err != nil {
			return nil, err
		}
		if err := tx.ClearLockout(ctx, key); err != nil {
			return nil, err
		}
		if err := tx.DeleteSession(ctx, token); err != nil {
			return nil, err
		}
		if err := tx.CreateSession(ctx, a.ID, fresh); err != nil {
			return nil, err
		}
		audit.Outcome = "success"
		if confirm != "" {
			audit.Outcome = "enrolled"
		}
		return nil, tx.Audit(ctx, audit)
	})
	if err != nil {
		return "", err
	}
	return fresh, nil
}

// matchStep finds the time step, within one either side of now and after
// last, whose code is code.
func matchStep(secret, code string, now time.Time, last int64) (int64, bool) {
	if secret == "" || len(code) != 6 {
		return 0, false
	}
	base := now.Unix() / totpPeriod
	for _, off := range []int64{-1, 0, 1} {
		step := base + off
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && step > last {
			return step, true
		}
	}
	return 0, false
}

// StartEnrol begins enrolling an authenticator for a logged-in account that
// has none (optional for applicants and provider reviewers). Reloading shows
// the same secret until it is confirmed.
func (s *Accounts) StartEnrol(ctx context.Context, a *beian.Account) (*Challenge, error) {
	if a.TOTPSecret != "" {
		return &Challenge{Account: a}, nil
	}
	c := &Challenge{Account: a}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		st, err := tx.TOTPStateOf(ctx, a.ID)
		if err != nil {
			return err
		}
		return enrol(ctx, tx, c, st.Pending)
	})
	return c, err
}

// ConfirmEnrol finishes an enrolment with a code from the authenticator;
// from then on the account logs in with two steps.
func (s *Accounts) ConfirmEnrol(ctx context.Context, a *beian.Account, code, client string) error {
	return s.DB.InTxRefusal(ctx, func(tx *store.Tx) (error, error) {
		st, err := tx.TOTPStateOf(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		step, ok := matchStep(st.Pending, strings.TrimSpace(code), tx.Now(), st.LastStep)
		audit := beian.AuditRecord{Actor: a.Login, Action: "account.totp_enrol", Object: a.Login, Client: client, Outcome: "enrolled"}
		if !ok {
			audit.Outcome = "failure"
			if err := fail(ctx, tx, totpKey(a.Login), s.Policy.account()); err != nil {
				return nil, err
			}
			return beian.FieldErrorf("code", "验证码错误或已使用"), tx.Audit(ctx, audit)
		}
		if err := tx.AcceptTOTP(ctx, a.ID, step, st.Pending); err != nil {
			return nil, err
		}
		return nil, tx.Audit(ctx, audit)
	})
}

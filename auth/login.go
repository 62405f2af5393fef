package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/passhash"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// LoginResult is the outcome of a password check.
type LoginResult struct {
	Account *beian.Account
	Token   string
	// NeedTOTP: the session is pending until VerifyTOTP (bureau
	// reviewers, admins, and anyone who enrolled an authenticator).
	NeedTOTP bool
}

// Lock-out subjects: what a failure is counted against.
func loginKey(login string) string    { return "login:" + login }
func clientKey(client string) string  { return "client:" + client }
func totpKey(login string) string     { return "totp:" + login }
func passwordKey(login string) string { return "password:" + login }
func (p Policy) account() beian.Lockout {
	return beian.Lockout{Limit: p.FailuresBeforeLock, Base: p.LockBase, Max: p.LockMax}
}
func (p Policy) client() beian.Lockout {
	return beian.Lockout{Limit: p.ClientFailures, Base: p.LockBase, Max: p.LockMax}
}

// Login checks a login and password and opens a session, returning its
// token. An unknown account and a wrong password answer the same, after the
// same work; repeated failures lock the account and the client address for
// growing periods (ERATELIMITED with RetryAfter). A new token every login
// means a session fixed before login is worthless after it.
func (s *Accounts) Login(ctx context.Context, login, password, client string) (LoginResult, error) {
	login = strings.TrimSpace(login)
	if m := rules.NormalizeMobile(login); rules.CheckMobile(m) == nil {
		login = m
	}
	if login == "" {
		return LoginResult{}, beian.FieldErrorf("login", "请输入账号")
	}
	if password == "" {
		return LoginResult{}, beian.FieldErrorf("password", "请输入密码")
	}
	if err := beian.CheckText("login", login, 64); err != nil {
		return LoginResult{}, err // no account has such a login; the database never sees it
	}
	keys := []string{loginKey(login), clientKey(client)}
	if err := s.locked(ctx, "登录失败次数过多，请 %s后再试", keys...); err != nil {
		return LoginResult{}, err
	}
	a, err := s.DB.FindAccountByLogin(ctx, login)
	if err != nil && beian.ErrorCode(err) != beian.ENOTFOUND {
		return LoginResult{}, err
	}
	hash := ""
	if a != nil {
		hash = a.PasswordHash
	}
	ok := passhash.Check(hash, password) && a != nil && !a.Disabled
	r := LoginResult{Account: a, Token: newToken(), NeedTOTP: ok && (a.Role.NeedsTOTP() || a.TOTPSecret != "")}
	err = s.DB.InTxRefusal(ctx, func(tx *store.Tx) (error, error) {
		audit := beian.AuditRecord{Actor: login, Action: "account.login", Object: login, Client: client}
		if !ok {
			audit.Outcome = "failure"
			if err := fail(ctx, tx, keys[0], s.Policy.account()); err != nil {
				return nil, err
			}
			if err := fail(ctx, tx, keys[1], s.Policy.client()); err != nil {
				return nil, err
			}
			return beian.Errorf(beian.EUNAUTHORIZED, loginFailed), tx.Audit(ctx, audit)
		}
		audit.Outcome = "success"
		if err := tx.ClearLockout(ctx, keys[0]); err != nil {
			return nil, err
		}
		if r.NeedTOTP {
			audit.Outcome = "password_ok"
			if err := tx.CreatePendingSession(ctx, a.ID, r.Token); err != nil {
				return nil, err
			}
		} else if err := tx.CreateSession(ctx, a.ID, r.Token); err != nil {
			return nil, err
		}
		return nil, tx.Audit(ctx, audit)
	})
	if err != nil {
		return LoginResult{}, err
	}
	return r, nil
}

// locked returns ERATELIMITED while any of subjects is locked, its message
// made from format and the wait (see beian.RateLimited).
func (s *Accounts) locked(ctx context.Context, format string, subjects ...string) error {
	now := s.DB.Now().Truncate(time.Second) // as a transaction's clock
	for _, k := range subjects {
		_, until, err := s.DB.Lockout(ctx, k)
		if err != nil {
			return err
		}
		if wait := until.Sub(now); wait > 0 {
			return beian.RateLimited(wait, format)
		}
	}
	return nil
}

// fail counts one failure against subject and locks it as l says.
func fail(ctx context.Context, tx *store.Tx, subject string, l beian.Lockout) error {
	n, _, err := tx.Lockout(ctx, subject)
	if err != nil {
		return err
	}
	n++
	var until time.Time
	if d := l.LockFor(n); d > 0 {
		until = tx.Now().Add(d)
	}
	return tx.SetLockout(ctx, subject, n, until)
}

// Session returns the account of a session token if the session is no
// older than Policy.Absolute and was seen within Policy.Idle. Returns
// EUNAUTHORIZED otherwise (and forgets an expired session). It reads from
// the read pool and writes only to expire a session or to move its
// last-seen time, at most once a minute, so logged-in page views do not
// queue on SQLite's single writer.
func (s *Accounts) Session(ctx context.Context, token string) (*beian.Account, error) {
	if token == "" {
		return nil, beian.Errorf(beian.EUNAUTHORIZED, "请先登录")
	}
	sess, err := s.DB.FindSession(ctx, token, false)
	if beian.ErrorCode(err) == beian.ENOTFOUND {
		return nil, beian.Errorf(beian.EUNAUTHORIZED, "请先登录")
	} else if err != nil {
		return nil, err
	}
	now := s.DB.Now()
	if now.Sub(sess.CreatedAt) > s.Policy.Absolute || now.Sub(sess.LastSeen) > s.Policy.Idle {
		if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteSessionByID(ctx, sess.ID) }); err != nil {
			return nil, err
		}
		return nil, beian.Errorf(beian.EUNAUTHORIZED, "登录已过期，请重新登录")
	}
	a, err := s.DB.FindAccountByID(ctx, sess.AccountID)
	if err != nil {
		return nil, fmt.Errorf("session account: %w", err)
	}
	if a.Disabled {
		return nil, beian.Errorf(beian.EUNAUTHORIZED, "账号已停用")
	}
	if now.Unix()-sess.LastSeen.Unix() >= 60 {
		if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, sess.ID) }); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Logout ends one session.
func (s *Accounts) Logout(ctx context.Context, token string) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, token) })
}

// LogoutEverywhere ends every session of an account.
func (s *Accounts) LogoutEverywhere(ctx context.Context, a *beian.Account, client string) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteSessions(ctx, a.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, beian.AuditRecord{Actor: a.Login, Action: "account.logout_all", Object: a.Login, Client: client, Outcome: "success"})
	})
}

// ChangePassword changes a logged-in account's password after checking the
// current one. Every session ends; the returned token is a new session for
// the browser that asked. Wrong current passwords are counted against the
// account's password change (not its login) and lock it like logins; a
// success clears them.
func (s *Accounts) ChangePassword(ctx context.Context, a *beian.Account, current, next, client string) (string, error) {
	key := passwordKey(a.Login)
	if err := s.locked(ctx, "当前密码错误次数过多，请 %s后再试", key); err != nil {
		return "", err
	}
	if !passhash.Check(a.PasswordHash, current) {
		return "", s.DB.InTxRefusal(ctx, func(tx *store.Tx) (error, error) {
			if err := fail(ctx, tx, key, s.Policy.account()); err != nil {
				return nil, err
			}
			return beian.FieldErrorf("current", "当前密码错误"),
				tx.Audit(ctx, beian.AuditRecord{Actor: a.Login, Action: "account.password", Object: a.Login, Client: client, Outcome: "wrong_password"})
		})
	}
	if err := CheckNewPassword("password", next, a.Login); err != nil {
		return "", err
	}
	hash := passhash.Hash(next)
	token := newToken()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetAccountPassword(ctx, a.ID, hash); err != nil {
			return err
		}
		if err := tx.ClearLockout(ctx, key); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, a.ID, token); err != nil {
			return err
		}
		return tx.Audit(ctx, beian.AuditRecord{Actor: a.Login, Action: "account.password", Object: a.Login, Client: client, Outcome: "changed"})
	})
	return token, err
}

// newToken returns a 256-bit random session token.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/passhash"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// Policy are the limits of logins and sessions.
type Policy struct {
	// FailuresBeforeLock wrong passwords on one account lock it for
	// LockBase, doubling with each further failure up to LockMax.
	FailuresBeforeLock int
	LockBase, LockMax  time.Duration
	// ClientFailures wrong passwords from one client address lock that
	// address the same way (guessing across many accounts).
	ClientFailures int
	// Idle and Absolute end sessions (OWASP: 15–30 minutes idle for
	// sensitive applications, a fixed upper bound).
	Idle, Absolute time.Duration
}

// DefaultPolicy follows OWASP's authentication cheat sheet.
var DefaultPolicy = Policy{
	FailuresBeforeLock: 5,
	LockBase:           time.Minute,
	LockMax:            time.Hour,
	ClientFailures:     20,
	Idle:               30 * time.Minute,
	Absolute:           12 * time.Hour,
}

// Accounts runs accounts, logins and sessions.
type Accounts struct {
	DB     *store.DB
	Policy Policy
	// Notifier sends the SMS codes of sign-up and password reset.
	Notifier *notify.Notifier
}

// loginFailed is the one answer to an unknown account or a wrong password.
const loginFailed = "账号或密码错误"

// NewAccount is what creating an account needs.
type NewAccount struct {
	Role       beian.Role
	Login      string
	Name       string
	Password   string
	Enterprise bool
	Provider   string
	Provinces  []string // names or codes
}

// Create checks n and creates the account. Applicants log in with their
// mobile number; staff with a user name.
func (s *Accounts) Create(ctx context.Context, n NewAccount) (*beian.Account, error) {
	if !n.Role.Valid() {
		return nil, beian.FieldErrorf("role", "应为 applicant、provider_reviewer、bureau_reviewer 或 admin")
	}
	a := &beian.Account{Role: n.Role, Login: strings.TrimSpace(n.Login), Name: strings.TrimSpace(n.Name), Enterprise: n.Enterprise, Provider: strings.TrimSpace(n.Provider)}
	if n.Role == beian.RoleApplicant {
		a.Login = rules.NormalizeMobile(a.Login)
		if err := rules.CheckMobile(a.Login); err != nil {
			return nil, beian.FieldError("login", err)
		}
	} else if l := len(a.Login); l < 3 || l > 32 || strings.Trim(a.Login, "abcdefghijklmnopqrstuvwxyz0123456789._-") != "" {
		return nil, beian.FieldErrorf("login", "用户名为3–32位小写字母、数字或 . _ -")
	}
	if n.Role == beian.RoleProviderReviewer && a.Provider == "" {
		return nil, beian.FieldErrorf("provider", "初审员须指定所属接入商")
	}
	if n.Role == beian.RoleBureauReviewer {
		if len(n.Provinces) == 0 {
			return nil, beian.FieldErrorf("provinces", "管局审核员须指定至少一个省份")
		}
		for _, p := range n.Provinces {
			pr, ok := rules.LookupProvince(p)
			if !ok {
				return nil, beian.FieldErrorf("provinces", "未知的省份 %q", p)
			}
			a.Provinces = append(a.Provinces, pr.Code)
		}
	}
	if err := CheckNewPassword("password", n.Password, a.Login); err != nil {
		return nil, err
	}
	a.PasswordHash = passhash.Hash(n.Password)
	if err := s.DB.CreateAccount(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// LoginResult is the outcome of a password check.
type LoginResult struct {
	Account *beian.Account
	Token   string
	// NeedTOTP: the session is pending until VerifyTOTP (bureau
	// reviewers, admins, and anyone who enrolled an authenticator).
	NeedTOTP bool
}

// Login checks a login and password and opens a session, returning its
// token. An unknown account and a wrong password answer the same, after the
// same work; repeated failures lock the account and the client address for
// growing periods (ERATELIMITED with RetryAfter). A new token every login
// means a session fixed before login is worthless after it.
func (s *Accounts) Login(ctx context.Context, login, password, client string) (LoginResult, error) {
	a, token, pending, err := s.login(ctx, login, password, client)
	return LoginResult{Account: a, Token: token, NeedTOTP: pending}, err
}

func (s *Accounts) login(ctx context.Context, login, password, client string) (*beian.Account, string, bool, error) {
	login = strings.TrimSpace(login)
	if m := rules.NormalizeMobile(login); rules.CheckMobile(m) == nil {
		login = m
	}
	if login == "" || password == "" {
		return nil, "", false, beian.Errorf(beian.EINVALID, "请输入账号和密码")
	}
	keys := []string{"login:" + login, "client:" + client}
	if err := s.locked(ctx, keys); err != nil {
		return nil, "", false, err
	}
	a, err := s.DB.FindAccountByLogin(ctx, login)
	if err != nil && beian.ErrorCode(err) != beian.ENOTFOUND {
		return nil, "", false, err
	}
	hash := ""
	if a != nil {
		hash = a.PasswordHash
	}
	ok := passhash.Check(hash, password) && a != nil && !a.Disabled
	token := newToken()
	pending := ok && (a.Role.NeedsTOTP() || a.TOTPSecret != "")
	var answer error
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		audit := store.AuditRecord{Actor: login, Action: "account.login", Object: login, Client: client}
		if !ok {
			audit.Outcome = "failure"
			for i, k := range keys {
				limit := s.Policy.FailuresBeforeLock
				if i == 1 {
					limit = s.Policy.ClientFailures
				}
				if err := s.fail(ctx, tx, k, limit); err != nil {
					return err
				}
			}
			answer = beian.Errorf(beian.EUNAUTHORIZED, loginFailed)
			return tx.Audit(ctx, audit)
		}
		audit.Outcome = "success"
		if err := tx.ClearPasswordFailures(ctx, keys[0]); err != nil {
			return err
		}
		if pending {
			audit.Outcome = "password_ok"
			if err := tx.CreatePendingSession(ctx, a.ID, token); err != nil {
				return err
			}
		} else if err := tx.CreateSession(ctx, a.ID, token); err != nil {
			return err
		}
		return tx.Audit(ctx, audit)
	})
	if err != nil {
		return nil, "", false, err
	}
	if answer != nil {
		return nil, "", false, answer
	}
	return a, token, pending, nil
}

// locked returns ERATELIMITED while any of keys is locked.
func (s *Accounts) locked(ctx context.Context, keys []string) error {
	var answer error
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, k := range keys {
			_, until, err := tx.PasswordLock(ctx, k)
			if err != nil {
				return err
			}
			if wait := until.Sub(tx.Now()); wait > 0 {
				answer = &beian.Error{Code: beian.ERATELIMITED, RetryAfter: wait,
					Message: fmt.Sprintf("登录失败次数过多，请 %d 分钟后再试", int(wait.Minutes())+1)}
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return answer
}

// fail counts one failure against key and locks it past limit.
func (s *Accounts) fail(ctx context.Context, tx *store.Tx, key string, limit int) error {
	return tx.CountFailure(ctx, key, limit, s.Policy.LockBase, s.Policy.LockMax)
}

// Session returns the account of a session token. Returns EUNAUTHORIZED.
func (s *Accounts) Session(ctx context.Context, token string) (*beian.Account, error) {
	if token == "" {
		return nil, beian.Errorf(beian.EUNAUTHORIZED, "请先登录")
	}
	return s.DB.SessionAccount(ctx, token, s.Policy.Idle, s.Policy.Absolute)
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
		return tx.Audit(ctx, store.AuditRecord{Actor: a.Login, Action: "account.logout_all", Object: a.Login, Client: client, Outcome: "success"})
	})
}

// newToken returns a 256-bit random session token.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateBy creates an account on behalf of an administrator, audited with
// the administrator as actor.
func (s *Accounts) CreateBy(ctx context.Context, admin *beian.Account, n NewAccount, client string) (*beian.Account, error) {
	a, err := s.Create(ctx, n)
	outcome := "created"
	if err != nil {
		outcome = "refused"
	}
	if aerr := s.DB.InTx(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, store.AuditRecord{Actor: admin.Login, Action: "account.create_staff", Object: strings.TrimSpace(n.Login) + " " + string(n.Role), Client: client, Outcome: outcome})
	}); aerr != nil && err == nil {
		err = aerr
	}
	return a, err
}

// GeneratePassword returns 20 random letters and digits, for accounts whose
// first password an administrator hands over.
func GeneratePassword() string { return passhash.Random(20) }

// ChangePassword changes a logged-in account's password after checking the
// current one. Every session ends; the returned token is a new session for
// the browser that asked.
func (s *Accounts) ChangePassword(ctx context.Context, a *beian.Account, current, next, client string) (string, error) {
	if !passhash.Check(a.PasswordHash, current) {
		_ = s.DB.InTx(ctx, func(tx *store.Tx) error {
			if err := s.fail(ctx, tx, "login:"+a.Login, s.Policy.FailuresBeforeLock); err != nil {
				return err
			}
			return tx.Audit(ctx, store.AuditRecord{Actor: a.Login, Action: "account.password", Object: a.Login, Client: client, Outcome: "wrong_password"})
		})
		return "", beian.FieldErrorf("current", "当前密码错误")
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
		if err := tx.CreateSession(ctx, a.ID, token); err != nil {
			return err
		}
		return tx.Audit(ctx, store.AuditRecord{Actor: a.Login, Action: "account.password", Object: a.Login, Client: client, Outcome: "changed"})
	})
	return token, err
}

// SetDisabled disables (ending its sessions) or re-enables an account on
// behalf of an administrator, audited. An administrator cannot disable
// themself, so a system is never left without one by accident.
func (s *Accounts) SetDisabled(ctx context.Context, admin *beian.Account, id int64, disabled bool, client string) error {
	if admin.ID == id && disabled {
		return beian.Errorf(beian.EINVALID, "不能停用自己的账号")
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, err := tx.FindAccountByID(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.SetAccountDisabled(ctx, id, disabled); err != nil {
			return err
		}
		outcome := "enabled"
		if disabled {
			outcome = "disabled"
		}
		return tx.Audit(ctx, store.AuditRecord{Actor: admin.Login, Action: "account.status", Object: a.Login + " " + string(a.Role), Client: client, Outcome: outcome})
	})
}

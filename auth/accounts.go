package auth

import (
	"context"
	"slices"
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
	// CodeRetention is how long a one-time SMS code is kept after it
	// expired (its row says "expired" rather than "no such code" that long).
	CodeRetention time.Duration
	// LockoutRetention is how long the failure count of a subject (a
	// login, a client address, a main number …) is kept after its last
	// failure and the end of its lock: a count older than that starts
	// again from zero.
	LockoutRetention time.Duration
}

// DefaultPolicy follows OWASP's authentication cheat sheet.
var DefaultPolicy = Policy{
	FailuresBeforeLock: 5,
	LockBase:           time.Minute,
	LockMax:            time.Hour,
	ClientFailures:     20,
	Idle:               30 * time.Minute,
	Absolute:           12 * time.Hour,
	CodeRetention:      24 * time.Hour,
	LockoutRetention:   30 * 24 * time.Hour,
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
	Email      string   // staff only: where notices reach them (optional)
}

// Create checks n and creates the account. Applicants log in with their
// mobile number; staff with a user name. An account created without a name
// is named by its login.
func (s *Accounts) Create(ctx context.Context, n NewAccount) (*beian.Account, error) {
	a, err := n.account()
	if err != nil {
		return nil, err
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

// account normalises n into an account and checks it with the domain's
// Validate, the one check of every path that creates accounts.
func (n NewAccount) account() (*beian.Account, error) {
	if !n.Role.Valid() {
		return nil, beian.FieldErrorf("role", "应为 applicant、provider_reviewer、bureau_reviewer 或 admin")
	}
	if err := beian.CheckText("login", n.Login, 64); err != nil {
		return nil, err
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
	if a.Email = strings.TrimSpace(n.Email); a.Email != "" {
		if n.Role == beian.RoleApplicant {
			return nil, beian.FieldErrorf("email", "申请人以手机号接收通知，不填写邮箱")
		}
		if err := rules.CheckEmail(a.Email); err != nil {
			return nil, beian.FieldError("email", err)
		}
	}
	switch {
	case n.Name == "":
		a.Name = a.Login
	case a.Name == "":
		return nil, beian.FieldErrorf("name", "姓名不能为空")
	}
	if n.Role == beian.RoleBureauReviewer {
		for _, p := range n.Provinces {
			if err := beian.CheckText("provinces", p, 20); err != nil {
				return nil, err
			}
			pr, ok := rules.LookupProvince(strings.TrimSpace(p))
			if !ok {
				return nil, beian.FieldErrorf("provinces", "未知的省份 %q", p)
			}
			// A province given twice (浙江 and 330000) is kept once.
			if !slices.Contains(a.Provinces, pr.Code) {
				a.Provinces = append(a.Provinces, pr.Code)
			}
		}
	}
	return a, a.Validate()
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
		return tx.Audit(ctx, beian.AuditRecord{Actor: admin.Login, Action: "account.create_staff", Object: strings.TrimSpace(n.Login) + " " + string(n.Role), Client: client, Outcome: outcome})
	}); aerr != nil && err == nil {
		err = aerr
	}
	return a, err
}

// GeneratePassword returns 20 random letters and digits, for accounts whose
// first password an administrator hands over.
func GeneratePassword() string { return passhash.Random(20) }

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
		return tx.Audit(ctx, beian.AuditRecord{Actor: admin.Login, Action: "account.status", Object: a.Login + " " + string(a.Role), Client: client, Outcome: outcome})
	})
}

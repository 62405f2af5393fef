package registry

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/passhash"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// WrongOldPassword is the exact answer to a wrong old password.
const WrongOldPassword = "您输入的旧密码错误,请重新输入"

// RecoverAnswer is the one answer to every recovery request that passed the
// input checks, matched or not.
const RecoverAnswer = "如信息无误，新的备案密码已发送至主体负责人的手机和电子邮箱，原密码同时失效。"

// PasswordPolicy are the limits of the filing-password flows.
type PasswordPolicy struct {
	// RecoverPerEntity is how many matched recoveries an entity gets in
	// 24 hours; further matches answer the same but change nothing.
	RecoverPerEntity int
	// RecoverPerClient is how many recovery requests one client address
	// may make in 24 hours (429 after).
	RecoverPerClient int
	// FailuresBeforeLock wrong passwords lock a number; each further
	// failure doubles the lock, from LockBase up to LockMax.
	FailuresBeforeLock int
	LockBase, LockMax  time.Duration
	// Legacy is the agent wizard's legacy password step: "abolished" (any
	// six digits, since 2020-08-17) or "verify" (the real password).
	Legacy string
}

// DefaultPasswordPolicy follows OWASP's forgot-password and authentication
// guidance: few recoveries per entity, an account lock-out that grows.
var DefaultPasswordPolicy = PasswordPolicy{
	RecoverPerEntity:   5,
	RecoverPerClient:   60,
	FailuresBeforeLock: 5,
	LockBase:           time.Minute,
	LockMax:            24 * time.Hour,
	Legacy:             LegacyAbolished,
}

// Legacy password policies.
const (
	LegacyAbolished = "abolished"
	LegacyVerify    = "verify"
)

// Passwords runs the filing-password flows: issue, recover (找回) and
// change (修改).
type Passwords struct {
	DB       *store.DB
	Notifier *notify.Notifier
	Policy   PasswordPolicy
}

// RecoverRequest is a recovery request.
type RecoverRequest struct {
	Province string `json:"province"`
	Licence  string `json:"licence"`
	CertType string `json:"certType"`
	CertNo   string `json:"certNo"`
	Client   string `json:"-"` // client address, for limits and audit
}

// ChangeRequest is a change request.
type ChangeRequest struct {
	Province    string `json:"province"`
	Licence     string `json:"licence"`
	OldPassword string `json:"oldPassword"`
	NewPassword string `json:"newPassword"`
	Client      string `json:"-"`
}

// mainLicence checks the province and main number of a request.
func mainLicence(province, licence string) (rules.Province, string, error) {
	p, ok := rules.LookupProvince(province)
	if !ok {
		return p, "", beian.FieldErrorf("province", "请选择主体所在省份")
	}
	l, err := rules.ParseLicence(strings.TrimSpace(licence))
	if err != nil {
		return p, "", beian.FieldError("licence", err)
	}
	if !l.IsMain() {
		return p, "", beian.FieldErrorf("licence", "请输入主体备案号，即“-”之前的部分：%s", l.Main().String())
	}
	if l.Prefix != "" && l.Prefix != p.Prefix {
		return p, "", beian.FieldErrorf("licence", "备案号前缀“%s”与所选省份%s（%s）不符", l.Prefix, p.Name, p.Prefix)
	}
	return p, l.String(), nil
}

// generatedLength is the length of generated filing passwords (the API promises
// 10 to 32 ASCII letters and digits): 16 characters, about 93 bits.
const generatedLength = 16

// NewPassword returns a random filing password.
func NewPassword() string { return passhash.Random(generatedLength) }

// HashPassword returns the argon2id hash of pw.
func HashPassword(pw string) string { return passhash.Hash(pw) }

// CheckPassword reports whether pw matches hash, in constant time; an empty
// hash matches nothing but costs the same.
func CheckPassword(hash, pw string) bool { return passhash.Check(hash, pw) }

// newPasswordRule checks a chosen password: NIST SP 800-63B length limits,
// printable ASCII (it must be typable on the filing pages), no composition
// rules.
func newPasswordRule(pw string) error {
	switch n := len(pw); {
	case n < 8:
		return beian.FieldErrorf("newPassword", "新密码至少8个字符")
	case n > 64:
		return beian.FieldErrorf("newPassword", "新密码不能超过64个字符")
	}
	for _, c := range pw {
		if c < 0x21 || c > 0x7e {
			return beian.FieldErrorf("newPassword", "新密码只能包含英文字母、数字和英文符号，不能有空格")
		}
	}
	return nil
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

// CheckLegacyPassword is the agent wizard's legacy password step. Under
// LegacyAbolished (since 2020-08-17 SMS verification replaced the password)
// any six digits pass; under LegacyVerify the entity's real password must
// match.
func (ps *Passwords) CheckLegacyPassword(ctx context.Context, licence, pw string) error {
	switch ps.Policy.Legacy {
	case LegacyAbolished, "":
		if !sixDigits.MatchString(pw) {
			return beian.FieldErrorf("password", "请输入6位数字")
		}
		return nil
	case LegacyVerify:
		hash, err := ps.DB.PasswordHash(ctx, licence)
		if err != nil && beian.ErrorCode(err) != beian.ENOTFOUND {
			return err
		}
		if !CheckPassword(hash, pw) {
			return beian.FieldErrorf("password", "备案密码错误")
		}
		return nil
	}
	return fmt.Errorf("unknown legacy password policy %q", ps.Policy.Legacy)
}

// auditActor is the actor of anonymous public requests.
const auditActor = "public"

// Recover handles 找回备案密码: when province, main number, certificate type
// and number match a live entity, a new random password replaces the old
// one and goes to the entity principal's mobile and email. The answer — nil,
// shown as RecoverAnswer — and the work done are the same whether or not
// anything matched. Malformed input is EINVALID; a client over its daily
// limit is ERATELIMITED.
func (ps *Passwords) Recover(ctx context.Context, r RecoverRequest) error {
	province, licence, err := mainLicence(r.Province, r.Licence)
	if err != nil {
		return err
	}
	certType := strings.TrimSpace(r.CertType)
	if certType == "" {
		return beian.FieldErrorf("certType", "请选择证件类型")
	}
	certNo := normalizeCertNo(r.CertNo)
	if certNo == "" {
		return beian.FieldErrorf("certNo", "请输入证件号码")
	} else if len(certNo) > 64 {
		return beian.FieldErrorf("certNo", "证件号码过长")
	}

	// The expensive part happens on every path, matched or not.
	password := NewPassword()
	hash := HashPassword(password)

	defer ps.wake()
	return ps.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := ps.countRecovery(ctx, tx, recoverClient, r.Client, ps.Policy.RecoverPerClient); err != nil {
			return err
		}
		outcome := "unmatched"
		e, _, err := tx.LiveEntityByLicence(ctx, licence)
		if err != nil && beian.ErrorCode(err) != beian.ENOTFOUND {
			return err
		}
		if e != nil && e.Province == province.Code && certTypeMatches(e.CertType, certType) &&
			subtle.ConstantTimeCompare([]byte(normalizeCertNo(e.CertNo)), []byte(certNo)) == 1 {
			outcome = "matched"
			err := ps.countRecovery(ctx, tx, recoverEntity, licence, ps.Policy.RecoverPerEntity)
			switch {
			case beian.ErrorCode(err) == beian.ERATELIMITED:
				outcome = "limited"
			case err != nil:
				return err
			default:
				// An imported entity that never had a password gets its
				// first one: still a recovery, told as one.
				if err := ps.reset(ctx, tx, e, hash, password, false); err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, beian.AuditRecord{Actor: auditActor, Action: "password.recover", Object: licence, Client: r.Client, Outcome: outcome})
	})
}

// Rolling 24-hour windows of recoveries, counted in the store's rate
// events: per client address (every request) and per entity (matches).
const (
	recoverClient = "recover.client"
	recoverEntity = "recover.entity"
	recoverWindow = 24 * time.Hour
)

// countRecovery counts one recovery against subject in bucket, or returns
// ERATELIMITED, with the wait until the oldest counted one leaves the
// window, when limit are already counted. A limit of 0 counts nothing.
func (ps *Passwords) countRecovery(ctx context.Context, tx *store.Tx, bucket, subject string, limit int) error {
	if limit <= 0 {
		return nil
	}
	w := beian.RateWindow{Limit: limit, Window: recoverWindow}
	events, err := tx.RateEvents(ctx, bucket, subject, tx.Now().Add(-w.Window))
	if err != nil {
		return err
	}
	if wait := w.Wait(events, tx.Now()); wait > 0 {
		return beian.RateLimited(wait, "找回备案密码的请求过于频繁，请 %s后再试")
	}
	return tx.AddRateEvent(ctx, bucket, subject, w.Window)
}

// certTypeMatches compares certificate type labels, accepting the aliases
// rules knows (营业执照 for 营业执照（个人或企业）, …).
func certTypeMatches(stored, given string) bool {
	if stored == given {
		return true
	}
	if ct, ok := rules.LookupPersonCertType(given); ok && ct.Name == stored {
		return true
	}
	for _, n := range rules.Natures() {
		if ct, err := rules.LookupEntityCertType(n.Name, given); err == nil && ct.Name == stored {
			return true
		}
	}
	return false
}

// Issue gives an entity its first filing password, in the transaction that
// approves its first filing, and sends it to the entity principal.
func (ps *Passwords) Issue(ctx context.Context, tx *store.Tx, e *beian.Entity) error {
	password := NewPassword()
	return ps.issue(ctx, tx, e, HashPassword(password), password)
}

func (ps *Passwords) issue(ctx context.Context, tx *store.Tx, e *beian.Entity, hash, password string) error {
	if err := tx.SetPassword(ctx, e.ID, hash); err != nil {
		return err
	}
	if ps.Notifier == nil {
		return nil
	}
	_, err := ps.Notifier.Notify(ctx, tx, fmt.Sprintf("password-issued:%d:%s", e.ID, randomKey()),
		notify.Recipient{Mobile: e.Principal.Mobile, Email: e.Principal.Email},
		notify.PasswordIssued{UnitName: e.UnitName, MainLicence: e.MainLicence, Password: password})
	return err
}

// reset stores the new password hash and tells the entity principal.
func (ps *Passwords) reset(ctx context.Context, tx *store.Tx, e *beian.Entity, hash, password string, changed bool) error {
	if err := tx.SetPassword(ctx, e.ID, hash); err != nil {
		return err
	}
	if err := tx.ClearLockout(ctx, e.MainLicence); err != nil {
		return err
	}
	if ps.Notifier == nil {
		return nil
	}
	notice := notify.PasswordReset{UnitName: e.UnitName, MainLicence: e.MainLicence, Password: password, Changed: changed}
	if changed {
		notice.Password = "" // a change is announced, never repeated
	}
	key := fmt.Sprintf("password:%d:%s", e.ID, randomKey())
	_, err := ps.Notifier.Notify(ctx, tx, key, notify.Recipient{Mobile: e.Principal.Mobile, Email: e.Principal.Email}, notice)
	return err
}

// wake tells an in-process delivery worker that messages may be waiting.
func (ps *Passwords) wake() {
	if ps.Notifier != nil && ps.Notifier.Wake != nil {
		ps.Notifier.Wake()
	}
}

// randomKey returns 12 random hex characters for idempotency keys of events
// that have no natural key.
func randomKey() string {
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}

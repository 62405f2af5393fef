package registry

import (
	"context"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// Change handles 修改备案密码. A wrong old password (or an unknown number:
// the answer is the same) is EINVALID with exactly WrongOldPassword and
// counts towards a lock-out that doubles with every further failure; while
// locked, even the right password is ERATELIMITED with RetryAfter. Success
// clears the failures and tells the entity principal. Changing to the same
// password succeeds, which is how people check a password.
func (ps *Passwords) Change(ctx context.Context, r ChangeRequest) error {
	province, licence, err := mainLicence(r.Province, r.Licence)
	if err != nil {
		return err
	}
	if r.OldPassword == "" {
		return beian.FieldErrorf("oldPassword", "请输入旧备案密码")
	} else if len(r.OldPassword) > 128 {
		return &beian.Error{Code: beian.EINVALID, Field: "oldPassword", Message: WrongOldPassword}
	}
	if err := newPasswordRule(r.NewPassword); err != nil {
		return err
	}
	if err := ps.lockedOut(ctx, licence, r.Client); err != nil {
		return err
	}

	// Hashing happens outside the write transaction, on every path.
	stored, err := ps.DB.PasswordHash(ctx, licence)
	if err != nil && beian.ErrorCode(err) != beian.ENOTFOUND {
		return err
	}
	ok := CheckPassword(stored, r.OldPassword)
	newHash := HashPassword(r.NewPassword)

	defer ps.wake()
	return ps.DB.InTxRefusal(ctx, func(tx *store.Tx) (error, error) {
		audit := beian.AuditRecord{Actor: auditActor, Action: "password.change", Object: licence, Client: r.Client}
		e, _, err := tx.LiveEntityByLicence(ctx, licence)
		if err != nil && beian.ErrorCode(err) != beian.ENOTFOUND {
			return nil, err
		}
		if ok && e != nil && e.Province == province.Code {
			audit.Outcome = "changed"
			if err := ps.reset(ctx, tx, e, newHash, "", true); err != nil {
				return nil, err
			}
			return nil, tx.Audit(ctx, audit)
		}
		if err := ps.fail(ctx, tx, licence); err != nil {
			return nil, err
		}
		audit.Outcome = "wrong_password"
		return &beian.Error{Code: beian.EINVALID, Field: "oldPassword", Message: WrongOldPassword}, tx.Audit(ctx, audit)
	})
}

// fail counts one wrong password against licence and locks it as the
// policy says.
func (ps *Passwords) fail(ctx context.Context, tx *store.Tx, licence string) error {
	n, _, err := tx.Lockout(ctx, licence)
	if err != nil {
		return err
	}
	n++
	var until time.Time
	l := beian.Lockout{Limit: ps.Policy.FailuresBeforeLock, Base: ps.Policy.LockBase, Max: ps.Policy.LockMax}
	if d := l.LockFor(n); d > 0 {
		until = tx.Now().Add(d)
	}
	return tx.SetLockout(ctx, licence, n, until)
}

// lockedOut returns ERATELIMITED while licence is locked, and audits it.
func (ps *Passwords) lockedOut(ctx context.Context, licence, client string) error {
	return ps.DB.InTxRefusal(ctx, func(tx *store.Tx) (error, error) {
		_, until, err := tx.Lockout(ctx, licence)
		if err != nil {
			return nil, err
		}
		wait := until.Sub(tx.Now())
		if wait <= 0 {
			return nil, nil
		}
		refusal := beian.RateLimited(wait, "密码错误次数过多，请 %s后再试，或通过“找回备案密码”重置")
		refusal.Field = "oldPassword"
		return refusal, tx.Audit(ctx, beian.AuditRecord{Actor: auditActor, Action: "password.change", Object: licence, Client: client, Outcome: "locked"})
	})
}

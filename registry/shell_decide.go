package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// staffProvinces is what a staff member's lists cover: a bureau reviewer's
// provinces, every province (nil) for an administrator.
func staffProvinces(actor *beian.Account) ([]string, error) {
	switch {
	case actor == nil || actor.Disabled:
	case actor.Role == beian.RoleAdmin:
		return nil, nil
	case actor.Role == beian.RoleBureauReviewer:
		return append([]string{}, actor.Provinces...), nil
	}
	return nil, beian.Errorf(beian.EFORBIDDEN, "只有通信管理局工作人员可以查看")
}

// decides reports whether actor makes the bureau's decisions for province:
// bureau reviewers of it (administrators decide nothing).
func decides(actor *beian.Account, province string) bool {
	return actor != nil && !actor.Disabled && actor.Role == beian.RoleBureauReviewer && slices.Contains(actor.Provinces, province)
}

// Queue lists the cancellations proposed to actor's bureau (all of them
// for an administrator), oldest first.
func (c *ShellCleanup) Queue(ctx context.Context, actor *beian.Account) ([]store.ShellCase, error) {
	provinces, err := staffProvinces(actor)
	if err != nil {
		return nil, err
	}
	return c.DB.FindShellCases(ctx, "proposed", provinces)
}

// Decide records a bureau reviewer's decision on proposed case id:
// confirming cancels the shell service (注销网站) or entity (注销主体) on
// the bureau's authority and tells its principals; dismissing keeps it
// (the scan proposes it again only once the grace period has run once
// more, if it is still a shell). Audited.
func (c *ShellCleanup) Decide(ctx context.Context, actor *beian.Account, id int64, confirm bool, note string) (*store.ShellCase, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 200 {
		return nil, beian.FieldErrorf("note", "不能超过200个字符")
	}
	var out *store.ShellCase
	err := c.DB.InTx(ctx, func(tx *store.Tx) error {
		sc, err := tx.LockShellCase(ctx, id)
		if err != nil {
			return err
		}
		if !decides(actor, sc.Shell.Province) {
			return beian.Errorf(beian.EFORBIDDEN, "该空壳清理不属于您所辖的省份")
		}
		if sc.Status != "proposed" {
			return beian.Errorf(beian.ECONFLICT, "该记录当前状态为 %s，只能处理待管局确认的记录", sc.Status)
		}
		sc.Status = "dismissed"
		if confirm {
			sc.Status = "confirmed"
			if err := c.cancelShell(ctx, tx, sc, note); err != nil {
				return err
			}
		}
		sc.Note, out = note, sc
		if err := tx.DecideShellCase(ctx, id, sc.Status, actor.ID, note); err != nil {
			return err
		}
		return tx.Audit(ctx, beian.AuditRecord{Actor: actor.Login, Action: "shell." + sc.Status,
			Object: fmt.Sprintf("shell:%d:%s", id, sc.Shell.Licence), Outcome: sc.Status})
	})
	return out, err
}

// cancelShell cancels the shell of sc in tx, once more checking it is one.
func (c *ShellCleanup) cancelShell(ctx context.Context, tx *store.Tx, sc *store.ShellCase, note string) error {
	e, err := tx.FindEntityByID(ctx, sc.Shell.EntityID)
	if err != nil {
		return err
	}
	f := beian.Filing{FilingType: beian.FilingCancelEntity, Cancel: &beian.Cancellation{MainLicence: e.MainLicence}}
	still := e.IsShell()
	if sc.Shell.Kind == "service" {
		f = beian.Filing{FilingType: beian.FilingCancelSite, Cancel: &beian.Cancellation{ServiceLicence: sc.Shell.Licence}}
		i := slices.IndexFunc(e.Services, func(s *beian.Service) bool { return s.ID == sc.Shell.TargetID })
		still = i >= 0 && e.Services[i].IsShell() && !e.Cancelled
	}
	if !still {
		return beian.Errorf(beian.ECONFLICT, "%s 已有接入商接入或已注销，不再是空壳", sc.Shell.Licence)
	}
	reason := "无接入商（空壳）经公示期满未处理"
	if note != "" {
		reason += "：" + note
	}
	f.Cancel.Reason = reason
	if _, err := ApplyApproved(ctx, tx, f); err != nil {
		return err
	}
	if c.Notifier == nil {
		return nil
	}
	n := notify.FilingCancelled{Licence: sc.Shell.Licence, UnitName: e.UnitName, Reason: reason}
	return c.notifyPrincipals(ctx, tx, fmt.Sprintf("shell-cancel:%d", sc.ID), e, sc.Shell, n)
}

// LimitAccess marks the service numbered licence 限制接入 (on) or lifts the
// mark, for a bureau reviewer of its entity's province, and tells the
// entity principal. The public query shows limitAccess 是 at once. Audited.
func (r *Registry) LimitAccess(ctx context.Context, actor *beian.Account, licence string, on bool, reason string, n *notify.Notifier) error {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 200 {
		return beian.FieldErrorf("reason", "不能超过200个字符")
	}
	return r.DB.InTx(ctx, func(tx *store.Tx) error {
		main, err := tx.EntityLicenceOfService(ctx, licence)
		if beian.ErrorCode(err) == beian.ENOTFOUND {
			return beian.Errorf(beian.ENOTFOUND, "未找到服务备案号 %s", licence)
		} else if err != nil {
			return err
		}
		e, err := tx.LockEntityByLicence(ctx, main)
		if err != nil {
			return err
		}
		if !decides(actor, e.Province) {
			return beian.Errorf(beian.EFORBIDDEN, "只有该备案所在省份的通信管理局可以限制接入")
		}
		if err := tx.SetLimitAccess(ctx, licence, on); err != nil {
			return err
		}
		outcome := map[bool]string{true: "limited", false: "lifted"}[on]
		if err := tx.Audit(ctx, beian.AuditRecord{Actor: actor.Login, Action: "service.limit_access", Object: "service:" + licence, Outcome: outcome}); err != nil {
			return err
		}
		if n == nil {
			return nil
		}
		to := notify.Recipient{Mobile: e.Principal.Mobile, Email: e.Principal.Email}
		_, err = n.Notify(ctx, tx, fmt.Sprintf("limit:%s:%s@%d", licence, outcome, tx.Now().Unix()), to,
			notify.AccessLimited{Licence: licence, UnitName: e.UnitName, Limited: on, Reason: reason})
		return err
	})
}

// CancelByBureau cancels, on the bureau's own authority, the entity
// (注销主体, c.MainLicence) or the service (注销网站, c.ServiceLicence) c
// names, with c.Reason (2 to 200 characters), for a bureau reviewer of its
// province, and tells the entity principal. Audited.
func (r *Registry) CancelByBureau(ctx context.Context, actor *beian.Account, ft beian.FilingType, c beian.Cancellation, n *notify.Notifier) error {
	c.Reason = strings.TrimSpace(c.Reason)
	if k := utf8.RuneCountInString(c.Reason); k < 2 || k > 200 {
		return beian.FieldErrorf("reason", "请填写注销原因（2到200个字符）")
	}
	if ft != beian.FilingCancelEntity && ft != beian.FilingCancelSite {
		return beian.FieldErrorf("filingType", "应为注销主体或注销网站")
	}
	f := beian.Filing{FilingType: ft, Cancel: &c}
	return r.DB.InTx(ctx, func(tx *store.Tx) error {
		licence, err := filedLicence(ctx, tx, f)
		if err != nil {
			return err
		}
		e, err := tx.LockEntityByLicence(ctx, licence)
		if beian.ErrorCode(err) == beian.ENOTFOUND {
			return beian.FieldErrorf("mainLicence", "未找到主体备案号 %s", licence)
		} else if err != nil {
			return err
		}
		if !decides(actor, e.Province) {
			return beian.Errorf(beian.EFORBIDDEN, "只有该备案所在省份的通信管理局可以注销")
		}
		if _, err := ApplyApproved(ctx, tx, f); err != nil {
			return err
		}
		what := c.MainLicence + c.ServiceLicence
		if err := tx.Audit(ctx, beian.AuditRecord{Actor: actor.Login, Action: "bureau.cancel", Object: string(ft) + ":" + what, Outcome: "cancelled"}); err != nil {
			return err
		}
		if n == nil {
			return nil
		}
		_, err = n.Notify(ctx, tx, fmt.Sprintf("bureau-cancel:%s@%d", what, tx.Now().Unix()),
			notify.Recipient{Mobile: e.Principal.Mobile, Email: e.Principal.Email},
			notify.FilingCancelled{Licence: what, UnitName: e.UnitName, Reason: c.Reason})
		return err
	})
}

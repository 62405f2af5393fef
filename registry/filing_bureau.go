package registry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// BureauDecision is a bureau reviewer's decision on a filing.
type BureauDecision struct {
	Approve    bool
	Rejections []beian.Rejection
}

var errOtherProvince = beian.Errorf(beian.EFORBIDDEN, "该备案不属于您负责的省份")

// may reports whether actor may act on f: a bureau reviewer of its province.
func may(actor *beian.Account, act beian.Action, f *beian.RegistryFiling) bool {
	return beian.Can(actor, act, beian.ApplicationRef{Province: f.Province, Provider: f.Provider}) &&
		actor.Role == beian.RoleBureauReviewer
}

// Queue lists the filings of the reviewer's provinces.
func (fs *Filings) Queue(ctx context.Context, actor *beian.Account, pending bool, limit int) ([]store.BureauRow, error) {
	if actor == nil || actor.Role != beian.RoleBureauReviewer {
		return nil, beian.Errorf(beian.EFORBIDDEN, "仅管局审核员可查看管局审核队列")
	}
	return fs.DB.BureauQueue(ctx, store.BureauFilter{Provinces: actor.Provinces, Pending: pending, Limit: limit})
}

// QueueAge is one bar of the queue chart: how many pending filings have
// waited that long.
type QueueAge struct {
	Label string
	Count int
}

// QueueAges counts the reviewer's pending filings by how many working days
// they have waited: 0–5, 5–10, 10–15, 15–20 and past the deadline.
func (fs *Filings) QueueAges(ctx context.Context, actor *beian.Account) ([]QueueAge, error) {
	if actor == nil || actor.Role != beian.RoleBureauReviewer {
		return nil, beian.Errorf(beian.EFORBIDDEN, "仅管局审核员可查看管局审核队列")
	}
	now, cal := fs.DB.Now(), fs.calendar()
	// A filing that waited w working days is due in 20-w.
	bounds := []time.Time{now, cal.AddWorkingDays(now, 5), cal.AddWorkingDays(now, 10), cal.AddWorkingDays(now, 15)}
	counts, err := fs.DB.BureauQueueAges(ctx, actor.Provinces, bounds)
	if err != nil {
		return nil, err
	}
	labels := []string{"已超期", "15–20", "10–15", "5–10", "0–5"}
	out := make([]QueueAge, len(labels))
	for i := range labels {
		out[len(labels)-1-i] = QueueAge{Label: labels[i], Count: counts[i]}
	}
	return out, nil
}

// FilingView is a filing with the state of its SMS verification.
type FilingView struct {
	*beian.RegistryFiling
	Verifiers []store.FilingVerifier
}

// View returns a filing of the reviewer's provinces; another province's is
// EFORBIDDEN.
func (fs *Filings) View(ctx context.Context, actor *beian.Account, id int64) (*FilingView, error) {
	f, err := fs.DB.FindFiling(ctx, id)
	if err != nil {
		return nil, err
	}
	if !may(actor, beian.ViewApplication, f) {
		return nil, errOtherProvince
	}
	vs, err := fs.DB.FilingVerifiers(ctx, id)
	if err != nil {
		return nil, err
	}
	return &FilingView{RegistryFiling: f, Verifiers: vs}, nil
}

// Decide records a bureau reviewer's decision on a filing in bureau review.
// An approval writes the national record in the same transaction, with the
// numbers allocated (a main number on a first filing, -n service numbers
// with the type's suffix), issues a first filing's password and tells every
// principal; a rejection needs field-level reasons and goes back to the
// provider.
func (fs *Filings) Decide(ctx context.Context, actor *beian.Account, id int64, d BureauDecision) (*beian.RegistryFiling, error) {
	if !d.Approve {
		if err := beian.CheckRejections(d.Rejections); err != nil {
			return nil, err
		}
	}
	// A first filing's password is hashed before the transaction: argon2id
	// takes tens of milliseconds, which the write lock should not wait for.
	var password, hash string
	if d.Approve && fs.Passwords != nil {
		if f, err := fs.DB.FindFiling(ctx, id); err == nil && f.FilingType == beian.FilingFirst {
			password = NewPassword()
			hash = HashPassword(password)
		}
	}
	var f *beian.RegistryFiling
	defer fs.wake()
	err := fs.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if f, err = tx.LockFiling(ctx, id); err != nil {
			return err
		}
		if !may(actor, beian.BureauReview, f) {
			return errOtherProvince
		}
		if f.Status != beian.StatusBureauReview {
			return beian.CheckRegistryTransition(f.Status, beian.StatusApproved)
		}
		who := "bureau:" + actor.Login
		if !d.Approve {
			f.Rejections = cleanRejections(d.Rejections)
			if err := fs.transition(ctx, tx, f, beian.StatusBureauRejected, "管局审核未通过，已退回接入商", who); err != nil {
				return err
			}
			return fs.tellResult(ctx, tx, f)
		}
		first, err := fs.file(ctx, tx, f)
		if err != nil {
			return err
		}
		note := "管局审核通过，备案号：" + strings.Join(f.ServiceLicences, "、")
		if f.FilingType.IsChange() || f.FilingType.IsCancel() {
			note = "管局审核通过（" + string(f.FilingType) + "），备案号：" + strings.Join(append([]string{f.MainLicence}, f.ServiceLicences...), "、")
		}
		if first != nil && fs.Passwords != nil {
			if hash == "" {
				password = NewPassword()
				hash = HashPassword(password)
			}
			if err := fs.Passwords.issue(ctx, tx, first, hash, password); err != nil {
				return err
			}
		}
		if err := fs.transition(ctx, tx, f, beian.StatusApproved, note, who); err != nil {
			return err
		}
		return fs.tellResult(ctx, tx, f)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

func cleanRejections(rs []beian.Rejection) []beian.Rejection {
	out := make([]beian.Rejection, len(rs))
	for i, r := range rs {
		out[i] = beian.Rejection{Field: strings.TrimSpace(r.Field), Reason: strings.TrimSpace(r.Reason)}
	}
	return out
}

// file writes an approved filing into the national record and sets its
// numbers; for a first filing it returns the new entity.
func (fs *Filings) file(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) (*beian.Entity, error) {
	if f.FilingType.IsChange() || f.FilingType.IsCancel() {
		return nil, fs.applyFiled(ctx, tx, f)
	}
	e := &f.Record.Entity
	now := tx.Now()
	for i, s := range e.Services {
		s.ID, s.Licence, s.ApprovedAt, s.Cancelled = 0, "", now, false
		s.Access = append([]beian.Access(nil), f.Access[i]...)
	}
	switch f.FilingType {
	case beian.FilingFirst:
		e.ID, e.MainLicence, e.Cancelled = 0, "", false
		if err := tx.FileNewEntity(ctx, e); err != nil {
			return nil, err
		}
		f.MainLicence = e.MainLicence
		for _, s := range e.Services {
			f.ServiceLicences = append(f.ServiceLicences, s.Licence)
		}
		return e, nil
	case beian.FilingNewSite:
		if _, err := tx.AddFiledServices(ctx, e.MainLicence, e.Services); err != nil {
			return nil, err
		}
		f.MainLicence = e.MainLicence
		for _, s := range e.Services {
			f.ServiceLicences = append(f.ServiceLicences, s.Licence)
		}
		return nil, nil
	case beian.FilingNewAccess:
		return nil, fs.fileNewAccess(ctx, tx, f)
	}
	return nil, beian.Errorf(beian.EINVALID, "filingType: 不支持的备案类型 %s", f.FilingType)
}

// tellResult sends the bureau's result to every principal of the filing
// by SMS and email, once per person.
func (fs *Filings) tellResult(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) error {
	if fs.Notifier == nil {
		return nil
	}
	e, err := resultEntity(ctx, tx, f)
	if err != nil {
		return err
	}
	n := notify.BureauResult{ApplicationNo: beian.FilingNo(f.ID), UnitName: e.UnitName, Approved: f.Status == beian.StatusApproved,
		Licence: strings.Join(f.ServiceLicences, "、")}
	for _, r := range f.Rejections {
		n.Reasons = append(n.Reasons, r.Field+"："+r.Reason)
	}
	people := []beian.Principal{e.Principal}
	for _, s := range e.Services {
		if s.Principal != nil {
			people = append(people, *s.Principal)
		}
	}
	seen := map[string]bool{}
	for i, p := range people {
		k := p.Mobile + "|" + p.Email
		if seen[k] {
			continue
		}
		seen[k] = true
		key := fmt.Sprintf("filing-result:%d:%s:%d", f.ID, f.Status, i)
		if _, err := fs.Notifier.Notify(ctx, tx, key, notify.Recipient{Mobile: p.Mobile, Email: p.Email}, n); err != nil {
			return err
		}
	}
	return nil
}

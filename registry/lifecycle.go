package registry

import (
	"context"
	"slices"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// ApplyApproved writes to the national record, in tx, what the bureau's
// approval of f does: a change replaces the entity's or the services'
// values (the old ones go to the history), a cancellation removes the
// entity, a service or this provider's access record, a new access adds
// one. Numbers never change and a cancelled number is never given again.
// First filings and new sites are not written here: they allocate numbers.
func ApplyApproved(ctx context.Context, tx *store.Tx, f beian.Filing) (*beian.RecordUpdate, error) {
	if !f.FilingType.CarriesNumbers() {
		return nil, beian.Errorf(beian.EINVALID, "filingType: %s不修改已有备案", f.FilingType)
	}
	licence, err := filedLicence(ctx, tx, f)
	if err != nil {
		return nil, err
	}
	before, err := tx.LockEntityByLicence(ctx, licence)
	if err != nil {
		return nil, err
	}
	u, err := beian.ApplyFiling(before, f)
	if err != nil {
		return nil, err
	}
	ref := store.HistoryRef{FilingType: f.FilingType, ApplicationID: f.ApplicationID}
	if err := tx.WriteRecordUpdate(ctx, before, u, ref); err != nil {
		return nil, err
	}
	return u, nil
}

// Verifiers returns the principals who must verify filing f by SMS, for
// its filing type and sub-case, reading the filed entity a change,
// cancellation or new access works on.
func (r *Registry) Verifiers(ctx context.Context, f beian.Filing) ([]beian.Principal, error) {
	var cur *beian.Entity
	if f.FilingType.CarriesNumbers() {
		licence, err := filedLicence(ctx, r.DB, f)
		if err != nil {
			return nil, err
		}
		if cur, err = r.DB.FindEntityByLicence(ctx, licence); err != nil {
			return nil, err
		}
	}
	return beian.FilingVerifiers(cur, f), nil
}

type serviceOwners interface {
	EntityLicenceOfService(ctx context.Context, licence string) (string, error)
}

// filedLicence is the main number of the entity f works on.
func filedLicence(ctx context.Context, tx serviceOwners, f beian.Filing) (string, error) {
	switch {
	case f.Cancel != nil && f.Cancel.MainLicence != "":
		return f.Cancel.MainLicence, nil
	case f.Cancel != nil:
		l, err := tx.EntityLicenceOfService(ctx, f.Cancel.ServiceLicence)
		if beian.ErrorCode(err) == beian.ENOTFOUND {
			return "", beian.FieldErrorf("serviceLicence", "未找到服务备案号 %s", f.Cancel.ServiceLicence)
		}
		return l, err
	case f.Record != nil:
		return f.Record.Entity.MainLicence, nil
	}
	return "", beian.Errorf(beian.EINVALID, "record: 缺少备案信息")
}

// EntityHistory returns entity id as filed (cancelled ones too) and its
// timeline, for bureau staff of its province and administrators; anyone
// else is refused. Returns ENOTFOUND.
func (r *Registry) EntityHistory(ctx context.Context, actor *beian.Account, id int64) (*beian.Entity, []beian.TimelineEvent, error) {
	provinces, err := staffProvinces(actor)
	if err != nil {
		return nil, nil, err
	}
	e, err := r.DB.FindEntityByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if provinces != nil && !slices.Contains(provinces, e.Province) {
		return nil, nil, beian.Errorf(beian.ENOTFOUND, "未找到备案主体")
	}
	hist, err := r.DB.RecordHistory(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return e, beian.Timeline(e, hist), nil
}

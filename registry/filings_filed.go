package registry

import (
	"context"
	"slices"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// asFiling is f as the record's rules see it, each service of its record
// carrying the access the registry holds for it.
func asFiling(f *beian.RegistryFiling) beian.Filing {
	out := beian.Filing{ApplicationID: f.ApplicationID, Version: f.Version, Provider: f.Provider,
		FilingType: f.FilingType, Record: f.Record, Cancel: f.Cancel, SubmittedAt: f.SubmittedAt}
	if f.Record != nil && len(f.Access) == len(f.Record.Entity.Services) {
		rec := *f.Record
		rec.Entity.Services = make([]*beian.Service, len(f.Record.Entity.Services))
		for i, s := range f.Record.Entity.Services {
			c := *s
			c.Access = append([]beian.Access(nil), f.Access[i]...)
			rec.Entity.Services[i] = &c
		}
		out.Record = &rec
	}
	return out
}

// filedEntity is the live entity a change or cancellation names, by its
// main number or the number of one of its services; a number that does not
// exist or was cancelled is a field error.
func filedEntity(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) (*beian.Entity, error) {
	field := "mainLicence"
	if f.Cancel != nil && f.Cancel.MainLicence == "" {
		field = "serviceLicence"
	}
	licence, err := filedLicence(ctx, tx, asFiling(f))
	if err != nil {
		return nil, err
	}
	cur, err := tx.FindEntityByLicence(ctx, licence)
	if beian.ErrorCode(err) == beian.ENOTFOUND || (err == nil && cur.Cancelled) {
		return nil, beian.FieldErrorf(field, "备案号 %s 不存在或已注销", licence)
	}
	return cur, err
}

// checkFiled checks a change or a cancellation (the kinds that name
// existing numbers): the numbers are live and belong to the filing's
// entity, the bureau could apply it to the record as it stands, the entity
// has no other filing in flight, and a change's entity and principals are
// not blacklisted (a cancellation never is barred). It returns the entity
// as filed and sets the cancellation's entity from the national record.
func (fs *Filings) checkFiled(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) (*beian.Entity, error) {
	if f.Provider == "" || f.ApplicationID == 0 || f.Version == 0 {
		return nil, beian.Errorf(beian.EINVALID, "提交管局的备案缺少接入商、申请编号或版本")
	}
	if f.FilingType.IsCancel() != (f.Cancel != nil) || (!f.FilingType.IsCancel() && f.Record == nil) {
		return nil, beian.Errorf(beian.EINVALID, "record: %s缺少备案或注销信息", f.FilingType)
	}
	cur, err := filedEntity(ctx, tx, f)
	if err != nil {
		return nil, err
	}
	if f.Record != nil {
		if beian.NormalizeCertNo(f.Record.Entity.CertNo) != cur.CertNo {
			return nil, beian.FieldErrorf("certNo", "证件号码须与主体备案号 %s 的已备案主体一致", cur.MainLicence)
		}
		if err := checkBlacklist(ctx, tx, recordQuery(f.Record), tx.Now()); err != nil {
			return nil, err
		}
	}
	if f.Cancel != nil {
		f.Cancel.Province, f.Cancel.UnitName, f.Cancel.CertNo = cur.Province, cur.UnitName, cur.CertNo
	}
	if _, err := beian.ApplyFiling(cur, asFiling(f)); err != nil {
		return nil, err
	}
	if prev, err := tx.FilingOfApplication(ctx, f.Provider, f.ApplicationID); err != nil {
		return nil, err
	} else if prev != nil {
		return nil, beian.Errorf(beian.ECONFLICT, "该申请已提交管局系统（%s），请等待结果", beian.FilingNo(prev.ID))
	}
	if held, err := tx.FilingInFlight(ctx, cur.CertNo, f.Provider, f.ApplicationID); err != nil {
		return nil, err
	} else if held != nil {
		return nil, inFlightError(held)
	}
	return cur, nil
}

// applyFiled writes an approved change or cancellation to the national
// record (ApplyApproved: the numbers stay, the old values go to the
// history, a cancelled number is never given again) and sets f's numbers:
// the entity's main number and those of the services it touched.
func (fs *Filings) applyFiled(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) error {
	u, err := ApplyApproved(ctx, tx, asFiling(f))
	if err != nil {
		return err
	}
	f.MainLicence, f.ServiceLicences = u.After.MainLicence, nil
	for _, s := range u.After.Services {
		if _, ok := u.ServiceWhat[s.ID]; ok {
			f.ServiceLicences = append(f.ServiceLicences, s.Licence)
		}
	}
	return nil
}

// fileNewAccess writes an approved 新增接入 like a change (ApplyApproved:
// the access record added, the service's history told of it), after
// naming each service of the record by its number as filed: a 新增接入 the
// type check decided names its services by their domains only.
func (fs *Filings) fileNewAccess(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) error {
	main, err := tx.LiveLicenceOfCert(ctx, f.Record.Entity.CertNo)
	if err != nil {
		return err
	}
	cur, err := tx.FindEntityByLicence(ctx, main)
	if err != nil {
		return err
	}
	filing := asFiling(f)
	rec := *filing.Record
	rec.Entity.MainLicence = main
	for i, s := range rec.Entity.Services {
		if s.Licence != "" || len(s.Domains) == 0 {
			continue
		}
		for _, c := range cur.Services {
			if !c.Cancelled && slices.Contains(c.Domains, s.Domains[0]) {
				named := *s
				named.Licence = c.Licence
				rec.Entity.Services[i] = &named
			}
		}
	}
	filing.Record = &rec
	if _, err := ApplyApproved(ctx, tx, filing); err != nil {
		return err
	}
	f.MainLicence, f.ServiceLicences = main, nil
	for _, s := range rec.Entity.Services {
		f.ServiceLicences = append(f.ServiceLicences, s.Licence)
	}
	return nil
}

// resultEntity is whom the bureau's result concerns: the filing's record,
// or for a cancellation the entity as filed (cancelled or not).
func resultEntity(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) (*beian.Entity, error) {
	if f.Record != nil {
		return &f.Record.Entity, nil
	}
	licence, err := filedLicence(ctx, tx, asFiling(f))
	if err != nil {
		return nil, err
	}
	return tx.FindEntityByLicence(ctx, licence)
}

package registry

import (
	"context"
	"slices"

	"github.com/beianhq/beian"
)

var _ beian.Registry = (*Registry)(nil)

// CheckType decides the filing type of q from the national record and the
// applications in flight (验证备案类型): the entity by its certificate, the
// owner of each domain, and the pending filings of every provider.
func (r *Registry) CheckType(ctx context.Context, q beian.TypeCheckQuery) (beian.TypeCheckAnswer, error) {
	if err := r.checkBlacklist(ctx, q); err != nil {
		return beian.TypeCheckAnswer{}, err
	}
	var f beian.TypeCheckFacts
	licence, err := r.DB.LiveEntityByCert(ctx, q.CertNo)
	if err != nil {
		return beian.TypeCheckAnswer{}, err
	}
	f.EntityFiled, f.MainLicence = licence != "", licence
	if f.HeldBy, err = r.DB.EntityInFlightID(ctx, q.CertNo, q.Exclude); err != nil {
		return beian.TypeCheckAnswer{}, err
	}
	f.EntityInFlight = f.HeldBy != 0
	for _, d := range q.Domains {
		facts := beian.DomainFacts{Field: d.Field, Domain: d.Value}
		owner, err := r.DB.FindDomainOwner(ctx, d.Value)
		if err != nil {
			return beian.TypeCheckAnswer{}, err
		}
		switch {
		case owner != nil && owner.CertNo != q.CertNo:
			facts.OtherEntity = true
		case owner != nil:
			facts.Filed = true
			facts.ProviderHasAccess = slices.Contains(owner.Providers, q.Provider)
		default:
			if facts.OtherEntity, err = r.DB.DomainInFlightElsewhere(ctx, d.Value, q.CertNo, q.Exclude); err != nil {
				return beian.TypeCheckAnswer{}, err
			}
		}
		f.Domains = append(f.Domains, facts)
	}
	ft, err := beian.DecideFilingType(f)
	if err != nil {
		return beian.TypeCheckAnswer{}, err
	}
	ans := beian.TypeCheckAnswer{FilingType: ft}
	if f.EntityFiled {
		ans.MainLicence = f.MainLicence
	}
	return ans, nil
}

// Submit accepts a filing that passed initial review. Until the registry's
// SMS verification is built, accepting is all it does: the application
// waits in sms_verification.
func (r *Registry) Submit(ctx context.Context, f beian.Filing) error {
	if f.ApplicationID == 0 || f.Version == 0 {
		return beian.Errorf(beian.EINVALID, "提交管局的申请缺少编号或版本")
	}
	// A cancellation is never barred; everything else is checked against
	// the blacklist again, as it may have grown since the type check.
	if f.Record != nil {
		return r.checkBlacklist(ctx, filingQuery(f))
	}
	return nil
}

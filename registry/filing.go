package registry

import (
	"context"
	"slices"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/rules"
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

// Submit is the check of a submission a registry without its filing
// service can make (tests of the agent alone): the filing names its
// application, and everything but a cancellation is checked against the
// blacklist again, as it may have grown since the type check. Nothing is
// kept. InProcess takes the filing for real.
func (r *Registry) Submit(ctx context.Context, f beian.Filing) (*beian.RegistryChange, error) {
	if f.ApplicationID == 0 || f.Version == 0 {
		return nil, beian.Errorf(beian.EINVALID, "提交管局的申请缺少编号或版本")
	}
	if f.Record != nil {
		return nil, r.checkBlacklist(ctx, filingQuery(f))
	}
	return nil, nil
}

// FiledEntity implements beian.Registry.
func (r *Registry) FiledEntity(ctx context.Context, licence string) (*beian.Entity, error) {
	main := licence
	if l, err := rules.ParseLicence(licence); err != nil {
		return nil, beian.Errorf(beian.ENOTFOUND, "未找到备案号 %s", licence)
	} else if !l.IsMain() {
		l, err := r.DB.EntityLicenceOfService(ctx, licence)
		if err != nil {
			return nil, err
		}
		main = l
	}
	e, err := r.DB.FindEntityByLicence(ctx, main)
	if err == nil && e.Cancelled {
		err = beian.Errorf(beian.ENOTFOUND, "%s 已注销", licence)
	}
	return e, err
}

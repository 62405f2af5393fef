package beian

import (
	"fmt"
	"time"

	"github.com/beianhq/beian/rules"
)

// ProvinceFacts gathers what the province rules look at in r: the principals
// (the entity principal first, then service principals that differ), the
// websites and their names. The caller adds what the record does not hold:
// the services the entity already has (FiledSites), whether the principal
// is the legal representative, the authorisation letter, the number-range
// table.
func (r *ApplicationRecord) ProvinceFacts(asOf time.Time) rules.FilingFacts {
	e := &r.Entity
	f := rules.FilingFacts{Province: e.Province, Nature: e.Nature, UnitName: e.UnitName, AsOf: asOf}
	f.Principals = append(f.Principals, personFacts("principal", &e.Principal))
	for i, s := range e.Services {
		field := fmt.Sprintf("services[%d]", i)
		if s.Principal != nil && s.Principal.CertNo != e.Principal.CertNo {
			f.Principals = append(f.Principals, personFacts(field+".principal", s.Principal))
		}
		if s.Type == ServiceWebsite {
			f.Sites = append(f.Sites, rules.SiteFacts{Field: field, Name: s.Name, Domains: s.Domains, PreApprovals: s.ContentTypes})
		}
	}
	return f
}

func personFacts(field string, p *Principal) rules.PersonFacts {
	pf := rules.PersonFacts{Field: field, CertNo: p.CertNo, Mobile: p.Mobile}
	if ct, ok := rules.LookupPersonCertType(p.CertType); ok {
		pf.CertKind = ct.Kind
	}
	return pf
}

// CheckProvinceRules returns the first violation of the province rules as an
// EINVALID field error, or nil.
func CheckProvinceRules(rs *rules.ProvinceRules, f rules.FilingFacts) error {
	if vs := rs.Check(f); len(vs) > 0 {
		return FieldErrorf(vs[0].Field, "%s", vs[0].Reason)
	}
	return nil
}

package rules

import (
	"fmt"
	"time"
)

// Violation is one province rule a filing breaks, with the path of the field
// at fault (principal.certNo, services[0].serviceName …).
type Violation struct {
	Field  string
	Reason string
}

func (v Violation) Error() string { return v.Field + ": " + v.Reason }

// FilingFacts is what the province rules look at in an application.
type FilingFacts struct {
	Province string // GB/T 2260 code
	Nature   string
	UnitName string
	// Principals lists the entity principal first, then the service
	// principals that differ from it.
	Principals []PersonFacts
	Sites      []SiteFacts // the websites of the application
	FiledSites int         // services the entity already has filed or in flight
	AsOf       time.Time
	// PrincipalIsLegalRep says whether the entity principal is the legal
	// representative; nil when the applicant did not say (not checked).
	PrincipalIsLegalRep *bool
	HasAuthorisation    bool // a legal representative's authorisation letter is uploaded
	// MobileProvince gives the province code of a mobile number's range
	// (号段归属地); nil when no such table is configured, and then local
	// numbers are not checked.
	MobileProvince func(mobile string) (string, bool)
}

// PersonFacts is one principal.
type PersonFacts struct {
	Field    string // e.g. principal, services[0].principal
	CertKind CertKind
	CertNo   string
	Mobile   string
}

// SiteFacts is one website.
type SiteFacts struct {
	Field        string // e.g. services[0]
	Name         string
	Domains      []string
	PreApprovals []string
}

// Check returns every rule of the filing's province that f breaks, with the
// national website-name rules; an empty list means none.
func (rs *ProvinceRules) Check(f FilingFacts) []Violation {
	r := rs.Rule(f.Province)
	var vs []Violation
	add := func(field, format string, args ...any) {
		vs = append(vs, Violation{Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	personal := f.Nature == NaturePerson
	prov, _ := LookupProvince(f.Province)
	for i, p := range f.Principals {
		minAge := r.MinAgeAll
		if personal && i == 0 && r.MinAgePersonal > minAge {
			minAge = r.MinAgePersonal
		}
		if minAge > 0 && p.CertKind == CertResidentID {
			if id, err := ParseResidentID(p.CertNo, f.AsOf); err == nil && age(id.Birth, f.AsOf) < minAge {
				add(p.Field+".certNo", "%s要求负责人年满%d周岁", prov.Name, minAge)
			}
		}
		local := r.LocalMobile == LocalMobileAll || r.LocalMobile == LocalMobilePrincipals
		if local && f.MobileProvince != nil && p.Mobile != "" {
			if code, ok := f.MobileProvince(p.Mobile); ok && code != r.Province {
				add(p.Field+".mobile", "%s要求使用本省号段的手机号码", prov.Name)
			}
		}
	}
	if !personal && f.PrincipalIsLegalRep != nil && !*f.PrincipalIsLegalRep {
		switch {
		case r.LegalRep == LegalRepRequired:
			add("principal", "%s要求主体负责人为法定代表人", prov.Name)
		case r.LegalRep == LegalRepAuthorised && !f.HasAuthorisation:
			add("materials.other", "%s要求主体负责人非法定代表人时上传法定代表人授权书", prov.Name)
		}
	}
	limit := r.OrgSites
	if personal {
		limit = r.PersonalSites
	}
	if limit > 0 && f.FiledSites+len(f.Sites) > limit {
		who := "单位"
		if personal {
			who = "个人"
		}
		add("services", "%s%s最多备案%d个网站，已有%d个", prov.Name, who, limit, f.FiledSites)
	}
	for _, s := range f.Sites {
		err := rs.names.CheckSiteName(SiteName{
			Name: s.Name, Nature: f.Nature, UnitName: f.UnitName, Domains: s.Domains,
			PreApprovals: s.PreApprovals, Extra: r.Words,
		})
		if err != nil {
			add(s.Field+".serviceName", "%s", err.Error())
		}
	}
	return vs
}

// age is the age in whole years at asOf of a person born on birth.
func age(birth, asOf time.Time) int {
	y, m, d := asOf.Date()
	a := y - birth.Year()
	if m < birth.Month() || m == birth.Month() && d < birth.Day() {
		a--
	}
	return a
}

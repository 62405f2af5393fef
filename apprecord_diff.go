package beian

import (
	"fmt"
	"strings"
)

// Change is one field that differs between two versions of a record, named
// by its path in the application record (services[0].serviceName).
type Change struct {
	Field string
	Old   string // "" when the field was added
	New   string // "" when it was removed
}

// ApplicationVersion is a submitted, frozen snapshot of an application's
// record.
type ApplicationVersion struct {
	Number int
	Record *ApplicationRecord
	Note   string
}

// DiffRecords lists the fields that differ from a to b, in record order, so
// that a reviewer sees what an applicant changed after a rejection.
func DiffRecords(a, b *ApplicationRecord) []Change {
	var cs []Change
	cmp := func(field, old, new string) {
		if old != new {
			cs = append(cs, Change{Field: field, Old: old, New: new})
		}
	}
	ea, eb := &a.Entity, &b.Entity
	cmp("unitName", ea.UnitName, eb.UnitName)
	cmp("natureName", ea.Nature, eb.Nature)
	cmp("province", ea.Province, eb.Province)
	cmp("certType", ea.CertType, eb.CertType)
	cmp("certNo", ea.CertNo, eb.CertNo)
	cmp("certAddress", ea.CertAddress, eb.CertAddress)
	cmp("address", ea.Address, eb.Address)
	cmp("mainLicence", ea.MainLicence, eb.MainLicence)
	diffPrincipal("principal", &ea.Principal, &eb.Principal, cmp)
	for i := range max(len(ea.Services), len(eb.Services)) {
		field := fmt.Sprintf("services[%d]", i)
		var sa, sb *Service
		if i < len(ea.Services) {
			sa = ea.Services[i]
		}
		if i < len(eb.Services) {
			sb = eb.Services[i]
		}
		switch {
		case sa == nil:
			cmp(field, "", sb.Name)
			continue
		case sb == nil:
			cmp(field, sa.Name, "")
			continue
		}
		cmp(field+".serviceType", sa.Type.Label(), sb.Type.Label())
		cmp(field+".serviceName", sa.Name, sb.Name)
		cmp(field+".serviceLicence", sa.Licence, sb.Licence)
		cmp(field+".domains", strings.Join(sa.Domains, "、"), strings.Join(sb.Domains, "、"))
		cmp(field+".homeUrl", sa.HomeURL, sb.HomeURL)
		cmp(field+".contentTypes", strings.Join(sa.ContentTypes, "、"), strings.Join(sb.ContentTypes, "、"))
		pa, pb := sa.Principal, sb.Principal
		if pa == nil {
			pa = &ea.Principal
		}
		if pb == nil {
			pb = &eb.Principal
		}
		diffPrincipal(field+".principal", pa, pb, cmp)
		cmp(field+".app", appSummary(appAt(a, i)), appSummary(appAt(b, i)))
	}
	return cs
}

func diffPrincipal(field string, a, b *Principal, cmp func(field, old, new string)) {
	cmp(field+".name", a.Name, b.Name)
	cmp(field+".certType", a.CertType, b.CertType)
	cmp(field+".certNo", a.CertNo, b.CertNo)
	cmp(field+".mobile", a.Mobile, b.Mobile)
	cmp(field+".email", a.Email, b.Email)
}

func appAt(r *ApplicationRecord, i int) *AppInfo {
	if i < len(r.Apps) {
		return r.Apps[i]
	}
	return nil
}

// appSummary writes the App fields as one line for comparison and display.
func appSummary(a *AppInfo) string {
	if a == nil {
		return ""
	}
	if a.PackageName == "" && len(a.Platforms) == 0 {
		return a.Platform + " " + a.AppID
	}
	parts := []string{a.PackageName}
	for _, p := range a.Platforms {
		parts = append(parts, p.Name+" "+p.Fingerprint)
	}
	return strings.Join(parts, "；")
}

package agent

import (
	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
)

// RecordJSON is an application record in the shape the API takes it: the
// import record's fields, the access records the products gave, and each
// App's fields under "app".
type RecordJSON struct {
	registry.Record
	Services []ServiceJSON `json:"services"`
}

// ServiceJSON is a service of RecordJSON.
type ServiceJSON struct {
	registry.ServiceRecord
	App *appJSON `json:"app,omitempty"`
}

// EncodeRecord returns r in the API's shape (nil for nil).
func EncodeRecord(r *beian.ApplicationRecord) *RecordJSON {
	if r == nil {
		return nil
	}
	e := &r.Entity
	out := &RecordJSON{Record: registry.Record{UnitName: e.UnitName, NatureName: e.Nature, Province: e.Province, CertType: e.CertType,
		CertNo: e.CertNo, CertAddress: e.CertAddress, Address: e.Address, MainLicence: e.MainLicence, Principal: principalJSON(&e.Principal)}}
	if p, ok := rules.LookupProvince(e.Province); ok {
		out.Province = p.Name
	}
	out.Services = make([]ServiceJSON, len(e.Services))
	for i, s := range e.Services {
		sj := ServiceJSON{ServiceRecord: registry.ServiceRecord{ServiceType: int(s.Type), ServiceName: s.Name, ServiceLicence: s.Licence,
			Domains: s.Domains, HomeURL: s.HomeURL, ContentTypes: s.ContentTypes}}
		if s.Principal != nil {
			sj.Principal = principalJSON(s.Principal)
		}
		for _, a := range s.Access {
			sj.Access = append(sj.Access, registry.AccessRecord{Provider: a.Provider, IPs: a.IPs})
		}
		if i < len(r.Apps) && r.Apps[i] != nil {
			a := r.Apps[i]
			sj.App = &appJSON{PackageName: a.PackageName, Platform: a.Platform, AppID: a.AppID}
			for _, p := range a.Platforms {
				sj.App.Platforms = append(sj.App.Platforms, platformJSON{Name: p.Name, Fingerprint: p.Fingerprint})
			}
		}
		out.Services[i] = sj
	}
	return out
}

func principalJSON(p *beian.Principal) *registry.PrincipalRecord {
	return &registry.PrincipalRecord{Name: p.Name, CertType: p.CertType, CertNo: p.CertNo, Mobile: p.Mobile, Email: p.Email}
}

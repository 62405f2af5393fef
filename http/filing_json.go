package http

import (
	"strconv"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// The JSON shapes of the registry's filings, as the bureau routes answer
// them. Times are RFC 3339 in Shanghai; ids are strings.

type filingRow struct {
	ID          string `json:"id"`
	Province    string `json:"province"`
	UnitName    string `json:"unitName"`
	FilingType  string `json:"filingType"`
	Status      string `json:"status"`
	SubmittedAt string `json:"submittedAt"`
	Deadline    string `json:"deadline,omitempty"`
	Overdue     bool   `json:"overdue"`
}

type filingDetail struct {
	filingRow
	Provider        string              `json:"provider"`
	Record          filingRecordJSON    `json:"record"`
	Materials       []filingMaterial    `json:"materials"`
	Events          []filingEvent       `json:"events"`
	Rejections      []filingRejection   `json:"rejections"`
	MainLicence     string              `json:"mainLicence,omitempty"`
	ServiceLicences []string            `json:"serviceLicences,omitempty"`
	Verifications   []filingVerifierRow `json:"verifications"`
}

type filingMaterial struct {
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
}

type filingEvent struct {
	At     string `json:"at"`
	Status string `json:"status"`
	Note   string `json:"note"`
}

type filingRejection struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

type filingVerifierRow struct {
	Role     string `json:"role"`
	Name     string `json:"name"`
	Verified bool   `json:"verified"`
}

// filingRecordJSON is the submitted record in the shape of an import record.
type filingRecordJSON struct {
	UnitName    string              `json:"unitName"`
	NatureName  string              `json:"natureName"`
	Province    string              `json:"province"`
	CertType    string              `json:"certType"`
	CertNo      string              `json:"certNo"`
	CertAddress string              `json:"certAddress,omitempty"`
	Address     string              `json:"address,omitempty"`
	MainLicence string              `json:"mainLicence,omitempty"`
	Principal   filingPrincipal     `json:"principal"`
	Services    []filingServiceJSON `json:"services"`
}

type filingPrincipal struct {
	Name     string `json:"name"`
	CertType string `json:"certType"`
	CertNo   string `json:"certNo"`
	Mobile   string `json:"mobile"`
	Email    string `json:"email"`
}

type filingServiceJSON struct {
	ServiceType int              `json:"serviceType"`
	ServiceName string           `json:"serviceName"`
	Domains     []string         `json:"domains,omitempty"`
	HomeURL     string           `json:"homeUrl,omitempty"`
	Principal   *filingPrincipal `json:"principal,omitempty"`
	Access      []filingAccess   `json:"access"`
	App         *filingApp       `json:"app,omitempty"`
}

type filingApp struct {
	PackageName string           `json:"packageName,omitempty"`
	Platforms   []filingPlatform `json:"platforms,omitempty"`
	Platform    string           `json:"platform,omitempty"`
	AppID       string           `json:"appId,omitempty"`
}

type filingPlatform struct {
	Name        string `json:"name"`
	Fingerprint string `json:"fingerprint"`
}

type filingAccess struct {
	Provider string   `json:"provider"`
	IPs      []string `json:"ips"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(beian.Shanghai).Format(time.RFC3339)
}

func provinceLabel(code string) string {
	if p, ok := rules.LookupProvince(code); ok {
		return p.Name
	}
	return code
}

func filingRowOf(r store.BureauRow, now time.Time) filingRow {
	return filingRow{ID: strconv.FormatInt(r.ID, 10), Province: provinceLabel(r.Province), UnitName: r.UnitName,
		FilingType: string(r.FilingType), Status: string(r.Status), SubmittedAt: rfc3339(r.SubmittedAt), Deadline: rfc3339(r.Deadline),
		Overdue: r.Status == beian.StatusBureauReview && !r.Deadline.IsZero() && now.After(r.Deadline)}
}

func principalJSON(p beian.Principal) filingPrincipal {
	return filingPrincipal{Name: p.Name, CertType: p.CertType, CertNo: p.CertNo, Mobile: p.Mobile, Email: p.Email}
}

func filingDetailOf(f *beian.RegistryFiling, vs []store.FilingVerifier, now time.Time) filingDetail {
	d := filingDetail{
		filingRow: filingRowOf(store.BureauRow{ID: f.ID, Province: f.Province, FilingType: f.FilingType, Status: f.Status,
			SubmittedAt: f.SubmittedAt, Deadline: f.Deadline}, now),
		Provider: f.Provider, MainLicence: f.MainLicence, ServiceLicences: f.ServiceLicences,
		Materials: []filingMaterial{}, Events: []filingEvent{}, Rejections: []filingRejection{}, Verifications: []filingVerifierRow{},
	}
	for _, m := range f.Materials {
		d.Materials = append(d.Materials, filingMaterial{Kind: string(m.Kind), SHA256: m.SHA256})
	}
	for _, e := range f.Events {
		d.Events = append(d.Events, filingEvent{At: rfc3339(e.At), Status: string(e.Status), Note: e.Note})
	}
	for _, r := range f.Rejections {
		d.Rejections = append(d.Rejections, filingRejection{Field: r.Field, Reason: r.Reason})
	}
	for _, v := range vs {
		d.Verifications = append(d.Verifications, filingVerifierRow{Role: v.Role, Name: v.Name, Verified: !v.VerifiedAt.IsZero()})
	}
	if f.Record == nil {
		return d
	}
	e := &f.Record.Entity
	d.UnitName = e.UnitName
	d.Record = filingRecordJSON{UnitName: e.UnitName, NatureName: e.Nature, Province: provinceLabel(e.Province), CertType: e.CertType,
		CertNo: e.CertNo, CertAddress: e.CertAddress, Address: e.Address, MainLicence: e.MainLicence, Principal: principalJSON(e.Principal),
		Services: []filingServiceJSON{}}
	for i, s := range e.Services {
		sj := filingServiceJSON{ServiceType: int(s.Type), ServiceName: s.Name, Domains: s.Domains, HomeURL: s.HomeURL, Access: []filingAccess{}}
		if s.Principal != nil {
			p := principalJSON(*s.Principal)
			sj.Principal = &p
		}
		if i < len(f.Access) {
			for _, a := range f.Access[i] {
				sj.Access = append(sj.Access, filingAccess{Provider: a.Provider, IPs: a.IPs})
			}
		}
		if i < len(f.Record.Apps) && f.Record.Apps[i] != nil {
			a := f.Record.Apps[i]
			sj.App = &filingApp{PackageName: a.PackageName, Platform: a.Platform, AppID: a.AppID}
			for _, p := range a.Platforms {
				sj.App.Platforms = append(sj.App.Platforms, filingPlatform{Name: p.Name, Fingerprint: p.Fingerprint})
			}
		}
		d.Record.Services = append(d.Record.Services, sj)
	}
	return d
}

package http

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/http/form"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
)

// The change and cancellation pages: an applicant starts 变更主体, 变更网站,
// 变更接入, 变更备案, 注销主体, 注销网站 or 取消接入 from an entity they
// filed. The form is prefilled from the national record and offers only
// what the kind may change; what it may not (the province, the
// certificate, a service's type and number) is taken from the record, never
// from the form, and the body is checked by the agent's own decoder, as
// the API's is.

// filedKind is a change or cancellation the pages offer, by the slug of
// its address.
type filedKind struct {
	Slug       string
	Type       beian.FilingType
	PerService bool // it names one service
}

var filedKinds = []filedKind{
	{"change-entity", beian.FilingChangeEntity, false},
	{"change", beian.FilingChange, false},
	{"cancel-entity", beian.FilingCancelEntity, false},
	{"change-site", beian.FilingChangeSite, true},
	{"change-access", beian.FilingChangeAccess, true},
	{"cancel-site", beian.FilingCancelSite, true},
	{"cancel-access", beian.FilingCancelAccess, true},
}

func kindBySlug(slug string) (filedKind, bool) {
	for _, k := range filedKinds {
		if k.Slug == slug {
			return k, true
		}
	}
	return filedKind{}, false
}

func kindByType(ft beian.FilingType) (filedKind, bool) {
	for _, k := range filedKinds {
		if k.Type == ft {
			return k, true
		}
	}
	return filedKind{}, false
}

// EditsEntity reports whether the kind changes the entity's fields.
func (k filedKind) EditsEntity() bool {
	return k.Type == beian.FilingChangeEntity || k.Type == beian.FilingChange
}

// EditsServices reports whether the kind changes services' fields.
func (k filedKind) EditsServices() bool {
	return k.Type == beian.FilingChangeSite || k.Type == beian.FilingChange
}

// ChoosesProduct reports whether the kind names a product of the caller's.
func (k filedKind) ChoosesProduct() bool {
	return k.Type == beian.FilingChangeAccess || k.Type == beian.FilingCancelAccess
}

// filedForm is what a change or cancellation form shows and posts.
type filedForm struct {
	Kind   filedKind
	Entity *beian.Entity // as filed
	// The entity's editable values.
	UnitName, CertAddress, Address string
	Principal                      registry.PrincipalRecord
	Services                       []filedService // those the kind touches
	ProductID, Reason              string
}

// filedService is one service the form touches: as filed, and as edited.
type filedService struct {
	Filed        *beian.Service
	Name         string
	HomeURL      string
	Keep         []string // the domains kept (a change may only remove some)
	ContentTypes []string
	Principal    *registry.PrincipalRecord // nil: the entity principal
}

// newFiledForm is the form of kind k on e, prefilled from the record;
// svc is the service a per-service kind names.
func newFiledForm(e *beian.Entity, k filedKind, svc *beian.Service) *filedForm {
	f := &filedForm{Kind: k, Entity: e, UnitName: e.UnitName, CertAddress: e.CertAddress, Address: e.Address,
		Principal: *principalRecord(&e.Principal)}
	for _, s := range e.Services {
		if s.Cancelled || (k.PerService && s != svc) || (!k.PerService && k.Type != beian.FilingChange) {
			continue
		}
		fs := filedService{Filed: s, Name: s.Name, HomeURL: s.HomeURL, Keep: slices.Clone(s.Domains),
			ContentTypes: slices.Clone(s.ContentTypes)}
		if s.Principal != nil {
			fs.Principal = principalRecord(s.Principal)
		}
		f.Services = append(f.Services, fs)
	}
	return f
}

// filedFormOf is the form of a saved change or cancellation a of e: the
// record's values as the applicant last saved them.
func filedFormOf(e *beian.Entity, a *beian.Application) (*filedForm, error) {
	k, ok := kindByType(a.FilingType)
	if !ok {
		return nil, errNotFound
	}
	var svc *beian.Service
	if c := a.Cancel; c != nil {
		f := newFiledForm(e, k, serviceByLicence(e, c.ServiceLicence))
		f.ProductID, f.Reason = c.ProductID, c.Reason
		return f, nil
	}
	if a.Record == nil {
		return nil, errNotFound
	}
	rec := &a.Record.Entity
	if k.PerService && len(rec.Services) > 0 {
		svc = serviceByLicence(e, rec.Services[0].Licence)
	}
	f := newFiledForm(e, k, svc)
	if k.EditsEntity() {
		f.UnitName, f.CertAddress, f.Address, f.Principal = rec.UnitName, rec.CertAddress, rec.Address, *principalRecord(&rec.Principal)
	}
	if k.EditsServices() {
		for i := range f.Services {
			fs := &f.Services[i]
			for _, s := range rec.Services {
				if s.Licence == fs.Filed.Licence {
					fs.Name, fs.HomeURL, fs.Keep, fs.ContentTypes = s.Name, s.HomeURL, slices.Clone(s.Domains), slices.Clone(s.ContentTypes)
					fs.Principal = nil
					if s.Principal != nil {
						fs.Principal = principalRecord(s.Principal)
					}
				}
			}
		}
	}
	for _, p := range a.Products {
		f.ProductID = p.ProductID
	}
	return f, nil
}

func serviceByLicence(e *beian.Entity, licence string) *beian.Service {
	for _, s := range e.Services {
		if s.Licence == licence && !s.Cancelled {
			return s
		}
	}
	return nil
}

func principalRecord(p *beian.Principal) *registry.PrincipalRecord {
	return &registry.PrincipalRecord{Name: p.Name, CertType: p.CertType, CertNo: p.CertNo, Mobile: p.Mobile, Email: p.Email}
}

// read takes the editable inputs of the posted form; whatever else it
// carries is ignored.
func (ff *filedForm) read(f *form.Form) {
	k := ff.Kind
	if k.EditsEntity() {
		ff.UnitName, ff.CertAddress, ff.Address = f.Trimmed("unitName"), f.Trimmed("certAddress"), f.Trimmed("address")
		ff.Principal = registry.PrincipalRecord{}
		if p := readPrincipal(f, "principal"); p != nil {
			ff.Principal = *p
		}
	}
	if k.EditsServices() {
		for i := range ff.Services {
			s, pre := &ff.Services[i], fmt.Sprintf("services[%d]", i)
			s.Name, s.HomeURL = f.Trimmed(pre+".serviceName"), f.Trimmed(pre+".homeUrl")
			kept := f.All(pre + ".domains")
			s.Keep = slices.DeleteFunc(slices.Clone(s.Filed.Domains), func(d string) bool { return !slices.Contains(kept, d) })
			s.ContentTypes = nil
			for _, c := range f.All(pre + ".contentTypes") {
				if c = strings.TrimSpace(c); c != "" {
					s.ContentTypes = append(s.ContentTypes, c)
				}
			}
			s.Principal = readPrincipal(f, pre+".principal")
		}
	}
	if k.ChoosesProduct() {
		ff.ProductID = f.Trimmed("productId")
	}
	if k.Type.IsCancel() {
		ff.Reason = f.Trimmed("reason")
	}
}

// filedBodyJSON is the API's application body for a change or a
// cancellation.
type filedBodyJSON struct {
	FilingType string         `json:"filingType"`
	Record     any            `json:"record"`
	Products   []draftProduct `json:"products,omitempty"`
	Reason     string         `json:"reason,omitempty"`
}

// body is the application body of the form, checked by the agent's
// decoder as of asOf.
func (ff *filedForm) body(asOf time.Time) (*agent.ApplicationBody, error) {
	k, e := ff.Kind, ff.Entity
	b := filedBodyJSON{FilingType: string(k.Type), Reason: ff.Reason}
	switch {
	case k.Type == beian.FilingCancelEntity:
		b.Record = map[string]string{"mainLicence": e.MainLicence}
	case k.Type.IsCancel():
		rec := map[string]string{"serviceLicence": ff.serviceLicence()}
		if k.ChoosesProduct() {
			rec["productId"] = ff.ProductID
		}
		b.Record = rec
	default:
		b.Record = ff.record()
		if k.ChoosesProduct() {
			b.Products = []draftProduct{{Service: 0, ProductID: ff.ProductID}}
		}
	}
	raw, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	return agent.DecodeApplicationBody(raw, asOf)
}

func (ff *filedForm) serviceLicence() string {
	if len(ff.Services) == 0 {
		return ""
	}
	return ff.Services[0].Filed.Licence
}

// record is the record the form files: the entity as filed but for what
// the kind edits, with the services it touches.
func (ff *filedForm) record() registry.Record {
	e := ff.Entity
	rec := registry.Record{UnitName: e.UnitName, NatureName: e.Nature, Province: e.Province, CertType: e.CertType, CertNo: e.CertNo,
		CertAddress: e.CertAddress, Address: e.Address, MainLicence: e.MainLicence, Principal: principalRecord(&e.Principal),
		Services: []registry.ServiceRecord{}}
	if p, ok := rules.LookupProvince(e.Province); ok {
		rec.Province = p.Name
	}
	if ff.Kind.EditsEntity() {
		p := ff.Principal
		rec.UnitName, rec.CertAddress, rec.Address, rec.Principal = ff.UnitName, ff.CertAddress, ff.Address, &p
	}
	if ff.Kind.Type == beian.FilingChangeEntity {
		return rec
	}
	for _, s := range ff.Services {
		sr := registry.ServiceRecord{ServiceType: int(s.Filed.Type), ServiceName: s.Filed.Name, ServiceLicence: s.Filed.Licence,
			Domains: s.Filed.Domains, HomeURL: s.Filed.HomeURL, ContentTypes: s.Filed.ContentTypes}
		if s.Filed.Principal != nil {
			sr.Principal = principalRecord(s.Filed.Principal)
		}
		if ff.Kind.EditsServices() {
			sr.ServiceName, sr.Domains, sr.HomeURL, sr.ContentTypes, sr.Principal = s.Name, s.Keep, s.HomeURL, s.ContentTypes, s.Principal
		}
		rec.Services = append(rec.Services, sr)
	}
	return rec
}

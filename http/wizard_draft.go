package http

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/registry"
)

// The wizard's working copy of an application: the body the JSON API
// takes, filled step by step. It is decoded by the agent's own decoder, so
// the pages and the API check an application with the same code and name
// its fields by the same paths (services[0].domains[1]).
type (
	draftBody struct {
		Record         draftRecord    `json:"record"`
		Products       []draftProduct `json:"products,omitempty"`
		LegacyPassword string         `json:"legacyPassword,omitempty"`
	}
	draftRecord struct {
		UnitName    string                    `json:"unitName"`
		NatureName  string                    `json:"natureName"`
		Province    string                    `json:"province"`
		CertType    string                    `json:"certType"`
		CertNo      string                    `json:"certNo"`
		CertAddress string                    `json:"certAddress,omitempty"`
		Address     string                    `json:"address,omitempty"`
		Principal   *registry.PrincipalRecord `json:"principal,omitempty"`
		Services    []draftService            `json:"services"`
	}
	draftService struct {
		ServiceType  int                       `json:"serviceType"`
		ServiceName  string                    `json:"serviceName"`
		Domains      []string                  `json:"domains,omitempty"`
		HomeURL      string                    `json:"homeUrl,omitempty"`
		Principal    *registry.PrincipalRecord `json:"principal,omitempty"`
		ContentTypes []string                  `json:"contentTypes,omitempty"`
		App          *draftApp                 `json:"app,omitempty"`
	}
	draftApp struct {
		PackageName string          `json:"packageName,omitempty"`
		Platforms   []draftPlatform `json:"platforms,omitempty"`
		Platform    string          `json:"platform,omitempty"`
		AppID       string          `json:"appId,omitempty"`
	}
	draftPlatform struct {
		Name        string `json:"name"`
		Fingerprint string `json:"fingerprint"`
	}
	draftProduct struct {
		Service   int    `json:"service"`
		ProductID string `json:"productId,omitempty"`
		AuthCode  string `json:"authCode,omitempty"`
	}
)

// wizardState is where an applicant stands in the wizard: the application
// (0 before the draft exists), the type the check decided and the body.
type wizardState struct {
	Account     int64     `json:"a"`
	App         int64     `json:"id,omitempty"`
	Decided     string    `json:"t,omitempty"`
	MainLicence string    `json:"m,omitempty"`
	Password    bool      `json:"p,omitempty"` // the password step was passed
	Body        draftBody `json:"b"`
}

// decode checks the body with the agent's decoder as of asOf.
func (d *draftBody) decode(asOf time.Time) (*agent.ApplicationBody, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	return agent.DecodeApplicationBody(b, asOf)
}

// product returns the choice of service i, or a blank one.
func (d *draftBody) product(i int) draftProduct {
	for _, p := range d.Products {
		if p.Service == i {
			return p
		}
	}
	return draftProduct{Service: i}
}

// setProduct replaces the choice of service i (a blank one removes it).
func (d *draftBody) setProduct(p draftProduct) {
	out := d.Products[:0]
	for _, q := range d.Products {
		if q.Service != p.Service {
			out = append(out, q)
		}
	}
	if p.ProductID != "" || p.AuthCode != "" {
		out = append(out, p)
	}
	d.Products = out
}

// stateOf is the wizard state of a saved application.
func stateOf(a *beian.Application) wizardState {
	st := wizardState{Account: a.AccountID, App: a.ID, Decided: string(a.FilingType), Password: true,
		Body: draftBody{LegacyPassword: a.LegacyPassword}}
	for _, p := range a.Products {
		st.Body.Products = append(st.Body.Products, draftProduct{Service: p.Service, ProductID: p.ProductID, AuthCode: p.AuthCode})
	}
	rec := agent.EncodeRecord(a.Record)
	if rec == nil {
		return st
	}
	st.MainLicence = rec.MainLicence
	r := &st.Body.Record
	*r = draftRecord{UnitName: rec.UnitName, NatureName: rec.NatureName, Province: rec.Province, CertType: rec.CertType,
		CertNo: rec.CertNo, CertAddress: rec.CertAddress, Address: rec.Address, Principal: rec.Principal}
	for _, s := range rec.Services {
		ds := draftService{ServiceType: s.ServiceType, ServiceName: s.ServiceName, Domains: s.Domains, HomeURL: s.HomeURL,
			Principal: s.Principal, ContentTypes: s.ContentTypes}
		if s.App != nil {
			// The API's App shape is the agent's own; read it through JSON.
			b, _ := json.Marshal(s.App)
			ds.App = &draftApp{}
			json.Unmarshal(b, ds.App)
		}
		r.Services = append(r.Services, ds)
	}
	return st
}

// loadState returns the applicant's unsaved wizard state, kept by the
// agent service, when it belongs to application id (0: before the draft
// exists); else ok is false.
func (s *Server) loadState(r *http.Request, actor *beian.Account, id int64) (wizardState, bool) {
	doc, ok, err := s.Agent.WizardState(r.Context(), actor)
	if err != nil {
		s.Logger.Error("wizard state", "err", err)
		return wizardState{}, false
	}
	if !ok {
		return wizardState{}, false
	}
	return decodeState(doc, actor.ID, id)
}

// decodeState reads a kept state, when it is of account and application id.
func decodeState(doc string, account, id int64) (wizardState, bool) {
	var st wizardState
	if json.Unmarshal([]byte(doc), &st) != nil || st.Account != account || st.App != id {
		return wizardState{}, false
	}
	return st, true
}

// saveState keeps st on the server for the applicant. A failure is logged,
// not shown: the page still shows what was typed, and the draft, once it
// exists, is saved by the service.
func (s *Server) saveState(r *http.Request, actor *beian.Account, st wizardState) {
	b, err := json.Marshal(st)
	if err == nil {
		err = s.Agent.SaveWizardState(r.Context(), actor, string(b))
	}
	if err != nil {
		s.Logger.Error("wizard state", "err", err)
	}
}

func (s *Server) clearState(r *http.Request, actor *beian.Account) {
	if err := s.Agent.ClearWizardState(r.Context(), actor); err != nil {
		s.Logger.Error("wizard state", "err", err)
	}
}

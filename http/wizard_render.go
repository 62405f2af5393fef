package http

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
)

// wizardPage is a step of the wizard.
type wizardPage struct {
	Page
	Steps     []stepLink
	Step      string
	Action    string
	ID        int64
	St        wizardState
	Rec       draftRecord
	EP        registry.PrincipalRecord // the entity principal, blank when none
	Err       fieldErr
	TopError  string // an error no input of the step shows
	Notice    string
	Uploaded  string // the kind just uploaded
	Provinces []provinceOption
	Natures   []string
	CertTypes []certTypeGroup
	// PersonCertTypes are the certificate types of a principal.
	PersonCertTypes []string
	Types           []serviceTypeOption
	Domains         []inputView // the type step's domains
	TypeProduct     string      // the type step's product
	Products        []agent.ProductView
	Services        []serviceView
	Materials       []materialRow
	Kinds           []beian.MaterialKind
	App             *beian.Application
	Record          *agent.RecordJSON
	Reasons         []reasonView // the reviewer's, while the application is rejected
}

// stepLink is an entry of the wizard's step list.
type stepLink struct {
	N                     int
	Label, URL            string
	Current, Done, Linked bool
}

// inputView is one input of a list (a domain of a service).
type inputView struct {
	Name, ID, Label, Value, Error string
}

// serviceView is a service of the services and products steps.
type serviceView struct {
	Index        int
	Prefix       string
	S            draftService
	Types        []serviceTypeOption
	Domains      []inputView
	Product      draftProduct
	ContentTypes []checkOption
	Platforms    []inputView // an App's fingerprints, one per platform
	Principal    bool        // the service has a principal of its own
}

type checkOption struct {
	Value   string
	Checked bool
}

// materialRow is a kind of material and what was uploaded of it.
type materialRow struct {
	Kind     beian.MaterialKind
	Required bool
	Latest   *beian.Material
	Count    int
}

func (s *Server) renderWizard(w http.ResponseWriter, r *http.Request, wr *wizardRequest, status int, fe fieldErr) error {
	id := wr.st.App
	rec := wr.st.Body.Record
	data := wizardPage{Page: Page{Title: "备案申请 - " + wizardSteps[stepIndex(wr.step)].Label}, Step: wr.step,
		Action: wizardURL(id, wr.step), ID: id, St: wr.st, Rec: rec, Err: fe, App: wr.app}
	data.Steps = stepLinks(wr)
	if isFiledKind(wr.app) {
		data.Steps = filedSteps(wr.app, wr.step)
	}
	data.TopError = topError(wr.step, fe)
	if wr.app != nil {
		data.Reasons = reasonViews(wr.app.Rejections)
	}
	if rec.Principal != nil {
		data.EP = *rec.Principal
	}
	switch wr.step {
	case "type":
		data.Provinces, data.Natures, data.CertTypes, data.Types = provinceOptions(rec.Province), natureNames(), certTypeGroups(rec.CertType), serviceTypeOptions(first(rec).typeValue())
		data.Types = data.Types[1:]
		data.Domains = domainInputs("domains", first(rec).Domains, fe)
		data.TypeProduct = wr.st.Body.product(0).ProductID
		fallthrough
	case "product", "services":
		ps, err := wr.ag.Products(r.Context(), wr.actor)
		if err != nil {
			return err
		}
		data.Products = ps
		for i, sv := range rec.Services {
			data.Services = append(data.Services, newServiceView(i, sv, wr.st.Body.product(i), fe))
		}
	case "entity":
		data.Provinces, data.Natures, data.CertTypes = provinceOptions(rec.Province), natureNames(), certTypeGroups(rec.CertType)
	case "materials", "confirm":
		if err := s.fillMaterials(r, wr, &data); err != nil {
			return err
		}
	}
	data.PersonCertTypes = personCertTypes()
	data.Kinds = beian.MaterialKinds
	if k := beian.MaterialKind(r.URL.Query().Get("uploaded")); k.Valid() {
		data.Notice, data.Uploaded = "已上传："+k.Label(), string(k)
	}
	s.render(w, r, status, "wizard.html", data)
	return nil
}

func stepLinks(wr *wizardRequest) []stepLink {
	cur := stepIndex(wr.step)
	var out []stepLink
	for i, st := range wizardSteps {
		l := stepLink{N: i + 1, Label: st.Label, URL: wizardURL(wr.st.App, st.Key), Current: i == cur, Done: i < cur}
		l.Linked = !l.Current && (wr.app != nil || i <= stepIndex("services"))
		out = append(out, l)
	}
	return out
}

func (s *Server) fillMaterials(r *http.Request, wr *wizardRequest, data *wizardPage) error {
	ms, err := wr.ag.MaterialsOf(r.Context(), wr.actor, wr.app.ID)
	if err != nil {
		return err
	}
	data.Materials = materialRows(wr.app, ms)
	data.Record = agent.EncodeRecord(wr.app.Record)
	return nil
}

// materialRows lists every kind with its latest upload, the required ones
// of the application's nature marked.
func materialRows(a *beian.Application, ms []beian.Material) []materialRow {
	nature := ""
	if a.Record != nil {
		nature = a.Record.Entity.Nature
	}
	req := beian.RequiredMaterials(nature)
	var out []materialRow
	for _, k := range beian.MaterialKinds {
		row := materialRow{Kind: k, Required: slices.Contains(req, k)}
		for i := range ms {
			if ms[i].Kind == k {
				row.Latest, row.Count = &ms[i], row.Count+1
			}
		}
		out = append(out, row)
	}
	return out
}

func first(rec draftRecord) draftService {
	if len(rec.Services) == 0 {
		return draftService{ServiceType: int(beian.ServiceWebsite)}
	}
	return rec.Services[0]
}

func (s draftService) typeValue() string {
	if s.ServiceType == 0 {
		return "1"
	}
	return strconv.Itoa(s.ServiceType)
}

// domainInputs are the domain inputs of a list: those given and blank ones
// to add more, at least two.
func domainInputs(prefix string, domains []string, fe fieldErr) []inputView {
	n := min(max(len(domains)+1, 2), maxDomainInputs)
	out := make([]inputView, n)
	for i := range out {
		name := fmt.Sprintf("%s[%d]", prefix, i)
		out[i] = inputView{Name: name, ID: inputID(name), Label: fmt.Sprintf("域名%d", i+1), Error: fe.For(name)}
		if i < len(domains) {
			out[i].Value = domains[i]
		}
	}
	return out
}

func newServiceView(i int, sv draftService, p draftProduct, fe fieldErr) serviceView {
	prefix := fmt.Sprintf("services[%d]", i)
	v := serviceView{Index: i, Prefix: prefix, S: sv, Types: serviceTypeOptions(sv.typeValue())[1:], Product: p,
		Domains: domainInputs(prefix+".domains", sv.Domains, fe), Principal: sv.Principal != nil}
	for _, c := range rules.ContentTypes() {
		v.ContentTypes = append(v.ContentTypes, checkOption{c.Name, slices.Contains(sv.ContentTypes, c.Name)})
	}
	for k, name := range appPlatforms {
		in := inputView{Name: fmt.Sprintf("%s.app.platforms[%d].fingerprint", prefix, k), Label: name + " 签名证书指纹"}
		in.ID, in.Error = inputID(in.Name), fe.For(in.Name)
		if sv.App != nil {
			for _, pf := range sv.App.Platforms {
				if pf.Name == name {
					in.Value = pf.Fingerprint
				}
			}
		}
		v.Platforms = append(v.Platforms, in)
	}
	if v.S.App == nil {
		v.S.App = &draftApp{}
	}
	if v.S.Principal == nil {
		v.S.Principal = &principalBlank
	}
	return v
}

var principalBlank = registry.PrincipalRecord{}

func natureNames() []string {
	var out []string
	for _, n := range rules.Natures() {
		out = append(out, n.Name)
	}
	return out
}

func personCertTypes() []string {
	var out []string
	for _, c := range rules.PersonCertTypes() {
		out = append(out, c.Name)
	}
	return out
}

// topError is the message of fe for the error summary above the form
// (the input at fault shows it too, when the step has one).
func topError(step string, fe fieldErr) string { return fe.Message }

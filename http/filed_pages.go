package http

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/http/form"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
)

// filedRoutes are the change and cancellation pages' routes.
func (s *Server) filedRoutes() []route {
	return []route{
		{"GET /agent/filed", s.handleFiledList, false, auth.Applicants},
		{"GET /agent/filed/{licence}/{kind}", s.handleFiledPage, false, auth.Applicants},
		{"POST /agent/filed/{licence}/{kind}", s.handleFiledSubmit, false, auth.Applicants},
		{"GET /agent/applications/{id}/filed", s.handleFiledEdit, false, auth.Applicants},
		{"POST /agent/applications/{id}/filed", s.handleFiledUpdate, false, auth.Applicants},
	}
}

// filedListPage lists the entities an applicant filed, with the changes
// and cancellations each offers.
type filedListPage struct {
	Page
	Entities []filedEntityView
}

type filedEntityView struct {
	E            *beian.Entity
	Province     string
	Services     []*beian.Service // the live ones
	EntityKinds  []filedKind
	ServiceKinds []filedKind
	Held         int64 // the order in flight for the entity, 0 for none
}

func (s *Server) handleFiledList(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	es, err := ag.FiledEntities(r.Context(), accountFrom(r.Context()))
	if err != nil {
		return err
	}
	data := filedListPage{Page: Page{Title: "已备案主体：变更与注销"}}
	var entityKinds, serviceKinds []filedKind
	for _, k := range filedKinds {
		if k.PerService {
			serviceKinds = append(serviceKinds, k)
		} else {
			entityKinds = append(entityKinds, k)
		}
	}
	for _, e := range es {
		v := filedEntityView{E: e, Province: provinceName(e.Province), EntityKinds: entityKinds, ServiceKinds: serviceKinds}
		if v.Held, err = ag.OrderOf(r.Context(), e); err != nil {
			return err
		}
		for _, sv := range e.Services {
			if !sv.Cancelled {
				v.Services = append(v.Services, sv)
			}
		}
		data.Entities = append(data.Entities, v)
	}
	s.render(w, r, http.StatusOK, "filed.html", data)
	return nil
}

// filedFormPage is a change or cancellation form.
type filedFormPage struct {
	Page
	Form            *filedForm
	Action          string
	Service         string // the number of the service a per-service kind names
	Province        string
	Err             fieldErr
	Products        []agent.ProductView
	PersonCertTypes []string
	Services        []filedServiceView
	Steps           []stepLink // once the draft exists
	EP              registry.PrincipalRecord
}

type filedServiceView struct {
	Index        int
	Prefix       string
	S            filedService
	Principal    registry.PrincipalRecord
	Own          bool // the service has a principal of its own
	Domains      []checkOption
	ContentTypes []checkOption
}

// handleFiledPage shows the form of a new change or cancellation of a
// filed entity (/agent/filed/{main number}/{kind}?service={service number}).
func (s *Server) handleFiledPage(w http.ResponseWriter, r *http.Request) error {
	ff, ag, err := s.openFiled(r, r.URL.Query().Get("service"))
	if err != nil {
		return err
	}
	return s.renderFiled(w, r, ag, ff, nil, http.StatusOK, fieldErr{})
}

// handleFiledSubmit files the form as a draft through the agent's create,
// then goes on to the materials (a change) or the confirmation (a
// cancellation).
func (s *Server) handleFiledSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	ff, ag, err := s.openFiled(r, f.Trimmed("service"))
	if err != nil {
		return err
	}
	ff.read(f)
	actor := accountFrom(r.Context())
	body, err := ff.body(s.Now())
	var a *beian.Application
	if err == nil {
		a, err = ag.Create(r.Context(), actor, body)
	}
	if err != nil {
		return s.filedError(w, r, ag, ff, nil, err)
	}
	http.Redirect(w, r, filedNext(a), http.StatusSeeOther)
	return nil
}

// openFiled reads the entity and kind of the request; service is the
// number of the service a per-service kind names.
func (s *Server) openFiled(r *http.Request, service string) (*filedForm, *agent.Service, error) {
	ag, err := s.agent()
	if err != nil {
		return nil, nil, err
	}
	k, ok := kindBySlug(r.PathValue("kind"))
	if !ok {
		return nil, nil, errNotFound
	}
	e, err := ag.FiledEntity(r.Context(), accountFrom(r.Context()), r.PathValue("licence"))
	if err != nil {
		return nil, nil, err
	}
	var svc *beian.Service
	if k.PerService {
		if svc = serviceByLicence(e, service); svc == nil {
			return nil, nil, beian.Errorf(beian.ENOTFOUND, "未找到该主体下的服务")
		}
	}
	return newFiledForm(e, k, svc), ag, nil
}

// handleFiledEdit shows a saved change or cancellation's form, while the
// applicant may still change it.
func (s *Server) handleFiledEdit(w http.ResponseWriter, r *http.Request) error {
	ff, ag, a, err := s.openFiledApp(r)
	if err != nil || ff == nil {
		return err
	}
	if !a.Editable() {
		http.Redirect(w, r, fmt.Sprintf("/agent/applications/%d", a.ID), http.StatusSeeOther)
		return nil
	}
	return s.renderFiled(w, r, ag, ff, a, http.StatusOK, fieldErr{})
}

// handleFiledUpdate saves a saved change or cancellation's form through
// the agent's update.
func (s *Server) handleFiledUpdate(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	ff, ag, a, err := s.openFiledApp(r)
	if err != nil {
		return err
	}
	ff.read(f)
	body, err := ff.body(s.Now())
	saved := a
	if err == nil {
		saved, err = ag.Update(r.Context(), accountFrom(r.Context()), a.ID, body)
	}
	if err != nil {
		return s.filedError(w, r, ag, ff, a, err)
	}
	http.Redirect(w, r, filedNext(saved), http.StatusSeeOther)
	return nil
}

func (s *Server) openFiledApp(r *http.Request) (*filedForm, *agent.Service, *beian.Application, error) {
	ag, err := s.agent()
	if err != nil {
		return nil, nil, nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, nil, err
	}
	a, err := ag.Get(r.Context(), accountFrom(r.Context()), id)
	if err != nil {
		return nil, nil, nil, err
	}
	e, err := ag.EntityOf(r.Context(), a)
	if err != nil {
		return nil, nil, nil, err
	}
	ff, err := filedFormOf(e, a)
	return ff, ag, a, err
}

// filedNext is the step after the form: the materials of a change, the
// confirmation of a cancellation (its reviewer confirms who asks).
func filedNext(a *beian.Application) string {
	if a.FilingType.IsCancel() {
		return wizardURL(a.ID, "confirm")
	}
	return wizardURL(a.ID, "materials")
}

// filedError shows a refused form with the field at fault.
func (s *Server) filedError(w http.ResponseWriter, r *http.Request, ag *agent.Service, ff *filedForm, a *beian.Application, err error) error {
	if code := beian.ErrorCode(err); code != beian.EINVALID && code != beian.ECONFLICT {
		return err
	}
	return s.renderFiled(w, r, ag, ff, a, s.errorStatus(w, r, err), newFieldErr(err))
}

func (s *Server) renderFiled(w http.ResponseWriter, r *http.Request, ag *agent.Service, ff *filedForm, a *beian.Application, status int, fe fieldErr) error {
	data := filedFormPage{Page: Page{Title: string(ff.Kind.Type) + " - " + ff.Entity.UnitName}, Form: ff, Err: fe,
		Province: provinceName(ff.Entity.Province), PersonCertTypes: personCertTypes(), EP: ff.Principal}
	if a == nil {
		data.Action = "/agent/filed/" + url.PathEscape(ff.Entity.MainLicence) + "/" + ff.Kind.Slug
	} else {
		data.Action = fmt.Sprintf("/agent/applications/%d/filed", a.ID)
		data.Steps = filedSteps(a, "filed")
	}
	if ff.Kind.PerService && len(ff.Services) > 0 {
		data.Service = ff.Services[0].Filed.Licence
	}
	if ff.Kind.ChoosesProduct() {
		ps, err := ag.Products(r.Context(), accountFrom(r.Context()))
		if err != nil {
			return err
		}
		data.Products = ps
	}
	for i, sv := range ff.Services {
		v := filedServiceView{Index: i, Prefix: fmt.Sprintf("services[%d]", i), S: sv, Own: sv.Principal != nil}
		if sv.Principal != nil {
			v.Principal = *sv.Principal
		}
		for _, d := range sv.Filed.Domains {
			v.Domains = append(v.Domains, checkOption{d, slices.Contains(sv.Keep, d)})
		}
		for _, c := range rules.ContentTypes() {
			v.ContentTypes = append(v.ContentTypes, checkOption{c.Name, slices.Contains(sv.ContentTypes, c.Name)})
		}
		data.Services = append(data.Services, v)
	}
	s.render(w, r, status, "filed_form.html", data)
	return nil
}

// isFiledKind reports whether a's pages are the change and cancellation
// form rather than the new filing's steps.
func isFiledKind(a *beian.Application) bool {
	if a == nil {
		return false
	}
	_, ok := kindByType(a.FilingType)
	return ok
}

// filedSteps are the steps of a saved change or cancellation: its form,
// the materials (a change only) and the confirmation.
func filedSteps(a *beian.Application, current string) []stepLink {
	label := "填写变更信息"
	if a.FilingType.IsCancel() {
		label = "填写注销信息"
	}
	steps := []wizardStep{{"filed", label}, {"materials", "上传资料"}, {"confirm", "确认提交"}}
	if a.FilingType.IsCancel() {
		steps = []wizardStep{steps[0], steps[2]}
	}
	var out []stepLink
	at := slices.IndexFunc(steps, func(st wizardStep) bool { return st.Key == current })
	for i, st := range steps {
		url := wizardURL(a.ID, st.Key)
		if st.Key == "filed" {
			url = fmt.Sprintf("/agent/applications/%d/filed", a.ID)
		}
		out = append(out, stepLink{N: i + 1, Label: st.Label, URL: url, Current: i == at, Done: i < at, Linked: i != at})
	}
	return out
}

package http

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/http/form"
)

// The filing wizard's pages: one step a page, each a plain form posted and
// redirected to the next step. Before the record is complete (the 服务信息
// step) the state lives in a cookie; from then on the draft is the
// service's, saved by its create and update at every step, so leaving and
// coming back continues where the applicant was.

// wizardStep is one step of the wizard.
type wizardStep struct{ Key, Label string }

var wizardSteps = []wizardStep{
	{"type", "验证备案类型"}, {"product", "产品验证"}, {"password", "备案密码"}, {"entity", "主体信息"},
	{"services", "服务信息"}, {"materials", "上传资料"}, {"confirm", "确认提交"},
}

func stepIndex(key string) int {
	for i, s := range wizardSteps {
		if s.Key == key {
			return i
		}
	}
	return -1
}

// stepOf is the step whose form holds the field a path names.
func stepOf(path string) string {
	head, _, _ := strings.Cut(path, ".")
	head, _, _ = strings.Cut(head, "[")
	switch head {
	case "products":
		return "product"
	case "legacyPassword":
		return "password"
	case "services":
		return "services"
	case "materials", "file", "kind":
		return "materials"
	case "domains", "serviceType", "productId", "filingType":
		return "type"
	case "", "record", "agree":
		return ""
	}
	return "entity"
}

// wizardURL is the address of a step: of the new application (id 0) or of
// a saved one.
func wizardURL(id int64, step string) string {
	if id == 0 {
		return "/agent/wizard/" + step
	}
	return fmt.Sprintf("/agent/applications/%d/wizard/%s", id, step)
}

// wizardRequest is a step request: who, which application, which step.
type wizardRequest struct {
	ag    *agent.Service
	actor *beian.Account
	step  string
	st    wizardState
	app   *beian.Application // nil before the draft exists
}

// openWizard reads the step request of r: the unsaved state in the cookie,
// else the saved application's.
func (s *Server) openWizard(r *http.Request) (*wizardRequest, error) {
	ag, err := s.agent()
	if err != nil {
		return nil, err
	}
	wr := &wizardRequest{ag: ag, actor: accountFrom(r.Context()), step: r.PathValue("step")}
	if i := stepIndex(wr.step); i < 0 {
		return nil, errNotFound
	}
	var id int64
	if r.PathValue("id") != "" {
		if id, err = pathID(r, "id"); err != nil {
			return nil, err
		}
		if wr.app, err = ag.Get(r.Context(), wr.actor, id); err != nil {
			return nil, err
		}
	}
	if st, ok := s.loadState(r, wr.actor, id); ok {
		wr.st = st
	} else if wr.app != nil {
		wr.st = stateOf(wr.app)
	} else {
		wr.st = wizardState{Account: wr.actor.ID}
	}
	return wr, nil
}

func (s *Server) handleWizardStart(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, wizardURL(0, "type"), http.StatusSeeOther)
	return nil
}

// handleWizardPage shows a step.
func (s *Server) handleWizardPage(w http.ResponseWriter, r *http.Request) error {
	wr, err := s.openWizard(r)
	if err != nil {
		return err
	}
	if redirect := wr.guard(); redirect != "" {
		http.Redirect(w, r, redirect, http.StatusSeeOther)
		return nil
	}
	return s.renderWizard(w, r, wr, http.StatusOK, fieldErr{})
}

// guard sends a request for a step that cannot be shown elsewhere: a saved
// application the applicant may no longer change to its page, the
// materials and confirmation before the draft exists to the services step.
func (wr *wizardRequest) guard() string {
	switch {
	case wr.app != nil && !wr.app.Editable():
		return fmt.Sprintf("/agent/applications/%d", wr.app.ID)
	case isFiledKind(wr.app) && stepIndex(wr.step) < stepIndex("materials"):
		// A change or cancellation is filled in on its own form.
		return fmt.Sprintf("/agent/applications/%d/filed", wr.app.ID)
	case wr.app == nil && stepIndex(wr.step) > stepIndex("services"):
		return wizardURL(0, "services")
	}
	return ""
}

// handleWizardSubmit saves a step and goes on to the next one. A field the
// service refuses is shown on the step that holds it.
func (s *Server) handleWizardSubmit(w http.ResponseWriter, r *http.Request) error {
	wr, err := s.openWizard(r)
	if err != nil {
		return err
	}
	if redirect := wr.guard(); redirect != "" {
		http.Redirect(w, r, redirect, http.StatusSeeOther)
		return nil
	}
	f, err := form.Parse(w, r)
	if err != nil {
		return s.renderWizard(w, r, wr, s.errorStatus(w, r, err), newFieldErr(err))
	}
	next, err := s.saveStep(w, r, wr, f)
	if err != nil {
		if wr.app == nil || stepIndex(wr.step) < stepIndex("materials") {
			s.saveState(r, wr.actor, wr.st)
		}
		status := s.errorStatus(w, r, err)
		fe := newFieldErr(err)
		fe.Field = platformField(productField(fe.Field, wr.st.Body.Products), wr.st.Body.Record.Services)
		if other := stepOf(fe.Field); other != "" && other != wr.step {
			wr.step = other
		}
		return s.renderWizard(w, r, wr, status, fe)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// productField names a product error by the service it belongs to:
// products[k] of the body is products[service] on the page.
func productField(field string, ps []draftProduct) string {
	rest, ok := strings.CutPrefix(field, "products[")
	if !ok {
		return field
	}
	var k int
	if _, err := fmt.Sscanf(rest, "%d]", &k); err != nil || k < 0 || k >= len(ps) {
		return field
	}
	_, tail, _ := strings.Cut(rest, "]")
	return fmt.Sprintf("products[%d]%s", ps[k].Service, tail)
}

// platformField names an App platform's error by its row on the page:
// services[i].app.platforms[k] of the body is the row of that platform.
func platformField(field string, services []draftService) string {
	var i, k int
	var tail string
	if n, _ := fmt.Sscanf(field, "services[%d].app.platforms[%d]%s", &i, &k, &tail); n < 2 {
		return field
	}
	if i < 0 || i >= len(services) || services[i].App == nil || k < 0 || k >= len(services[i].App.Platforms) {
		return field
	}
	name := services[i].App.Platforms[k].Name
	for row, p := range appPlatforms {
		if p == name {
			_, rest, _ := strings.Cut(field, fmt.Sprintf("platforms[%d]", k))
			return fmt.Sprintf("services[%d].app.platforms[%d]%s", i, row, rest)
		}
	}
	return field
}

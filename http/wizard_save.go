package http

import (
	"fmt"
	"net/http"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/http/form"
)

// saveStep reads the step's form into the state, checks it with the
// service and saves it: in the cookie while no draft exists, by the
// service's create at the 服务信息 step, by its update afterwards. It
// returns where to go next.
func (s *Server) saveStep(w http.ResponseWriter, r *http.Request, wr *wizardRequest, f *form.Form) (string, error) {
	var err error
	switch wr.step {
	case "type":
		err = s.checkTypeStep(r, wr, f)
	case "product":
		readProductForm(f, &wr.st)
		err = s.checkProducts(r, wr)
	case "password":
		wr.st.Body.LegacyPassword = f.Trimmed("legacyPassword")
		err = wr.ag.CheckPassword(r.Context(), wr.actor, wr.st.MainLicence, wr.st.Body.LegacyPassword)
		wr.st.Password = err == nil
	case "entity":
		readEntityForm(f, &wr.st)
		err = s.checkEntity(wr)
	case "services":
		if op := readServicesForm(f, &wr.st); op != "save" {
			s.saveState(r, wr.actor, wr.st)
			return wizardURL(wr.st.App, "services"), nil
		}
	default:
		return wizardURL(wr.st.App, wr.step), nil
	}
	if err != nil {
		return "", err
	}
	next := wizardSteps[stepIndex(wr.step)+1].Key
	if wr.app == nil && wr.step != "services" {
		s.saveState(r, wr.actor, wr.st)
		return wizardURL(0, next), nil
	}
	if err := s.saveDraft(r, wr); err != nil {
		return "", err
	}
	s.clearState(r, wr.actor)
	return wizardURL(wr.st.App, next), nil
}

// saveDraft creates the draft or updates it with the state's body.
func (s *Server) saveDraft(r *http.Request, wr *wizardRequest) error {
	body, err := wr.st.Body.decode(s.Now())
	if err != nil {
		return err
	}
	var a *beian.Application
	if wr.app == nil {
		a, err = wr.ag.Create(r.Context(), wr.actor, body)
	} else {
		a, err = wr.ag.Update(r.Context(), wr.actor, wr.app.ID, body)
	}
	if err != nil {
		return err
	}
	wr.app, wr.st.App, wr.st.Decided = a, a.ID, string(a.FilingType)
	return nil
}

// checkTypeStep runs the type check (验证备案类型) on the step's form.
func (s *Server) checkTypeStep(r *http.Request, wr *wizardRequest, f *form.Form) error {
	req := readTypeForm(f, &wr.st)
	if wr.app != nil {
		// The saved draft's update decides again, leaving the draft itself
		// out of the conflicts (a check here would find it in flight).
		return nil
	}
	ans, err := wr.ag.TypeCheck(r.Context(), wr.actor, req)
	if err != nil {
		return err
	}
	wr.st.Decided, wr.st.MainLicence = string(ans.FilingType), ans.MainLicence
	return nil
}

// checkProducts checks each chosen product of the caller's with the type
// check (it must be the caller's, and its provider decides between 新增接入
// and a domain already served); authorization codes are checked when the
// draft is saved.
func (s *Server) checkProducts(r *http.Request, wr *wizardRequest) error {
	rec := wr.st.Body.Record
	if len(wr.st.Body.Products) == 0 {
		return beian.FieldErrorf("products[0].productId", "请为服务选择一个产品，或填写他人产品的备案授权码")
	}
	for _, p := range wr.st.Body.Products {
		if wr.app != nil {
			break // the update checks them, leaving the draft out of the conflicts
		}
		if p.ProductID == "" || p.Service >= len(rec.Services) {
			continue
		}
		sv := rec.Services[p.Service]
		req := typeRequest(rec, sv)
		req.ProductID = p.ProductID
		ans, err := wr.ag.TypeCheck(r.Context(), wr.actor, req)
		if err != nil {
			if faultField(err) == "productId" {
				return beian.FieldErrorf(fmt.Sprintf("products[%d].productId", p.Service), "%s", trimField(err))
			}
			return err
		}
		wr.st.Decided, wr.st.MainLicence = string(ans.FilingType), ans.MainLicence
	}
	return nil
}

func typeRequest(rec draftRecord, sv draftService) agent.TypeCheckRequest {
	return agent.TypeCheckRequest{Province: rec.Province, NatureName: rec.NatureName, CertType: rec.CertType, CertNo: rec.CertNo,
		UnitName: rec.UnitName, ServiceType: sv.ServiceType, Domains: sv.Domains}
}

// trimField is err's message without its leading field name.
func trimField(err error) string {
	msg := beian.ErrorMessage(err)
	if f := faultField(err); f != "" {
		if len(msg) > len(f)+2 && msg[:len(f)+2] == f+": " {
			return msg[len(f)+2:]
		}
	}
	return msg
}

// checkEntity checks the entity and its principal with the agent's
// decoder before the services are filled in; errors of the services and
// products (not filled in yet) wait for their steps.
func (s *Server) checkEntity(wr *wizardRequest) error {
	b := wr.st.Body
	b.Record.Services, b.Products = nil, nil
	_, err := b.decode(s.Now())
	if err == nil {
		return nil
	}
	if st := stepOf(faultField(err)); st == "entity" {
		return err
	}
	return nil
}

package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/http/form"
	"github.com/beianhq/beian/registry"
)

// The 「短信核验」 page: a plain same-origin POST form, usable without
// script, that does what POST /api/v1/sms-verify and its resend do.

func init() {
	pages["sms_verify.html"] = nil
	pages["bureau_queue.html"] = nil
	pages["bureau_filing.html"] = []string{"record.html"}
	staffNav = append(staffNav, struct{ pattern, label string }{"GET /bureau", "管局审核"})
}

type smsVerifyPage struct {
	Page
	Mobile, CertSuffix string
	Notice             string
	Error              formError
	ResendError        formError
}

func newSMSVerifyPage() smsVerifyPage { return smsVerifyPage{Page: Page{Title: "短信核验"}} }

func (s *Server) handleSMSVerifyPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "sms_verify.html", newSMSVerifyPage())
	return nil
}

func (s *Server) handleSMSVerifySubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	req := registry.VerifyRequest{Mobile: f.Get("mobile"), Code: f.Get("code"), CertSuffix: f.Get("certSuffix"), Client: s.clientAddr(r)}
	data := newSMSVerifyPage()
	data.Mobile, data.CertSuffix = req.Mobile, req.CertSuffix
	var msg string
	if err == nil {
		msg, err = s.Filings.Verify(r.Context(), req)
	}
	if err != nil {
		data.Error = newFormError(err, "mobile", "code", "certSuffix")
		data.Title = "错误：" + data.Title
		s.render(w, r, s.errorStatus(w, r, err), "sms_verify.html", data)
		return nil
	}
	data.Notice = msg
	s.render(w, r, http.StatusOK, "sms_verify.html", data)
	return nil
}

func (s *Server) handleSMSResendSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	req := registry.ResendRequest{Mobile: f.Get("mobile"), CertSuffix: f.Get("certSuffix"), Client: s.clientAddr(r)}
	data := newSMSVerifyPage()
	data.Mobile, data.CertSuffix = req.Mobile, req.CertSuffix
	if err == nil {
		err = s.Filings.Resend(r.Context(), req)
	}
	if err != nil {
		data.ResendError = newFormError(err, "mobile", "certSuffix")
		data.Title = "错误：" + data.Title
		s.render(w, r, s.errorStatus(w, r, err), "sms_verify.html", data)
		return nil
	}
	data.Notice = beian.SMSResendDone
	s.render(w, r, http.StatusOK, "sms_verify.html", data)
	return nil
}

// needFilings answers 404 when the server runs without the registry's
// filings (a server wired without them).
func (s *Server) needFilings(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.Filings == nil {
			return errNotFound
		}
		return h(w, r)
	}
}

// rejectFields are the fields a bureau reviewer may name in a rejection
// from the filing page.
func rejectFields(f *beian.RegistryFiling) []provinceOption {
	opts := []provinceOption{
		{Value: "unitName", Label: "主办单位名称"}, {Value: "certNo", Label: "主办单位证件号码"},
		{Value: "address", Label: "通信地址"}, {Value: "principal", Label: "主体负责人"},
	}
	if f.Record != nil {
		for i, svc := range f.Record.Entity.Services {
			p := "services[" + strconv.Itoa(i) + "]"
			opts = append(opts, provinceOption{Value: p + ".serviceName", Label: "服务" + strconv.Itoa(i+1) + "（" + svc.Name + "）名称"},
				provinceOption{Value: p + ".domains", Label: "服务" + strconv.Itoa(i+1) + "域名"},
				provinceOption{Value: p + ".principal", Label: "服务" + strconv.Itoa(i+1) + "负责人"})
		}
	}
	for _, k := range beian.MaterialKinds {
		opts = append(opts, provinceOption{Value: "materials." + string(k), Label: "材料：" + k.Label()})
	}
	return opts
}

// decisionOf reads the decision forms of the filing page.
func decisionOf(f *form.Form) decisionRequest {
	d := decisionRequest{Decision: f.Get("decision")}
	if d.Decision == "reject" {
		d.Rejections = []filingRejection{{Field: strings.TrimSpace(f.Get("field")), Reason: f.Get("reason")}}
	}
	return d
}

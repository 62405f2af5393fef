package http

import (
	"net/http"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/http/form"
)

// codeFlowPage is the sign-up or password-reset page: ask for a code, then
// complete with it.
type codeFlowPage struct {
	Page
	Reset      bool // the reset page, not sign-up
	Mobile     string
	Name       string
	Enterprise bool
	Notice     string
	Error      string
	Field      string // the field the error names
}

// fail puts err on the page and returns its status.
func (d *codeFlowPage) fail(s *Server, w http.ResponseWriter, r *http.Request, err error) int {
	d.Error, d.Field = pageMessage(err), faultField(err)
	return s.errorStatus(w, r, err)
}

func newCodeFlowPage(reset bool) codeFlowPage {
	if reset {
		return codeFlowPage{Page: Page{Title: "重置登录密码"}, Reset: true}
	}
	return codeFlowPage{Page: Page{Title: "注册备案账号"}}
}

func (s *Server) handleSignupPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "signup.html", newCodeFlowPage(false))
	return nil
}

func (s *Server) handleResetPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "signup.html", newCodeFlowPage(true))
	return nil
}

func (s *Server) handleCodeRequest(reset bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		d := newCodeFlowPage(reset)
		f, err := form.Parse(w, r)
		if err != nil {
			return err
		}
		d.Mobile = f.Trimmed("mobile")
		purpose := auth.PurposeSignup
		if reset {
			purpose = auth.PurposeReset
		}
		if err := s.Accounts.SendCode(r.Context(), purpose, d.Mobile, s.clientAddr(r)); err != nil {
			s.render(w, r, d.fail(s, w, r, err), "signup.html", d)
			return nil
		}
		d.Notice = auth.CodeAnswer
		s.render(w, r, http.StatusOK, "signup.html", d)
		return nil
	}
}

func (s *Server) handleSignupSubmit(w http.ResponseWriter, r *http.Request) error {
	d := newCodeFlowPage(false)
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	d.Mobile, d.Name = f.Trimmed("mobile"), f.Trimmed("name")
	d.Enterprise = f.Get("kind") == "enterprise"
	token := ""
	if f.Get("password") != f.Get("confirm") {
		err = beian.FieldErrorf("confirm", "两次输入的密码不一致")
	} else {
		token, err = s.Accounts.Signup(r.Context(), auth.SignupRequest{Mobile: d.Mobile, Code: f.Get("code"),
			Password: f.Get("password"), Name: d.Name, Enterprise: d.Enterprise}, s.clientAddr(r))
	}
	if err != nil {
		s.render(w, r, d.fail(s, w, r, err), "signup.html", d)
		return nil
	}
	s.setSession(w, token)
	http.Redirect(w, r, defaultNext, http.StatusSeeOther)
	return nil
}

func (s *Server) handleResetSubmit(w http.ResponseWriter, r *http.Request) error {
	d := newCodeFlowPage(true)
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	d.Mobile = f.Trimmed("mobile")
	if f.Get("password") != f.Get("confirm") {
		err = beian.FieldErrorf("confirm", "两次输入的密码不一致")
	} else {
		err = s.Accounts.ResetPassword(r.Context(), d.Mobile, f.Get("code"), f.Get("password"), s.clientAddr(r))
	}
	if err != nil {
		s.render(w, r, d.fail(s, w, r, err), "signup.html", d)
		return nil
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

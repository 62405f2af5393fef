package http

import (
	"net/http"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
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

func (d *codeFlowPage) fail(s *Server, w http.ResponseWriter, r *http.Request, err error) int {
	d.Error = beian.ErrorMessage(err)
	if f, _, ok := strings.Cut(d.Error, ": "); ok {
		d.Field = f
	}
	return s.errorStatus(w, r, err)
}

func newCodeFlowPage(reset bool) codeFlowPage {
	if reset {
		return codeFlowPage{Page: Page{Title: "重置登录密码"}, Reset: true}
	}
	return codeFlowPage{Page: Page{Title: "注册备案账号"}}
}

func (s *Server) handleSignupPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signup.html", newCodeFlowPage(false))
}

func (s *Server) handleResetPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signup.html", newCodeFlowPage(true))
}

// parseSmallForm reads a form body of at most 16 KiB.
func parseSmallForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	return r.ParseForm() == nil
}

func (s *Server) handleCodeRequest(reset bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d := newCodeFlowPage(reset)
		if !parseSmallForm(w, r) {
			s.writeHTMLError(w, r, beian.Errorf(beian.EINVALID, "表单无法解析"))
			return
		}
		d.Mobile = strings.TrimSpace(r.PostFormValue("mobile"))
		purpose := auth.PurposeSignup
		if reset {
			purpose = auth.PurposeReset
		}
		if err := s.Accounts.SendCode(r.Context(), purpose, d.Mobile, s.clientAddr(r)); err != nil {
			s.render(w, r, d.fail(s, w, r, err), "signup.html", d)
			return
		}
		d.Notice = auth.CodeAnswer
		s.render(w, r, http.StatusOK, "signup.html", d)
	}
}

func (s *Server) handleSignupSubmit(w http.ResponseWriter, r *http.Request) {
	d := newCodeFlowPage(false)
	if !parseSmallForm(w, r) {
		s.writeHTMLError(w, r, beian.Errorf(beian.EINVALID, "表单无法解析"))
		return
	}
	d.Mobile, d.Name = strings.TrimSpace(r.PostFormValue("mobile")), strings.TrimSpace(r.PostFormValue("name"))
	d.Enterprise = r.PostFormValue("kind") == "enterprise"
	if r.PostFormValue("password") != r.PostFormValue("confirm") {
		s.render(w, r, d.fail(s, w, r, beian.FieldErrorf("confirm", "两次输入的密码不一致")), "signup.html", d)
		return
	}
	token, err := s.Accounts.Signup(r.Context(), auth.SignupRequest{Mobile: d.Mobile, Code: r.PostFormValue("code"),
		Password: r.PostFormValue("password"), Name: d.Name, Enterprise: d.Enterprise}, s.clientAddr(r))
	if err != nil {
		s.render(w, r, d.fail(s, w, r, err), "signup.html", d)
		return
	}
	s.setSession(w, token)
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) handleResetSubmit(w http.ResponseWriter, r *http.Request) {
	d := newCodeFlowPage(true)
	if !parseSmallForm(w, r) {
		s.writeHTMLError(w, r, beian.Errorf(beian.EINVALID, "表单无法解析"))
		return
	}
	d.Mobile = strings.TrimSpace(r.PostFormValue("mobile"))
	if r.PostFormValue("password") != r.PostFormValue("confirm") {
		s.render(w, r, d.fail(s, w, r, beian.FieldErrorf("confirm", "两次输入的密码不一致")), "signup.html", d)
		return
	}
	if err := s.Accounts.ResetPassword(r.Context(), d.Mobile, r.PostFormValue("code"), r.PostFormValue("password"), s.clientAddr(r)); err != nil {
		s.render(w, r, d.fail(s, w, r, err), "signup.html", d)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

package http

import (
	"html/template"
	"net/http"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/http/form"
	"github.com/beianhq/beian/rules"
)

// The logged-in account's own pages: its settings, its password, its
// second factor, and the API's view of it.

// accountPage shows the logged-in account and its settings.
type accountPage struct {
	Page
	Account   *beian.Account
	Provinces []string
	Notice    string
	Error     formError
}

func newAccountPage(a *beian.Account) accountPage {
	return accountPage{Page: Page{Title: "我的账号"}, Account: a, Provinces: provinceNames(a.Provinces)}
}

func (s *Server) handleAccountPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "account.html", newAccountPage(accountFrom(r.Context())))
	return nil
}

// handleAccountPassword changes the logged-in account's password; other
// sessions end, this browser gets a new one.
func (s *Server) handleAccountPassword(w http.ResponseWriter, r *http.Request) error {
	a := accountFrom(r.Context())
	data := newAccountPage(a)
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	token := ""
	if f.Get("password") != f.Get("confirm") {
		err = beian.FieldErrorf("confirm", "两次输入的新密码不一致")
	} else {
		token, err = s.Accounts.ChangePassword(r.Context(), a, f.Get("current"), f.Get("password"), s.clientAddr(r))
	}
	if err != nil {
		data.Error = newFormError(err, "current", "password", "confirm")
		s.render(w, r, s.errorStatus(w, r, err), "account.html", data)
		return nil
	}
	s.setSession(w, token)
	data.Notice = "登录密码已修改，其他设备上的登录已退出。"
	s.render(w, r, http.StatusOK, "account.html", data)
	return nil
}

func (s *Server) handleLogoutAll(w http.ResponseWriter, r *http.Request) error {
	if err := s.Accounts.LogoutEverywhere(r.Context(), accountFrom(r.Context()), s.clientAddr(r)); err != nil {
		return err
	}
	s.clearSession(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// me is the logged-in account as the API shows it.
type me struct {
	Login      string   `json:"login"`
	Name       string   `json:"name"`
	Role       string   `json:"role"`
	Enterprise bool     `json:"enterprise,omitempty"`
	Provider   string   `json:"provider,omitempty"`
	Provinces  []string `json:"provinces,omitempty"`
}

func (s *Server) handleAPIMe(w http.ResponseWriter, r *http.Request) error {
	a := accountFrom(r.Context())
	writeJSON(w, http.StatusOK, envelope{Code: 200, Msg: "操作成功", Success: true,
		Params: me{Login: a.Login, Name: a.Name, Role: string(a.Role), Enterprise: a.Enterprise, Provider: a.Provider, Provinces: a.Provinces}})
	return nil
}

func provinceNames(codes []string) []string {
	var out []string
	for _, c := range codes {
		if p, ok := rules.LookupProvince(c); ok {
			out = append(out, p.Name)
		}
	}
	return out
}

// totpEnrolPage is the optional second-factor enrolment of an account.
type totpEnrolPage struct {
	Page
	Enabled bool
	Secret  string
	QR      template.URL
	Error   string
	Notice  string
}

func (s *Server) totpEnrolData(r *http.Request) (totpEnrolPage, error) {
	data := totpEnrolPage{Page: Page{Title: "两步验证"}}
	c, err := s.Accounts.StartEnrol(r.Context(), accountFrom(r.Context()))
	if err != nil {
		return data, err
	}
	if !c.Enroll {
		data.Enabled = true
		return data, nil
	}
	data.Secret, data.QR = groupSecret(c.Secret), qrURL(c.QR)
	return data, nil
}

func (s *Server) handleTOTPEnrolPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.totpEnrolData(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "totp_enrol.html", data)
	return nil
}

func (s *Server) handleTOTPEnrolSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	data, err := s.totpEnrolData(r)
	if err != nil {
		return err
	}
	if data.Enabled {
		s.render(w, r, http.StatusOK, "totp_enrol.html", data)
		return nil
	}
	if err := s.Accounts.ConfirmEnrol(r.Context(), accountFrom(r.Context()), f.Get("code"), s.clientAddr(r)); err != nil {
		data.Error = pageMessage(err)
		s.render(w, r, s.errorStatus(w, r, err), "totp_enrol.html", data)
		return nil
	}
	s.render(w, r, http.StatusOK, "totp_enrol.html", totpEnrolPage{Page: Page{Title: "两步验证"}, Enabled: true, Notice: "两步验证已启用，下次登录时须输入验证码。"})
	return nil
}

package http

import (
	"net/http"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/http/form"
	"github.com/beianhq/beian/rules"
)

// The administrators' page of one staff account: its scope (a provider
// reviewer's provider, a bureau reviewer's provinces), a password reset and
// a second-factor reset.

// adminAccountPage shows one account with the forms that change it.
type adminAccountPage struct {
	Page
	Account   *beian.Account
	Scope     []string // the bureau reviewer's provinces, by name
	Provider  string   // the provider field as submitted or stored
	Provinces []provinceChoice
	Password  string // a generated password, shown once
	Notice    string
	Done      string // what Notice reports: scope, password or totp
	Error     formError
}

// provinceChoice is one option of the provinces picker.
type provinceChoice struct {
	Code, Name string
	Selected   bool
}

func provinceChoices(selected []string) []provinceChoice {
	on := map[string]bool{}
	for _, p := range selected {
		if pr, ok := rules.LookupProvince(p); ok {
			on[pr.Code] = true
		}
	}
	var out []provinceChoice
	for _, p := range rules.Provinces() {
		out = append(out, provinceChoice{p.Code, p.Name, on[p.Code]})
	}
	return out
}

// accountID reads the {id} of an account path.
func accountID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, beian.Errorf(beian.ENOTFOUND, "未找到账号")
	}
	return id, nil
}

// renderAdminAccount draws the page of account id; data carries what the
// request changed or refused. A provider or provinces the form submitted
// stay as submitted.
func (s *Server) renderAdminAccount(w http.ResponseWriter, r *http.Request, id int64, status int, data adminAccountPage, submitted []string) error {
	a, err := s.Accounts.Account(r.Context(), id)
	if err != nil {
		return err
	}
	data.Page = Page{Title: "账号 " + a.Login}
	data.Account = a
	data.Scope = provinceNames(a.Provinces)
	if submitted == nil {
		submitted = a.Provinces
		data.Provider = a.Provider
	}
	data.Provinces = provinceChoices(submitted)
	s.render(w, r, status, "admin_account.html", data)
	return nil
}

func (s *Server) handleAdminAccountPage(w http.ResponseWriter, r *http.Request) error {
	id, err := accountID(r)
	if err != nil {
		return err
	}
	return s.renderAdminAccount(w, r, id, http.StatusOK, adminAccountPage{}, nil)
}

// handleAdminAccountScope sets a reviewer's provider or provinces.
func (s *Server) handleAdminAccountScope(w http.ResponseWriter, r *http.Request) error {
	id, err := accountID(r)
	if err != nil {
		return err
	}
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	provider, provinces := f.Trimmed("provider"), f.All("provinces")
	err = s.Accounts.SetScope(r.Context(), accountFrom(r.Context()), id, provider, provinces, s.clientAddr(r))
	if err != nil {
		if c := beian.ErrorCode(err); c == beian.ENOTFOUND || c == beian.EINTERNAL {
			return err
		}
		data := adminAccountPage{Provider: provider, Error: newFormError(err, "provider", "provinces")}
		return s.renderAdminAccount(w, r, id, s.errorStatus(w, r, err), data, append([]string{}, provinces...))
	}
	return s.renderAdminAccount(w, r, id, http.StatusOK, adminAccountPage{Notice: "负责范围已保存。", Done: "scope"}, nil)
}

// handleAdminResetPassword gives a staff account a new password, shown once
// (the route is no-store like every authenticated one).
func (s *Server) handleAdminResetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := accountID(r)
	if err != nil {
		return err
	}
	if _, err := form.Parse(w, r); err != nil {
		return err
	}
	password, err := s.Accounts.ResetStaffPassword(r.Context(), accountFrom(r.Context()), id, s.clientAddr(r))
	if err != nil {
		return s.adminAccountRefused(w, r, id, err)
	}
	return s.renderAdminAccount(w, r, id, http.StatusOK, adminAccountPage{Password: password,
		Notice: "密码已重置，该账号的所有登录会话已结束。", Done: "password"}, nil)
}

// handleAdminResetTOTP makes a staff account enrol its authenticator again.
func (s *Server) handleAdminResetTOTP(w http.ResponseWriter, r *http.Request) error {
	id, err := accountID(r)
	if err != nil {
		return err
	}
	if _, err := form.Parse(w, r); err != nil {
		return err
	}
	if err := s.Accounts.ResetStaffTOTP(r.Context(), accountFrom(r.Context()), id, s.clientAddr(r)); err != nil {
		return s.adminAccountRefused(w, r, id, err)
	}
	return s.renderAdminAccount(w, r, id, http.StatusOK, adminAccountPage{
		Notice: "两步验证已重置，该账号的所有登录会话已结束；下次登录时须重新绑定。", Done: "totp"}, nil)
}

// adminAccountRefused shows a refusal on the account's page; an unknown
// account or an internal error is the error page.
func (s *Server) adminAccountRefused(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	if c := beian.ErrorCode(err); c == beian.ENOTFOUND || c == beian.EINTERNAL {
		return err
	}
	return s.renderAdminAccount(w, r, id, s.errorStatus(w, r, err), adminAccountPage{Error: newFormError(err)}, nil)
}

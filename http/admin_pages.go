package http

import (
	"net/http"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/http/form"
	"github.com/beianhq/beian/rules"
)

// The administrators' pages: the account list, staff creation, disabling.

// adminAccountsPage lists every account, for administrators, with the form
// that creates staff accounts.
type adminAccountsPage struct {
	Page
	Accounts  []adminAccountRow
	Provinces []rules.Province
	Form      staffForm
	Created   string // login of the account just created
	Password  string // its generated password, shown once
	Error     string
}

type staffForm struct {
	Role, Login, Name, Provider, Email string
	Provinces                          map[string]bool
}

type adminAccountRow struct {
	*beian.Account
	Provinces []string
}

func (s *Server) handleAdminAccounts(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdminAccounts(w, r, http.StatusOK, adminAccountsPage{Form: staffForm{Role: string(beian.RoleProviderReviewer)}})
}

func (s *Server) renderAdminAccounts(w http.ResponseWriter, r *http.Request, status int, data adminAccountsPage) error {
	list, err := s.Accounts.List(r.Context())
	if err != nil {
		return err
	}
	data.Page = Page{Title: "账号管理"}
	data.Provinces = rules.Provinces()
	for _, a := range list {
		data.Accounts = append(data.Accounts, adminAccountRow{a, provinceNames(a.Provinces)})
	}
	s.render(w, r, status, "admin_accounts.html", data)
	return nil
}

// handleAdminCreateStaff creates a staff account with a generated password,
// shown once to the administrator to hand over.
func (s *Server) handleAdminCreateStaff(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	sf := staffForm{Role: f.Get("role"), Login: f.Trimmed("login"), Name: f.Trimmed("name"), Provider: f.Trimmed("provider"), Email: f.Trimmed("email"), Provinces: map[string]bool{}}
	for _, p := range f.All("provinces") {
		sf.Provinces[p] = true
	}
	data := adminAccountsPage{Form: sf}
	role := beian.Role(sf.Role)
	if role != beian.RoleProviderReviewer && role != beian.RoleBureauReviewer && role != beian.RoleAdmin {
		data.Error = pageMessage(beian.FieldErrorf("role", "请选择审核员或管理员角色（申请人自行注册）"))
		return s.renderAdminAccounts(w, r, http.StatusBadRequest, data)
	}
	password := auth.GeneratePassword()
	admin := accountFrom(r.Context())
	a, err := s.Accounts.CreateBy(r.Context(), admin, auth.NewAccount{Role: role, Login: sf.Login, Name: sf.Name, Password: password,
		Provider: sf.Provider, Provinces: f.All("provinces"), Email: sf.Email}, s.clientAddr(r))
	if err != nil {
		data.Error = pageMessage(err)
		return s.renderAdminAccounts(w, r, s.errorStatus(w, r, err), data)
	}
	data.Created, data.Password = a.Login, password
	data.Form = staffForm{Role: sf.Role}
	return s.renderAdminAccounts(w, r, http.StatusOK, data)
}

// handleAdminAccountStatus disables or re-enables an account.
func (s *Server) handleAdminAccountStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return beian.Errorf(beian.ENOTFOUND, "未找到账号")
	}
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	disable := f.Get("disabled") == "1"
	if err := s.Accounts.SetDisabled(r.Context(), accountFrom(r.Context()), id, disable, s.clientAddr(r)); err != nil {
		return s.renderAdminAccounts(w, r, s.errorStatus(w, r, err), adminAccountsPage{Error: pageMessage(err)})
	}
	http.Redirect(w, r, "/admin/accounts", http.StatusSeeOther)
	return nil
}

package http

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/rules"
)

// loginPage is the log-in page.
type loginPage struct {
	Page
	Login string
	Next  string
	Error string
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/account"
	}
	return next
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if accountFrom(r.Context()) != nil {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login.html", loginPage{Page: Page{Title: "登录"}, Next: safeNext(r.URL.Query().Get("next"))})
}

// handleLoginSubmit checks the credentials and opens a new session; any
// session cookie the browser brought is replaced.
func (s *Server) handleLoginSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.writeHTMLError(w, r, beian.Errorf(beian.EINVALID, "表单无法解析"))
		return
	}
	data := loginPage{Page: Page{Title: "登录"}, Login: strings.TrimSpace(r.PostFormValue("login")), Next: safeNext(r.PostFormValue("next"))}
	if s.Accounts == nil {
		s.writeHTMLError(w, r, beian.Errorf(beian.ENOTFOUND, "本系统未开放登录"))
		return
	}
	res, err := s.Accounts.Login(r.Context(), data.Login, r.PostFormValue("password"), s.clientAddr(r))
	if err != nil {
		data.Error = beian.ErrorMessage(err)
		data.Title = "登录失败"
		s.render(w, r, s.errorStatus(w, r, err), "login.html", data)
		return
	}
	s.setSession(w, res.Token)
	if res.NeedTOTP {
		http.Redirect(w, r, "/login/totp?next="+url.QueryEscape(data.Next), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
}

// totpPage is the second step of a staff login: enrolment or a code.
type totpPage struct {
	Page
	Next   string
	Enroll bool
	Secret string
	QR     template.URL // data: URL of the QR code PNG
	Error  string
}

func (s *Server) totpPageData(r *http.Request, next string) (totpPage, error) {
	data := totpPage{Page: Page{Title: "两步验证"}, Next: safeNext(next)}
	c, err := r.Cookie(sessionCookie)
	if err != nil || s.Accounts == nil {
		return data, beian.Errorf(beian.EUNAUTHORIZED, "请先登录")
	}
	ch, err := s.Accounts.TOTPChallenge(r.Context(), c.Value)
	if err != nil {
		return data, err
	}
	if ch.Enroll {
		data.Enroll, data.Secret = true, groupSecret(ch.Secret)
		data.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(ch.QR))
	}
	return data, nil
}

// groupSecret writes a secret in groups of four for typing.
func groupSecret(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (s *Server) handleTOTPPage(w http.ResponseWriter, r *http.Request) {
	data, err := s.totpPageData(r, r.URL.Query().Get("next"))
	if err != nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "totp.html", data)
}

func (s *Server) handleTOTPSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.writeHTMLError(w, r, beian.Errorf(beian.EINVALID, "表单无法解析"))
		return
	}
	data, err := s.totpPageData(r, r.PostFormValue("next"))
	if err != nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	c, _ := r.Cookie(sessionCookie)
	token, err := s.Accounts.VerifyTOTP(r.Context(), c.Value, r.PostFormValue("code"), s.clientAddr(r))
	if err != nil {
		data.Error, data.Title = beian.ErrorMessage(err), "两步验证失败"
		s.render(w, r, s.errorStatus(w, r, err), "totp.html", data)
		return
	}
	s.setSession(w, token)
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Accounts.Logout(r.Context(), c.Value); err != nil {
			s.writeHTMLError(w, r, err)
			return
		}
	}
	s.clearSession(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) handleLogoutAll(w http.ResponseWriter, r *http.Request) {
	if err := s.Accounts.LogoutEverywhere(r.Context(), accountFrom(r.Context()), s.clientAddr(r)); err != nil {
		s.writeHTMLError(w, r, err)
		return
	}
	s.clearSession(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// accountPage shows the logged-in account and its settings.
type accountPage struct {
	Page
	Account   *beian.Account
	Provinces []string
	Notice    string
	Error     string
	Field     string
}

func (s *Server) handleAccountPage(w http.ResponseWriter, r *http.Request) {
	a := accountFrom(r.Context())
	s.render(w, r, http.StatusOK, "account.html", accountPage{Page: Page{Title: "我的账号"}, Account: a, Provinces: provinceNames(a.Provinces)})
}

// handleAccountPassword changes the logged-in account's password; other
// sessions end, this browser gets a new one.
func (s *Server) handleAccountPassword(w http.ResponseWriter, r *http.Request) {
	a := accountFrom(r.Context())
	data := accountPage{Page: Page{Title: "我的账号"}, Account: a, Provinces: provinceNames(a.Provinces)}
	if !parseSmallForm(w, r) {
		s.writeHTMLError(w, r, beian.Errorf(beian.EINVALID, "表单无法解析"))
		return
	}
	fail := func(err error) {
		data.Error = beian.ErrorMessage(err)
		data.Field, _, _ = strings.Cut(data.Error, ": ")
		s.render(w, r, s.errorStatus(w, r, err), "account.html", data)
	}
	if r.PostFormValue("password") != r.PostFormValue("confirm") {
		fail(beian.FieldErrorf("confirm", "两次输入的新密码不一致"))
		return
	}
	token, err := s.Accounts.ChangePassword(r.Context(), a, r.PostFormValue("current"), r.PostFormValue("password"), s.clientAddr(r))
	if err != nil {
		fail(err)
		return
	}
	s.setSession(w, token)
	data.Notice = "登录密码已修改，其他设备上的登录已退出。"
	s.render(w, r, http.StatusOK, "account.html", data)
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

func (s *Server) handleAPIMe(w http.ResponseWriter, r *http.Request) {
	a := accountFrom(r.Context())
	writeJSON(w, http.StatusOK, envelope{Code: 200, Msg: "操作成功", Success: true,
		Params: me{Login: a.Login, Name: a.Name, Role: string(a.Role), Enterprise: a.Enterprise, Provider: a.Provider, Provinces: a.Provinces}})
}

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
	Role, Login, Name, Provider string
	Provinces                   map[string]bool
}

type adminAccountRow struct {
	*beian.Account
	Provinces []string
}

func (s *Server) handleAdminAccounts(w http.ResponseWriter, r *http.Request) {
	s.renderAdminAccounts(w, r, http.StatusOK, adminAccountsPage{Form: staffForm{Role: string(beian.RoleProviderReviewer)}})
}

func (s *Server) renderAdminAccounts(w http.ResponseWriter, r *http.Request, status int, data adminAccountsPage) {
	list, err := s.Accounts.DB.FindAccounts(r.Context())
	if err != nil {
		s.writeHTMLError(w, r, err)
		return
	}
	data.Page = Page{Title: "账号管理"}
	data.Provinces = rules.Provinces()
	for _, a := range list {
		data.Accounts = append(data.Accounts, adminAccountRow{a, provinceNames(a.Provinces)})
	}
	s.render(w, r, status, "admin_accounts.html", data)
}

// handleAdminCreateStaff creates a staff account with a generated password,
// shown once to the administrator to hand over.
func (s *Server) handleAdminCreateStaff(w http.ResponseWriter, r *http.Request) {
	if !parseSmallForm(w, r) {
		s.writeHTMLError(w, r, beian.Errorf(beian.EINVALID, "表单无法解析"))
		return
	}
	f := staffForm{Role: r.PostFormValue("role"), Login: strings.TrimSpace(r.PostFormValue("login")),
		Name: strings.TrimSpace(r.PostFormValue("name")), Provider: strings.TrimSpace(r.PostFormValue("provider")), Provinces: map[string]bool{}}
	for _, p := range r.PostForm["provinces"] {
		f.Provinces[p] = true
	}
	data := adminAccountsPage{Form: f}
	role := beian.Role(f.Role)
	if role != beian.RoleProviderReviewer && role != beian.RoleBureauReviewer && role != beian.RoleAdmin {
		data.Error = "role: 请选择审核员或管理员角色（申请人自行注册）"
		s.renderAdminAccounts(w, r, http.StatusBadRequest, data)
		return
	}
	password := auth.GeneratePassword()
	admin := accountFrom(r.Context())
	a, err := s.Accounts.CreateBy(r.Context(), admin, auth.NewAccount{Role: role, Login: f.Login, Name: f.Name, Password: password,
		Provider: f.Provider, Provinces: r.PostForm["provinces"]}, s.clientAddr(r))
	if err != nil {
		data.Error = beian.ErrorMessage(err)
		s.renderAdminAccounts(w, r, s.errorStatus(w, r, err), data)
		return
	}
	data.Created, data.Password = a.Login, password
	data.Form = staffForm{Role: f.Role}
	s.renderAdminAccounts(w, r, http.StatusOK, data)
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
	a := accountFrom(r.Context())
	data := totpEnrolPage{Page: Page{Title: "两步验证"}}
	c, err := s.Accounts.StartEnrol(r.Context(), a)
	if err != nil {
		return data, err
	}
	if !c.Enroll {
		data.Enabled = true
		return data, nil
	}
	data.Secret = groupSecret(c.Secret)
	data.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(c.QR))
	return data, nil
}

func (s *Server) handleTOTPEnrolPage(w http.ResponseWriter, r *http.Request) {
	data, err := s.totpEnrolData(r)
	if err != nil {
		s.writeHTMLError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "totp_enrol.html", data)
}

func (s *Server) handleTOTPEnrolSubmit(w http.ResponseWriter, r *http.Request) {
	if !parseSmallForm(w, r) {
		s.writeHTMLError(w, r, beian.Errorf(beian.EINVALID, "表单无法解析"))
		return
	}
	data, err := s.totpEnrolData(r)
	if err != nil {
		s.writeHTMLError(w, r, err)
		return
	}
	if data.Enabled {
		s.render(w, r, http.StatusOK, "totp_enrol.html", data)
		return
	}
	if err := s.Accounts.ConfirmEnrol(r.Context(), accountFrom(r.Context()), r.PostFormValue("code"), s.clientAddr(r)); err != nil {
		data.Error = beian.ErrorMessage(err)
		s.render(w, r, s.errorStatus(w, r, err), "totp_enrol.html", data)
		return
	}
	s.render(w, r, http.StatusOK, "totp_enrol.html", totpEnrolPage{Page: Page{Title: "两步验证"}, Enabled: true, Notice: "两步验证已启用，下次登录时须输入验证码。"})
}

// handleAdminAccountStatus disables or re-enables an account.
func (s *Server) handleAdminAccountStatus(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeHTMLError(w, r, beian.Errorf(beian.ENOTFOUND, "未找到账号"))
		return
	}
	if !parseSmallForm(w, r) {
		s.writeHTMLError(w, r, beian.Errorf(beian.EINVALID, "表单无法解析"))
		return
	}
	disable := r.PostFormValue("disabled") == "1"
	if err := s.Accounts.SetDisabled(r.Context(), accountFrom(r.Context()), id, disable, s.clientAddr(r)); err != nil {
		s.renderAdminAccounts(w, r, s.errorStatus(w, r, err), adminAccountsPage{Error: beian.ErrorMessage(err)})
		return
	}
	http.Redirect(w, r, "/admin/accounts", http.StatusSeeOther)
}

package http

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/http/form"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
)

// The 「找回备案密码」 and 「修改备案密码」 pages (reference §1.3, §1.4): plain
// same-origin POST forms that work without script. The form values typed are
// kept after an error; passwords never come back in a page.

// Messages of the password pages that the service does not produce.
const (
	// changedNotice answers a successful change.
	changedNotice = "备案密码已修改，已通知主体负责人。"
	// confirmMismatch answers a confirmation that differs from the new
	// password; the service is not called.
	confirmMismatch = "两次输入的新密码不一致"
)

// formError is the error of a submitted form: Message is shown next to the
// field Field names, or above the form when Field is "".
type formError struct {
	Field   string
	Message string
}

// For returns the message when the error belongs to field, else "".
func (e formError) For(field string) string {
	if e.Field == field {
		return e.Message
	}
	return ""
}

// newFormError makes the form error of err, its field named by its label;
// a field the page does not show moves the message above the form.
func newFormError(err error, fields ...string) formError {
	fe := formError{Message: pageMessage(err)}
	if f := faultField(err); slices.Contains(fields, f) {
		fe.Field = f
	}
	return fe
}

// provinceOption is one entry of the province picker.
type provinceOption struct {
	Value    string // GB/T 2260 code
	Label    string // 浙江（浙）
	Selected bool
}

// provinceOptions lists the 31 provinces, selecting the one selected names
// (by code, name or prefix).
func provinceOptions(selected string) []provinceOption {
	sel, ok := rules.LookupProvince(selected)
	var opts []provinceOption
	for _, p := range rules.Provinces() {
		opts = append(opts, provinceOption{p.Code, p.Name + "（" + p.Prefix + "）", ok && p.Code == sel.Code})
	}
	return opts
}

// certTypeGroup is one <optgroup> of the certificate type picker: the
// certificate types that fit one nature.
type certTypeGroup struct {
	Nature  string
	Options []certTypeOption
}

// certTypeOption is one certificate type; its value is the label.
type certTypeOption struct {
	Label    string
	Selected bool
}

// commonNatures come first in the certificate type picker: together they
// are about 96 % of the entities.
var commonNatures = []string{"企业", rules.NaturePerson}

// certTypeGroups lists the certificate types of every nature, 企业 and 个人
// first, the rest in code order. Labels shared by several natures
// (组织机构代码证) appear in each group; only the first is marked selected,
// so a 企业 keeps its choice.
func certTypeGroups(selected string) []certTypeGroup {
	names := slices.Clone(commonNatures)
	for _, n := range rules.Natures() {
		if !slices.Contains(names, n.Name) {
			names = append(names, n.Name)
		}
	}
	var groups []certTypeGroup
	done := selected == ""
	for _, n := range names {
		g := certTypeGroup{Nature: n}
		for _, c := range rules.EntityCertTypes(n) {
			sel := !done && c.Name == selected
			done = done || sel
			g.Options = append(g.Options, certTypeOption{c.Name, sel})
		}
		if len(g.Options) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// recoverPageData is the 「找回备案密码」 page.
type recoverPageData struct {
	Page
	Form       registry.RecoverRequest
	Provinces  []provinceOption
	CertTypes  []certTypeGroup
	Error      formError
	Done       bool   // the request was accepted
	Notice     string // the uniform answer once Done
	ChangeLink string // the change page, with province and number filled in
}

// changePageData is the 「修改备案密码」 page. It carries no password.
type changePageData struct {
	Page
	Province  string
	Licence   string
	Provinces []provinceOption
	Error     formError
	Done      bool
	Notice    string // the answer once Done
	// RecoverLink is the recovery page, with province and number filled in.
	RecoverLink string
}

func newRecoverPage(f registry.RecoverRequest) recoverPageData {
	return recoverPageData{
		Page:       Page{Title: "找回备案密码"},
		Form:       f,
		Provinces:  provinceOptions(f.Province),
		CertTypes:  certTypeGroups(f.CertType),
		ChangeLink: passwordLink("/password/change", f.Province, f.Licence),
	}
}

func newChangePage(province, licence string) changePageData {
	return changePageData{
		Page:        Page{Title: "修改备案密码"},
		Province:    province,
		Licence:     licence,
		Provinces:   provinceOptions(province),
		RecoverLink: passwordLink("/password/recover", province, licence),
	}
}

// handleRecoverPage shows the empty recovery form; province and licence
// may be filled in from the query string.
func (s *Server) handleRecoverPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	s.render(w, r, http.StatusOK, "password_recover.html", newRecoverPage(registry.RecoverRequest{
		Province: q.Get("province"),
		Licence:  q.Get("licence"),
	}))
	return nil
}

// handleRecoverSubmit asks the service to recover a password and answers
// the same whether or not anything matched.
func (s *Server) handleRecoverSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	req := registry.RecoverRequest{
		Province: f.Get("province"),
		Licence:  f.Get("licence"),
		CertType: f.Get("certType"),
		CertNo:   f.Get("certNo"),
		Client:   s.clientAddr(r),
	}
	data := newRecoverPage(req)
	if err == nil {
		err = s.Passwords.Recover(r.Context(), req)
	}
	if err != nil {
		data.Error = newFormError(err, "province", "licence", "certType", "certNo")
		data.Title = "错误：" + data.Title
		s.render(w, r, s.errorStatus(w, r, err), "password_recover.html", data)
		return nil
	}
	data.Done = true
	data.Notice = registry.RecoverAnswer
	s.render(w, r, http.StatusOK, "password_recover.html", data)
	return nil
}

// passwordLink is a password page with the province and number filled in.
func passwordLink(path, province, licence string) string {
	v := url.Values{}
	if p, ok := rules.LookupProvince(province); ok {
		v.Set("province", p.Code)
	}
	if licence != "" {
		v.Set("licence", licence)
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// handleChangePage shows the empty change form; province and licence may be
// filled in from the query string (the link after a recovery does).
func (s *Server) handleChangePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	s.render(w, r, http.StatusOK, "password_change.html", newChangePage(q.Get("province"), q.Get("licence")))
	return nil
}

// handleChangeSubmit changes a password. The confirmation is checked here;
// everything else is the service's.
func (s *Server) handleChangeSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	req := registry.ChangeRequest{
		Province:    f.Get("province"),
		Licence:     f.Get("licence"),
		OldPassword: f.Get("oldPassword"),
		NewPassword: f.Get("newPassword"),
		Client:      s.clientAddr(r),
	}
	data := newChangePage(req.Province, req.Licence)
	if err == nil && req.NewPassword != f.Get("confirmPassword") {
		err = beian.FieldErrorf("confirmPassword", confirmMismatch)
	}
	if err == nil {
		err = s.Passwords.Change(r.Context(), req)
	}
	if err != nil {
		data.Error = newFormError(err, "province", "licence", "oldPassword", "newPassword", "confirmPassword")
		data.Title = "错误：" + data.Title
		s.render(w, r, s.errorStatus(w, r, err), "password_change.html", data)
		return nil
	}
	data.Done = true
	data.Notice = changedNotice
	s.render(w, r, http.StatusOK, "password_change.html", data)
	return nil
}

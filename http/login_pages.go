package http

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/http/form"
)

// The log-in pages: the password step, the second factor of staff, and
// logging out.

// loginPage is the log-in page.
type loginPage struct {
	Page
	Login string
	Next  string
	Error string
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) error {
	if accountFrom(r.Context()) != nil {
		http.Redirect(w, r, defaultNext, http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "login.html", loginPage{Page: Page{Title: "登录"}, Next: safeNext(r.URL.Query().Get("next"))})
	return nil
}

// handleLoginSubmit checks the credentials and opens a new session; any
// session cookie the browser brought is replaced.
func (s *Server) handleLoginSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	data := loginPage{Page: Page{Title: "登录"}, Login: f.Trimmed("login"), Next: safeNext(f.Get("next"))}
	if s.Accounts == nil {
		return beian.Errorf(beian.ENOTFOUND, "本系统未开放登录")
	}
	res, err := s.Accounts.Login(r.Context(), data.Login, f.Get("password"), s.clientAddr(r))
	if err != nil {
		data.Error = pageMessage(err)
		data.Title = "登录失败"
		s.render(w, r, s.errorStatus(w, r, err), "login.html", data)
		return nil
	}
	s.setSession(w, res.Token)
	if res.NeedTOTP {
		http.Redirect(w, r, "/login/totp?next="+url.QueryEscape(data.Next), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
	return nil
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
		data.QR = qrURL(ch.QR)
	}
	return data, nil
}

// qrURL is the data: URL of a QR code PNG.
func qrURL(png []byte) template.URL {
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
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

func (s *Server) handleTOTPPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.totpPageData(r, r.URL.Query().Get("next"))
	if err != nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "totp.html", data)
	return nil
}

func (s *Server) handleTOTPSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	data, err := s.totpPageData(r, f.Get("next"))
	if err != nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	c, _ := r.Cookie(sessionCookie)
	token, err := s.Accounts.VerifyTOTP(r.Context(), c.Value, f.Get("code"), s.clientAddr(r))
	if err != nil {
		data.Error, data.Title = pageMessage(err), "两步验证失败"
		s.render(w, r, s.errorStatus(w, r, err), "totp.html", data)
		return nil
	}
	s.setSession(w, token)
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Accounts.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.clearSession(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

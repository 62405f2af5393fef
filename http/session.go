package http

import (
	"context"
	"net/http"
	"net/url"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
)

// sessionCookie names the session cookie.
const sessionCookie = "beian_session"

type accountKey struct{}

// badTokenKey marks a request whose bearer token opened no session.
type badTokenKey struct{}

// accountFrom returns the logged-in account of a request, or nil.
func accountFrom(ctx context.Context) *beian.Account {
	a, _ := ctx.Value(accountKey{}).(*beian.Account)
	return a
}

// authenticate loads the account of the session the request presents (see
// credential), if any and valid. A session cookie that opens nothing is
// ignored; a bearer token that opens nothing is refused with 401 by every
// route that needs an account (see authorize), while public routes answer
// as to anyone; the login steps do not look at it, they open sessions.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, bearer, ok := credential(r)
		if !ok || s.Accounts == nil || (bearer && loginStep(r)) {
			next.ServeHTTP(w, r)
			return
		}
		a, err := s.Accounts.Session(r.Context(), token)
		if err != nil && bearer {
			// authorize refuses it on every route that needs an account; a
			// public route answers as it would anonymously.
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), badTokenKey{}, err)))
			return
		}
		if err != nil {
			// The cookie stays: it may be a session waiting for its second
			// factor, which only /login/totp accepts.
			if beian.ErrorCode(err) != beian.EUNAUTHORIZED {
				s.Logger.Error("session", "err", err)
			}
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), accountKey{}, a)))
	})
}

// authorize enforces a route's access level: 401 for anonymous requests (the login
// page for browsers), 403 for accounts its access does not allow.
func (s *Server) authorize(access auth.Access, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := accountFrom(r.Context())
		badToken, _ := r.Context().Value(badTokenKey{}).(error)
		switch {
		case badToken != nil && !access.Allows(nil):
			s.refuseToken(w, r, badToken)
		case access.Allows(a):
			if a != nil {
				// A page for one account: no cache keeps it.
				w.Header().Set("Cache-Control", "no-store")
			}
			next(w, r)
		case a == nil && !isAPI(r) && r.Method == http.MethodGet:
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		case a == nil:
			if isAPI(r) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="beian"`)
			}
			s.fail(w, r, beian.Errorf(beian.EUNAUTHORIZED, "请先登录"))
		default:
			s.fail(w, r, beian.Errorf(beian.EFORBIDDEN, "您的账号无权访问此页面"))
		}
	})
}

func (s *Server) setSession(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/",
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
		MaxAge: int(s.Accounts.Policy.Absolute.Seconds()),
	})
}

func (s *Server) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

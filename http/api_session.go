package http

import (
	"net/http"
	"strings"

	"github.com/beianhq/beian"
)

// API sessions: a client that is not a browser logs in with JSON, keeps
// the token it is given and sends it as "Authorization: Bearer T". The
// sessions are the same as the pages' (one table, one policy); only the
// way the token travels differs.

// apiLoginRequest is the body of POST /api/v1/login.
type apiLoginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// apiTOTPRequest is the body of POST /api/v1/login/totp.
type apiTOTPRequest struct {
	Token string `json:"token"`
	Code  string `json:"code"`
}

// sessionParams are the params of a login answer.
type sessionParams struct {
	Token        string `json:"token"`
	Role         string `json:"role,omitempty"`
	TOTPRequired bool   `json:"totpRequired,omitempty"`
	TOTPSecret   string `json:"totpSecret,omitempty"`
}

// handleAPILogin serves POST /api/v1/login: the password step. A wrong
// login and a wrong password answer the same 401.
func (s *Server) handleAPILogin(w http.ResponseWriter, r *http.Request) error {
	if s.Accounts == nil {
		return errNoLogin
	}
	var req apiLoginRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := s.Accounts.LoginWithToken(r.Context(), req.Login, req.Password, s.clientAddr(r))
	if err != nil {
		return err
	}
	if res.NeedTOTP {
		writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: "请输入两步验证码",
			Params: sessionParams{Token: res.Token, TOTPRequired: true, TOTPSecret: res.Secret}})
		return nil
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: "登录成功",
		Params: sessionParams{Token: res.Token, Role: string(res.Account.Role)}})
	return nil
}

// handleAPITOTP serves POST /api/v1/login/totp: the second step, with the
// token of the first in the body (or as the bearer token). Its answer is a
// new token; the first one is spent.
func (s *Server) handleAPITOTP(w http.ResponseWriter, r *http.Request) error {
	if s.Accounts == nil {
		return errNoLogin
	}
	var req apiTOTPRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if req.Token == "" {
		req.Token, _ = bearerToken(r.Header.Get("Authorization"))
	}
	if req.Token == "" {
		return beian.FieldErrorf("token", "请提供登录第一步返回的令牌")
	}
	a, token, err := s.Accounts.VerifyTOTPWithToken(r.Context(), req.Token, req.Code, s.clientAddr(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: "登录成功",
		Params: sessionParams{Token: token, Role: string(a.Role)}})
	return nil
}

// handleAPILogout serves POST /api/v1/logout: it ends the session the
// request authenticated with (and drops the cookie if that was it).
func (s *Server) handleAPILogout(w http.ResponseWriter, r *http.Request) error {
	token, bearer, _ := credential(r)
	if err := s.Accounts.Logout(r.Context(), token); err != nil {
		return err
	}
	if !bearer {
		s.clearSession(w)
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: "已退出登录"})
	return nil
}

var errNoLogin = beian.Errorf(beian.ENOTFOUND, "本系统未开放登录")

// credential returns the session token a request presents and whether it
// came as a bearer token: on the API the Authorization header wins over the
// cookie, elsewhere only the cookie counts.
func credential(r *http.Request) (token string, bearer, ok bool) {
	if isAPI(r) {
		if token, ok := bearerToken(r.Header.Get("Authorization")); ok {
			return token, true, true
		}
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value, false, true
	}
	return "", false, false
}

// bearerToken parses an Authorization header value. ok reports that it
// names the Bearer scheme (in any case); token is "" when what follows is
// not a token of RFC 6750's form, which no session can have.
func bearerToken(h string) (token string, ok bool) {
	scheme, rest, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	rest = strings.Trim(rest, " ")
	if rest == "" || len(rest) > 512 {
		return "", true
	}
	body := strings.TrimRight(rest, "=")
	for _, c := range []byte(body) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~+/", c) >= 0) {
			return "", true
		}
	}
	if body == "" {
		return "", true
	}
	return rest, true
}

// loginStep reports whether r is one of the API login steps, which open
// sessions rather than use one: a token they bring is not checked there.
func loginStep(r *http.Request) bool {
	return r.Method == http.MethodPost && (r.URL.Path == "/api/v1/login" || r.URL.Path == "/api/v1/login/totp")
}

// refuseToken answers an API call whose bearer token opens no session
// (unknown, expired, ended, or still owing its second factor): 401, with
// the challenge RFC 6750 asks for.
func (s *Server) refuseToken(w http.ResponseWriter, r *http.Request, err error) {
	if beian.ErrorCode(err) == beian.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="beian", error="invalid_token"`)
	} else {
		s.Logger.Error("session", "err", err)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.fail(w, r, err)
}

// exceptBearer applies the cross-origin protection to every request but an
// API call that authenticates with a bearer token alone. A browser attaches
// cookies to a forged cross-site request by itself, never an Authorization
// header: a script of another origin would need a CORS preflight, which
// this server never grants. So such a call cannot be forged, and clients
// that are not browsers may send an Origin of their own. A call that also
// brings the session cookie is checked as any other.
func exceptBearer(csrf *http.CrossOriginProtection, next http.Handler) http.Handler {
	protected := csrf.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, bearer, _ := credential(r)
		if _, err := r.Cookie(sessionCookie); bearer && err != nil {
			next.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

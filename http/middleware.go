package http

import (
	"errors"
	"net/http"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/http/form"
)

// checkQuery refuses a request whose query string holds a value no handler
// should see (broken UTF-8, a control character, an unbounded value): every
// query parameter of every route passes here.
func (s *Server) checkQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := form.Check(r.URL.Query()); err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// noStore reports whether a route's answers must not be cached: the
// authenticated ones, every answer to a submitted form or a JSON body (a
// session, a generated password, a code), and the second login step, which
// shows a TOTP secret. A page a logged-in account loads is marked too, by
// cacheNoStore itself.
func noStore(rt route) bool {
	method, _, _ := strings.Cut(rt.pattern, " ")
	return rt.access.Name != auth.Public.Name || method != http.MethodGet || rt.pattern == "GET /login/totp"
}

// cacheNoStore marks every response of next "Cache-Control: no-store".
func cacheNoStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// methods a route may declare, for the Allow header of a 405.
var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// statusError is an error whose status no domain code stands for: 405
// (with Allow) and 415. Its message reaches the client as any other.
type statusError struct {
	status int
	allow  []string // for a 405
	err    *beian.Error
}

func (e *statusError) Error() string { return e.err.Message }

// Unwrap gives the message to the client, as for any domain error.
func (e *statusError) Unwrap() error { return e.err }

// handleUnrouted answers what no route matched: 405 when the path has
// routes under other methods, else 404. The mux itself would say 405, but
// the catch-all route "/" matches every method first.
func (s *Server) handleUnrouted(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range methods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/" && pattern != "" {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	if len(allow) > 0 {
		return &statusError{status: http.StatusMethodNotAllowed, allow: allow,
			err: beian.Errorf(beian.EINVALID, "此地址不支持 %s 请求（可用：%s）", r.Method, strings.Join(allow, "、"))}
	}
	return errNotFound
}

// ownStatus is the part of the error table for statusError.
func ownStatus(w http.ResponseWriter, err error) (int, bool) {
	var se *statusError
	if !errors.As(err, &se) {
		return 0, false
	}
	if len(se.allow) > 0 {
		w.Header().Set("Allow", strings.Join(se.allow, ", "))
	}
	return se.status, true
}

package http

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
)

// errInternal stands for an error whose text must not reach the client.
var errInternal = errors.New("internal error")

// statusOf maps domain error codes to HTTP status: the one place that does.
var statusOf = map[string]int{
	beian.EINVALID:      http.StatusBadRequest,
	beian.ENOTFOUND:     http.StatusNotFound,
	beian.ECONFLICT:     http.StatusConflict,
	beian.EUNAUTHORIZED: http.StatusUnauthorized,
	beian.EFORBIDDEN:    http.StatusForbidden,
	beian.ERATELIMITED:  http.StatusTooManyRequests,
	beian.EINTERNAL:     http.StatusInternalServerError,
}

// handler is what the route table holds: a handler that returns its error
// instead of writing it, so one function (fail) writes every error.
type handler func(w http.ResponseWriter, r *http.Request) error

// serve adapts h to net/http: an error h returns is written by fail.
func (s *Server) serve(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}

// errorStatus returns the status for err, sets Retry-After (whole seconds,
// rounded up) when err says how long to wait, and logs internal errors, which
// are the only ones worth an operator's attention.
func (s *Server) errorStatus(w http.ResponseWriter, r *http.Request, err error) int {
	if d := beian.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(d.Seconds())))))
	}
	if status, ok := ownStatus(w, err); ok {
		return status
	}
	code := beian.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusInternalServerError {
		s.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	return status
}

// fail writes err: the JSON error body for the API (the message names the
// field by its JSON name), the error page for everything else (the message
// names the field by its label). It is the one place that chooses.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := s.errorStatus(w, r, err)
	if isAPI(r) {
		writeJSON(w, status, envelope{Code: status, Success: false, Msg: beian.ErrorMessage(err)})
		return
	}
	s.render(w, r, status, "error.html", errorPage{
		Page:    Page{Title: http.StatusText(status)},
		Status:  status,
		Message: pageMessage(err),
	})
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) error {
	return errNotFound
}

var errNotFound = beian.Errorf(beian.ENOTFOUND, "页面不存在")

// isAPI reports whether r is for the JSON API, which answers errors in JSON.
func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/")
}

// faultField returns the JSON name of the field err blames, or "".
func faultField(err error) string {
	var e *beian.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

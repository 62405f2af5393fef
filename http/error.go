package http

import (
	"errors"
	"math"
	"net/http"
	"strconv"

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

// errorStatus returns the status for err, sets Retry-After (whole seconds,
// rounded up) when err says how long to wait, and logs internal errors, which
// are the only ones worth an operator's attention.
func (s *Server) errorStatus(w http.ResponseWriter, r *http.Request, err error) int {
	if d := beian.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(d.Seconds())))))
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

// writeJSONError writes the error body of CONTRACT §7.
func (s *Server) writeJSONError(w http.ResponseWriter, r *http.Request, err error) {
	status := s.errorStatus(w, r, err)
	writeJSON(w, status, envelope{Code: status, Success: false, Msg: beian.ErrorMessage(err)})
}

// writeHTMLError renders the error page.
func (s *Server) writeHTMLError(w http.ResponseWriter, r *http.Request, err error) {
	status := s.errorStatus(w, r, err)
	s.render(w, r, status, "error.html", errorPage{
		Page:    Page{Title: http.StatusText(status)},
		Status:  status,
		Message: beian.ErrorMessage(err),
	})
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	err := beian.Errorf(beian.ENOTFOUND, "页面不存在")
	if isAPI(r) {
		s.writeJSONError(w, r, err)
		return
	}
	s.writeHTMLError(w, r, err)
}

func isAPI(r *http.Request) bool {
	return len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/"
}

package http

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPanicAnswer: a panic is a logged 500 written like any error: a page
// for a page, the JSON error body for the API.
func TestPanicAnswer(t *testing.T) {
	s := &Server{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), templates: mustParseTemplates(false)}
	h := s.recoverPanic(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	for _, test := range []struct{ path, contentType, body string }{
		{"/query", "text/html", "系统内部错误"},
		{"/api/v1/query", "application/json", `{"code":500,"msg":"系统内部错误，请稍后重试","success":false}`},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", test.path, nil))
		if w.Code != 500 || !strings.HasPrefix(w.Header().Get("Content-Type"), test.contentType) || !strings.Contains(w.Body.String(), test.body) {
			t.Errorf("%s: %d %q\n%s", test.path, w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		if strings.Contains(w.Body.String(), "boom") {
			t.Errorf("%s: the panic reached the client", test.path)
		}
	}
}

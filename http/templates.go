package http

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"time"

	"github.com/beianhq/beian"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages lists every page template and the partials it needs; parsing fails
// at start-up, not on a request, when one is missing.
var pages = map[string][]string{
	"query.html":          {"layout.html"},
	"entity.html":         {"layout.html"},
	"error.html":          {"layout.html"},
	"outbox.html":         {"layout.html"},
	"login.html":          {"layout.html"},
	"account.html":        {"layout.html"},
	"admin_accounts.html": {"layout.html"},
	"totp.html":           {"layout.html"},
	"signup.html":         {"layout.html"},
	"totp_enrol.html":     {"layout.html"},

	"password_recover.html": {"layout.html"},
	"password_change.html":  {"layout.html"},
}

type templates struct {
	pages   map[string]*template.Template
	version map[string]string // static file → content hash, for cache busting
}

// dev shows the development links in the layout.
func mustParseTemplates(dev bool) *templates {
	t := &templates{pages: map[string]*template.Template{}, version: map[string]string{}}
	files, err := fs.Glob(staticFS, "static/*")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		b, _ := staticFS.ReadFile(f)
		sum := sha256.Sum256(b)
		t.version[f[len("static/"):]] = hex.EncodeToString(sum[:6])
	}
	funcs := template.FuncMap{
		"static": func(name string) string { return "/static/" + name + "?v=" + t.version[name] },
		"date": func(tm time.Time) string {
			if tm.IsZero() {
				return ""
			}
			return tm.In(beian.Shanghai).Format("2006-01-02")
		},
		"datetime": func(tm time.Time) string { return tm.In(beian.Shanghai).Format(timeLayout) },
		"yesno":    yesNo,
		"add":      func(a, b int) int { return a + b },
		"dev":      func() bool { return dev },
		"state":    messageStateLabel,
	}
	// Every page file must be declared, so a page cannot be missed until a
	// request renders it.
	files, err = fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		name := f[len("templates/"):]
		if _, ok := pages[name]; !ok && name != "layout.html" {
			panic("http: template " + name + " is not declared in pages")
		}
	}
	for page, partials := range pages {
		names := append([]string{"templates/" + page}, prefix("templates/", partials)...)
		t.pages[page] = template.Must(template.New(page).Funcs(funcs).ParseFS(templateFS, names...))
	}
	return t
}

func prefix(p string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = p + n
	}
	return out
}

// Page is what every page template gets.
type Page struct {
	Title string
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := s.templates.pages[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.Logger.Error("render", "page", page, "err", err)
		http.Error(w, "系统内部错误", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	b, err := staticFS.ReadFile("static/" + name)
	if err != nil {
		return errNotFound
	}
	if r.URL.Query().Get("v") == s.templates.version[name] {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	return nil
}

// messageStateLabel names a delivery state in Chinese.
func messageStateLabel(s beian.MessageState) string {
	switch s {
	case beian.MessageQueued:
		return "等待发送"
	case beian.MessageSent:
		return "已发送"
	case beian.MessageDelivered:
		return "已送达"
	case beian.MessageFailed:
		return "未送达"
	case beian.MessageDead:
		return "发送失败"
	case beian.MessageRefused:
		return "已拒绝（超出频率限制）"
	case beian.MessageOutbox:
		return "已存入开发发件箱"
	}
	return string(s)
}

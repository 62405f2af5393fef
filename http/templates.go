package http

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/beianhq/beian"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages lists every page template and the partials it needs beyond the
// shared ones; parsing fails at start-up, not on a request, when one is
// missing.
var pages = map[string][]string{
	"query.html":            nil,
	"entity.html":           nil,
	"error.html":            nil,
	"outbox.html":           nil,
	"login.html":            nil,
	"account.html":          nil,
	"admin_accounts.html":   nil,
	"admin_account.html":    nil,
	"admin_audit.html":      nil,
	"staff_entity.html":     nil,
	"bureau_blacklist.html": nil,
	"provider_limited.html": nil,
	"totp.html":             nil,
	"signup.html":           nil,
	"totp_enrol.html":       nil,

	"password_recover.html": nil,
	"password_change.html":  nil,

	"wizard.html":         {"wizard_entity.html", "wizard_services.html", "wizard_materials.html", "record.html"},
	"applications.html":   nil,
	"filed.html":          nil,
	"filed_form.html":     {"wizard_entity.html"},
	"application.html":    {"timeline.html", "record.html"},
	"review_queue.html":   nil,
	"review.html":         {"record.html"},
	"products.html":       nil,
	"admin_products.html": nil,
}

// shared are the partials every page gets: the layout and the fields.
var shared = []string{"layout.html", "fields.html"}

// templateDir is where --dev reads the templates from, relative to the
// working directory (the repository's root), so an edit shows on reload.
const templateDir = "http/templates"

type templates struct {
	pages   map[string]*template.Template
	version map[string]string // static file → content hash, for cache busting
	funcs   template.FuncMap
	// reload re-reads the templates from disk on every render (--dev).
	reload fs.FS
	// registryURL prefixes the links to the registry's public pages when
	// another server serves them (an agent apart); empty otherwise.
	registryURL string
}

// mustParseTemplates parses the embedded templates; dev shows the
// development links in the layout and, when the source tree is at hand,
// reads the templates from it on every render.
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
	t.funcs = template.FuncMap{
		"static": func(name string) string { return "/static/" + name + "?v=" + t.version[name] },
		"date": func(tm time.Time) string {
			if tm.IsZero() {
				return ""
			}
			return tm.In(beian.Shanghai).Format("2006-01-02")
		},
		"datetime":    func(tm time.Time) string { return tm.In(beian.Shanghai).Format(timeLayout) },
		"yesno":       yesNo,
		"add":         func(a, b int) int { return a + b },
		"dev":         func() bool { return dev },
		"registry":    func() string { return t.registryURL },
		"state":       messageStateLabel,
		"field":       newFieldView,
		"dict":        dict,
		"stepURL":     wizardURL,
		"inputID":     inputID,
		"stepOf":      stepOf,
		"fieldLabel":  pathLabel,
		"licenceHint": func() string { return "只填写“-”之前的部分，例如 浙ICP备2021012345号" },
	}
	sub, _ := fs.Sub(templateFS, "templates")
	pages, err := parsePages(sub, t.funcs)
	if err != nil {
		panic(err)
	}
	t.pages = pages
	if dev {
		if _, err := os.Stat(filepath.Join(templateDir, "layout.html")); err == nil {
			t.reload = os.DirFS(templateDir)
		}
	}
	return t
}

// parsePages parses every declared page of fsys with its partials. Every
// page file must be declared, so a page cannot be missed until a request
// renders it.
func parsePages(fsys fs.FS, funcs template.FuncMap) (map[string]*template.Template, error) {
	files, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return nil, err
	}
	partials := map[string]bool{}
	for _, ps := range pages {
		for _, p := range ps {
			partials[p] = true
		}
	}
	for _, name := range files {
		if _, ok := pages[name]; !ok && !slices.Contains(shared, name) && !partials[name] {
			return nil, fmt.Errorf("http: template %s is not declared in pages", name)
		}
	}
	out := map[string]*template.Template{}
	for page, partials := range pages {
		names := append(append([]string{page}, shared...), partials...)
		tp, err := template.New(page).Funcs(funcs).ParseFS(fsys, names...)
		if err != nil {
			return nil, err
		}
		out[page] = tp
	}
	return out, nil
}

// page returns the template of a page: the parsed one, or in --dev the one
// on disk now (a broken edit shows as the error, the old one is not kept).
func (t *templates) page(name string) (*template.Template, error) {
	if t.reload == nil {
		return t.pages[name], nil
	}
	pages, err := parsePages(t.reload, t.funcs)
	if err != nil {
		return nil, err
	}
	return pages[name], nil
}

// Page is what every page template gets.
type Page struct {
	Title string
	// Nav are the staff pages the viewer may open; render fills it.
	Nav []navLink
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	tp, err := s.templates.page(page)
	if err == nil {
		err = tp.ExecuteTemplate(&buf, "layout", withNav(data, s.navFor(accountFrom(r.Context()))))
	}
	if err != nil {
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

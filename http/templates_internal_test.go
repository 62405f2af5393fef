package http

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDevReload: with --dev, run from the source tree, an edited template
// shows on the next render without a restart; without --dev it does not.
func TestDevReload(t *testing.T) {
	src, err := filepath.Abs("templates")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tdir := filepath.Join(dir, templateDir)
	if err := os.MkdirAll(tdir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(tdir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	dev, prod := mustParseTemplates(true), mustParseTemplates(false)
	render := func(tm *templates) string {
		tp, err := tm.page("error.html")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := tp.ExecuteTemplate(&buf, "layout", errorPage{Page: Page{Title: "x"}, Status: 404, Message: "m"}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	layout := filepath.Join(tdir, "layout.html")
	b, _ := os.ReadFile(layout)
	edited := strings.Replace(string(b), "开源实现 Beian", "EDITED-FOOTER", 1)
	if err := os.WriteFile(layout, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(render(dev), "EDITED-FOOTER") {
		t.Error("--dev did not read the edited template")
	}
	if strings.Contains(render(prod), "EDITED-FOOTER") {
		t.Error("without --dev the template came from disk")
	}
	// A broken edit is an error, not a stale page.
	os.WriteFile(layout, []byte(`{{define "layout"}}{{.Nope`), 0o644)
	if _, err := dev.page("error.html"); err == nil {
		t.Error("a broken template parsed")
	}
}

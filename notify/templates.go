package notify

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

//go:embed templates
var templateFS embed.FS

// Languages the templates exist in; the first is the default.
var Languages = []string{"zh", "en"}

// Rendered is a notice in one language: an SMS text and an email.
type Rendered struct {
	SMS     string
	Subject string
	Text    string
	HTML    string
}

// templates holds, per template and language, the text blocks (subject, sms,
// text) and the HTML body.
type templates struct {
	text map[string]*texttemplate.Template
	html map[string]*htmltemplate.Template
}

// loadTemplates parses every template and fails when one is missing, so a
// broken template stops the start, not a delivery.
func loadTemplates() (*templates, error) {
	t := &templates{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	for _, n := range allNotices {
		for _, lang := range Languages {
			key := n.template() + "." + lang
			tt, err := texttemplate.ParseFS(templateFS, "templates/"+key+".txt")
			if err != nil {
				return nil, fmt.Errorf("template %s: %w", key, err)
			}
			for _, block := range []string{"subject", "sms", "text"} {
				if tt.Lookup(block) == nil {
					return nil, fmt.Errorf("template %s.txt lacks {{define %q}}", key, block)
				}
			}
			ht, err := htmltemplate.ParseFS(templateFS, "templates/layout.html", "templates/"+key+".html")
			if err != nil {
				return nil, fmt.Errorf("template %s: %w", key, err)
			}
			t.text[key], t.html[key] = tt, ht
		}
	}
	return t, nil
}

// render renders n in lang (the default language when lang is unknown).
func (t *templates) render(n Notice, lang string) (Rendered, error) {
	if _, ok := t.text[n.template()+"."+lang]; !ok {
		lang = Languages[0]
	}
	key := n.template() + "." + lang
	var r Rendered
	exec := func(block string) (string, error) {
		var b bytes.Buffer
		err := t.text[key].ExecuteTemplate(&b, block, n)
		return strings.TrimSpace(b.String()), err
	}
	var err error
	if r.Subject, err = exec("subject"); err != nil {
		return r, err
	}
	if r.SMS, err = exec("sms"); err != nil {
		return r, err
	}
	if r.Text, err = exec("text"); err != nil {
		return r, err
	}
	var b bytes.Buffer
	if err := t.html[key].ExecuteTemplate(&b, "layout", n); err != nil {
		return r, err
	}
	r.HTML = b.String()
	return r, nil
}

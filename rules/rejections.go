package rules

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// RejectionReason is an entry of the rejection catalogue: a reason a
// reviewer gives for a field, with what the applicant should do.
type RejectionReason struct {
	Code       string // stable identifier, e.g. site_name
	Field      string // the field it usually concerns, indices left empty: services[].serviceName
	Reason     string
	Suggestion string
}

// RejectionCatalogue is the list of reasons a reviewer picks from
// (data/rejections.tsv), in file order.
type RejectionCatalogue struct{ entries []RejectionReason }

// DefaultRejections returns the embedded catalogue.
var DefaultRejections = sync.OnceValue(func() *RejectionCatalogue {
	b, err := dataFS.ReadFile("data/rejections.tsv")
	if err != nil {
		panic(err)
	}
	c, err := (&RejectionCatalogue{}).WithOverride(b)
	if err != nil {
		panic("rules: data/rejections.tsv: " + err.Error())
	}
	return c
})

// WithOverride returns a copy of c with the entries of data (the format of
// data/rejections.tsv): an entry with a known code replaces it, a new code
// is added at the end, and a line holding only "-CODE" removes the entry.
func (c *RejectionCatalogue) WithOverride(data []byte) (*RejectionCatalogue, error) {
	o := &RejectionCatalogue{entries: slices.Clone(c.entries)}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if code, ok := strings.CutPrefix(strings.TrimSpace(line), "-"); ok && !strings.Contains(code, "\t") {
			o.entries = slices.DeleteFunc(o.entries, func(r RejectionReason) bool { return r.Code == code })
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("第%d行：应为“代码<TAB>字段<TAB>原因<TAB>建议”", i+1)
		}
		r := RejectionReason{Code: strings.TrimSpace(f[0]), Field: strings.TrimSpace(f[1]), Reason: strings.TrimSpace(f[2]), Suggestion: strings.TrimSpace(f[3])}
		if !validCode(r.Code) || r.Field == "" || r.Reason == "" || utf8.RuneCountInString(r.Reason) > 200 {
			return nil, fmt.Errorf("第%d行：代码须为小写字母、数字和“_”，字段和原因不能为空", i+1)
		}
		if j := slices.IndexFunc(o.entries, func(e RejectionReason) bool { return e.Code == r.Code }); j >= 0 {
			o.entries[j] = r
		} else {
			o.entries = append(o.entries, r)
		}
	}
	return o, nil
}

func validCode(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// All returns every entry in catalogue order.
func (c *RejectionCatalogue) All() []RejectionReason { return slices.Clone(c.entries) }

// Lookup returns the entry with the given code.
func (c *RejectionCatalogue) Lookup(code string) (RejectionReason, bool) {
	for _, r := range c.entries {
		if r.Code == code {
			return r, true
		}
	}
	return RejectionReason{}, false
}

// ForField returns the entries that concern a field path such as
// services[0].domains[1]: those whose field is the path, or a prefix of it,
// with its indices left empty (services[].domains).
func (c *RejectionCatalogue) ForField(path string) []RejectionReason {
	pat := FieldPattern(path)
	var out []RejectionReason
	for _, r := range c.entries {
		if pat == r.Field || strings.HasPrefix(pat, r.Field+".") || strings.HasPrefix(pat, r.Field+"[") {
			out = append(out, r)
		}
	}
	return out
}

// FieldPattern empties the indices of a field path:
// services[0].domains[1] → services[].domains[].
func FieldPattern(path string) string {
	var b strings.Builder
	in := false
	for _, c := range path {
		switch {
		case c == '[':
			in = true
			b.WriteRune(c)
		case c == ']':
			in = false
			b.WriteRune(c)
		case !in:
			b.WriteRune(c)
		}
	}
	return b.String()
}

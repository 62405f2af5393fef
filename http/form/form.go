// Package form reads and checks what the pages receive: posted forms and
// query strings. Every value from outside passes Check once, on the way in,
// so no handler, service or database sees broken UTF-8, a control character
// or an unbounded value.
package form

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/beianhq/beian"
)

// MaxBody caps a posted form: the largest of ours is a few hundred bytes.
const MaxBody = 16 << 10

// MaxValue caps one value, in characters. Services check the real limit of
// each field; this one keeps a value they never see unbounded.
const MaxValue = 256

// ErrTooLarge answers a form body over MaxBody.
var ErrTooLarge = beian.Errorf(beian.EINVALID, "提交的表单过大（上限 %d KB），请检查填写的内容后重新提交", MaxBody>>10)

// ErrMalformed answers a form body that cannot be parsed.
var ErrMalformed = beian.Errorf(beian.EINVALID, "提交的内容无法识别，请刷新页面后重新填写")

// Form is a posted form whose every value has passed Check.
type Form struct {
	values url.Values
}

// Parse reads the posted form of r (at most MaxBody bytes) and checks every
// value. It refuses a malformed body, a body over the limit and the first
// bad value, naming its field.
func Parse(w http.ResponseWriter, r *http.Request) (*Form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &Form{values: url.Values{}}, ErrTooLarge
		}
		return &Form{values: url.Values{}}, ErrMalformed
	}
	if err := Check(r.PostForm); err != nil {
		return &Form{values: url.Values{}}, err
	}
	return &Form{values: r.PostForm}, nil
}

// Get returns the first value of field, "" when absent.
func (f *Form) Get(field string) string { return f.values.Get(field) }

// Trimmed returns the first value of field without surrounding space.
func (f *Form) Trimmed(field string) string { return strings.TrimSpace(f.values.Get(field)) }

// All returns every value of field (a multiple choice).
func (f *Form) All(field string) []string { return f.values[field] }

// Check checks every name and value of v, in name order so the answer does
// not depend on map order.
func Check(v url.Values) error {
	names := make([]string, 0, len(v))
	for name := range v {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := Text("参数名", name); err != nil {
			return beian.Errorf(beian.EINVALID, "参数名无效：%s", strings.TrimPrefix(beian.ErrorMessage(err), "参数名: "))
		}
		for _, value := range v[name] {
			if err := Text(name, value); err != nil {
				return err
			}
		}
	}
	return nil
}

// Text checks one value from outside: valid UTF-8, no control character
// (no field of ours takes one: there is no multi-line field), at most
// MaxValue characters. The error names field.
func Text(field, value string) error {
	if !utf8.ValidString(value) {
		return beian.FieldErrorf(field, "含有无效的字符编码（应为 UTF-8）")
	}
	if i := strings.IndexFunc(value, unicode.IsControl); i >= 0 {
		return beian.FieldErrorf(field, "含有不允许的控制字符")
	}
	if n := utf8.RuneCountInString(value); n > MaxValue {
		return beian.FieldErrorf(field, "过长（最多 %d 个字符）", MaxValue)
	}
	return nil
}

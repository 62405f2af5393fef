package form_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/http/form"
)

func TestText(t *testing.T) {
	for _, test := range []struct {
		value string
		ok    bool
	}{
		{"", true},
		{"浙ICP备2021012345号", true},
		{"a b", true},
		{strings.Repeat("云", form.MaxValue), true},
		{strings.Repeat("云", form.MaxValue+1), false},
		{"a\x00b", false},
		{"a\tb", false},
		{"a\r\nb", false},
		{"a\x7f", false},
		{"a\u0085", false},
		{"a\xff", false},
		{"\xe4\xba", false},
	} {
		err := form.Text("licence", test.value)
		if (err == nil) != test.ok {
			t.Errorf("Text(%q) = %v, want ok %v", test.value, err, test.ok)
		}
		if err != nil && (beian.ErrorCode(err) != beian.EINVALID || !strings.HasPrefix(beian.ErrorMessage(err), "licence: ")) {
			t.Errorf("Text(%q): %v does not name the field", test.value, err)
		}
	}
}

func TestParse(t *testing.T) {
	post := func(body string) (*form.Form, error) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return form.Parse(httptest.NewRecorder(), r)
	}
	f, err := post(url.Values{"login": {"  zhang  "}, "provinces": {"330000", "440000"}}.Encode())
	if err != nil || f.Trimmed("login") != "zhang" || f.Get("login") != "  zhang  " || len(f.All("provinces")) != 2 {
		t.Fatalf("%v %+v", err, f)
	}
	if _, err := post("login=" + strings.Repeat("a", form.MaxBody)); err != form.ErrTooLarge {
		t.Errorf("too large: %v", err)
	}
	if _, err := post("login=%zz"); err != form.ErrMalformed {
		t.Errorf("malformed: %v", err)
	}
	if _, err := post("mobile=1%00"); err == nil || !strings.HasPrefix(beian.ErrorMessage(err), "mobile: ") {
		t.Errorf("control character: %v", err)
	}
	if _, err := post("a%00=1"); err == nil || !strings.HasPrefix(beian.ErrorMessage(err), "参数名无效") {
		t.Errorf("bad name: %v", err)
	}
}

// FuzzCheck: Check accepts exactly the values that are valid UTF-8, free of
// control characters and short enough, and never panics.
func FuzzCheck(f *testing.F) {
	f.Add("keyword=%E4%BA%91&pageNum=1")
	f.Add("a=%00&b=%ff")
	f.Add("=&&=")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		err = form.Check(v)
		good := true
		for name, vals := range v {
			for _, s := range append(vals, name) {
				if !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 || utf8.RuneCountInString(s) > form.MaxValue {
					good = false
				}
			}
		}
		if good != (err == nil) {
			t.Fatalf("Check(%q) = %v, want ok %v", raw, err, good)
		}
	})
}

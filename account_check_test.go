package beian_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/beianhq/beian"
)

// FuzzCheckField: whatever text comes in, the check answers without
// panicking, and what it accepts is valid UTF-8 without control characters,
// within its limits; a refusal names the field.
func FuzzCheckField(f *testing.F) {
	for _, s := range []string{"", "张三", "王\x00五", "\xff\xfe", "a\u0085b", strings.Repeat("云", 60), "tab\there"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := beian.CheckField("name", s, 2, 50)
		if err == nil {
			if n := utf8.RuneCountInString(s); !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 || n < 2 || n > 50 {
				t.Fatalf("accepted %q", s)
			}
		} else if !strings.HasPrefix(beian.ErrorMessage(err), "name: ") || beian.ErrorCode(err) != beian.EINVALID {
			t.Fatalf("refusal %v does not name the field", err)
		}
	})
}

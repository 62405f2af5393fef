package store

import "testing"

func TestNameGrams(t *testing.T) {
	for _, test := range []struct{ in, want string }{
		{"杭州云栖", "杭州 州云 云栖"},
		{"云", "云"},
		{"", ""},
		{"ABC科技", "ab bc c科 科技"},
		{"张三（个体工商户）", "张三 三_ _个 个体 体工 工商 商户 户_"},
		{`a"b`, "a_ _b"},
	} {
		if got := nameGrams(test.in); got != test.want {
			t.Errorf("nameGrams(%q)=%q, want %q", test.in, got, test.want)
		}
	}
	if q, exact := gramQuery("云栖网"); q != `"云栖 栖网"` || !exact {
		t.Errorf("gramQuery=%q,%v", q, exact)
	}
	if _, exact := gramQuery("（个"); exact {
		t.Error("a bracket keyword must be re-checked with LIKE")
	}
}

// FuzzNameGrams: any input gives a phrase FTS5 can parse — only letters,
// digits, '_' and single spaces inside the quotes.
func FuzzNameGrams(f *testing.F) {
	for _, s := range []string{"杭州云栖", `"`, "a b", "\x00\xff", "ＡＢ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, _ := gramQuery(s)
		inner := q[1 : len(q)-1]
		for i, r := range inner {
			if r == '"' || (r == ' ' && (i == 0 || inner[i-1] == ' ')) {
				t.Fatalf("gramQuery(%q)=%q", s, q)
			}
		}
	})
}

package htmlcheck

import "testing"

const page = `<!doctype html><html><body>
<form class="stack wide" id="f"><div class="field"><input id="a" name="a" aria-describedby="a-hint a-error" aria-invalid="true"></div>
<p id="a-error" class="error" role="alert">主体备案号： 有误</p></form>
<nav><ul><li><a href="/q?p=1">1</a></li><li><span aria-current="page">2</span></li></ul></nav></body></html>`

func TestSelectors(t *testing.T) {
	d, err := Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		sel  string
		want int
	}{
		{"input", 1},
		{`input[aria-describedby="a-hint a-error"]`, 1},
		{`div > input[aria-describedby="a-hint"]`, 0},
		{"#a", 1},
		{"input#a[aria-invalid=true]", 1},
		{`input[aria-describedby~="a-error"]`, 1},
		{`input[aria-describedby~=a]`, 0},
		{"form.stack.wide input", 1},
		{"form.stack > input", 0},
		{"div.field > input", 1},
		{"form > p.error[role=alert]", 1},
		{`a[href^="/q?"]`, 1},
		{`a[href*="p=2"]`, 0},
		{"nav li", 2},
		{"[aria-current=page]", 1},
		{"p.missing", 0},
	} {
		if got := d.Count(test.sel); got != test.want {
			t.Errorf("%s: %d matches, want %d", test.sel, got, test.want)
		}
	}
	if txt, ok := d.Text("#a-error"); !ok || txt != "主体备案号： 有误" {
		t.Errorf("text %q %v", txt, ok)
	}
	for _, bad := range []string{"", ">", "a >", "a[b", "a > > b"} {
		if _, err := d.All(bad); err == nil {
			t.Errorf("%q compiled", bad)
		}
	}
}

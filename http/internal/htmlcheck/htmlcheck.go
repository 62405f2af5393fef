// Package htmlcheck checks rendered pages by CSS selector rather than by
// substring, so a test says which element must carry what, and does not
// depend on attribute order or white space.
//
// Selectors: compound selectors (tag, #id, .class, [attr], [attr=v],
// [attr^=v], [attr*=v], [attr~=v]; v quoted or bare) joined by white space
// (descendant) or ">" (child).
package htmlcheck

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// Doc is a parsed page.
type Doc struct{ root *html.Node }

// Parse parses a page.
func Parse(page string) (*Doc, error) {
	n, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil, err
	}
	return &Doc{n}, nil
}

// All returns the elements sel matches, in document order.
func (d *Doc) All(sel string) ([]*html.Node, error) {
	s, err := compile(sel)
	if err != nil {
		return nil, err
	}
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && s.match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(d.root)
	return out, nil
}

// Count is the number of elements sel matches; a bad selector panics, as it
// is the test's own mistake.
func (d *Doc) Count(sel string) int {
	ns, err := d.All(sel)
	if err != nil {
		panic(err)
	}
	return len(ns)
}

// Text is the text of the first element sel matches, white space collapsed,
// and whether there was one.
func (d *Doc) Text(sel string) (string, bool) {
	ns, err := d.All(sel)
	if err != nil {
		panic(err)
	}
	if len(ns) == 0 {
		return "", false
	}
	return strings.Join(strings.Fields(Text(ns[0])), " "), true
}

// Text is the text content of n.
func Text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// selector is a chain of compounds, matched right to left.
type selector struct {
	parts []compound
	child []bool // child[i]: parts[i] must be the parent of parts[i+1]
}

type compound struct {
	tag     string
	id      string
	classes []string
	attrs   []attrTest
}

type attrTest struct {
	name, op, value string // op: "", "=", "^=", "*=", "~="
}

func compile(sel string) (*selector, error) {
	s := &selector{}
	fields, err := tokens(sel)
	if err != nil {
		return nil, err
	}
	child := false
	for _, f := range fields {
		if f == ">" {
			if len(s.parts) == 0 || child {
				return nil, fmt.Errorf("htmlcheck: misplaced > in %q", sel)
			}
			child = true
			continue
		}
		c, err := compileCompound(f)
		if err != nil {
			return nil, fmt.Errorf("htmlcheck: %q: %w", sel, err)
		}
		if len(s.parts) > 0 {
			s.child = append(s.child, child)
		}
		s.parts = append(s.parts, c)
		child = false
	}
	if len(s.parts) == 0 || child {
		return nil, fmt.Errorf("htmlcheck: empty selector %q", sel)
	}
	return s, nil
}

// tokens splits a selector at white space and ">", except inside [...].
func tokens(sel string) ([]string, error) {
	var out []string
	var cur strings.Builder
	depth := 0
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range sel {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0 && (r == ' ' || r == '\t' || r == '\n'):
			flush()
			continue
		case depth == 0 && r == '>':
			flush()
			out = append(out, ">")
			continue
		}
		cur.WriteRune(r)
	}
	if depth != 0 {
		return nil, fmt.Errorf("htmlcheck: unbalanced [ in %q", sel)
	}
	flush()
	return out, nil
}

func compileCompound(f string) (compound, error) {
	var c compound
	i := strings.IndexAny(f, "#.[")
	if i < 0 {
		i = len(f)
	}
	c.tag, f = strings.ToLower(f[:i]), f[i:]
	for f != "" {
		switch f[0] {
		case '#', '.':
			j := strings.IndexAny(f[1:], "#.[") + 1
			if j == 0 {
				j = len(f)
			}
			if f[0] == '#' {
				c.id = f[1:j]
			} else {
				c.classes = append(c.classes, f[1:j])
			}
			f = f[j:]
		case '[':
			j := strings.IndexByte(f, ']')
			if j < 0 {
				return c, fmt.Errorf("unclosed [")
			}
			c.attrs = append(c.attrs, compileAttr(f[1:j]))
			f = f[j+1:]
		default:
			return c, fmt.Errorf("unexpected %q", f)
		}
	}
	return c, nil
}

func compileAttr(s string) attrTest {
	for _, op := range []string{"^=", "*=", "~=", "="} {
		if name, value, ok := strings.Cut(s, op); ok {
			return attrTest{name, op, strings.Trim(value, `"'`)}
		}
	}
	return attrTest{name: s}
}

func (s *selector) match(n *html.Node) bool { return s.matchAt(n, len(s.parts)-1) }

func (s *selector) matchAt(n *html.Node, i int) bool {
	if !s.parts[i].match(n) {
		return false
	}
	if i == 0 {
		return true
	}
	for p := n.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if s.matchAt(p, i-1) {
			return true
		}
		if s.child[i-1] {
			return false
		}
	}
	return false
}

func (c compound) match(n *html.Node) bool {
	if c.tag != "" && c.tag != "*" && n.Data != c.tag {
		return false
	}
	if c.id != "" && attr(n, "id") != c.id {
		return false
	}
	for _, cl := range c.classes {
		if !hasWord(attr(n, "class"), cl) {
			return false
		}
	}
	for _, a := range c.attrs {
		v, ok := attrOK(n, a.name)
		if !ok {
			return false
		}
		switch {
		case a.op == "=" && v != a.value,
			a.op == "^=" && !strings.HasPrefix(v, a.value),
			a.op == "*=" && !strings.Contains(v, a.value),
			a.op == "~=" && !hasWord(v, a.value):
			return false
		}
	}
	return true
}

func hasWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if f == w {
			return true
		}
	}
	return false
}

func attr(n *html.Node, name string) string { v, _ := attrOK(n, name); return v }

func attrOK(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

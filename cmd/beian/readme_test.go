package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
)

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readmeCurl is the README's query example: the URL and each --data or
// --data-urlencode argument of curl -G.
var (
	readmeCurl = regexp.MustCompile(`(?m)^curl -G '(http://127\.0\.0\.1:8080)(/api/v1/query)'((?: --data(?:-urlencode)? '[^']*')+)\s*$`)
	curlData   = regexp.MustCompile(`--data(?:-urlencode)? '([^']*)'`)
)

// TestReadmeQueryExample loads the demo and asks the API what the README's
// curl example asks: a reader trying it must find filings.
func TestReadmeQueryExample(t *testing.T) {
	m := readmeCurl.FindStringSubmatch(readme(t))
	if m == nil {
		t.Fatal("README has no curl -G example of /api/v1/query")
	}
	q := url.Values{}
	for _, d := range curlData.FindAllStringSubmatch(m[3], -1) {
		k, v, _ := strings.Cut(d[1], "=")
		q.Set(k, v)
	}
	if q.Get("keyword") == "" {
		t.Fatalf("README's curl example has no keyword: %s", m[0])
	}
	base, _ := startServer(t, "--demo")
	resp, err := http.Get(base + m[2] + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Code   int `json:"code"`
		Params struct {
			Total int               `json:"total"`
			List  []json.RawMessage `json:"list"`
		} `json:"params"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || body.Code != 200 || body.Params.Total == 0 || len(body.Params.List) == 0 {
		t.Fatalf("README example %v on the demo: status %d, code %d, total %d, %d rows",
			q, resp.StatusCode, body.Code, body.Params.Total, len(body.Params.List))
	}
}

// TestReadmeMarkdown: a blank line inside a table ends it (the rows after it
// render as text), and the README cites no document outside the repository.
func TestReadmeMarkdown(t *testing.T) {
	lines := strings.Split(readme(t), "\n")
	for i := 2; i+1 < len(lines); i++ {
		if strings.HasPrefix(lines[i], "|") && lines[i-1] == "" && strings.HasPrefix(lines[i-2], "|") &&
			!strings.HasPrefix(lines[i+1], "|---") {
			t.Errorf("README line %d: a blank line splits a table before %q", i+1, lines[i])
		}
	}
	// The names are split so that a search of the repository for them
	// finds real citations, not this check.
	for _, cite := range []string{"CON" + "TRACT", "../" + "shared", "shared" + "/"} {
		if strings.Contains(strings.Join(lines, "\n"), cite) {
			t.Errorf("README cites %q, a document outside the repository", cite)
		}
	}
}

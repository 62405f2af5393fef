package rules

import (
	"embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed data/*.tsv data/*.txt
var dataFS embed.FS

// readTable returns the rows of an embedded tab-separated file. Blank lines
// and lines starting with '#' are skipped. Every row must have exactly n
// fields; malformed embedded data is a programming error and panics.
func readTable(name string, n int) [][]string {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		panic(err)
	}
	var rows [][]string
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != n {
			panic(fmt.Sprintf("rules: data/%s:%d: %d fields, want %d", name, i+1, len(f), n))
		}
		rows = append(rows, f)
	}
	return rows
}

// mustInt parses a decimal field of an embedded table.
func mustInt(name, s string) int64 {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(fmt.Sprintf("rules: data/%s: %v", name, err))
	}
	return v
}

// splitList splits a comma-separated field; an empty field is an empty list.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

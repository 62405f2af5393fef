package store

import (
	"strings"
	"unicode"
)

// FTS5's trigram tokenizer cannot find substrings shorter than three
// characters, yet two characters is the commonest length of a Chinese search
// word. So SQLite also indexes every name as its overlapping two-character
// grams ("杭州云栖" → "杭州 州云 云栖"), and a two-character keyword is one
// token of that index. (A phrase of grams could find longer substrings too,
// but measured slower than trigrams on common words, whose gram doclists are
// long.) Characters other than letters and digits index as "_", so the
// tokenizer sees one token per gram; a keyword containing such characters is
// checked again with LIKE.

// gramChar maps a rune to what the gram index stores for it.
func gramChar(r rune) rune {
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return unicode.ToLower(r)
	}
	return '_'
}

// nameGrams returns the gram text of a name.
func nameGrams(s string) string { return NameGrams(s) }

// NameGrams returns the two-character gram text the name index stores for a
// name; bench/grams uses it to build the same index in the sqlite3 ceiling.
func NameGrams(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = gramChar(r)
	}
	if len(rs) < 2 {
		return string(rs)
	}
	var b strings.Builder
	b.Grow(len(rs) * 7)
	for i := 0; i+1 < len(rs); i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(rs[i])
		b.WriteRune(rs[i+1])
	}
	return b.String()
}

// gramQuery returns the FTS5 query that finds sub (two characters here; a
// longer sub gives the phrase of its grams), and whether it alone is exact.
func gramQuery(sub string) (phrase string, exact bool) {
	exact = true
	for _, r := range sub {
		if gramChar(r) == '_' {
			exact = false
			break
		}
	}
	return `"` + nameGrams(sub) + `"`, exact
}

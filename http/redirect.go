package http

import (
	"net/url"
	"strings"
	"unicode"
)

// defaultNext is where a login goes when it was given nowhere (or nowhere
// acceptable) to go.
const defaultNext = "/account"

// safeNext keeps a post-login redirect on this site. The value is parsed,
// not pattern-matched: it must be a path of this site (no scheme, no host,
// no user, a single leading "/"), with no control character or backslash,
// which browsers read as a slash. Anything else goes to defaultNext.
func safeNext(next string) string {
	if next == "" || strings.IndexFunc(next, unicode.IsControl) >= 0 || strings.ContainsRune(next, '\\') {
		return defaultNext
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return defaultNext
	}
	// The path as decoded must also start with one slash: "/%2F/evil" is
	// "//evil" to some clients.
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return defaultNext
	}
	return next
}

package email

import (
	"fmt"
	"strings"
)

// messageID builds the Message-ID value (without angle brackets) for the
// idempotency key id and the sender domain. Both halves are escaped into
// RFC 5322 dot-atom-text, so any key yields a valid header and distinct
// keys yield distinct Message-IDs.
func messageID(id, domain string) string {
	return dotAtom(id) + "@" + dotAtom(strings.ToLower(domain))
}

// dotAtom escapes s into RFC 5322 dot-atom-text: bytes that are not atext
// ('%' included) become %XX, and so does a '.' that would start or end the
// result or follow another '.'. The mapping is injective.
func dotAtom(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && i > 0 && i < len(s)-1 && s[i-1] != '.':
			b.WriteByte(c)
		case c != '%' && c != '.' && isAtext(c):
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// isAtext reports whether c is an RFC 5322 atext character.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

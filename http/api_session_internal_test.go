package http

import (
	"strings"
	"testing"
)

func TestBearerToken(t *testing.T) {
	for _, test := range []struct {
		header, token string
		bearer        bool
	}{
		{"", "", false},
		{"Basic dXNlcjpwYXNz", "", false},
		{"Bearerx abc", "", false},
		{"Bearer", "", true},
		{"Bearer ", "", true},
		{"Bearer abc-DEF_123", "abc-DEF_123", true},
		{"bearer abc", "abc", true},
		{"BEARER abc", "abc", true},
		{"Bearer   abc  ", "abc", true},
		{"Bearer a.b~c+d/e==", "a.b~c+d/e==", true},
		{"Bearer ==", "", true},
		{"Bearer a=b", "", true},
		{"Bearer a b", "", true},
		{"Bearer a\tb", "", true},
		{"Bearer a\x00b", "", true},
		{"Bearer 令牌", "", true},
		{"Bearer " + strings.Repeat("a", 512), strings.Repeat("a", 512), true},
		{"Bearer " + strings.Repeat("a", 513), "", true},
	} {
		token, bearer := bearerToken(test.header)
		if token != test.token || bearer != test.bearer {
			t.Errorf("bearerToken(%q) = %q, %v; want %q, %v", test.header, token, bearer, test.token, test.bearer)
		}
	}
}

package http

import (
	"strings"
	"testing"

	"github.com/beianhq/beian/auth"
)

func TestCheckRules(t *testing.T) {
	s := &Server{}
	if err := checkRules(s.routes()); err != nil {
		t.Fatalf("the route table: %v", err)
	}
	bad := append(s.routes(), route{pattern: "GET /unguarded", handler: s.handleHome})
	if err := checkRules(bad); err == nil || !strings.Contains(err.Error(), "GET /unguarded") {
		t.Fatalf("a route without a rule passed: %v", err)
	}
	if (auth.Rule{}).Allows(nil) {
		t.Fatal("the zero rule allows")
	}
}

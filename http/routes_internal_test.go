package http

import (
	"strings"
	"testing"

	"github.com/beianhq/beian/auth"
)

func TestCheckAccess(t *testing.T) {
	s := &Server{}
	if err := checkAccess(s.routes()); err != nil {
		t.Fatalf("the route table: %v", err)
	}
	bad := append(s.routes(), route{pattern: "GET /unguarded", handler: s.handleHome})
	if err := checkAccess(bad); err == nil || !strings.Contains(err.Error(), "GET /unguarded") {
		t.Fatalf("a route without an access level passed: %v", err)
	}
	if (auth.Access{}).Allows(nil) {
		t.Fatal("the zero access allows")
	}
}

package http

import "strings"

// Mode is which half of Beian a server runs: both (the default, and the
// demo), the registry alone, or an access provider's agent alone, which
// reaches its registry over the provider API.
type Mode string

// The modes of beian serve --mode.
const (
	ModeAll      Mode = "all"
	ModeRegistry Mode = "registry"
	ModeAgent    Mode = "agent"
)

// Valid reports whether m is one of the three modes.
func (m Mode) Valid() bool { return m == ModeAll || m == ModeRegistry || m == ModeAgent }

// The path prefixes of each half; every other route (log-in, accounts,
// administration of staff, health, metrics, static files) both serve.
var (
	registryPrefixes = []string{"/api/v1/query", "/query", "/entities/", "/api/v1/password/", "/password/",
		"/api/v1/sms-verify", "/sms-verify", "/api/v1/bureau/", "/bureau", "/staff/", "/api/v1/registry/",
		// These read the national record's 限制接入 marks, which an agent
		// apart does not hold.
		"/api/v1/agent/limited-services", "/provider/limited"}
	agentPrefixes = []string{"/api/v1/agent/", "/agent/", "/admin/products", "/signup"}
)

// serves reports whether a server in mode m routes pattern; a route it
// does not serve is unrouted (404), and absent from its OpenAPI document.
func (m Mode) serves(pattern string) bool {
	if m == "" || m == ModeAll {
		return true
	}
	path := pattern
	if _, p, ok := strings.Cut(pattern, " "); ok {
		path = p
	}
	for _, p := range registryPrefixes {
		if strings.HasPrefix(path, p) {
			return m == ModeRegistry
		}
	}
	for _, p := range agentPrefixes {
		if strings.HasPrefix(path, p) {
			return m == ModeAgent
		}
	}
	return true
}

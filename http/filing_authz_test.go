package http_test

// The registry's filing routes in the authorization matrix: SMS
// verification is public (the principals have no account); the bureau's
// routes are for bureau reviewers, and which filing each may touch is
// checked per object (TestBureauProvinceMatrix).
func init() {
	for p, who := range map[string][]string{
		"POST /api/v1/sms-verify":                   {"all"},
		"POST /api/v1/sms-verify/resend":            {"all"},
		"GET /sms-verify":                           {"all"},
		"POST /sms-verify":                          {"all"},
		"POST /sms-verify/resend":                   {"all"},
		"GET /api/v1/bureau/filings":                {"bureau 浙江", "bureau 广东"},
		"GET /api/v1/bureau/filings/{id}":           {"bureau 浙江", "bureau 广东"},
		"POST /api/v1/bureau/filings/{id}/decision": {"bureau 浙江", "bureau 广东"},
		"GET /bureau":                               {"bureau 浙江", "bureau 广东"},
		"GET /bureau/filings/{id}":                  {"bureau 浙江", "bureau 广东"},
		"POST /bureau/filings/{id}/decision":        {"bureau 浙江", "bureau 广东"},
	} {
		allowed[p] = who
	}
}

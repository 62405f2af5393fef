package http_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/beianhq/beian/internal/testdb"
	"github.com/pquerna/otp/totp"
)

// TestOpenAPISessionAnswers walks the API login of an applicant and of an
// admin (enrolment included), the refusals, a bearer call and the logout,
// and checks every answer against the document: its status is documented
// for the operation and its body fits that status's schema.
func TestOpenAPISessionAnswers(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { openAPISessionAnswers(t, engine) })
	}
}

func openAPISessionAnswers(t *testing.T, engine string) {
	ts, _ := newAPISessionServer(t, engine, nil)
	_, text := ts.get(t, "/api/openapi.json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	check := func(operation string, resp *http.Response, body string, status int) {
		t.Helper()
		if resp.StatusCode != status {
			t.Fatalf("%s: status %d, want %d: %s", operation, resp.StatusCode, status, body)
		}
		method, path, _ := strings.Cut(operation, " ")
		schema := dig(doc, "paths", path, strings.ToLower(method), "responses", strconv.Itoa(status), "content", "application/json", "schema")
		if schema == nil {
			t.Fatalf("%s: status %d is not documented", operation, status)
		}
		var got any
		json.Unmarshal([]byte(body), &got)
		if err := fits(doc, schema.(map[string]any), got, "body"); err != nil {
			t.Fatalf("%s %d: the answer does not fit the document: %v\n%s", operation, status, err, body)
		}
	}
	applicant, admin := apiAccounts[0].acct, apiAccounts[3].acct
	resp, body, ans := call(t, ts, "POST", "/api/v1/login", "", loginBody(applicant.Login, applicant.Password))
	check("POST /api/v1/login", resp, body, 200)
	token := ans.Params.Token
	resp, body, _ = call(t, ts, "POST", "/api/v1/login", "", loginBody(applicant.Login, "nope-nope-1"))
	check("POST /api/v1/login", resp, body, 401)
	resp, body, _ = call(t, ts, "POST", "/api/v1/login", "", `{"login":"x","pass":"y"}`)
	check("POST /api/v1/login", resp, body, 400)
	resp, body, _ = call(t, ts, "GET", "/api/v1/me", token, "")
	check("GET /api/v1/me", resp, body, 200)
	resp, body, _ = call(t, ts, "GET", "/api/v1/query?keyword=yunqi-example.com", "no-such-token", "")
	check("GET /api/v1/query", resp, body, 200) // public: the token is not looked at

	resp, body, ans = call(t, ts, "POST", "/api/v1/login", "", loginBody(admin.Login, admin.Password))
	check("POST /api/v1/login", resp, body, 200)
	pending, secret := ans.Params.Token, ans.Params.TOTPSecret
	resp, body, _ = call(t, ts, "POST", "/api/v1/login/totp", "", totpBody(pending, "000000"))
	check("POST /api/v1/login/totp", resp, body, 400)
	code, _ := totp.GenerateCode(secret, ts.clock.Now())
	resp, body, ans = call(t, ts, "POST", "/api/v1/login/totp", "", totpBody(pending, code))
	check("POST /api/v1/login/totp", resp, body, 200)
	resp, body, _ = call(t, ts, "POST", "/api/v1/login/totp", "", totpBody(pending, code))
	check("POST /api/v1/login/totp", resp, body, 401)

	resp, body, _ = call(t, ts, "POST", "/api/v1/logout", ans.Params.Token, "")
	check("POST /api/v1/logout", resp, body, 200)
	resp, body, _ = call(t, ts, "POST", "/api/v1/logout", ans.Params.Token, "")
	check("POST /api/v1/logout", resp, body, 401)
	resp, body, _ = call(t, ts, "POST", "/api/v1/logout", "", "", "Cookie", "beian_session="+token, "Sec-Fetch-Site", "cross-site")
	check("POST /api/v1/logout", resp, body, 403)
}

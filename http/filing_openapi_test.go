package http_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/beianhq/beian/internal/testdb"
)

// TestFilingOpenAPIAnswers walks the SMS verification and bureau routes and
// holds every answer, success and error, to the OpenAPI document.
func TestFilingOpenAPIAnswers(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			fs := newFilingServer(t, engine)
			_, body := fs.get(t, "/api/openapi.json")
			var doc map[string]any
			if err := json.Unmarshal([]byte(body), &doc); err != nil {
				t.Fatal(err)
			}
			check := docChecker(t, fs.testServer, doc)
			const js = "application/json"
			id := strconv.FormatInt(fs.filingID, 10)
			verify, resend := "POST /api/v1/sms-verify", "POST /api/v1/sms-verify/resend"
			list, one, decide := "GET /api/v1/bureau/filings", "GET /api/v1/bureau/filings/{id}", "POST /api/v1/bureau/filings/{id}/decision"
			check("", verify, "/api/v1/sms-verify", js, strings.NewReader(verifyBody("13700000001", "000000", "070001")), 400)
			check("", verify, "/api/v1/sms-verify", "text/plain", strings.NewReader("{}"), 415)
			check("", resend, "/api/v1/sms-verify/resend", js, strings.NewReader(`{"mobile":"13500000000","certSuffix":"123456"}`), 400)
			check("", verify, "/api/v1/sms-verify", js, strings.NewReader(verifyBody("13700000001", fs.code(t, "13700000001"), "070001")), 200)
			check("", verify, "/api/v1/sms-verify", js, strings.NewReader(verifyBody("13600000001", fs.code(t, "13600000001"), "070001")), 200)
			check(fs.zj, list, "/api/v1/bureau/filings?status=pending", "", nil, 200)
			check(fs.zj, list, "/api/v1/bureau/filings?status=x", "", nil, 400)
			check("", list, "/api/v1/bureau/filings", "", nil, 401)
			check(fs.zj, one, "/api/v1/bureau/filings/"+id, "", nil, 200)
			check(fs.gd, one, "/api/v1/bureau/filings/"+id, "", nil, 403)
			check(fs.zj, one, "/api/v1/bureau/filings/999", "", nil, 404)
			check(fs.gd, decide, "/api/v1/bureau/filings/"+id+"/decision", js, strings.NewReader(`{"decision":"approve"}`), 403)
			check(fs.zj, decide, "/api/v1/bureau/filings/"+id+"/decision", js, strings.NewReader(`{"decision":"reject","rejections":[]}`), 400)
			check(fs.zj, decide, "/api/v1/bureau/filings/"+id+"/decision", js, strings.NewReader(`{"decision":"approve"}`), 200)
			check(fs.zj, decide, "/api/v1/bureau/filings/"+id+"/decision", js, strings.NewReader(`{"decision":"approve"}`), 409)
			check(fs.zj, one, "/api/v1/bureau/filings/"+id, "", nil, 200)
			check(fs.zj, list, "/api/v1/bureau/filings", "", nil, 200)
		})
	}
}

package http_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzFilingInput drives the SMS verification and bureau decision decoders
// (JSON and forms) through the whole handler over a real store, as a
// bureau reviewer of the filing's province: whatever comes in, the answer
// is never a 5xx.
func FuzzFilingInput(f *testing.F) {
	fs := newFilingServer(f, "sqlite")
	h := fs.srv.Handler()
	f.Add(`{"mobile":"13700000001","code":"123456","certSuffix":"070001"}`, "mobile=13700000001&code=1&certSuffix=%00")
	f.Add(`{"decision":"reject","rejections":[{"field":"services[0].domains[1]","reason":"x"}]}`, "decision=reject&field=a..b&reason=")
	f.Add(`{"decision":"approve","rejections":[]}`, "decision=approve")
	f.Add(`{"mobile":["1"],"code":{"a":1},"certSuffix":null}`, "mobile=%ff%fe&certSuffix=（９）")
	f.Add(`{"decision":"reject","rejections":[{"field":"","reason":""},{"field":"x"}]}`, "decision=reject&field=x&reason="+string(make([]byte, 600)))
	cookie := &http.Cookie{Name: "beian_session", Value: fs.zj}
	f.Fuzz(func(t *testing.T, jsonBody, formBody string) {
		for _, req := range []*http.Request{
			jsonRequest("/api/v1/sms-verify", jsonBody),
			jsonRequest("/api/v1/sms-verify/resend", jsonBody),
			jsonRequest("/api/v1/bureau/filings/1/decision", jsonBody),
			formRequest("/sms-verify", formBody),
			formRequest("/sms-verify/resend", formBody),
			formRequest("/bureau/filings/1/decision", formBody),
		} {
			req.AddCookie(cookie)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("%s %s: %d\n%s", req.Method, req.URL, w.Code, w.Body)
			}
		}
	})
}

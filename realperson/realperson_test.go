package realperson_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/realperson"
)

var secret = []byte("shared-secret-for-tests")

// service is a verification service that checks every request's signature
// and answers with the verdict of the certificate number it is given.
func service(t *testing.T, now time.Time, answers map[string]string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
			return
		}
		if err := realperson.VerifySignature(secret, r.Header.Get(realperson.HeaderTimestamp), r.Header.Get(realperson.HeaderSignature), body, now); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var req struct {
			RequestID, Name, CertType, CertNo string
			Photo, IDFront, IDBack            []byte
		}
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if string(req.Photo) != "photo-bytes" || string(req.IDFront) != "front" || string(req.IDBack) != "back" || req.Name != "张三" || req.RequestID == "" {
			http.Error(w, "photos or principal missing", http.StatusBadRequest)
			return
		}
		a, ok := answers[req.CertNo]
		if !ok {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		io.WriteString(w, a)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestProvider(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, beian.Shanghai)
	srv := service(t, now, map[string]string{
		"pass":    `{"verdict": "pass", "score": 97.5, "reference": "face-1", "message": "比对一致"}`,
		"fail":    `{"verdict": "fail", "score": 12, "reference": "face-2", "message": "非本人"}`,
		"pending": `{"verdict": "pending", "score": 0}`,
		"odd":     `{"verdict": "maybe"}`,
		"score":   `{"verdict": "pass", "score": 250}`,
		"garbage": `not json`,
	})
	req := func(certNo string) beian.RealPersonRequest {
		return beian.RealPersonRequest{ApplicationID: 1, Name: "张三", CertType: "居民身份证", CertNo: certNo,
			Photo: []byte("photo-bytes"), IDFront: []byte("front"), IDBack: []byte("back")}
	}
	p := &realperson.Provider{Name: "facecheck", URL: srv.URL, Secret: secret, Client: srv.Client(), Now: func() time.Time { return now }}
	tests := []struct {
		certNo  string
		verdict beian.Verdict
		score   float64
		err     string
	}{
		{"pass", beian.VerdictPass, 97.5, ""},
		{"fail", beian.VerdictFail, 12, ""},
		{"pending", beian.VerdictPending, 0, ""},
		{"odd", "", 0, "unknown verdict"},
		{"score", "", 0, "outside 0–100"},
		{"garbage", "", 0, "malformed answer"},
		{"unknown", "", 0, "500"},
	}
	for _, tt := range tests {
		c, err := p.Verify(context.Background(), req(tt.certNo))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: %v, want %q", tt.certNo, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.certNo, err)
			continue
		}
		if c.Method != "facecheck" || c.Verdict != tt.verdict || c.Score != tt.score || !c.CheckedAt.Equal(now) {
			t.Errorf("%s: %+v", tt.certNo, c)
		}
	}
	// A wrong secret or a stale clock is refused by the service.
	for name, bad := range map[string]*realperson.Provider{
		"wrong secret": {URL: srv.URL, Secret: []byte("other"), Client: srv.Client(), Now: func() time.Time { return now }},
		"stale clock":  {URL: srv.URL, Secret: secret, Client: srv.Client(), Now: func() time.Time { return now.Add(-10 * time.Minute) }},
	} {
		if _, err := bad.Verify(context.Background(), req("pass")); err == nil || !strings.Contains(err.Error(), "401") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestVerifySignature(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"a":1}`)
	ts := "1800000000"
	sig := realperson.Sign(secret, ts, body)
	tests := []struct {
		name, ts, sig string
		body          []byte
		ok            bool
	}{
		{"good", ts, sig, body, true},
		{"body changed", ts, sig, []byte(`{"a":2}`), false},
		{"timestamp changed", "1800000001", sig, body, false},
		{"bad hex", ts, "zz", body, false},
		{"old", "1799999000", realperson.Sign(secret, "1799999000", body), body, false},
		{"malformed ts", "soon", sig, body, false},
	}
	for _, tt := range tests {
		if err := realperson.VerifySignature(secret, tt.ts, tt.sig, tt.body, now); (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

package smshttp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testKey    = "key-1"
	testSecret = "s3cret"
)

var testNow = time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)

// captured is one request as seen by the fake gateway.
type captured struct {
	header http.Header
	body   []byte
	err    error // Verify's verdict
}

// gateway is a fake gateway that verifies and records requests and
// answers with status and answer.
type gateway struct {
	status int
	answer string
	header map[string]string

	mu   sync.Mutex
	reqs []captured
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	g.mu.Lock()
	g.reqs = append(g.reqs, captured{r.Header.Clone(), body, Verify(testSecret, r, body, testNow, time.Minute)})
	g.mu.Unlock()
	for k, v := range g.header {
		w.Header().Set(k, v)
	}
	if g.status != 0 {
		w.WriteHeader(g.status)
	}
	io.WriteString(w, g.answer)
}

func (g *gateway) requests() []captured {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]captured(nil), g.reqs...)
}

func newTestSender(t *testing.T, url string, edit func(*Config)) *Sender {
	t.Helper()
	cfg := Config{URL: url, Key: testKey, Secret: testSecret, Sender: "【Beian】",
		Now: func() time.Time { return testNow }}
	if edit != nil {
		edit(&cfg)
	}
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatalf("NewSender: %v", err)
	}
	return s
}

var testMessage = Message{
	To:   "13800000000",
	Text: "【Beian】您的备案密码：Abc123xyz789，请勿泄露。<b>&</b>",
	ID:   "sms-42",
}

func TestSendSignedChinese(t *testing.T) {
	g := &gateway{answer: `{"id":"gw-1001","status":"queued"}`}
	srv := httptest.NewServer(g)
	defer srv.Close()

	id, err := newTestSender(t, srv.URL+"/sms?tenant=a", nil).Send(context.Background(), testMessage)
	if err != nil || id != "gw-1001" {
		t.Fatalf("Send = %q, %v", id, err)
	}
	reqs := g.requests()
	if len(reqs) != 1 {
		t.Fatalf("gateway got %d requests", len(reqs))
	}
	r := reqs[0]
	if r.err != nil {
		t.Errorf("Verify: %v", r.err)
	}
	for h, want := range map[string]string{
		"Content-Type":       "application/json",
		HeaderKey:            testKey,
		HeaderTimestamp:      "1777622400",
		HeaderIdempotencyKey: "sms-42",
	} {
		if got := r.header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if got, want := r.header.Get(HeaderSignature), sign([]byte(testSecret), "1777622400", r.body); got != want {
		t.Errorf("signature = %q, want %q", got, want)
	}
	var p map[string]string
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
	want := map[string]string{"to": "13800000000", "text": testMessage.Text, "id": "sms-42", "sender": "【Beian】"}
	if len(p) != len(want) {
		t.Errorf("body fields = %v", p)
	}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("body %s = %q, want %q", k, p[k], v)
		}
	}
	if !strings.Contains(string(r.body), "备案密码：") || !strings.Contains(string(r.body), "<b>&</b>") {
		t.Errorf("body is not plain UTF-8 JSON: %s", r.body)
	}
}

func TestSendOptionalFields(t *testing.T) {
	g := &gateway{status: http.StatusAccepted, answer: "OK"}
	srv := httptest.NewServer(g)
	defer srv.Close()

	s := newTestSender(t, srv.URL, func(c *Config) { c.Sender = "" })
	id, err := s.Send(context.Background(), Message{To: "+8613800000000", Text: "测试"})
	if err != nil || id != "" {
		t.Fatalf("Send = %q, %v", id, err)
	}
	r := g.requests()[0]
	if string(r.body) != `{"to":"+8613800000000","text":"测试"}` || r.header.Get(HeaderIdempotencyKey) != "" {
		t.Errorf("body %s, Idempotency-Key %q", r.body, r.header.Get(HeaderIdempotencyKey))
	}
}

func TestAckID(t *testing.T) {
	for answer, want := range map[string]string{
		`{"id":"abc"}`:                "abc",
		`{"id":12345678901234567890}`: "12345678901234567890",
		`{"id":null}`:                 "",
		`{}`:                          "",
		``:                            "",
		`accepted`:                    "",
	} {
		if got := ackID([]byte(answer)); got != want {
			t.Errorf("ackID(%s) = %q, want %q", answer, got, want)
		}
	}
}

func TestSendStatusClassification(t *testing.T) {
	for _, tc := range []struct {
		status    int
		permanent bool
	}{
		{http.StatusBadRequest, true},
		{http.StatusUnauthorized, true},
		{http.StatusForbidden, true},
		{http.StatusUnprocessableEntity, true},
		{http.StatusRequestTimeout, false},
		{http.StatusTooManyRequests, false},
		{http.StatusInternalServerError, false},
		{http.StatusServiceUnavailable, false},
		{http.StatusFound, false}, // redirects are not followed
	} {
		g := &gateway{status: tc.status, answer: `{"error":"号码格式错误"}`,
			header: map[string]string{"Retry-After": "30", "Location": "/elsewhere"}}
		srv := httptest.NewServer(g)
		id, err := newTestSender(t, srv.URL, nil).Send(context.Background(), testMessage)
		srv.Close()

		var se *StatusError
		if id != "" || !errors.As(err, &se) || se.StatusCode != tc.status {
			t.Errorf("%d: Send = %q, %v", tc.status, id, err)
			continue
		}
		if IsPermanent(err) != tc.permanent {
			t.Errorf("%d: IsPermanent = %v, want %v", tc.status, IsPermanent(err), tc.permanent)
		}
		if se.RetryAfter != 30*time.Second || !strings.Contains(err.Error(), "号码格式错误") {
			t.Errorf("%d: RetryAfter %v, message %q", tc.status, se.RetryAfter, err)
		}
		if n := len(g.requests()); n != 1 {
			t.Errorf("%d: gateway got %d requests", tc.status, n)
		}
	}
}

func TestSendTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // lets the server notice the client leaving
		select {                    // never answers
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release) // runs first, so Close never waits on a handler

	t.Run("context", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := newTestSender(t, srv.URL, nil).Send(ctx, testMessage)
		if !errors.Is(err, context.DeadlineExceeded) || IsPermanent(err) {
			t.Fatalf("err = %v, permanent = %v", err, IsPermanent(err))
		}
	})
	t.Run("config", func(t *testing.T) {
		s := newTestSender(t, srv.URL, func(c *Config) { c.Timeout = 20 * time.Millisecond })
		_, err := s.Send(context.Background(), testMessage)
		if !errors.Is(err, context.DeadlineExceeded) || IsPermanent(err) {
			t.Fatalf("err = %v, permanent = %v", err, IsPermanent(err))
		}
	})
}

func TestSendNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/sms?token=hidden"
	srv.Close()
	_, err := newTestSender(t, url, nil).Send(context.Background(), testMessage)
	if err == nil || IsPermanent(err) {
		t.Fatalf("err = %v, permanent = %v", err, IsPermanent(err))
	}
	if strings.Contains(err.Error(), "hidden") {
		t.Errorf("error leaks the query: %v", err)
	}
}

func TestSendInvalidMessage(t *testing.T) {
	s := newTestSender(t, "http://127.0.0.1:1/", nil)
	for _, m := range []Message{{To: "", Text: "x"}, {To: "13800000000", Text: " "}} {
		if _, err := s.Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) || !IsPermanent(err) {
			t.Errorf("%+v: err = %v", m, err)
		}
	}
}

func TestNewSenderValidation(t *testing.T) {
	ok := Config{URL: "https://sms.example.cn/send", Key: "k", Secret: "s"}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"valid", func(*Config) {}, ""},
		{"no url", func(c *Config) { c.URL = "" }, "BEIAN_SMS_HTTP_URL"},
		{"bad scheme", func(c *Config) { c.URL = "ftp://sms.example.cn" }, "scheme"},
		{"no host", func(c *Config) { c.URL = "https:///send" }, "no host"},
		{"unparsable", func(c *Config) { c.URL = "http://[::1" }, "gateway URL"},
		{"no key", func(c *Config) { c.Key = "" }, "BEIAN_SMS_HTTP_KEY"},
		{"no secret", func(c *Config) { c.Secret = "" }, "BEIAN_SMS_HTTP_SECRET"},
		{"negative timeout", func(c *Config) { c.Timeout = -1 }, "negative timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok
			tc.edit(&cfg)
			_, err := NewSender(cfg)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

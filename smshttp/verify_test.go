package smshttp

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// signedRequest lets a Sender sign testMessage and returns what the
// gateway received.
func signedRequest(t *testing.T) captured {
	t.Helper()
	g := &gateway{}
	srv := httptest.NewServer(g)
	defer srv.Close()
	if _, err := newTestSender(t, srv.URL, nil).Send(context.Background(), testMessage); err != nil {
		t.Fatal(err)
	}
	return g.requests()[0]
}

func TestVerify(t *testing.T) {
	c := signedRequest(t)
	req := func(edit func(http.Header)) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		r.Header = c.header.Clone()
		if edit != nil {
			edit(r.Header)
		}
		return r
	}
	tampered := bytes.Replace(c.body, []byte("13800000000"), []byte("13900000000"), 1)

	for _, tc := range []struct {
		name   string
		secret string
		r      *http.Request
		body   []byte
		now    time.Time
		want   error
	}{
		{"valid", testSecret, req(nil), c.body, testNow, nil},
		{"valid within skew", testSecret, req(nil), c.body, testNow.Add(59 * time.Second), nil},
		{"valid default skew", testSecret, req(nil), c.body, testNow.Add(-4 * time.Minute), nil},
		{"tampered body", testSecret, req(nil), tampered, testNow, ErrBadSignature},
		{"wrong secret", "other", req(nil), c.body, testNow, ErrBadSignature},
		{"stale", testSecret, req(nil), c.body, testNow.Add(10 * time.Minute), ErrStaleTimestamp},
		{"future", testSecret, req(nil), c.body, testNow.Add(-10 * time.Minute), ErrStaleTimestamp},
		{"timestamp changed", testSecret, req(func(h http.Header) {
			h.Set(HeaderTimestamp, strconv.FormatInt(testNow.Unix()+1, 10))
		}), c.body, testNow, ErrBadSignature},
		{"timestamp garbage", testSecret, req(func(h http.Header) { h.Set(HeaderTimestamp, "now") }), c.body, testNow, ErrStaleTimestamp},
		{"signature garbage", testSecret, req(func(h http.Header) { h.Set(HeaderSignature, "zz") }), c.body, testNow, ErrBadSignature},
		{"no signature", testSecret, req(func(h http.Header) { h.Del(HeaderSignature) }), c.body, testNow, ErrMissingHeader},
		{"no timestamp", testSecret, req(func(h http.Header) { h.Del(HeaderTimestamp) }), c.body, testNow, ErrMissingHeader},
	} {
		skew := time.Minute
		if tc.name == "valid default skew" {
			skew = 0
		}
		err := Verify(tc.secret, tc.r, tc.body, tc.now, skew)
		if (tc.want == nil && err != nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: Verify = %v, want %v", tc.name, err, tc.want)
		}
	}
}

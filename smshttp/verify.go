package smshttp

import (
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultSkew is the clock difference Verify tolerates when skew <= 0.
const DefaultSkew = 5 * time.Minute

// Errors returned by Verify.
var (
	// ErrMissingHeader means X-Beian-Timestamp or X-Beian-Signature is
	// absent.
	ErrMissingHeader = errors.New("smshttp: missing signature header")
	// ErrStaleTimestamp means X-Beian-Timestamp is malformed or too far
	// from now.
	ErrStaleTimestamp = errors.New("smshttp: timestamp outside the allowed skew")
	// ErrBadSignature means X-Beian-Signature does not match the body.
	ErrBadSignature = errors.New("smshttp: bad signature")
)

// Verify checks a gateway request: that X-Beian-Signature is the HMAC of
// its X-Beian-Timestamp and body under secret, and that the timestamp is
// within skew of now (DefaultSkew when skew <= 0). body is the request
// body as read by the gateway (r.Body is not touched). Gateways select
// secret by the X-Beian-Key header. The errors wrap ErrMissingHeader,
// ErrStaleTimestamp or ErrBadSignature.
func Verify(secret string, r *http.Request, body []byte, now time.Time, skew time.Duration) error {
	if skew <= 0 {
		skew = DefaultSkew
	}
	ts := strings.TrimSpace(r.Header.Get(HeaderTimestamp))
	sig := strings.TrimSpace(r.Header.Get(HeaderSignature))
	switch {
	case ts == "":
		return fmt.Errorf("%w: %s", ErrMissingHeader, HeaderTimestamp)
	case sig == "":
		return fmt.Errorf("%w: %s", ErrMissingHeader, HeaderSignature)
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q is not unix seconds", ErrStaleTimestamp, ts)
	}
	if d := now.Sub(time.Unix(secs, 0)); d > skew || d < -skew {
		return fmt.Errorf("%w: %s is %v away from now", ErrStaleTimestamp, ts, d.Round(time.Second))
	}
	got, err := hex.DecodeString(sig)
	if err != nil {
		return fmt.Errorf("%w: not hex", ErrBadSignature)
	}
	want, _ := hex.DecodeString(sign([]byte(secret), ts, body))
	if !hmac.Equal(got, want) {
		return ErrBadSignature
	}
	return nil
}

package smshttp

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidMessage is wrapped by Send when the Message itself is unusable
// (no recipient or no text). IsPermanent reports true for it.
var ErrInvalidMessage = errors.New("smshttp: invalid message")

// StatusError is returned by Send when the gateway answers with a non-2xx
// status.
type StatusError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Body is the start of the answer body, for logs.
	Body string
	// RetryAfter is the delay asked for by a Retry-After header (at most
	// 24h), or 0.
	RetryAfter time.Duration
}

// Error implements error.
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("smshttp: gateway answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// Permanent reports whether the status means the request can never
// succeed: 4xx except 408 Request Timeout and 429 Too Many Requests.
func (e *StatusError) Permanent() bool {
	c := e.StatusCode
	return c >= 400 && c <= 499 && c != http.StatusRequestTimeout && c != http.StatusTooManyRequests
}

// IsPermanent reports whether err is a permanent failure that retrying
// cannot fix: a 4xx answer other than 408 and 429, or ErrInvalidMessage.
// 5xx, 408, 429, other statuses, network errors, timeouts and context
// cancellation are temporary: it reports false and the caller should
// retry later.
func IsPermanent(err error) bool {
	if errors.Is(err, ErrInvalidMessage) {
		return true
	}
	var se *StatusError
	return errors.As(err, &se) && se.Permanent()
}

// newStatusError builds the error for a non-2xx answer with body head b.
func newStatusError(resp *http.Response, b []byte, now time.Time) *StatusError {
	body := strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(string(b), "\uFFFD"))
	if r := []rune(body); len(r) > 200 {
		body = string(r[:200]) + "…"
	}
	return &StatusError{
		StatusCode: resp.StatusCode,
		Body:       strings.TrimSpace(body),
		RetryAfter: retryAfter(resp.Header.Get("Retry-After"), now),
	}
}

// retryAfter parses a Retry-After value (seconds or an HTTP date).
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

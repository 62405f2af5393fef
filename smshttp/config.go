package smshttp

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout bounds one request when Config.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// Config describes the HTTP SMS gateway.
type Config struct {
	// URL is the gateway endpoint, http or https (BEIAN_SMS_HTTP_URL).
	URL string
	// Key identifies the shared secret; sent as X-Beian-Key
	// (BEIAN_SMS_HTTP_KEY).
	Key string
	// Secret is the HMAC-SHA256 key signing every request
	// (BEIAN_SMS_HTTP_SECRET). It is never sent.
	Secret string
	// Sender is an optional sender id or signature, e.g. "【Beian】".
	Sender string
	// Timeout bounds one request including reading the answer; zero means
	// DefaultTimeout.
	Timeout time.Duration
	// Client optionally replaces the HTTP client. The default one does not
	// follow redirects.
	Client *http.Client
	// Now returns the time for X-Beian-Timestamp; nil means time.Now.
	Now func() time.Time
}

func (c Config) validate() (*Sender, error) {
	if strings.TrimSpace(c.URL) == "" {
		return nil, errors.New("smshttp: gateway URL (BEIAN_SMS_HTTP_URL) is empty")
	}
	u, err := url.Parse(strings.TrimSpace(c.URL))
	if err != nil {
		return nil, fmt.Errorf("smshttp: gateway URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("smshttp: gateway URL %q: scheme must be http or https", u.Redacted())
	}
	if u.Host == "" {
		return nil, fmt.Errorf("smshttp: gateway URL %q has no host", u.Redacted())
	}
	if c.Key == "" {
		return nil, errors.New("smshttp: key (BEIAN_SMS_HTTP_KEY) is empty")
	}
	if c.Secret == "" {
		return nil, errors.New("smshttp: secret (BEIAN_SMS_HTTP_SECRET) is empty")
	}
	if c.Timeout < 0 {
		return nil, fmt.Errorf("smshttp: negative timeout %v", c.Timeout)
	}

	s := &Sender{
		url:     u.String(),
		logURL:  (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String(),
		key:     c.Key,
		secret:  []byte(c.Secret),
		sender:  c.Sender,
		timeout: c.Timeout,
		client:  c.Client,
		now:     c.Now,
	}
	if s.timeout == 0 {
		s.timeout = DefaultTimeout
	}
	if s.client == nil {
		s.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

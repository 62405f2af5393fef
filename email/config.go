package email

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// TLSMode selects how the connection to the SMTP server is secured
// (BEIAN_SMTP_TLS).
type TLSMode string

const (
	// TLSNone speaks plain SMTP and never upgrades the connection.
	TLSNone TLSMode = "none"
	// TLSStartTLS requires STARTTLS: delivery fails when the server does
	// not offer it or the handshake fails. This is the default.
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit connects with TLS from the first byte (SMTPS, usually
	// port 465).
	TLSImplicit TLSMode = "tls"
)

// DefaultTimeout bounds a delivery attempt (dial, handshake and each SMTP
// command) when Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Config describes the SMTP relay, as read from the BEIAN_SMTP_*
// environment variables (documented in the README).
type Config struct {
	// Addr is the relay as host:port (BEIAN_SMTP_ADDR).
	Addr string
	// From is the sender, with an optional display name, e.g.
	// "Beian 备案系统 <noreply@example.cn>" (BEIAN_SMTP_FROM). Its domain
	// also qualifies the Message-ID.
	From string
	// User enables SMTP AUTH (PLAIN, or LOGIN when the server offers no
	// PLAIN) when not empty (BEIAN_SMTP_USER).
	User string
	// Password is the AUTH password (BEIAN_SMTP_PASSWORD).
	Password string
	// TLS is the TLS mode (BEIAN_SMTP_TLS); empty means TLSStartTLS.
	TLS TLSMode
	// Timeout bounds dialing, the TLS handshake and every SMTP command;
	// zero means DefaultTimeout.
	Timeout time.Duration
	// TLSConfig optionally replaces the TLS client configuration, e.g. to
	// trust a test certificate. Nil means the system roots; an empty
	// ServerName is filled in with the host of Addr.
	TLSConfig *tls.Config
}

// settings is a validated Config.
type settings struct {
	addr    string
	host    string
	port    int
	from    *mail.Address
	domain  string // domain of from, for Message-IDs
	user    string
	pass    string
	mode    TLSMode
	timeout time.Duration
	tls     *tls.Config
}

func (c Config) validate() (*settings, error) {
	s := &settings{user: c.User, pass: c.Password, timeout: c.Timeout}

	if strings.TrimSpace(c.Addr) == "" {
		return nil, errors.New("email: SMTP address (BEIAN_SMTP_ADDR) is empty")
	}
	host, portStr, err := net.SplitHostPort(strings.TrimSpace(c.Addr))
	if err != nil {
		return nil, fmt.Errorf("email: SMTP address %q is not host:port: %w", c.Addr, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 1 || port > 65535 {
		return nil, fmt.Errorf("email: SMTP address %q: invalid port %q", c.Addr, portStr)
	}
	if host == "" {
		return nil, fmt.Errorf("email: SMTP address %q has no host", c.Addr)
	}
	s.host, s.port, s.addr = host, port, net.JoinHostPort(host, portStr)

	if strings.TrimSpace(c.From) == "" {
		return nil, errors.New("email: sender address (BEIAN_SMTP_FROM) is empty")
	}
	s.from, err = mail.ParseAddress(c.From)
	if err != nil {
		return nil, fmt.Errorf("email: sender address %q: %w", c.From, err)
	}
	at := strings.LastIndexByte(s.from.Address, '@')
	if at < 1 || at == len(s.from.Address)-1 {
		return nil, fmt.Errorf("email: sender address %q has no domain", c.From)
	}
	s.domain = s.from.Address[at+1:]

	switch mode := TLSMode(strings.ToLower(strings.TrimSpace(string(c.TLS)))); mode {
	case "":
		s.mode = TLSStartTLS
	case TLSNone, TLSStartTLS, TLSImplicit:
		s.mode = mode
	default:
		return nil, fmt.Errorf("email: unknown TLS mode %q (want %q, %q or %q)",
			c.TLS, TLSNone, TLSStartTLS, TLSImplicit)
	}

	switch {
	case c.User == "" && c.Password != "":
		return nil, errors.New("email: SMTP password is set but the user is empty")
	case c.User != "" && c.Password == "":
		return nil, errors.New("email: SMTP user is set but the password is empty")
	case c.User != "" && s.mode == TLSNone && !isLoopback(host):
		return nil, fmt.Errorf("email: refusing SMTP AUTH without TLS to %s; use TLS mode %q or %q",
			host, TLSStartTLS, TLSImplicit)
	}

	if s.timeout < 0 {
		return nil, fmt.Errorf("email: negative timeout %v", c.Timeout)
	}
	if s.timeout == 0 {
		s.timeout = DefaultTimeout
	}

	if c.TLSConfig != nil {
		s.tls = c.TLSConfig.Clone()
	} else {
		s.tls = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if s.tls.ServerName == "" {
		s.tls.ServerName = host
	}
	return s, nil
}

// isLoopback reports whether host names this machine; go-mail allows
// AUTH PLAIN without TLS only there.
func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

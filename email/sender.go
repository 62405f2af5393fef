package email

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/mail"
	"strings"
	"sync"

	gomail "github.com/wneessen/go-mail"
)

// Message is one notification mail.
type Message struct {
	// To is the recipient, optionally with a display name.
	To string
	// Subject is the subject line; line breaks are folded into spaces.
	Subject string
	// Text is the plain-text body (required).
	Text string
	// HTML is an optional HTML alternative of Text.
	HTML string
	// ID is the stable idempotency key of the message. It becomes the
	// Message-ID <ID@from-domain> (escaped as needed), identical for every
	// retry. When empty a random Message-ID is generated.
	ID string
}

// Sender delivers Messages through one SMTP relay. It is safe for
// concurrent use.
type Sender struct {
	cfg *settings
}

// NewSender validates cfg and returns a Sender. It does not connect.
func NewSender(cfg Config) (*Sender, error) {
	s, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	return &Sender{cfg: s}, nil
}

// Send delivers m over a new connection. It returns nil once the server
// has accepted the message (a failure after that, such as a lost QUIT
// reply, is ignored so the message is not sent twice). Cancelling ctx
// aborts the attempt at any stage. Use IsPermanent to decide whether a
// failed delivery is worth retrying.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("email: send via %s: %w", s.cfg.addr, err)
	}

	conn := &connGuard{ctx: ctx}
	defer conn.close()
	stop := context.AfterFunc(ctx, conn.close)
	defer stop()

	client, err := gomail.NewClient(s.cfg.host, s.options(conn.dialer(s.cfg))...)
	if err != nil {
		return fmt.Errorf("email: %w", err)
	}
	sc, err := client.DialToSMTPClientWithContext(ctx)
	if err == nil {
		err = client.SendWithSMTPClient(sc, msg)
		if msg.IsDelivered() {
			_ = client.CloseWithSMTPClient(sc) // best-effort QUIT
			return nil
		}
	}
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("email: send via %s: %w (%w)", s.cfg.addr, cerr, err)
	}
	return fmt.Errorf("email: send via %s: %w", s.cfg.addr, err)
}

// options returns the go-mail client options for one delivery.
func (s *Sender) options(dial gomail.DialContextFunc) []gomail.Option {
	c := s.cfg
	opts := []gomail.Option{
		gomail.WithPort(c.port),
		gomail.WithTimeout(c.timeout),
		gomail.WithTLSConfig(c.tls),
		gomail.WithDialContextFunc(dial),
		gomail.WithoutNoop(),
		gomail.WithoutRset(),
	}
	switch c.mode {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		// The dialer performs the handshake; WithSSL skips STARTTLS.
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if c.user != "" {
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(c.user),
			gomail.WithPassword(c.pass))
	}
	return opts
}

// build validates m and turns it into a go-mail message.
func (s *Sender) build(m Message) (*gomail.Msg, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("%w: recipient %q: %v", ErrInvalidMessage, m.To, err)
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, fmt.Errorf("%w: empty text body", ErrInvalidMessage)
	}

	msg := gomail.NewMsg(
		gomail.WithCharset(gomail.CharsetUTF8),
		gomail.WithEncoding(gomail.EncodingB64),
		gomail.WithNoDefaultUserAgent(),
	)
	msg.FromMailAddress(s.cfg.from)
	msg.ToMailAddress(to)
	msg.Subject(oneLine(m.Subject))
	msg.SetDate()
	if m.ID != "" {
		msg.SetMessageIDWithValue(messageID(m.ID, s.cfg.domain))
	} else {
		msg.SetMessageID()
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// oneLine replaces line breaks so a value cannot spill into other headers.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}

// connGuard remembers the raw TCP connection of one delivery so it can be
// closed when the context is cancelled (go-mail only watches the context
// while dialing) and when Send returns (go-mail leaves it open when the
// session fails before a client is returned).
type connGuard struct {
	ctx    context.Context
	mu     sync.Mutex
	conn   net.Conn
	closed bool
}

// dialer returns the dial function handed to go-mail. It ignores the
// address go-mail computes (which mishandles IPv6) and dials cfg.addr,
// performing the TLS handshake itself in implicit TLS mode.
func (g *connGuard) dialer(cfg *settings) gomail.DialContextFunc {
	return func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		raw, err := d.DialContext(ctx, "tcp", cfg.addr)
		if err != nil {
			return nil, err
		}
		if !g.track(raw) {
			if err := g.ctx.Err(); err != nil {
				return nil, err
			}
			return nil, net.ErrClosed
		}
		if cfg.mode != TLSImplicit {
			return raw, nil
		}
		tc := tls.Client(raw, cfg.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, err
		}
		return tc, nil
	}
}

// track records conn; it closes it and returns false when the delivery
// was already aborted.
func (g *connGuard) track(conn net.Conn) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed || g.ctx.Err() != nil {
		conn.Close()
		return false
	}
	g.conn = conn
	return true
}

// close closes the tracked connection, if any, and refuses later ones.
func (g *connGuard) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = true
	if g.conn != nil {
		g.conn.Close()
		g.conn = nil
	}
}

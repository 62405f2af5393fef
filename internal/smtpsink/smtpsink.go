// Package smtpsink is a real SMTP server for tests and benchmarks: it listens
// on a loopback port, accepts mail over TCP and keeps what it receives. It can
// be stopped and started again on the same address to play an outage.
package smtpsink

import (
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Mail is one received message.
type Mail struct {
	From string
	To   []string
	Data []byte
}

// Sink is the server.
type Sink struct {
	mu       sync.Mutex
	addr     string
	srv      *smtp.Server
	ln       net.Listener
	mails    []Mail
	received chan struct{} // gets a value per received mail, never blocks
}

// Start listens on a free loopback port.
func Start() (*Sink, error) {
	s := &Sink{received: make(chan struct{}, 1<<16)}
	return s, s.listen("127.0.0.1:0")
}

// Addr is host:port of the sink.
func (s *Sink) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

func (s *Sink) listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "sink.test"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.mu.Lock()
	s.addr, s.srv, s.ln = ln.Addr().String(), srv, ln
	s.mu.Unlock()
	go srv.Serve(ln)
	return nil
}

// Stop closes the server; Restart opens it again on the same address.
func (s *Sink) Stop() error {
	s.mu.Lock()
	srv, ln := s.srv, s.ln
	s.srv, s.ln = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	// Close the listener ourselves too: Serve may not have registered it
	// with the server yet.
	ln.Close()
	return srv.Close()
}

// Restart listens again on the address it had.
func (s *Sink) Restart() error { return s.listen(s.Addr()) }

// Mails returns a copy of what arrived so far.
func (s *Sink) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// Wait blocks until n mails in all have arrived or timeout passes.
func (s *Sink) Wait(n int, timeout time.Duration) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if len(s.Mails()) >= n {
			return true
		}
		select {
		case <-s.received:
		case <-deadline.C:
			return len(s.Mails()) >= n
		}
	}
}

type backend struct{ s *Sink }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Sink
	mail Mail
}

func (se *session) Reset()        { se.mail = Mail{} }
func (se *session) Logout() error { return nil }
func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.mail.From = from
	return nil
}
func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.mail.To = append(se.mail.To, to)
	return nil
}
func (se *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(se.mail.To) == 0 {
		return errors.New("no recipients")
	}
	se.mail.Data = b
	se.s.mu.Lock()
	se.s.mails = append(se.s.mails, se.mail)
	se.s.mu.Unlock()
	select {
	case se.s.received <- struct{}{}:
	default:
	}
	return nil
}

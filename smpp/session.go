package smpp

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// Backoff is the redial schedule of a Session: after the n-th consecutive
// failure (n from 0) it waits Base·2ⁿ, at most Max, less a random fraction
// of up to Jitter of that delay.
type Backoff struct {
	Base   time.Duration // first delay; zero means 500ms
	Max    time.Duration // longest delay; zero means 1 minute
	Jitter float64       // 0 (none) to 1; spreads the redials of many processes
}

// Delay returns how long to wait after the n-th consecutive failure.
func (b Backoff) Delay(n int) time.Duration {
	base, max := b.Base, b.Max
	if base <= 0 {
		base = 500 * time.Millisecond
	}
	if max <= 0 {
		max = time.Minute
	}
	if max < base {
		max = base
	}
	d := base
	for i := 0; i < n && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	if j := min(b.Jitter, 1); j > 0 {
		d -= time.Duration(rand.Float64() * j * float64(d))
	}
	return d
}

// Session keeps a Client bound to one SMSC: it dials in the background,
// and when the connection drops or cannot be made it redials following
// its Backoff. Submit never waits for a connection: while none is bound it
// fails at once with an error wrapping ErrNotConnected, which is
// temporary, so the caller's queue retries later. A Session is safe for
// concurrent use.
type Session struct {
	addr    string
	cfg     Config
	backoff Backoff

	ctx     context.Context
	cancel  context.CancelFunc
	stopped chan struct{}

	mu      sync.Mutex
	client  *Client
	lastErr error
	change  chan struct{} // closed and replaced when client changes
}

// NewSession starts a Session that dials addr with cfg and redials with
// backoff; it returns immediately. Use WaitConnected to wait for the first
// bind, and Close to end it.
func NewSession(addr string, cfg Config, backoff Backoff) *Session {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Session{
		addr:    addr,
		cfg:     cfg,
		backoff: backoff,
		ctx:     ctx,
		cancel:  cancel,
		stopped: make(chan struct{}),
		change:  make(chan struct{}),
	}
	go s.run()
	return s
}

func (s *Session) run() {
	defer close(s.stopped)
	failures := 0
	for {
		c, err := Dial(s.ctx, s.addr, s.cfg)
		if s.ctx.Err() != nil {
			if c != nil {
				c.Close()
			}
			return
		}
		if err != nil {
			s.set(nil, err)
			if !s.wait(s.backoff.Delay(failures)) {
				return
			}
			failures++
			continue
		}
		s.set(c, nil)
		select {
		case <-s.ctx.Done():
			return // Close unbinds c.
		case <-c.Done():
		}
		s.set(nil, c.Err())
		c.Close()
		if !s.wait(s.backoff.Delay(0)) {
			return
		}
		failures = 1
	}
}

// wait sleeps for d unless the Session is closed first.
func (s *Session) wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.ctx.Done():
		return false
	}
}

func (s *Session) set(c *Client, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.client = c
	if err != nil {
		s.lastErr = err
	}
	close(s.change)
	s.change = make(chan struct{})
}

// Connected reports whether a bound connection is up right now.
func (s *Session) Connected() bool {
	c, _, _ := s.current()
	return c != nil
}

// current returns the bound client (nil while disconnected), a channel
// closed at the next change, and the last failure.
func (s *Session) current() (*Client, <-chan struct{}, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client != nil && s.client.Err() != nil {
		return nil, s.change, s.client.Err()
	}
	return s.client, s.change, s.lastErr
}

// LastError returns why the last dial failed or the last connection ended;
// nil if neither has happened yet.
func (s *Session) LastError() error {
	_, _, err := s.current()
	return err
}

// WaitConnected waits until the Session is bound, ctx is done or the
// Session is closed.
func (s *Session) WaitConnected(ctx context.Context) error {
	for {
		c, change, _ := s.current()
		if c != nil {
			return nil
		}
		select {
		case <-change:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.ctx.Done():
			return ErrClosed
		}
	}
}

// Submit sends req on the current connection; see Client.Submit. While
// disconnected it returns at once an error wrapping ErrNotConnected (and
// the cause of the last failure). After Close it returns ErrClosed.
func (s *Session) Submit(ctx context.Context, req SubmitRequest) ([]string, error) {
	if s.ctx.Err() != nil {
		return nil, ErrClosed
	}
	c, _, last := s.current()
	if c == nil {
		if last == nil {
			return nil, ErrNotConnected
		}
		if errors.Is(last, ErrNotConnected) {
			return nil, last
		}
		return nil, fmt.Errorf("%w: %w", ErrNotConnected, last)
	}
	return c.Submit(ctx, req)
}

// Close stops redialling and closes the current connection, if any, as
// Client.Close does (unbind, then disconnect).
func (s *Session) Close() error {
	s.cancel()
	<-s.stopped
	s.mu.Lock()
	c := s.client
	s.client = nil
	s.mu.Unlock()
	if c != nil {
		return c.Close()
	}
	return nil
}

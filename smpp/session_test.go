package smpp_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/beianhq/beian/smpp"
	"github.com/beianhq/beian/smpp/smsctest"
)

var fastBackoff = smpp.Backoff{Base: time.Millisecond, Max: 5 * time.Millisecond}

func newSession(t *testing.T, addr string, cfg smpp.Config) *smpp.Session {
	t.Helper()
	s := smpp.NewSession(addr, cfg, fastBackoff)
	t.Cleanup(func() { s.Close() })
	return s
}

func waitConnected(t *testing.T, s *smpp.Session) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := s.WaitConnected(ctx); err != nil {
		t.Fatalf("WaitConnected: %v (last error %v)", err, s.LastError())
	}
}

// eventually checks cond every millisecond until it holds or the
// deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestBackoffDelay(t *testing.T) {
	b := smpp.Backoff{Base: 10 * time.Millisecond, Max: 100 * time.Millisecond}
	for n, want := range []time.Duration{10, 20, 40, 80, 100, 100} {
		if got := b.Delay(n); got != want*time.Millisecond {
			t.Errorf("Delay(%d) = %v, want %v", n, got, want*time.Millisecond)
		}
	}
	if got := b.Delay(1000); got != 100*time.Millisecond {
		t.Errorf("Delay(1000) = %v", got)
	}
	var zero smpp.Backoff
	if zero.Delay(0) != 500*time.Millisecond || zero.Delay(100) != time.Minute {
		t.Errorf("defaults: %v, %v", zero.Delay(0), zero.Delay(100))
	}
	b.Jitter = 0.5
	for range 100 {
		if d := b.Delay(2); d < 20*time.Millisecond || d > 40*time.Millisecond {
			t.Fatalf("jittered Delay(2) = %v, want within [20ms, 40ms]", d)
		}
	}
}

func TestSessionReconnects(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	s := newSession(t, srv.Addr(), testConfig())
	waitConnected(t, s)
	req := smpp.SubmitRequest{Source: "1069", Dest: "8613800138000", Text: "验证码 1234"}
	if _, err := s.Submit(context.Background(), req); err != nil {
		t.Fatalf("Submit: %v", err)
	}

	// The SMSC goes down: Submit fails, temporarily, and quickly.
	srv.Stop()
	_, err := s.Submit(context.Background(), req)
	if err == nil || !smpp.IsTemporary(err) {
		t.Fatalf("Submit with the SMSC down = %v; want a temporary error", err)
	}
	eventually(t, "disconnection", func() bool { return !s.Connected() })
	start := time.Now()
	_, err = s.Submit(context.Background(), req)
	if !errors.Is(err, smpp.ErrNotConnected) || !smpp.IsTemporary(err) {
		t.Fatalf("Submit while disconnected = %v; want ErrNotConnected", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Submit while disconnected took %v", d)
	}
	if s.LastError() == nil {
		t.Error("LastError() = nil while disconnected")
	}

	// It comes back on the same address: the session rebinds by itself.
	srv.Restart()
	waitConnected(t, s)
	ids, err := s.Submit(context.Background(), req)
	if err != nil || len(ids) != 1 {
		t.Fatalf("Submit after the SMSC restarted = %v, %v", ids, err)
	}
	msgs := srv.Messages()
	if len(msgs) != 2 || msgs[1].Text != req.Text || msgs[1].MessageIDs[0] != ids[0] {
		t.Errorf("SMSC messages %+v", msgs)
	}
	if st := srv.Stats(); st.Binds != 2 {
		t.Errorf("SMSC saw %d binds, want 2", st.Binds)
	}
}

func TestSessionDialsUntilSMSCIsUp(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	srv.Stop()
	s := newSession(t, srv.Addr(), testConfig())
	_, err := s.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: "x"})
	if !errors.Is(err, smpp.ErrNotConnected) || !smpp.IsTemporary(err) {
		t.Fatalf("Submit before connecting = %v", err)
	}
	eventually(t, "a failed dial", func() bool { return s.LastError() != nil })
	srv.Restart()
	waitConnected(t, s)
	if _, err := s.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: "x"}); err != nil {
		t.Fatal(err)
	}
}

func TestSessionDroppedConnection(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	s := newSession(t, srv.Addr(), testConfig())
	waitConnected(t, s)
	srv.DropConnections()
	waitFor(t, srv, "a second bind", func(st smsctest.Stats) bool { return st.Binds == 2 })
	waitConnected(t, s)
	if _, err := s.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: "x"}); err != nil {
		t.Fatal(err)
	}
}

func TestSessionBindFailure(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	cfg := testConfig()
	cfg.Password = "wrong"
	s := newSession(t, srv.Addr(), cfg)
	waitFor(t, srv, "repeated binds", func(st smsctest.Stats) bool { return st.BindFailures >= 3 })
	_, err := s.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: "x"})
	var se *smpp.StatusError
	if !errors.Is(err, smpp.ErrNotConnected) || !errors.As(err, &se) || se.Status != smpp.ESME_RBINDFAIL {
		t.Errorf("Submit = %v; want ErrNotConnected with ESME_RBINDFAIL", err)
	}
}

func TestSessionClose(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	s := newSession(t, srv.Addr(), testConfig())
	waitConnected(t, s)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if st := srv.Stats(); st.Unbinds != 1 {
		t.Errorf("SMSC saw %d unbinds", st.Unbinds)
	}
	if _, err := s.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: "x"}); !errors.Is(err, smpp.ErrClosed) {
		t.Errorf("Submit after Close = %v", err)
	}
	if err := s.WaitConnected(context.Background()); !errors.Is(err, smpp.ErrClosed) {
		t.Errorf("WaitConnected after Close = %v", err)
	}
	if s.Connected() {
		t.Error("Connected after Close")
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	// Closing while the SMSC is down returns at once.
	srv.Stop()
	s2 := smpp.NewSession(srv.Addr(), testConfig(), smpp.Backoff{Base: time.Hour})
	if err := s2.Close(); err != nil {
		t.Errorf("Close while disconnected: %v", err)
	}
}

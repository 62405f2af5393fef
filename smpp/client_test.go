package smpp_test

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beianhq/beian/smpp"
	"github.com/beianhq/beian/smpp/smsctest"
)

const wait = 5 * time.Second // upper bound for anything a test waits for

func testConfig() smpp.Config {
	return smpp.Config{SystemID: "beian", Password: "secret", Timeout: wait, EnquireLink: -1}
}

func startSMSC(t *testing.T, opts smsctest.Options) *smsctest.Server {
	t.Helper()
	opts.SystemID, opts.Password = "beian", "secret"
	return smsctest.Start(t, opts)
}

func dial(t *testing.T, srv *smsctest.Server, cfg smpp.Config) *smpp.Client {
	t.Helper()
	c, err := smpp.Dial(context.Background(), srv.Addr(), cfg)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func waitFor(t *testing.T, srv *smsctest.Server, what string, cond func(smsctest.Stats) bool) {
	t.Helper()
	if !srv.WaitFor(wait, func() bool { return cond(srv.Stats()) }) {
		t.Fatalf("timed out waiting for %s; stats %+v", what, srv.Stats())
	}
}

func TestBind(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	c := dial(t, srv, testConfig())
	if c.SystemID() != "smsctest" {
		t.Errorf("SystemID() = %q", c.SystemID())
	}
	if c.Err() != nil {
		t.Errorf("Err() = %v on a live client", c.Err())
	}
	if st := srv.Stats(); st.Binds != 1 || st.BindFailures != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestBindFailure(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	cfg := testConfig()
	cfg.Password = "wrong"
	c, err := smpp.Dial(context.Background(), srv.Addr(), cfg)
	var se *smpp.StatusError
	if !errors.As(err, &se) || se.Status != smpp.ESME_RBINDFAIL || se.Command != smpp.BindTransceiverID {
		t.Fatalf("Dial = %v, %v; want ESME_RBINDFAIL", c, err)
	}
	if smpp.IsTemporary(err) {
		t.Error("bind failure is temporary")
	}
	if st := srv.Stats(); st.BindFailures != 1 || st.Binds != 0 {
		t.Errorf("stats %+v", st)
	}

	// Nobody listening: a temporary error.
	srv.Stop()
	_, err = smpp.Dial(context.Background(), srv.Addr(), testConfig())
	if !errors.Is(err, smpp.ErrNotConnected) || !smpp.IsTemporary(err) {
		t.Errorf("Dial to a stopped SMSC = %v; want temporary ErrNotConnected", err)
	}
}

func TestSubmit(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	c := dial(t, srv, testConfig())
	tests := []struct {
		name   string
		text   string
		coding byte
		parts  int
	}{
		{"ascii", "Your verification code is 482913.", 0x00, 1},
		{"ascii multipart", strings.Repeat("Beian filing notice. ", 20), 0x00, 3},
		{"chinese", "【备案】您的验证码为482913，5分钟内有效。", 0x08, 1},
		{"chinese 70", chinese(70), 0x08, 1},
		{"chinese 71", chinese(71), 0x08, 2},
		{"chinese 200", chinese(200), 0x08, 3},
		{"emoji at part boundary", chinese(66) + "😀" + chinese(10), 0x08, 2},
	}
	seen := map[string]bool{}
	for i, tt := range tests {
		ids, err := c.Submit(context.Background(), smpp.SubmitRequest{Source: "10690000", Dest: "8613800138000", Text: tt.text})
		if err != nil {
			t.Fatalf("%s: Submit: %v", tt.name, err)
		}
		if len(ids) != tt.parts {
			t.Errorf("%s: %d message IDs, want %d", tt.name, len(ids), tt.parts)
		}
		for _, id := range ids {
			if id == "" || seen[id] {
				t.Errorf("%s: message ID %q empty or reused", tt.name, id)
			}
			seen[id] = true
		}
		if !srv.WaitFor(wait, func() bool { return len(srv.Messages()) == i+1 }) {
			t.Fatalf("%s: SMSC has %d messages", tt.name, len(srv.Messages()))
		}
		m := srv.Messages()[i]
		if m.Text != tt.text {
			t.Errorf("%s: SMSC re-assembled\n%q\nwant\n%q", tt.name, m.Text, tt.text)
		}
		if m.Source != "10690000" || m.Dest != "8613800138000" || m.DataCoding != tt.coding || m.Parts != tt.parts {
			t.Errorf("%s: SMSC got %+v", tt.name, m)
		}
		if !slices.Equal(m.MessageIDs, ids) {
			t.Errorf("%s: SMSC IDs %v, Submit returned %v", tt.name, m.MessageIDs, ids)
		}
		if m.RegisteredDelivery != 0 {
			t.Errorf("%s: registered_delivery %d without asking", tt.name, m.RegisteredDelivery)
		}
	}
}

func TestSubmitConcurrent(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	c := dial(t, srv, testConfig())
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Submit(context.Background(), smpp.SubmitRequest{Source: "1069", Dest: "86138", Text: chinese(80 + i)})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	msgs := srv.Messages()
	if len(msgs) != n {
		t.Fatalf("SMSC has %d messages, want %d", len(msgs), n)
	}
	for _, m := range msgs {
		if m.Parts != 2 || m.Text != chinese(len([]rune(m.Text))) {
			t.Errorf("garbled message: %+v", m)
		}
	}
}

func TestSubmitInvalidRequest(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	c := dial(t, srv, testConfig())
	_, err := c.Submit(context.Background(), smpp.SubmitRequest{Dest: strings.Repeat("1", 21), Text: "x"})
	if err == nil || smpp.IsTemporary(err) {
		t.Errorf("too long destination: %v", err)
	}
	_, err = c.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: strings.Repeat("a", 153*255+1)})
	if !errors.Is(err, smpp.ErrTextTooLong) {
		t.Errorf("too long text: %v", err)
	}
	// The connection is still good.
	if _, err := c.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: "x"}); err != nil {
		t.Errorf("Submit after refused requests: %v", err)
	}
}

func TestDeliveryReceipt(t *testing.T) {
	for _, stat := range []string{smpp.StatDelivered, smpp.StatUndeliverable} {
		t.Run(stat, func(t *testing.T) {
			srv := startSMSC(t, smsctest.Options{Receipts: true, ReceiptStat: stat})
			receipts := make(chan smpp.DeliveryReceipt, 10)
			cfg := testConfig()
			cfg.OnReceipt = func(r smpp.DeliveryReceipt) { receipts <- r }
			cfg.OnMessage = func(d *smpp.DeliverSM) { t.Errorf("receipt passed to OnMessage: %+v", d) }
			c := dial(t, srv, cfg)

			// Without RegisteredDelivery no receipt is asked for.
			if _, err := c.Submit(context.Background(), smpp.SubmitRequest{Source: "1069", Dest: "8613800138000", Text: "no receipt"}); err != nil {
				t.Fatal(err)
			}
			ids, err := c.Submit(context.Background(), smpp.SubmitRequest{
				Source: "1069", Dest: "8613800138000", Text: "Your code is 1234", RegisteredDelivery: true})
			if err != nil {
				t.Fatal(err)
			}
			select {
			case r := <-receipts:
				if r.MessageID != ids[0] || r.Stat != stat || r.Source != "8613800138000" || r.Dest != "1069" {
					t.Errorf("receipt %+v for message %s", r, ids[0])
				}
				if r.Delivered() != (stat == smpp.StatDelivered) || r.State.String() != stat {
					t.Errorf("receipt %+v", r)
				}
				if r.Text != "Your code is 1234" || r.DoneDate.IsZero() {
					t.Errorf("receipt text %q, done date %v", r.Text, r.DoneDate)
				}
			case <-time.After(wait):
				t.Fatal("no receipt")
			}
			waitFor(t, srv, "deliver_sm_resp", func(st smsctest.Stats) bool { return st.DeliverResps == 1 })

			// A multipart message gets one receipt per part.
			ids, err = c.Submit(context.Background(), smpp.SubmitRequest{
				Source: "1069", Dest: "8613800138000", Text: chinese(150), RegisteredDelivery: true})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for range ids {
				select {
				case r := <-receipts:
					got = append(got, r.MessageID)
				case <-time.After(wait):
					t.Fatalf("receipts for %v: got %v", ids, got)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, ids) {
				t.Errorf("receipts for %v, want %v", got, ids)
			}
			if srv.Messages()[1].RegisteredDelivery != 1 {
				t.Errorf("registered_delivery = %d", srv.Messages()[1].RegisteredDelivery)
			}
		})
	}
}

func TestEnquireLink(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	cfg := testConfig()
	cfg.EnquireLink = 10 * time.Millisecond
	c := dial(t, srv, cfg)
	waitFor(t, srv, "enquire_link", func(st smsctest.Stats) bool { return st.EnquireLinks >= 3 })
	if c.Err() != nil {
		t.Errorf("Err() = %v", c.Err())
	}
}

func TestAnswersSMSCEnquireLink(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{EnquireLink: 10 * time.Millisecond})
	dial(t, srv, testConfig())
	waitFor(t, srv, "enquire_link_resp", func(st smsctest.Stats) bool { return st.EnquireLinkResps >= 3 })
}

func TestThrottled(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	c := dial(t, srv, testConfig())
	req := smpp.SubmitRequest{Source: "1069", Dest: "8613800138000", Text: "code 1234"}

	srv.RejectNext(1, smpp.ESME_RTHROTTLED)
	ids, err := c.Submit(context.Background(), req)
	var se *smpp.StatusError
	if !errors.As(err, &se) || se.Status != smpp.ESME_RTHROTTLED || se.Command != smpp.SubmitSMID || !smpp.IsTemporary(err) {
		t.Fatalf("Submit = %v, %v; want temporary ESME_RTHROTTLED", ids, err)
	}
	if _, err := c.Submit(context.Background(), req); err != nil {
		t.Fatalf("Submit after throttling: %v", err)
	}

	srv.RejectNext(1, smpp.ESME_RINVDSTADR)
	_, err = c.Submit(context.Background(), req)
	if !errors.As(err, &se) || se.Status != smpp.ESME_RINVDSTADR || smpp.IsTemporary(err) {
		t.Fatalf("Submit = %v; want permanent ESME_RINVDSTADR", err)
	}
	if len(srv.Messages()) != 1 {
		t.Errorf("SMSC recorded %d messages", len(srv.Messages()))
	}
}

func TestClose(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	c := dial(t, srv, testConfig())
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if st := srv.Stats(); st.Unbinds != 1 {
		t.Errorf("SMSC saw %d unbinds", st.Unbinds)
	}
	select {
	case <-c.Done():
	default:
		t.Error("Done not closed after Close")
	}
	if !errors.Is(c.Err(), smpp.ErrClosed) {
		t.Errorf("Err() = %v", c.Err())
	}
	if _, err := c.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: "x"}); !errors.Is(err, smpp.ErrClosed) || smpp.IsTemporary(err) {
		t.Errorf("Submit after Close = %v", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestSMSCUnbind(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	c := dial(t, srv, testConfig())
	srv.Unbind()
	select {
	case <-c.Done():
	case <-time.After(wait):
		t.Fatal("client still up after the SMSC unbound")
	}
	waitFor(t, srv, "unbind_resp", func(st smsctest.Stats) bool { return st.UnbindResps == 1 })
	if !errors.Is(c.Err(), smpp.ErrConnectionLost) {
		t.Errorf("Err() = %v", c.Err())
	}
	if _, err := c.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: "x"}); !smpp.IsTemporary(err) {
		t.Errorf("Submit after unbind = %v; want temporary", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close after unbind: %v", err)
	}
}

func TestConnectionDropped(t *testing.T) {
	srv := startSMSC(t, smsctest.Options{})
	c := dial(t, srv, testConfig())
	srv.DropConnections()
	select {
	case <-c.Done():
	case <-time.After(wait):
		t.Fatal("client did not notice the dropped connection")
	}
	_, err := c.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: "x"})
	if !errors.Is(err, smpp.ErrConnectionLost) || !smpp.IsTemporary(err) {
		t.Errorf("Submit = %v; want temporary ErrConnectionLost", err)
	}
}

// silentSMSC accepts binds and then reads and ignores everything, like an
// SMSC that hangs.
func silentSMSC(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					p, err := smpp.ReadPDU(c)
					if err != nil {
						return
					}
					if b, ok := p.(*smpp.Bind); ok {
						smpp.WritePDU(c, &smpp.BindResp{ID: b.ID.Response(), Sequence: b.Sequence, SystemID: "silent"})
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func TestResponseTimeout(t *testing.T) {
	addr := silentSMSC(t)
	cfg := testConfig()
	cfg.Timeout = 50 * time.Millisecond
	c, err := smpp.Dial(context.Background(), addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Submit(context.Background(), smpp.SubmitRequest{Dest: "1", Text: "x"})
	if !errors.Is(err, smpp.ErrTimeout) || !smpp.IsTemporary(err) {
		t.Errorf("Submit = %v; want ErrTimeout", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Submit(ctx, smpp.SubmitRequest{Dest: "1", Text: "x"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Submit with cancelled context = %v", err)
	}

	// Close gives up waiting for unbind_resp after Timeout.
	start := time.Now()
	if err := c.Close(); err == nil {
		t.Error("Close without unbind_resp succeeded")
	}
	if d := time.Since(start); d > wait {
		t.Errorf("Close took %v", d)
	}
}

func TestDeadLinkDetected(t *testing.T) {
	addr := silentSMSC(t)
	cfg := testConfig()
	cfg.Timeout = 50 * time.Millisecond
	cfg.EnquireLink = 10 * time.Millisecond
	c, err := smpp.Dial(context.Background(), addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	select {
	case <-c.Done():
	case <-time.After(wait):
		t.Fatal("unanswered enquire_link did not end the connection")
	}
	if !errors.Is(c.Err(), smpp.ErrConnectionLost) || !errors.Is(c.Err(), smpp.ErrTimeout) {
		t.Errorf("Err() = %v", c.Err())
	}
}

func TestDialContext(t *testing.T) {
	addr := silentSMSC(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := smpp.Dial(ctx, addr, testConfig()); !errors.Is(err, context.Canceled) {
		t.Errorf("Dial with cancelled context = %v", err)
	}
}

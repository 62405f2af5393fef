package notify_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/email"
	"github.com/beianhq/beian/internal/smtpsink"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/smpp"
	"github.com/beianhq/beian/smpp/smsctest"
	"github.com/beianhq/beian/smshttp"
	"github.com/beianhq/beian/store"
)

// clock is the injected time of a test store.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func startSink(t *testing.T) *smtpsink.Sink {
	t.Helper()
	sink, err := smtpsink.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sink.Stop() })
	return sink
}

func startBenchSink() (*smtpsink.Sink, error) { return smtpsink.Start() }

func benchSender(t testing.TB, addr string) notify.EmailSender { return smtpSender(t, addr) }

func smtpSender(t testing.TB, addr string) notify.EmailSender {
	t.Helper()
	s, err := email.NewSender(email.Config{Addr: addr, From: "Beian 备案系统 <noreply@beian.test>", TLS: email.TLSNone, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return notify.SMTP{Sender: s}
}

func runOnce(t *testing.T, w *notify.Worker) int {
	t.Helper()
	n, err := w.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	return n
}

func message(t *testing.T, db *store.DB, id int64) *beian.Message {
	t.Helper()
	m, err := db.FindMessageByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var reset = notify.PasswordReset{UnitName: "杭州云栖网络科技有限公司", MainLicence: "浙ICP备2021012345号", Password: "Ab3dEf6hJk9m"}

// TestWorker_SMTP delivers a Chinese email to a real SMTP server, once.
func TestWorker_SMTP(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			sink := startSink(t)
			n := mustNew(t)
			n.Email = true
			msgs := notifyIn(t, db, n, "reset-1", notify.Recipient{Email: "zhang@example.cn"}, reset)
			w := &notify.Worker{DB: db, Email: smtpSender(t, sink.Addr())}
			if got := runOnce(t, w); got != 1 {
				t.Fatalf("attempted %d jobs, want 1", got)
			}
			if runOnce(t, w) != 0 {
				t.Fatal("a delivered message was attempted again")
			}
			mails := sink.Mails()
			if len(mails) != 1 || mails[0].To[0] != "zhang@example.cn" {
				t.Fatalf("mails=%+v", mails)
			}
			msg, err := mail.ReadMessage(bytes.NewReader(mails[0].Data))
			if err != nil {
				t.Fatal(err)
			}
			subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if subject != "【备案系统】您的新备案密码" {
				t.Errorf("subject=%q", subject)
			}
			if !strings.Contains(msg.Header.Get("Message-Id"), "reset-1") {
				t.Errorf("Message-Id=%q does not carry the idempotency key", msg.Header.Get("Message-Id"))
			}
			if m := message(t, db, msgs[0].ID); m.State != beian.MessageSent || m.Via != "smtp" || m.Attempts != 1 || m.SentAt.IsZero() {
				t.Fatalf("delivery record: %+v", m)
			}
		})
	}
}

// TestWorker_ServerDown: the SMTP server is down for the first attempts;
// the message waits out its backoff and is delivered once the server is
// back, exactly once.
func TestWorker_ServerDown(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			c := &clock{now: testdb.Now}
			db.Now = c.Now
			sink := startSink(t)
			sink.Stop()
			n := mustNew(t)
			n.Email = true
			msgs := notifyIn(t, db, n, "evt", notify.Recipient{Email: "zhang@example.cn"}, reset)
			w := &notify.Worker{DB: db, Email: smtpSender(t, sink.Addr())}

			for attempt := 1; attempt <= 2; attempt++ {
				if runOnce(t, w) != 1 {
					t.Fatalf("attempt %d did not run", attempt)
				}
				m := message(t, db, msgs[0].ID)
				if m.State != beian.MessageQueued || m.Attempts != attempt || m.LastError == "" {
					t.Fatalf("after failed attempt %d: %+v", attempt, m)
				}
				// Not retried before its backoff …
				c.now = c.now.Add(notify.DefaultBackoff(attempt) - time.Second)
				if runOnce(t, w) != 0 {
					t.Fatalf("retried before the backoff of attempt %d", attempt)
				}
				c.now = c.now.Add(time.Second) // … but right after it.
			}
			if err := sink.Restart(); err != nil {
				t.Fatal(err)
			}
			if runOnce(t, w) != 1 {
				t.Fatal("third attempt did not run")
			}
			c.now = c.now.Add(24 * time.Hour)
			runOnce(t, w)
			if got := len(sink.Mails()); got != 1 {
				t.Fatalf("%d mails arrived, want exactly 1", got)
			}
			if m := message(t, db, msgs[0].ID); m.State != beian.MessageSent || m.Attempts != 3 {
				t.Fatalf("record: %+v", m)
			}
		})
	}
}

// TestWorker_Crash: the process stops after the commit and before sending
// (and, second case, after claiming the job); after a restart the message is
// delivered, once.
func TestWorker_Crash(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "beian.db")
	sink := startSink(t)
	c := &clock{now: testdb.Now}

	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = c.Now
	n := mustNew(t)
	n.Email = true
	notifyIn(t, db, n, "before-send", notify.Recipient{Email: "a@example.cn"}, reset)
	notifyIn(t, db, n, "after-claim", notify.Recipient{Email: "b@example.cn"}, reset)
	// A worker claimed one job and died before sending it.
	if jobs, err := db.ClaimJobs(context.Background(), 1, 5*time.Minute); err != nil || len(jobs) != 1 {
		t.Fatalf("claim: %v %v", jobs, err)
	}
	db.Close() // the process stops

	db, err = store.Open(context.Background(), path) // and starts again
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Now = c.Now
	w := &notify.Worker{DB: db, Email: smtpSender(t, sink.Addr())}
	runOnce(t, w)
	if got := len(sink.Mails()); got != 1 {
		t.Fatalf("after restart: %d mails, want the unclaimed one", got)
	}
	c.now = c.now.Add(5 * time.Minute) // the dead worker's lease runs out
	runOnce(t, w)
	c.now = c.now.Add(time.Hour)
	runOnce(t, w)
	mails := sink.Mails()
	if len(mails) != 2 || mails[0].To[0] == mails[1].To[0] {
		t.Fatalf("mails=%d, want each message exactly once", len(mails))
	}
}

// TestWorker_SMPP sends a Chinese SMS to a real SMSC over SMPP and records
// its delivery receipt; an invalid destination is dead at once.
func TestWorker_SMPP(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	smsc := smsctest.Start(t, smsctest.Options{SystemID: "beian", Password: "secret", Receipts: true})
	ctx := context.Background()
	receipts := make(chan struct{}, 10)
	record := func(ctx context.Context, id string, delivered bool, detail string) (bool, error) {
		defer func() { receipts <- struct{}{} }()
		return db.RecordReceipt(ctx, id, delivered, detail)
	}
	session := smpp.NewSession(smsc.Addr(), smpp.Config{
		SystemID: "beian", Password: "secret",
		OnReceipt: notify.ReceiptRecorder(ctx, record, func(err error) { t.Error(err) }),
	}, smpp.Backoff{Base: 10 * time.Millisecond, Max: 50 * time.Millisecond})
	defer session.Close()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := session.WaitConnected(wctx); err != nil {
		t.Fatal(err)
	}
	n := mustNew(t)
	n.SMS = true
	msgs := notifyIn(t, db, n, "sms-1", notify.Recipient{Mobile: "13800000001"}, reset)
	w := &notify.Worker{DB: db, SMS: notify.SMPP{Session: session, Source: "106900001234"}}
	runOnce(t, w)

	got := smsc.Messages()
	if len(got) != 1 || got[0].Dest != "13800000001" || got[0].Text != msgs[0].Body || got[0].DataCoding != 0x08 {
		t.Fatalf("SMSC received %+v, want %q in UCS-2", got, msgs[0].Body)
	}
	select {
	case <-receipts:
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery receipt")
	}
	if m := message(t, db, msgs[0].ID); m.State != beian.MessageDelivered || m.GatewayID != got[0].MessageIDs[0] {
		t.Fatalf("receipt not recorded: %+v", m)
	}

	smsc.RejectNext(1, smpp.ESME_RINVDSTADR)
	msgs = notifyIn(t, db, n, "sms-2", notify.Recipient{Mobile: "13900000002"}, reset)
	runOnce(t, w)
	if m := message(t, db, msgs[0].ID); m.State != beian.MessageDead || !strings.Contains(m.LastError, "ESME_RINVDSTADR") {
		t.Fatalf("invalid destination: %+v", m)
	}
}

// TestWorker_HTTPSMS sends through the HTTP gateway, which checks the
// signature, and retries after a 503.
func TestWorker_HTTPSMS(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	c := &clock{now: testdb.Now}
	db.Now = c.Now
	var calls atomic.Int32
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := smshttp.Verify("s3cret", r, body, time.Now(), time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if calls.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"gw-42"}`)
	}))
	defer gw.Close()
	s, err := smshttp.NewSender(smshttp.Config{URL: gw.URL, Key: "k1", Secret: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	n := mustNew(t)
	n.SMS = true
	msgs := notifyIn(t, db, n, "http-1", notify.Recipient{Mobile: "13800000001"}, reset)
	w := &notify.Worker{DB: db, SMS: notify.HTTPSMS{Sender: s}}
	runOnce(t, w)
	if m := message(t, db, msgs[0].ID); m.State != beian.MessageQueued || !strings.Contains(m.LastError, "503") {
		t.Fatalf("after a 503: %+v", m)
	}
	c.now = c.now.Add(time.Minute)
	runOnce(t, w)
	if m := message(t, db, msgs[0].ID); m.State != beian.MessageSent || m.GatewayID != "gw-42" || m.Via != "http" {
		t.Fatalf("record: %+v", m)
	}
}

// TestWorker_DeadAfterMaxAttempts: a message that keeps failing stops being
// retried and says why.
func TestWorker_DeadAfterMaxAttempts(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	c := &clock{now: testdb.Now}
	db.Now = c.Now
	sink := startSink(t)
	sink.Stop()
	n := mustNew(t)
	n.Email, n.MaxAttempts = true, 3
	msgs := notifyIn(t, db, n, "evt", notify.Recipient{Email: "a@example.cn"}, reset)
	w := &notify.Worker{DB: db, Email: smtpSender(t, sink.Addr())}
	for range 5 {
		runOnce(t, w)
		c.now = c.now.Add(2 * time.Hour)
	}
	m := message(t, db, msgs[0].ID)
	if m.State != beian.MessageDead || m.Attempts != 3 || m.LastError == "" {
		t.Fatalf("record: %+v", m)
	}
	if counts, _ := db.JobCounts(context.Background()); counts["dead"] != 1 {
		t.Fatalf("jobs=%v", counts)
	}
}

package notify_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/smshttp"
)

// smsGateway is a real HTTP SMS gateway that keeps the texts it accepts.
type smsGateway struct {
	mu    sync.Mutex
	texts []string
}

func (g *smsGateway) start(t *testing.T) notify.SMSSender {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var m struct{ Text string }
		json.Unmarshal(body, &m)
		g.mu.Lock()
		g.texts = append(g.texts, m.Text)
		g.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"gw"}`)
	}))
	t.Cleanup(srv.Close)
	s, err := smshttp.NewSender(smshttp.Config{URL: srv.URL, Key: "k", Secret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	return notify.HTTPSMS{Sender: s}
}

func (g *smsGateway) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.texts)
}

// TestNotify_SecurityNoticeDelayed: a password-changed notice right after a
// recovery's SMS is over the per-minute limit; it is not refused but sent
// the moment the limit allows, and it holds its place: a code asked for in
// between is refused.
func TestNotify_SecurityNoticeDelayed(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			c := &clock{now: testdb.Now}
			db.Now = c.Now
			gw := &smsGateway{}
			n := mustNew(t)
			n.SMS = true
			w := &notify.Worker{DB: db, SMS: gw.start(t)}
			to := notify.Recipient{Mobile: "13800000001"}

			notifyIn(t, db, n, "recover", to, reset)
			runOnce(t, w)
			c.now = c.now.Add(5 * time.Second)
			changed := notifyIn(t, db, n, "changed", to, notify.PasswordReset{UnitName: reset.UnitName, MainLicence: reset.MainLicence, Changed: true})
			if m := changed[0]; m.State != beian.MessageQueued || !strings.Contains(m.LastError, "已推迟发送") {
				t.Fatalf("password-changed notice: %+v, want queued and delayed", m)
			}
			c.now = c.now.Add(20 * time.Second)
			code := notifyIn(t, db, n, "code", to, notify.VerificationCode{Code: "123456", Purpose: "测试", ValidMinutes: 10})
			if code[0].State != beian.MessageRefused {
				t.Fatalf("a code in the delayed notice's minute: %+v, want refused", code[0])
			}
			c.now = testdb.Now.Add(time.Minute - time.Second)
			if runOnce(t, w) != 0 || gw.count() != 1 {
				t.Fatalf("sent before the limit allowed: %d texts", gw.count())
			}
			c.now = c.now.Add(time.Second)
			if runOnce(t, w) != 1 || gw.count() != 2 {
				t.Fatalf("not sent when the limit allowed: %d texts", gw.count())
			}
			if m := message(t, db, changed[0].ID); m.State != beian.MessageSent || m.LastError != "" {
				t.Fatalf("record: %+v", m)
			}
			// Its minute counts from when it went: another code a second
			// later is refused, a minute later it goes.
			c.now = c.now.Add(time.Second)
			if m := notifyIn(t, db, n, "code-2", to, notify.VerificationCode{Code: "1", Purpose: "x", ValidMinutes: 1}); m[0].State != beian.MessageRefused {
				t.Fatalf("code right after the delayed notice: %+v", m[0])
			}
			c.now = c.now.Add(time.Minute)
			if m := notifyIn(t, db, n, "code-3", to, notify.VerificationCode{Code: "1", Purpose: "x", ValidMinutes: 1}); m[0].State != beian.MessageQueued {
				t.Fatalf("code a minute after the delayed notice: %+v", m[0])
			}
		})
	}
}

// TestNotify_SecurityNoticeDelayedDay: past the daily limit the notice waits
// for the day's first message to age out, and reaches the dev outbox then.
func TestNotify_SecurityNoticeDelayedDay(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	c := &clock{now: testdb.Now}
	db.Now = c.Now
	n := mustNew(t)
	n.Dev = true // no SMS gateway: the dev outbox
	n.Limits = notify.Limits{PerDay: 2}
	w := &notify.Worker{DB: db}
	to := notify.Recipient{Mobile: "13800000001"}
	notifyIn(t, db, n, "r1", to, reset)
	c.now = c.now.Add(time.Hour)
	notifyIn(t, db, n, "r2", to, reset)
	c.now = c.now.Add(time.Hour)
	third := notifyIn(t, db, n, "r3", to, reset)
	if third[0].State != beian.MessageQueued {
		t.Fatalf("third in a day: %+v", third[0])
	}
	c.now = testdb.Now.Add(24*time.Hour - time.Second)
	if runOnce(t, w) != 0 {
		t.Fatal("delivered before the first message of the day aged out")
	}
	c.now = testdb.Now.Add(24 * time.Hour)
	runOnce(t, w)
	if m := message(t, db, third[0].ID); m.State != beian.MessageOutbox || m.Via != "outbox" || !strings.Contains(m.Body, reset.Password) {
		t.Fatalf("record: %+v", m)
	}
}

// TestNotify_SecurityNoticeNoGateway: without an SMS gateway and outside
// development mode a delayed notice is undeliverable at once, as any other.
func TestNotify_SecurityNoticeNoGateway(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	n := mustNew(t)
	n.Email = true
	to := notify.Recipient{Mobile: "13800000001"}
	notifyIn(t, db, n, "r1", to, reset)
	m := notifyIn(t, db, n, "r2", to, reset)
	if m[0].State != beian.MessageDead || !strings.Contains(m[0].LastError, "未配置短信网关") {
		t.Fatalf("record: %+v", m[0])
	}
	if counts, _ := db.JobCounts(ctx); len(counts) != 0 {
		t.Fatalf("jobs=%v: nothing can deliver it", counts)
	}
}

// The bureau's decision follows the verification code to the same number,
// often within the minute: it is delayed past the limit like a security
// notice, never refused, while an ordinary notice in that minute is.
func TestNotify_BureauResultDelayed(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			c := &clock{now: testdb.Now}
			db.Now = c.Now
			n := mustNew(t)
			n.SMS = true
			to := notify.Recipient{Mobile: "13800000002"}
			notifyIn(t, db, n, "code", to, notify.VerificationCode{Code: "123456", Purpose: "备案短信核验", ValidMinutes: 24 * 60})
			c.now = c.now.Add(10 * time.Second)
			result := notifyIn(t, db, n, "result", to, notify.BureauResult{ApplicationNo: "A1", UnitName: "某某公司", Approved: true, Licence: "浙ICP备2026000001号-1"})
			if m := result[0]; m.State != beian.MessageQueued || !strings.Contains(m.LastError, "已推迟发送") {
				t.Fatalf("bureau result: %+v, want queued and delayed", m)
			}
			status := notifyIn(t, db, n, "status", to, notify.StatusChanged{ApplicationNo: "A1", UnitName: "某某公司", Status: "管局审核中"})
			if status[0].State != beian.MessageRefused {
				t.Fatalf("an ordinary notice in that minute: %+v, want refused", status[0])
			}
		})
	}
}

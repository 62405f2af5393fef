package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

var ctx = context.Background()

func notifyIn(t *testing.T, db *store.DB, n *notify.Notifier, key string, to notify.Recipient, notice notify.Notice) []*beian.Message {
	t.Helper()
	var msgs []*beian.Message
	if err := db.InTx(ctx, func(tx *store.Tx) (err error) {
		msgs, err = n.Notify(ctx, tx, key, to, notice)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return msgs
}

func TestNotify(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			now := testdb.Now
			db.Now = func() time.Time { return now }
			n := mustNew(t)
			n.SMS, n.Email = true, true
			to := notify.Recipient{Mobile: "13800000001", Email: "zhang@example.cn"}
			code := notify.VerificationCode{Code: "123456", Purpose: "测试", ValidMinutes: 10}

			msgs := notifyIn(t, db, n, "evt-1", to, code)
			if len(msgs) != 2 || msgs[0].State != beian.MessageQueued || msgs[1].Channel != beian.ChannelEmail || msgs[1].Subject == "" {
				t.Fatalf("messages=%+v", msgs)
			}
			// The same event key sends nothing new.
			again := notifyIn(t, db, n, "evt-1", to, code)
			if again[0].ID != msgs[0].ID || again[1].ID != msgs[1].ID {
				t.Fatal("the same key made new messages")
			}
			if counts, _ := db.JobCounts(ctx); counts["available"] != 2 {
				t.Fatalf("jobs=%v, want 2 available", counts)
			}

			// A second SMS within the minute is refused, and recorded.
			refused := notifyIn(t, db, n, "evt-2", notify.Recipient{Mobile: "13800000001"}, code)
			if refused[0].State != beian.MessageRefused || !strings.Contains(refused[0].LastError, "每分钟最多1条") {
				t.Fatalf("second SMS: %+v", refused[0])
			}
			// A minute later it goes; the sixth within an hour does not.
			for i := range 4 {
				now = now.Add(61 * time.Second)
				m := notifyIn(t, db, n, "evt-3-"+string(rune('a'+i)), notify.Recipient{Mobile: "13800000001"}, code)
				if m[0].State != beian.MessageQueued {
					t.Fatalf("SMS %d: %+v", i+2, m[0])
				}
			}
			now = now.Add(61 * time.Second)
			m := notifyIn(t, db, n, "evt-4", notify.Recipient{Mobile: "13800000001"}, code)
			if m[0].State != beian.MessageRefused || !strings.Contains(m[0].LastError, "每小时最多5条") {
				t.Fatalf("sixth SMS in an hour: %+v", m[0])
			}
			// Emails are not limited per number; other numbers are unaffected.
			m = notifyIn(t, db, n, "evt-5", notify.Recipient{Mobile: "13900000002", Email: "zhang@example.cn"}, code)
			if m[0].State != beian.MessageQueued || m[1].State != beian.MessageQueued {
				t.Fatalf("other number: %+v %+v", m[0], m[1])
			}
		})
	}
}

func TestNotify_DevOutbox(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	n := mustNew(t)
	n.Dev, n.Email = true, true // SMTP configured, no SMS gateway
	msgs := notifyIn(t, db, n, "evt", notify.Recipient{Mobile: "13800000001", Email: "a@example.cn"},
		notify.VerificationCode{Code: "654321", Purpose: "测试", ValidMinutes: 10})
	if msgs[0].State != beian.MessageOutbox || msgs[0].Via != "outbox" || msgs[1].State != beian.MessageQueued {
		t.Fatalf("messages=%+v", msgs)
	}
	if counts, _ := db.JobCounts(ctx); counts["available"] != 1 {
		t.Fatalf("jobs=%v: only the email needs delivering", counts)
	}
	// Without a gateway and outside development mode nothing pretends to send.
	n.Dev = false
	msgs = notifyIn(t, db, n, "evt2", notify.Recipient{Mobile: "13900000001"}, notify.VerificationCode{Code: "1", Purpose: "x", ValidMinutes: 1})
	if msgs[0].State != beian.MessageDead || !strings.Contains(msgs[0].LastError, "未配置短信网关") {
		t.Fatalf("no gateway: %+v", msgs[0])
	}
}

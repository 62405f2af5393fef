package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// TestRetentionForgetsOldRows: past their retention periods, delivery
// receipts, expired codes and stale failure counts are forgotten and the
// texts of delivered password messages are blanked (their delivery record
// kept); younger rows, locks still in force, messages still queued and
// messages without a password are left alone.
func TestRetentionForgetsOldRows(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, engine)
			now := testdb.Now
			db.Now = func() time.Time { return now }
			c, err := parseServe(nil, &bytes.Buffer{}, env(map[string]string{retentionEnvPasswords: "48h"}))
			if err != nil {
				t.Fatal(err)
			}
			runner := &jobs.Runner{DB: db, Policy: jobs.DefaultPolicy}
			if err := scheduleRetention(ctx, c, db, runner); err != nil {
				t.Fatal(err)
			}
			do := func(f func(tx *store.Tx) error) {
				t.Helper()
				if err := db.InTx(ctx, f); err != nil {
					t.Fatal(err)
				}
			}
			start, end := now, now.Add(31*24*time.Hour)
			old := seedRetention(t, db, do, "old")
			do(func(tx *store.Tx) error { return tx.SetLockout(ctx, "login:locked", 9, start.Add(60*24*time.Hour)) })
			// Past the configured 48 h, not the default week; sent, never
			// confirmed by a receipt.
			now = end.Add(-60 * time.Hour)
			mid := &beian.Message{Key: "mid", Channel: beian.ChannelSMS, To: "13900000009", Template: "password_reset", Body: "新密码 Pw3", State: beian.MessageQueued}
			do(func(tx *store.Tx) error {
				if _, err := tx.InsertMessage(ctx, mid); err != nil {
					return err
				}
				return tx.RecordAttempt(ctx, mid.ID, beian.MessageSent, "http", "gw-mid", "", 1)
			})
			now = end.Add(-20 * time.Hour) // younger than every period
			young := seedRetention(t, db, do, "young")

			now = end
			if n, err := runner.RunOnce(ctx); err != nil || n != len(retentionJobs(c)) {
				t.Fatalf("RunOnce = %d, %v; want every retention job", n, err)
			}
			checkRetention(t, db, do, old, true)
			checkRetention(t, db, do, young, false)
			if m, err := db.FindMessageByID(ctx, mid.ID); err != nil || m.Body != notify.RedactedBody || m.State != beian.MessageSent {
				t.Errorf("a password message past the configured period: %+v, %v", m, err)
			}
			if n, _, _ := db.Lockout(ctx, "login:locked"); n != 9 {
				t.Errorf("a lock still in force was forgotten (%d failures left)", n)
			}
		})
	}
}

// retentionSeed names what seedRetention wrote.
type retentionSeed struct {
	tag                 string
	issued, reset, code int64 // message ids
	issuedBody          string
	issuedGateway       string
}

// seedRetention writes, at the store's current time, one of each kind of
// row the retention jobs look at, named by tag.
func seedRetention(t *testing.T, db *store.DB, do func(func(*store.Tx) error), tag string) retentionSeed {
	t.Helper()
	ctx := context.Background()
	s := retentionSeed{tag: tag, issuedGateway: "gw-password_issued-" + tag}
	msg := func(template, body string, state beian.MessageState) int64 {
		m := &beian.Message{Key: template + "-" + tag, Channel: beian.ChannelSMS, To: "1390000000" + tag[:1], Template: template, Body: body, State: beian.MessageQueued}
		do(func(tx *store.Tx) error {
			_, err := tx.InsertMessage(ctx, m)
			if err != nil || state == beian.MessageQueued {
				return err
			}
			return tx.RecordAttempt(ctx, m.ID, beian.MessageSent, "http", "gw-"+template+"-"+tag, "", 1)
		})
		return m.ID
	}
	s.issuedBody = "您的备案密码为 Pw-" + tag
	s.issued = msg("password_issued", s.issuedBody, beian.MessageSent)
	if _, err := db.RecordReceipt(ctx, s.issuedGateway, true, ""); err != nil {
		t.Fatal(err)
	}
	s.reset = msg("password_reset", "新密码 Pw2-"+tag, beian.MessageQueued)
	s.code = msg("verification_code", "验证码 123456", beian.MessageSent)
	// A receipt that came before its attempt was recorded.
	if _, err := db.RecordReceipt(ctx, "gw-early-"+tag, true, "DELIVRD"); err != nil {
		t.Fatal(err)
	}
	do(func(tx *store.Tx) error {
		if err := tx.AddSMSCode(ctx, "signup", "1380000000"+tag[:1], "hash-"+tag, 5*time.Minute); err != nil {
			return err
		}
		return tx.SetLockout(ctx, "login:"+tag, 3, time.Time{})
	})
	return s
}

// checkRetention checks the rows of s are gone (or blanked) when forgotten,
// and untouched otherwise.
func checkRetention(t *testing.T, db *store.DB, do func(func(*store.Tx) error), s retentionSeed, forgotten bool) {
	t.Helper()
	ctx := context.Background()
	issued, err := db.FindMessageByID(ctx, s.issued)
	if err != nil {
		t.Fatal(err)
	}
	if wantBody := map[bool]string{true: notify.RedactedBody, false: s.issuedBody}[forgotten]; issued.Body != wantBody {
		t.Errorf("%s password_issued body %q, want %q", s.tag, issued.Body, wantBody)
	}
	if issued.State != beian.MessageDelivered || issued.GatewayID != s.issuedGateway || issued.SentAt.IsZero() {
		t.Errorf("%s password_issued delivery record changed: %+v", s.tag, issued)
	}
	for _, id := range []int64{s.reset, s.code} {
		m, err := db.FindMessageByID(ctx, id)
		if err != nil || m.Body == notify.RedactedBody {
			t.Errorf("%s %s (%s) was blanked: %v", s.tag, m.Template, m.State, err)
		}
	}
	// The early receipt applies to an attempt recorded now only if kept.
	late := &beian.Message{Key: "late-" + s.tag, Channel: beian.ChannelSMS, To: "13700000000", Body: "x", State: beian.MessageQueued}
	do(func(tx *store.Tx) error {
		if _, err := tx.InsertMessage(ctx, late); err != nil {
			return err
		}
		return tx.RecordAttempt(ctx, late.ID, beian.MessageSent, "http", "gw-early-"+s.tag, "", 1)
	})
	late, _ = db.FindMessageByID(ctx, late.ID)
	if wantState := map[bool]beian.MessageState{true: beian.MessageSent, false: beian.MessageDelivered}[forgotten]; late.State != wantState {
		t.Errorf("%s: a message sent after the early receipt is %s, want %s", s.tag, late.State, wantState)
	}
	if code, err := db.LiveSMSCode(ctx, "signup", "1380000000"+s.tag[:1]); err != nil || (code == nil) != forgotten {
		t.Errorf("%s code: %+v, %v; forgotten %v", s.tag, code, err, forgotten)
	}
	if n, _, err := db.Lockout(ctx, "login:"+s.tag); err != nil || (n == 0) != forgotten {
		t.Errorf("%s lockout: %d failures, %v; forgotten %v", s.tag, n, err, forgotten)
	}
}

// TestRetentionConfig: the periods come from BEIAN_RETAIN_* and must be
// positive.
func TestRetentionConfig(t *testing.T) {
	c, err := parseServe(nil, &bytes.Buffer{}, env(map[string]string{retentionEnvCodes: "2h", retentionEnvLockouts: "720h"}))
	if err != nil || c.Accounts.CodeRetention != 2*time.Hour || c.Accounts.LockoutRetention != 720*time.Hour ||
		c.Notify.ReceiptRetention != notify.DefaultPolicy.ReceiptRetention {
		t.Fatalf("%v %+v %+v", err, c.Accounts, c.Notify)
	}
	for _, key := range []string{retentionEnvReceipts, retentionEnvPasswords, retentionEnvCodes, retentionEnvLockouts} {
		for _, v := range []string{"0s", "-1h", "a week"} {
			_, err := parseServe(nil, &bytes.Buffer{}, env(map[string]string{key: v}))
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(ue.msg, key) {
				t.Errorf("%s=%s: %v, want a usage error naming it", key, v, err)
			}
		}
	}
}

// Package notify sends SMS and email that are never lost: a message is
// written, with its delivery job, in the transaction of the state change
// that causes it, and a worker delivers it later through the configured
// gateway, retrying with backoff. Without a gateway in development mode the
// message is kept in the dev outbox instead.
package notify

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// JobKind is the job kind of a message delivery.
const JobKind = "deliver_message"

// Limits are per-recipient SMS send limits; zero disables one.
type Limits struct {
	PerMinute, PerHour, PerDay int
}

// DefaultLimits are the usual Chinese SMS-provider throttles: 1 a minute,
// 5 an hour, 10 a day per number.
var DefaultLimits = Limits{PerMinute: 1, PerHour: 5, PerDay: 10}

// Policy tunes the notifier.
type Policy struct {
	// Limits are the per-number SMS send limits.
	Limits Limits
	// MaxAttempts bounds delivery attempts before a message is dead.
	MaxAttempts int
	// ReceiptRetention is how long a delivery receipt is kept; its outcome
	// is on the message once the attempt it answers is recorded.
	ReceiptRetention time.Duration
	// PasswordBodyRetention is how long the text of a message that carries
	// a password (PasswordTemplates) is kept after its last delivery
	// event; then it is replaced with RedactedBody and only the delivery
	// record remains.
	PasswordBodyRetention time.Duration
}

// DefaultPolicy: DefaultLimits, the jobs table's default attempts, and a
// week of receipts and of password-bearing texts (time to answer "I never
// got it" with the gateway's record at hand).
var DefaultPolicy = Policy{
	Limits:                DefaultLimits,
	MaxAttempts:           store.DefaultMaxAttempts,
	ReceiptRetention:      7 * 24 * time.Hour,
	PasswordBodyRetention: 7 * 24 * time.Hour,
}

// Recipient is who a notice goes to: a mobile, an email address or both.
type Recipient struct {
	Mobile string
	Email  string
	Lang   string // "zh" (default) or "en"
}

// Notifier renders notices and enqueues them.
type Notifier struct {
	// SMS and Email say whether a gateway is configured for the channel.
	SMS, Email bool
	// Dev keeps messages of channels without a gateway in the dev outbox.
	Dev bool
	// Policy holds the send limits and the delivery attempts.
	Policy
	// Wake, if set, is called after a commit that enqueued work, so a
	// worker in this process need not wait for its next poll.
	Wake func()

	tpl *templates
}

// New returns a Notifier with its templates parsed.
func New() (*Notifier, error) {
	tpl, err := loadTemplates()
	if err != nil {
		return nil, err
	}
	return &Notifier{Policy: DefaultPolicy, tpl: tpl}, nil
}

// Render renders n in lang, for previews and tests.
func (n *Notifier) Render(notice Notice, lang string) (Rendered, error) {
	return n.tpl.render(notice, lang)
}

// Notify records notice for each address of to, in tx: key is the
// idempotency key of the event (the same key never sends twice). SMS beyond
// the per-number limits is recorded as refused, except a security notice
// (a password issued, recovered or changed), which is delayed until the
// limits allow it: it must reach the principal. It returns the messages as
// stored.
func (n *Notifier) Notify(ctx context.Context, tx *store.Tx, key string, to Recipient, notice Notice) ([]*beian.Message, error) {
	r, err := n.tpl.render(notice, to.Lang)
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", notice.template(), err)
	}
	var out []*beian.Message
	if to.Mobile != "" {
		m := &beian.Message{Key: key + ":sms", Channel: beian.ChannelSMS, To: to.Mobile, Template: notice.template(), Body: r.SMS}
		if err := n.enqueue(ctx, tx, m, n.SMS, isEssential(notice)); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if to.Email != "" {
		m := &beian.Message{Key: key + ":email", Channel: beian.ChannelEmail, To: to.Email, Template: notice.template(),
			Subject: r.Subject, Body: r.Text, HTML: r.HTML}
		if err := n.enqueue(ctx, tx, m, n.Email, isEssential(notice)); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func (n *Notifier) enqueue(ctx context.Context, tx *store.Tx, m *beian.Message, gateway, security bool) error {
	m.State = beian.MessageQueued
	var runAt time.Time
	reason, until, err := n.overLimit(ctx, tx, m)
	switch {
	case err != nil:
		return err
	case reason != "" && !security:
		m.State, m.LastError = beian.MessageRefused, reason
	case reason != "":
		// A security notice must reach the principal: it waits until the
		// limit allows it, and takes its place there.
		runAt, m.LastError = until, reason+"，已推迟发送"
	}
	if m.State == beian.MessageQueued && !gateway {
		switch {
		case n.Dev && runAt.IsZero():
			m.State, m.Via, m.SentAt = beian.MessageOutbox, "outbox", tx.Now()
		case n.Dev:
			m.Via = "outbox" // the delivery job puts it there when due
		default:
			runAt = time.Time{}
			m.State, m.LastError = beian.MessageDead, "未配置"+channelName(m.Channel)+"网关"
		}
	}
	created, err := tx.InsertMessage(ctx, m)
	if err != nil || !created || m.State != beian.MessageQueued {
		return err
	}
	if !runAt.IsZero() {
		if err := tx.DelayMessage(ctx, m.ID, runAt); err != nil {
			return err
		}
	}
	_, err = tx.EnqueueJob(ctx, &beian.Job{
		Kind:        JobKind,
		Key:         "message:" + m.Key,
		Payload:     strconv.FormatInt(m.ID, 10),
		MaxAttempts: n.MaxAttempts,
		RunAt:       runAt,
	})
	return err
}

// overLimit returns why an SMS to m.To would break a send limit now, or "",
// and the earliest time every limit allows it.
func (n *Notifier) overLimit(ctx context.Context, tx *store.Tx, m *beian.Message) (string, time.Time, error) {
	if m.Channel != beian.ChannelSMS {
		return "", time.Time{}, nil
	}
	now := tx.Now()
	times, err := tx.MessageTimesSince(ctx, m.Channel, m.To, now.Add(-24*time.Hour+time.Second))
	if err != nil {
		return "", time.Time{}, err
	}
	reason, until := "", now
	for _, l := range []struct {
		max    int
		window time.Duration
		name   string
	}{
		{n.Limits.PerMinute, time.Minute, "每分钟"},
		{n.Limits.PerHour, time.Hour, "每小时"},
		{n.Limits.PerDay, 24 * time.Hour, "每天"},
	} {
		if l.max <= 0 {
			continue
		}
		// times is latest first; a message counts in the window when it
		// goes at or after now-window+1s, including ones delayed past now.
		since := now.Add(-l.window + time.Second)
		inWindow := 0
		for _, at := range times {
			if !at.Before(since) {
				inWindow++
			}
		}
		if inWindow < l.max {
			continue
		}
		if reason == "" {
			reason = fmt.Sprintf("发送过于频繁：同一号码%s最多%d条短信", l.name, l.max)
		}
		// The window allows one more once its max-th latest message is
		// window old.
		until = later(until, times[l.max-1].Add(l.window))
	}
	return reason, until, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func channelName(c beian.Channel) string {
	if c == beian.ChannelSMS {
		return "短信"
	}
	return "邮件"
}

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
	Dev    bool
	Limits Limits
	// MaxAttempts bounds delivery attempts before a message is dead.
	MaxAttempts int
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
	return &Notifier{Limits: DefaultLimits, MaxAttempts: 12, tpl: tpl}, nil
}

// Render renders n in lang, for previews and tests.
func (n *Notifier) Render(notice Notice, lang string) (Rendered, error) {
	return n.tpl.render(notice, lang)
}

// Notify records notice for each address of to, in tx: key is the
// idempotency key of the event (the same key never sends twice). SMS beyond
// the per-number limits is recorded as refused. It returns the messages as
// stored.
func (n *Notifier) Notify(ctx context.Context, tx *store.Tx, key string, to Recipient, notice Notice) ([]*beian.Message, error) {
	r, err := n.tpl.render(notice, to.Lang)
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", notice.template(), err)
	}
	var out []*beian.Message
	if to.Mobile != "" {
		m := &beian.Message{Key: key + ":sms", Channel: beian.ChannelSMS, To: to.Mobile, Template: notice.template(), Body: r.SMS}
		if err := n.enqueue(ctx, tx, m, n.SMS); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if to.Email != "" {
		m := &beian.Message{Key: key + ":email", Channel: beian.ChannelEmail, To: to.Email, Template: notice.template(),
			Subject: r.Subject, Body: r.Text, HTML: r.HTML}
		if err := n.enqueue(ctx, tx, m, n.Email); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func (n *Notifier) enqueue(ctx context.Context, tx *store.Tx, m *beian.Message, gateway bool) error {
	m.State = beian.MessageQueued
	if reason, err := n.overLimit(ctx, tx, m); err != nil {
		return err
	} else if reason != "" {
		m.State, m.LastError = beian.MessageRefused, reason
	} else if !gateway {
		if n.Dev {
			m.State, m.Via, m.SentAt = beian.MessageOutbox, "outbox", tx.Now()
		} else {
			m.State, m.LastError = beian.MessageDead, "未配置"+channelName(m.Channel)+"网关"
		}
	}
	created, err := tx.InsertMessage(ctx, m)
	if err != nil || !created || m.State != beian.MessageQueued {
		return err
	}
	_, err = tx.EnqueueJob(ctx, &beian.Job{
		Kind:        JobKind,
		Key:         "message:" + m.Key,
		Payload:     strconv.FormatInt(m.ID, 10),
		MaxAttempts: n.MaxAttempts,
	})
	return err
}

// overLimit returns why an SMS to m.To would break a send limit, or "".
func (n *Notifier) overLimit(ctx context.Context, tx *store.Tx, m *beian.Message) (string, error) {
	if m.Channel != beian.ChannelSMS {
		return "", nil
	}
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
		sent, err := tx.CountMessagesSince(ctx, m.Channel, m.To, tx.Now().Add(-l.window+time.Second))
		if err != nil {
			return "", err
		}
		if sent >= l.max {
			return fmt.Sprintf("发送过于频繁：同一号码%s最多%d条短信", l.name, l.max), nil
		}
	}
	return "", nil
}

func channelName(c beian.Channel) string {
	if c == beian.ChannelSMS {
		return "短信"
	}
	return "邮件"
}

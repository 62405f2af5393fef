package notify

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/store"
)

// SMSSender delivers one SMS; it returns the gateway's message id, if any.
type SMSSender interface {
	SendSMS(ctx context.Context, m *beian.Message) (gatewayID string, err error)
	Name() string // smpp, http
}

// EmailSender delivers one email.
type EmailSender interface {
	SendEmail(ctx context.Context, m *beian.Message) error
	Name() string // smtp
}

// PermanentError marks a delivery failure that retrying cannot fix (a
// rejected recipient, a refused message): the message is dead at once.
type PermanentError = jobs.PermanentError

// Permanent wraps err as a PermanentError.
func Permanent(err error) error { return jobs.Permanent(err) }

// Delivery is the job handler that delivers messages (jobs of JobKind):
// register its Handle on a jobs.Runner.
type Delivery struct {
	DB    *store.DB
	SMS   SMSSender   // nil: no SMS gateway
	Email EmailSender // nil: no SMTP server
	// Observe, if set, is told the outcome of each attempt ("sent",
	// "retry", "dead") per channel once it is recorded, for metrics.
	Observe func(channel beian.Channel, outcome string)
}

// Handle attempts the message named by the job once. The delivery record
// is written in the transaction that finishes the job, right after the
// gateway answered: a crash can repeat only the messages on the wire.
func (d *Delivery) Handle(ctx context.Context, a *jobs.Attempt) error {
	id, err := strconv.ParseInt(a.Payload, 10, 64)
	if err != nil {
		return jobs.Permanent(fmt.Errorf("bad payload %q", a.Payload))
	}
	m, err := d.DB.FindMessageByID(ctx, id)
	if err != nil {
		if beian.ErrorCode(err) == beian.ENOTFOUND {
			return jobs.Permanent(err)
		}
		return err
	}
	if m.State != beian.MessageQueued {
		// Already settled, e.g. sent by an attempt whose lease ran out
		// after it sent: never send twice.
		return nil
	}
	var via, gatewayID string
	var sendErr error
	if m.Via == "outbox" {
		// Delayed for the dev outbox: its time has come.
		via = m.Via
	} else {
		via, gatewayID, sendErr = d.send(ctx, m)
	}
	a.OnFinish(func(ctx context.Context, tx *store.Tx, o jobs.Outcome) error {
		state, msg, gw := beian.MessageSent, "", gatewayID
		if via == "outbox" && o.State == jobs.Done {
			state = beian.MessageOutbox
		}
		if o.Err != nil {
			msg, state, gw = o.Err.Error(), beian.MessageQueued, ""
			if o.State == jobs.Dead {
				state = beian.MessageDead
			}
		}
		return tx.RecordAttempt(ctx, m.ID, state, via, gw, msg, a.Attempts)
	})
	if d.Observe != nil {
		a.AfterFinish(func(o jobs.Outcome) {
			outcome := o.State
			if outcome == jobs.Done {
				outcome = "sent"
			}
			d.Observe(m.Channel, outcome)
		})
	}
	return sendErr
}

func (d *Delivery) send(ctx context.Context, m *beian.Message) (via, gatewayID string, err error) {
	switch m.Channel {
	case beian.ChannelSMS:
		if d.SMS == nil {
			return "", "", errors.New("未配置短信网关")
		}
		gatewayID, err = d.SMS.SendSMS(ctx, m)
		return d.SMS.Name(), gatewayID, err
	case beian.ChannelEmail:
		if d.Email == nil {
			return "", "", errors.New("未配置邮件服务器")
		}
		return d.Email.Name(), "", d.Email.SendEmail(ctx, m)
	}
	return "", "", Permanent(fmt.Errorf("unknown channel %q", m.Channel))
}

package notify

import (
	"context"
	"errors"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/email"
	"github.com/beianhq/beian/smpp"
	"github.com/beianhq/beian/smshttp"
)

// SMTP delivers email through an SMTP server.
type SMTP struct{ Sender *email.Sender }

// Name implements EmailSender.
func (SMTP) Name() string { return "smtp" }

// SendEmail implements EmailSender. The message key becomes the Message-ID,
// so a retry after a lost server reply is recognisably the same mail.
func (g SMTP) SendEmail(ctx context.Context, m *beian.Message) error {
	err := g.Sender.Send(ctx, email.Message{To: m.To, Subject: m.Subject, Text: m.Body, HTML: m.HTML, ID: m.Key})
	if err != nil && email.IsPermanent(err) {
		return Permanent(err)
	}
	return err
}

// HTTPSMS delivers SMS through the generic HTTP gateway.
type HTTPSMS struct{ Sender *smshttp.Sender }

// Name implements SMSSender.
func (HTTPSMS) Name() string { return "http" }

// SendSMS implements SMSSender; the message key is the Idempotency-Key, so
// the gateway can drop a retried duplicate.
func (g HTTPSMS) SendSMS(ctx context.Context, m *beian.Message) (string, error) {
	id, err := g.Sender.Send(ctx, smshttp.Message{To: m.To, Text: m.Body, ID: m.Key})
	if err != nil && smshttp.IsPermanent(err) {
		return "", Permanent(err)
	}
	return id, err
}

// SMPP delivers SMS over an SMPP 3.4 session, asking for delivery receipts.
type SMPP struct {
	Session *smpp.Session
	Source  string // source_addr, the sender number
}

// Name implements SMSSender.
func (SMPP) Name() string { return "smpp" }

// SendSMS implements SMSSender. The gateway id is the SMSC's id of the first
// part, which its delivery receipt names.
func (g SMPP) SendSMS(ctx context.Context, m *beian.Message) (string, error) {
	ids, err := g.Session.Submit(ctx, smpp.SubmitRequest{Source: g.Source, Dest: m.To, Text: m.Body, RegisteredDelivery: true})
	if err != nil {
		var se *smpp.StatusError
		if errors.As(err, &se) && !smpp.IsTemporary(err) {
			return "", Permanent(err)
		}
		return "", err
	}
	if len(ids) == 0 {
		return "", nil
	}
	return ids[0], nil
}

// ReceiptRecorder returns an smpp OnReceipt callback that records receipts
// in the delivery record.
func ReceiptRecorder(ctx context.Context, rec func(ctx context.Context, gatewayID string, delivered bool, detail string) (bool, error), onErr func(error)) func(smpp.DeliveryReceipt) {
	return func(r smpp.DeliveryReceipt) {
		delivered, detail := r.Stat == "DELIVRD", ""
		if !delivered {
			detail = "短信回执：" + r.Stat + "（err:" + r.Err + "）"
		}
		if _, err := rec(ctx, r.MessageID, delivered, detail); err != nil && onErr != nil {
			onErr(err)
		}
	}
}

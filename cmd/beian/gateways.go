package main

import (
	"context"
	"log/slog"

	"github.com/beianhq/beian/email"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/smpp"
	"github.com/beianhq/beian/smshttp"
	"github.com/beianhq/beian/store"
)

// newEmailSender returns the SMTP sender, or nil when no server is set.
func newEmailSender(c SMTPConfig) (notify.EmailSender, error) {
	if c.Addr == "" {
		return nil, nil
	}
	s, err := email.NewSender(email.Config{
		Addr: c.Addr, From: c.From, User: c.User, Password: c.Password, TLS: email.TLSMode(c.TLS),
	})
	if err != nil {
		return nil, err
	}
	return notify.SMTP{Sender: s}, nil
}

// newSMSSender returns the configured SMS gateway, or nil. An SMPP session
// connects in the background and records delivery receipts in db.
func newSMSSender(c SMSConfig, logger *slog.Logger, db *store.DB) (notify.SMSSender, func(), error) {
	switch c.Gateway {
	case "http":
		s, err := smshttp.NewSender(smshttp.Config{URL: c.HTTPURL, Key: c.HTTPKey, Secret: c.HTTPSecret, Sender: c.HTTPSender})
		if err != nil {
			return nil, nil, err
		}
		return notify.HTTPSMS{Sender: s}, func() {}, nil
	case "smpp":
		onErr := func(err error) { logger.Error("record SMS receipt", "err", err) }
		session := smpp.NewSession(c.SMPPAddr, smpp.Config{
			SystemID:   c.SMPPSystemID,
			Password:   c.SMPPPassword,
			SystemType: c.SMPPSystemType,
			OnReceipt:  notify.ReceiptRecorder(context.Background(), db.RecordReceipt, onErr),
		}, smpp.Backoff{Jitter: 0.2})
		return notify.SMPP{Session: session, Source: c.SMPPSource}, func() { session.Close() }, nil
	}
	return nil, func() {}, nil
}

package main

import (
	"log/slog"

	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// newEmailSender returns the SMTP sender, or nil when no server is set.
func newEmailSender(c SMTPConfig) (notify.EmailSender, error) {
	if c.Addr == "" {
		return nil, nil
	}
	return nil, nil // TODO(issue 3): wire the email package
}

// newSMSSender returns the configured SMS gateway, or nil.
func newSMSSender(c SMSConfig, logger *slog.Logger, db *store.DB) (notify.SMSSender, func(), error) {
	return nil, func() {}, nil // TODO(issue 3): wire smpp and smshttp
}

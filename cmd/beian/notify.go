package main

import (
	"fmt"
	"log/slog"

	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// notifications builds the notifier and its delivery handler from the
// configuration: a channel goes through its gateway when one is configured,
// into the dev outbox in development mode, and nowhere otherwise (the
// message is recorded as undeliverable, and the start-up log says so).
func notifications(c Config, db *store.DB, logger *slog.Logger) (*notify.Notifier, *notify.Delivery, func(), error) {
	n, err := notify.New()
	if err != nil {
		return nil, nil, nil, err
	}
	n.Dev = c.Dev
	n.Policy = c.Notify
	w := &notify.Delivery{DB: db}
	closers := []func(){}
	closeAll := func() {
		for _, f := range closers {
			f()
		}
	}

	email, err := newEmailSender(c.SMTP)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("smtp: %w", err)
	}
	if email != nil {
		w.Email, n.Email = email, true
	}
	sms, closeSMS, err := newSMSSender(c.SMS, logger, db)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("sms gateway: %w", err)
	}
	if sms != nil {
		w.SMS, n.SMS = sms, true
		closers = append(closers, closeSMS)
	}

	for _, ch := range []struct {
		name    string
		gateway bool
	}{{"email", n.Email}, {"sms", n.SMS}} {
		switch {
		case ch.gateway:
			logger.Info("notifications", "channel", ch.name, "via", "gateway")
		case c.Dev:
			logger.Info("notifications", "channel", ch.name, "via", "dev outbox")
		default:
			logger.Warn("notifications: no gateway configured; messages are recorded but not sent", "channel", ch.name)
		}
	}
	return n, w, closeAll, nil
}

package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/beianhq/beian"
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
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err as a PermanentError.
func Permanent(err error) error { return &PermanentError{Err: err} }

// Worker delivers queued messages. RunOnce does one round and is what tests
// drive; Run loops until its context ends.
type Worker struct {
	DB     *store.DB
	SMS    SMSSender   // nil: no SMS gateway
	Email  EmailSender // nil: no SMTP server
	Logger *slog.Logger
	// Batch is how many jobs one round claims (default 32).
	Batch int
	// Concurrency is how many of them are sent at once (default 8):
	// gateways answer in milliseconds, so sending one at a time would leave
	// the worker waiting on the network.
	Concurrency int
	// Lease is how long a claimed job is ours before another worker may
	// take it over (default 5 minutes; longer than any send timeout).
	Lease time.Duration
	// Backoff gives the wait after the n-th failed attempt (default:
	// 10 s doubling to at most 1 h).
	Backoff func(attempt int) time.Duration
	// Poll is the pause between idle rounds (default 1 s).
	Poll time.Duration
	// Observe, if set, is told the outcome of each attempt ("sent",
	// "retry", "dead") per channel, for metrics.
	Observe func(channel beian.Channel, outcome string)

	wake chan struct{}
}

// DefaultBackoff waits 10 s after the first failure, doubling up to an hour.
func DefaultBackoff(attempt int) time.Duration {
	d := 10 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

func (w *Worker) defaults() {
	if w.Batch <= 0 {
		w.Batch = 32
	}
	if w.Concurrency <= 0 {
		w.Concurrency = 8
	}
	if w.Lease <= 0 {
		w.Lease = 5 * time.Minute
	}
	if w.Backoff == nil {
		w.Backoff = DefaultBackoff
	}
	if w.Poll <= 0 {
		w.Poll = time.Second
	}
	if w.Logger == nil {
		w.Logger = slog.Default()
	}
	if w.wake == nil {
		w.wake = make(chan struct{}, 1)
	}
}

// Wake makes a running worker look for work now.
func (w *Worker) Wake() {
	w.defaults()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	for {
		n, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.Logger.Error("delivery round", "err", err)
		}
		if n > 0 && err == nil {
			continue // there may be more
		}
		t := time.NewTimer(w.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-w.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// RunOnce claims due jobs and attempts each once. It returns how many it
// attempted.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.defaults()
	jobs, err := w.DB.ClaimJobs(ctx, w.Batch, w.Lease)
	if err != nil {
		return 0, err
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		sem      = make(chan struct{}, w.Concurrency)
	)
	for _, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := w.run(ctx, j); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	// A job whose outcome could not be recorded is still leased; it comes
	// back when the lease runs out.
	return len(jobs), firstErr
}

// run attempts one job and records the outcome.
func (w *Worker) run(ctx context.Context, j *beian.Job) error {
	if j.Kind != JobKind {
		return w.DB.InTx(ctx, func(tx *store.Tx) error {
			return tx.FinishJob(ctx, j, fmt.Errorf("unknown job kind %q", j.Kind), true, time.Time{})
		})
	}
	id, err := strconv.ParseInt(j.Payload, 10, 64)
	if err != nil {
		return w.DB.InTx(ctx, func(tx *store.Tx) error {
			return tx.FinishJob(ctx, j, fmt.Errorf("bad payload %q", j.Payload), true, time.Time{})
		})
	}
	m, err := w.DB.FindMessageByID(ctx, id)
	if err != nil {
		return err
	}
	if m.State != beian.MessageQueued {
		// Already settled, e.g. sent by an attempt whose lease ran out
		// after it sent: never send twice.
		return w.DB.InTx(ctx, func(tx *store.Tx) error { return tx.FinishJob(ctx, j, nil, false, time.Time{}) })
	}

	via, gatewayID, sendErr := w.send(ctx, m)
	outcome := "sent"
	err = w.DB.InTx(ctx, func(tx *store.Tx) error {
		if sendErr == nil {
			if err := tx.RecordAttempt(ctx, m.ID, beian.MessageSent, via, gatewayID, "", j.Attempts); err != nil {
				return err
			}
			return tx.FinishJob(ctx, j, nil, false, time.Time{})
		}
		var perm *PermanentError
		dead := errors.As(sendErr, &perm) || j.Attempts >= j.MaxAttempts
		state := beian.MessageQueued
		outcome = "retry"
		if dead {
			state, outcome = beian.MessageDead, "dead"
		}
		if err := tx.RecordAttempt(ctx, m.ID, state, via, "", sendErr.Error(), j.Attempts); err != nil {
			return err
		}
		return tx.FinishJob(ctx, j, sendErr, dead, tx.Now().Add(w.Backoff(j.Attempts)))
	})
	if err != nil {
		return err
	}
	if w.Observe != nil {
		w.Observe(m.Channel, outcome)
	}
	if sendErr != nil {
		w.Logger.Warn("delivery failed", "message", m.ID, "channel", m.Channel, "attempt", j.Attempts, "outcome", outcome, "err", sendErr)
	}
	return nil
}

func (w *Worker) send(ctx context.Context, m *beian.Message) (via, gatewayID string, err error) {
	switch m.Channel {
	case beian.ChannelSMS:
		if w.SMS == nil {
			return "", "", errors.New("未配置短信网关")
		}
		gatewayID, err = w.SMS.SendSMS(ctx, m)
		return w.SMS.Name(), gatewayID, err
	case beian.ChannelEmail:
		if w.Email == nil {
			return "", "", errors.New("未配置邮件服务器")
		}
		return w.Email.Name(), "", w.Email.SendEmail(ctx, m)
	}
	return "", "", Permanent(fmt.Errorf("unknown channel %q", m.Channel))
}

// Package jobs runs durable background work from the store's jobs table: a
// job is written in the transaction of the change that causes it (with
// store.Tx.EnqueueJob, RunAt in the future for a timer), and a Runner claims
// due jobs of the kinds it has handlers for, runs each handler, and records
// the outcome: done, retried after a backoff, or dead once its attempts are
// used up or its handler says retrying cannot help.
//
// Delivery is at least once: a runner that dies holding a job loses its
// lease, and another takes the job over. Handlers make a repeated attempt
// harmless (notify checks the message's state before it sends).
//
// Periodic work needs no scheduler of its own: a handler enqueues its next
// run, from the transaction that finishes the current one, under a key that
// names the time bucket (see Every). The unique key keeps one job per bucket
// however many runners there are.
package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// Handler runs one attempt of a job. It returns nil when the job is done;
// an error wrapped with Permanent ends the job at once (dead); any other
// error retries it after the backoff, until its attempts are used up.
type Handler func(ctx context.Context, a *Attempt) error

// Attempt is one claimed run of a job.
type Attempt struct {
	*beian.Job
	finish []func(ctx context.Context, tx *store.Tx, o Outcome) error
	after  []func(o Outcome)
}

// Last reports whether a failure of this attempt ends the job.
func (a *Attempt) Last() bool { return a.Attempts >= a.MaxAttempts }

// OnFinish registers f to run in the transaction that records the outcome
// of this attempt, so what the handler writes about it (a message's delivery
// record, the next run of a periodic job) commits together with the job's
// new state, or not at all.
func (a *Attempt) OnFinish(f func(ctx context.Context, tx *store.Tx, o Outcome) error) {
	a.finish = append(a.finish, f)
}

// AfterFinish registers f to run once the outcome is committed (for
// metrics: nothing is counted that did not happen).
func (a *Attempt) AfterFinish(f func(o Outcome)) { a.after = append(a.after, f) }

// Outcome is how an attempt ended.
type Outcome struct {
	// State is Done, Retry or Dead.
	State string
	// Err is the handler's error (nil when done).
	Err error
	// RetryAt is when a retried job runs again.
	RetryAt time.Time
}

// Outcomes of an attempt, also the "outcome" label of the metrics.
const (
	Done  = "done"
	Retry = "retry"
	Dead  = "dead"
)

// PermanentError marks a failure that retrying cannot fix.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err so that the job is dead at once.
func Permanent(err error) error { return &PermanentError{Err: err} }

// IsPermanent reports whether err was wrapped with Permanent.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Policy tunes a runner; a zero field takes its value from DefaultPolicy.
type Policy struct {
	// Batch is how many jobs one round claims.
	Batch int
	// Concurrency is how many of them run at once: gateways answer in
	// milliseconds, so one at a time would leave the runner waiting on the
	// network.
	Concurrency int
	// Lease is how long a claimed job is this runner's before another may
	// take it over; longer than any handler's timeout. A handler still
	// running when the lease ends is cancelled, and a claimed job whose
	// turn comes after it is not started.
	Lease time.Duration
	// Poll is the pause between idle rounds.
	Poll time.Duration
	// BackoffBase is the wait after the first failed attempt, doubling
	// with each further one up to BackoffMax.
	BackoffBase, BackoffMax time.Duration
}

// DefaultPolicy: rounds of 32 jobs, 8 at a time, a 5-minute lease, a poll
// a second, and a backoff of 10 s doubling to an hour.
var DefaultPolicy = Policy{
	Batch:       32,
	Concurrency: 8,
	Lease:       5 * time.Minute,
	Poll:        time.Second,
	BackoffBase: 10 * time.Second,
	BackoffMax:  time.Hour,
}

// withDefaults fills the zero fields of p from DefaultPolicy.
func (p Policy) withDefaults() Policy {
	d := DefaultPolicy
	if p.Batch <= 0 {
		p.Batch = d.Batch
	}
	if p.Concurrency <= 0 {
		p.Concurrency = d.Concurrency
	}
	if p.Lease <= 0 {
		p.Lease = d.Lease
	}
	if p.Poll <= 0 {
		p.Poll = d.Poll
	}
	if p.BackoffBase <= 0 {
		p.BackoffBase = d.BackoffBase
	}
	if p.BackoffMax <= 0 {
		p.BackoffMax = d.BackoffMax
	}
	return p
}

// workFor is how long a runner may work on what it claimed: the store
// keeps a lease's end in whole seconds, counted from the start of the
// claim's second, so it may come up to a second (and the lease's fraction)
// before Lease has passed since the claim. Below two seconds no bound is
// safe; half the lease is the best guess.
func (p Policy) workFor() time.Duration {
	if w := p.Lease.Truncate(time.Second) - time.Second; w > 0 {
		return w
	}
	return p.Lease / 2
}

// Backoff returns the wait after the n-th failed attempt.
func (p Policy) Backoff(attempt int) time.Duration {
	p = p.withDefaults()
	d := p.BackoffBase
	for i := 1; i < attempt && d < p.BackoffMax; i++ {
		d *= 2
	}
	return min(d, p.BackoffMax)
}

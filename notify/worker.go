package notify

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/store"
)

// Worker is a jobs.Runner with the Delivery handler and nothing else: for
// tests and tools that deliver messages on their own. The server registers
// Delivery on its one runner instead.
type Worker struct {
	DB     *store.DB
	SMS    SMSSender   // nil: no SMS gateway
	Email  EmailSender // nil: no SMTP server
	Logger *slog.Logger
	// Batch, Concurrency, Lease and Poll are the runner's (zero:
	// jobs.DefaultPolicy).
	Batch, Concurrency int
	Lease, Poll        time.Duration
	// Backoff gives the wait after the n-th failed attempt (default:
	// DefaultBackoff).
	Backoff func(attempt int) time.Duration
	// Observe, if set, is told the outcome of each attempt ("sent",
	// "retry", "dead") per channel, for metrics.
	Observe func(channel beian.Channel, outcome string)

	once   sync.Once
	runner *jobs.Runner
}

// DefaultBackoff waits 10 s after the first failure, doubling up to an hour
// (jobs.DefaultPolicy).
func DefaultBackoff(attempt int) time.Duration { return jobs.DefaultPolicy.Backoff(attempt) }

func (w *Worker) setup() *jobs.Runner {
	w.once.Do(func() {
		w.runner = &jobs.Runner{
			DB:      w.DB,
			Policy:  jobs.Policy{Batch: w.Batch, Concurrency: w.Concurrency, Lease: w.Lease, Poll: w.Poll},
			Logger:  w.Logger,
			Backoff: w.Backoff,
		}
		d := &Delivery{DB: w.DB, SMS: w.SMS, Email: w.Email, Observe: w.Observe}
		w.runner.Handle(JobKind, d.Handle)
	})
	return w.runner
}

// Wake makes a running worker look for work now.
func (w *Worker) Wake() { w.setup().Wake() }

// Run delivers until ctx ends.
func (w *Worker) Run(ctx context.Context) error { return w.setup().Run(ctx) }

// RunOnce claims due deliveries and attempts each once. It returns how many
// it attempted.
func (w *Worker) RunOnce(ctx context.Context) (int, error) { return w.setup().RunOnce(ctx) }

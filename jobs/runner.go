package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/beianhq/beian/store"
)

// Runner claims due jobs of the kinds it has handlers for and runs them.
// RunOnce does one round and is what tests drive; Run loops until its
// context ends. Register every handler before the first round.
type Runner struct {
	DB     *store.DB
	Policy Policy
	Logger *slog.Logger
	// Backoff, if set, replaces Policy.Backoff.
	Backoff func(attempt int) time.Duration
	// Observe, if set, is told the outcome (Done, Retry, Dead) of every
	// attempt by kind; Metrics.Observe counts them.
	Observe func(kind, outcome string)

	mu       sync.Mutex
	handlers map[string]Handler
	kinds    []string
	wake     chan struct{}
}

// Handle registers h for jobs of kind; the runner claims no other kinds, so
// jobs of kinds another process handles wait for it.
func (r *Runner) Handle(kind string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.handlers == nil {
		r.handlers = map[string]Handler{}
	}
	if _, dup := r.handlers[kind]; dup {
		panic("jobs: two handlers for kind " + kind)
	}
	r.handlers[kind] = h
	r.kinds = append(r.kinds, kind)
	sort.Strings(r.kinds)
}

func (r *Runner) init() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.wake == nil {
		r.wake = make(chan struct{}, 1)
	}
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
}

// Wake makes a running runner look for work now.
func (r *Runner) Wake() {
	r.init()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run runs jobs until ctx ends.
func (r *Runner) Run(ctx context.Context) error {
	r.init()
	p := r.Policy.withDefaults()
	for {
		n, err := r.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			r.Logger.Error("job round", "err", err)
		}
		if n > 0 && err == nil {
			continue // there may be more
		}
		t := time.NewTimer(p.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-r.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// RunOnce claims due jobs and attempts each once, Concurrency at a time. It
// returns how many it attempted.
func (r *Runner) RunOnce(ctx context.Context) (int, error) {
	r.init()
	p := r.Policy.withDefaults()
	r.mu.Lock()
	kinds := r.kinds
	r.mu.Unlock()
	if len(kinds) == 0 {
		return 0, nil
	}
	// The claim is this runner's until its lease ends, and no longer: a
	// job whose turn comes later is not started (it waits for the next
	// claim, by any runner), and a handler still running then is cancelled.
	// So a runner slower than its lease — a batch queued behind slow
	// gateways — never works on a job another runner has claimed since.
	until := time.Now().Add(p.workFor())
	claimed, err := r.DB.ClaimJobs(ctx, p.Batch, p.Lease, kinds...)
	if err != nil {
		return 0, err
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		sem      = make(chan struct{}, p.Concurrency)
	)
	for _, j := range claimed {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if !time.Now().Before(until) {
				r.Logger.Warn("job not started: its lease ran out while it waited its turn", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts)
				return
			}
			if err := r.attempt(ctx, until, &Attempt{Job: j}); err != nil {
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
	return len(claimed), firstErr
}

// attempt runs a's handler until until and records the outcome, each job
// in its own transaction right after its handler returns: a crash repeats
// at most the attempts that were running at that moment.
func (r *Runner) attempt(ctx context.Context, until time.Time, a *Attempt) error {
	r.mu.Lock()
	h := r.handlers[a.Kind]
	r.mu.Unlock()
	var herr error
	if h == nil { // claimed by kind, so only if a handler was removed
		herr = Permanent(fmt.Errorf("no handler for job kind %q", a.Kind))
	} else {
		// The handler's work ends with the lease; recording its outcome
		// (below, with ctx) does not, or a send that succeeded at the
		// last moment would go unrecorded and be sent again.
		hctx, cancel := context.WithDeadline(ctx, until)
		herr = r.call(hctx, h, a)
		cancel()
	}
	o := Outcome{State: Done, Err: herr}
	if herr != nil {
		o.State = Retry
		if IsPermanent(herr) || a.Last() {
			o.State = Dead
		}
	}
	held := false
	err := r.DB.InTx(ctx, func(tx *store.Tx) error {
		if o.State == Retry {
			o.RetryAt = tx.Now().Add(r.backoff(a.Attempts))
		}
		var err error
		// The job first: an attempt whose lease another runner took over
		// writes nothing, neither its outcome nor what its handler wrote
		// about it (a message's delivery record), which belong to the
		// attempt that holds the job now.
		if held, err = tx.FinishJob(ctx, a.Job, herr, o.State == Dead, o.RetryAt); err != nil || !held {
			return err
		}
		for _, f := range a.finish {
			if err := f(ctx, tx, o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record job %d (%s): %w", a.ID, a.Kind, err)
	}
	if !held {
		r.Logger.Warn("job attempt outlived its lease; another runner holds the job", "job", a.ID, "kind", a.Kind, "attempt", a.Attempts)
		return nil
	}
	for _, f := range a.after {
		f(o)
	}
	if r.Observe != nil {
		r.Observe(a.Kind, o.State)
	}
	if herr != nil {
		r.Logger.Warn("job failed", "job", a.ID, "kind", a.Kind, "attempt", a.Attempts, "outcome", o.State, "err", herr)
	}
	return nil
}

// call runs h, turning a panic into a failed attempt so one bad job cannot
// stop the runner.
func (r *Runner) call(ctx context.Context, h Handler, a *Attempt) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("handler panic: %v", p)
		}
	}()
	return h(ctx, a)
}

func (r *Runner) backoff(attempt int) time.Duration {
	if r.Backoff != nil {
		return r.Backoff(attempt)
	}
	return r.Policy.Backoff(attempt)
}

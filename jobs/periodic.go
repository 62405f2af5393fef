package jobs

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// Every makes h a periodic handler: after each attempt that ends (done or
// dead) it enqueues the next run of kind at the start of the next period,
// in the transaction that records the outcome. The next run's key is
// kind@unix-seconds-of-its-bucket, so however many runners there are, and
// however often a run is retried, each bucket runs once. A retried run keeps
// its bucket; the next one is enqueued when it finally ends.
//
// Start the chain once with Schedule (at start-up: the key makes a repeated
// call harmless).
func Every(kind string, period time.Duration, h Handler) Handler {
	return func(ctx context.Context, a *Attempt) error {
		a.OnFinish(func(ctx context.Context, tx *store.Tx, o Outcome) error {
			if o.State == Retry {
				return nil
			}
			_, err := Schedule(ctx, tx, kind, period, tx.Now().Add(time.Nanosecond))
			return err
		})
		return h(ctx, a)
	}
}

// Schedule enqueues the run of the periodic kind due in the first bucket of
// period that starts after from (the one from falls in when from is a bucket
// start). It reports whether the job is new. The period is whole seconds.
func Schedule(ctx context.Context, tx *store.Tx, kind string, period time.Duration, from time.Time) (bool, error) {
	if period < time.Second || period%time.Second != 0 {
		// The store keeps times to the second, so a bucket is whole seconds.
		return false, fmt.Errorf("jobs: the period of %s is %v: use whole seconds", kind, period)
	}
	at := bucketAfter(from, period)
	return tx.EnqueueJob(ctx, &beian.Job{Kind: kind, Key: kind + "@" + strconv.FormatInt(at.Unix(), 10), RunAt: at})
}

// bucketAfter returns the first multiple of period (counted from the Unix
// epoch) at or after t.
func bucketAfter(t time.Time, period time.Duration) time.Time {
	b := t.Truncate(period)
	if b.Before(t) {
		b = b.Add(period)
	}
	return b
}

package jobs_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/store"
)

// TestEvery: a periodic job runs once per period on the injected clock; a
// second runner and a repeated start-up Schedule add no runs; a failed run
// is retried within its bucket and the chain goes on after it.
func TestEvery(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			c := &clock{now: testdb.Now.Add(30 * time.Minute)} // mid-bucket
			db.Now = c.Now
			var runs atomic.Int32
			var fail atomic.Bool
			scan := jobs.Every("shell_scan", time.Hour, func(ctx context.Context, a *jobs.Attempt) error {
				runs.Add(1)
				if fail.Load() {
					fail.Store(false)
					return context.DeadlineExceeded
				}
				return nil
			})
			r1, r2 := &jobs.Runner{DB: db}, &jobs.Runner{DB: db}
			r1.Handle("shell_scan", scan)
			r2.Handle("shell_scan", scan)
			start := func() {
				t.Helper()
				if err := db.InTx(ctx, func(tx *store.Tx) error {
					_, err := jobs.Schedule(ctx, tx, "shell_scan", time.Hour, tx.Now())
					return err
				}); err != nil {
					t.Fatal(err)
				}
			}
			start()
			start() // a second process starting up
			round := func() int { return runOnce(t, r1) + runOnce(t, r2) }
			if round() != 0 {
				t.Fatal("ran before the first bucket")
			}
			for hour := 1; hour <= 3; hour++ {
				c.now = testdb.Now.Add(time.Duration(hour) * time.Hour)
				if hour == 2 {
					fail.Store(true)
					if round() != 1 {
						t.Fatalf("hour %d: the failing run did not run", hour)
					}
					c.now = c.now.Add(jobs.DefaultPolicy.Backoff(1))
				}
				if got := round(); got != 1 {
					t.Fatalf("hour %d: %d runs, want 1", hour, got)
				}
				if round() != 0 {
					t.Fatalf("hour %d ran twice", hour)
				}
			}
			if got := runs.Load(); got != 4 { // three hours, one retry
				t.Fatalf("runs=%d, want 4", got)
			}
			counts, _ := db.JobCounts(ctx)
			if counts["done"] != 3 || counts["available"] != 1 {
				t.Fatalf("jobs=%v, want 3 done and the next hour waiting", counts)
			}
		})
	}
}

// TestScheduleWholeSeconds: the store keeps times to the second, so a
// period that is not whole seconds is refused rather than run once and lost.
func TestScheduleWholeSeconds(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	for _, p := range []time.Duration{0, 50 * time.Millisecond, 1500 * time.Millisecond} {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := jobs.Schedule(ctx, tx, "pull", p, tx.Now())
			return err
		})
		if err == nil {
			t.Errorf("period %v: scheduled, want refused", p)
		}
	}
}

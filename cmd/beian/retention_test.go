package main

import (
	"context"
	"testing"
	"time"

	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/store"
)

// The retention job forgets the rate events of subjects that never came
// back once they are older than the longest window, keeps younger ones, and
// queues its own next run.
func TestRetentionPurgesOldRateEvents(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, engine)
			now := testdb.Now
			db.Now = func() time.Time { return now }
			add := func(subject string) {
				t.Helper()
				if err := db.InTx(ctx, func(tx *store.Tx) error {
					return tx.AddRateEvent(ctx, "test", subject, 48*time.Hour)
				}); err != nil {
					t.Fatal(err)
				}
			}
			add("gone")
			now = now.Add(20 * time.Hour)
			add("recent")

			runner := &jobs.Runner{DB: db, Policy: jobs.DefaultPolicy}
			if err := scheduleRetention(ctx, DefaultConfig(), db, runner); err != nil {
				t.Fatal(err)
			}
			now = now.Add(6 * time.Hour) // "gone" is 26 h old, "recent" 6 h
			if n, err := runner.RunOnce(ctx); err != nil || n != len(retentionJobs(DefaultConfig())) {
				t.Fatalf("RunOnce = %d, %v; want every due retention job, the purge of rate events among them", n, err)
			}
			for subject, want := range map[string]int{"gone": 0, "recent": 1} {
				got, err := db.RateEvents(ctx, "test", subject, now.Add(-72*time.Hour))
				if err != nil || len(got) != want {
					t.Errorf("%s: %d events (%v), want %d", subject, len(got), err, want)
				}
			}
			counts, err := db.JobCounts(ctx)
			if err != nil || counts["available"] != len(retentionJobs(DefaultConfig())) {
				t.Errorf("job counts %v (%v): want the next run of each job queued", counts, err)
			}
		})
	}
}

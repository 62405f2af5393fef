package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

func TestJobs(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		now := testdb.Now
		db.Now = func() time.Time { return now }

		enqueue := func(j *beian.Job) bool {
			t.Helper()
			var added bool
			if err := db.InTx(ctx, func(tx *store.Tx) (err error) { added, err = tx.EnqueueJob(ctx, j); return err }); err != nil {
				t.Fatal(err)
			}
			return added
		}
		if !enqueue(&beian.Job{Kind: "k", Key: "a", Payload: "1", MaxAttempts: 2}) {
			t.Fatal("first enqueue not added")
		}
		if enqueue(&beian.Job{Kind: "k", Key: "a", Payload: "other"}) {
			t.Fatal("a second job with the same key was added")
		}
		enqueue(&beian.Job{Kind: "k", Key: "later", RunAt: now.Add(time.Hour)})

		jobs, err := db.ClaimJobs(ctx, 10, time.Minute)
		if err != nil || len(jobs) != 1 || jobs[0].Key != "a" || jobs[0].Attempts != 1 || jobs[0].Payload != "1" {
			t.Fatalf("claim: %+v, %v", jobs, err)
		}
		// Claimed jobs are not handed out twice while leased.
		if again, _ := db.ClaimJobs(ctx, 10, time.Minute); len(again) != 0 {
			t.Fatalf("claimed a leased job again: %+v", again)
		}
		// A worker that died: the lease runs out and the job comes back.
		now = now.Add(2 * time.Minute)
		jobs, _ = db.ClaimJobs(ctx, 10, time.Minute)
		if len(jobs) != 1 || jobs[0].Attempts != 2 {
			t.Fatalf("after the lease: %+v", jobs)
		}
		stale := &beian.Job{ID: jobs[0].ID, Attempts: 1, MaxAttempts: 2}
		// The stale worker's late report is fenced off by the attempt count.
		finish := func(j *beian.Job, err error, retryAt time.Time) bool {
			t.Helper()
			var held bool
			if xerr := db.InTx(ctx, func(tx *store.Tx) (xerr error) {
				held, xerr = tx.FinishJob(ctx, j, err, false, retryAt)
				return xerr
			}); xerr != nil {
				t.Fatal(xerr)
			}
			return held
		}
		if finish(stale, nil, time.Time{}) {
			t.Fatal("the stale attempt's report was taken")
		}
		// Second attempt fails and the attempts are used up: dead.
		if !finish(jobs[0], errors.New("boom"), now.Add(time.Minute)) {
			t.Fatal("the current attempt's report was fenced off")
		}
		counts, _ := db.JobCounts(ctx)
		if counts["dead"] != 1 || counts["available"] != 1 || counts["done"] != 0 {
			t.Fatalf("counts=%v", counts)
		}
		// The scheduled job becomes due.
		now = now.Add(time.Hour)
		jobs, _ = db.ClaimJobs(ctx, 10, time.Minute)
		if len(jobs) != 1 || jobs[0].Key != "later" {
			t.Fatalf("scheduled job: %+v", jobs)
		}
		// A failed attempt with attempts left goes back with a later run_at.
		finish(jobs[0], errors.New("try again"), now.Add(10*time.Second))
		if jobs, _ := db.ClaimJobs(ctx, 10, time.Minute); len(jobs) != 0 {
			t.Fatal("retried before its backoff")
		}
		now = now.Add(10 * time.Second)
		jobs, _ = db.ClaimJobs(ctx, 10, time.Minute)
		if len(jobs) != 1 || jobs[0].LastError != "try again" {
			t.Fatalf("retry: %+v", jobs)
		}
		finish(jobs[0], nil, time.Time{})
		if counts, _ := db.JobCounts(ctx); counts["done"] != 1 {
			t.Fatalf("counts=%v", counts)
		}
	})
}

// TestClaimJobsByKind: a claim names the kinds it can run and leaves the
// others available, untouched.
func TestClaimJobsByKind(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		for _, j := range []*beian.Job{{Kind: "deliver", Key: "d"}, {Kind: "sla", Key: "s"}, {Kind: "scan", Key: "x"}} {
			if err := db.InTx(ctx, func(tx *store.Tx) error { _, err := tx.EnqueueJob(ctx, j); return err }); err != nil {
				t.Fatal(err)
			}
		}
		jobs, err := db.ClaimJobs(ctx, 10, time.Minute, "deliver", "sla")
		if err != nil || len(jobs) != 2 || jobs[0].Kind == "scan" || jobs[1].Kind == "scan" {
			t.Fatalf("claim: %+v, %v", jobs, err)
		}
		counts, _ := db.JobCountsByKind(ctx)
		if counts["scan"]["available"] != 1 || counts["deliver"]["running"] != 1 || counts["sla"]["running"] != 1 {
			t.Fatalf("counts=%v", counts)
		}
		if jobs[0].MaxAttempts != store.DefaultMaxAttempts {
			t.Fatalf("MaxAttempts=%d, want the default %d", jobs[0].MaxAttempts, store.DefaultMaxAttempts)
		}
	})
}

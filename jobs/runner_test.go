package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/store"
	"github.com/prometheus/client_golang/prometheus"
)

var ctx = context.Background()

// clock is the injected time of a test store.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func enqueue(t *testing.T, db *store.DB, j *beian.Job) {
	t.Helper()
	if err := db.InTx(ctx, func(tx *store.Tx) error { _, err := tx.EnqueueJob(ctx, j); return err }); err != nil {
		t.Fatal(err)
	}
}

func runOnce(t *testing.T, r *jobs.Runner) int {
	t.Helper()
	n, err := r.RunOnce(ctx)
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	return n
}

// recorder is a handler that logs the payloads it ran and fails as told.
type recorder struct {
	mu   sync.Mutex
	ran  []string
	fail map[string]error
}

func (h *recorder) handle(ctx context.Context, a *jobs.Attempt) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ran = append(h.ran, a.Payload)
	return h.fail[a.Payload]
}

func (h *recorder) runs() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return strings.Join(h.ran, ",")
}

// TestRunner_Kinds: a runner claims only the kinds it has handlers for and
// runs each job with its kind's handler; other kinds wait, untouched.
func TestRunner_Kinds(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			a, b := &recorder{}, &recorder{}
			r := &jobs.Runner{DB: db}
			r.Handle("a", a.handle)
			r.Handle("b", b.handle)
			enqueue(t, db, &beian.Job{Kind: "a", Key: "a1", Payload: "a1"})
			enqueue(t, db, &beian.Job{Kind: "b", Key: "b1", Payload: "b1"})
			enqueue(t, db, &beian.Job{Kind: "elsewhere", Key: "c1", Payload: "c1"})
			if got := runOnce(t, r); got != 2 {
				t.Fatalf("attempted %d, want the 2 jobs of known kinds", got)
			}
			if a.runs() != "a1" || b.runs() != "b1" {
				t.Fatalf("a ran %q, b ran %q", a.runs(), b.runs())
			}
			counts, _ := db.JobCountsByKind(ctx)
			if counts["a"]["done"] != 1 || counts["b"]["done"] != 1 || counts["elsewhere"]["available"] != 1 {
				t.Fatalf("counts=%v: the unknown kind must stay available", counts)
			}
			if runOnce(t, r) != 0 {
				t.Fatal("done jobs ran again")
			}
		})
	}
}

// TestRunner_RetryDead: a failing job is retried after its backoff, a
// permanent failure is dead at once, and one that keeps failing is dead when
// its attempts are used up; every outcome is counted per kind.
func TestRunner_RetryDead(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			c := &clock{now: testdb.Now}
			db.Now = c.Now
			h := &recorder{fail: map[string]error{
				"flaky":  errors.New("busy"),
				"broken": jobs.Permanent(errors.New("no such recipient")),
				"down":   errors.New("down"),
			}}
			metrics := jobs.NewMetrics(db)
			r := &jobs.Runner{DB: db, Observe: metrics.Observe}
			r.Handle("k", h.handle)
			enqueue(t, db, &beian.Job{Kind: "k", Key: "flaky", Payload: "flaky"})
			enqueue(t, db, &beian.Job{Kind: "k", Key: "broken", Payload: "broken"})
			enqueue(t, db, &beian.Job{Kind: "k", Key: "down", Payload: "down", MaxAttempts: 2})
			if runOnce(t, r) != 3 {
				t.Fatal("first round")
			}
			// Not before the backoff of the first attempt …
			c.now = c.now.Add(jobs.DefaultPolicy.Backoff(1) - time.Second)
			if runOnce(t, r) != 0 {
				t.Fatal("retried before its backoff")
			}
			// … but right after it; "broken" is dead and does not come back.
			c.now = c.now.Add(time.Second)
			h.fail["flaky"] = nil
			if got := runOnce(t, r); got != 2 {
				t.Fatalf("second round attempted %d, want flaky and down", got)
			}
			counts, _ := db.JobCountsByKind(ctx)
			if counts["k"]["done"] != 1 || counts["k"]["dead"] != 2 {
				t.Fatalf("counts=%v, want flaky done, broken and down dead", counts)
			}
			got := gather(t, metrics)
			for _, tc := range []struct {
				series string
				want   float64
			}{
				{`beian_job_attempts_total{kind="k",outcome="done"}`, 1},
				{`beian_job_attempts_total{kind="k",outcome="retry"}`, 2},
				{`beian_job_attempts_total{kind="k",outcome="dead"}`, 2},
				{`beian_jobs{kind="k",state="done"}`, 1},
				{`beian_jobs{kind="k",state="dead"}`, 2},
			} {
				if got[tc.series] != tc.want {
					t.Errorf("%s=%v, want %v (all: %v)", tc.series, got[tc.series], tc.want, got)
				}
			}
		})
	}
}

// gather collects c through a registry and returns every series' value by
// its name{labels}.
func gather(t *testing.T, c prometheus.Collector) map[string]float64 {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(c); err != nil {
		t.Fatal(err)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			v := m.GetGauge().GetValue() + m.GetCounter().GetValue()
			out[f.GetName()+"{"+strings.Join(labels, ",")+"}"] = v
		}
	}
	return out
}

// TestRunner_Schedule: a job enqueued with RunAt in the future (a timer set
// from inside a business transaction) runs once it is due, not before.
func TestRunner_Schedule(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			c := &clock{now: testdb.Now}
			db.Now = c.Now
			h := &recorder{}
			r := &jobs.Runner{DB: db}
			r.Handle("sla", h.handle)
			if err := db.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.EnqueueJob(ctx, &beian.Job{Kind: "sla", Key: "sla:app-1", Payload: "app-1", RunAt: tx.Now().Add(24 * time.Hour)})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			c.now = c.now.Add(24*time.Hour - time.Second)
			if runOnce(t, r) != 0 {
				t.Fatal("a timer ran before its time")
			}
			c.now = c.now.Add(time.Second)
			if runOnce(t, r) != 1 || h.runs() != "app-1" {
				t.Fatalf("timer: ran %q", h.runs())
			}
		})
	}
}

// TestRunner_OnFinish: what a handler writes about its attempt commits with
// the job's new state and sees the outcome.
func TestRunner_OnFinish(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	var outcomes []string
	r := &jobs.Runner{DB: db}
	r.Handle("k", func(ctx context.Context, a *jobs.Attempt) error {
		a.OnFinish(func(ctx context.Context, tx *store.Tx, o jobs.Outcome) error {
			outcomes = append(outcomes, o.State)
			_, err := tx.EnqueueJob(ctx, &beian.Job{Kind: "follow-up", Key: "after:" + a.Key})
			return err
		})
		if a.Payload == "fail" {
			return jobs.Permanent(errors.New("no"))
		}
		return nil
	})
	enqueue(t, db, &beian.Job{Kind: "k", Key: "ok", Payload: "ok"})
	enqueue(t, db, &beian.Job{Kind: "k", Key: "bad", Payload: "fail"})
	runOnce(t, r)
	if got := strings.Join(slices.Sorted(slices.Values(outcomes)), ","); got != "dead,done" {
		t.Fatalf("outcomes=%s", got)
	}
	if counts, _ := db.JobCountsByKind(ctx); counts["follow-up"]["available"] != 2 {
		t.Fatalf("counts=%v: follow-ups not written with the outcome", counts)
	}
}

// TestRunner_Panic: a handler that panics fails its attempt; the runner
// goes on.
func TestRunner_Panic(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	r := &jobs.Runner{DB: db}
	r.Handle("k", func(ctx context.Context, a *jobs.Attempt) error { panic("boom") })
	enqueue(t, db, &beian.Job{Kind: "k", Key: "p", MaxAttempts: 1})
	runOnce(t, r)
	if counts, _ := db.JobCounts(ctx); counts["dead"] != 1 {
		t.Fatalf("counts=%v", counts)
	}
}

// TestRunner_LateFinisher: an attempt that outlives its lease, while
// another runner takes the job over and finishes it, writes nothing when it
// ends at last — neither the job's state nor what its handler wrote about
// the attempt (a message's delivery record, here a follow-up job).
func TestRunner_LateFinisher(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			var mu sync.Mutex
			now := testdb.Now
			db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			started, release := make(chan struct{}), make(chan struct{})
			handler := func(ctx context.Context, a *jobs.Attempt) error {
				a.OnFinish(func(ctx context.Context, tx *store.Tx, o jobs.Outcome) error {
					_, err := tx.EnqueueJob(ctx, &beian.Job{Kind: "record", Key: fmt.Sprintf("record:%d", a.Attempts)})
					return err
				})
				if a.Attempts == 1 {
					close(started)
					<-release // the first runner stalls past its lease
				}
				return nil
			}
			slow, fast := &jobs.Runner{DB: db, Policy: jobs.Policy{Lease: time.Minute}}, &jobs.Runner{DB: db, Policy: jobs.Policy{Lease: time.Minute}}
			slow.Handle("k", handler)
			fast.Handle("k", handler)
			enqueue(t, db, &beian.Job{Kind: "k", Key: "once"})
			done := make(chan error, 1)
			go func() { _, err := slow.RunOnce(ctx); done <- err }()
			<-started
			mu.Lock()
			now = now.Add(2 * time.Minute)
			mu.Unlock()
			if n := runOnce(t, fast); n != 1 {
				t.Fatalf("the second runner took %d jobs, want the one whose lease ran out", n)
			}
			close(release)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			counts, _ := db.JobCountsByKind(ctx)
			if counts["k"]["done"] != 1 || counts["record"]["available"] != 1 {
				t.Fatalf("counts=%v, want the job done and one record, the second attempt's", counts)
			}
			jobs, err := db.ClaimJobs(ctx, 10, time.Minute, "record")
			if err != nil || len(jobs) != 1 || jobs[0].Key != "record:2" {
				t.Fatalf("records %+v %v, want record:2 alone", jobs, err)
			}
		})
	}
}

// TestRunner_LeaseBoundsWork: a runner works on what it claimed only while
// its lease lasts — the handler still running when it ends is cancelled,
// and a job claimed in the same round whose turn comes after it is not
// started — so a runner slower than its lease never works on a job that
// another runner may have claimed since. (A 2 s lease: the test takes 1 s.)
func TestRunner_LeaseBoundsWork(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	var mu sync.Mutex
	var ran []string
	r := &jobs.Runner{DB: db, Policy: jobs.Policy{Batch: 2, Concurrency: 1, Lease: 2 * time.Second}}
	r.Handle("k", func(ctx context.Context, a *jobs.Attempt) error {
		mu.Lock()
		ran = append(ran, a.Key)
		mu.Unlock()
		if _, ok := ctx.Deadline(); !ok {
			return jobs.Permanent(errors.New("the handler's context has no deadline"))
		}
		<-ctx.Done() // a gateway that never answers
		return ctx.Err()
	})
	enqueue(t, db, &beian.Job{Kind: "k", Key: "first"})
	enqueue(t, db, &beian.Job{Kind: "k", Key: "second"})
	runOnce(t, r)
	if got := strings.Join(ran, ","); got != "first" {
		t.Fatalf("ran %s, want only the first: the second's lease ended before its turn", got)
	}
	counts, _ := db.JobCounts(ctx)
	if counts["available"] != 1 || counts["running"] != 1 {
		t.Fatalf("counts=%v, want the cancelled one back for a retry and the other still leased", counts)
	}
}

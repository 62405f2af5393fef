package agent_test

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// TestOverdueMetric: a submitted application counts as overdue once its
// one working day has passed.
func TestOverdueMetric(t *testing.T) {
	f := newFixture(t, "sqlite")
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(f.s.Metrics())
	overdue := func() float64 {
		mfs, err := reg.Gather()
		if err != nil || len(mfs) != 1 {
			t.Fatalf("gather: %v %v", mfs, err)
		}
		return mfs[0].GetMetric()[0].GetGauge().GetValue()
	}
	f.submitted(t, "wangwu-a.cn")
	if n := overdue(); n != 0 {
		t.Fatalf("overdue right after submission: %v", n)
	}
	// Friday's submission is due on Monday; a week later it is overdue.
	f.clock.Add(7 * 24 * time.Hour)
	if n := overdue(); n != 1 {
		t.Fatalf("overdue a week later: %v", n)
	}
}

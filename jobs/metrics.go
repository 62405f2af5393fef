package jobs

import (
	"context"
	"time"

	"github.com/beianhq/beian/store"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics exports the jobs table by kind and state, read from the store at
// each scrape, and the outcome of every attempt by kind.
type Metrics struct {
	db       *store.DB
	jobs     *prometheus.Desc
	attempts *prometheus.CounterVec
}

// NewMetrics returns the collector; register it and set Runner.Observe to
// its Observe.
func NewMetrics(db *store.DB) *Metrics {
	return &Metrics{
		db:   db,
		jobs: prometheus.NewDesc("beian_jobs", "Background jobs by kind and state.", []string{"kind", "state"}, nil),
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "beian_job_attempts_total",
			Help: "Job attempts by kind and outcome (done, retry, dead).",
		}, []string{"kind", "outcome"}),
	}
}

// Observe counts one attempt.
func (m *Metrics) Observe(kind, outcome string) {
	m.attempts.WithLabelValues(kind, outcome).Inc()
}

// Describe implements prometheus.Collector.
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.jobs
	m.attempts.Describe(ch)
}

// Collect implements prometheus.Collector.
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if counts, err := m.db.JobCountsByKind(ctx); err == nil {
		for kind, states := range counts {
			for state, n := range states {
				ch <- prometheus.MustNewConstMetric(m.jobs, prometheus.GaugeValue, float64(n), kind, state)
			}
		}
	}
	m.attempts.Collect(ch)
}

package notify

import (
	"context"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics exports the delivery record: messages by channel and state, read
// from the store at each scrape, and delivery attempts by outcome. The jobs
// behind them are in jobs.Metrics.
type Metrics struct {
	db       *store.DB
	messages *prometheus.Desc
	attempts *prometheus.CounterVec
}

// NewMetrics returns the collector; register it and pass Observe to the
// delivery handler.
func NewMetrics(db *store.DB) *Metrics {
	return &Metrics{
		db: db,
		messages: prometheus.NewDesc("beian_messages", "Messages by channel and delivery state.",
			[]string{"channel", "state"}, nil),
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "beian_message_attempts_total",
			Help: "Delivery attempts by channel and outcome (sent, retry, dead).",
		}, []string{"channel", "outcome"}),
	}
}

// Observe counts one delivery attempt.
func (m *Metrics) Observe(channel beian.Channel, outcome string) {
	m.attempts.WithLabelValues(string(channel), outcome).Inc()
}

// Describe implements prometheus.Collector.
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.messages
	m.attempts.Describe(ch)
}

// Collect implements prometheus.Collector.
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if counts, err := m.db.MessageCounts(ctx); err == nil {
		for channel, states := range counts {
			for state, n := range states {
				ch <- prometheus.MustNewConstMetric(m.messages, prometheus.GaugeValue, float64(n), channel, state)
			}
		}
	}
	m.attempts.Collect(ch)
}

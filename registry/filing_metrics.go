package registry

import (
	"context"
	"time"

	"github.com/beianhq/beian/store"
	"github.com/prometheus/client_golang/prometheus"
)

// FilingMetrics exports the bureau queues, read from the store at each
// scrape: filings waiting for the bureau and those past their deadline of
// 20 working days, by province.
type FilingMetrics struct {
	DB      *store.DB
	pending *prometheus.Desc
	overdue *prometheus.Desc
}

// NewFilingMetrics returns the collector.
func NewFilingMetrics(db *store.DB) *FilingMetrics {
	return &FilingMetrics{
		DB: db,
		pending: prometheus.NewDesc("beian_bureau_filings_pending", "Filings waiting for the bureau's decision, by province (GB/T 2260 code).",
			[]string{"province"}, nil),
		overdue: prometheus.NewDesc("beian_bureau_filings_overdue", "Filings past the bureau's deadline of 20 working days, by province.",
			[]string{"province"}, nil),
	}
}

// Describe implements prometheus.Collector.
func (m *FilingMetrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.pending
	ch <- m.overdue
}

// Collect implements prometheus.Collector.
func (m *FilingMetrics) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	pending, overdue, err := m.DB.BureauCounts(ctx, m.DB.Now())
	if err != nil {
		return
	}
	for p, n := range pending {
		ch <- prometheus.MustNewConstMetric(m.pending, prometheus.GaugeValue, float64(n), p)
		ch <- prometheus.MustNewConstMetric(m.overdue, prometheus.GaugeValue, float64(overdue[p]), p)
	}
}

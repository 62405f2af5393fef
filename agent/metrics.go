package agent

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics exports the applications past their review deadline, counted at
// each scrape.
type metrics struct {
	s       *Service
	overdue *prometheus.Desc
}

// Metrics returns the agent's Prometheus collector:
// beian_applications_overdue, the applications in a review step past its
// deadline.
func (s *Service) Metrics() prometheus.Collector {
	return &metrics{s: s, overdue: prometheus.NewDesc("beian_applications_overdue",
		"Applications in initial or bureau review past their deadline.", nil, nil)}
}

func (m *metrics) Describe(ch chan<- *prometheus.Desc) { ch <- m.overdue }

func (m *metrics) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, err := m.s.DB.CountOverdue(ctx, m.s.now())
	if err != nil {
		ch <- prometheus.NewInvalidMetric(m.overdue, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(m.overdue, prometheus.GaugeValue, float64(n))
}

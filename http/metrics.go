package http

import (
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/beianhq/beian"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics counts requests by route pattern (never by raw path, which would
// let clients create series at will).
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "beian_http_requests_total",
			Help: "HTTP requests by route and status.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "beian_http_request_duration_seconds",
			Help:    "HTTP request latency by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (m *metrics) instrument(route string, next http.Handler) http.Handler {
	requests := m.requests.MustCurryWith(prometheus.Labels{"route": route})
	duration := m.duration.WithLabelValues(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		duration.Observe(time.Since(start).Seconds())
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		requests.WithLabelValues(strconv.Itoa(sw.status)).Inc()
	})
}

// loopback is who may read /metrics when no network is configured.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// handleMetrics serves the Prometheus metrics to the allowed networks only:
// they tell an outsider the load and the error rates of the service.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	allowed := s.MetricsAllowedNetworks
	if len(allowed) == 0 {
		allowed = loopback
	}
	a, err := netip.ParseAddr(s.clientAddr(r))
	if err != nil || !inNetworks(a, allowed) {
		return beian.Errorf(beian.EFORBIDDEN, "监控指标只对允许的网络开放")
	}
	promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{}).ServeHTTP(w, r)
	return nil
}

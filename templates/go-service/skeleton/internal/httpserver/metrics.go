package httpserver

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// LatencyBuckets are the histogram bounds in seconds; the latency SLO threshold in
// monitoring/alerts.yaml must be one of them.
var LatencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5, 10}

// Metrics holds the RED metrics (rate, errors, duration) per route template. The alert rules
// and the dashboard in monitoring/ query exactly these names and labels.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the RED metrics and the Go runtime and process collectors.
func NewMetrics() *Metrics {
	registry := prometheus.NewRegistry()
	labels := []string{"method", "route", "status_code"}
	m := &Metrics{
		Registry: registry,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests handled, by method, route template and status code.",
		}, labels),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "HTTP request duration in seconds, by method, route template and status code.",
			Buckets: LatencyBuckets,
		}, labels),
	}
	registry.MustRegister(
		m.requests,
		m.duration,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

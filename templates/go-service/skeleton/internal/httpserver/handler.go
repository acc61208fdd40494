// Package httpserver is the service's HTTP surface: probes, metrics and its routes.
package httpserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// NewHandler returns the service's routes. ready reports whether the service accepts
// traffic: false before start-up completes and from the moment shutdown begins.
func NewHandler(metrics *Metrics, ready func() bool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready() {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	mux.Handle("/metrics", promhttp.HandlerFor(metrics.Registry, promhttp.HandlerOpts{}))
	mux.Handle("/v1/greetings/", instrument(metrics, "/v1/greetings/{name}", http.HandlerFunc(greet)))
	mux.Handle("/", instrument(metrics, "unmatched", http.NotFoundHandler()))
	return mux
}

func greet(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/v1/greetings/")
	if name == "" || len(name) > 64 || strings.Contains(name, "/") {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "name must be 1 to 64 characters without /"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "Hello, " + name + "!"})
}

// instrument records a request under its route template ("/v1/greetings/{name}"), never
// the raw path, so label cardinality stays bounded.
func instrument(metrics *Metrics, route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		recorder := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(recorder, r)
		labels := []string{r.Method, route, strconv.Itoa(recorder.status)}
		metrics.requests.WithLabelValues(labels...).Inc()
		metrics.duration.WithLabelValues(labels...).Observe(time.Since(started).Seconds())
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

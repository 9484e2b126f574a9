// Package metrics exposes entente's operational figures in the Prometheus
// text format through prometheus/client_golang, and answers health checks.
//
// Rates (documents/s, events/s, rows/s) are counters: Prometheus derives
// the rate with rate(), which survives restarts and scrape gaps, where a
// gauge computed here would not.
package metrics

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds one process's collectors in its own registry (no global
// default registry, so tests can build several).
type Metrics struct {
	reg          *prometheus.Registry
	Documents    prometheus.Counter // documents stored by workers
	Events       prometheus.Counter // events stored by workers
	DeadLetters  prometheus.Counter // documents sent to the dead-letter stream
	Redeliveries prometheus.Counter // deliveries after the first
	ImportRows   prometheus.Counter // dataset rows imported
	requests     *prometheus.HistogramVec
}

// New returns the collectors, registered with the Go runtime's.
func New() *Metrics {
	m := &Metrics{
		reg:          prometheus.NewRegistry(),
		Documents:    prometheus.NewCounter(prometheus.CounterOpts{Name: "entente_documents_total", Help: "Documents coded and stored."}),
		Events:       prometheus.NewCounter(prometheus.CounterOpts{Name: "entente_events_total", Help: "Events coded from documents and stored."}),
		DeadLetters:  prometheus.NewCounter(prometheus.CounterOpts{Name: "entente_dead_letters_total", Help: "Documents sent to the dead-letter stream."}),
		Redeliveries: prometheus.NewCounter(prometheus.CounterOpts{Name: "entente_redeliveries_total", Help: "Document deliveries after the first one."}),
		ImportRows:   prometheus.NewCounter(prometheus.CounterOpts{Name: "entente_import_rows_total", Help: "Dataset rows imported."}),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "entente_http_request_duration_seconds", Help: "HTTP request latency by route pattern and status code.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "code"}),
	}
	m.reg.MustRegister(m.Documents, m.Events, m.DeadLetters, m.Redeliveries, m.ImportRows, m.requests,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// QueueLag reports the queue's backlog at each scrape through lag; a
// failing lag leaves the figure out of that scrape.
func (m *Metrics) QueueLag(lag func(context.Context) (uint64, error)) {
	m.reg.MustRegister(&lagCollector{lag: lag, desc: prometheus.NewDesc("entente_queue_lag",
		"Documents published and not yet acknowledged or dead-lettered.", nil, nil)})
}

type lagCollector struct {
	lag  func(context.Context) (uint64, error)
	desc *prometheus.Desc
}

func (c *lagCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *lagCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if n, err := c.lag(ctx); err == nil {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n))
	}
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Instrument records the latency of every request next serves. Requests
// are labelled by the route pattern the ServeMux matched (never by the raw
// path, whose values are unbounded) and "other" when none did.
func (m *Metrics) Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "other"
		}
		m.requests.WithLabelValues(route, strconv.Itoa(sw.code)).Observe(time.Since(start).Seconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the writer's flusher.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Check is one health check: a name and a probe that fails when the
// dependency is unreachable.
type Check struct {
	Name  string
	Probe func(context.Context) error
}

// Health answers 200 when every check passes and 503 otherwise, with a
// JSON body naming each check's state.
func Health(checks ...Check) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		status := map[string]string{}
		code := http.StatusOK
		for _, c := range checks {
			if err := c.Probe(ctx); err != nil {
				status[c.Name] = err.Error()
				code = http.StatusServiceUnavailable
			} else {
				status[c.Name] = "ok"
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(status)
	})
}

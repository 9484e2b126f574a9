package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func scrape(t *testing.T, h http.Handler) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestMetrics_Handler(t *testing.T) {
	m := New()
	m.Documents.Add(3)
	m.Events.Add(5)
	m.ImportRows.Add(7)
	m.QueueLag(func(context.Context) (uint64, error) { return 11, nil })
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/actors/{code}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := m.Instrument(mux)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/actors/CHN", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/nowhere", nil))
	got := scrape(t, m.Handler())
	for _, want := range []string{
		"entente_documents_total 3",
		"entente_events_total 5",
		"entente_import_rows_total 7",
		"entente_queue_lag 11",
		`entente_http_request_duration_seconds_count{code="418",route="GET /api/v1/actors/{code}"} 1`,
		`entente_http_request_duration_seconds_count{code="404",route="other"} 1`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
}

func TestHealth(t *testing.T) {
	ok := Check{"store", func(context.Context) error { return nil }}
	down := Check{"queue", func(context.Context) error { return errors.New("not connected") }}
	tests := []struct {
		name   string
		checks []Check
		code   int
		body   string
	}{
		{"all up", []Check{ok}, http.StatusOK, `"store":"ok"`},
		{"queue down", []Check{ok, down}, http.StatusServiceUnavailable, `"queue":"not connected"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			Health(tt.checks...).ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
			if rec.Code != tt.code || !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("GET /healthz = %d %s; want %d with %s", rec.Code, rec.Body, tt.code, tt.body)
			}
		})
	}
}

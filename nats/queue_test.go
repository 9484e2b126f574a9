package nats

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"entente"
)

// startQueue starts one embedded server on a free port and connects to it.
func startQueue(t *testing.T) *Queue {
	t.Helper()
	cfg := DefaultServerConfig(t.TempDir())
	cfg.Port = -1
	srv, err := StartServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	qc := DefaultConfig()
	qc.URL = srv.URL()
	qc.FetchWait = 300 * time.Millisecond
	q, err := Connect(context.Background(), qc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		ok   bool
	}{
		{"default", func(*Config) {}, true},
		{"no url", func(c *Config) { c.URL = "" }, false},
		{"replicas 0", func(c *Config) { c.Replicas = 0 }, false},
		{"replicas 6", func(c *Config) { c.Replicas = 6 }, false},
		{"batch above max ack pending", func(c *Config) { c.Batch = c.MaxAckPending + 1 }, false},
		{"dead letters on the document subject", func(c *Config) { c.DeadSubject = c.Subject }, false},
		{"max deliver 0", func(c *Config) { c.MaxDeliver = 0 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c)
			err := c.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, entente.ErrInvalid) {
				t.Errorf("error %v is not ErrInvalid", err)
			}
		})
	}
}

func TestQueue_Publish(t *testing.T) {
	ctx := context.Background()
	q := startQueue(t)
	doc := entente.Document{ID: "doc:1", Text: "China condemned the test."}
	for range 2 {
		// The second publish of the same id falls in the duplicate window.
		if err := q.Publish(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.PublishRaw(ctx, "bad", []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	lag, err := q.Lag(ctx)
	if err != nil || lag != 2 {
		t.Fatalf("Lag() = %d, %v; want 2", lag, err)
	}
	ds, err := q.Fetch(ctx)
	if err != nil || len(ds) != 2 {
		t.Fatalf("Fetch() = %d deliveries, %v; want 2", len(ds), err)
	}
	got, err := ds[0].Document()
	if err != nil || got.ID != doc.ID || got.Text != doc.Text || ds[0].Deliveries != 1 {
		t.Fatalf("first delivery = %+v (%d deliveries), %v", got, ds[0].Deliveries, err)
	}
	if err := ds[0].Ack(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := ds[1].Document(); err == nil {
		t.Fatal("Document() of a broken payload: no error")
	}
	if err := q.DeadLetter(ctx, ds[1], "not a JSON document"); err != nil {
		t.Fatal(err)
	}
	if n, err := q.DeadLetters(ctx); err != nil || n != 1 {
		t.Fatalf("DeadLetters() = %d, %v; want 1", n, err)
	}
	// Acknowledged and dead-lettered documents are gone from the backlog.
	if lag, err := q.Lag(ctx); err != nil || lag != 0 {
		t.Fatalf("Lag() after = %d, %v; want 0", lag, err)
	}
}

func TestQueue_Redelivery(t *testing.T) {
	ctx := context.Background()
	q := startQueue(t)
	if err := q.Publish(ctx, entente.Document{ID: "doc:2", Text: "Russia met India."}); err != nil {
		t.Fatal(err)
	}
	ds, err := q.Fetch(ctx)
	if err != nil || len(ds) != 1 {
		t.Fatalf("Fetch() = %d, %v", len(ds), err)
	}
	if err := ds[0].Nak(0); err != nil {
		t.Fatal(err)
	}
	ds, err = q.Fetch(ctx)
	if err != nil || len(ds) != 1 || ds[0].Deliveries != 2 {
		t.Fatalf("second Fetch() = %+v, %v; want one delivery counted twice", ds, err)
	}
}

// TestQueue_LeaderLoss runs a three-server cluster with the streams
// replicated three times, stops the document stream's leader between two
// halves of the work and checks that publishing and fetching carry on
// against the new leader with nothing lost.
func TestQueue_LeaderLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a three-server cluster: skipped with -short")
	}
	ctx := context.Background()
	servers, err := StartCluster("leaderloss", 3, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, s := range servers {
		t.Cleanup(s.Shutdown)
		urls = append(urls, s.URL())
	}
	qc := DefaultConfig()
	qc.URL = strings.Join(urls, ",")
	qc.Replicas = 3
	qc.FetchWait = 300 * time.Millisecond
	q, err := Connect(ctx, qc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	// A publisher with the default single replica leaves the streams as
	// the workers made them.
	pc := qc
	pc.Replicas = 1
	pub, err := ConnectPublisher(ctx, pc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pub.Close)

	seen := map[string]int{}
	publish := func(from, to int) {
		t.Helper()
		for i := from; i < to; i++ {
			if err := pub.Publish(ctx, entente.Document{ID: fmt.Sprintf("doc:%d", i), Text: fmt.Sprintf("Text %d.", i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	drain := func() {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for {
			lag, err := q.Lag(ctx)
			if err == nil && lag == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("backlog not drained after a minute: lag %d, %v", lag, err)
			}
			ds, err := q.Fetch(ctx)
			if err != nil {
				time.Sleep(200 * time.Millisecond) // an election in progress
				continue
			}
			for _, d := range ds {
				doc, err := d.Document()
				if err != nil {
					t.Fatal(err)
				}
				if err := d.Ack(ctx); err != nil {
					continue // comes back and is counted again
				}
				seen[doc.ID]++
			}
		}
	}
	publish(0, 100)
	drain()
	leader, err := q.Leader(ctx)
	if err != nil || leader == "" {
		t.Fatalf("Leader() = %q, %v", leader, err)
	}
	for _, s := range servers {
		if s.Name() == leader {
			s.Shutdown()
		}
	}
	publish(100, 200)
	drain()
	if now, err := q.Leader(ctx); err != nil || now == leader || now == "" {
		t.Errorf("leader after the stop = %q, %v; want another than %s", now, err, leader)
	}
	if len(seen) != 200 {
		t.Errorf("received %d distinct documents, want 200", len(seen))
	}
	s, err := q.js.Stream(ctx, qc.Stream)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := s.Info(ctx); err != nil || info.Config.Replicas != 3 {
		t.Errorf("stream replicas after a single-replica publisher = %+v, %v; want 3", info, err)
	}
}

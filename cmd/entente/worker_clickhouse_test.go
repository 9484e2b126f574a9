package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWorker_ClickHouse runs `entente worker --db clickhouse://…` on one
// server and, when ENTENTE_CLICKHOUSE names two, on two shards: ingest
// --queue publishes the example articles and feed twice, the worker codes
// them into ClickHouse, and the documents and events listed from there
// must equal an in-process DuckDB ingest of the same files, each document
// stored once.
func TestWorker_ClickHouse(t *testing.T) {
	addrs := os.Getenv("ENTENTE_CLICKHOUSE")
	if addrs == "" {
		t.Skip("ENTENTE_CLICKHOUSE is not set: no ClickHouse server for the worker to write to (.ci/clickhouse-up starts two local ones)")
	}
	if testing.Short() {
		t.Skip("starts child processes and a NATS server: skipped with -short")
	}
	inputs := []string{"../../examples/kursk-briefing.txt", "../../examples/feed.xml"}
	ref := filepath.Join(t.TempDir(), "ref.duckdb")
	if _, errs, code := run(t, ref, append([]string{"ingest"}, inputs...)...); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	hosts := strings.Split(addrs, ",")
	stores := []struct {
		name  string
		hosts []string
	}{{"one server", hosts[:1]}}
	if len(hosts) > 1 {
		stores = append(stores, struct {
			name  string
			hosts []string
		}{"two shards", hosts})
	}
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			db := testClickHouseURL(t, st.hosts)
			dir := t.TempDir()
			queue := fmt.Sprintf("nats://127.0.0.1:%d", freeLoopbackPort(t))
			metricsAddr := fmt.Sprintf("127.0.0.1:%d", freeLoopbackPort(t))
			if _, errs, code := run(t, db, "init"); code != 0 {
				t.Fatalf("init: exit %d: %s", code, errs)
			}
			worker := ententeCmd(db, "worker", "--embedded", "--queue", queue, "--queue-dir", filepath.Join(dir, "queue"), "--metrics-addr", metricsAddr)
			var workerOut syncBuffer
			worker.Stdout, worker.Stderr = &workerOut, &workerOut
			if err := worker.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- worker.Wait() }()
			stopped := false
			defer func() {
				if !stopped {
					worker.Process.Signal(syscall.SIGKILL)
					<-done
				}
			}()
			// The worker migrates every shard before it serves /healthz,
			// which takes a while on a busy machine; its output says why
			// when it never comes up.
			for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
				if body, ok := httpGet(metricsAddr, "/healthz"); ok && strings.Contains(body, `"queue":"ok"`) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("timed out waiting for the worker's /healthz; worker output:\n%s", workerOut.String())
				}
			}
			metricsBody := publishTwice(t, dir, queue, metricsAddr, inputs)
			worker.Process.Signal(syscall.SIGTERM)
			select {
			case err := <-done:
				stopped = true
				if err != nil {
					t.Errorf("worker after SIGTERM: %v, want exit 0:\n%s", err, workerOut.String())
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("worker did not stop on SIGTERM:\n%s", workerOut.String())
			}
			checkStoredOnce(t, db, ref, "the worker's ClickHouse store", metricsBody)
		})
	}
}

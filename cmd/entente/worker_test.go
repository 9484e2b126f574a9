package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// freeLoopbackPort returns a loopback TCP port free at the moment of the
// call; the test binds it a moment later in a child process.
func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestWorker_CodesQueuedDocuments runs the single-machine pipeline end to
// end in child processes: a worker with its embedded NATS server, then
// ingest --queue publishing the example articles and feed. The worker must
// store every document once, code the same events as an in-process ingest
// of the same inputs, and report them on /metrics and /healthz; published
// again, the documents are stored once (ids are content hashes).
func TestWorker_CodesQueuedDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes and a NATS server: skipped with -short")
	}
	inputs := []string{"../../examples/kursk-briefing.txt", "../../examples/feed.xml"}
	dir := t.TempDir()
	queue := fmt.Sprintf("nats://127.0.0.1:%d", freeLoopbackPort(t))
	metricsAddr := fmt.Sprintf("127.0.0.1:%d", freeLoopbackPort(t))
	db := filepath.Join(dir, "worker.duckdb")
	if _, errs, code := run(t, db, "init"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errs)
	}

	worker := ententeCmd(db, "worker", "--embedded", "--queue", queue, "--queue-dir", filepath.Join(dir, "queue"), "--metrics-addr", metricsAddr)
	var workerOut strings.Builder
	worker.Stdout, worker.Stderr = &workerOut, &workerOut
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- worker.Wait() }()
	defer func() {
		worker.Process.Signal(syscall.SIGKILL)
		<-done
	}()
	waitFor(t, "the worker's /healthz", func() bool {
		body, ok := httpGet(metricsAddr, "/healthz")
		return ok && strings.Contains(body, `"queue":"ok"`)
	})

	metricsBody := publishTwice(t, dir, queue, metricsAddr, inputs)
	worker.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-done:
		// A graceful stop: exit status 0 and the summary, which counts
		// the three documents stored once.
		summary := regexp.MustCompile(`(?m)^3\s+\d+\s+0\s+\d+\s*$`)
		if err != nil || !strings.Contains(workerOut.String(), "REDELIVERIES") || !summary.MatchString(workerOut.String()) {
			t.Errorf("worker after SIGTERM: %v, want exit 0 and a summary of 3 documents, no dead letters:\n%s", err, workerOut.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("worker did not stop on SIGTERM:\n%s", workerOut.String())
	}
	done <- nil // the deferred kill finds the worker ended

	// The same inputs coded in this process, as ingest does without a
	// queue, are the reference.
	ref := filepath.Join(dir, "ref.duckdb")
	if _, errs, code := run(t, ref, append([]string{"ingest"}, inputs...)...); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	checkStoredOnce(t, db, ref, "the worker's store", metricsBody)
}

// waitFor polls cond every 100 ms for up to a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// httpGet fetches path from a loopback address; false when it cannot.
func httpGet(addr, path string) (string, bool) {
	resp, err := nethttp.Get("http://" + addr + path)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err == nil && resp.StatusCode == nethttp.StatusOK
}

// publishTwice publishes inputs (three documents) with ingest --queue, waits
// until the worker serving metricsAddr has stored them, publishes them again
// and waits until the queue is drained; it returns /metrics at that point.
// The second publication is how the tests check that a redelivered document
// is stored once. ingest --queue writes no store: it gets its own path so
// that it never contends for the worker's file.
func publishTwice(t *testing.T, dir, queue, metricsAddr string, inputs []string) string {
	t.Helper()
	publish := func() {
		out, errs, code := run(t, filepath.Join(dir, "publisher.duckdb"), append([]string{"ingest", "--queue", queue, "--format", "json"}, inputs...)...)
		if code != 0 {
			t.Fatalf("ingest --queue: exit %d: %s", code, errs)
		}
		var got struct{ Published int }
		if err := json.Unmarshal([]byte(out), &got); err != nil || got.Published != 3 {
			t.Fatalf("ingest --queue published %q (%v), want 3 documents", out, err)
		}
	}
	publish()
	waitFor(t, "3 documents on /metrics", func() bool {
		body, _ := httpGet(metricsAddr, "/metrics")
		return strings.Contains(body, "entente_documents_total 3")
	})
	publish()
	waitFor(t, "the second publication taken from the queue", func() bool {
		body, _ := httpGet(metricsAddr, "/metrics")
		return strings.Contains(body, "entente_queue_lag 0") && strings.Contains(body, "entente_documents_total")
	})
	body, _ := httpGet(metricsAddr, "/metrics")
	return body
}

// checkStoredOnce checks what the worker stored in db after publishTwice:
// documents and events listed as an in-process ingest into ref lists
// them, the three documents each stored once, and no dead letters.
func checkStoredOnce(t *testing.T, db, ref, name, metricsBody string) {
	t.Helper()
	for _, list := range []string{"documents", "events"} {
		got, errs, code := run(t, db, list, "--format", "csv")
		if code != 0 {
			t.Fatalf("%s on %s: exit %d: %s", list, name, code, errs)
		}
		want, _, _ := run(t, ref, list, "--format", "csv")
		if got != want {
			t.Errorf("%s differ between %s and an in-process ingest:\n--- worker\n%s\n--- ingest\n%s", list, name, got, want)
		}
	}
	docs, _, _ := run(t, db, "documents", "--format", "csv")
	if n := strings.Count(strings.TrimSpace(docs), "\n"); n != 3 {
		t.Errorf("%s holds %d documents after two publications, want 3:\n%s", name, n, docs)
	}
	if !strings.Contains(metricsBody, "entente_dead_letters_total 0") {
		t.Errorf("dead letters on /metrics, want none:\n%s", metricsBody)
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	nethttp "net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"entente"
)

func TestMain_ServeErrors(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(short, []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runErrorCases(t, tempDB(t), []errorCase{
		{name: "token file missing", args: []string{"serve", "--token-file", filepath.Join(dir, "nope")}, code: 2, wantStderr: []string{"--token-file", "hint:"}},
		{name: "token too short", args: []string{"serve", "--token-file", short}, code: 2, wantStderr: []string{"shorter than 16"}},
		{name: "bad address", args: []string{"serve", "--addr", "8080"}, code: 2, wantStderr: []string{"address", "hint:"}},
		{name: "arguments", args: []string{"serve", "x"}, code: 2},
		{name: "no store", args: []string{"serve"}, code: 1, wantStderr: []string{"store not found", "entente init"}},
	})
}

// syncBuffer is a buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestMain_Serve starts `entente serve` on a free loopback port, reads a
// few endpoints and stops it the way Ctrl-C does.
func TestMain_Serve(t *testing.T) {
	db := tempDB(t)
	if _, errOut, code := run(t, db, "init"); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	token := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(token, []byte("0123456789abcdef0123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb syncBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "ENTENTE_DB" {
				return db
			}
			return ""
		},
		Clock: entente.FixedClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)),
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--token-file", token}) }()
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var base string
	for deadline := time.Now().Add(time.Minute); base == ""; {
		base = re.FindString(out.String())
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no URL printed; stderr: %s", errb.String())
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, errb.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	for _, tc := range []struct {
		path, want string
		status     int
	}{
		{"api/openapi.json", `"openapi": "3.1.0"`, 200},
		{"api/v1/sources", `"id":"curated:facts"`, 200},
		{"api/v1/actors/PRK", `"code":"PRK"`, 200},
		{"api/v1/dyads/PRK/Narnia", `"field":"b"`, 404},
		{"", "<html", 200},
		{"healthz", `{"store":"ok"}`, 200},
		// The requests above, by route pattern and status.
		{"metrics", `entente_http_request_duration_seconds_count{code="200",route="GET /api/v1/actors/{code}"} 1`, 200},
		{"metrics", `entente_http_request_duration_seconds_count{code="404",route="GET /api/v1/dyads/{a}/{b}"} 1`, 200},
		{"metrics", `entente_http_request_duration_seconds_count{code="200",route="GET /healthz"} 1`, 200},
		{"metrics", "entente_import_rows_total 0", 200},
	} {
		res, err := nethttp.Get(base + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status || !strings.Contains(string(b), tc.want) {
			t.Errorf("GET /%s: %d %.300s; want %d with %s", tc.path, res.StatusCode, b, tc.status, tc.want)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited with %d after the interrupt: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}

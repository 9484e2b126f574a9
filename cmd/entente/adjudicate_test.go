package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"entente"
)

// chatStub is an OpenAI-compatible chat endpoint on loopback that answers
// every call with content and counts the calls.
func chatStub(t *testing.T, content string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		var req struct {
			Model string `json:"model"`
		}
		if r.URL.Path != "/v1/chat/completions" || json.NewDecoder(r.Body).Decode(&req) != nil || req.Model != "stub-model" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": content}}},
		})
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// TestMain_Adjudicate checks that --adjudicate and --adjudicate-model
// reach the adjudicator of extract and ingest, that what it answers is
// printed with its provenance and stored, and that without the flags no
// endpoint is called.
func TestMain_Adjudicate(t *testing.T) {
	srv, calls := chatStub(t, `{"code": "112", "source": 1, "target": 2}`)
	article := filepath.Join(t.TempDir(), "abstained.txt")
	// "zorbled" is in no dictionary: the rules see two actors and no code.
	text := "Date: 2024-06-01\n\nChina zorbled Japan near the islands on Tuesday. Russia said nothing.\n"
	if err := os.WriteFile(article, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	flags := []string{"--adjudicate", srv.URL, "--adjudicate-model", "stub-model"}

	t.Run("extract without the flags", func(t *testing.T) {
		out, errOut, code := run(t, tempDB(t), "extract", article)
		if code != 0 || strings.Contains(out, "adjudicated") || strings.Contains(errOut, "adjudicator") || calls.Load() != 0 {
			t.Fatalf("exit %d, %d calls, stdout %q, stderr %q: want no call and no adjudicated event", code, calls.Load(), out, errOut)
		}
	})
	t.Run("ingest without the flags", func(t *testing.T) {
		rep := ingestReport(t, tempDB(t), article)
		if rep.Documents != 1 || calls.Load() != 0 {
			t.Fatalf("report %+v after %d calls: want one document and no call", rep, calls.Load())
		}
	})
	t.Run("extract with the flags", func(t *testing.T) {
		before := calls.Load()
		out, errOut, code := run(t, tempDB(t), append(append([]string{"extract"}, flags...), article)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if calls.Load() != before+1 {
			t.Errorf("%d calls, want 1", calls.Load()-before)
		}
		if !strings.Contains(out, `"provenance":"adjudicated by stub-model at `+srv.URL) || !strings.Contains(out, `"cameo":"112"`) {
			t.Errorf("stdout = %s, want the adjudicated 112 event with its provenance", out)
		}
		if !strings.Contains(errOut, "adjudicator: 1 asked, 1 kept") {
			t.Errorf("stderr = %q, want the adjudicator's counts", errOut)
		}
	})
	t.Run("ingest with the flags", func(t *testing.T) {
		before := calls.Load()
		db := tempDB(t)
		rep := ingestReport(t, db, append(flags, article)...)
		if calls.Load() != before+1 || rep.Events < 1 {
			t.Fatalf("report %+v after %d calls: want the adjudicated event stored after one call", rep, calls.Load()-before)
		}
		s := openIngestedStore(t, db)
		evs, err := s.Events(context.Background(), entente.EventFilter{SourceCountry: "CHN", TargetCountry: "JPN", CAMEOPrefix: "112"})
		if err != nil || len(evs) != 1 {
			t.Fatalf("stored CHN→JPN 112 events = %v, %v; want 1", evs, err)
		}
		if !strings.HasPrefix(evs[0].Provenance, "adjudicated by stub-model") {
			t.Errorf("stored provenance = %q, want the adjudicator's", evs[0].Provenance)
		}
		s.Close()
		// The events command shows who coded it.
		out, errOut, code := run(t, db, "events", "--source", "CHN", "--cameo", "112", "--format", "csv")
		if code != 0 || !strings.Contains(out, "[adjudicated by stub-model") {
			t.Errorf("events: exit %d, stdout %q, stderr %q; want the provenance shown", code, out, errOut)
		}
	})
	t.Run("one flag without the other", func(t *testing.T) {
		for _, cmd := range []string{"extract", "ingest"} {
			_, errOut, code := run(t, tempDB(t), cmd, "--adjudicate", srv.URL, article)
			if code != 2 || !strings.Contains(errOut, "--adjudicate-model") {
				t.Errorf("%s with --adjudicate only: exit %d, stderr %q; want a usage error", cmd, code, errOut)
			}
		}
	})
	t.Run("with --queue", func(t *testing.T) {
		before := calls.Load()
		_, errOut, code := run(t, tempDB(t), append([]string{"ingest", "--queue", "nats://127.0.0.1:1"}, append(flags, article)...)...)
		if code != 2 || !strings.Contains(errOut, "--queue") || calls.Load() != before {
			t.Errorf("ingest --queue --adjudicate: exit %d, stderr %q, %d calls; want a usage error and no call", code, errOut, calls.Load()-before)
		}
	})
}

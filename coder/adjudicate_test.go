package coder_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"entente"
	"entente/coder"
)

// stub is an OpenAI-compatible chat endpoint on loopback that answers
// every call with content (or with status, or after delay), and counts
// the calls and what they asked.
type stub struct {
	calls   atomic.Int32
	prompts []string
	srv     *httptest.Server
}

func newStub(t *testing.T, status int, delay time.Duration, content string) *stub {
	t.Helper()
	s := &stub{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.calls.Add(1)
		if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
			http.Error(w, "wrong path", http.StatusNotFound)
			return
		}
		var req struct {
			Model    string `json:"model"`
			Messages []struct {
				Content string `json:"content"`
			} `json:"messages"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Model != "stub-model" || len(req.Messages) != 2 {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		s.prompts = append(s.prompts, req.Messages[1].Content)
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		if status != http.StatusOK {
			http.Error(w, "stub failure", status)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": content}}},
		})
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func adjudicator(t *testing.T, url string, allowLoopback bool, timeout time.Duration) *coder.Adjudicator {
	t.Helper()
	cfg := coder.DefaultAdjudicatorConfig()
	cfg.URL, cfg.Model, cfg.AllowLoopback, cfg.Timeout = url, "stub-model", allowLoopback, timeout
	a, err := coder.NewAdjudicator(cfg, newCoder(t))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// abstained is a sentence the rules cannot code: two actors and a verb
// that is in no dictionary. The second sentence names one actor only and
// is never asked about.
const abstained = "China zorbled Japan near the islands on Tuesday. Russia said nothing."

func TestAdjudicator_Adjudicate(t *testing.T) {
	doc := entente.Document{ID: "doc:adj", Text: abstained, Date: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}
	rules, err := newCoder(t).Code(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rules {
		if e.Sentence == 0 {
			t.Fatalf("the rules coded %v in the test sentence; it must be an abstention", summary(rules))
		}
	}
	tests := []struct {
		name    string
		status  int
		delay   time.Duration
		content string
		want    coder.AdjudicationStats
		event   string // "SOURCE CAMEO TARGET" of the added event, "" for none
	}{
		{"valid answer", 200, 0, `{"code": "112", "source": 1, "target": 2}`, coder.AdjudicationStats{Asked: 1, Valid: 1}, "CHN 112 JPN"},
		{"valid answer in a code fence", 200, 0, "```json\n{\"code\": \"0311\", \"source\": 2, \"target\": 1}\n```", coder.AdjudicationStats{Asked: 1, Valid: 1}, "JPN 0311 CHN"},
		{"no event", 200, 0, `{"code": null}`, coder.AdjudicationStats{Asked: 1, Declined: 1}, ""},
		{"invalid code", 200, 0, `{"code": "999", "source": 1, "target": 2}`, coder.AdjudicationStats{Asked: 1, Invalid: 1}, ""},
		{"wrong actor", 200, 0, `{"code": "112", "source": 1, "target": 3}`, coder.AdjudicationStats{Asked: 1, Invalid: 1}, ""},
		{"self-dyad", 200, 0, `{"code": "112", "source": 1, "target": 1}`, coder.AdjudicationStats{Asked: 1, Invalid: 1}, ""},
		{"prose", 200, 0, `I think China criticised Japan.`, coder.AdjudicationStats{Asked: 1, Invalid: 1}, ""},
		{"HTTP 500", 500, 0, "", coder.AdjudicationStats{Asked: 1, Failed: 1}, ""},
		{"timeout", 200, 2 * time.Second, `{"code": "112", "source": 1, "target": 2}`, coder.AdjudicationStats{Asked: 1, Failed: 1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStub(t, tt.status, tt.delay, tt.content)
			// A second for each call: loopback answers in milliseconds, but
			// on a loaded machine 200 ms was seen to run out (the timeout
			// case's stub waits two seconds, past it all the same).
			a := adjudicator(t, s.srv.URL, true, time.Second)
			all, st, err := a.Adjudicate(context.Background(), doc, rules)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) < len(rules) {
				t.Errorf("%d events after adjudication, fewer than the rules' %d", len(all), len(rules))
			}
			var got []coder.Extracted
			for _, e := range all {
				if e.Provenance != "" {
					got = append(got, e)
				}
			}
			if st != tt.want {
				t.Errorf("stats = %+v, want %+v", st, tt.want)
			}
			if n := s.calls.Load(); n != 1 {
				t.Errorf("%d calls, want 1 (only the sentence with two actors)", n)
			}
			if tt.event == "" {
				if len(got) != 0 {
					t.Errorf("events = %v, want none", summary(got))
				}
				return
			}
			if len(got) != 1 || summary(got)[0] != tt.event {
				t.Fatalf("events = %v, want [%s]", summary(got), tt.event)
			}
			e := got[0]
			if !strings.HasPrefix(e.Provenance, "adjudicated by stub-model at http://127.0.0.1:") || e.Text != "China zorbled Japan near the islands on Tuesday." || e.PLOVER == "" {
				t.Errorf("event = %+v: want provenance, the sentence as evidence and the code's PLOVER category", e)
			}
			if len(s.prompts) != 1 || !strings.Contains(s.prompts[0], `1. "China"`) || !strings.Contains(s.prompts[0], `2. "Japan"`) {
				t.Errorf("prompt = %q, want the numbered actors of the sentence", s.prompts)
			}
		})
	}
}

func TestAdjudicator_Limits(t *testing.T) {
	day := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	t.Run("loopback refused unless allowed", func(t *testing.T) {
		s := newStub(t, 200, 0, `{"code": "112", "source": 1, "target": 2}`)
		a := adjudicator(t, s.srv.URL, false, time.Second)
		_, st, err := a.Adjudicate(context.Background(), entente.Document{ID: "d", Text: abstained, Date: day}, nil)
		if err != nil || st.Failed != 1 || s.calls.Load() != 0 {
			t.Errorf("stats %+v, err %v, %d calls: want one refused call reaching nothing", st, err, s.calls.Load())
		}
	})
	t.Run("calls per document are bounded", func(t *testing.T) {
		s := newStub(t, 200, 0, `{"code": null}`)
		cfg := coder.DefaultAdjudicatorConfig()
		cfg.URL, cfg.Model, cfg.AllowLoopback, cfg.MaxCallsPerDoc = s.srv.URL+"/v1", "stub-model", true, 2
		a, err := coder.NewAdjudicator(cfg, newCoder(t))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Repeat("China zorbled Japan near the islands. ", 5)
		_, st, err := a.Adjudicate(context.Background(), entente.Document{ID: "d", Text: text, Date: day}, nil)
		if err != nil || st.Asked != 2 || st.Skipped != 3 || s.calls.Load() != 2 {
			t.Errorf("stats %+v, err %v, %d calls: want 2 asked and 3 skipped", st, err, s.calls.Load())
		}
	})
	t.Run("a cancelled context stops", func(t *testing.T) {
		s := newStub(t, 200, 0, `{"code": null}`)
		a := adjudicator(t, s.srv.URL, true, time.Second)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, _, err := a.Adjudicate(ctx, entente.Document{ID: "d", Text: abstained, Date: day}, nil); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
}

func TestAdjudicatorConfig_Validate(t *testing.T) {
	ok := coder.DefaultAdjudicatorConfig()
	ok.URL, ok.Model = "http://127.0.0.1:8080", "m"
	tests := []struct {
		name string
		edit func(*coder.AdjudicatorConfig)
	}{
		{"no url", func(c *coder.AdjudicatorConfig) { c.URL = "" }},
		{"not http", func(c *coder.AdjudicatorConfig) { c.URL = "file:///etc/passwd" }},
		{"no model", func(c *coder.AdjudicatorConfig) { c.Model = " " }},
		{"no timeout", func(c *coder.AdjudicatorConfig) { c.Timeout = 0 }},
		{"no calls", func(c *coder.AdjudicatorConfig) { c.MaxCallsPerDoc = 0 }},
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid config: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			if err := c.Validate(); !errors.Is(err, entente.ErrInvalid) {
				t.Errorf("Validate() = %v, want ErrInvalid", err)
			}
		})
	}
}

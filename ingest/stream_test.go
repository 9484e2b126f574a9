package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/coder"
	"entente/coder/codertest"
	"entente/ingest"
)

// TestService_CodeText checks that a text file coded as a stream gives
// what the same file read whole gives: the same events with the same
// offsets, the same document ID and checksum; only the stored text is
// cut to its head.
func TestService_CodeText(t *testing.T) {
	ctx := context.Background()
	analysis, err := os.ReadFile("testdata/analysis.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, long := longText(t)
	if len(long) <= ingest.StreamHead {
		t.Fatalf("the long text is %d bytes, want more than the %d-byte head", len(long), ingest.StreamHead)
	}
	ccfg := coder.DefaultConfig()
	ccfg.ChunkBytes = 8192 // many chunks, to cross chunk boundaries
	c, err := coder.New(ccfg, codertest.Default())
	if err != nil {
		t.Fatal(err)
	}
	cfg := ingest.DefaultConfig()
	cfg.Clock = entente.FixedClock(time.Date(2024, 12, 3, 0, 0, 0, 0, time.UTC))
	svc, err := ingest.NewService(cfg, newMemStore(), c)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := ingest.NewReader(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, text string }{
		{"short article", string(analysis)},
		{"text longer than the head", long},
	} {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "article.txt")
			if err := os.WriteFile(name, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			docs, err := rd.Read(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := svc.Code(ctx, docs)
			if err != nil {
				t.Fatal(err)
			}
			f, err := ingest.OpenText(name)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			streamed, err := svc.CodeText(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			w, s := whole[0].Doc, streamed.Doc
			if s.ID != w.ID || s.Checksum != w.Checksum || s.Title != w.Title || !s.Date.Equal(w.Date) {
				t.Errorf("streamed document = %s %s %q %v, want %s %s %q %v", s.ID, s.Checksum, s.Title, s.Date, w.ID, w.Checksum, w.Title, w.Date)
			}
			if !strings.HasPrefix(w.Text, s.Text) || len(s.Text) > ingest.StreamHead || s.Text == "" {
				t.Errorf("streamed text is %d bytes, want a non-empty head of the %d-byte text, at most %d", len(s.Text), len(w.Text), ingest.StreamHead)
			}
			if len(whole[0].Events) == 0 || !reflect.DeepEqual(streamed.Events, whole[0].Events) {
				t.Errorf("streamed events (%d) differ from whole events (%d)", len(streamed.Events), len(whole[0].Events))
			}
		})
	}
}

// TestService_Code_long checks that a document read whole but longer
// than a MiB, which Code codes chunk by chunk, gets the events CodeAll
// gives it, merged by ID in order of first report.
func TestService_Code_long(t *testing.T) {
	ctx := context.Background()
	analysis, err := os.ReadFile("testdata/analysis.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(string(analysis), "\n\n")
	doc := entente.Document{ID: "doc:long", Date: time.Date(2024, 12, 2, 0, 0, 0, 0, time.UTC),
		Text: strings.Repeat(body+"\n\n", (1<<20)/len(body)+10)}
	c, err := coder.New(coder.DefaultConfig(), codertest.Default())
	if err != nil {
		t.Fatal(err)
	}
	svc, err := ingest.NewService(ingest.DefaultConfig(), newMemStore(), c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.Code(ctx, []entente.Document{doc})
	if err != nil {
		t.Fatal(err)
	}
	all, err := c.CodeAll(ctx, []entente.Document{doc})
	if err != nil {
		t.Fatal(err)
	}
	var want []entente.Event
	index := map[string]int{}
	for _, x := range all[0] {
		e := x.Event(doc)
		e.ID = ingest.EventID(e)
		if i, ok := index[e.ID]; ok {
			want[i].Evidence = append(want[i].Evidence, e.Evidence...)
			continue
		}
		index[e.ID] = len(want)
		want = append(want, e)
	}
	if got[0].Rows != len(all[0]) || len(want) == 0 || !reflect.DeepEqual(got[0].Events, want) {
		t.Errorf("Code gave %d events from %d rows; CodeAll %d events from %d rows", len(got[0].Events), got[0].Rows, len(want), len(all[0]))
	}
}

// TestService_Store_streamed checks that a file stored as a stream
// (Streamed: coded inside the transaction, its events written chunk by
// chunk) stores what the same file coded first and stored whole stores,
// beside a short article of the same run, and that a write failing in the
// middle of the stream leaves the store as it was.
func TestService_Store_streamed(t *testing.T) {
	ctx := context.Background()
	body, long := longText(t)
	name := filepath.Join(t.TempDir(), "long.txt")
	if err := os.WriteFile(name, []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	ccfg := coder.DefaultConfig()
	ccfg.ChunkBytes = 8192 // many chunks, so that events are written in many steps
	c, err := coder.New(ccfg, codertest.Default())
	if err != nil {
		t.Fatal(err)
	}
	cfg := ingest.DefaultConfig()
	cfg.Clock = entente.FixedClock(time.Date(2024, 12, 3, 0, 0, 0, 0, time.UTC))
	short := entente.Document{ID: "doc:short", Title: "short", Date: time.Date(2024, 12, 2, 0, 0, 0, 0, time.UTC), Text: body}
	store := func(t *testing.T, s *memStore, streamed bool) (ingest.Report, error) {
		t.Helper()
		svc, err := ingest.NewService(cfg, s, c)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ingest.OpenText(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		coded, err := svc.Code(ctx, []entente.Document{short})
		if err != nil {
			t.Fatal(err)
		}
		if streamed {
			return svc.Store(ctx, append(coded, ingest.Streamed(f)))
		}
		whole, err := svc.CodeText(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return svc.Store(ctx, append(coded, whole))
	}
	t.Run("same as whole", func(t *testing.T) {
		held, streamed := newMemStore(), newMemStore()
		want, err := store(t, held, false)
		if err != nil {
			t.Fatal(err)
		}
		got, err := store(t, streamed, true)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || want.Events == 0 || want.Evidence == 0 {
			t.Errorf("streamed report = %+v, want %+v", got, want)
		}
		if !reflect.DeepEqual(streamed.sources, held.sources) {
			t.Errorf("streamed sources = %+v, want %+v", streamed.sources, held.sources)
		}
		// The order of the events may differ (a streamed file's events are
		// written after the run's whole documents); their content may not.
		byID := func(es []entente.Event) map[string]entente.Event {
			m := map[string]entente.Event{}
			for _, e := range es {
				m[e.ID] = e
			}
			return m
		}
		if g, w := byID(streamed.events), byID(held.events); !reflect.DeepEqual(g, w) {
			t.Errorf("streamed events (%d) differ from events stored whole (%d)", len(g), len(w))
		}
		again, err := store(t, streamed, true)
		if err != nil || again.Unchanged != 2 || again.Events != 0 || again.Evidence != 0 {
			t.Errorf("second run = %+v, %v; want both documents unchanged", again, err)
		}
	})
	for _, tt := range []struct {
		name         string
		failAppend   bool
		failEvidence int
	}{
		{"failure before the stream stores nothing", true, 0},
		{"failure inside the stream stores nothing", false, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newMemStore()
			before := s.snapshot()
			s.failAppend, s.failEvidence = tt.failAppend, tt.failEvidence
			if _, err := store(t, s, true); err == nil {
				t.Fatal("Store succeeded with a failing store")
			}
			if s.failEvidence > 0 {
				t.Fatalf("the store failed before the stream's %dth evidence write", tt.failEvidence)
			}
			if after := s.snapshot(); after != before {
				t.Errorf("store after a failed streamed ingest = %s, want %s", after, before)
			}
		})
	}
}

// longText returns testdata/analysis.txt's body, and that body repeated to
// about 200 kB under one title and date: long enough to be streamed in many
// chunks.
func longText(t *testing.T) (body, long string) {
	t.Helper()
	analysis, err := os.ReadFile("testdata/analysis.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ = strings.Cut(string(analysis), "\n\n")
	return body, "Title: A long file\nDate: 2024-12-02\n\n" + strings.Repeat(body+"\n\n", 200_000/len(body))
}

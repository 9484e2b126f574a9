package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/coder"
	"entente/coder/codertest"
	"entente/ingest"
)

func TestParseText(t *testing.T) {
	cases := []struct {
		name, in          string
		title, text, date string
		wantErr           bool
	}{
		{"header", "Title: A title\nDate: 2024-12-02\nAuthor: X\n\nBody. More.", "A title", "Body. More.", "2024-12-02", false},
		{"crlf header", "Title: T\r\nDate: 2024-01-05\r\n\r\nBody.", "T", "Body.", "2024-01-05", false},
		{"no header", "Short headline\nChina said nothing.", "Short headline", "Short headline\nChina said nothing.", "", false},
		{"sentence first", "China said nothing. Japan agreed.", "", "China said nothing. Japan agreed.", "", false},
		{"bad date", "Title: T\nDate: yesterday\n\nBody.", "", "", "", true},
		{"empty body", "Title: T\n\n", "", "", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ingest.ParseText("f.txt", tc.in)
			if tc.wantErr {
				if !errors.Is(err, entente.ErrInvalid) {
					t.Errorf("err = %v, want ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != tc.title || d.Text != tc.text || !strings.HasSuffix(tc.in, d.Text) {
				t.Errorf("got title %q text %q", d.Title, d.Text)
			}
			if tc.date != "" && d.Date.Format(entente.DateLayout) != tc.date {
				t.Errorf("date = %v, want %s", d.Date, tc.date)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	cases := []struct {
		name, body, ct string
		want           ingest.Kind
	}{
		{"a.txt", "Plain words.", "", ingest.KindText},
		{"a.html", "<!DOCTYPE html><html></html>", "", ingest.KindHTML},
		{"page", "<html><body>x</body></html>", "", ingest.KindHTML},
		{"feed", `<?xml version="1.0"?><rss version="2.0"></rss>`, "", ingest.KindFeed},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom"></feed>`, "", ingest.KindFeed},
		{"u", "whatever", "application/rss+xml", ingest.KindFeed},
		{"u", "whatever", "text/html; charset=utf-8", ingest.KindHTML},
	}
	for _, tc := range cases {
		if got := ingest.Sniff(tc.name, []byte(tc.body), tc.ct); got != tc.want {
			t.Errorf("Sniff(%q, %q) = %s, want %s", tc.name, tc.ct, got, tc.want)
		}
	}
}

func TestDocumentID(t *testing.T) {
	a := ingest.DocumentID("China  remained\nsilent — on “it”.")
	b := ingest.DocumentID("china remained silent - on \"it\".")
	if a != b || !strings.HasPrefix(a, "doc:") || len(a) != 20 {
		t.Errorf("IDs %q and %q should be equal doc: + 16 hex", a, b)
	}
	if a == ingest.DocumentID("Japan remained silent.") {
		t.Error("different texts share an ID")
	}
}

func TestSimilarity(t *testing.T) {
	cfg := ingest.DefaultConfig()
	orig, _ := os.ReadFile("testdata/analysis.txt")
	synd, _ := os.ReadFile("testdata/syndicated.txt")
	do, _ := ingest.ParseText("a", string(orig))
	ds, _ := ingest.ParseText("b", string(synd))
	if s := ingest.Similarity(cfg.Sign(do.Text), cfg.Sign(ds.Text)); s < cfg.NearDuplicate {
		t.Errorf("syndicated copy similarity %.2f below %.2f", s, cfg.NearDuplicate)
	}
	other := "India bought fighter jets from France and Russia sold oil to China over the summer months."
	if s := ingest.Similarity(cfg.Sign(do.Text), cfg.Sign(other)); s > 0.2 {
		t.Errorf("unrelated text similarity %.2f", s)
	}
	if !slices.Equal(cfg.Sign(do.Text), cfg.Sign(do.Text)) {
		t.Error("signatures differ between runs")
	}
}

func TestReader_Read(t *testing.T) {
	page := `<html><head><title>Envoy summoned</title><meta property="article:published_time" content="2024-11-05"></head>
<body><nav>Home</nav><article><p>South Korea summoned the Russian ambassador.</p></article></body></html>`
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>One</title><link>http://x/1</link><pubDate>Mon, 02 Dec 2024 10:00:00 +0000</pubDate><description>&lt;p&gt;China remained silent.&lt;/p&gt;</description></item>
<item><title>Two</title><link>http://x/2</link><description>Japan protested.</description></item>
</channel></rss>`
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, strings.Repeat("a ", 4096)) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cfg := ingest.DefaultConfig()
	cfg.MaxBytes = 4096
	cfg.Timeout = 200 * time.Millisecond
	cfg.AllowPrivate = true // the test server listens on loopback
	rd, err := ingest.NewReader(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t.Run("page", func(t *testing.T) {
		docs, err := rd.Read(ctx, srv.URL+"/page")
		if err != nil || len(docs) != 1 {
			t.Fatalf("docs = %+v, %v", docs, err)
		}
		d := docs[0]
		if d.Text != "South Korea summoned the Russian ambassador." || d.Title != "Envoy summoned" || d.URL != srv.URL+"/page" ||
			!d.Date.Equal(entente.Day(2024, 11, 5)) || d.ID != ingest.DocumentID(d.Text) || len(d.Checksum) != 64 {
			t.Errorf("doc = %+v", d)
		}
	})
	t.Run("feed", func(t *testing.T) {
		docs, err := rd.Read(ctx, srv.URL+"/feed")
		if err != nil || len(docs) != 2 {
			t.Fatalf("docs = %+v, %v", docs, err)
		}
		if docs[0].Text != "China remained silent." || docs[0].Publisher != "Desk" || docs[0].URL != "http://x/1" || docs[1].Text != "Japan protested." {
			t.Errorf("docs = %+v", docs)
		}
	})
	t.Run("too large", func(t *testing.T) {
		if _, err := rd.Read(ctx, srv.URL+"/big"); !errors.Is(err, entente.ErrInvalid) {
			t.Errorf("err = %v, want ErrInvalid", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		if _, err := rd.Read(ctx, srv.URL+"/slow"); err == nil {
			t.Error("want a timeout error")
		}
	})
	t.Run("not found", func(t *testing.T) {
		if _, err := rd.Read(ctx, srv.URL+"/none"); !errors.Is(err, entente.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
	t.Run("dir", func(t *testing.T) {
		docs, err := rd.Read(ctx, "testdata")
		if err != nil || len(docs) != 2 || docs[0].Title != "Beijing stays quiet" {
			t.Fatalf("docs = %d, %v", len(docs), err)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		if _, err := rd.Read(ctx, "testdata/none.txt"); !errors.Is(err, entente.ErrInvalid) {
			t.Errorf("err = %v, want ErrInvalid", err)
		}
	})
}

func TestService_Ingest(t *testing.T) {
	ctx := context.Background()
	cfg := ingest.DefaultConfig()
	cfg.Clock = entente.FixedClock(time.Date(2024, 12, 3, 0, 0, 0, 0, time.UTC))
	c, err := coder.New(coder.DefaultConfig(), codertest.Default())
	if err != nil {
		t.Fatal(err)
	}
	st := newMemStore()
	svc, err := ingest.NewService(cfg, st, c)
	if err != nil {
		t.Fatal(err)
	}
	rd, _ := ingest.NewReader(cfg)
	orig, err := rd.Read(ctx, "testdata/analysis.txt")
	if err != nil {
		t.Fatal(err)
	}
	synd, err := rd.Read(ctx, "testdata/syndicated.txt")
	if err != nil {
		t.Fatal(err)
	}

	rep, err := svc.Ingest(ctx, orig)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents != 1 || rep.Events != 2 {
		t.Fatalf("first ingest = %+v", rep)
	}
	before := st.snapshot()

	// Re-ingesting the same document changes nothing.
	rep, err = svc.Ingest(ctx, orig)
	if err != nil || rep.Unchanged != 1 || rep.Documents != 0 || rep.Events != 0 {
		t.Fatalf("second ingest = %+v, %v", rep, err)
	}
	if st.snapshot() != before {
		t.Error("re-ingesting changed the store")
	}

	// A syndicated copy is linked, and its events add evidence instead of
	// new events.
	rep, err = svc.Ingest(ctx, synd)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents != 1 || rep.Duplicates != 1 || rep.Events != 0 || rep.Evidence != 2 {
		t.Fatalf("syndicated ingest = %+v", rep)
	}
	d := st.docs[synd[0].ID]
	if d.DuplicateOf != orig[0].ID {
		t.Errorf("duplicate_of = %q, want %q", d.DuplicateOf, orig[0].ID)
	}
	for _, e := range st.events {
		if len(e.Evidence) != 2 || e.Evidence[0].Document != orig[0].ID || e.Evidence[1].Document != synd[0].ID {
			t.Errorf("event %s %s evidence = %+v", e.ID, e.CAMEO, e.Evidence)
		}
	}

	// A failing store leaves nothing behind.
	st.failAppend = true
	other := []entente.Document{ingest.NewDocument(entente.Document{Text: "India condemned Russia.", Date: entente.Day(2024, 12, 4)}, []byte("x"))}
	if _, err := svc.Ingest(ctx, other); err == nil {
		t.Fatal("want the store's error")
	}
	if _, ok := st.docs[other[0].ID]; ok {
		t.Error("a failed ingest stored its document")
	}
}

// memStore keeps documents and events in memory with all-or-nothing
// updates; the methods ingest does not use are left to the embedded nil
// interfaces.
type memStore struct {
	entente.Store
	docs       map[string]entente.Document
	sources    map[string]entente.Source
	events     []entente.Event
	failAppend bool
	// failEvidence, when positive, fails the AddEvidence call after that
	// many, as a disk filling up in the middle of a streamed file would.
	failEvidence int
}

func newMemStore() *memStore {
	return &memStore{docs: map[string]entente.Document{}, sources: map[string]entente.Source{}}
}

func (s *memStore) snapshot() string {
	return fmt.Sprintf("%d %d %v", len(s.docs), len(s.sources), s.events)
}

func (s *memStore) Update(ctx context.Context, fn func(entente.Tx) error) error {
	tx := &memTx{s: s, docs: map[string]entente.Document{}, sources: map[string]entente.Source{}}
	tx.events = make([]entente.Event, len(s.events))
	for i, e := range s.events {
		e.Evidence = slices.Clone(e.Evidence)
		tx.events[i] = e
	}
	if err := fn(tx); err != nil {
		return err
	}
	for k, v := range tx.docs {
		s.docs[k] = v
	}
	for k, v := range tx.sources {
		s.sources[k] = v
	}
	s.events = tx.events
	return nil
}

type memTx struct {
	entente.Tx
	s       *memStore
	docs    map[string]entente.Document
	sources map[string]entente.Source
	events  []entente.Event
}

func (t *memTx) Document(ctx context.Context, id string) (entente.Document, error) {
	if d, ok := t.docs[id]; ok {
		return d, nil
	}
	if d, ok := t.s.docs[id]; ok {
		return d, nil
	}
	return entente.Document{}, entente.ErrNotFound
}

func (t *memTx) Documents(ctx context.Context) ([]entente.Document, error) {
	var out []entente.Document
	for _, d := range t.s.docs {
		out = append(out, d)
	}
	for _, d := range t.docs {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b entente.Document) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func (t *memTx) PutDocument(ctx context.Context, d entente.Document) error {
	if _, err := t.Document(ctx, d.ID); err == nil {
		return nil
	}
	t.docs[d.ID] = d
	return nil
}

func (t *memTx) PutSource(ctx context.Context, s entente.Source) error {
	t.sources[s.ID] = s
	return nil
}

func (t *memTx) Events(ctx context.Context, f entente.EventFilter) ([]entente.Event, error) {
	var out []entente.Event
	for _, e := range t.events {
		if (f.SourceCountry == "" || e.Source.Country == f.SourceCountry) && (f.TargetCountry == "" || e.Target.Country == f.TargetCountry) &&
			strings.HasPrefix(e.CAMEO, f.CAMEOPrefix) && (f.From.IsZero() || !e.Date.Before(f.From)) && (f.To.IsZero() || e.Date.Before(f.To)) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (t *memTx) AppendEvents(ctx context.Context, es []entente.Event) error {
	if t.s.failAppend {
		return fmt.Errorf("disk full: %w", entente.ErrConflict)
	}
	t.events = append(t.events, es...)
	return nil
}

func (t *memTx) AddEvidence(ctx context.Context, id string, evs []entente.Evidence) error {
	if t.s.failEvidence > 0 {
		if t.s.failEvidence--; t.s.failEvidence == 0 {
			return fmt.Errorf("disk full: %w", entente.ErrConflict)
		}
	}
	for i := range t.events {
		if t.events[i].ID == id {
			t.events[i].Evidence = append(t.events[i].Evidence, evs...)
			return nil
		}
	}
	return entente.ErrNotFound
}

func FuzzParseText(f *testing.F) {
	f.Add("Title: x\n\nBody.")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ingest.ParseText("f", s)
		if err == nil && !strings.HasSuffix(s, d.Text) {
			t.Fatalf("text is not a suffix of the input")
		}
	})
}

func TestStreamID(t *testing.T) {
	cases := []string{
		"",
		"Plain text.",
		"  Leading and trailing space \n\n",
		"Quotes “like these” and dashes — here\u00a0too.",
		"Invalid \xff bytes and Ünïcödé.",
	}
	for _, text := range cases {
		t.Run(text, func(t *testing.T) {
			got, err := ingest.StreamID(strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			if want := ingest.DocumentID(text); got != want {
				t.Errorf("StreamID = %s, DocumentID = %s", got, want)
			}
		})
	}
}

// FuzzStreamID checks that the streamed ID of any text is the ID of the
// text read whole.
func FuzzStreamID(f *testing.F) {
	f.Add("Plain text.")
	f.Add("“Quotes” — dashes\u00a0and \xff bytes")
	f.Fuzz(func(t *testing.T, text string) {
		got, err := ingest.StreamID(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		if want := ingest.DocumentID(text); got != want {
			t.Fatalf("StreamID = %s, DocumentID = %s for %q", got, want, text)
		}
	})
}

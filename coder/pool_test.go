package coder_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"entente"
	"entente/coder"
	"entente/coder/codertest"
)

func poolCoder(t testing.TB, workers, chunk int) *coder.Coder {
	t.Helper()
	cfg := coder.DefaultConfig()
	cfg.Workers, cfg.ChunkBytes = workers, chunk
	c, err := coder.New(cfg, codertest.Default())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkSpans verifies that every event points at its sentence of the
// whole text: the span holds the event's text and is sentence number
// e.Sentence of the splitter.
func checkSpans(t *testing.T, text string, evs []coder.Extracted) {
	t.Helper()
	sents := coder.SplitSentences(text, nil)
	for _, e := range evs {
		if e.Sentence < 0 || e.Sentence >= len(sents) {
			t.Fatalf("event sentence %d of %d", e.Sentence, len(sents))
		}
		if sp := sents[e.Sentence]; sp.Start != e.Start || sp.End != e.End || text[e.Start:e.End] != e.Text {
			t.Fatalf("event at %d..%d (sentence %d) %q: sentence is %d..%d", e.Start, e.End, e.Sentence, e.Text, sp.Start, sp.End)
		}
	}
}

func TestCoder_CodeAll(t *testing.T) {
	docs := benchCorpus(600)
	seq := newCoder(t)
	want := make([][]coder.Extracted, len(docs))
	for i, d := range docs {
		want[i], _ = seq.Code(d)
	}
	for _, workers := range []int{1, 2, 4} {
		t.Run("workers="+string(rune('0'+workers)), func(t *testing.T) {
			got, err := poolCoder(t, workers, 256<<10).CodeAll(context.Background(), docs)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("parallel coding differs from sequential coding")
			}
		})
	}
	t.Run("chunked", func(t *testing.T) {
		// One long document cut into chunks: offsets and sentence numbers
		// are those of the whole text, and the events the ones coded.
		var b strings.Builder
		for _, d := range docs {
			b.WriteString(d.Text)
			b.WriteString("\n\n")
		}
		long := entente.Document{ID: "doc:long", Text: b.String(), Date: docs[0].Date}
		got, err := poolCoder(t, 2, 4096).CodeAll(context.Background(), []entente.Document{long})
		if err != nil {
			t.Fatal(err)
		}
		checkSpans(t, long.Text, got[0])
		n := 0
		for _, w := range want {
			n += len(w)
		}
		// Each source document is a run of paragraphs, so cutting at
		// blank lines loses at most the references across a cut.
		if len(got[0]) < n*95/100 || len(got[0]) > n*105/100 {
			t.Errorf("chunked long document: %d events, the documents apart %d", len(got[0]), n)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := poolCoder(t, 2, 256<<10).CodeAll(ctx, docs); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
}

func TestCoder_CodeReader(t *testing.T) {
	docs := benchCorpus(2000)
	var b strings.Builder
	for _, d := range docs {
		b.WriteString(d.Text)
		b.WriteString("\n\n")
	}
	text := b.String()
	doc := entente.Document{ID: "doc:stream", Date: docs[0].Date}
	all, err := poolCoder(t, 2, 8192).CodeAll(context.Background(), []entente.Document{{ID: doc.ID, Text: text, Date: doc.Date}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		chunk int
	}{{"small chunks", 4096}, {"default chunks", 256 << 10}} {
		t.Run(tc.name, func(t *testing.T) {
			var got []coder.Extracted
			err := poolCoder(t, 2, tc.chunk).CodeReader(context.Background(), strings.NewReader(text), doc, func(evs []coder.Extracted) error {
				got = append(got, evs...)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, text, got)
			if n := len(all[0]); len(got) < n*95/100 || len(got) > n*105/100 {
				t.Errorf("streamed %d events, coded whole %d", len(got), n)
			}
			for i := 1; i < len(got); i++ {
				if got[i].Start < got[i-1].Start {
					t.Fatalf("events out of text order at %d", i)
				}
			}
		})
	}
	t.Run("stop", func(t *testing.T) {
		calls := 0
		err := poolCoder(t, 2, 4096).CodeReader(context.Background(), strings.NewReader(text), doc, func([]coder.Extracted) error {
			calls++
			return coder.ErrStop
		})
		if err != nil || calls != 1 {
			t.Errorf("err = %v after %d calls, want nil after 1", err, calls)
		}
	})
	t.Run("emit error", func(t *testing.T) {
		boom := errors.New("boom")
		err := poolCoder(t, 2, 4096).CodeReader(context.Background(), strings.NewReader(text), doc, func([]coder.Extracted) error { return boom })
		if !errors.Is(err, boom) {
			t.Errorf("err = %v, want boom", err)
		}
	})
}

func TestConfig_Validate(t *testing.T) {
	cases := []struct {
		name string
		edit func(*coder.Config)
		ok   bool
	}{
		{"default", func(*coder.Config) {}, true},
		{"negative workers", func(c *coder.Config) { c.Workers = -1 }, false},
		{"tiny chunks", func(c *coder.Config) { c.ChunkBytes = 100 }, false},
		{"two workers", func(c *coder.Config) { c.Workers = 2 }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := coder.DefaultConfig()
			tc.edit(&cfg)
			if err := cfg.Validate(); (err == nil) != tc.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"entente/coder"
	"entente/ingest"
	"entente/registry"
)

// TestExtraction_Stream checks that a file coded as a stream prints what
// the same file read whole prints: the same events, offsets into the
// file and document ID.
func TestExtraction_Stream(t *testing.T) {
	reg, err := registry.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, err := coder.New(coder.DefaultConfig(), reg)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := ingest.NewReader(ingest.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"russia-dprk-china.txt", "niger-junta.txt", "galwan-clash.txt"} {
		t.Run(name, func(t *testing.T) {
			article := filepath.Join("..", "..", "coder", "testdata", "articles", name)
			var whole, streamed bytes.Buffer
			ins, err := rd.ReadInputs(context.Background(), article)
			if err != nil {
				t.Fatal(err)
			}
			w := extraction{c: c, format: "jsonl", w: &whole, pending: ins}
			if err := w.finish(context.Background()); err != nil {
				t.Fatal(err)
			}
			s := extraction{c: c, format: "jsonl", w: &streamed}
			if err := s.stream(context.Background(), article); err != nil {
				t.Fatal(err)
			}
			if err := s.finish(context.Background()); err != nil {
				t.Fatal(err)
			}
			if whole.Len() == 0 || whole.String() != streamed.String() {
				t.Errorf("streamed output differs from whole output:\nwhole:\n%s\nstreamed:\n%s", whole.String(), streamed.String())
			}
		})
	}
	// Only plain-text files over the read cap are streamed.
	article := filepath.Join("..", "..", "coder", "testdata", "articles", "niger-junta.txt")
	if big, err := streamable(article, 1<<20); big || err != nil {
		t.Errorf("streamable(small file) = %v, %v; want false", big, err)
	}
	if big, err := streamable(article, 100); !big || err != nil {
		t.Errorf("streamable(file over the cap) = %v, %v; want true", big, err)
	}
}

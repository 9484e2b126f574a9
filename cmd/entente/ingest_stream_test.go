package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"entente/ingest"
	"entente/internal/shared"
)

// TestMain_IngestStream ingests a plain-text file over the 8 MiB read cap,
// which ingest codes as a stream: one document with the whole text's ID
// and its head as text, its events stored, and nothing new on a second run.
// The same file inside a folder, beside a short article, is streamed too.
func TestMain_IngestStream(t *testing.T) {
	shared.Slow(t)
	files, _ := filepath.Glob(filepath.Join("..", "..", "coder", "testdata", "articles", "*.txt"))
	var body strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ingest.ParseText(f, string(b))
		if err != nil {
			t.Fatal(err)
		}
		body.WriteString(strings.TrimSpace(d.Text) + "\n\n")
	}
	text := strings.Repeat(body.String(), (9<<20)/body.Len()+1)
	name := filepath.Join(t.TempDir(), "long.txt")
	if err := os.WriteFile(name, []byte("Title: a long file\nDate: 2024-12-02\n\n"+text), 0o644); err != nil {
		t.Fatal(err)
	}
	db := tempDB(t)
	first := ingestReport(t, db, name)
	if first.Documents != 1 || first.Events == 0 || len(first.IDs) != 1 || first.IDs[0] != ingest.DocumentID(text) {
		t.Fatalf("first run = %+v, want one document with the whole text's ID %s and events", first, ingest.DocumentID(text))
	}
	if again := ingestReport(t, db, name); again.Unchanged != 1 || again.Documents != 0 || again.Events != 0 {
		t.Errorf("second run = %+v, want the document unchanged", again)
	}
	docs, err := openIngestedStore(t, db).Documents(context.Background())
	if err != nil || len(docs) != 1 {
		t.Fatalf("stored documents = %d, %v; want 1", len(docs), err)
	}
	if d := docs[0]; d.Title != "a long file" || len(d.Text) > ingest.StreamHead || !strings.HasPrefix(text, d.Text) {
		t.Errorf("stored document %q has %d bytes of text, want the head of the text", d.Title, len(d.Text))
	}
	// Inside a folder, beside a short article: streamed as well, not
	// refused for its size.
	dir := filepath.Join(t.TempDir(), "folder")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(name, filepath.Join(dir, "long.txt")); err != nil {
		t.Fatal(err)
	}
	short, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "short.txt"), short, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := ingestReport(t, tempDB(t), dir)
	if folder.Documents != 2 || folder.Events <= first.Events || !slices.Contains(folder.IDs, ingest.DocumentID(text)) {
		t.Errorf("folder run = %+v, want the long file streamed (ID %s) and the short one read", folder, ingest.DocumentID(text))
	}
}

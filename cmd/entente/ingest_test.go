package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"entente"
	"entente/duckdb"
	"entente/ingest"
)

// ingestReport runs entente ingest with JSON output and decodes its report.
func ingestReport(t *testing.T, db string, args ...string) ingest.Report {
	t.Helper()
	out, errOut, code := run(t, db, append([]string{"ingest", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("ingest %v: exit %d: %s", args, code, errOut)
	}
	var rep ingest.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("ingest %v: decode report: %v\n%s", args, err, out)
	}
	return rep
}

// openIngestedStore opens the store the command wrote, after the command closed it.
func openIngestedStore(t *testing.T, db string) *duckdb.Store {
	t.Helper()
	s, err := duckdb.Open(context.Background(), duckdb.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestMain_Ingest ingests the coder's test articles into a DuckDB store
// through the command line, as a user would, and checks what the store
// holds: a second run adds nothing, a syndicated near-copy is linked to
// its original, and an event that several documents report is one event
// with each of them as evidence.
func TestMain_Ingest(t *testing.T) {
	db := tempDB(t)
	articles := filepath.Join("..", "..", "coder", "testdata", "articles")
	files, _ := filepath.Glob(filepath.Join(articles, "*.txt"))
	if len(files) < 8 {
		t.Fatalf("want the coder's test articles in %s, found %d", articles, len(files))
	}
	original := filepath.Join("..", "..", "ingest", "testdata", "analysis.txt")
	copyOf := filepath.Join("..", "..", "ingest", "testdata", "syndicated.txt")

	// First run: every article and the analysis are new.
	first := ingestReport(t, db, articles, original)
	if first.Documents != len(files)+1 || first.Unchanged != 0 || first.Duplicates != 0 {
		t.Fatalf("first run = %+v, want %d new documents", first, len(files)+1)
	}
	if first.Events == 0 {
		t.Fatalf("first run stored no events: %+v", first)
	}

	t.Logf("first run: %+v", first)
	// Second run: nothing changes, not even evidence.
	second := ingestReport(t, db, articles, original)
	if second.Documents != 0 || second.Unchanged != len(files)+1 || second.Events != 0 || second.Evidence != 0 || second.Duplicates != 0 {
		t.Errorf("second run = %+v, want every document unchanged and nothing added", second)
	}

	// The wire copy of the analysis is stored, linked to the original, and
	// its events become further evidence of the events already stored.
	third := ingestReport(t, db, copyOf)
	if third.Documents != 1 || third.Duplicates != 1 || third.Events != 0 || third.Evidence == 0 {
		t.Errorf("syndicated copy = %+v, want one duplicate document adding evidence only", third)
	}

	t.Logf("syndicated copy: %+v", third)
	s := openIngestedStore(t, db)
	ctx := context.Background()
	ids := append(slices.Clone(first.IDs), third.IDs...)
	origID, copyID := first.IDs[len(first.IDs)-1], third.IDs[0]
	docs, err := s.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(ids) {
		t.Errorf("store holds %d documents, want %d", len(docs), len(ids))
	}
	cp, err := s.Document(ctx, copyID)
	if err != nil {
		t.Fatal(err)
	}
	if cp.DuplicateOf != origID {
		t.Errorf("copy %s: duplicate_of = %q, want %s", copyID, cp.DuplicateOf, origID)
	}

	// "China remained silent on North Korea's deployment" (the analysis
	// and its copy) and "China remained silent on the deployment" (the
	// long article, whose deployment is North Korea's by the sentence
	// before) are one event reported by three documents.
	day, _ := entente.ParseDate("2024-12-02")
	evs, err := s.Events(ctx, entente.EventFilter{SourceCountry: "CHN", TargetCountry: "PRK", CAMEOPrefix: "011", From: day, To: day.AddDate(0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 {
		t.Fatalf("CHN 011 PRK on %s: %d events, want one: %+v", day.Format(entente.DateLayout), len(evs), evs)
	}
	ev := evs[0]
	var byDoc []string
	for _, e := range ev.Evidence {
		byDoc = append(byDoc, e.Document)
		if e.Text == "" || e.End <= e.Start {
			t.Errorf("evidence %+v has no span", e)
		}
	}
	slices.Sort(byDoc)
	if distinct := slices.Compact(slices.Clone(byDoc)); len(byDoc) != 3 || len(distinct) != 3 {
		t.Errorf("evidence documents = %v, want three distinct documents", byDoc)
	}
	for _, want := range []string{origID, copyID} {
		if !slices.Contains(byDoc, want) {
			t.Errorf("evidence lacks document %s: %v", want, byDoc)
		}
	}
	if ev.ID != ingest.EventID(ev) {
		t.Errorf("event id %s is not its merge key %s", ev.ID, ingest.EventID(ev))
	}

	// Offsets of text evidence point into the stored document text.
	for _, e := range ev.Evidence {
		d, err := s.Document(ctx, e.Document)
		if err != nil {
			t.Fatal(err)
		}
		if e.End > len(d.Text) || d.Text[e.Start:e.End] != e.Text {
			t.Errorf("evidence %s[%d:%d] %q does not locate its sentence in the document", e.Document, e.Start, e.End, e.Text)
		}
	}
}

// TestMain_IngestBadInput leaves the store unchanged when one argument
// cannot be read: documents and events land together or not at all.
func TestMain_IngestBadInput(t *testing.T) {
	db := tempDB(t)
	good := filepath.Join("..", "..", "ingest", "testdata", "analysis.txt")
	bad := filepath.Join(t.TempDir(), "empty.txt")
	if err := os.WriteFile(bad, []byte("Title: nothing\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := run(t, db, "ingest", good, bad); code == 0 {
		t.Fatalf("ingest of an empty document succeeded; stderr: %s", errOut)
	}
	rep := ingestReport(t, db, good)
	if rep.Documents != 1 || rep.Unchanged != 0 {
		t.Errorf("after a failed run, ingest = %+v, want the document new", rep)
	}
}

// TestMain_Extract prints the events of the motivating article as a table
// and compares them with a golden file; go test ./cmd/entente -run
// Extract -update rewrites it.
func TestMain_Extract(t *testing.T) {
	article := filepath.Join("..", "..", "coder", "testdata", "articles", "russia-dprk-china.txt")
	out, errOut, code := run(t, tempDB(t), "extract", "--format", "table", article)
	if code != 0 {
		t.Fatalf("extract: exit %d: %s", code, errOut)
	}
	golden(t, "extract_russia_dprk_china.txt", out)
	// A bad format is a usage error, and nothing is printed.
	if out, _, code := run(t, tempDB(t), "extract", "--format", "xml", article); code != 2 || out != "" {
		t.Errorf("extract --format xml: exit %d, stdout %q; want 2 and nothing", code, out)
	}
}

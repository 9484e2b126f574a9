package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"entente"
	"entente/duckdb"
)

func openDuckDB(t testing.TB) *duckdb.Store {
	t.Helper()
	st, err := duckdb.Open(context.Background(), duckdb.Config{Path: filepath.Join(t.TempDir(), "test.duckdb"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestImporter_DuckDB imports every fixture into the DuckDB store: rows
// land with their sources, a second import adds nothing, and a bad file
// leaves the store as it was.
func TestImporter_DuckDB(t *testing.T) {
	ctx := context.Background()
	st := openDuckDB(t)
	im, err := New(st, Config{Registry: newFakeMapper(), BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := im.Import(ctx, "", "testdata")
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	imported := 0
	replaced := map[string]bool{}
	for _, f := range rep.Files {
		for _, id := range f.Replaced {
			replaced[id] = true
		}
	}
	for _, f := range rep.Files {
		if f.Status != Imported || replaced[f.Source.ID] {
			continue
		}
		imported++
		got, err := st.CountRows(ctx, f.Source.ID)
		if err != nil {
			t.Fatal(err)
		}
		for table, n := range f.Stored {
			if got[table] != n {
				t.Errorf("%s: %s rows in store = %d, want %d", f.Path, table, got[table], n)
			}
		}
		s, err := st.Source(ctx, f.Source.ID)
		if err != nil || s.Checksum != f.Source.Checksum || s.Rows != f.Source.Rows || s.Licence == "" {
			t.Errorf("%s: stored source %+v, %v", f.Path, s, err)
		}
	}
	if imported < 20 {
		t.Errorf("imported %d fixture files, want at least 20", imported)
	}
	before, _ := st.Sources(ctx)

	// The Ukraine resolution's votes from the fixture, through the store.
	votes, err := st.Votes(ctx, entente.VoteFilter{RollCalls: []string{"unga:5309"}})
	if err != nil || len(votes) != 6 {
		t.Errorf("votes on unga:5309 = %d, %v; want 6", len(votes), err)
	}

	rep, err = im.Import(ctx, "", "testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		if f.Status == Imported {
			t.Errorf("second import of %s imported again", f.Path)
		}
	}

	bad := filepath.Join(t.TempDir(), "cow_nmc.csv")
	os.WriteFile(bad, []byte("ccode,year,cinc\n2,2017,0.1\n2,2018,lots\n"), 0o644)
	im2, _ := New(st, Config{Registry: newFakeMapper(), BatchSize: 1})
	_, err = im2.Import(ctx, "cow-nmc", bad)
	var ie *entente.InputError
	if !errors.As(err, &ie) || ie.Line != 3 || ie.Field != "cinc" {
		t.Fatalf("bad file: %v", err)
	}
	after, _ := st.Sources(ctx)
	if len(after) != len(before) {
		t.Errorf("sources after a bad file = %d, want %d", len(after), len(before))
	}
	ties, _ := st.Ties(ctx, entente.TieFilter{KindPrefix: "capability"})
	if len(ties) != 3 {
		t.Errorf("capability ties after a bad file = %d, want the 3 of the fixture", len(ties))
	}
}

// TestImporter_DuckDBReplace checks release replacement and a changed file
// of the same release against the DuckDB store.
func TestImporter_DuckDBReplace(t *testing.T) {
	ctx := context.Background()
	st := openDuckDB(t)
	im, err := New(st, Config{Registry: newFakeMapper()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Import(ctx, "", fixture("idealpoints")); err != nil {
		t.Fatal(err)
	}
	srcs, _ := st.Sources(ctx)
	if len(srcs) != 1 || srcs[0].ID != "unga-idealpoints:2025-07" {
		t.Errorf("sources = %+v", srcs)
	}
	ties, _ := st.Ties(ctx, entente.TieFilter{KindPrefix: "idealpoint"})
	if len(ties) != 3 {
		t.Errorf("ideal points = %d, want the 3 of the July 2025 file", len(ties))
	}

	p := filepath.Join(t.TempDir(), "cow_nmc.csv")
	copyFile(t, fixture("nmc", "cow_nmc.csv"), p)
	if _, err := im.Import(ctx, "", p); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, []byte("2,2017,1,1,1,1,1,1,0.138\n")...), 0o644)
	rep, err := im.Import(ctx, "", p)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files[0].Status != Imported || len(rep.Files[0].Replaced) != 1 {
		t.Errorf("changed file: %+v", rep.Files[0])
	}
	ties, _ = st.Ties(ctx, entente.TieFilter{KindPrefix: "capability"})
	if len(ties) != 4 {
		t.Errorf("capability ties = %d, want 4", len(ties))
	}
}

// staleSources answers Sources, the first time, as a store read before
// another process imported the file: empty. Its transactions see the
// store as it is.
type staleSources struct {
	*duckdb.Store
	calls int
}

func (s *staleSources) Sources(ctx context.Context) ([]entente.Source, error) {
	s.calls++
	if s.calls == 1 {
		return nil, nil
	}
	return s.Store.Sources(ctx)
}

// TestImporter_ImportedMeanwhile: when another process imports the same
// file between the importer's look at the stored sources and its
// transaction (write commands take the write lock only inside
// transactions), the importer decides again and finds the file already
// imported instead of storing its rows a second time.
func TestImporter_ImportedMeanwhile(t *testing.T) {
	ctx := context.Background()
	st := openDuckDB(t)
	path := filepath.Join("testdata", "alliances", "cow_alliance_v4.1_ddy.csv")
	im, err := New(st, Config{Registry: newFakeMapper()})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := im.Import(ctx, "", path)
	if err != nil || len(rep.Files) != 1 || rep.Files[0].Status != Imported {
		t.Fatalf("first import: %+v, %v", rep, err)
	}
	id := rep.Files[0].Source.ID
	want, err := st.CountRows(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	stale := &staleSources{Store: st}
	im, err = New(stale, Config{Registry: newFakeMapper()})
	if err != nil {
		t.Fatal(err)
	}
	rep, err = im.Import(ctx, "", path)
	if err != nil || len(rep.Files) != 1 || rep.Files[0].Status != Unchanged {
		t.Fatalf("import on a stale view: %+v, %v; want the file unchanged", rep, err)
	}
	got, err := st.CountRows(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows after the second import %v, after the first %v", got, want)
	}
}

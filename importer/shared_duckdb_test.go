package importer

import (
	"context"
	"runtime"
	"testing"
	"time"

	"entente"
	"entente/internal/shared"
)

// TestShared_DuckDB imports the whole shared data folder into the DuckDB
// store, as `make demo` does, and checks the known facts through it.
func TestShared_DuckDB(t *testing.T) {
	shared.Slow(t)
	if testing.Short() {
		t.Skip("imports every shared dataset into DuckDB; skipped in -short mode")
	}
	dir := shared.Dir(t)
	reg := testRegistry(t)
	ctx := context.Background()
	st := openDuckDB(t)
	im, err := New(st, Config{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rep, err := im.Import(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	var imported, skipped int
	for _, f := range rep.Files {
		switch f.Status {
		case Imported:
			imported++
			t.Logf("%-58s %-18s %8d rows  %v  %v", f.Source.File, f.Kind, f.Source.Rows, f.Stored, f.Elapsed.Round(time.Millisecond))
		case Skipped:
			skipped++
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("%d files imported, %d skipped in %v; Go heap in use %d MiB", imported, skipped, time.Since(start).Round(time.Millisecond), ms.HeapInuse>>20)
	// The 22 files of the first datasets, the 5 DGACM sessions, 210 of
	// the 211 IMF DOTS workbooks (DOTS_144 is a second download of
	// Nicaragua's, skipped) and the Comtrade file.
	if imported != 238 {
		t.Errorf("imported %d files, want 238", imported)
	}

	votes, err := st.Votes(ctx, entente.VoteFilter{RollCalls: []string{"unga:5309"}})
	if err != nil {
		t.Fatal(err)
	}
	tally := map[entente.VoteChoice]int{}
	for _, v := range votes {
		tally[v.Choice]++
	}
	if tally[entente.VoteYes] != 100 || tally[entente.VoteNo] != 11 || tally[entente.VoteAbstain] != 58 {
		t.Errorf("68/262 tally = %v, want 100–11–58", tally)
	}
	for _, src := range []string{"cow-alliance:4.1", "atop:5.1"} {
		ties, err := st.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieAllianceDefense), A: "CHN", B: "PRK", Source: src})
		if err != nil || len(ties) == 0 || ties[0].Year != 1961 {
			t.Errorf("%s: CHN–PRK defence = %d ties, first %+v, %v", src, len(ties), ties, err)
		}
	}
	srcs, _ := st.Sources(ctx)
	// One source per imported file but one: the June 2024 ideal points are
	// replaced by the July 2025 release.
	if len(srcs) != 237 {
		t.Errorf("sources = %d, want 237 (the June 2024 ideal points replaced)", len(srcs))
	}
	// A second run finds everything imported already.
	start = time.Now()
	rep, err = im.Import(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		if f.Status == Imported {
			t.Errorf("second run imported %s again", f.Path)
		}
	}
	t.Logf("second run: %v", time.Since(start).Round(time.Millisecond))
}

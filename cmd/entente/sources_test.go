package main

import (
	"strings"
	"testing"
)

// TestMain_SourcesCompareTrade checks the usage errors of --compare and
// that a flow two datasets give is listed with both figures.
func TestMain_SourcesCompareTrade(t *testing.T) {
	db := tempDB(t)
	// A store holding one dataset: nothing to compare yet.
	if _, errs, code := run(t, db, "import", importerFixture("trade", "cow_trade_ndy_4.0.csv")); code != 0 {
		t.Fatalf("import COW: %s", errs)
	}
	runErrorCases(t, db, []errorCase{
		{"unknown comparison", []string{"sources", "--compare", "votes"}, 2, []string{`cannot compare "votes"`, "hint:"}},
		{"no state", []string{"sources", "--compare", "trade"}, 2, []string{"needs a state"}},
		{"unknown state", []string{"sources", "--compare", "trade", "--a", "Atlantis"}, 2, []string{`no state "Atlantis"`}},
	})
	out, errs, code := run(t, db, "sources", "--compare", "trade", "--a", "PRK", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "importer,exporter,year,used,lineage,other,other lineage,spread") {
		t.Errorf("csv header: %q", out)
	}
}

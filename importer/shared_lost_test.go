package importer

import (
	"entente/internal/shared"
	"sort"
	"strings"
	"testing"
)

// TestShared_LostRows imports the datasets whose rows name states by codes
// or names and lists, per file, the rows lost to codes the registry cannot
// map on their day. Issue 18 named five registry gaps that lost real
// state-years; none of them may come back.
func TestShared_LostRows(t *testing.T) {
	// Whole-dataset imports (UN votes, alliances, trade): make slow.
	shared.Slow(t)
	tests := []struct {
		path []string
		// gone are unmapped keys that must not appear: registry gaps that
		// were fixed.
		gone []string
	}{
		// The Republic of China's UN votes 1946–49 (iso2 TW; the registry
		// codes the ROC before 1949-12-08 as China) and unified Yemen's
		// votes of late 1990 under the old North Yemen name.
		{[]string{"unga-unvotes", "un_roll_calls.csv.gz"}, nil},
		{[]string{"unga-unvotes", "un_votes.csv.gz"}, []string{"iso2 TW", "name Yemen Arab Republic"}},
		// Ideal points of the Ukrainian and Belarusian SSRs (COW 369/370
		// start in 1991; their UN seats in 1945).
		// The ROC's of 1946–48 under Taiwan's 713 follow TWN's predecessor.
		{[]string{"unga-idealpoints", "Idealpoints_July2025.csv.gz"}, []string{"cown 369", "cown 370", "cown 713"}},
		{[]string{"unga-idealpoints", "IdealpointestimatesAll_Jun2024.csv.gz"}, []string{"cown 369", "cown 370", "cown 713"}},
		// SIPRI's "Serbia" for the Federal Republic of Yugoslavia 1992–2006.
		{[]string{"sipri-arms", "sipri_trade_register_1995-2025_generated-2026-02-12.csv.gz"}, []string{"name Serbia"}},
		{[]string{"sipri-arms", "sipri_tiv_dyad_year_1950-2021_360info.csv.gz"}, []string{"name Serbia"}},
		// West Germany in 1954 under COW 260.
		{[]string{"alliances-cow", "cow_alliance_v4.1_ddy.csv.gz"}, []string{"cown 260"}},
		{[]string{"alliances-atop", "atop_5.1_ddy.csv.gz"}, []string{"cown 260"}},
		{[]string{"trade-cow", "cow_trade_ndy_4.0.csv.gz"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path[1], func(t *testing.T) {
			_, files := importShared(t, tt.path)
			f := files[0]
			var ks []string
			for k, n := range f.Unmapped {
				ks = append(ks, k+"×"+itoa(n))
			}
			sort.Strings(ks)
			t.Logf("LOST %s: %d of %d rows: %s", f.Source.File, f.UnmappedRows(), f.Source.Rows, strings.Join(ks, ", "))
			for _, g := range tt.gone {
				if n := f.Unmapped[g]; n > 0 {
					t.Errorf("%d rows lost to %q: a registry gap", n, g)
				}
			}
		})
	}
}

// TestLostRowNotes checks that lost rows are told apart: a state outside
// its dated span is said to be legitimately left out, an unknown code is
// not.
func TestLostRowNotes(t *testing.T) {
	notes := lostRowNotes(testRegistry(t), map[string]int64{"name Angola": 30, "cown 696": 6, "name unknown supplier(s)": 194})
	if len(notes) != 2 {
		t.Fatalf("notes = %q, want two", notes)
	}
	if !strings.HasPrefix(notes[0], "36 rows lost because their state did not exist") || !strings.Contains(notes[0], "name Angola ×30 (AGO valid 1975-11-11") ||
		!strings.Contains(notes[0], "cown 696 ×6 (ARE valid 1971-12-02") {
		t.Errorf("outside-span note = %q", notes[0])
	}
	if !strings.HasPrefix(notes[1], "194 rows lost to codes or names the registry does not know") {
		t.Errorf("unknown note = %q", notes[1])
	}
}

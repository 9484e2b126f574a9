package importer

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"entente"
	"entente/importer/internal/memstore"
	"entente/internal/shared"
)

// importShared imports files of the shared datasets with the built-in
// registry into a fresh in-memory store, skipping when they are absent.
func importShared(t *testing.T, elems ...[]string) (*memstore.Store, []FileResult) {
	t.Helper()
	reg := testRegistry(t)
	var paths []string
	for _, e := range elems {
		paths = append(paths, shared.Path(t, e...))
	}
	st := memstore.New()
	im, err := New(st, Config{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := im.Import(context.Background(), "", paths...)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	for _, f := range rep.Files {
		// A second workbook of a DOTS reporter already stored is skipped
		// by design (Nicaragua's DOTS_144); anything else must import.
		if f.Status != Imported && !(f.Status == Skipped && strings.Contains(f.Reason, "one workbook per reporter")) {
			t.Fatalf("%s: %s (%s)", f.Path, f.Status, f.Reason)
		}
		if n := f.UnmappedRows(); n > 0 {
			var ks []string
			for k, c := range f.Unmapped {
				ks = append(ks, k+"×"+itoa(c))
			}
			sort.Strings(ks)
			t.Logf("%s: %d rows with unmapped codes: %s", f.Source.File, n, strings.Join(ks, ", "))
		}
		t.Logf("%s: %d rows read, stored %v in %v", f.Source.File, f.Source.Rows, f.Stored, f.Elapsed)
	}
	return st, rep.Files
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestShared_RowCounts imports every shared dataset file and checks the
// number of rows read against its PROVENANCE.md.
func TestShared_RowCounts(t *testing.T) {
	shared.Slow(t)
	if testing.Short() {
		t.Skip("imports every shared dataset; skipped in -short mode")
	}
	tests := []struct {
		path []string
		rows int64
	}{
		{[]string{"unga-unvotes", "un_roll_calls.csv.gz"}, 6203},
		{[]string{"unga-unvotes", "un_votes.csv.gz"}, 870109},
		{[]string{"unga-idealpoints", "IdealpointestimatesAll_Jun2024.csv.gz"}, 11238},
		{[]string{"unga-idealpoints", "Idealpoints_July2025.csv.gz"}, 11440},
		{[]string{"alliances-cow", "cow_alliance_v4.1_ddy.csv.gz"}, 120784},
		{[]string{"alliances-atop", "atop_5.1_ddy.csv.gz"}, 273296},
		{[]string{"trade-cow", "cow_trade_ndy_4.0.csv.gz"}, 673654},
		{[]string{"trade-cow", "cow_trade_sy_4.0.csv"}, 14410},
		{[]string{"sipri-arms", "sipri_trade_register_1995-2025_generated-2026-02-12.csv.gz"}, 25024},
		{[]string{"sipri-arms", "sipri_tiv_dyad_year_1950-2021_360info.csv.gz"}, 21324},
		{[]string{"gdelt-sample", "20191024143000.export.CSV.gz"}, 2111},
		{[]string{"icews-cameo", "icews_sample_2018-06.csv.gz"}, 4993},
		{[]string{"cow-states", "cow_states.csv"}, 243},
		{[]string{"cow-states", "cow_majors.csv"}, 14},
		{[]string{"cow-states", "gw_states.csv"}, 216},
		{[]string{"cow-states", "cow_capitals.csv"}, 242},
		{[]string{"cow-states", "cow_contdir.csv"}, 1874},
		{[]string{"cow-nmc", "cow_nmc.csv"}, 17121},
		{[]string{"cow-igo", "cow_igo_ndy.csv.gz"}, 917695},
		{[]string{"cow-igo", "cow_igo_sy.csv"}, 15557},
		{[]string{"countrycode-crosswalk", "codelist.csv"}, 292},
		{[]string{"countrycode-crosswalk", "codelist_panel.csv.gz"}, 29574},
	}
	for _, tt := range tests {
		t.Run(tt.path[1], func(t *testing.T) {
			_, files := importShared(t, tt.path)
			f := files[0]
			if f.Source.Rows != tt.rows {
				t.Errorf("rows = %d, want %d", f.Source.Rows, tt.rows)
			}
			var stored int64
			for _, n := range f.Stored {
				stored += n
			}
			if stored == 0 && !strings.HasPrefix(f.Kind, "countrycode") {
				t.Errorf("nothing stored")
			}
			if f.Source.Coverage.From.IsZero() && !strings.HasPrefix(f.Kind, "countrycode") {
				t.Errorf("no coverage")
			}
		})
	}
}

// TestShared_UkraineResolution checks the recorded tally of A/RES/68/262
// (territorial integrity of Ukraine, 27 March 2014): 100 yes, 11 no, 58
// abstentions.
func TestShared_UkraineResolution(t *testing.T) {
	shared.Slow(t)
	st, _ := importShared(t, []string{"unga-unvotes", "un_roll_calls.csv.gz"}, []string{"unga-unvotes", "un_votes.csv.gz"})
	ctx := context.Background()
	rcs, err := st.RollCalls(ctx, entente.RollCallFilter{Resolution: "R/68/262"})
	if err != nil || len(rcs) != 1 {
		t.Fatalf("roll calls for R/68/262: %v, %v", rcs, err)
	}
	rc := rcs[0]
	if rc.ID != "unga:5309" || rc.Date != entente.Day(2014, 3, 27) {
		t.Errorf("roll call = %+v", rc)
	}
	votes, err := st.Votes(ctx, entente.VoteFilter{RollCalls: []string{rc.ID}})
	if err != nil {
		t.Fatal(err)
	}
	tally := map[entente.VoteChoice]int{}
	by := map[string]entente.VoteChoice{}
	for _, v := range votes {
		tally[v.Choice]++
		by[v.Country] = v.Choice
	}
	if tally[entente.VoteYes] != 100 || tally[entente.VoteNo] != 11 || tally[entente.VoteAbstain] != 58 {
		t.Errorf("tally = %v, want 100 yes, 11 no, 58 abstain", tally)
	}
	for c, want := range map[string]entente.VoteChoice{"UKR": entente.VoteYes, "RUS": entente.VoteNo, "PRK": entente.VoteNo, "CHN": entente.VoteAbstain, "USA": entente.VoteYes} {
		if by[c] != want {
			t.Errorf("%s voted %q, want %q", c, by[c], want)
		}
	}
}

// TestShared_ChinaNorthKoreaPact checks that the 1961 Sino-North Korean
// treaty shows as a defence pact from 1961, not before, in COW and ATOP.
func TestShared_ChinaNorthKoreaPact(t *testing.T) {
	shared.Slow(t)
	for _, tt := range []struct {
		name string
		path []string
		last int
	}{
		{"cow", []string{"alliances-cow", "cow_alliance_v4.1_ddy.csv.gz"}, 2012},
		{"atop", []string{"alliances-atop", "atop_5.1_ddy.csv.gz"}, 2018},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := importShared(t, tt.path)
			ties, err := st.Ties(context.Background(), entente.TieFilter{KindPrefix: string(entente.TieAllianceDefense), A: "CHN", B: "PRK", Either: true})
			if err != nil {
				t.Fatal(err)
			}
			first, last := 9999, 0
			for _, x := range ties {
				first, last = min(first, x.Year), max(last, x.Year)
			}
			if first != 1961 || last != tt.last {
				t.Errorf("CHN–PRK defence pact %d–%d, want 1961–%d", first, last, tt.last)
			}
		})
	}
}

// TestShared_SIPRISupplierShares checks supplier shares of the TIV
// delivered 2020–2024 against SIPRI's March 2025 fact sheet.
func TestShared_SIPRISupplierShares(t *testing.T) {
	st, files := importShared(t, []string{"sipri-arms", "sipri_trade_register_1995-2025_generated-2026-02-12.csv.gz"})
	ties, err := st.Ties(context.Background(), entente.TieFilter{KindPrefix: string(entente.TieArmsOrder), FromYear: 2020, ToYear: 2024})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]float64{}
	var total float64
	for _, x := range ties {
		by[x.A] += x.Value
		total += x.Value
	}
	t.Logf("%d deliveries 2020–24, %.0f TIV; %d register rows had an unmapped party", len(ties), total, files[0].UnmappedRows())
	for c, want := range map[string]float64{"USA": 42.6, "FRA": 9.6, "RUS": 7.8, "CHN": 5.9, "DEU": 5.6} {
		got := 100 * by[c] / total
		if math.Abs(got-want) > 0.15 {
			t.Errorf("%s share = %.2f %%, want ≈ %.1f %%", c, got, want)
		}
	}
}

// TestShared_GDELT checks the sample export's known events.
func TestShared_GDELT(t *testing.T) {
	st, files := importShared(t, []string{"gdelt-sample", "20191024143000.export.CSV.gz"})
	ctx := context.Background()
	for _, tt := range []struct{ src, tgt, code string }{{"CHN", "RUS", "013"}, {"CHN", "USA", "036"}} {
		evs, _ := st.Events(ctx, entente.EventFilter{SourceCountry: tt.src, TargetCountry: tt.tgt, CAMEOPrefix: tt.code})
		if len(evs) == 0 {
			t.Errorf("no %s→%s %s event", tt.src, tt.tgt, tt.code)
		}
	}
	for _, n := range files[0].Notes {
		if strings.Contains(n, "not in") || strings.Contains(n, "different") {
			t.Errorf("lookup check failed: %s", n)
		}
	}
	if files[0].Source.Coverage.From != entente.Day(2018, 10, 24) || files[0].Source.Coverage.To != entente.Day(2019, 10, 24) {
		t.Errorf("coverage = %v", files[0].Source.Coverage)
	}
}

package measures_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"entente"
	"entente/curated"
	"entente/duckdb"
	"entente/importer"
	"entente/internal/shared"
	"entente/registry"
)

// The tests in this file check the measures against values worked out by
// hand (with a calculator and a short script reading the CSV files
// directly, not through entente) from the public datasets in
// ../shared/data, after importing those files with entente's importer.

var sharedStore struct {
	once sync.Once
	s    *duckdb.Store
	err  error
	dir  string
}

// sharedFiles are the dataset files the checks need, relative to the
// shared data folder.
var sharedFiles = []string{
	"trade-cow/cow_trade_ndy_4.0.csv.gz",
	"trade-cow/cow_trade_sy_4.0.csv",
	"sipri-arms/sipri_tiv_dyad_year_1950-2021_360info.csv.gz",
	"sipri-arms/sipri_trade_register_1995-2025_generated-2026-02-12.csv.gz",
	"alliances-cow/cow_alliance_v4.1_ddy.csv.gz",
	"alliances-atop/atop_5.1_ddy.csv.gz",
	"unga-unvotes/un_roll_calls.csv.gz",
	"unga-unvotes/un_votes.csv.gz",
	"unga-idealpoints/IdealpointestimatesAll_Jun2024.csv.gz",
}

// openShared imports the shared files once per test binary into a store
// in a temporary folder that outlives the first test using it.
func openShared(t *testing.T) *duckdb.Store {
	t.Helper()
	if testing.Short() {
		t.Skip("imports the shared datasets (about 15 s); skipped in -short mode")
	}
	// Importing nine whole datasets dominates this package's tests (20 s
	// of its 21 s); the real-data checks run in make slow.
	shared.Slow(t)
	data := shared.Dir(t)
	for _, f := range sharedFiles {
		shared.Path(t, filepath.FromSlash(f))
	}
	sharedStore.once.Do(func() {
		ctx := context.Background()
		reg, err := registry.Load()
		if err != nil {
			sharedStore.err = err
			return
		}
		dir, err := osMkdirTemp()
		if err != nil {
			sharedStore.err = err
			return
		}
		sharedStore.dir = dir
		s, err := duckdb.Open(ctx, duckdb.Config{Path: filepath.Join(dir, "shared.duckdb")})
		if err != nil {
			sharedStore.err = err
			return
		}
		if err := s.Update(ctx, func(tx entente.Tx) error { return tx.ReplaceRegistry(ctx, reg.Data()) }); err != nil {
			sharedStore.err = err
			return
		}
		im, err := importer.New(s, importer.Config{Registry: reg})
		if err != nil {
			sharedStore.err = err
			return
		}
		paths := make([]string, len(sharedFiles))
		for i, f := range sharedFiles {
			paths[i] = filepath.Join(data, filepath.FromSlash(f))
		}
		start := time.Now()
		if _, err := im.Import(ctx, "", paths...); err != nil {
			sharedStore.err = err
			return
		}
		if _, err := curated.Ensure(ctx, s); err != nil {
			sharedStore.err = err
			return
		}
		t.Logf("imported %d shared files in %v", len(paths), time.Since(start).Round(time.Millisecond))
		sharedStore.s = s
	})
	if sharedStore.err != nil {
		t.Fatalf("import shared datasets: %v", sharedStore.err)
	}
	return sharedStore.s
}

func TestShared_TradeDependence(t *testing.T) {
	e := engine(t, openShared(t))
	ctx := context.Background()
	// cow_trade_ndy_4.0 row "2,710,2014,472525,183283": US imports from
	// China 472,525 and China's imports from the US 183,283 (US$ M);
	// cow_trade_sy_4.0: US imports 2,345,185.753472, exports
	// 1,623,420.67519; China 2,519,304.5 and 2,818,426.75.
	//   dep USA on CHN = 655,808 / 3,968,606.428662 = 0.165249
	//   imports 472,525 / 2,345,185.753 = 0.201487; exports 183,283 / 1,623,420.675 = 0.112899
	//   dep CHN on USA = 655,808 / 5,337,731.25 = 0.122863; asymmetry 0.042386
	// Row "710,731,2014,2845,3883" and North Korea's totals 4,879.314 and
	// 3,287.412: dep PRK on CHN = 6,728 / 8,166.726 = 0.823831.
	tests := []struct {
		name            string
		a, b            string
		share, imp, exp float64
		reverse, asym   float64
	}{
		{"USA-CHN 2014", "USA", "CHN", 0.165249, 0.201487, 0.112899, 0.122863, 0.042386},
		{"PRK-CHN 2014", "PRK", "CHN", 0.823831, 0.795809, 0.865422, 0.001260, 0.822571},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			td, err := e.TradeDependence(ctx, tt.a, tt.b, 2014, false)
			if err != nil {
				t.Fatal(err)
			}
			const tol = 5e-6
			if !near(value(td.AonB.Share), tt.share, tol) || !near(value(td.AonB.ImportShare), tt.imp, tol) || !near(value(td.AonB.ExportShare), tt.exp, tol) ||
				!near(value(td.BonA.Share), tt.reverse, tol) || !near(td.Asymmetry, tt.asym, tol) {
				t.Errorf("got share %.6f imp %.6f exp %.6f reverse %.6f asym %.6f", value(td.AonB.Share), value(td.AonB.ImportShare),
					value(td.AonB.ExportShare), value(td.BonA.Share), td.Asymmetry)
			}
			// Both flows come from one dyadic row, cited once.
			if len(td.Evidence) != 3 {
				t.Errorf("evidence %v, want the dyadic row and the two national rows", td.Evidence)
			}
		})
	}
}

func TestShared_ArmsDependence(t *testing.T) {
	e := engine(t, openShared(t))
	// sipri_tiv_dyad_year_1950-2021_360info.csv.gz, recipient_cown 750
	// (India), years 2017–2021, summed by supplier: Russia 7,068 of 15,356
	// TIV = 46.03 % (SIPRI's fact sheet of March 2022: 46 %), France 4,198
	// (27.34 %), USA 1,863 (12.13 %).
	ad, err := e.ArmsDependence(context.Background(), "IND", "RUS", 2021)
	if err != nil {
		t.Fatal(err)
	}
	if ad.FromSupplier != 7068 || ad.Total != 15356 || !ad.IsMain || ad.Basis != "arms.transfer 2017-2021" {
		t.Errorf("RUS %v of %v TIV, main %v, basis %q", ad.FromSupplier, ad.Total, ad.IsMain, ad.Basis)
	}
	if len(ad.Suppliers) < 3 || ad.Suppliers[1].Supplier != "FRA" || ad.Suppliers[1].TIV != 4198 || ad.Suppliers[2].Supplier != "USA" || ad.Suppliers[2].TIV != 1863 {
		t.Errorf("suppliers %+v", ad.Suppliers[:min(3, len(ad.Suppliers))])
	}
}

func TestShared_VoteAgreement(t *testing.T) {
	e := engine(t, openShared(t))
	ctx := context.Background()
	// un_votes.csv.gz joined to un_roll_calls.csv.gz, session 70 (2015–16),
	// 73 roll calls on which the US, the UK and Cuba all voted:
	//   US–UK:   46 identical (0.630137), kappa 0.435244, S 0.452055
	//   US–Cuba: 11 identical (0.150685), kappa −0.127554, S −0.534247
	tests := []struct {
		name             string
		b                string
		votes, identical int
		kappa, s         float64
	}{
		{"US-UK", "GBR", 73, 46, 0.435244, 0.452055},
		{"US-Cuba", "CUB", 73, 11, -0.127554, -0.534247},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := e.VoteAgreement(ctx, "USA", tt.b, 70)
			if err != nil {
				t.Fatal(err)
			}
			if g.Votes != tt.votes || g.Identical != tt.identical || g.Kappa == nil || !near(*g.Kappa, tt.kappa, 1e-6) || !near(*g.SScore, tt.s, 1e-6) {
				t.Errorf("votes %d identical %d kappa %v S %v", g.Votes, g.Identical, fmtPtr(g.Kappa), fmtPtr(g.SScore))
			}
		})
	}
	// The UK agrees with the US far more than Cuba does.
	al, err := e.AlignmentOf(ctx, "USA", 70)
	if err != nil {
		t.Fatal(err)
	}
	rank := map[string]int{}
	for i, p := range al.Partners {
		rank[p.Agreement.B] = i
	}
	if rank["GBR"] >= rank["CUB"] || len(al.Partners) < 150 {
		t.Errorf("GBR ranked %d, CUB %d of %d", rank["GBR"], rank["CUB"], len(al.Partners))
	}
}

func TestShared_Security(t *testing.T) {
	e := engine(t, openShared(t))
	ctx := context.Background()
	// China–North Korea: COW defence 1961–2012 (no 1960 row); Russia–North
	// Korea in 2018 (ATOP): non-aggression and consultation, plus the
	// curated 2024 treaty.
	ties, err := e.SecurityTies(ctx, "CHN", "PRK")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range ties {
		if s.Dataset == "cow-alliance" && s.Type == "defence" && s.From == 1961 && s.To == 2012 {
			found = true
		}
	}
	if !found {
		t.Errorf("no COW defence spell 1961-2012: %s", labels(ties))
	}
	in, err := e.SecurityInYear(ctx, "RUS", "PRK", 2024)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]bool{}
	for _, s := range in {
		types[s.Dataset+" "+s.Type] = true
	}
	if !types["atop nonaggression"] || !types["atop consultation"] || !types["curated defence"] {
		t.Errorf("RUS-PRK 2024: %s", labels(in))
	}
}

func TestShared_LeverageOverNorthKorea(t *testing.T) {
	e := engine(t, openShared(t))
	r, err := e.LeverageOver(context.Background(), "PRK", 2024)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Holders) < 2 || r.Holders[0].Holder != "CHN" || r.Holders[0].Level != 5 || r.Holders[1].Holder != "RUS" {
		for _, h := range r.Holders[:min(5, len(r.Holders))] {
			t.Logf("%s %.3f", h.Holder, h.Score)
		}
		t.Fatalf("ranking does not start CHN (level 5), RUS")
	}
	for _, l := range r.Holders {
		for _, term := range l.Terms {
			if term.Explanation == "" {
				t.Errorf("%s %s: no explanation", l.Holder, term.Name)
			}
		}
	}
}

func fmtPtr(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestMain removes the shared store after the tests that used it.
func TestMain(m *testing.M) {
	code := m.Run()
	if sharedStore.s != nil {
		sharedStore.s.Close()
	}
	if sharedStore.dir != "" {
		os.RemoveAll(sharedStore.dir)
	}
	os.Exit(code)
}

func osMkdirTemp() (string, error) { return os.MkdirTemp("", "entente-measures-") }

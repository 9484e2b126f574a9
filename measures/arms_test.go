package measures_test

import (
	"context"
	"testing"

	"entente"
)

// armsFixture: India's imports 2017–2021 from the TIV table (figures as
// sipri_tiv_dyad_year_1950-2021_360info.csv.gz sums them per supplier over
// the window, spread over the years), and 2022 only in the register. The
// register repeats 2021 to check that a year is never counted twice.
func armsFixture() fill {
	T, O := entente.TieArmsTransfer, entente.TieArmsOrder
	return fill{
		Sources: []entente.Source{source("sipri.tiv:2022", 1950, 2021), source("sipri.register:2026", 1995, 2024)},
		Ties: []entente.Tie{
			arms(T, "RUS", "IND", 2017, 2000), arms(T, "RUS", "IND", 2019, 3000), arms(T, "RUS", "IND", 2021, 2068),
			arms(T, "FRA", "IND", 2018, 1000), arms(T, "FRA", "IND", 2020, 3198),
			arms(T, "USA", "IND", 2017, 1863),
			arms(T, "ISR", "IND", 2019, 1247),
			arms(T, "KOR", "IND", 2018, 432),
			arms(T, "DEU", "IND", 2019, 212), arms(T, "GBR", "IND", 2020, 336),
			arms(T, "DEU", "IND", 2016, 999),  // before the window
			arms(O, "RUS", "IND", 2021, 5000), // the register's 2021: not counted
			arms(O, "FRA", "IND", 2022, 700),
			arms(O, "RUS", "IND", 2022, 300),
		},
	}
}

func TestArmsDependence_Compute(t *testing.T) {
	e := engine(t, openStore(t, armsFixture()))
	ctx := context.Background()
	tests := []struct {
		name         string
		a, b         string
		year         int
		from, to     int
		fromSupplier float64
		total        float64
		share        float64
		main         string
		isMain       bool
		basis        string
		evidence     int
	}{
		// 7,068 of 15,356 TIV: SIPRI's "46 %" for Russia in India's
		// imports 2017–21.
		{"RUS share of IND 2017-2021", "IND", "RUS", 2021, 2017, 2021, 7068, 15356, 7068.0 / 15356, "RUS", true, "arms.transfer 2017-2021", 3},
		{"FRA share of IND 2017-2021", "IND", "FRA", 2021, 2017, 2021, 4198, 15356, 4198.0 / 15356, "RUS", false, "arms.transfer 2017-2021", 2},
		{"2022 window reads the register for 2022", "IND", "FRA", 2022, 2018, 2022, 4898, 15356 - 3863 + 1000, 4898.0 / 12493, "RUS", false, "arms.transfer 2018-2021, arms.order 2022", 3},
		{"no imports", "PAK", "CHN", 2021, 2017, 2021, 0, 0, 0, "", false, "arms.transfer 2017-2021", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.ArmsDependence(ctx, tt.a, tt.b, tt.year)
			if err != nil {
				t.Fatal(err)
			}
			if got.From != tt.from || got.To != tt.to {
				t.Errorf("window %d-%d, want %d-%d", got.From, got.To, tt.from, tt.to)
			}
			if got.FromSupplier != tt.fromSupplier || got.Total != tt.total {
				t.Errorf("from supplier %v of %v, want %v of %v", got.FromSupplier, got.Total, tt.fromSupplier, tt.total)
			}
			if tt.total > 0 && !near(value(got.Share), tt.share, 1e-9) {
				t.Errorf("share %v, want %v", value(got.Share), tt.share)
			}
			if got.Main != tt.main || got.IsMain != tt.isMain {
				t.Errorf("main %q (%v), want %q (%v)", got.Main, got.IsMain, tt.main, tt.isMain)
			}
			if got.Basis != tt.basis {
				t.Errorf("basis %q, want %q", got.Basis, tt.basis)
			}
			if len(got.Evidence) != tt.evidence {
				t.Errorf("evidence %d rows, want %d", len(got.Evidence), tt.evidence)
			}
		})
	}
}

func TestArmsDependence_RegisterOnly(t *testing.T) {
	// Without a TIV table every year comes from the register.
	f := armsFixture()
	var ties []entente.Tie
	for _, t := range f.Ties {
		if t.Kind == entente.TieArmsOrder {
			ties = append(ties, t)
		}
	}
	e := engine(t, openStore(t, fill{Sources: f.Sources[1:], Ties: ties}))
	got, err := e.ArmsDependence(context.Background(), "IND", "RUS", 2022)
	if err != nil {
		t.Fatal(err)
	}
	if got.FromSupplier != 5300 || got.Total != 6000 || got.Basis != "arms.order 2018-2022" || !got.IsMain || got.Suppliers[1].Supplier != "FRA" {
		t.Errorf("got %v of %v basis %q main %v", got.FromSupplier, got.Total, got.Basis, got.IsMain)
	}
}

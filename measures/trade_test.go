package measures_test

import (
	"context"
	"errors"
	"testing"

	"entente"
)

// The USA–China figures of 2014 as COW Trade v4.0 reports them
// (cow_trade_ndy_4.0.csv.gz row 2,710,2014 and cow_trade_sy_4.0.csv), and
// North Korea's, copied by hand; the expected shares were worked out from
// them with a calculator.
func tradeFixture() fill {
	return fill{
		Sources: []entente.Source{source("cow-trade.dyadic:4.0", 1870, 2014), source("cow-trade.national:4.0", 1870, 2014)},
		Ties: []entente.Tie{
			flow("USA", "CHN", 2014, 472525), flow("CHN", "USA", 2014, 183283),
			total("USA", 2014, 2345185.753472, 1623420.67519), total("CHN", 2014, 2519304.5, 2818426.75),
			flow("CHN", "PRK", 2014, 2845), flow("PRK", "CHN", 2014, 3883),
			total("PRK", 2014, 4879.31403802858, 3287.41241392723),
			// 2013: PRK has no national total, so totals are summed from
			// its partners: imports 3000 + 100, exports 2500 + 50.
			flow("CHN", "PRK", 2013, 2500), flow("PRK", "CHN", 2013, 3000),
			flow("RUS", "PRK", 2013, 50), flow("PRK", "RUS", 2013, 100),
			total("CHN", 2013, 2000000, 2200000),
			// Eight more partners that year with no trade, so that the sum
			// spans the ten partners a world total needs.
			flow("PRK", "IND", 2013, 0), flow("PRK", "THA", 2013, 0), flow("PRK", "SGP", 2013, 0), flow("PRK", "MYS", 2013, 0),
			flow("PRK", "VNM", 2013, 0), flow("PRK", "IDN", 2013, 0), flow("PRK", "BRA", 2013, 0), flow("PRK", "DEU", 2013, 0),
			// 2015: only two reporters cover the DPRK (as Comtrade's 2022
			// extract covers it with three): too few for a world total.
			flow("CHN", "PRK", 2015, 2000), flow("PRK", "CHN", 2015, 2600),
			flow("USA", "PRK", 2015, 1), flow("PRK", "USA", 2015, 2),
		},
	}
}

// A year whose flows reach only a few partners gives no shares, and the
// latest-data view passes it over for the last complete year.
func TestTradeDependence_TooFewPartners(t *testing.T) {
	s := openStore(t, tradeFixture())
	e := engine(t, s)
	ctx := context.Background()
	got, err := e.TradeDependence(ctx, "PRK", "CHN", 2015, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.DataYear != 2015 || got.AonB.Imports != 2600 {
		t.Fatalf("data year %d imports %v, want 2015 and 2600", got.DataYear, got.AonB.Imports)
	}
	if _, ok := got.AonB.Share.Value(); ok {
		t.Errorf("share %+v defined from two partners", got.AonB.Share)
	}
	if want := "partners (2 only: too few for a world total)"; got.AonB.Totals != want {
		t.Errorf("totals %q, want %q", got.AonB.Totals, want)
	}
	latest, err := e.TradeDependence(ctx, "PRK", "CHN", 2016, true)
	if err != nil {
		t.Fatal(err)
	}
	if latest.DataYear != 2014 {
		t.Errorf("latest data year %d, want 2014 (2015 covers two partners only)", latest.DataYear)
	}
}

func TestTradeDependence_Compute(t *testing.T) {
	s := openStore(t, tradeFixture())
	e := engine(t, s)
	ctx := context.Background()
	tests := []struct {
		name            string
		a, b            string
		year            int
		latest          bool
		dataYear        int
		share, imp, exp float64
		reverse, asym   float64
		totals          string
		evidence        int
	}{
		{"USA on CHN 2014", "USA", "CHN", 2014, false, 2014, 0.165249, 0.201487, 0.112899, 0.122863, 0.042386, "national", 4},
		{"CHN on USA 2014", "CHN", "USA", 2014, false, 2014, 0.122863, 0.072751, 0.167656, 0.165249, -0.042386, "national", 4},
		{"PRK on CHN 2014", "PRK", "CHN", 2014, false, 2014, 0.823831, 0.795809, 0.865422, 0.001260, 0.822571, "national", 4},
		{"PRK on CHN 2013 from partner sums", "PRK", "CHN", 2013, false, 2013, 5500.0 / 5650, 3000.0 / 3100, 2500.0 / 2550, 5500.0 / 4200000, 5500.0/5650 - 5500.0/4200000, "partners", 3},
		{"PRK on CHN 2020 reaches back to 2014", "PRK", "CHN", 2020, true, 2014, 0.823831, 0.795809, 0.865422, 0.001260, 0.822571, "national", 4},
		{"PRK on CHN 2020 without reaching back", "PRK", "CHN", 2020, false, 0, 0, 0, 0, 0, 0, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.TradeDependence(ctx, tt.a, tt.b, tt.year, tt.latest)
			if err != nil {
				t.Fatal(err)
			}
			if got.DataYear != tt.dataYear || got.Year != tt.year {
				t.Fatalf("year %d data year %d, want %d %d", got.Year, got.DataYear, tt.year, tt.dataYear)
			}
			if tt.dataYear == 0 {
				if got.HasData() || len(got.Evidence) != 0 {
					t.Errorf("want no data, got %+v", got)
				}
				return
			}
			const tol = 1e-6
			if !near(value(got.AonB.Share), tt.share, tol) || !near(value(got.AonB.ImportShare), tt.imp, tol) || !near(value(got.AonB.ExportShare), tt.exp, tol) {
				t.Errorf("shares %v/%v/%v, want %v/%v/%v", value(got.AonB.Share), value(got.AonB.ImportShare), value(got.AonB.ExportShare), tt.share, tt.imp, tt.exp)
			}
			if !near(value(got.BonA.Share), tt.reverse, tol) || !near(got.Asymmetry, tt.asym, tol) {
				t.Errorf("reverse %v asymmetry %v, want %v %v", value(got.BonA.Share), got.Asymmetry, tt.reverse, tt.asym)
			}
			if got.AonB.Totals != tt.totals {
				t.Errorf("totals from %q, want %q", got.AonB.Totals, tt.totals)
			}
			if len(got.Evidence) != tt.evidence {
				t.Errorf("evidence %v, want %d rows", got.Evidence, tt.evidence)
			}
		})
	}
}

func TestTradeDependence_Errors(t *testing.T) {
	e := engine(t, openStore(t, fill{}))
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		a, b string
		year int
	}{
		{"same actor", "PRK", "PRK", 2014},
		{"no partner", "PRK", "", 2014},
		{"year out of range", "PRK", "CHN", 20140},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.TradeDependence(ctx, tt.a, tt.b, tt.year, false); !errors.Is(err, entente.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestTradePartners_Compute(t *testing.T) {
	e := engine(t, openStore(t, tradeFixture()))
	got, err := e.TradePartners(context.Background(), "PRK", 2014)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].B != "CHN" || !near(value(got[0].AonB.Share), 0.823831, 1e-6) {
		t.Fatalf("partners %+v", got)
	}
	got, err = e.TradePartners(context.Background(), "PRK", 2013)
	if err != nil {
		t.Fatal(err)
	}
	// CHN and RUS lead (sorted by share), then the eight partners with no trade.
	if len(got) != 10 || got[0].B != "CHN" || got[1].B != "RUS" || !near(value(got[1].AonB.Share), 150.0/5650, 1e-9) {
		t.Fatalf("partners 2013: %+v", got)
	}
}

package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"entente"
	"entente/importer/internal/memstore"
)

// fuzzImport feeds arbitrary bytes to one kind's parser, written under the
// publisher's file name. Whatever the input, the importer must not panic,
// must fail only with an *entente.InputError, and must leave the store
// untouched when it fails. Seeds are the fixture plus testdata/fuzz/NAME.
func fuzzImport(f *testing.F, kind, name string, fixtureParts ...string) {
	f.Helper()
	if len(fixtureParts) > 0 {
		b, err := os.ReadFile(fixture(fixtureParts...))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(gz(f, b))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if kind == "unvotes-votes" {
			copyFile(t, fixture("unvotes", "un_roll_calls.csv"), filepath.Join(dir, "un_roll_calls.csv"))
		}
		st := memstore.New()
		im, err := New(st, Config{Registry: newFakeMapper(), BatchSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := im.Import(context.Background(), kind, p)
		if err == nil {
			// A file with rows is stored once: the same file again
			// changes nothing.
			if len(rep.Files) == 1 && rep.Files[0].Status == Imported {
				if rows := rep.Files[0].Source.Rows; rows == 0 {
					t.Fatalf("a file with no data rows was imported")
				}
				before := st.Updates()
				again, err := im.Import(context.Background(), kind, p)
				if err != nil || len(again.Files) != 1 || again.Files[0].Status != Unchanged || st.Updates() != before {
					t.Fatalf("importing the same file again: %+v, %v", again.Files, err)
				}
			}
			return
		}
		var ie *entente.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error is not an input error: %T %v", err, err)
		}
		if ie.File != p {
			t.Fatalf("error names %q, want %q", ie.File, p)
		}
		if st.Updates() != 0 {
			t.Fatalf("store changed by a failed import: %v", err)
		}
	})
}

func FuzzUNRollCalls(f *testing.F) {
	fuzzImport(f, "unvotes-rollcalls", "un_roll_calls.csv", "unvotes", "un_roll_calls.csv")
}
func FuzzUNVotes(f *testing.F) {
	fuzzImport(f, "unvotes-votes", "un_votes.csv", "unvotes", "un_votes.csv")
}
func FuzzUNDL(f *testing.F) {
	fuzzImport(f, "undl-votes", "ga_voting.csv", "undl", "2025_1_22_ga_voting.csv")
}
func FuzzDGACM(f *testing.F) {
	fuzzImport(f, "unga-dgacm", "79.json", "dgacm", "79.json")
}
func FuzzComtrade(f *testing.F) {
	fuzzImport(f, "comtrade", "TradeData.csv", "comtrade", "TradeData.csv")
}
func FuzzIMFDOTS(f *testing.F) {
	f.Add(dprkWorkbook(f))
	fuzzImport(f, "imf-dots", "DOTS_147.xlsx")
}
func FuzzIdealPointsSession(f *testing.F) {
	fuzzImport(f, "idealpoints", "IdealpointestimatesAll_Jun2024.csv", "idealpoints", "IdealpointestimatesAll_Jun2024.csv")
}
func FuzzIdealPointsYear(f *testing.F) {
	fuzzImport(f, "idealpoints", "Idealpoints_July2025.csv", "idealpoints", "Idealpoints_July2025.csv")
}
func FuzzCOWAlliance(f *testing.F) {
	fuzzImport(f, "cow-alliance", "cow_alliance_v4.1_ddy.csv", "alliances", "cow_alliance_v4.1_ddy.csv")
}
func FuzzATOP(f *testing.F) {
	fuzzImport(f, "atop", "atop_5.1_ddy.csv", "alliances", "atop_5.1_ddy.csv")
}
func FuzzCOWTradeDyadic(f *testing.F) {
	fuzzImport(f, "cow-trade-dyadic", "cow_trade_ndy_4.0.csv", "trade", "cow_trade_ndy_4.0.csv")
}
func FuzzCOWTradeNational(f *testing.F) {
	fuzzImport(f, "cow-trade-national", "cow_trade_sy_4.0.csv", "trade", "cow_trade_sy_4.0.csv")
}
func FuzzSIPRIRegister(f *testing.F) {
	fuzzImport(f, "sipri-register", "trade_register.csv", "sipri", "sipri_trade_register_2020-2024_generated-2025-03-10.csv")
}
func FuzzSIPRITIV(f *testing.F) {
	fuzzImport(f, "sipri-tiv", "sipri_tiv.csv", "sipri", "sipri_tiv_dyad_year.csv")
}
func FuzzGDELT2(f *testing.F) {
	fuzzImport(f, "gdelt2", "20240101000000.export.CSV", "gdelt", "20240101000000.export.CSV")
}
func FuzzGDELT1(f *testing.F) {
	fuzzImport(f, "gdelt1", "20140101.export.CSV", "gdelt1", "20140101.export.CSV")
}
func FuzzICEWS(f *testing.F) {
	fuzzImport(f, "icews", "icews.csv", "icews", "icews_sample.csv")
}
func FuzzICEWSTab(f *testing.F) {
	fuzzImport(f, "icews", "events.2018.tab", "icews", "events.2018.tab")
}
func FuzzCOWStates(f *testing.F) {
	fuzzImport(f, "cow-states", "cow_states.csv", "cowstates", "cow_states.csv")
}
func FuzzCOWMajors(f *testing.F) {
	fuzzImport(f, "cow-majors", "cow_majors.csv", "cowstates", "cow_majors.csv")
}
func FuzzGWStates(f *testing.F) {
	fuzzImport(f, "gw-states", "gw_states.csv", "cowstates", "gw_states.csv")
}
func FuzzCOWCapitals(f *testing.F) {
	fuzzImport(f, "cow-capitals", "cow_capitals.csv", "cowstates", "cow_capitals.csv")
}
func FuzzCOWContiguity(f *testing.F) {
	fuzzImport(f, "cow-contiguity", "cow_contdir.csv", "cowstates", "cow_contdir.csv")
}
func FuzzNMC(f *testing.F) {
	fuzzImport(f, "cow-nmc", "cow_nmc.csv", "nmc", "cow_nmc.csv")
}
func FuzzCOWIGODyadic(f *testing.F) {
	fuzzImport(f, "cow-igo-dyadic", "cow_igo_ndy.csv", "igo", "cow_igo_ndy.csv")
}
func FuzzCOWIGONational(f *testing.F) {
	fuzzImport(f, "cow-igo-national", "cow_igo_sy.csv", "igo", "cow_igo_sy.csv")
}
func FuzzCrosswalk(f *testing.F) {
	fuzzImport(f, "countrycode", "codelist.csv", "crosswalk", "codelist.csv")
}
func FuzzCrosswalkPanel(f *testing.F) {
	fuzzImport(f, "countrycode-panel", "codelist_panel.csv", "crosswalk", "codelist_panel.csv")
}

// FuzzDetect checks that detection never panics and either finds a kind or
// says why not.
func FuzzDetect(f *testing.F) {
	for _, p := range []string{"gdelt/20240101000000.export.CSV", "sipri/sipri_tiv_dyad_year.csv", "unvotes/un_votes.csv"} {
		b, _ := os.ReadFile(fixture(p))
		f.Add("file.csv", b)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		name = filepath.Base(filepath.Clean("/" + name))
		if name == "/" || name == "." || name == ".." {
			name = "file"
		}
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Skip(err)
		}
		k, err := Detect(p)
		if err == nil && k == nil {
			t.Fatal("no kind and no error")
		}
		if err != nil {
			var ie *entente.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error is not an input error: %v", err)
			}
		}
	})
}

package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"entente"
	"entente/importer/internal/memstore"
)

// dotsSheetSpec is one sheet of a test workbook: partner rows of cells
// (strings as the IMF writes them, "12.5 e" for estimates).
type dotsSheetSpec struct {
	name string
	rows [][]any
}

// dotsWorkbook writes a workbook laid out as the IMF portal exports DOTS:
// title in B2, reporter in B4, unit in B5, years in row 7 from column C,
// partners in column B from row 8.
func dotsWorkbook(t testing.TB, reporter string, years []any, sheets ...dotsSheetSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		name := s.name
		if len(name) > 31 {
			name = name[:31] // Excel's limit, as the portal's exports have it
		}
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		set := func(cell string, v any) {
			if err := f.SetCellValue(name, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		set("B2", s.name)
		set("B4", reporter)
		set("B5", "US Dollars, Millions")
		for c, y := range years {
			cell, _ := excelize.CoordinatesToCellName(c+3, 7)
			set(cell, y)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+2, r+8)
				set(cell, v)
			}
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// dprkWorkbook is a small DPRK workbook: every figure an IMF estimate, an
// aggregate row, a World row and an empty cell.
func dprkWorkbook(t testing.TB) []byte {
	return dotsWorkbook(t, "Korea, Dem. People's Rep. of", []any{"2019", "2020"},
		dotsSheetSpec{"Exports, FOB to Partner Countries", [][]any{
			{"World", "439.07", "220.46"},
			{"Advanced Economies", "2.13", "1.37"},
			{"China, P.R.: Mainland", "215.2 e", "48.0 e"},
			{"Russian Federation", "", "0.5 e"},
		}},
		dotsSheetSpec{"Imports, CIF from Partner Countries", [][]any{
			{"World", "2,988.03", "710.53"},
			{"Euro Area", "1.1 e", "0.2 e"},
			{"China, P.R.: Mainland", "2,589.1 e", "491.0 e"},
			{"Russian Federation", "47.9 e", "42.6 e"},
		}},
	)
}

// TestIMFDOTS_Workbook imports a DPRK workbook: both sheets, the estimate
// flag kept, aggregates skipped with a count, World rows as totals, IMF
// names mapped; importing it again adds nothing.
func TestIMFDOTS_Workbook(t *testing.T) {
	p := filepath.Join(t.TempDir(), "DOTS_147.xlsx")
	if err := os.WriteFile(p, dprkWorkbook(t), 0o644); err != nil {
		t.Fatal(err)
	}
	st := memstore.New()
	rep := importDGACMFixture(t, st, p)
	f := rep.Files[0]
	if f.Kind != "imf-dots" || f.Status != Imported {
		t.Fatalf("file = %+v", f)
	}
	if f.UnmappedRows() != 0 {
		t.Errorf("unmapped: %v", f.Unmapped)
	}
	if f.Source.Rows != 15 {
		t.Errorf("values read = %d, want 15 (the empty cell is no data)", f.Source.Rows)
	}
	if !strings.Contains(strings.Join(f.Notes, "\n"), "4 values of aggregate partners") {
		t.Errorf("notes = %q, want 4 aggregate values counted", f.Notes)
	}
	ctx := context.Background()
	ties, err := st.Ties(ctx, entente.TieFilter{KindPrefix: "trade."})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]entente.Tie{}
	for _, x := range ties {
		got[string(x.Kind)+" "+x.A+" "+x.B+" "+itoa(int64(x.Year))] = x
	}
	if len(ties) != 9 {
		t.Errorf("%d ties, want 7 flows and 2 totals: %v", len(ties), got)
	}
	imp := got["trade.flow PRK CHN 2019"]
	if imp.Value != 2589.1 || imp.Attrs["reporter"] != "PRK" || imp.Attrs["estimate"] != "true" || imp.Attrs["mirror"] != "" {
		t.Errorf("DPRK imports from China 2019 = %+v", imp)
	}
	exp := got["trade.flow CHN PRK 2020"]
	if exp.Value != 48 || exp.Attrs["reporter"] != "PRK" || exp.Attrs["mirror"] != "true" || exp.Attrs["estimate"] != "true" {
		t.Errorf("DPRK exports to China 2020 = %+v", exp)
	}
	tot := got["trade.total PRK  2019"]
	if tot.Attrs["imports"] != "2988.03" || tot.Attrs["exports"] != "439.07" || !near(tot.Value, 3427.10, 1e-9) {
		t.Errorf("DPRK total 2019 = %+v", tot)
	}
	if ev := imp.Evidence; ev.File != "DOTS_147.xlsx" || ev.Line != 10 {
		t.Errorf("evidence = %+v, want DOTS_147.xlsx row 10", ev)
	}
	rep = importDGACMFixture(t, st, p)
	if rep.Files[0].Status != Unchanged {
		t.Errorf("re-import: %+v", rep.Files[0])
	}
}

// TestComtrade_File imports a Windows-1252 Comtrade download: TOTAL by
// partner, World and unspecified areas skipped, names decoded.
func TestComtrade_File(t *testing.T) {
	st := memstore.New()
	rep := importDGACMFixture(t, st, fixture("comtrade", "TradeData.csv"))
	f := rep.Files[0]
	if f.Kind != "comtrade" || f.Source.Rows != 6 || f.Stored["ties"] != 4 || f.UnmappedRows() != 0 {
		t.Fatalf("file = %+v", f)
	}
	ties, _ := st.Ties(context.Background(), entente.TieFilter{KindPrefix: "trade.flow"})
	got := map[string]entente.Tie{}
	for _, x := range ties {
		got[x.A+" "+x.B] = x
	}
	if x := got["CHN PRK"]; x.Value != 133.677 || x.Attrs["reporter"] != "CHN" || x.Attrs["mirror"] != "" {
		t.Errorf("China's imports from the DPRK = %+v", x)
	}
	if x := got["PRK CHN"]; x.Value != 894.043 || x.Attrs["mirror"] != "true" {
		t.Errorf("China's exports to the DPRK = %+v", x)
	}
	if _, ok := got["CHN CIV"]; !ok {
		t.Errorf("Côte d'Ivoire not mapped: %v", got)
	}
	if _, ok := got["CUW CHN"]; !ok {
		t.Errorf("Curaçao not mapped: %v", got)
	}
}

// TestTradeKinds_BadInput checks that malformed DOTS workbooks and
// Comtrade files are refused with the file, the row or line and the
// sheet!cell or field, and leave the store unchanged.
func TestTradeKinds_BadInput(t *testing.T) {
	comtrade := string(readFixture(t, "comtrade", "TradeData.csv"))
	bad := func(cell string) []byte {
		return dotsWorkbook(t, "China, P.R.: Mainland", []any{"2019", "2020"},
			dotsSheetSpec{"Imports, CIF from Partner Countries", [][]any{
				{"World", "100", "200"},
				{"Korea, Dem. People's Rep. of", "2.5", cell},
			}})
	}
	tests := []struct {
		name, file string
		data       []byte
		line       int64
		field      string
		contains   string
	}{
		{"DOTS value not a number", "DOTS_40.xlsx", bad("n/a"), 9, "Imports, CIF from Partner Count!D9", "not a value in US$ millions"},
		{"DOTS year not a year", "DOTS_40.xlsx", dotsWorkbook(t, "China, P.R.: Mainland", []any{"2019", "FY20"},
			dotsSheetSpec{"Exports, FOB to Partner Countries", [][]any{{"World", "1", "2"}}}), 7, "Exports, FOB to Partner Countri!D7", "not a year"},
		{"DOTS no reporter", "DOTS_40.xlsx", dotsWorkbook(t, "", []any{"2019"},
			dotsSheetSpec{"Exports, FOB to Partner Countries", [][]any{{"World", "1"}}}), 4, "Exports, FOB to Partner Countri!B4", "no reporting country"},
		{"DOTS no trade sheet", "DOTS_40.xlsx", dotsWorkbook(t, "China, P.R.: Mainland", []any{"2019"},
			dotsSheetSpec{"Notes", [][]any{{"World", "1"}}}), 0, "", "no \"Exports, FOB\" or \"Imports, CIF\" sheet"},
		{"Comtrade value not a number", "TradeData.csv", []byte(strings.ReplaceAll(comtrade, `"133677000"`, `"lots"`)), 3, "primaryValue", "not a number"},
		{"Comtrade negative value", "TradeData.csv", []byte(strings.ReplaceAll(comtrade, `"894043000"`, `"-894043000"`)), 4, "primaryValue", "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(p, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			st := memstore.New()
			im, err := New(st, Config{Registry: testRegistry(t), BatchSize: 1})
			if err != nil {
				t.Fatal(err)
			}
			_, err = im.Import(context.Background(), "", p)
			var ie *entente.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v (%T), want *entente.InputError", err, err)
			}
			if ie.File != p || ie.Line != tt.line || ie.Field != tt.field || !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("err = %q (line %d, field %q); want line %d, field %q, saying %q", err, ie.Line, ie.Field, tt.line, tt.field, tt.contains)
			}
			if st.Updates() != 0 {
				t.Errorf("store changed by a failed import")
			}
		})
	}
}

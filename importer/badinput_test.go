package importer

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entente"
	"entente/importer/internal/memstore"
)

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func readFixture(t *testing.T, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(fixture(parts...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestImporter_BadInput checks that every malformed file gives one error
// naming file, line and field, and leaves the store as it was.
func TestImporter_BadInput(t *testing.T) {
	nmc := string(readFixture(t, "nmc", "cow_nmc.csv"))
	gdelt := string(readFixture(t, "gdelt", "20240101000000.export.CSV"))
	votesGz := gz(t, readFixture(t, "unvotes", "un_votes.csv"))
	dgacm := string(readFixture(t, "dgacm", "79.json"))
	tests := []struct {
		name     string
		file     string
		kind     string
		data     []byte
		line     int64
		field    string
		contains string
	}{
		{name: "empty", file: "cow_nmc.csv", data: nil, line: 0, contains: "empty file"},
		{name: "empty with kind", file: "cow_nmc.csv", kind: "cow-nmc", data: nil, line: 1, contains: "empty file"},
		{name: "wrong column count", file: "cow_nmc.csv",
			data: []byte(strings.Replace(nmc, "710,2016,", "710,2016,1,", 1)), line: 3, contains: "got 10 fields, want 9"},
		{name: "not a number", file: "cow_nmc.csv",
			data: []byte(strings.Replace(nmc, "0.218", "zero point two", 1)), line: 3, field: "cinc", contains: "not a number"},
		{name: "not an integer year", file: "cow_nmc.csv",
			data: []byte(strings.Replace(nmc, "731,2016", "731,20x6", 1)), line: 4, field: "year", contains: "not an integer"},
		{name: "not UTF-8", file: "cow_nmc.csv",
			data: []byte(strings.Replace(nmc, "1190", "11\xff90", 1)), line: 4, field: "milper", contains: "UTF-8"},
		{name: "truncated gzip", file: "un_votes.csv.gz",
			data: votesGz[:len(votesGz)*2/3], contains: "truncated"},
		{name: "truncated line", file: "cow_nmc.csv", kind: "cow-nmc",
			data: []byte(nmc[:strings.LastIndex(nmc, ",0.218")]), line: 3, contains: "got 8 fields"},
		{name: "unterminated quote", file: "cow_nmc.csv",
			data: []byte(strings.Replace(nmc, "731,2016", "731,\"2016", 1)), line: 4, contains: "quote"},
		{name: "GDELT wrong column count", file: "20240101000000.export.CSV", kind: "gdelt2",
			data: []byte(gdelt + "1\t20240101\tx\n"), line: 5, contains: "got 3 fields, want 61"},
		{name: "GDELT bad date", file: "20240101000000.export.CSV",
			data: []byte(strings.Replace(gdelt, "\t20231231\t", "\t20231331\t", 1)), line: 2, field: "SQLDATE", contains: "not a valid date"},
		{name: "GDELT bad Goldstein", file: "20240101000000.export.CSV",
			data: []byte(strings.Replace(gdelt, "\t-7.0\t", "\tminus seven\t", 1)), line: 4, field: "GoldsteinScale", contains: "not a number"},
		{name: "SIPRI without header", file: "sipri_trade_register.csv", kind: "sipri-register",
			data: []byte("Transfers of major conventional arms;\r\nSource: SIPRI;\r\n"), line: 2, contains: "no 'SIPRI AT Database ID' header"},
		{name: "vote choice", file: "un_votes.csv", kind: "unvotes-votes",
			data: []byte("\"rcid\",\"country\",\"country_code\",\"vote\"\n3,\"China\",\"CN\",\"maybe\"\n"), line: 2, field: "vote", contains: "want yes, no"},
		{name: "missing column", file: "cow_nmc.csv", kind: "cow-nmc",
			data: []byte("ccode,year,milex\n2,2016,1\n"), line: 1, field: "cinc", contains: "column missing"},
		{name: "DGACM line not JSON", file: "79.json",
			data: []byte(strings.Replace(dgacm, "\n", "\n{\"symbol\": \"A/RES/79/2\", \n", 1)), line: 2, contains: "not a resolution record"},
		{name: "DGACM count not a number", file: "79.json",
			data: []byte(strings.Replace(dgacm, `"MS_against_count": "3"`, `"MS_against_count": "three"`, 1)), line: 1, field: "MS_against_count", contains: "not a count"},
		{name: "DGACM bad date", file: "79.json",
			data: []byte(strings.Replace(dgacm, `"22\u00a0September 2024"`, `"22\u00a0Septober 2024"`, 1)), line: 2, field: "adoption_date", contains: "not a date"},
		{name: "DGACM list not a list", file: "79.json", kind: "unga-dgacm",
			data: []byte(strings.Replace(dgacm, `"MS_abstaining": ["CHINA"]`, `"MS_abstaining": "CHINA"`, 1)), line: 3, field: "MS_abstaining", contains: "not a resolution record"},
		{name: "DGACM empty symbol", file: "79.json",
			data: []byte(strings.Replace(dgacm, `"A/RES/ES-11/7"`, `""`, 1)), line: 3, field: "symbol", contains: "empty resolution symbol"},
		{name: "flag not 0 or 1", file: "atop_5.1_ddy.csv",
			data: []byte("\"ccode1\",\"ccode2\",\"year\",\"atop_defense\",\"atop_offense\",\"atop_neutral\",\"atop_nonagg\",\"atop_consul\"\n710,731,1961,2,0,0,1,1\n"), line: 2, field: "atop_defense", contains: "not 0 or 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, tt.file)
			if err := os.WriteFile(p, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(tt.file, "un_votes") {
				copyFile(t, fixture("unvotes", "un_roll_calls.csv"), filepath.Join(dir, "un_roll_calls.csv"))
			}
			st := memstore.New()
			// A batch of one row makes rows reach the store before the
			// error, so the test shows they are rolled back.
			im, err := New(st, Config{Registry: newFakeMapper(), BatchSize: 1})
			if err != nil {
				t.Fatal(err)
			}
			_, err = im.Import(context.Background(), tt.kind, p)
			var ie *entente.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v (%T), want *entente.InputError", err, err)
			}
			if !errors.Is(err, entente.ErrInvalid) {
				t.Errorf("err does not wrap ErrInvalid")
			}
			if ie.File != p {
				t.Errorf("File = %q, want %q", ie.File, p)
			}
			if tt.line != 0 && ie.Line != tt.line || tt.line == 0 && tt.name == "empty" && ie.Line != 0 {
				t.Errorf("Line = %d, want %d (%v)", ie.Line, tt.line, err)
			}
			if ie.Field != tt.field {
				t.Errorf("Field = %q, want %q (%v)", ie.Field, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("err = %q, want it to say %q", err, tt.contains)
			}
			if n := st.Updates(); n != 0 {
				t.Errorf("store committed %d transactions, want none", n)
			}
			srcs, _ := st.Sources(context.Background())
			ties, _ := st.Ties(context.Background(), entente.TieFilter{})
			evs, _ := st.Events(context.Background(), entente.EventFilter{})
			if len(srcs)+len(ties)+len(evs) != 0 {
				t.Errorf("store changed: %d sources, %d ties, %d events", len(srcs), len(ties), len(evs))
			}
		})
	}
}

// TestImporter_BadFileLeavesEarlierImports checks that a bad file stops the
// import without undoing the files before it.
func TestImporter_BadFileLeavesEarlierImports(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, fixture("nmc", "cow_nmc.csv"), filepath.Join(dir, "a_cow_nmc.csv"))
	os.WriteFile(filepath.Join(dir, "b_cow_igo_sy.csv"), []byte("ccode,year,sum_igo_full\n710,2014,many\n"), 0o644)
	im, st := newTestImporter(t)
	rep, err := im.Import(context.Background(), "", dir)
	var ie *entente.InputError
	if !errors.As(err, &ie) || ie.Line != 2 || ie.Field != "sum_igo_full" {
		t.Fatalf("err = %v, want line 2 field sum_igo_full", err)
	}
	if len(rep.Files) != 2 || rep.Files[0].Status != Imported {
		t.Errorf("report = %+v", rep.Files)
	}
	srcs, _ := st.Sources(context.Background())
	if len(srcs) != 1 || srcs[0].Dataset != "cow-nmc" {
		t.Errorf("sources = %+v, want the NMC file only", srcs)
	}
}

package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entente"
	"entente/importer/internal/memstore"
)

// Regression tests for issue 18 (items 2, 3 and 5): files that would wipe
// or shrink a release, duplicated rows and events, a byte-order mark before
// a quoted header, and text in id fields.

// nmcRows writes a COW NMC file with n rows (one per year for the USA).
func nmcRows(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`"ccode","year","milex","milper","irst","pec","tpop","upop","cinc"` + "\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "2,%d,600106000,1348,78500,2904574,323996,264813,0.139\n", 1900+i)
	}
	p := filepath.Join(dir, "cow_nmc.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func tieCount(t *testing.T, st entente.Store) int {
	t.Helper()
	ties, err := st.Ties(context.Background(), entente.TieFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(ties)
}

// TestImporter_ShrinkingFileKeepsRelease: an empty, header-only or much
// smaller file under the same release never replaces what is stored, and
// says so with the counts; --replace lets the smaller one through.
func TestImporter_ShrinkingFileKeepsRelease(t *testing.T) {
	cases := []struct {
		name     string
		body     string // "" for nmcRows(smaller)
		smaller  int
		replace  bool
		contains string
		wantTies int // after the second import; 0 means unchanged (40)
	}{
		{name: "empty", body: "\x00", contains: "empty file"},
		{name: "header only", body: `"ccode","year","milex","milper","irst","pec","tpop","upop","cinc"` + "\n", contains: "no data rows: nothing imported; the stored cow-nmc:"},
		{name: "much smaller", smaller: 3, contains: "3 rows where the stored cow-nmc:"},
		{name: "much smaller with replace", smaller: 3, replace: true, wantTies: -1},
		{name: "slightly smaller", smaller: 30, wantTies: -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := memstore.New()
			im, err := New(st, Config{Registry: newFakeMapper(), BatchSize: 4})
			if err != nil {
				t.Fatal(err)
			}
			first := nmcRows(t, t.TempDir(), 40)
			if _, err := im.Import(context.Background(), "cow-nmc", first); err != nil {
				t.Fatal(err)
			}
			before := tieCount(t, st)
			dir := t.TempDir()
			var second string
			switch {
			case c.smaller > 0:
				second = nmcRows(t, dir, c.smaller)
			default:
				second = filepath.Join(dir, "cow_nmc.csv")
				body := c.body
				if body == "\x00" {
					body = ""
				}
				os.WriteFile(second, []byte(body), 0o644)
			}
			im.cfg.Replace = c.replace
			_, err = im.Import(context.Background(), "cow-nmc", second)
			after := tieCount(t, st)
			if c.contains == "" {
				if err != nil {
					t.Fatalf("import: %v", err)
				}
				if after >= before {
					t.Errorf("ties %d -> %d, want the smaller release stored", before, after)
				}
				return
			}
			var ie *entente.InputError
			if !errors.As(err, &ie) || ie.File != second {
				t.Fatalf("err = %v, want an InputError naming %s", err, second)
			}
			if !strings.Contains(err.Error(), c.contains) {
				t.Errorf("err = %q, want it to say %q", err, c.contains)
			}
			if after != before {
				t.Errorf("ties %d -> %d: the stored release was changed", before, after)
			}
		})
	}
}

// TestImporter_DuplicateRows: a row repeated within a file is stored once
// and reported with both lines, for table kinds and for events keyed by
// their publisher's id.
func TestImporter_DuplicateRows(t *testing.T) {
	nmc := string(readFixture(t, "nmc", "cow_nmc.csv"))
	nmcLines := strings.SplitAfter(nmc, "\n")
	gdelt := string(readFixture(t, "gdelt", "20240101000000.export.CSV"))
	gLines := strings.SplitAfter(gdelt, "\n")
	// The same event id with a different mention count: still one event.
	changed := strings.Replace(gLines[0], "\t10\t2\t10\t", "\t11\t2\t11\t", 1)
	cases := []struct {
		name, file, data string
		table            string
		want             int
		note             string
	}{
		{"table row", "cow_nmc.csv", nmc + nmcLines[2], "ties", -1, "line 5 repeats line 3"},
		{"event row", "20240101000000.export.CSV", gdelt + gLines[1], "events", 4, "line 5 repeats line 2"},
		{"event id", "20240101000000.export.CSV", gdelt + changed, "events", 4, "line 5 repeats line 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, c.file)
			os.WriteFile(p, []byte(c.data), 0o644)
			st := memstore.New()
			im, err := New(st, Config{Registry: newFakeMapper(), BatchSize: 2})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := im.Import(context.Background(), "", p)
			if err != nil {
				t.Fatal(err)
			}
			res := rep.Files[0]
			if c.want >= 0 && res.Stored[c.table] != int64(c.want) {
				t.Errorf("stored %d %s, want %d", res.Stored[c.table], c.table, c.want)
			}
			if c.want < 0 {
				// Without the duplicate the fixture gives this many.
				clean := filepath.Join(t.TempDir(), c.file)
				os.WriteFile(clean, []byte(nmc), 0o644)
				ref, err := New(memstore.New(), Config{Registry: newFakeMapper()})
				if err != nil {
					t.Fatal(err)
				}
				rrep, err := ref.Import(context.Background(), "", clean)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := res.Stored[c.table], rrep.Files[0].Stored[c.table]; got != want {
					t.Errorf("stored %d %s, want %d as without the repeated row", got, c.table, want)
				}
			}
			if !strings.Contains(strings.Join(res.Notes, "\n"), c.note) {
				t.Errorf("notes %q do not say %q", res.Notes, c.note)
			}
		})
	}
}

// TestImporter_EventsKeyedByPublisherID: the same GDELT content imported
// again from a renamed, gzipped copy stores no event twice.
func TestImporter_EventsKeyedByPublisherID(t *testing.T) {
	st := openDuckDB(t)
	im, err := New(st, Config{Registry: newFakeMapper()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := im.Import(ctx, "", fixture("gdelt", "20240101000000.export.CSV")); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "20240101001500.export.CSV.gz")
	os.WriteFile(copyPath, gz(t, readFixture(t, "gdelt", "20240101000000.export.CSV")), 0o644)
	rep, err := im.Import(ctx, "gdelt2", copyPath)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := st.Events(ctx, entente.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 4 {
		t.Errorf("%d events after importing a renamed copy, want 4", len(evs))
	}
	if n := rep.Files[0].Stored["events"]; n != 0 {
		t.Errorf("the copy reports %d events stored, want 0", n)
	}
}

// TestImporter_BOMBeforeQuotedHeader: a UTF-8 byte-order mark before a
// quoted header is skipped, not read as a bare quote.
func TestImporter_BOMBeforeQuotedHeader(t *testing.T) {
	p := filepath.Join(t.TempDir(), "cow_nmc.csv")
	os.WriteFile(p, append([]byte("\xef\xbb\xbf"), readFixture(t, "nmc", "cow_nmc.csv")...), 0o644)
	im, _ := newTestImporter(t)
	for _, kind := range []string{"", "cow-nmc"} {
		rep, err := im.Import(context.Background(), kind, p)
		if err != nil {
			t.Fatalf("import (kind %q) of a file with a BOM: %v", kind, err)
		}
		if rep.Files[0].Status == Skipped {
			t.Errorf("file with a BOM skipped: %s", rep.Files[0].Reason)
		}
	}
}

// TestImporter_BadIDs: text where a record number or numeric code belongs
// is an input error naming the line and field.
func TestImporter_BadIDs(t *testing.T) {
	undl := string(readFixture(t, "undl", "2025_1_22_ga_voting.csv"))
	crosswalk := string(readFixture(t, "crosswalk", "codelist.csv"))
	cases := []struct {
		name, file, kind, data, field string
		line                          int64
	}{
		{"undl record id", "2025_1_22_ga_voting.csv", "undl-votes", strings.Replace(undl, "767565,RUS", "abc,RUS", 1), "undl_id", 3},
		{"crosswalk numeric code", "codelist.csv", "countrycode", strings.Replace(crosswalk, `"CN",156,710`, `"CN",156,seven`, 1), "cown", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), c.file)
			os.WriteFile(p, []byte(c.data), 0o644)
			st := memstore.New()
			im, err := New(st, Config{Registry: newFakeMapper()})
			if err != nil {
				t.Fatal(err)
			}
			_, err = im.Import(context.Background(), c.kind, p)
			var ie *entente.InputError
			if !errors.As(err, &ie) || ie.Field != c.field || ie.Line != c.line {
				t.Fatalf("err = %v, want an InputError at line %d field %s", err, c.line, c.field)
			}
			if st.Updates() != 0 {
				t.Error("store changed")
			}
		})
	}
}

// FuzzCAMEOLookup checks the reader of GDELT's CAMEO lookup files: any
// event-codes file either loads, with every Goldstein value finite and every
// code trimmed and non-empty, or fails with an *entente.InputError naming
// the file.
func FuzzCAMEOLookup(f *testing.F) {
	codes, err := os.ReadFile(fixture("gdelt", "lookups", "CAMEO.eventcodes.txt"))
	if err != nil {
		f.Fatal(err)
	}
	gold, err := os.ReadFile(fixture("gdelt", "lookups", "CAMEO.goldsteinscale.txt"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(codes, gold)
	f.Add([]byte("CAMEOEVENTCODE\tEVENTDESCRIPTION\n01\tMAKE PUBLIC STATEMENT\n"), []byte("CAMEOEVENTCODE\tGOLDSTEINSCALE\n01\tNaN\n"))
	f.Add([]byte{}, []byte("x\n01\t1e400\n"))
	f.Fuzz(func(t *testing.T, codes, gold []byte) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "CAMEO.eventcodes.txt"), codes, 0o644)
		os.WriteFile(filepath.Join(dir, "CAMEO.goldsteinscale.txt"), gold, 0o644)
		l, err := loadCAMEOLookup(dir)
		if err != nil {
			var ie *entente.InputError
			if !errors.As(err, &ie) || filepath.Dir(ie.File) != dir {
				t.Fatalf("error %v (%T) is not an input error naming a lookup file", err, err)
			}
			return
		}
		for code, g := range l.goldstein {
			if g != g || g > 1e300 || g < -1e300 {
				t.Fatalf("Goldstein value %v for %q", g, code)
			}
			if code != strings.TrimSpace(code) {
				t.Fatalf("untrimmed code %q", code)
			}
		}
	})
}

// TestImporter_EmptyExportKeepsEvents: an empty GDELT export under the
// name of a stored one does not wipe its events (2,111 became 0 before).
func TestImporter_EmptyExportKeepsEvents(t *testing.T) {
	st := memstore.New()
	im, err := New(st, Config{Registry: newFakeMapper()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := im.Import(ctx, "", fixture("gdelt", "20240101000000.export.CSV")); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(t.TempDir(), "20240101000000.export.CSV")
	os.WriteFile(empty, nil, 0o644)
	_, err = im.Import(ctx, "gdelt2", empty)
	var ie *entente.InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "is kept") {
		t.Fatalf("err = %v, want an input error saying the stored partition is kept", err)
	}
	evs, _ := st.Events(ctx, entente.EventFilter{})
	if len(evs) != 4 {
		t.Errorf("%d events after an empty export, want the 4 stored", len(evs))
	}
}

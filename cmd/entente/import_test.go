package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entente"
)

// fixtures of the importer package, in the publishers' formats.
func importerFixture(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "importer", "testdata"}, parts...)...)
}

func TestMain_Import(t *testing.T) {
	db := tempDB(t)
	out, errs, code := run(t, db, "import", importerFixture("alliances"), importerFixture("nmc", "cow_nmc.csv"))
	if code != 0 {
		t.Fatalf("import exit %d: %s", code, errs)
	}
	for _, want := range []string{"cow-alliance", "atop", "cow-nmc", "imported"} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}

	// Importing again adds nothing.
	out, errs, code = run(t, db, "import", importerFixture("alliances"))
	if code != 0 || strings.Count(out, "unchanged") != 2 {
		t.Errorf("second import exit %d, output:\n%s%s", code, out, errs)
	}

	out, errs, code = run(t, db, "sources", "--format", "json")
	if code != 0 {
		t.Fatalf("sources exit %d: %s", code, errs)
	}
	var srcs []entente.Source
	if err := json.Unmarshal([]byte(out), &srcs); err != nil {
		t.Fatalf("sources json: %v\n%s", err, out)
	}
	ids := map[string]entente.Source{}
	for _, s := range srcs {
		ids[s.ID] = s
	}
	alliance, ok := ids["cow-alliance:4.1"]
	if !ok || alliance.Rows != 6 || len(alliance.Checksum) != 64 || alliance.Citation == "" || alliance.Coverage.From.Year() != 1961 {
		t.Errorf("cow-alliance source = %+v (have %v)", alliance, srcs)
	}

	out, _, code = run(t, db, "sources")
	if code != 0 || !strings.Contains(out, "1961–2012") || !strings.Contains(out, "SHA256") {
		t.Errorf("sources table:\n%s", out)
	}
}

func TestMain_ImportKindAndUnmapped(t *testing.T) {
	db := tempDB(t)
	out, errs, code := run(t, db, "import", "cow-trade-dyadic", importerFixture("trade", "cow_trade_ndy_4.0.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "cown 999 ×1") {
		t.Errorf("unmapped code not reported:\n%s", out)
	}
}

func TestMain_ImportBadFile(t *testing.T) {
	db := tempDB(t)
	bad := filepath.Join(t.TempDir(), "cow_nmc.csv")
	os.WriteFile(bad, []byte("ccode,year,milex,cinc\n2,2016,1,0.1\n710,2016,1,a lot\n"), 0o644)
	_, errs, code := run(t, db, "import", bad)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := bad + ":3: field cinc: \"a lot\" is not a number"
	if !strings.Contains(errs, want) {
		t.Errorf("stderr = %q, want it to contain %q", errs, want)
	}
	if out, _, _ := run(t, db, "import", bad); strings.TrimSpace(out) != "" {
		t.Errorf("a table was printed before the error:\n%s", out)
	}
	out, _, _ := run(t, db, "sources", "--format", "csv")
	if strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("a bad file left sources behind:\n%s", out)
	}
}

func TestMain_ImportDirectorySkips(t *testing.T) {
	db := tempDB(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "PROVENANCE.md"), []byte("# where the data came from\n"), 0o644)
	out, errs, code := run(t, db, "import", dir)
	if code != 0 || !strings.Contains(out, "skipped") || !strings.Contains(out, "documentation") {
		t.Errorf("exit %d, output:\n%s%s", code, out, errs)
	}
}

// TestMain_ImportUnknownKind checks that a KIND that names no kind is a
// usage error listing the kinds with the nearest suggested, and that
// nothing (no empty table) is printed before it.
func TestMain_ImportUnknownKind(t *testing.T) {
	db := tempDB(t)
	file := importerFixture("trade", "cow_trade_ndy_4.0.csv")
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"near a kind", []string{"import", "unvotes", file}, []string{`unknown kind "unvotes"; did you mean unvotes-votes?`, "kinds: ", "imf-dots", "unga-dgacm"}},
		{"alone", []string{"import", "dgacm"}, []string{`unknown kind "dgacm"; did you mean unga-dgacm?`}},
		{"nothing near", []string{"import", "zzzzzzzzzzzzzzzzzzzzzz", file}, []string{`unknown kind "zzzzzzzzzzzzzzzzzzzzzz"`, "kinds: "}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := run(t, db, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr %s", code, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if strings.TrimSpace(out) != "" {
				t.Errorf("stdout before the error:\n%s", out)
			}
		})
	}
	_, errs, _ := run(t, db, "import", "zzzzzzzzzzzzzzzzzzzzzz", file)
	if strings.Contains(errs, "did you mean") {
		t.Errorf("suggested a kind for a name close to none: %s", errs)
	}
}

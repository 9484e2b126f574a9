package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain_ImportKindBesideFolder: `import KIND PATH` reads KIND as the
// kind even when a folder of that name sits in the working directory
// (issue 18, item 5); alone, a name that is a folder is the folder.
func TestMain_ImportKindBesideFolder(t *testing.T) {
	fixture, err := filepath.Abs(importerFixture("nmc", "cow_nmc.csv"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	os.Mkdir("cow-nmc", 0o755)
	os.WriteFile(filepath.Join("cow-nmc", "notes.txt"), []byte("not data\n"), 0o644)
	db := filepath.Join(dir, "t.duckdb")
	out, errs, code := run(t, db, "import", "cow-nmc", fixture)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, "notes.txt") || !strings.Contains(out, "cow-nmc") {
		t.Errorf("the folder cow-nmc was read as a path:\n%s", out)
	}
	out, errs, code = run(t, db, "import", "cow-nmc")
	if code != 0 || !strings.Contains(out, "notes.txt") {
		t.Errorf("import of the folder alone: exit %d\n%s%s", code, out, errs)
	}
}

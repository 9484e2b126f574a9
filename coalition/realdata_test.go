package coalition

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"entente"
	"entente/curated"
	"entente/duckdb"
	"entente/importer"
	"entente/internal/shared"
	"entente/registry"
)

// realDatasets are the shared folders the real-data tests import.
var realDatasets = []string{"unga-unvotes", "unga-dgacm", "unga-idealpoints", "alliances-cow", "trade-cow", "sipri-arms"}

var realStoreOnce sync.Mutex

// realStorePath imports the shared datasets into a DuckDB file under the
// system temporary folder, once per dataset set, and returns its path.
// Importing the UN votes takes minutes, so the file is kept between runs; it
// never lives in the repository.
func realStorePath(t testing.TB) string {
	t.Helper()
	dir := shared.Dir(t)
	// A copy of the store can be named when another run holds the lock.
	if p := os.Getenv("ENTENTE_COALITION_STORE"); p != "" {
		return p
	}
	realStoreOnce.Lock()
	defer realStoreOnce.Unlock()
	h := sha256.New()
	for _, d := range realDatasets {
		h.Write([]byte(d))
	}
	path := filepath.Join(os.TempDir(), "entente-coalition-"+hex.EncodeToString(h.Sum(nil))[:8]+".duckdb")
	if _, err := os.Stat(path + ".ok"); err == nil {
		return path
	}
	os.Remove(path)
	os.Remove(path + ".wal")
	ctx := context.Background()
	reg, err := registry.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := duckdb.Open(ctx, duckdb.Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Update(ctx, func(tx entente.Tx) error { return tx.ReplaceRegistry(ctx, reg.Data()) }); err != nil {
		t.Fatal(err)
	}
	im, err := importer.New(st, importer.Config{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range realDatasets {
		rep, err := im.Import(ctx, "", filepath.Join(dir, d))
		if err != nil {
			t.Fatalf("import %s: %v", d, err)
		}
		for _, f := range rep.Files {
			t.Logf("%s %s %s %v", f.Path, f.Kind, f.Status, f.Elapsed)
		}
	}
	if _, err := curated.Ensure(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".ok", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// needSlow skips a long real-data test unless ENTENTE_SLOW=1, the
// project-wide switch that `make slow` and `make backtest` set: the default
// test run must stay quick, and these import datasets and fit models for
// minutes.
func needSlow(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("ENTENTE_SLOW") != "1" {
		t.Skipf("%s: a long real-data test, run with ENTENTE_SLOW=1 (make backtest)", what)
	}
	if testing.Short() {
		t.Skipf("%s: skipped with -short", what)
	}
}

// TestRealStore_Import builds the cached real-data store; other real-data
// tests reuse it.
func TestRealStore_Import(t *testing.T) {
	needSlow(t, "imports the shared datasets")
	t.Log(realStorePath(t))
}

// Package shared locates the public datasets that tests and benchmarks read.
// They live outside the repository (../shared/data next to the clone, or
// $ENTENTE_SHARED/data) and are never copied into it.
package shared

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root returns the shared folder: $ENTENTE_SHARED, else ../shared beside the
// repository root. It does not check that the folder exists.
func Root() string {
	if d := os.Getenv("ENTENTE_SHARED"); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return filepath.Join("..", "shared")
	}
	// This file is <repo>/internal/shared/shared.go.
	repo := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	return filepath.Join(filepath.Dir(repo), "shared")
}

// DataDir returns the data folder and whether it exists.
func DataDir() (string, bool) {
	d := filepath.Join(Root(), "data")
	st, err := os.Stat(d)
	return d, err == nil && st.IsDir()
}

// Dir returns the shared data folder or skips the test when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	d, ok := DataDir()
	if !ok {
		t.Skipf("shared datasets not found at %s: set ENTENTE_SHARED to the folder holding data/ to run this test", d)
	}
	return d
}

// Path returns a file under the shared data folder, skipping the test when
// that file is absent.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Dir(t)}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared dataset file %s not found: %v", p, err)
	}
	return p
}

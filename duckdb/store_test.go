package duckdb_test

import (
	"context"
	"path/filepath"
	"testing"

	"entente"
	"entente/duckdb"
	"entente/storetest"
)

func openTemp(t *testing.T) *duckdb.Store {
	t.Helper()
	s, err := duckdb.Open(context.Background(), duckdb.Config{Path: filepath.Join(t.TempDir(), "t.duckdb"), Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStore_Contract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) entente.Store { return openTemp(t) })
}

func TestStore_MigrateIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.duckdb")
	for i := 0; i < 2; i++ {
		s, err := duckdb.Open(context.Background(), duckdb.Config{Path: path})
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		v, err := s.SchemaVersion(context.Background())
		if err != nil || v < 1 {
			t.Errorf("schema version = %d, %v", v, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStore_ExtensionsNotAutoloaded(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	for _, setting := range []string{"autoinstall_known_extensions", "autoload_known_extensions"} {
		var v string
		if err := s.DB().QueryRow(`SELECT current_setting('` + setting + `')::VARCHAR`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != "false" {
			t.Errorf("%s = %s, want false", setting, v)
		}
	}
}

func TestConfig_Validate(t *testing.T) {
	cases := []struct {
		name string
		cfg  duckdb.Config
		ok   bool
	}{
		{"default", duckdb.DefaultConfig(), true},
		{"memory", duckdb.Config{Path: ":memory:"}, true},
		{"empty path", duckdb.Config{}, false},
		{"negative threads", duckdb.Config{Path: "x", Threads: -1}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.cfg.Validate(); (err == nil) != c.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, c.ok)
			}
		})
	}
}

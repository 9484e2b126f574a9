package clickhouse

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"entente"
	"entente/storetest"
)

// testAddrs returns the servers named by ENTENTE_CLICKHOUSE
// (host:port[,host:port…], one per shard of the cluster "entente"), or
// skips the test: the contract needs a running server.
func testAddrs(t testing.TB) []string {
	t.Helper()
	v := os.Getenv("ENTENTE_CLICKHOUSE")
	if v == "" {
		t.Skip("ENTENTE_CLICKHOUSE is not set: no ClickHouse server to test against (.ci/clickhouse-up starts two local ones)")
	}
	return strings.Split(v, ",")
}

// openTest opens a store in a fresh database, dropped when the test ends.
func openTest(t testing.TB, addrs []string) *Store {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	cfg := Config{Addrs: addrs, Database: "entente_test_" + hex.EncodeToString(b[:]), BatchRows: 1000}
	if len(addrs) > 1 {
		cfg.Cluster = "entente"
	}
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		c, err := Open(context.Background(), cfg)
		if err == nil {
			c.DropDatabase(context.Background())
			c.Close()
		}
	})
	return s
}

func TestStore_Contract(t *testing.T) {
	addrs := testAddrs(t)
	t.Run("one server", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) entente.Store { return openTest(t, addrs[:1]) })
	})
	t.Run("one server, commit log as a subquery", func(t *testing.T) {
		defer func(n int) { maxLiteralPairs = n }(maxLiteralPairs)
		maxLiteralPairs = 0
		storetest.Run(t, func(t *testing.T) entente.Store { return openTest(t, addrs[:1]) })
	})
	if len(addrs) < 2 {
		return
	}
	t.Run("two shards", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) entente.Store { return openTest(t, addrs) })
	})
	t.Run("two shards, commit log as a subquery", func(t *testing.T) {
		defer func(n int) { maxLiteralPairs = n }(maxLiteralPairs)
		maxLiteralPairs = 0
		storetest.Run(t, func(t *testing.T) entente.Store { return openTest(t, addrs) })
	})
}

func TestConfig_Validate(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"default", DefaultConfig(), true},
		{"no address", Config{}, false},
		{"address without port", Config{Addrs: []string{"localhost"}}, false},
		{"two servers without cluster", Config{Addrs: []string{"a:1", "b:2"}}, false},
		{"two servers with cluster", Config{Addrs: []string{"a:1", "b:2"}, Cluster: "c"}, true},
		{"database with a dot", Config{Addrs: []string{"a:1"}, Database: "x.y"}, false},
		{"negative batch", Config{Addrs: []string{"a:1"}, BatchRows: -1}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.cfg.Validate()
			if (err == nil) != c.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, c.ok)
			}
			if err != nil && !errors.Is(err, entente.ErrInvalid) {
				t.Errorf("Validate() = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestParseURL(t *testing.T) {
	cases := []struct {
		in      string
		addrs   string
		db      string
		cluster string
		user    string
		wantErr bool
	}{
		{in: "clickhouse://127.0.0.1:9000/entente", addrs: "127.0.0.1:9000", db: "entente"},
		{in: "clickhouse://h1/x", addrs: "h1:9000", db: "x"},
		{in: "clickhouse://h1:1,h2:2/x?cluster=c", addrs: "h1:1,h2:2", db: "x", cluster: "c"},
		{in: "clickhouse://bob:pw@h1:1/x", addrs: "h1:1", db: "x", user: "bob"},
		{in: "clickhouse://h1:1,h2:2/x", wantErr: true},
		{in: "clickhouse://h1:1/x?shards=2", wantErr: true},
		{in: "postgres://h1/x", wantErr: true},
		{in: "clickhouse:///x", wantErr: true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseURL(c.in)
			if c.wantErr {
				if !errors.Is(err, entente.ErrInvalid) {
					t.Errorf("ParseURL = %+v, %v; want ErrInvalid", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got.Addrs, ",") != c.addrs || got.Database != c.db || got.Cluster != c.cluster || got.User != c.user {
				t.Errorf("ParseURL = %+v", got)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	cases := map[string]string{
		"plain":      `'plain'`,
		"it's":       `'it\'s'`,
		`back\slash`: `'back\\slash'`,
		"nul\x00":    `'nul\0'`,
		"two\nlines": `'two\nlines'`,
	}
	for in, want := range cases {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

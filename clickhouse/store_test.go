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

// TestMigration_EventsByDecade runs migration 0004 on an events table
// partitioned by year, as 0001 made it, and from the states a crash can
// leave it in: the events must come through once each, in a table
// partitioned by decade.
func TestMigration_EventsByDecade(t *testing.T) {
	addrs := testAddrs(t)
	ctx := context.Background()
	body, err := migrations.ReadFile("migrations/0004_events_by_decade.sql")
	if err != nil {
		t.Fatal(err)
	}
	initSQL, err := migrations.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	var byYear string
	for _, stmt := range statements(string(initSQL)) {
		if strings.Contains(stmt, "{db}.events (") {
			byYear = stmt
		}
	}
	events := []entente.Event{
		{ID: "e1", Date: entente.Day(1989, 11, 9), Source: entente.ActorRef{Country: "DEU"}, Target: entente.ActorRef{Country: "RUS"}, CAMEO: "010", Evidence: []entente.Evidence{{Source: "s"}}},
		{ID: "e2", Date: entente.Day(2001, 9, 11), Source: entente.ActorRef{Country: "USA"}, Target: entente.ActorRef{Country: "AFG"}, CAMEO: "190", Evidence: []entente.Evidence{{Source: "s"}}},
		{ID: "e3", Date: entente.Day(2022, 2, 24), Source: entente.ActorRef{Country: "RUS"}, Target: entente.ActorRef{Country: "UKR"}, CAMEO: "190", Evidence: []entente.Evidence{{Source: "s"}}},
	}
	cases := []struct {
		name  string
		state func(s *Store, db string) []string // statements leaving the state a crash leaves
	}{
		{"events by year", func(s *Store, db string) []string {
			return []string{"RENAME TABLE " + db + ".events TO " + db + ".events_new", strings.ReplaceAll(byYear, "{db}", db),
				"INSERT INTO " + db + ".events SELECT * FROM " + db + ".events_new", "DROP TABLE " + db + ".events_new"}
		}},
		{"cut short after the rename", func(s *Store, db string) []string {
			return []string{"RENAME TABLE " + db + ".events TO " + db + ".events_new", strings.ReplaceAll(strings.ReplaceAll(byYear, "{db}", db), ".events (", ".events_by_year ("),
				"INSERT INTO " + db + ".events_by_year SELECT * FROM " + db + ".events_new", "DROP TABLE " + db + ".events_new"}
		}},
		{"cut short in the copy", func(s *Store, db string) []string {
			return []string{strings.ReplaceAll(strings.ReplaceAll(byYear, "{db}", db), ".events (", ".events_by_year ("),
				"INSERT INTO " + db + ".events_by_year SELECT * FROM " + db + ".events",
				"ALTER TABLE " + db + ".events DROP PARTITION 200"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t, addrs[:1])
			defer s.Close()
			err := s.Update(ctx, func(tx entente.Tx) error {
				if err := tx.PutSource(ctx, entente.Source{ID: "s", Dataset: "test"}); err != nil {
					return err
				}
				return tx.AppendEvents(ctx, events)
			})
			if err != nil {
				t.Fatal(err)
			}
			db := s.Database()
			for _, q := range c.state(s, db) {
				if err := s.Conn().Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := apply(ctx, s.Conn(), s.cfg, 4, string(body)); err != nil {
				t.Fatal(err)
			}
			got, err := s.Events(ctx, entente.EventFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range got {
				ids = append(ids, e.ID)
			}
			if strings.Join(ids, ",") != "e1,e2,e3" {
				t.Errorf("events after the migration: %v, want e1,e2,e3", ids)
			}
			var parts []string
			rows, err := s.Conn().Query(ctx, "SELECT DISTINCT partition FROM system.parts WHERE database = "+quote(db)+" AND table = 'events' AND active ORDER BY partition")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var p string
				if err := rows.Scan(&p); err != nil {
					t.Fatal(err)
				}
				parts = append(parts, p)
			}
			rows.Close()
			if strings.Join(parts, ",") != "198,200,202" {
				t.Errorf("partitions %v, want the decades 198,200,202", parts)
			}
			if ok, err := tableExists(ctx, s.Conn(), db, "events_by_year"); err != nil || ok {
				t.Errorf("events_by_year left behind (%v)", err)
			}
		})
	}
}

package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"entente/clickhouse"
	"entente/internal/shared"
)

// TestMain_StoreParity imports the same shared datasets into DuckDB and
// into ClickHouse (one server, and two shards when ENTENTE_CLICKHOUSE names
// two) and requires every command of the demo to print the same bytes.
func TestMain_StoreParity(t *testing.T) {
	addrs := os.Getenv("ENTENTE_CLICKHOUSE")
	if addrs == "" {
		t.Skip("ENTENTE_CLICKHOUSE is not set: no ClickHouse server to compare with (.ci/clickhouse-up starts two local ones)")
	}
	data := shared.Dir(t)
	var files []string
	for _, dir := range []string{"alliances-cow", "cow-nmc", "sipri-arms", "gdelt-sample", "trade-cow", "unga-idealpoints"} {
		p := filepath.Join(data, dir)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("shared dataset %s not found: %v", p, err)
		}
		files = append(files, p)
	}
	article := filepath.Join("..", "..", "motions", "dprk-troops-2024-article.txt")
	commands := [][]string{
		// --wide: the import table's columns would otherwise be cut to a
		// width that depends on its timings, which differ between runs.
		append([]string{"import", "--wide"}, files...),
		{"sources"},
		{"sources", "--format", "json"},
		{"ingest", article},
		{"actor", "resolve", "--date", "2024-11-01", "Pyongyang's troops were welcomed by the Kremlin while Beijing stayed silent."},
		{"actors", "--member-of", "ASEAN", "--date", "1995-01-01"},
		{"dyad", "CHN", "PRK", "--from", "2010", "--to", "2024"},
		{"dyad", "RUS", "PRK", "--from", "2010", "--to", "2024"},
		{"dyad", "CHN", "PRK", "--from", "2010", "--to", "2024", "--format", "json"},
		{"leverage", "PRK", "--year", "2024"},
		{"leverage", "PRK", "--year", "2019", "--format", "csv"},
	}
	hosts := strings.Split(addrs, ",")
	stores := map[string]string{"duckdb": tempDB(t)}
	stores["clickhouse, one server"] = testClickHouseURL(t, hosts[:1])
	if len(hosts) > 1 {
		stores["clickhouse, two shards"] = testClickHouseURL(t, hosts)
	}
	outputs := map[string][]string{}
	for name, db := range stores {
		for _, args := range commands {
			out, errs, code := run(t, db, args...)
			if code != 0 {
				t.Fatalf("%s: entente %s: exit %d: %s", name, strings.Join(args, " "), code, errs)
			}
			if args[0] == "import" {
				out = withoutTimes(out)
			}
			outputs[name] = append(outputs[name], out)
		}
	}
	want := outputs["duckdb"]
	for name, got := range outputs {
		for i := range commands {
			if got[i] != want[i] {
				t.Errorf("%s: entente %s differs from DuckDB:\n--- %s\n%s\n--- duckdb\n%s", name, strings.Join(commands[i], " "), name, got[i], want[i])
			}
		}
	}
}

// durations matches the TIME column of the import report.
var durations = regexp.MustCompile(`\b[0-9][0-9.]*(ns|µs|ms|s|m[0-9.]+s|h[0-9]+m[0-9.]+s)\b`)

// withoutTimes blanks the import report's timings, which differ from run
// to run, and the column padding that follows their width.
func withoutTimes(s string) string {
	s = durations.ReplaceAllString(s, "T")
	return regexp.MustCompile(` +`).ReplaceAllString(s, " ")
}

// testClickHouseURL names a fresh database on the servers, dropped at the
// end of the test.
func testClickHouseURL(t *testing.T, hosts []string) string {
	var b [6]byte
	rand.Read(b[:])
	url := "clickhouse://" + strings.Join(hosts, ",") + "/entente_parity_" + hex.EncodeToString(b[:])
	if len(hosts) > 1 {
		url += "?cluster=entente"
	}
	t.Cleanup(func() {
		cfg, err := clickhouse.ParseURL(url)
		if err != nil {
			return
		}
		if s, err := clickhouse.Open(context.Background(), cfg); err == nil {
			s.DropDatabase(context.Background())
			s.Close()
		}
	})
	return url
}

package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// textKeys are the JSON keys whose values are text even when they look like
// numbers: codes and identifiers ("365" is a COW code, "4.1" a release).
var textKeys = map[string]bool{
	"code": true, "cown": true, "value": true, "id": true, "release": true, "version": true,
	"cameo": true, "text": true, "name": true, "date": true, "session_id": true,
}

// jsonViolations walks a decoded JSON document and lists, by path, the
// values that break the convention of every --format json: a number
// written as a string, or an empty string where null (or leaving the key
// out) says "missing".
func jsonViolations(v any, path string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if s, ok := x[k].(string); ok && textKeys[k] && s != "" {
				continue
			}
			jsonViolations(x[k], path+"."+k, out)
		}
	case []any:
		for i, e := range x {
			jsonViolations(e, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case string:
		switch {
		case x == "":
			*out = append(*out, path+`: "" (use null or leave it out)`)
		case plainNumber.MatchString(x):
			*out = append(*out, fmt.Sprintf("%s: %q is a number written as a string", path, x))
		}
	}
}

// TestMain_JSONConvention runs every command that answers with data with
// --format json and checks one convention across them: numbers are JSON
// numbers, a missing value is null (or absent), never "" or a string.
func TestMain_JSONConvention(t *testing.T) {
	db := measuresDB(t)
	if _, errOut, code := run(t, db, "ingest", "../../motions/dprk-troops-2024-article.txt"); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	importDB := tempDB(t)
	commands := [][]string{
		{"init"},
		{"actors", "--member-of", "ASEAN", "--date", "1995-01-01"},
		{"actors", "--kind", "igo"},
		{"actor", "show", "PRK"},
		{"actor", "resolve", "--date", "2024-11-01", "Pyongyang and the Kremlin"},
		{"sources"},
		{"dyad", "CHN", "PRK", "--from", "2013", "--to", "2024"},
		{"leverage", "PRK", "--year", "2014"},
		{"leverage", "PRK", "--year", "2024"},
		{"align", "PRK"},
		{"align", "PRK", "--with", "CHN"},
		{"documents"},
		{"events"},
		{"ingest", "../../motions/dprk-troops-2024-article.txt"},
		{"events", "--source", "CHN", "--limit", "3"},
		{"documents", "--match", "Kursk"},
	}
	for _, args := range commands {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, errOut, code := run(t, db, append(args, "--format", "json")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			checkJSON(t, out)
		})
	}
	if !testing.Short() {
		world := worldDB(t)
		for _, args := range [][]string{
			{"predict", "--motion", worldMotion},
			{"coalition", "--motion", worldMotion, "--top", "3"},
			{"backtest", "--from", "2016", "--to", "2016"},
		} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				out, errOut, code := run(t, world, append(args, "--format", "json")...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				checkJSON(t, out)
			})
		}
	}
	t.Run("import", func(t *testing.T) {
		out, errOut, code := run(t, importDB, "import", "--format", "json", importerFixture("alliances"))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		checkJSON(t, out)
	})
}

func checkJSON(t *testing.T, out string) {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var bad []string
	jsonViolations(v, "$", &bad)
	if len(bad) > 0 {
		if len(bad) > 15 {
			bad = append(bad[:15], fmt.Sprintf("… and %d more", len(bad)-15))
		}
		t.Errorf("%d values break the JSON convention:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
}

// TestMain_ExtractCSV checks that extract honours --format csv like every
// other command.
func TestMain_ExtractCSV(t *testing.T) {
	out, errOut, code := run(t, tempDB(t), "extract", "--format", "csv", "--date", "2024-11-05", "../../motions/dprk-troops-2024-article.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "doc,sentence,start,end,source,") || !strings.Contains(out, "PRK,PRK,RUS,RUS,072,AID") {
		t.Errorf("extract csv:\n%s", out)
	}
}

// TestMain_MissingData checks that an answer from a store without datasets
// says so above the figures (table) or on stderr (json), instead of
// reporting curated-only scores as if the datasets backed them.
func TestMain_MissingData(t *testing.T) {
	db := tempDB(t)
	if _, errOut, code := run(t, db, "init"); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	out, errOut, code := run(t, db, "leverage", "PRK", "--year", "2024")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.SplitN(out, "\n", 3)
	if len(lines) < 2 || !strings.HasPrefix(lines[1], "Warning: no trade, arms, alliances and events data in the store") {
		t.Errorf("no warning under the title:\n%s", out)
	}
	if !strings.Contains(out, "trade: no data in the store (import COW trade, IMF DOTS or Comtrade)") {
		t.Errorf("no data note:\n%s", out)
	}
	_, errOut, code = run(t, db, "dyad", "CHN", "PRK", "--format", "json")
	if code != 0 || !strings.Contains(errOut, "entente: note: UN votes: no data in the store") {
		t.Errorf("json: exit %d, stderr:\n%s", code, errOut)
	}
}

package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

// run executes one command line through Main, as the binary would, with a
// fixed clock and a store in a temporary directory.
func run(t *testing.T, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{
		Stdin:  strings.NewReader(""),
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string {
			if k == "ENTENTE_DB" {
				return db
			}
			return ""
		},
		Clock:   entente.FixedClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)),
		Columns: 100,
	}
	code = m.Run(context.Background(), args)
	return out.String(), errb.String(), code
}

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "test.duckdb") }

// golden compares got with testdata/golden/NAME, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test ./cmd/entente -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (rerun with -update if the change is intended)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestMain_ActorResolve(t *testing.T) {
	db := tempDB(t)
	cases := []struct {
		name   string
		args   []string
		golden string
		want   []string // substrings of stdout
		code   int
	}{
		{name: "motivating case", golden: "resolve_motivating.txt", args: []string{"actor", "resolve", "--date", "2024-11-01",
			"Pyongyang's deployment of North Korean troops was welcomed by the Kremlin, while Beijing stayed silent and the Philippine coast guard watched."}},
		{name: "kremlin in 1985 is the USSR", args: []string{"actor", "resolve", "--date", "1985-06-01", "the Kremlin"}, want: []string{"SUN"}},
		{name: "kremlin in 2000 is Russia", args: []string{"actor", "resolve", "--date", "2000-06-01", "the Kremlin"}, want: []string{"RUS"}},
		{name: "leader in term", args: []string{"actor", "resolve", "--date", "2020-01-01", "Duterte"}, want: []string{"PHL"}},
		{name: "json", args: []string{"actor", "resolve", "--format", "json", "--date", "2024-11-01", "Pyongyang"}, want: []string{`"country": "PRK"`}},
		{name: "csv", args: []string{"actor", "resolve", "--format", "csv", "--date", "2024-11-01", "Seoul"}, want: []string{"code,actor,iso3,role,span,text,why\nKORGOV,KOR,KOR,GOV,0-5,Seoul,"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, db, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, c.code, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if c.golden != "" {
				golden(t, c.golden, out)
			}
		})
	}
}

func TestMain_Errors(t *testing.T) {
	db := tempDB(t)
	cases := []errorCase{
		{"no match", []string{"actor", "resolve", "Atlantis"}, 1, []string{`no actor matches "Atlantis"`}},
		{"leader out of term", []string{"actor", "resolve", "--date", "2023-01-01", "Duterte"}, 1, []string{"no actor matches"}},
		{"no such actor", []string{"actor", "show", "Narnia"}, 1, []string{`no actor matches "Narnia"`, "hint:"}},
		{"misspelt actor", []string{"actor", "show", "Nort Korea"}, 1, []string{"hint: closest actors: North Korea"}},
		{"bad format", []string{"actors", "--format", "xml"}, 2, []string{`unknown --format "xml"`, "hint:"}},
		{"bad date", []string{"actors", "--date", "yesterday"}, 2, []string{"is not a date", "hint: write dates as YYYY-MM-DD"}},
		{"unknown flag", []string{"actors", "--colour"}, 2, []string{"unknown flag", "hint:"}},
		{"unknown bloc", []string{"actors", "--member-of", "Hanseatic League"}, 1, []string{"no bloc or organisation"}},
		{"misspelt bloc", []string{"actors", "--member-of", "ASEANN"}, 1, []string{"hint: closest organisations and blocs: ASEAN"}},
		{"unknown command", []string{"actros"}, 2, []string{`unknown command "actros"`}},
		{"resolve without text", []string{"actor", "resolve"}, 2, []string{"needs the text"}},
	}
	runErrorCases(t, db, cases)
}

// TestMain_ReadCommandsNeedAStore checks that commands which only read
// refuse a store that does not exist instead of creating an empty one.
func TestMain_ReadCommandsNeedAStore(t *testing.T) {
	db := tempDB(t)
	var cases []errorCase
	for _, args := range [][]string{{"dyad", "CHN", "PRK"}, {"leverage", "PRK"}, {"align", "PRK"}, {"sources"},
		{"documents"}, {"events"}, {"predict", "--motion", "../../motions/dprk-troops-2024.yaml"}} {
		cases = append(cases, errorCase{strings.Join(args, " "), args, 1, []string{"entente: store not found: " + db, "hint: run entente init or entente import"}})
	}
	runErrorCases(t, db, cases)
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a read command created %s", db)
	}
}

func TestMain_Actors(t *testing.T) {
	db := tempDB(t)
	out, errOut, code := run(t, db, "actors", "--member-of", "ASEAN", "--date", "1995-01-01", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var members []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		members = append(members, strings.SplitN(line, ",", 2)[0])
	}
	if got := strings.Join(members, " "); got != "BRN IDN MYS PHL SGP THA" {
		t.Errorf("ASEAN on 1995-01-01 = %s, want BRN IDN MYS PHL SGP THA (Vietnam joined 1995-07-28)", got)
	}
	out, _, _ = run(t, db, "actor", "show", "365", "--date", "1980-01-01")
	if !strings.Contains(out, "SUN") {
		t.Errorf("COW 365 in 1980 should be the USSR:\n%s", out)
	}
	out, _, _ = run(t, db, "actor", "show", "365", "--date", "2000-01-01")
	if !strings.Contains(out, "RUS") {
		t.Errorf("COW 365 in 2000 should be Russia:\n%s", out)
	}
}

func TestMain_Init(t *testing.T) {
	db := tempDB(t)
	for i := 0; i < 2; i++ {
		out, errOut, code := run(t, db, "init", "--format", "csv")
		if code != 0 {
			t.Fatalf("init #%d exit %d: %s", i+1, code, errOut)
		}
		if !strings.Contains(out, "reg-") {
			t.Errorf("init output lacks the registry version:\n%s", out)
		}
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("store file not created: %v", err)
	}
}

// errorCase is a command line that must fail with an exit status and
// messages on stderr.
type errorCase struct {
	name       string
	args       []string
	code       int
	wantStderr []string
}

// runErrorCases runs each case and checks its exit status, its messages,
// and that no internals (panics, stack traces) reach the user.
func runErrorCases(t *testing.T, db string, cases []errorCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := run(t, db, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, c.code, errOut)
			}
			for _, w := range c.wantStderr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
				t.Errorf("stderr shows internals:\n%s", errOut)
			}
			// One convention for every failure: the program's name first,
			// and a hint on a usage error.
			if code != 0 && !strings.Contains(errOut, "entente: ") {
				t.Errorf("stderr lacks the \"entente: \" prefix:\n%s", errOut)
			}
			if code == 2 && !strings.Contains(errOut, "\nhint: ") {
				t.Errorf("usage error without a hint:\n%s", errOut)
			}
		})
	}
}

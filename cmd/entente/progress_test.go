package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"entente"
	"entente/registry"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// nmcFile writes a COW National Material Capabilities file with one row
// per registry state and year 1816–2016, and returns its path and rows.
func nmcFile(t *testing.T) (string, int) {
	t.Helper()
	reg, err := registry.Load()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`"ccode","year","milex","milper","irst","pec","tpop","upop","cinc"` + "\n")
	rows := 0
	for _, a := range reg.Actors() {
		if a.Kind != entente.KindState {
			continue
		}
		code := a.CodeIn(entente.SchemeCOWNum, entente.Day(2016, 1, 1))
		if code == "" {
			continue
		}
		for y := 1816; y <= 2016; y++ {
			fmt.Fprintf(&b, "%s,%d,%d,%d,%d,%d,%d,%d,0.00%d\n", code, y, 1000+y, 10, 20, 30, 4000, 500, rows%1000)
			rows++
		}
	}
	path := filepath.Join(t.TempDir(), "NMC-60-abridged.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, rows
}

// runOnTerminal runs one command line with stderr on a pseudo-terminal
// 100 columns wide, as a user at a terminal would, and returns what the
// terminal received, stdout and the exit status.
func runOnTerminal(t *testing.T, db string, args ...string) (screen, stdout string, code int) {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal on this machine: %v", err)
	}
	defer master.Close()
	if err := pty.Setsize(tty, &pty.Winsize{Rows: 24, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		io.Copy(&buf, master) // ends with EIO once tty is closed
	}()
	var out bytes.Buffer
	m := &Main{
		Stdin:            strings.NewReader(""),
		Stdout:           &out,
		Stderr:           tty,
		Getenv:           func(k string) string { return map[string]string{"ENTENTE_DB": db}[k] },
		Clock:            entente.SystemClock{},
		StderrIsTerminal: term.IsTerminal(int(tty.Fd())),
	}
	if !m.StderrIsTerminal {
		t.Fatal("the pseudo-terminal is not seen as a terminal")
	}
	code = m.Run(context.Background(), args)
	tty.Close()
	<-readDone
	t.Logf("terminal:\n%q", buf.String())
	return buf.String(), out.String(), code
}

// TestMain_PhasesOnTerminal checks that the long steps of predict,
// backtest and ingest say what they are doing on a terminal.
func TestMain_PhasesOnTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("fits models: skipped with -short")
	}
	db := worldDB(t)
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"predict --refit", []string{"predict", "--motion", worldMotion, "--refit", "--format", "csv"},
			[]string{"loading roll calls and ties: done in", "fitting the model on ", " roll calls: 0/", " fits in "}},
		{"backtest", []string{"backtest", "--from", "2016", "--to", "2016", "--format", "csv"},
			[]string{"back-test 2016–2016: 0/1 years (0%)", "back-test 2016–2016: 1 years in"}},
		{"ingest", []string{"ingest", "../../examples/kursk-briefing.txt", "../../examples/feed.xml"},
			[]string{"reading: 2 inputs in", "coding and storing 3 documents: done in"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			screen, _, code := runOnTerminal(t, db, c.args...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, screen)
			}
			for _, w := range c.want {
				if !strings.Contains(screen, w) {
					t.Errorf("terminal lacks %q:\n%q", w, screen)
				}
			}
		})
	}
}

// TestMain_ImportProgress runs an import with stderr on a pseudo-terminal
// 100 columns wide (the generated NMC file and the two six-row alliance
// fixtures) and checks what the user sees there: the file count,
// true row counts (never more than the file holds), believable rates,
// lines that fit the terminal and a cleared line at the end.
func TestMain_ImportProgress(t *testing.T) {
	file, rows := nmcFile(t)
	db := tempDB(t)
	shown, out, code := runOnTerminal(t, db, "import", file, importerFixture("alliances"))
	if code != 0 {
		t.Fatalf("import exit %d\n%s", code, shown)
	}
	t.Logf("terminal:\n%q", shown)
	if !strings.Contains(shown, "import 1/3 files, 0 rows in all | 0 rows, 0% of 1.6 MB: NMC-60-abridged.csv") || !strings.Contains(shown, "import 3/3 files") {
		t.Errorf("no file name or row count on the terminal:\n%q", shown)
	}
	if !strings.HasSuffix(shown, "\r\x1b[K") {
		t.Errorf("the status line is not cleared at the end:\n%q", shown)
	}
	rowsRE := regexp.MustCompile(`([0-9,]+) rows(/s)?`)
	for _, line := range strings.Split(shown, "\r") {
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\x1b[K"), "\n")
		if n := len([]rune(line)); n >= 100 {
			t.Errorf("line of %d columns on a 100-column terminal: %q", n, line)
		}
		for _, mm := range rowsRE.FindAllStringSubmatch(line, -1) {
			n, err := strconv.Atoi(strings.ReplaceAll(mm[1], ",", ""))
			if err != nil {
				t.Errorf("unreadable count %q in %q", mm[1], line)
				continue
			}
			// No count exceeds the rows of the file; no rate exceeds
			// them over the half second a rate waits for.
			if limit := rows + 12; (mm[2] == "" && n > limit) || (mm[2] != "" && n > 2*limit) {
				t.Errorf("%s: more than the file's %d rows could give: %q", mm[0], rows, line)
			}
		}
		if strings.Contains(line, "GB/s") || strings.Contains(line, "MB/s") {
			t.Errorf("byte rates are not rows: %q", line)
		}
	}
	if !strings.Contains(out, strconv.Itoa(rows)) {
		t.Errorf("report lacks the %d rows:\n%s", rows, out)
	}
}

// TestMain_ImportQuietOffTerminal checks that nothing is drawn when stderr
// is not a terminal (a log file, a pipe, CI).
func TestMain_ImportQuietOffTerminal(t *testing.T) {
	file, _ := nmcFile(t)
	_, errOut, code := run(t, tempDB(t), "import", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.ContainsAny(errOut, "\r\x1b") {
		t.Errorf("progress drawn off a terminal: %q", errOut)
	}
}

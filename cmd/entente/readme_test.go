package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/internal/shared"
)

// sessionStep is one command of a README console block and the output
// shown under it (none when the README shows none).
type sessionStep struct {
	line string // as written, for messages
	args []string
	want string
}

// readmeSessions returns the README's console blocks as steps.
func readmeSessions(t *testing.T, readme string) [][]sessionStep {
	t.Helper()
	var blocks [][]sessionStep
	var cur []sessionStep
	in := false
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "```console"):
			in, cur = true, nil
			continue
		case in && strings.HasPrefix(l, "```"):
			in = false
			blocks = append(blocks, cur)
			continue
		case !in:
			continue
		}
		if !strings.HasPrefix(l, "$ ") {
			if len(cur) == 0 {
				t.Fatalf("README line %d: output before any command: %q", i+1, l)
			}
			cur[len(cur)-1].want += l + "\n"
			continue
		}
		cmd := strings.TrimPrefix(l, "$ ")
		for strings.HasSuffix(strings.TrimSpace(stripComment(cmd)), "\\") && i+1 < len(lines) {
			cmd = strings.TrimSuffix(strings.TrimSpace(stripComment(cmd)), "\\") + " " + strings.TrimSpace(lines[i+1])
			i++
		}
		words, err := shellWords(stripComment(cmd))
		if err != nil {
			t.Fatalf("README line %d: %v", i+1, err)
		}
		if len(words) == 0 || words[0] != "entente" {
			t.Fatalf("README line %d: the session runs entente only: %q", i+1, l)
		}
		cur = append(cur, sessionStep{line: l, args: words[1:]})
	}
	return blocks
}

// stripComment drops a shell comment: a # outside quotes that starts a word.
func stripComment(s string) string {
	var quote rune
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '#' && (i == 0 || s[i-1] == ' '):
			return strings.TrimRight(s[:i], " ")
		}
	}
	return s
}

// shellWords splits a command line as a POSIX shell would for the simple
// quoting the README uses: single and double quotes, no expansions.
func shellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	var quote rune
	inWord := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, &entente.UsageError{Msg: "unterminated quote in " + s}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

// TestREADME_Session runs the README's example session exactly as written,
// from the repository root, against a fresh store: every command must
// succeed and print what the README shows under it. The second block needs
// the public datasets and minutes of import, fitting and back-testing: it
// runs with ENTENTE_README_DATA=1 (make readme) when the datasets are there.
func TestREADME_Session(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The session is the section "An example session"; other sections
	// (the web face) show other programs.
	text := string(readme)
	start := strings.Index(text, "\n## An example session")
	if start < 0 {
		t.Fatal(`README lacks the section "## An example session"`)
	}
	text = text[start+1:]
	if end := strings.Index(text[3:], "\n## "); end >= 0 {
		text = text[:end+3]
	}
	blocks := readmeSessions(t, text)
	if len(blocks) != 2 {
		t.Fatalf("README has %d console blocks, want 2 (the session, then the session with datasets)", len(blocks))
	}
	t.Chdir(filepath.Join("..", ".."))
	db := filepath.Join(t.TempDir(), "entente.duckdb")
	runBlock := func(t *testing.T, steps []sessionStep) {
		for _, st := range steps {
			var out, errb bytes.Buffer
			m := &Main{
				Stdin:   strings.NewReader(""),
				Stdout:  &out,
				Stderr:  &errb,
				Getenv:  func(k string) string { return map[string]string{"ENTENTE_DB": db}[k] },
				Clock:   entente.FixedClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)),
				Columns: 100,
			}
			start := time.Now()
			code := m.Run(context.Background(), st.args)
			// The time of each step says where a slow session spends it.
			t.Logf("%s  (%s)", st.line, time.Since(start).Round(100*time.Millisecond))
			if code != 0 {
				t.Fatalf("%s\nexit %d\n%s%s", st.line, code, out.String(), errb.String())
			}
			if st.want != "" && out.String() != st.want {
				t.Errorf("%s\nprinted:\n%s\nREADME shows:\n%s", st.line, out.String(), st.want)
			}
		}
	}
	t.Run("without datasets", func(t *testing.T) { runBlock(t, blocks[0]) })
	t.Run("with datasets", func(t *testing.T) {
		// It imports every dataset, fits the coalition model and runs a
		// five-year back-test: five to six minutes on a quiet 2-core
		// machine, more when it is shared, so it has its own switch (make
		// readme) rather than a place in the quick suite.
		if os.Getenv("ENTENTE_README_DATA") != "1" {
			t.Skip("the README session with datasets imports, fits and back-tests for minutes: set ENTENTE_README_DATA=1 (make readme)")
		}
		data, ok := shared.DataDir()
		if !ok {
			t.Skip("the datasets are not at ../shared/data")
		}
		// The README names the datasets where a newcomer has them, beside
		// the clone; the test reads them wherever $ENTENTE_SHARED says.
		steps := make([]sessionStep, len(blocks[1]))
		for i, st := range blocks[1] {
			st.args = append([]string(nil), st.args...)
			for j, a := range st.args {
				if rest, ok := strings.CutPrefix(a, "../shared/data"); ok {
					st.args[j] = data + rest
				}
			}
			steps[i] = st
		}
		runBlock(t, steps)
	})
}

func TestShellWords(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{`entente init`, []string{"entente", "init"}},
		{`entente actor resolve --date 2024-11-01 "Pyongyang's deployment"`, []string{"entente", "actor", "resolve", "--date", "2024-11-01", "Pyongyang's deployment"}},
		{`entente x 'a "b"' c`, []string{"entente", "x", `a "b"`, "c"}},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := shellWords(stripComment(c.in + "   # comment"))
			if err != nil || strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("shellWords(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}

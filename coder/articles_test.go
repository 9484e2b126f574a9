package coder_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"entente"
	"entente/coder"
	"entente/ingest"
)

// goldEvent is one event an analyst codes from an article of the
// development set (format in testdata/devset/README.md).
type goldEvent struct {
	source, root, target string
	quals                []string
	phenomenon           string
	line                 int
}

// readGold reads an article's expected events.
func readGold(t *testing.T, path string) []goldEvent {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldEvent
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) != 5 || len(fs[1]) != 2 {
			t.Fatalf("%s:%d: want SOURCE ROOT TARGET QUALIFIERS PHENOMENON, got %q", path, n, line)
		}
		g := goldEvent{source: fs[0], root: fs[1], target: fs[2], phenomenon: fs[4], line: n}
		if fs[3] != "-" {
			g.quals = strings.Split(fs[3], ",")
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// matches reports whether a coded event is the gold one: actors by code
// prefix, the CAMEO root, and every qualifier the gold event names.
func (g goldEvent) matches(e coder.Extracted) bool {
	if !strings.HasPrefix(e.CAMEO, g.root) || !actorIs(e.Source, g.source) {
		return false
	}
	if g.target != "*" && !actorIs(e.Target, g.target) {
		return false
	}
	for _, q := range g.quals {
		switch q {
		case "neg":
			if !e.Negated {
				return false
			}
		default:
			if string(e.Modality) != q {
				return false
			}
		}
	}
	// A gold event that names no negation is an act that happened.
	if e.Negated && !slicesContains(g.quals, "neg") {
		return false
	}
	return true
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func actorIs(a *entente.ActorRef, prefix string) bool {
	if prefix == "*" {
		return true
	}
	if a == nil {
		return prefix == "-"
	}
	return strings.HasPrefix(a.Code, prefix)
}

// articleScore counts, for one phenomenon, gold events found and coded
// events that were right.
type articleScore struct {
	gold, found int
	// coded and correct count the coded events of the articles in which
	// the phenomenon occurs, for its precision.
	coded, correct int
}

// scoreArticles codes every article of dir and scores it against its
// gold events, by phenomenon ("all" is the total).
func scoreArticles(t *testing.T, c *coder.Coder, dir string) map[string]*articleScore {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no articles in %s (%v)", dir, err)
	}
	rd, err := ingest.NewReader(ingest.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]*articleScore{}
	get := func(p string) *articleScore {
		if scores[p] == nil {
			scores[p] = &articleScore{}
		}
		return scores[p]
	}
	for _, p := range paths {
		docs, err := rd.Read(context.Background(), p)
		if err != nil || len(docs) != 1 {
			t.Fatalf("read %s: %v", p, err)
		}
		evs, err := c.Code(docs[0])
		if err != nil {
			t.Fatal(err)
		}
		gold := readGold(t, strings.TrimSuffix(p, ".txt")+".gold")
		used := make([]bool, len(evs))
		present := map[string]bool{"all": true}
		var missed []string
		for _, g := range gold {
			present[g.phenomenon] = true
			get(g.phenomenon).gold++
			get("all").gold++
			found := false
			for k, e := range evs {
				if !used[k] && g.matches(e) {
					used[k], found = true, true
					break
				}
			}
			if found {
				get(g.phenomenon).found++
				get("all").found++
			} else {
				missed = append(missed, fmt.Sprintf("%s %s %s %v (%s)", g.source, g.root, g.target, g.quals, g.phenomenon))
			}
		}
		correct := 0
		var wrong []string
		for k, e := range evs {
			if used[k] {
				correct++
			} else {
				wrong = append(wrong, fmt.Sprintf("%s neg=%v %s [%s]", summary(evs[k : k+1])[0], e.Negated, e.Modality, clipText(e.Text)))
			}
		}
		for ph := range present {
			s := get(ph)
			s.coded += len(evs)
			s.correct += correct
		}
		if testing.Verbose() && (len(missed) > 0 || len(wrong) > 0) {
			t.Logf("%s:\n  missed: %s\n  extra:  %s", filepath.Base(p), strings.Join(missed, "; "), strings.Join(wrong, "; "))
		}
	}
	return scores
}

func clipText(s string) string {
	if len(s) > 50 {
		return s[:50] + "…"
	}
	return s
}

func logScores(t *testing.T, name string, scores map[string]*articleScore) {
	var phs []string
	for p := range scores {
		phs = append(phs, p)
	}
	sort.Strings(phs)
	for _, p := range phs {
		s := scores[p]
		t.Logf("%s %-13s recall %3d/%-3d %5.1f%%  precision %3d/%-3d %5.1f%%", name, p,
			s.found, s.gold, pct(s.found, s.gold), s.correct, s.coded, pct(s.correct, s.coded))
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// TestCoder_ArticleDevSet scores the coder on the article development
// set: the tuning half always, the frozen half only when
// ENTENTE_DEVSET_FROZEN=1, since it exists to be scored once, at the end,
// never to tune on. Recall is by phenomenon of the gold event; precision
// of a phenomenon is over the coded events of the articles it occurs in.
func TestCoder_ArticleDevSet(t *testing.T) {
	c := realCoderFor(t)
	logScores(t, "tune", scoreArticles(t, c, filepath.Join("testdata", "devset", "tune")))
	if os.Getenv("ENTENTE_DEVSET_FROZEN") == "1" {
		logScores(t, "frozen", scoreArticles(t, c, filepath.Join("testdata", "devset", "frozen")))
	}
}

package coder_test

import (
	"encoding/csv"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"entente/coder"
	"entente/coder/codertest"
	"entente/internal/shared"
)

// truncated matches the import artifact of the codebook file: examples
// cut short and followed by the next fields ("Kosovo,166,verbal conflict").
var truncated = regexp.MustCompile(`,\d+,(verbal|material) `)

type example struct {
	code, text string
	order      int
}

func codebookExamples(t testing.TB) []example {
	t.Helper()
	f, err := os.Open(shared.Path(t, "icews-cameo", "cameo_codes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The file's truncated rows break quoting; read leniently and keep
	// only rows with every field.
	rd := csv.NewReader(f)
	rd.LazyQuotes, rd.FieldsPerRecord = true, -1
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []example
	for _, r := range rows[1:] {
		if len(r) != 11 || len(r[0]) < 3 {
			continue
		}
		code, level, text := r[0], r[2], strings.TrimSpace(r[7])
		order, _ := strconv.Atoi(r[8])
		if level == "0" || text == "" || truncated.MatchString(text) || strings.ContainsAny(text[len(text)-1:], ",;:") {
			continue
		}
		if i := strings.Index(text, " Note:"); i > 0 {
			text = text[:i]
		}
		out = append(out, example{code: code, text: text, order: order})
	}
	return out
}

// TestCoder_ActsCodebook scores the dictionary on the example sentences of
// the CAMEO codebook: the share whose first coded act has the example's
// root code. The examples with odd order numbers were never looked at
// while writing the dictionary and are reported apart as the held-out
// half. The floor guards against regressions; the figures are logged.
//
// Recorded (first act, root level): before the dictionary was
// generalised, 63.6 % on the even half and 53.5 % on the odd half (58.6 %
// overall; any act 65.9 % and 55.8 %); after, 86.4 % and 58.1 % (72.4 %;
// any act 86.4 % and 61.6 %). The even half was looked at while
// generalising, so only the odd half measures generalisation. The
// examples read no actors from the registry, so this scores the
// dictionary and clause rules alone. Matching verbs by lemma for forms
// the inflection rules miss, and typo tolerance from seven letters with
// swapped neighbours, left both halves where they were (86.4 % and
// 58.1 %): the held-out misses are acts the dictionary has no words for,
// not inflections or typos.
func TestCoder_ActsCodebook(t *testing.T) {
	exs := codebookExamples(t)
	c, err := coder.New(coder.DefaultConfig(), codertest.Default())
	if err != nil {
		t.Fatal(err)
	}
	var n, hit, any, none [2]int
	for _, ex := range exs {
		half := ex.order % 2
		acts := c.Acts(ex.text, time.Time{})
		n[half]++
		if len(acts) == 0 {
			none[half]++
			if half == 0 && testing.Verbose() {
				t.Logf("miss %s (no act): %s", ex.code, ex.text)
			}
			continue
		}
		if acts[0][:2] == ex.code[:2] {
			hit[half]++
		} else if half == 0 && testing.Verbose() {
			t.Logf("miss %s got %v: %s", ex.code, acts, ex.text)
		}
		for _, a := range acts {
			if a[:2] == ex.code[:2] {
				any[half]++
				break
			}
		}
	}
	for half, name := range []string{"development (even)", "held-out (odd)"} {
		t.Logf("%s: %d examples, root accuracy %.1f%% (first act), %.1f%% (any act), %d with no act",
			name, n[half], 100*float64(hit[half])/float64(n[half]), 100*float64(any[half])/float64(n[half]), none[half])
	}
	total := float64(hit[0]+hit[1]) / float64(n[0]+n[1])
	t.Logf("all: %d examples, root accuracy %.1f%%", n[0]+n[1], 100*total)
	if total < 0.65 {
		t.Errorf("root accuracy %.1f%% fell below the 65%% floor", 100*total)
	}
}

// TestDict_CodeInfo checks the Goldstein values of the dictionary against
// the published mapping.
func TestDict_CodeInfo(t *testing.T) {
	f, err := os.Open(shared.Path(t, "icews-cameo", "goldstein_mappings.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	d, err := coder.LoadDict(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		want, _ := strconv.ParseFloat(r[2], 64)
		_, got, ok := d.CodeInfo(r[0])
		if !ok || got != want {
			t.Errorf("code %s: goldstein %v (known %v), want %v", r[0], got, ok, want)
		}
	}
}

package main

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFitColumns(t *testing.T) {
	long := strings.Repeat("word ", 40)
	cases := []struct {
		name  string
		rows  [][]string
		width int
		want  [][]string
	}{
		{"no limit", [][]string{{"A", "B"}, {"x", long}}, 0, [][]string{{"A", "B"}, {"x", long}}},
		{"fits already", [][]string{{"A", "B"}, {"x", "y"}}, 100, [][]string{{"A", "B"}, {"x", "y"}}},
		{"widest column cut", [][]string{{"CODE", "WHY"}, {"PRK", "capital of North Korea, taken as its government"}}, 30,
			[][]string{{"CODE", "WHY"}, {"PRK", "capital of North Korea…"}}},
		{"long header over short values", [][]string{{"MEMBER_FROM", "NAME"}, {"1967-08-08", "Indonesia"}}, 22,
			[][]string{{"MEMBER_FR…", "NAME"}, {"1967-08-08", "Indonesia"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := fitColumns(c.rows, c.width)
			if strings.Join(flatten(got), "|") != strings.Join(flatten(c.want), "|") {
				t.Errorf("fitColumns(width %d) = %q, want %q", c.width, got, c.want)
			}
		})
	}
}

// TestFitColumns_Width checks the property that matters on a terminal: a
// table whose columns can be cut fits the width, gaps included.
func TestFitColumns_Width(t *testing.T) {
	rows := [][]string{{"ISO3", "NAME", "EVIDENCE", "WHY"}}
	for i := 0; i < 20; i++ {
		rows = append(rows, []string{"PRK", strings.Repeat("n", 5+i), strings.Repeat("e", 10*i), strings.Repeat("w", 7*i)})
	}
	for _, width := range []int{40, 60, 80, 100, 120} {
		got := fitColumns(rows, width)
		line := 0
		for i := range got[0] {
			w := 0
			for _, r := range got {
				w = max(w, utf8.RuneCountInString(r[i]))
			}
			line += w
		}
		line += columnGap * (len(got[0]) - 1)
		if line > width-1 {
			t.Errorf("width %d: the table is %d columns wide", width, line)
		}
	}
}

func TestWrapText(t *testing.T) {
	s := "kappa: Cohen's kappa, agreement beyond what the two states' vote frequencies give by chance"
	got := wrapText(s, 40, "  ")
	for _, l := range strings.Split(got, "\n") {
		if utf8.RuneCountInString(l) >= 40 {
			t.Errorf("line of %d runes: %q", utf8.RuneCountInString(l), l)
		}
	}
	if strings.Join(strings.Fields(got), " ") != s {
		t.Errorf("wrapping changed the words: %q", got)
	}
	if wrapText(s, 0, "  ") != s {
		t.Error("width 0 must leave the text as it is")
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, ","))
	}
	return out
}

func TestClipText(t *testing.T) {
	long := "  notes: " + strings.Repeat("cown 255 ×30, ", 40)
	cases := []struct {
		name      string
		s         string
		cols      int
		whole     bool
		maxRunes  int
		wantsHint bool
	}{
		{"no width keeps all", long, 0, true, 0, false},
		{"short text kept", "  a short note", 100, true, 0, false},
		{"long text cut", long, 100, false, 3*100 - 40 + len(" … (--wide shows all)"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := clipText(c.s, c.cols, 3)
			if c.whole {
				if got != c.s {
					t.Errorf("clipText cut %q to %q", c.s, got)
				}
				return
			}
			if n := utf8.RuneCountInString(got); n > c.maxRunes {
				t.Errorf("clipText gave %d runes, want at most %d: %q", n, c.maxRunes, got)
			}
			if !strings.HasSuffix(got, "… (--wide shows all)") || !strings.HasPrefix(got, "  notes: cown 255 ×30") {
				t.Errorf("clipText = %q", got)
			}
		})
	}
}

package registry

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// suggestion is a string an analyst could have meant, folded for comparing.
type suggestion struct {
	text   string
	folded string
}

// buildSuggest gathers the names, leaders and codes Suggest chooses from.
func (r *Registry) buildSuggest() {
	seen := make(map[string]bool)
	add := func(s string) {
		// "the Kremlin" is suggested as "Kremlin": the article is optional
		// and would only add to the distance.
		if len(s) > 4 && strings.EqualFold(s[:4], "the ") {
			s = s[4:]
		}
		f := foldString(s)
		if s == "" || seen[f] {
			return
		}
		seen[f] = true
		r.suggest = append(r.suggest, suggestion{s, f})
	}
	for _, a := range r.actors {
		add(a.Name)
	}
	for _, n := range r.names {
		add(n.Text)
	}
	for _, o := range r.offices {
		add(o.Person)
		for _, al := range o.Aliases {
			add(al)
		}
	}
	for _, a := range r.actors {
		add(a.Code)
	}
}

// Suggest returns up to n names closest to text, for "no actor matches"
// messages: by edit distance on folded forms, with names that start with
// what was typed ranked as near misses. Strings too far off to be a typo
// are left out, so the result may be empty.
func (r *Registry) Suggest(text string, n int) []string {
	if r == nil || n <= 0 {
		return nil
	}
	r.suggestOnce.Do(r.buildSuggest)
	q := foldString(strings.TrimSpace(text))
	ql := utf8.RuneCountInString(q)
	if ql == 0 {
		return nil
	}
	limit := max(2, ql/3)
	type scored struct {
		s    suggestion
		dist int
	}
	var hits []scored
	var row []int
	for _, s := range r.suggest {
		var d int
		if ql >= 3 && strings.HasPrefix(s.folded, q) && s.folded != q {
			d = 1
		} else {
			// Lengths alone already rule most names out.
			if diff := utf8.RuneCountInString(s.folded) - ql; diff > limit || -diff > limit {
				continue
			}
			d, row = levenshtein(q, s.folded, row)
		}
		if d <= limit {
			hits = append(hits, scored{s, d})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(len(a.s.text), len(b.s.text)), cmp.Compare(a.s.text, b.s.text))
	})
	out := make([]string, 0, min(n, len(hits)))
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, h.s.text)
	}
	return out
}

// levenshtein is the edit distance between two strings in runes; row is
// reused scratch.
func levenshtein(a, b string, row []int) (int, []int) {
	br := []rune(b)
	row = row[:0]
	for j := 0; j <= len(br); j++ {
		row = append(row, j)
	}
	i := 0
	for _, ca := range a {
		i++
		prev := row[0]
		row[0] = i
		for j, cb := range br {
			cur := row[j+1]
			cost := 1
			if ca == cb {
				cost = 0
			}
			row[j+1] = min(row[j+1]+1, row[j]+1, prev+cost)
			prev = cur
		}
	}
	return row[len(br)], row
}

package importer

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"entente"
)

// Rows lost to unmapped codes fall in two groups, which the report keeps
// apart so that no real state-year is lost silently:
//
//   - the code or name is the registry's but not on that day: the row speaks
//     of a state outside its dated span (Angola before 1975, the UAE before
//     1971, a DOTS partner before independence) and is legitimately left
//     out;
//   - the registry does not know the code or name at all: a non-state
//     (SIPRI's rebel groups, "unknown supplier(s)", Antarctica) or a gap in
//     the registry to fix.

// lostRowNotes classifies the unmapped tallies of one file, one note per
// group.
func lostRowNotes(reg CodeMapper, tally map[string]int64) []string {
	if len(tally) == 0 {
		return nil
	}
	var outside, unknown []string
	var nOut, nUnk int64
	for _, k := range slices.Sorted(maps.Keys(tally)) {
		scheme, value, _ := strings.Cut(k, " ")
		var a entente.Actor
		var err error
		if scheme == "name" || scheme == "" {
			a, err = reg.ByName(value, time.Time{})
		} else {
			a, err = reg.ByCode(entente.CodeScheme(scheme), value, time.Time{})
		}
		item := fmt.Sprintf("%s ×%d", k, tally[k])
		if err == nil && a.Code != "" {
			if len(a.Valid) > 0 {
				spans := make([]string, len(a.Valid))
				for i, p := range a.Valid {
					spans[i] = p.String()
				}
				item += fmt.Sprintf(" (%s valid %s)", a.Code, strings.Join(spans, "|"))
			} else {
				item += " (" + a.Code + ")"
			}
			outside = append(outside, item)
			nOut += tally[k]
			continue
		}
		unknown = append(unknown, item)
		nUnk += tally[k]
	}
	var out []string
	if nOut > 0 {
		out = append(out, fmt.Sprintf("%d rows lost because their state did not exist on the row's date per the registry (legitimately outside its dated spans): %s", nOut, strings.Join(outside, ", ")))
	}
	if nUnk > 0 {
		out = append(out, fmt.Sprintf("%d rows lost to codes or names the registry does not know (not states, or registry gaps): %s", nUnk, strings.Join(unknown, ", ")))
	}
	return out
}

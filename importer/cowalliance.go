package importer

import (
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"

	"entente"
)

// COW Formal Alliances v4.1, directed dyad-year form (as distributed by
// peacesciencer): ccode1, ccode2, year, cow_defense, cow_neutral,
// cow_nonagg, cow_entente — 0/1 indicators, one row per allied dyad-year in
// each direction. Each indicator set to 1 becomes a Tie of the matching
// alliance kind from ccode1 to ccode2 for that year (the entente indicator
// is COW's "entente", i.e. a consultation pact). Keeping the publisher's
// dyad-years, rather than merging them into spells, lets every stored tie
// cite its line; "China–North Korea defence pact from 1961" is the first
// year of the alliance.defense ties between CHN and PRK.

var kindCOWAlliance = &Kind{
	Name:           "cow-alliance",
	Dataset:        "cow-alliance",
	Title:          "Correlates of War Formal Interstate Alliance Dataset, directed dyad-year",
	Publisher:      "Correlates of War Project (Gibler 2009); dyad-year form from R package peacesciencer",
	Licence:        "COW data free for research use with citation; peacesciencer GPL-2",
	Citation:       "Gibler, Douglas M. 2009. International Military Alliances, 1648–2008. Washington DC: CQ Press.",
	URL:            "https://correlatesofwar.org/data-sets/formal-alliances/",
	Layout:         "CSV: ccode1, ccode2, year, cow_defense, cow_neutral, cow_nonagg, cow_entente (0/1)",
	defaultRelease: "4.1",
	release:        releaseFromName,
	order:          30,
	detect: func(s *sniff) int {
		return headerScore(s, "ccode1", "ccode2", "year", "cow_defense")
	},
	parse: func(j *job, in *input) error {
		return parseDyadFlags(j, in, []flagCol{
			{"cow_defense", entente.TieAllianceDefense},
			{"cow_neutral", entente.TieAllianceNeutrality},
			{"cow_nonagg", entente.TieAllianceNonAggress},
			{"cow_entente", entente.TieAllianceEntente},
		})
	},
}

// flagCol ties a 0/1 indicator column to the kind of tie it stands for.
type flagCol struct {
	col  string
	kind entente.TieKind
}

// parseDyadFlags reads a dyad-year file of 0/1 indicators (COW, ATOP) into
// one tie per indicator set.
func parseDyadFlags(j *job, in *input, flags []flagCol) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("ccode1", "ccode2", "year")
	if err != nil {
		return err
	}
	fc := make([]int, len(flags))
	for i, f := range flags {
		if fc[i], err = t.col(f.col); err != nil {
			return err
		}
	}
	set := make([]bool, len(flags))
	viaGW := map[string]int64{}
	for {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			for _, k := range slices.Sorted(maps.Keys(viaGW)) {
				j.note("%d rows give COW code %s in years when COW does not use it; mapped through the Gleditsch–Ward code (united Germany keeps 260 in the alliance data after 1990)", viaGW[k], k)
			}
			return nil
		}
		if err != nil {
			return err
		}
		c1, c2, y := r.Int(c[0]), r.Int(c[1]), r.Year(c[2])
		any := false
		for i := range flags {
			set[i] = r.Flag(fc[i])
			any = any || set[i]
		}
		if err := r.Err(); err != nil {
			return err
		}
		j.rows++
		if !any {
			continue
		}
		a, okA := allianceParty(j, c1, y, viaGW)
		b, okB := allianceParty(j, c2, y, viaGW)
		if !okA || !okB {
			continue
		}
		p := yearPeriod(y)
		j.cov.span(p)
		for i, f := range flags {
			if !set[i] {
				continue
			}
			if err := j.tie(entente.Tie{
				Kind:     f.kind,
				A:        a,
				B:        b,
				Period:   p,
				Year:     y,
				Value:    1,
				Evidence: j.evidence(r.line),
			}); err != nil {
				return err
			}
		}
	}
}

// allianceParty maps a state code of an alliance dyad-year. The COW and ATOP
// alliance files keep West Germany's 260 for united Germany after 1990,
// where the COW state list has 255 and Gleditsch–Ward keeps 260: a code the
// COW list does not give that year is tried as a GW code before the row
// counts as lost.
func allianceParty(j *job, code, y int, viaGW map[string]int64) (string, bool) {
	v := strconv.Itoa(code)
	if c := yearLookup(j.maps, entente.SchemeCOWNum, v, y); c != "" {
		return c, true
	}
	if c := yearLookup(j.maps, entente.SchemeGWNum, v, y); c != "" {
		viaGW[v]++
		return c, true
	}
	j.maps.miss(string(entente.SchemeCOWNum), v)
	return "", false
}

package importer

import (
	"errors"
	"io"
	"strconv"

	"entente"
)

// COW National Material Capabilities v7.0 (abridged, as peacesciencer
// distributes it): ccode, year, milex (thousands of current US$), milper
// (thousands), irst (thousand tons), pec (thousand coal-ton equivalents),
// tpop, upop (thousands), cinc (share of the system total); missing values
// empty. Each row becomes a capability tie of the state for the year with
// Value = CINC and the six components in Attrs (those present). A row
// without CINC is kept with Value 0 and Attrs["cinc_missing"] = "true".

var kindNMC = &Kind{
	Name:           "cow-nmc",
	Dataset:        "cow-nmc",
	Title:          "COW National Material Capabilities v7.0",
	Publisher:      cowPublisherPS,
	Licence:        cowLicencePS,
	Citation:       "Singer, J. David, Stuart Bremer, and John Stuckey. 1972. \"Capability Distribution, Uncertainty, and Major Power War, 1820-1965.\" In Bruce Russett (ed) Peace, War, and Numbers, 19–48. Beverly Hills: Sage. NMC v7.0 (Greig & Enterline).",
	URL:            "https://correlatesofwar.org/data-sets/national-material-capabilities/",
	Layout:         "CSV: ccode, year, milex, milper, irst, pec, tpop, upop, cinc",
	defaultRelease: "7.0",
	order:          75,
	detect: func(s *sniff) int {
		return headerScore(s, "ccode", "year", "milex", "cinc")
	},
	parse: parseNMC,
}

func parseNMC(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("ccode", "year", "cinc")
	if err != nil {
		return err
	}
	parts := []string{"milex", "milper", "irst", "pec", "tpop", "upop"}
	pc := make([]int, len(parts))
	for i, p := range parts {
		pc[i] = t.optCol(p)
	}
	for {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		cc, y := r.Int(c[0]), r.Year(c[1])
		cinc, ok := r.OptFloat(c[2])
		attrs := map[string]string{}
		for i, col := range pc {
			if col < 0 {
				continue
			}
			if v, ok := r.OptFloat(col); ok {
				attrs[parts[i]] = fmtNum(v)
			}
		}
		if err := r.Err(); err != nil {
			return err
		}
		if !ok {
			attrs["cinc_missing"] = "true"
		}
		j.rows++
		a, mapped := j.maps.year(entente.SchemeCOWNum, strconv.Itoa(cc), y)
		if !mapped {
			continue
		}
		p := yearPeriod(y)
		j.cov.span(p)
		if err := j.tie(entente.Tie{Kind: entente.TieCapability, A: a, Period: p, Year: y, Value: cinc, Unit: "CINC", Attrs: attrs, Evidence: j.evidence(r.line)}); err != nil {
			return err
		}
	}
}

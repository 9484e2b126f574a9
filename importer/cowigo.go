package importer

import (
	"errors"
	"io"
	"strconv"

	"entente"
)

// COW Intergovernmental Organizations v3, aggregated as peacesciencer
// distributes it:
//
//	cow_igo_ndy.csv  ccode1 < ccode2, year, dyadigos (IGOs in which both are full members)
//	cow_igo_sy.csv   ccode, year, sum_igo_full, sum_igo_associate, sum_igo_observer, sum_igo_anytype
//
// Dyad-years become igo.shared ties (Value = shared full memberships);
// state-years igo.count ties (Value = full memberships, the other counts in
// Attrs).

// Tie kinds for the COW IGO counts, not yet in the domain vocabulary.
const (
	TieIGOShared entente.TieKind = "igo.shared" // IGOs in which A and B are both full members
	TieIGOCount  entente.TieKind = "igo.count"  // IGO memberships of A (B empty)
)

const (
	cowIGOCitation = "Pevehouse, Jon C.W., Timothy Nordstrom, Roseanne W. McManus, and Anne Spencer Jamison. 2020. \"Tracking Organizations in the World: The Correlates of War IGO Version 3.0 datasets.\" Journal of Peace Research 57(3): 492–503."
	cowIGOURL      = "https://correlatesofwar.org/data-sets/igos/"
)

var (
	kindCOWIGODyadic = &Kind{
		Name: "cow-igo-dyadic", Dataset: "cow-igo.dyadic", Title: "COW Intergovernmental Organizations v3, shared memberships by dyad-year",
		Publisher: cowPublisherPS, Licence: cowLicencePS, Citation: cowIGOCitation, URL: cowIGOURL,
		Layout:         "CSV: ccode1, ccode2, year, dyadigos",
		defaultRelease: "3.0", order: 76,
		detect: func(s *sniff) int { return headerScore(s, "ccode1", "ccode2", "year", "dyadigos") },
		parse:  parseIGODyadic,
	}
	kindCOWIGONational = &Kind{
		Name: "cow-igo-national", Dataset: "cow-igo.national", Title: "COW Intergovernmental Organizations v3, memberships by state-year",
		Publisher: cowPublisherPS, Licence: cowLicencePS, Citation: cowIGOCitation, URL: cowIGOURL,
		Layout:         "CSV: ccode, year, sum_igo_full, sum_igo_associate, sum_igo_observer, sum_igo_anytype",
		defaultRelease: "3.0", order: 77,
		detect: func(s *sniff) int { return headerScore(s, "ccode", "year", "sum_igo_full") },
		parse:  parseIGONational,
	}
)

func parseIGODyadic(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("ccode1", "ccode2", "year", "dyadigos")
	if err != nil {
		return err
	}
	return t.each(func(r *rec) error {
		c1, c2, y := r.Int(c[0]), r.Int(c[1]), r.Year(c[2])
		n, ok := r.OptFloat(c[3])
		if err := r.Err(); err != nil {
			return err
		}
		j.rows++
		if !ok {
			return nil
		}
		a, okA := j.maps.year(entente.SchemeCOWNum, strconv.Itoa(c1), y)
		b, okB := j.maps.year(entente.SchemeCOWNum, strconv.Itoa(c2), y)
		if !okA || !okB {
			return nil
		}
		p := yearPeriod(y)
		j.cov.span(p)
		if err := j.tie(entente.Tie{Kind: TieIGOShared, A: a, B: b, Period: p, Year: y, Value: n, Unit: "IGOs", Evidence: j.evidence(r.line)}); err != nil {
			return err
		}
		return nil
	})
}

func parseIGONational(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("ccode", "year", "sum_igo_full")
	if err != nil {
		return err
	}
	others := []string{"sum_igo_associate", "sum_igo_observer", "sum_igo_anytype"}
	for {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		cc, y := r.Int(c[0]), r.Year(c[1])
		n, ok := r.OptFloat(c[2])
		attrs := map[string]string{}
		for _, o := range others {
			if i := t.optCol(o); i >= 0 {
				if v, ok := r.OptFloat(i); ok {
					attrs[o] = fmtNum(v)
				}
			}
		}
		if err := r.Err(); err != nil {
			return err
		}
		j.rows++
		if !ok {
			continue
		}
		a, mapped := j.maps.year(entente.SchemeCOWNum, strconv.Itoa(cc), y)
		if !mapped {
			continue
		}
		p := yearPeriod(y)
		j.cov.span(p)
		if err := j.tie(entente.Tie{Kind: TieIGOCount, A: a, Period: p, Year: y, Value: n, Unit: "IGOs", Attrs: attrs, Evidence: j.evidence(r.line)}); err != nil {
			return err
		}
	}
}

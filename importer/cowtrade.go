package importer

import (
	"strconv"

	"entente"
)

// COW Trade v4.0 (Barbieri & Keshk), in the form peacesciencer distributes:
//
//   - dyadic, non-directed (ccode1 < ccode2): ccode1, ccode2, year, flow1,
//     flow2, smoothflow1, smoothflow2, in current US$ millions. flow1 is the
//     imports of ccode1 from ccode2; flow2 the imports of ccode2 from ccode1.
//   - national: ccode, year, imports, exports (current US$ millions).
//
// A dyadic row becomes two trade.flow ties, each "A imports from B": A =
// ccode1, B = ccode2, Value = flow1, and A = ccode2, B = ccode1, Value =
// flow2, with the smoothed figure in Attrs["smoothflow"]. A missing flow (NA)
// gives no tie for that direction; a zero flow is stored as zero. A national
// row becomes a trade.total tie of the state with Value = imports + exports
// and both parts in Attrs; when one part is missing Value holds the other
// and Attrs["partial"] is "true".

const (
	cowTradePublisher = "Correlates of War Project (Barbieri & Keshk); form from R package peacesciencer"
	cowTradeLicence   = "COW trade data free for research use with citation; peacesciencer GPL-2"
	cowTradeCitation  = "Barbieri, Katherine and Omar M. G. Omar Keshk. 2016. Correlates of War Project Trade Data Set Codebook, Version 4.0; Barbieri, Keshk & Pollins. 2009. \"Trading Data: Evaluating our Assumptions and Coding Rules.\" Conflict Management and Peace Science 26(5): 471–491."
	cowTradeURL       = "https://correlatesofwar.org/data-sets/bilateral-trade/"
)

var (
	kindCOWTradeDyadic = &Kind{
		Name:           "cow-trade-dyadic",
		Dataset:        "cow-trade.dyadic",
		Title:          "Correlates of War Trade v4.0, dyadic",
		Publisher:      cowTradePublisher,
		Licence:        cowTradeLicence,
		Citation:       cowTradeCitation,
		URL:            cowTradeURL,
		Layout:         "CSV: ccode1, ccode2, year, flow1 (imports of 1 from 2), flow2 (imports of 2 from 1), smoothflow1, smoothflow2 — US$ millions",
		defaultRelease: "4.0",
		release:        releaseFromName,
		order:          40,
		detect: func(s *sniff) int {
			return headerScore(s, "ccode1", "ccode2", "year", "flow1", "flow2")
		},
		parse: parseCOWTradeDyadic,
	}
	kindCOWTradeNational = &Kind{
		Name:           "cow-trade-national",
		Dataset:        "cow-trade.national",
		Title:          "Correlates of War Trade v4.0, national",
		Publisher:      cowTradePublisher,
		Licence:        cowTradeLicence,
		Citation:       cowTradeCitation,
		URL:            cowTradeURL,
		Layout:         "CSV: ccode, year, imports, exports — US$ millions",
		defaultRelease: "4.0",
		release:        releaseFromName,
		order:          41,
		detect: func(s *sniff) int {
			return headerScore(s, "ccode", "year", "imports", "exports")
		},
		parse: parseCOWTradeNational,
	}
)

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func parseCOWTradeDyadic(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("ccode1", "ccode2", "year", "flow1", "flow2")
	if err != nil {
		return err
	}
	cs1, cs2 := t.optCol("smoothflow1"), t.optCol("smoothflow2")
	return t.each(func(r *rec) error {
		c1, c2, y := r.Int(c[0]), r.Int(c[1]), r.Year(c[2])
		f1, ok1 := r.OptFloat(c[3])
		f2, ok2 := r.OptFloat(c[4])
		var s1, s2 float64
		var oks1, oks2 bool
		if cs1 >= 0 {
			s1, oks1 = r.OptFloat(cs1)
		}
		if cs2 >= 0 {
			s2, oks2 = r.OptFloat(cs2)
		}
		if err := r.Err(); err != nil {
			return err
		}
		j.rows++
		if !ok1 && !ok2 {
			return nil
		}
		a, okA := j.maps.year(entente.SchemeCOWNum, strconv.Itoa(c1), y)
		b, okB := j.maps.year(entente.SchemeCOWNum, strconv.Itoa(c2), y)
		if !okA || !okB {
			return nil
		}
		p := yearPeriod(y)
		j.cov.span(p)
		emit := func(a, b string, v float64, s float64, oks bool) error {
			var attrs map[string]string
			if oks {
				attrs = map[string]string{"smoothflow": fmtNum(s)}
			}
			return j.tie(entente.Tie{Kind: entente.TieTradeFlow, A: a, B: b, Period: p, Year: y, Value: v, Unit: "US$ million", Attrs: attrs, Evidence: j.evidence(r.line)})
		}
		if ok1 {
			if err := emit(a, b, f1, s1, oks1); err != nil {
				return err
			}
		}
		if ok2 {
			if err := emit(b, a, f2, s2, oks2); err != nil {
				return err
			}
		}
		return nil
	})
}

func parseCOWTradeNational(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("ccode", "year", "imports", "exports")
	if err != nil {
		return err
	}
	return t.each(func(r *rec) error {
		cc, y := r.Int(c[0]), r.Year(c[1])
		imp, okI := r.OptFloat(c[2])
		exp, okE := r.OptFloat(c[3])
		if err := r.Err(); err != nil {
			return err
		}
		j.rows++
		if !okI && !okE {
			return nil
		}
		a, ok := j.maps.year(entente.SchemeCOWNum, strconv.Itoa(cc), y)
		if !ok {
			return nil
		}
		attrs := map[string]string{}
		if okI {
			attrs["imports"] = fmtNum(imp)
		}
		if okE {
			attrs["exports"] = fmtNum(exp)
		}
		if !okI || !okE {
			attrs["partial"] = "true"
		}
		p := yearPeriod(y)
		j.cov.span(p)
		if err := j.tie(entente.Tie{Kind: entente.TieTradeTotal, A: a, Period: p, Year: y, Value: imp + exp, Unit: "US$ million", Attrs: attrs, Evidence: j.evidence(r.line)}); err != nil {
			return err
		}
		return nil
	})
}

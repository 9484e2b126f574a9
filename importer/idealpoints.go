package importer

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"entente"
)

// Bailey–Strezhnev–Voeten UNGA ideal points, in both layouts the authors
// have released:
//
//   - IdealpointestimatesAll_Jun2024.csv: one row per country and session;
//     columns "" (R row number), ccode, session, NVotesAll, IdealPointAll,
//     QO%All … Q100%All, iso3c, Countryname, USAgree, RUSSAgree,
//     BrazilAgree, ChinaAgree, IndiaAgree, IsraelAgree.
//   - Idealpoints_July2025 (Stata, exported to CSV): one row per country and
//     year (= session start year); columns ccode, iso3c, countryname, year,
//     idealpointfp, idealpointall, idealpointlegacy, nvotesfp, qofp … q100fp,
//     nvotesall, qoall … q100all, nvotesLegacy.
//
// Each row becomes a Tie{Kind: idealpoint, A: country, Year: session start
// year}. Value is the "All" estimate, comparable across both releases;
// where a release has none (2024 in July 2025) the "FP" estimate is used and
// Attrs["measure"] says which ("all" or "fp"). Every other number of the row
// is kept in Attrs under its lower-cased column name, with Attrs["session"].
// Countries are mapped from the COW code date-aware. Both layouts are
// releases of one dataset: the newer replaces the older.

var kindIdealPoints = &Kind{
	Name:      "idealpoints",
	Dataset:   "unga-idealpoints",
	Title:     "UNGA ideal-point estimates (Bailey, Strezhnev & Voeten)",
	Publisher: "Michael A. Bailey, Anton Strezhnev, Erik Voeten (Harvard Dataverse hdl:1902.1/12379)",
	Licence:   "none stated in the copies; Harvard Dataverse terms apply — cite the article",
	Citation:  "Bailey, Michael A., Anton Strezhnev, and Erik Voeten. 2017. \"Estimating Dynamic State Preferences from United Nations Voting Data.\" Journal of Conflict Resolution 61(2): 430–456.",
	URL:       "https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
	Layout:    "CSV: ccode, session, IdealPointAll, … (June 2024) or ccode, year, idealpointfp, idealpointall, … (July 2025)",
	release: func(s *sniff) string {
		if m := reMonthYear.FindStringSubmatch(s.base); m != nil {
			return fmt.Sprintf("%s-%02d", m[2], monthNumber(m[1]))
		}
		return ""
	},
	defaultRelease: "unknown",
	order:          20,
	detect: func(s *sniff) int {
		return max(headerScore(s, "ccode", "session", "idealpointall"), headerScore(s, "ccode", "year", "idealpointfp"))
	},
	parse: parseIdealPoints,
}

var reMonthYear = regexp.MustCompile(`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*_?(\d{4})`)

func monthNumber(s string) int {
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), s[:3]) {
			return int(m)
		}
	}
	return 0
}

func parseIdealPoints(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	cCode, err := t.col("ccode")
	if err != nil {
		return err
	}
	cSession, cYear := t.optCol("session"), t.optCol("year")
	cISO3 := t.optCol("iso3c")
	if cSession < 0 && cYear < 0 {
		return &entente.InputError{File: j.path, Line: 1, Field: "year", Err: errors.New("column missing from header (want session or year)")}
	}
	cAll := t.optCol("idealpointall")
	cFP := t.optCol("idealpointfp")
	if cAll < 0 && cFP < 0 {
		return &entente.InputError{File: j.path, Line: 1, Field: "IdealPointAll", Err: errors.New("column missing from header")}
	}
	// Columns copied to Attrs: every numeric one but the keys.
	keys := map[int]bool{cCode: true, cSession: true, cYear: true}
	var extra []int
	for i, h := range t.header {
		n := normCol(h)
		if keys[i] || n == "" || n == "iso3c" || n == "countryname" {
			continue
		}
		extra = append(extra, i)
	}
	for {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		ccode := r.Int(cCode)
		var year, session int
		if cYear >= 0 {
			year = r.Year(cYear)
			session = year - 1945
		} else {
			session = r.Int(cSession)
			year = session + 1945
		}
		attrs := map[string]string{"session": strconv.Itoa(session)}
		for _, c := range extra {
			if v, ok := r.OptFloat(c); ok {
				attrs[normCol(t.header[c])] = strconv.FormatFloat(v, 'g', -1, 64)
			}
		}
		value, ok := 0.0, false
		if cAll >= 0 {
			value, ok = r.OptFloat(cAll)
			attrs["measure"] = "all"
		}
		if !ok && cFP >= 0 {
			value, ok = r.OptFloat(cFP)
			attrs["measure"] = "fp"
		}
		if err := r.Err(); err != nil {
			return err
		}
		if session < 1 {
			return &entente.InputError{File: j.path, Line: r.line, Field: "session", Err: fmt.Errorf("session %d out of range", session)}
		}
		j.rows++
		if !ok {
			// No estimate of either kind for this country-session: the
			// row says the state did not vote enough to be scaled.
			continue
		}
		a := yearLookup(j.maps, entente.SchemeCOWNum, strconv.Itoa(ccode), year)
		if a == "" && cISO3 >= 0 {
			// COW codes the Ukrainian and Byelorussian SSRs (369, 370)
			// only from 1991, but they held UN seats from 1945 and the
			// registry dates UKR and BLR from then: their ISO code maps.
			if iso3 := r.Str(cISO3); iso3 != "" && iso3 != "NA" {
				a = yearLookup(j.maps, entente.SchemeISO3, iso3, year)
				// Before the state existed, its predecessor held the
				// seat: TWN's ideal points of 1946–48 are the Republic
				// of China's, which the registry codes as China then.
				if act, err := j.cfg.Registry.ByCode(entente.SchemeISO3, iso3, time.Time{}); a == "" && err == nil {
					for _, p := range act.Predecessors {
						if a = yearLookup(j.maps, entente.SchemeISO3, p, year); a != "" {
							break
						}
					}
				}
			}
		}
		if a == "" {
			j.maps.miss(string(entente.SchemeCOWNum), strconv.Itoa(ccode))
			continue
		}
		p := entente.Period{From: entente.Day(year, time.September, 1), To: entente.Day(year+1, time.August, 31)}
		j.cov.span(p)
		if err := j.tie(entente.Tie{
			Kind:     entente.TieIdealPoint,
			A:        a,
			Period:   p,
			Year:     year,
			Value:    value,
			Unit:     "ideal point",
			Attrs:    attrs,
			Evidence: j.evidence(r.line),
		}); err != nil {
			return err
		}
	}
}

// yearLookup maps a code used for a whole year as mapper.year does (mid-
// year, then its end and start), without tallying a miss, so that a caller
// can try another code first.
func yearLookup(m *mapper, scheme entente.CodeScheme, value string, y int) string {
	for _, d := range []time.Time{entente.Day(y, time.July, 1), entente.Day(y, time.December, 31), entente.Day(y, time.January, 1)} {
		if c := m.lookup(scheme, value, d); c != "" {
			return c
		}
	}
	return ""
}

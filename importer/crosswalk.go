package importer

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"entente"
)

// The countrycode crosswalk (R package countrycode) is not imported as
// actors: entente's registry is authoritative. Importing it compares it with
// the registry and reports every disagreement; the file is recorded as a
// source (so `entente sources` shows it was checked) and the disagreements
// are printed as notes.
//
//   - codelist.csv: one row per country or territory with iso3c, iso2c,
//     iso3n, cown, cowc, gwn, gwc and country.name.en (among ~76 columns).
//     Each row is looked up by iso3c (else cown); then every code the row
//     gives is checked against the registry actor's codes in that scheme
//     at any time.
//   - codelist_panel.csv: country × year with the same columns. Each row
//     with both cown and iso3c checks, date-aware on 1 July of the year,
//     that the registry maps the COW code to the actor with that ISO3 code.
//     Disagreements are reported as year ranges.

var (
	kindCrosswalk = &Kind{
		Name: "countrycode", Dataset: "countrycode", Title: "countrycode crosswalk (codelist), compared with the registry",
		Publisher: "Vincent Arel-Bundock, Nils Enevoldsen, CJ Yetman (R package countrycode)", Licence: "GPL-3",
		Citation:       "Arel-Bundock, Vincent, Nils Enevoldsen, and CJ Yetman. 2018. \"countrycode: An R package to convert country names and country codes.\" Journal of Open Source Software 3(28): 848.",
		URL:            "https://github.com/vincentarelbundock/countrycode",
		Layout:         "CSV: country.name.en, iso3c, iso2c, iso3n, cown, cowc, gwn, gwc, … (one row per country)",
		defaultRelease: "1.8.0", order: 80,
		detect: func(s *sniff) int {
			if s.has("year") {
				return 0
			}
			return headerScore(s, "country.name.en", "iso3c", "cown", "cowc")
		},
		parse: parseCrosswalk,
	}
	kindCrosswalkPanel = &Kind{
		Name: "countrycode-panel", Dataset: "countrycode.panel", Title: "countrycode crosswalk (codelist_panel), compared with the registry",
		Publisher: "Vincent Arel-Bundock, Nils Enevoldsen, CJ Yetman (R package countrycode)", Licence: "GPL-3",
		Citation:       kindCrosswalk.Citation,
		URL:            "https://github.com/vincentarelbundock/countrycode",
		Layout:         "CSV: country.name.en, year, iso3c, cown, … (country × year)",
		defaultRelease: "1.8.0", order: 81,
		detect: func(s *sniff) int {
			return headerScore(s, "country.name.en", "year", "iso3c", "cown")
		},
		parse: parseCrosswalkPanel,
	}
)

// crosswalkSchemes are the codelist columns compared with the registry.
var crosswalkSchemes = []struct {
	col    string
	scheme entente.CodeScheme
	num    bool
}{
	{"iso3c", entente.SchemeISO3, false},
	{"iso2c", entente.SchemeISO2, false},
	{"iso3n", entente.SchemeISONum, true},
	{"cown", entente.SchemeCOWNum, true},
	{"cowc", entente.SchemeCOWAbb, false},
	{"gwn", entente.SchemeGWNum, true},
	{"gwc", entente.SchemeGWAbb, false},
}

// normCode folds numeric codes so that "004" and "4" agree.
func normCode(v string, num bool) string {
	v = strings.TrimSpace(v)
	if num {
		if n, err := strconv.Atoi(v); err == nil {
			return strconv.Itoa(n)
		}
	}
	return strings.ToUpper(v)
}

// checkNumericCodes fails the record when a numeric code column (iso3n,
// cown, gwn) holds something other than a whole number or NA, so that a
// shifted column or stray text is reported rather than compared.
func checkNumericCodes(r *rec, cols []int) {
	for i, s := range crosswalkSchemes {
		if s.num {
			r.OptInt(cols[i])
		}
	}
}

// codesIn lists an actor's codes in a scheme, at any time.
func codesIn(a entente.Actor, scheme entente.CodeScheme, num bool) []string {
	var out []string
	for _, c := range a.Codes {
		if c.Scheme == scheme {
			out = append(out, normCode(c.Value, num))
		}
	}
	if scheme == entente.SchemeISO3 && len(out) == 0 {
		out = append(out, a.Code)
	}
	return out
}

func parseCrosswalk(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	cName, err := t.col("country.name.en")
	if err != nil {
		return err
	}
	cols := make([]int, len(crosswalkSchemes))
	for i, s := range crosswalkSchemes {
		if cols[i], err = t.col(s.col); err != nil {
			return err
		}
	}
	var unknown, differ []string
	compared := 0
	for {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		checkNumericCodes(r, cols)
		if err := r.Err(); err != nil {
			return err
		}
		j.rows++
		name := r.Str(cName)
		var a entente.Actor
		var key string
		switch iso3, cown := r.Str(cols[0]), r.Str(cols[3]); {
		case !missing(iso3):
			key = "iso3c " + iso3
			a, err = j.cfg.Registry.ByCode(entente.SchemeISO3, iso3, time.Time{})
		case !missing(cown):
			key = "cown " + cown
			a, err = j.cfg.Registry.ByCode(entente.SchemeCOWNum, normCode(cown, true), time.Time{})
		default:
			continue
		}
		if err != nil {
			unknown = append(unknown, fmt.Sprintf("%s (%s)", key, name))
			continue
		}
		compared++
		for i, s := range crosswalkSchemes {
			v := r.Str(cols[i])
			if missing(v) {
				continue
			}
			v = normCode(v, s.num)
			have := codesIn(a, s.scheme, s.num)
			found := false
			for _, h := range have {
				found = found || h == v
			}
			if !found {
				reg := strings.Join(have, "|")
				if reg == "" {
					reg = "none"
				}
				differ = append(differ, fmt.Sprintf("%s (%s): %s crosswalk %s, registry %s", a.Code, name, s.col, v, reg))
			}
		}
	}
	j.note("%d rows, %d compared with registry actors: %d code disagreements, %d codes unknown to the registry", j.rows, compared, len(differ), len(unknown))
	for _, d := range differ {
		j.note("disagrees: %s", d)
	}
	for _, u := range unknown {
		j.note("not in registry: %s", u)
	}
	return nil
}

func parseCrosswalkPanel(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("country.name.en", "year", "iso3c", "cown")
	if err != nil {
		return err
	}
	type key struct{ name, iso3, cown, reg string }
	spans := map[key][2]int{}
	add := func(k key, y int) {
		s, ok := spans[k]
		if !ok {
			s = [2]int{y, y}
		}
		s[0], s[1] = min(s[0], y), max(s[1], y)
		spans[k] = s
	}
	for {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		name := r.Str(c[0])
		y := r.Year(c[1])
		iso3, cown := r.Str(c[2]), r.Str(c[3])
		r.OptInt(c[3])
		if err := r.Err(); err != nil {
			return err
		}
		j.rows++
		j.cov.year(y)
		if missing(iso3) || missing(cown) {
			continue
		}
		cown = normCode(cown, true)
		// The year's holder of the code, as the importers map dyad-years:
		// mid-year, else the year's end or start.
		var a entente.Actor
		found := false
		for _, d := range []time.Time{entente.Day(y, time.July, 1), entente.Day(y, time.December, 31), entente.Day(y, time.January, 1)} {
			if x, err := j.cfg.Registry.ByCode(entente.SchemeCOWNum, cown, d); err == nil {
				a, found = x, true
				break
			}
		}
		if !found {
			add(key{name, iso3, cown, "none"}, y)
			continue
		}
		ok := a.Code == strings.ToUpper(iso3)
		for _, h := range codesIn(a, entente.SchemeISO3, false) {
			ok = ok || h == strings.ToUpper(iso3)
		}
		if !ok {
			add(key{name, iso3, cown, a.Code}, y)
		}
	}
	var lines []string
	for k, s := range spans {
		lines = append(lines, fmt.Sprintf("cown %s in %d–%d: crosswalk %s (%s), registry %s", k.cown, s[0], s[1], k.iso3, k.name, k.reg))
	}
	sort.Strings(lines)
	j.note("%d country-years: %d disagreements on COW code → ISO3 (date-aware)", j.rows, len(lines))
	for _, l := range lines {
		j.note("disagrees: %s", l)
	}
	return nil
}

package importer

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"entente"
)

// GDELT event exports: tab-separated, no header, one event per line.
//
//   - GDELT 2.0 (15-minute files YYYYMMDDHHMMSS.export.CSV): 61 columns.
//   - GDELT 1.0 (daily files YYYYMMDD.export.CSV): 58 columns, or 57 for
//     files before 2013-04-01, which lack SOURCEURL.
//
// The columns entente reads are the same in both up to AvgTone (column 35);
// the 2.0 schema adds an ADM2Code to each of the three geography blocks.
// Each line becomes an entente.Event: ID "gdelt:"+GLOBALEVENTID ("gdelt1:"
// for 1.0), Date SQLDATE, Source/Target from Actor1/Actor2 (Code = the
// CAMEO actor code, Country = the registry actor of ActorNCountryCode, date-
// aware, Text = ActorNName), CAMEO EventCode with its PLOVER category,
// Goldstein, NumMentions and AvgTone, and evidence citing file and line.
// Country codes that are not states (regions such as EUR, AFR) leave Country
// empty and are tallied as unmapped; the event is kept.

var gdeltColumns2 = []string{
	"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
	"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
	"Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
	"Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
	"DATEADDED", "SOURCEURL",
}

var gdeltColumns1 = func() []string {
	var out []string
	for _, c := range gdeltColumns2 {
		if !strings.HasSuffix(c, "_ADM2Code") {
			out = append(out, c)
		}
	}
	return out
}()

// Column positions shared by both schemas.
const (
	gID = iota
	gDate
	_
	_
	_
	gA1Code
	gA1Name
	gA1Country
)

const (
	gA2Code    = 15
	gA2Name    = 16
	gA2Country = 17
	gEventCode = 26
	gQuad      = 29
	gGoldstein = 30
	gMentions  = 31
	gTone      = 34
)

const (
	gdeltPublisher = "The GDELT Project"
	gdeltLicence   = "GDELT: free for unrestricted use with attribution (\"The GDELT Project\")"
	gdeltCitation  = "The GDELT Project, https://www.gdeltproject.org; Leetaru, Kalev and Philip A. Schrodt. 2013. \"GDELT: Global Data on Events, Location and Tone, 1979–2012.\" ISA Annual Convention."
)

var (
	reGDELT2Name = regexp.MustCompile(`^\d{14}\.export\.csv(\.zip)?$`)
	reGDELT1Name = regexp.MustCompile(`^(\d{8}|\d{6}|\d{4})\.export\.csv(\.zip)?$`)
)

var (
	kindGDELT2 = &Kind{
		Name:           "gdelt2",
		Dataset:        "gdelt2",
		Title:          "GDELT 2.0 Event Database",
		Publisher:      gdeltPublisher,
		Licence:        gdeltLicence,
		Citation:       gdeltCitation,
		URL:            "https://www.gdeltproject.org/data.html",
		Layout:         "tab-separated, no header, 61 columns (GDELT 2.0 event export)",
		defaultRelease: "2.0",
		partitioned:    true,
		order:          60,
		detect: func(s *sniff) int {
			if s.tabs == len(gdeltColumns2)-1 && gdeltLooksLike(s.line) {
				if nameMatch(s, reGDELT2Name) {
					return 40
				}
				return 25
			}
			return 0
		},
		parse: func(j *job, in *input) error { return parseGDELT(j, in, 2) },
	}
	kindGDELT1 = &Kind{
		Name:           "gdelt1",
		Dataset:        "gdelt1",
		Title:          "GDELT 1.0 Event Database",
		Publisher:      gdeltPublisher,
		Licence:        gdeltLicence,
		Citation:       gdeltCitation,
		URL:            "https://www.gdeltproject.org/data.html",
		Layout:         "tab-separated, no header, 58 columns (57 before April 2013) (GDELT 1.0 event export)",
		defaultRelease: "1.0",
		partitioned:    true,
		order:          61,
		detect: func(s *sniff) int {
			if (s.tabs == len(gdeltColumns1)-1 || s.tabs == len(gdeltColumns1)-2) && gdeltLooksLike(s.line) {
				if nameMatch(s, reGDELT1Name) {
					return 40
				}
				return 25
			}
			return 0
		},
		parse: func(j *job, in *input) error { return parseGDELT(j, in, 1) },
	}
)

// gdeltLooksLike checks that a line starts with a numeric id and an
// 8-digit date, as every GDELT event line does.
func gdeltLooksLike(line string) bool {
	f := strings.SplitN(line, "\t", 3)
	if len(f) < 3 || len(f[1]) != 8 {
		return false
	}
	return isDigits(f[0]) && isDigits(f[1])
}

// lookupFor finds the CAMEO lookups for a file: Config.LookupDir, else a
// lookups/ folder beside it, else the folder itself.
func lookupFor(j *job) (*cameoLookup, error) {
	dirs := []string{j.cfg.LookupDir}
	if j.cfg.LookupDir == "" {
		d := filepath.Dir(j.path)
		dirs = []string{filepath.Join(d, "lookups"), d}
	}
	for _, d := range dirs {
		l, err := loadCAMEOLookup(d)
		if err != nil || l != nil {
			return l, err
		}
	}
	return nil, nil
}

func parseGDELT(j *job, in *input, version int) error {
	look, err := lookupFor(j)
	if err != nil {
		return err
	}
	names := gdeltColumns2
	prefix := "gdelt:"
	if version == 1 {
		names = gdeltColumns1
		prefix = "gdelt1:"
	}
	unknown := map[string]int64{}
	var mismatch int64
	// Actor codes, names and event codes repeat from line to line: one
	// string each saves most of the allocations of a large export.
	strs := interner{}
	// Evidence is carved out of one slice per batch rather than allocated
	// per event.
	var evs []entente.Evidence
	ls := newLines(in)
	for {
		b, err := ls.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if len(b) == 0 {
			continue
		}
		f := ls.split(b, '\t')
		if len(f) != len(names) && !(version == 1 && len(f) == len(names)-1) {
			return &entente.InputError{File: j.path, Line: ls.line, Err: fmt.Errorf("got %d fields, want %d (GDELT %d.0 export)", len(f), len(names), version)}
		}
		if !utf8.Valid(b) {
			for i, x := range f {
				if !utf8.Valid(x) {
					return &entente.InputError{File: j.path, Line: ls.line, Field: names[i], Err: errors.New("not valid UTF-8")}
				}
			}
		}
		fail := func(col int, err error) error {
			return &entente.InputError{File: j.path, Line: ls.line, Field: names[col], Err: err}
		}
		id := f[gID]
		if len(id) == 0 || !isDigits(string(id)) {
			return fail(gID, fmt.Errorf("%q is not an event id", clip(string(id))))
		}
		day, err := parseYMD(f[gDate])
		if err != nil {
			return fail(gDate, err)
		}
		code := strs.get(f[gEventCode])
		if code == "" || !isDigits(code) || len(code) > 4 {
			return fail(gEventCode, fmt.Errorf("%q is not a CAMEO event code", clip(code)))
		}
		if q := f[gQuad]; len(q) != 1 || q[0] < '1' || q[0] > '4' {
			return fail(gQuad, fmt.Errorf("%q is not a quad class 1-4", clip(string(q))))
		}
		var gold float64
		if g := f[gGoldstein]; len(g) > 0 {
			if gold, err = parseFloat(string(g)); err != nil {
				return fail(gGoldstein, err)
			}
		} else if look != nil {
			gold = look.goldstein[code]
		}
		mentions, err := parseInt(string(f[gMentions]))
		if err != nil && len(f[gMentions]) > 0 {
			return fail(gMentions, err)
		}
		var tone float64
		if t := f[gTone]; len(t) > 0 {
			if tone, err = parseFloat(string(t)); err != nil {
				return fail(gTone, err)
			}
		}
		if look != nil {
			if _, ok := look.names[code]; !ok {
				unknown[code]++
			} else if g, ok := look.goldstein[code]; ok && len(f[gGoldstein]) > 0 && g != gold {
				mismatch++
			}
		}
		j.rows++
		j.cov.day(day)
		e := entente.Event{
			ID:         prefix + string(id),
			Date:       day,
			Source:     gdeltActor(j, strs, f[gA1Code], f[gA1Country], f[gA1Name], day),
			Target:     gdeltActor(j, strs, f[gA2Code], f[gA2Country], f[gA2Name], day),
			CAMEO:      code,
			PLOVER:     ploverOf(code),
			Goldstein:  gold,
			Modality:   entente.Asserted,
			Confidence: 1,
			Mentions:   mentions,
			Tone:       tone,
		}
		if len(evs) == 0 {
			evs = make([]entente.Evidence, j.cfg.BatchSize)
		}
		evs[0] = j.evidence(ls.line)
		e.Evidence, evs = evs[:1:1], evs[1:]
		if err := j.event(e); err != nil {
			return err
		}
	}
	if look == nil {
		j.note("no CAMEO lookups (CAMEO.eventcodes.txt, CAMEO.goldsteinscale.txt) found: event codes not checked")
	} else {
		if len(unknown) > 0 {
			var cs []string
			for c, n := range unknown {
				cs = append(cs, fmt.Sprintf("%s×%d", c, n))
			}
			sort.Strings(cs)
			j.note("event codes not in %s: %s", filepath.Join(look.dir, "CAMEO.eventcodes.txt"), strings.Join(cs, ", "))
		}
		if mismatch > 0 {
			j.note("%d events carry a Goldstein value different from CAMEO.goldsteinscale.txt (the file's value is kept)", mismatch)
		}
	}
	return nil
}

// gdeltActor builds an event participant from a GDELT actor code, country
// code and name.
func gdeltActor(j *job, strs interner, code, country, name []byte, day time.Time) entente.ActorRef {
	ref := entente.ActorRef{Code: strs.get(code), Text: strs.get(name)}
	if len(country) > 0 {
		ref.Country, _ = j.maps.code(entente.SchemeCAMEO, strs.get(country), day)
	}
	return ref
}

// interner returns one string per distinct byte sequence. It stops growing
// at a bound so that a file of unique names cannot exhaust memory.
type interner map[string]string

func (in interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(in) < 1<<16 {
		in[s] = s
	}
	return s
}

// parseYMD reads a YYYYMMDD date.
func parseYMD(b []byte) (time.Time, error) {
	if len(b) != 8 || !isDigits(string(b)) {
		return time.Time{}, fmt.Errorf("%q is not a YYYYMMDD date", clip(string(b)))
	}
	y, _ := strconv.Atoi(string(b[:4]))
	m, _ := strconv.Atoi(string(b[4:6]))
	d, _ := strconv.Atoi(string(b[6:]))
	t := entente.Day(y, time.Month(m), d)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, fmt.Errorf("%q is not a valid date", string(b))
	}
	return t, nil
}

package importer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"entente"
)

// The Voeten UNGA voting data as repackaged by the R package unvotes: three
// CSV files with a header line.
//
//	un_roll_calls.csv         rcid, session, importantvote, date, unres, amend, para, short, descr
//	un_votes.csv              rcid, country, country_code, vote
//	un_roll_call_issues.csv   rcid, short_name, issue
//
// Roll calls become entente.RollCall with ID "unga:"+rcid and the issue tags
// of the issues file beside them; votes become entente.Vote with the country
// mapped date-aware (by the roll call's date) from its ISO 3166 alpha-2 code
// — historical codes such as YU, CS, DD and YD included — or, where the code
// is empty (Federal Republic of Germany, Yemen Arab Republic, Zanzibar),
// from its name.

const (
	unvotesTitle     = "United Nations General Assembly Voting Data"
	unvotesPublisher = "Erik Voeten, Anton Strezhnev, Michael Bailey (Harvard Dataverse hdl:1902.1/12379); R package unvotes by David Robinson"
	unvotesLicence   = "MIT (R package unvotes); Voeten data: cite as below"
	unvotesCitation  = "Voeten, Erik; Strezhnev, Anton; Bailey, Michael, 2009, \"United Nations General Assembly Voting Data\", hdl:1902.1/12379, Harvard Dataverse; Bailey, Strezhnev & Voeten (2017), Estimating Dynamic State Preferences from United Nations Voting Data, J. Conflict Resolution 61(2)."
	unvotesURL       = "https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379"
)

var (
	kindUNRollCalls = &Kind{
		Name:           "unvotes-rollcalls",
		Dataset:        "unvotes.rollcalls",
		Title:          unvotesTitle + ": roll calls",
		Publisher:      unvotesPublisher,
		Licence:        unvotesLicence,
		Citation:       unvotesCitation,
		URL:            unvotesURL,
		Layout:         "CSV: rcid, session, importantvote, date, unres, amend, para, short, descr (un_roll_calls.csv); issue tags read from un_roll_call_issues.csv beside it",
		defaultRelease: "0.3.0",
		order:          10,
		detect: func(s *sniff) int {
			return headerScore(s, "rcid", "session", "date", "unres")
		},
		parse: parseUNRollCalls,
	}
	kindUNVotes = &Kind{
		Name:           "unvotes-votes",
		Dataset:        "unvotes.votes",
		Title:          unvotesTitle + ": votes",
		Publisher:      unvotesPublisher,
		Licence:        unvotesLicence,
		Citation:       unvotesCitation,
		URL:            unvotesURL,
		Layout:         "CSV: rcid, country, country_code (ISO 3166 alpha-2), vote (yes/no/abstain) (un_votes.csv); roll-call dates read from un_roll_calls.csv beside it or from the store",
		defaultRelease: "0.3.0",
		order:          11,
		detect: func(s *sniff) int {
			return headerScore(s, "rcid", "country", "country_code", "vote")
		},
		parse: parseUNVotes,
	}
	kindUNIssues = &Kind{
		Name: "unvotes-issues",
		skip: "issue tags: read together with un_roll_calls.csv in the same folder",
		detect: func(s *sniff) int {
			return headerScore(s, "rcid", "short_name", "issue")
		},
	}
)

var (
	reRollCallsFile = regexp.MustCompile(`^un_roll_calls\.csv(\.gz)?$`)
	reIssuesFile    = regexp.MustCompile(`^un_roll_call_issues\.csv(\.gz)?$`)
)

// sibling finds a file matching re in the folder of path.
func sibling(path string, re *regexp.Regexp) string {
	dir := filepath.Dir(path)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for _, e := range ents {
		if !e.IsDir() && re.MatchString(strings.ToLower(e.Name())) {
			return filepath.Join(dir, e.Name())
		}
	}
	return ""
}

// readIssues reads the issue tags of every roll call from the issues file.
func readIssues(path string) (map[int][]string, error) {
	in, err := openInput(path, false, nil)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	t, err := newTable(in, ',')
	if err != nil {
		return nil, err
	}
	c, err := t.cols("rcid", "short_name")
	if err != nil {
		return nil, err
	}
	out := map[int][]string{}
	for {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		id, tag := r.Int(c[0]), r.Str(c[1])
		if err := r.Err(); err != nil {
			return nil, err
		}
		if tag == "" {
			return nil, &entente.InputError{File: path, Line: r.line, Field: "short_name", Err: errors.New("empty issue tag")}
		}
		out[id] = append(out[id], tag)
	}
}

func parseUNRollCalls(j *job, in *input) error {
	issues := map[int][]string{}
	if p := sibling(j.path, reIssuesFile); p != "" {
		var err error
		if issues, err = readIssues(p); err != nil {
			return err
		}
		j.note("issue tags read from %s", filepath.Base(p))
	} else {
		j.note("no un_roll_call_issues.csv beside the file: roll calls stored without issue tags")
	}
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("rcid", "session", "date", "unres", "short", "descr")
	if err != nil {
		return err
	}
	cImp, cAmend, cPara := t.optCol("importantvote"), t.optCol("amend"), t.optCol("para")
	seen := map[int]int64{}
	return t.each(func(r *rec) error {
		id := r.Int(c[0])
		rc := entente.RollCall{
			ID:         "unga:" + strconv.Itoa(id),
			Session:    r.Int(c[1]),
			Date:       r.Date(c[2]),
			Resolution: r.Str(c[3]),
			Short:      r.Str(c[4]),
			Title:      r.Str(c[5]),
			Issues:     issues[id],
			Evidence:   j.evidence(r.line),
		}
		if cImp >= 0 {
			rc.Important = r.Flag(cImp)
		}
		if cAmend >= 0 {
			rc.Amendment = r.Flag(cAmend)
		}
		if cPara >= 0 {
			rc.Paragraph = r.Flag(cPara)
		}
		if err := r.Err(); err != nil {
			return err
		}
		if prev, dup := seen[id]; dup {
			return &entente.InputError{File: j.path, Line: r.line, Field: "rcid", Err: fmt.Errorf("roll call %d already given on line %d", id, prev)}
		}
		seen[id] = r.line
		j.rows++
		j.cov.day(rc.Date)
		if err := j.rollcall(rc); err != nil {
			return err
		}
		return nil
	})
}

// rollCallDates returns the date of every roll call, from the roll-calls
// file beside path when there is one, else from the store.
func rollCallDates(j *job) (map[int]time.Time, error) {
	out := map[int]time.Time{}
	if p := sibling(j.path, reRollCallsFile); p != "" {
		in, err := openInput(p, false, nil)
		if err != nil {
			return nil, err
		}
		defer in.Close()
		t, err := newTable(in, ',')
		if err != nil {
			return nil, err
		}
		c, err := t.cols("rcid", "date")
		if err != nil {
			return nil, err
		}
		for {
			r, err := t.next()
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			if err != nil {
				return nil, err
			}
			id, d := r.Int(c[0]), r.Date(c[1])
			if err := r.Err(); err != nil {
				return nil, err
			}
			out[id] = d
		}
	}
	rcs, err := j.tx.RollCalls(j.ctx, entente.RollCallFilter{})
	if err != nil {
		return nil, fmt.Errorf("read roll calls: %w", err)
	}
	for _, rc := range rcs {
		if id, ok := strings.CutPrefix(rc.ID, "unga:"); ok {
			if n, err := strconv.Atoi(id); err == nil {
				out[n] = rc.Date
			}
		}
	}
	return out, nil
}

// unvotesCountry maps the country of a vote. The Voeten data name a UN
// seat by the ISO 3166 alpha-2 code of its holder today: "RU" for the
// Soviet Union's votes as well as Russia's, "YU" for Yugoslavia after 2003
// too. When the code has no holder on the day of the vote, the seat is
// followed through its COW code (RU → 365 → the USSR in 1980), which the
// registry resolves date-aware. Rows without a code (Federal Republic of
// Germany, Yemen Arab Republic, Zanzibar) are mapped by name.
func unvotesCountry(j *job, iso2, name string, day time.Time) (string, bool) {
	if iso2 == "" {
		return j.maps.name(name, day)
	}
	if c := j.maps.lookup(entente.SchemeISO2, iso2, day); c != "" {
		return c, true
	}
	k := mapKey{scheme: "iso2>cown", value: iso2}
	cown, ok := j.maps.cache[k]
	if !ok {
		if a, err := j.cfg.Registry.ByCode(entente.SchemeISO2, iso2, time.Time{}); err == nil {
			cown = a.CodeIn(entente.SchemeCOWNum, time.Time{})
		}
		j.maps.cache[k] = cown
	}
	if cown != "" {
		if c := j.maps.lookup(entente.SchemeCOWNum, cown, day); c != "" {
			return c, true
		}
	}
	// Before the code's actor existed, its predecessor held the seat: TW
	// in 1946–49 is the Republic of China, which the registry codes as
	// China until 1949-12-08.
	if a, err := j.cfg.Registry.ByCode(entente.SchemeISO2, iso2, time.Time{}); err == nil {
		for _, p := range a.Predecessors {
			if c := j.maps.lookup(entente.SchemeISO3, p, day); c != "" {
				return c, true
			}
		}
	}
	j.maps.miss(string(entente.SchemeISO2), iso2)
	return "", false
}

func parseUNVotes(j *job, in *input) error {
	dates, err := rollCallDates(j)
	if err != nil {
		return err
	}
	if len(dates) == 0 {
		return &entente.InputError{File: j.path, Err: errors.New("no roll calls known: import un_roll_calls.csv first or keep it beside this file")}
	}
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("rcid", "country", "country_code", "vote")
	if err != nil {
		return err
	}
	return t.each(func(r *rec) error {
		id := r.Int(c[0])
		name, iso2, v := r.Str(c[1]), r.Str(c[2]), r.Str(c[3])
		if err := r.Err(); err != nil {
			return err
		}
		choice, err := entente.ParseVoteChoice(v)
		if err != nil {
			return &entente.InputError{File: j.path, Line: r.line, Field: "vote", Err: err}
		}
		day, ok := dates[id]
		if !ok {
			return &entente.InputError{File: j.path, Line: r.line, Field: "rcid", Err: fmt.Errorf("roll call %d is not in the roll-calls file", id)}
		}
		j.rows++
		j.cov.day(day)
		code, ok := unvotesCountry(j, iso2, name, day)
		if !ok {
			return nil
		}
		if err := j.vote(entente.Vote{
			RollCall: "unga:" + strconv.Itoa(id),
			Country:  code,
			Choice:   choice,
			Evidence: j.evidence(r.line),
		}); err != nil {
			return err
		}
		return nil
	})
}

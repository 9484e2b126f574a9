package importer

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"entente"
)

// The UN Digital Library publishes General Assembly voting data as one long
// CSV file, one row per member state per recorded vote, with a header line.
// The columns entente reads (others are ignored):
//
//	undl_id       UN Digital Library record number of the vote (required)
//	ms_code       member state code, ISO 3166-1 alpha-3 (required; may be
//	              empty for states without one, then ms_name is used)
//	ms_name       member state name as the UN wrote it then (required)
//	ms_vote       Y yes, N no, A abstain, X non-voting; empty = non-voting
//	date          date of the vote, YYYY-MM-DD (a time after it is ignored)
//	session       GA session: a number, or "ES-11" for an emergency special
//	              session (then the regular session running on the date)
//	resolution    resolution symbol, e.g. A/RES/68/262
//	title         title of the resolution (optional)
//	agenda_title  agenda item (optional, stored as the short title)
//	undl_link     link to the record (optional)
//
// Unlike the Voeten data, this layout records non-voting members, so
// VoteAbsent occurs. Roll calls are stored with ID "undl:"+undl_id so that
// they never collide with the Voeten roll calls of the same meeting.

var kindUNDL = &Kind{
	Name:           "undl-votes",
	Dataset:        "undl.votes",
	Title:          "UN Digital Library: General Assembly voting data",
	Publisher:      "United Nations Dag Hammarskjöld Library",
	Licence:        "UN Digital Library terms of use (free reuse with attribution)",
	Citation:       "United Nations Digital Library, General Assembly Voting Data, https://digitallibrary.un.org",
	URL:            "https://digitallibrary.un.org",
	Layout:         "CSV, one row per member per vote: undl_id, ms_code, ms_name, ms_vote (Y/N/A/X), date, session, resolution, title, agenda_title",
	defaultRelease: "undated",
	release: func(s *sniff) string {
		// The library names its exports by date: 2025_1_22_ga_voting.csv.
		if m := reUNDLDate.FindStringSubmatch(s.base); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
		return ""
	},
	order: 12,
	detect: func(s *sniff) int {
		return headerScore(s, "undl_id", "ms_code", "ms_vote")
	},
	parse: parseUNDL,
}

var (
	reUNDLDate = regexp.MustCompile(`(\d{4})_(\d{1,2})_(\d{1,2})`)
	reESession = regexp.MustCompile(`^(?i)es-?\d+$`)
)

// sessionOn returns the regular GA session running on day d: session n
// opens in September of 1945+n.
func sessionOn(d time.Time) int {
	if d.Month() >= time.September {
		return d.Year() - 1945
	}
	return d.Year() - 1946
}

// undlVote reads the UN Digital Library's vote letters.
func undlVote(s string) (entente.VoteChoice, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "Y":
		return entente.VoteYes, nil
	case "N":
		return entente.VoteNo, nil
	case "A":
		return entente.VoteAbstain, nil
	case "X", "":
		return entente.VoteAbsent, nil
	}
	return entente.ParseVoteChoice(s)
}

func parseUNDL(j *job, in *input) error {
	t, err := newTable(in, ',')
	if err != nil {
		return err
	}
	c, err := t.cols("undl_id", "ms_code", "ms_name", "ms_vote", "date", "session", "resolution")
	if err != nil {
		return err
	}
	cTitle, cAgenda := t.optCol("title"), t.optCol("agenda_title")
	seen := map[string]time.Time{}
	return t.each(func(r *rec) error {
		id := r.Str(c[0])
		if id == "" {
			r.fail(c[0], errors.New("empty record id"))
		} else if !isDigits(id) {
			// UN Digital Library record ids are numbers; text here is a
			// shifted column or a damaged file, not an id to store.
			r.fail(c[0], fmt.Errorf("%q is not a UN Digital Library record number", clip(id)))
		}
		day := r.Date(c[4])
		if err := r.Err(); err != nil {
			return err
		}
		choice, err := undlVote(r.Str(c[3]))
		if err != nil {
			return &entente.InputError{File: j.path, Line: r.line, Field: t.header[c[3]], Err: err}
		}
		rcID := "undl:" + id
		if prev, ok := seen[id]; !ok {
			sess := r.Str(c[5])
			n, err := strconv.Atoi(sess)
			if err != nil {
				if !reESession.MatchString(sess) {
					return &entente.InputError{File: j.path, Line: r.line, Field: t.header[c[5]], Err: fmt.Errorf("%q is not a session number", clip(sess))}
				}
				n = sessionOn(day)
			}
			rc := entente.RollCall{
				ID:         rcID,
				Session:    n,
				Date:       day,
				Resolution: r.Str(c[6]),
				Evidence:   j.evidence(r.line),
			}
			if cTitle >= 0 {
				rc.Title = r.Str(cTitle)
			}
			if cAgenda >= 0 {
				rc.Short = r.Str(cAgenda)
			}
			seen[id] = day
			if err := j.rollcall(rc); err != nil {
				return err
			}
		} else if !prev.Equal(day) {
			return &entente.InputError{File: j.path, Line: r.line, Field: t.header[c[4]], Err: fmt.Errorf("vote %s dated %s here but %s earlier", id, day.Format(entente.DateLayout), prev.Format(entente.DateLayout))}
		}
		j.rows++
		j.cov.day(day)
		var code string
		var ok bool
		if iso3 := r.Str(c[1]); iso3 != "" {
			code, ok = j.maps.code(entente.SchemeISO3, iso3, day)
		} else {
			code, ok = j.maps.name(r.Str(c[2]), day)
		}
		if !ok {
			return nil
		}
		if err := j.vote(entente.Vote{RollCall: rcID, Country: code, Choice: choice, Evidence: j.evidence(r.line)}); err != nil {
			return err
		}
		return nil
	})
}

package importer

import (
	"fmt"
	"strings"

	"entente"
)

// ICEWS coded event data, in either of its two layouts:
//
//   - the Harvard Dataverse yearly files: tab-separated with a header of
//     "Event ID", "Event Date", "Source Name", "Source Sectors", "Source
//     Country", "Event Text", "CAMEO Code", "Intensity", "Target Name",
//     "Target Sectors", "Target Country", "Story ID", "Sentence Number",
//     "Publisher", "City", "District", "Province", "Country", "Latitude",
//     "Longitude";
//   - the R package icews: the same columns comma-separated in snake_case
//     (event_id, event_date, …) plus year and yearmonth.
//
// Each record becomes an entente.Event with ID "icews:"+event_id; the
// source and target countries (names) are mapped date-aware, the sectors
// give the CAMEO role (Military → MIL, Police → COP, Government/Executive →
// GOV, Judicial → JUD, Legislative → LEG), and Intensity is the Goldstein
// value. An empty country is a non-state or unresolved actor, not an
// unmapped one.

var kindICEWS = &Kind{
	Name:           "icews",
	Dataset:        "icews",
	Title:          "Integrated Crisis Early Warning System (ICEWS) coded event data",
	Publisher:      "Lockheed Martin Advanced Technology Laboratories / DARPA / ONR (Harvard Dataverse doi:10.7910/DVN/28075); sample from R package icews",
	Licence:        "Harvard Dataverse terms of use (public use); R package icews MIT",
	Citation:       "Boschee, Elizabeth et al. 2015. \"ICEWS Coded Event Data.\" Harvard Dataverse, doi:10.7910/DVN/28075.",
	URL:            "https://doi.org/10.7910/DVN/28075",
	Layout:         "CSV or TSV with header: Event ID, Event Date, Source Name, Source Sectors, Source Country, Event Text, CAMEO Code, Intensity, Target Name, Target Sectors, Target Country, …",
	defaultRelease: "dataverse",
	partitioned:    true,
	order:          62,
	detect: func(s *sniff) int {
		return headerScore(s, "event_id", "event_date", "source_country", "cameo_code") +
			headerScore(s, "event id", "event date", "source country", "cameo code")
	},
	parse: parseICEWS,
}

// icewsRole reads a CAMEO role from ICEWS sector labels.
func icewsRole(sectors string) entente.Role {
	s := strings.ToLower(sectors)
	switch {
	case strings.Contains(s, "military"):
		return entente.RoleMIL
	case strings.Contains(s, "police"):
		return entente.RoleCOP
	case strings.Contains(s, "judicial"):
		return entente.RoleJUD
	case strings.Contains(s, "legislative"), strings.Contains(s, "parliament"):
		return entente.RoleLEG
	case strings.Contains(s, "government"), strings.Contains(s, "executive"):
		return entente.RoleGOV
	}
	return entente.RoleNone
}

func parseICEWS(j *job, in *input) error {
	// The delimiter is whichever the header line uses.
	s, err := newSniff(j.path)
	if err != nil {
		return err
	}
	comma := ','
	if s.tabs > strings.Count(s.line, ",") {
		comma = '\t'
	}
	t, err := newTable(in, comma)
	if err != nil {
		return err
	}
	c, err := t.cols("event_id", "event_date", "source_name", "source_sectors", "source_country",
		"cameo_code", "intensity", "target_name", "target_sectors", "target_country")
	if err != nil {
		return err
	}
	t.r.LazyQuotes = comma == '\t'
	return t.each(func(r *rec) error {
		id := r.Str(c[0])
		if !isDigits(id) {
			r.fail(c[0], fmt.Errorf("%q is not an event id", clip(id)))
		}
		day := r.Date(c[1])
		code := r.Str(c[5])
		if code == "" || !isDigits(code) || len(code) > 4 {
			r.fail(c[5], fmt.Errorf("%q is not a CAMEO event code", clip(code)))
		}
		intensity := r.Float(c[6])
		if err := r.Err(); err != nil {
			return err
		}
		j.rows++
		j.cov.day(day)
		actor := func(name, sectors, country string) entente.ActorRef {
			ref := entente.ActorRef{Text: name}
			if country == "" {
				return ref
			}
			if cc, ok := j.maps.name(country, day); ok {
				ref.Country = cc
				ref.Code = cc + string(icewsRole(sectors))
			}
			return ref
		}
		if err := j.event(entente.Event{
			ID:         "icews:" + id,
			Date:       day,
			Source:     actor(r.Str(c[2]), r.Str(c[3]), r.Str(c[4])),
			Target:     actor(r.Str(c[7]), r.Str(c[8]), r.Str(c[9])),
			CAMEO:      code,
			PLOVER:     ploverOf(code),
			Goldstein:  intensity,
			Modality:   entente.Asserted,
			Confidence: 1,
			Evidence:   []entente.Evidence{j.evidence(r.line)},
		}); err != nil {
			return err
		}
		return nil
	})
}

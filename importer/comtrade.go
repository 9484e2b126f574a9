package importer

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"entente"
)

// UN Comtrade Plus "TradeData" CSV downloads: 47 columns with a header
// line, one row per reporter, flow, partner and commodity, written in
// Windows-1252 (not UTF-8: "Côte d'Ivoire", "Curaçao"). The columns read:
//
//	refYear                 the year
//	reporterCode/ISO/Desc   the reporting state (UN M49 code, ISO3, name)
//	flowCode                M import, X export (re-imports and re-exports
//	                        are skipped with a count)
//	partnerCode/ISO/Desc    the partner; W00 is the World (skipped: totals
//	                        come from the national figures), other codes
//	                        outside ISO 3166 are areas not elsewhere
//	                        specified (skipped with a count)
//	cmdCode                 TOTAL (all commodities); other codes skipped
//	primaryValue            US$ (stored in US$ millions)
//
// A row becomes a trade.flow tie in the encoding of the COW and DOTS
// importers: imports as A = reporter, B = partner; exports as A = partner,
// B = reporter with Attrs mirror "true"; Attrs reporter names who reported.

var kindComtrade = &Kind{
	Name:           "comtrade",
	Dataset:        "comtrade",
	Title:          "UN Comtrade (Comtrade Plus) trade data, annual totals by partner",
	Publisher:      "United Nations Statistics Division, UN Comtrade",
	Licence:        "UN Comtrade terms of use (attribution to UN Comtrade)",
	Citation:       "United Nations, UN Comtrade Database (Comtrade Plus), https://comtradeplus.un.org",
	URL:            "https://comtradeplus.un.org",
	Layout:         "CSV (Windows-1252), 47 columns: refYear, reporterCode, reporterISO, reporterDesc, flowCode (M/X), partnerCode, partnerISO (W00 World), partnerDesc, cmdCode (TOTAL), primaryValue (US$), …",
	defaultRelease: "download",
	// Each download is a slice (some reporters, some years): none
	// replaces another.
	partitioned: true,
	order:       43,
	detect: func(s *sniff) int {
		return headerScore(s, "refyear", "reportercode", "flowcode", "partnercode", "cmdcode", "primaryvalue")
	},
	parse: parseComtrade,
}

func parseComtrade(j *job, in *input) error {
	// Decode Windows-1252 (a superset of Latin-1 in the printable range) to
	// UTF-8 before the CSV reader sees it.
	t, err := newTableFrom(in.path, charmap.Windows1252.NewDecoder().Reader(in.r), ',', 0)
	if err != nil {
		return err
	}
	c, err := t.cols("refYear", "reporterISO", "reporterDesc", "flowCode", "partnerISO", "partnerDesc", "cmdCode", "primaryValue")
	if err != nil {
		return err
	}
	var world, areas, otherFlows, otherCmd int64
	err = t.each(func(r *rec) error {
		y := r.Year(c[0])
		repISO, repName := r.Str(c[1]), r.Str(c[2])
		flow := strings.ToUpper(r.Str(c[3]))
		partISO, partName := r.Str(c[4]), r.Str(c[5])
		cmd := r.Str(c[6])
		v, ok := r.OptFloat(c[7])
		if err := r.Err(); err != nil {
			return err
		}
		if repISO == "" && repName == "" {
			return &entente.InputError{File: j.path, Line: r.line, Field: "reporterISO", Err: errors.New("no reporter")}
		}
		j.rows++
		switch {
		case !strings.EqualFold(cmd, "TOTAL"):
			otherCmd++
			return nil
		case flow != "M" && flow != "X":
			otherFlows++
			return nil
		case partISO == "W00":
			world++
			return nil
		case !ok:
			return nil
		}
		if v < 0 {
			return &entente.InputError{File: j.path, Line: r.line, Field: "primaryValue", Err: fmt.Errorf("negative trade value %s", fmtNum(v))}
		}
		reporter, okR := comtradeParty(j, repISO, repName, y)
		if !okR {
			return nil
		}
		if !isISO3(partISO) {
			// Areas not elsewhere specified, free zones, bunkers.
			areas++
			return nil
		}
		partner, okP := comtradeParty(j, partISO, partName, y)
		if !okP || partner == reporter {
			return nil
		}
		attrs := map[string]string{"reporter": reporter}
		a, b := reporter, partner
		if flow == "X" {
			a, b = partner, reporter
			attrs["mirror"] = "true"
			attrs["basis"] = "fob"
		} else {
			attrs["basis"] = "cif"
		}
		p := yearPeriod(y)
		j.cov.span(p)
		return j.tie(entente.Tie{Kind: entente.TieTradeFlow, A: a, B: b, Period: p, Year: y, Value: v / 1e6, Unit: "US$ million", Attrs: attrs, Evidence: j.evidence(r.line)})
	})
	if err != nil {
		return err
	}
	if world > 0 {
		j.note("%d rows with the World (W00) as partner skipped", world)
	}
	if areas > 0 {
		j.note("%d rows with areas not elsewhere specified as partner skipped", areas)
	}
	if otherFlows > 0 {
		j.note("%d rows of re-imports or re-exports skipped (only M and X are read)", otherFlows)
	}
	if otherCmd > 0 {
		j.note("%d rows of commodities other than TOTAL skipped", otherCmd)
	}
	return nil
}

// isISO3 reports whether s looks like an ISO 3166 alpha-3 code (Comtrade's
// own area codes such as S19 or _X hold digits or underscores).
func isISO3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// comtradeParty maps a reporter or partner by its ISO3 code in that year,
// else by its name.
func comtradeParty(j *job, iso3, name string, y int) (string, bool) {
	if iso3 != "" {
		if c := yearLookup(j.maps, entente.SchemeISO3, iso3, y); c != "" {
			return c, true
		}
	}
	if name != "" {
		if c := yearLookup(j.maps, "", name, y); c != "" {
			return c, true
		}
	}
	if iso3 != "" {
		j.maps.miss(string(entente.SchemeISO3), iso3)
	} else {
		j.maps.miss("name", name)
	}
	return "", false
}

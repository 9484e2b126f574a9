package importer

import "entente"

// ATOP 5.1, directed dyad-year form (as distributed by peacesciencer):
// ccode1, ccode2, year, atop_defense, atop_offense, atop_neutral,
// atop_nonagg, atop_consul — 0/1 indicators that at least one alliance
// with that obligation is in force. Each indicator set to 1 becomes a Tie of
// the matching alliance kind from ccode1 to ccode2 for that year.

var kindATOP = &Kind{
	Name:           "atop",
	Dataset:        "atop",
	Title:          "Alliance Treaty Obligations and Provisions (ATOP), directed dyad-year",
	Publisher:      "ATOP project (Brett Ashley Leeds et al.); dyad-year form from R package peacesciencer",
	Licence:        "ATOP data free for use with citation; peacesciencer GPL-2",
	Citation:       "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. \"Alliance Treaty Obligations and Provisions, 1815–1944.\" International Interactions 28: 237–260.",
	URL:            "http://www.atopdata.org",
	Layout:         "CSV: ccode1, ccode2, year, atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul (0/1)",
	defaultRelease: "5.1",
	release:        releaseFromName,
	order:          31,
	detect: func(s *sniff) int {
		return headerScore(s, "ccode1", "ccode2", "year", "atop_defense")
	},
	parse: func(j *job, in *input) error {
		return parseDyadFlags(j, in, []flagCol{
			{"atop_defense", entente.TieAllianceDefense},
			{"atop_offense", entente.TieAllianceOffense},
			{"atop_neutral", entente.TieAllianceNeutrality},
			{"atop_nonagg", entente.TieAllianceNonAggress},
			{"atop_consul", entente.TieAllianceConsult},
		})
	},
}

package coalition

import (
	"regexp"
	"strings"

	"entente"
)

// The recorded roll calls carry their titles in three layouts, one per
// source era, and a resolution voted every year must read the same in all
// of them or it is not recognised as a repeat of itself: in the 2019 votes
// (the UN's own files) 73 % of roll calls found no same-series repeat in
// 2018, against about a quarter in other years, and the engine treated
// recurring resolutions as new motions.
//
//   - The UN Digital Library titles of the older vote data end in
//     " : resolution / adopted by the General Assembly", with a UNBIS
//     heading in the short title.
//   - In sessions 71-73 the title is the agenda entry,
//     "A/73/251 39 - Question of Palestine. - PALESTINE QUESTION", and the
//     short title is the resolution's own (with the same suffix).
//   - The UN's files from session 74 give the resolution's title in both
//     and the UNBIS subjects apart, among them the agenda item ("127n").
//
// rollCallText reduces each to the resolution's own title and its subject
// headings. The agenda item's title is left out: it is shared by every
// resolution under the item and would make different resolutions look
// alike.
var (
	libraryTitleSuffix = regexp.MustCompile(`(?i)\s*:\s*resolution\s*/\s*adopted by the general assembly\.?\s*$`)
	agendaEntry        = regexp.MustCompile(`^A/\d+/\d+\s+\S+\s+-\s+`)
)

// rollCallText is the text a roll call is compared by, its own title and
// its subject headings, and ownTitle the title alone, without the layout
// of the source they came from. Analogues are ranked by the text; a
// same-series repeat is told by the title, because the UN's files list
// up to a dozen UNBIS subjects where the older data give one heading, and
// the subjects alone kept "The situation in Afghanistan" of 2019 below
// the series threshold against its 2018 repeat.
func rollCallText(rc entente.RollCall) (text, ownTitle string) {
	short := libraryTitleSuffix.ReplaceAllString(rc.Short, "")
	title := libraryTitleSuffix.ReplaceAllString(rc.Title, "")
	ownTitle = title
	if agendaEntry.MatchString(title) {
		// "A/73/251 39 - Question of Palestine. - PALESTINE QUESTION":
		// the short title is the resolution's own, and only the heading
		// after the last " - " describes it.
		ownTitle = short
		if i := strings.LastIndex(title, " - "); i >= 0 {
			title = title[i+3:]
		}
	}
	if short == title {
		short = ""
	}
	return strings.Join(append([]string{short, title}, rc.Subjects...), " "), ownTitle
}

// inheritIssues gives each roll call without issue codes those of the
// earlier roll call whose own title is most alike, when the Jaccard index
// of their title terms is at least match (ties: the latest). The issue
// codes come with the older vote data only: none of the 347 roll calls of
// 2020-2023 in the UN's own files carries one, so the features of a
// state's record on the motion's issues read "0 % abstentions" for every
// state in those sessions. A recurring resolution keeps its issues, and
// only roll calls before it are read, so a snapshot cut at any day gives
// each roll call the same codes.
func (h *History) inheritIssues(match float64) {
	if match <= 0 {
		return
	}
	for r := range h.rcs {
		rc := &h.rcs[r]
		if rc.issues != 0 || len(rc.titleTerms) == 0 {
			continue
		}
		best, bestJ := -1, match
		for j := r - 1; j >= 0; j-- {
			o := &h.rcs[j]
			if o.day >= rc.day || o.issues == 0 {
				continue
			}
			if v := jaccard(rc.titleTerms, o.titleTerms); v > bestJ || (best < 0 && v >= bestJ) {
				best, bestJ = j, v
			}
		}
		if best >= 0 {
			rc.issues = h.rcs[best].issues
		}
	}
}

// jaccard is the share of the distinct terms of a and b (sorted) that
// both hold.
func jaccard(a, b []int32) float64 {
	inter := 0
	eachShared(a, b, func(int32) { inter++ })
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

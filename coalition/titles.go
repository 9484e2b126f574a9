package coalition

import (
	"regexp"
	"strings"

	"entente"
)

// The recorded roll calls carry their titles in three layouts, one per
// source era, and a resolution voted every year must read the same in all
// of them or it is not recognised as a repeat of itself: in the 2019 votes
// (the UN's own files) 72 % of roll calls found no same-series repeat in
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

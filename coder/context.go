package coder

import (
	"slices"
	"strings"
	"time"

	"entente"
)

// Context rules for short names whose state the registry cannot tell from
// the name alone, applied once per document after the resolver's
// mentions are found (issue 11, fifth round). Each rule reads only the
// document: the other states it names and a few place words. They are
// part of the coder's reference layer, not of the registry, because the
// same words name different states in different texts.
//
//   - "Congo" alone is the Republic of the Congo (COG) in the registry.
//     In a text that also names one of the Democratic Republic's Great
//     Lakes neighbours (Rwanda, Burundi, Uganda) or one of its own places
//     (Kinshasa, Kivu, Goma, Bukavu, Ituri, Katanga, Lubumbashi), and not
//     Brazzaville, it is the Democratic Republic (COD). From 1997-05-17,
//     the day Zaire took the name again; before that the Democratic
//     Republic was Zaire and "Congo" was Brazzaville's.
//   - "the North" and "the South", capitalised and not the head of a
//     longer name ("the North Atlantic", "the South China Sea"), are North
//     Korea (PRK) and South Korea (KOR) in a text that names either Korea
//     and no other state divided the same way in the news (Sudan and South
//     Sudan, Yemen, Vietnam, Cyprus). From 1948-09-09, when both Koreas
//     existed.
//   - Demonyms that fold to ordinary English words ("Polish" to
//     "polish", "Swede" to "swede") are left out of the registry, whose
//     matching folds case. Capitalised, "Polish" is Poland's (from
//     1918-11-11, the Second Republic) and "Swede"/"Swedes" Sweden's; a
//     capitalised "Pole"/"Poles" is Poland's people only inside a
//     sentence, since at its head it may be the noun ("Poles were
//     erected").
var (
	congoDRSince  = time.Date(1997, 5, 17, 0, 0, 0, 0, time.UTC)
	koreasSince   = time.Date(1948, 9, 9, 0, 0, 0, 0, time.UTC)
	congoDRPlaces = []string{"Kinshasa", "Kivu", "Goma", "Bukavu", "Ituri", "Katanga", "Lubumbashi"}
	congoDRNeighb = []string{"RWA", "BDI", "UGA"}
	otherDivided  = []string{"SDN", "SSD", "YEM", "VNM", "CYP"}
	polandSince   = time.Date(1918, 11, 11, 0, 0, 0, 0, time.UTC)
	casedDemonyms = []struct {
		word, code string
		since      time.Time
		midOnly    bool // only after a word of the same sentence
	}{
		{"Polish", "POL", polandSince, false},
		{"Poles", "POL", polandSince, true},
		{"Pole", "POL", polandSince, true},
		{"Swedes", "SWE", time.Time{}, false},
		{"Swede", "SWE", time.Time{}, false},
	}
)

// contextNames rewrites the mentions of ments that the document's
// context reads as another state, and adds "the North" and "the South"
// of a text about the Koreas. It returns ments in text order.
func contextNames(text string, day time.Time, ments []entente.Mention) []entente.Mention {
	hasCOG, hasKorea := false, false
	for i := range ments {
		switch ments[i].Country {
		case "COG":
			hasCOG = true
		case "PRK", "KOR":
			hasKorea = true
		}
	}
	if hasCOG && !day.Before(congoDRSince) {
		ments = congoInContext(text, ments)
	}
	if hasKorea && !day.Before(koreasSince) {
		ments = koreasInContext(text, ments)
	}
	return casedDemonymsIn(text, day, ments)
}

// casedDemonymsIn adds the capitalised demonyms the registry leaves out
// (see casedDemonyms).
func casedDemonymsIn(text string, day time.Time, ments []entente.Mention) []entente.Mention {
	added := false
	for _, d := range casedDemonyms {
		if day.Before(d.since) {
			continue
		}
		for _, start := range occurrences(text, d.word) {
			end := start + len(d.word)
			if start > 0 && isLetter(text[start-1]) || end < len(text) && isLetter(text[end]) || mentionAt(ments, start) {
				continue
			}
			if d.midOnly && sentenceHead(text, start) {
				continue
			}
			ments = append(ments, entente.Mention{
				Start: start, End: end, Text: text[start:end], Actor: d.code, Country: d.code, Code: d.code,
				Kind: entente.NameDemonym,
				Why:  "capitalised \"" + d.word + "\" (left out of the case-folding registry): " + d.code,
			})
			added = true
		}
	}
	if added {
		slices.SortStableFunc(ments, func(a, b entente.Mention) int { return a.Start - b.Start })
	}
	return ments
}

// sentenceHead reports whether the word at byte offset at opens its
// sentence: only spaces, quotation marks and brackets after the last
// full stop, question or exclamation mark, or line break before it.
func sentenceHead(text string, at int) bool {
	for i := at - 1; i >= 0; i-- {
		switch c := text[i]; c {
		case ' ', '"', '(', '[', '\t':
			continue
		case '.', '!', '?', '\n':
			return true
		default:
			return false
		}
	}
	return true
}

func congoInContext(text string, ments []entente.Mention) []entente.Mention {
	if strings.Contains(text, "Brazzaville") {
		return ments
	}
	dr := slices.ContainsFunc(ments, func(m entente.Mention) bool { return slices.Contains(congoDRNeighb, m.Country) })
	for _, p := range congoDRPlaces {
		if dr {
			break
		}
		dr = strings.Contains(text, p)
	}
	if !dr {
		return ments
	}
	for i := range ments {
		m := &ments[i]
		if m.Country != "COG" || !strings.HasPrefix(strings.TrimPrefix(m.Text, "the "), "Congo") {
			continue
		}
		if name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(m.Text, "the "), "'s"), "’s"); name != "Congo" {
			continue // "Republic of Congo", "Congo-Brazzaville" say which
		}
		m.Actor, m.Country = "COD", "COD"
		if strings.HasPrefix(m.Code, "COG") {
			m.Code = "COD" + m.Code[3:]
		}
		m.Why = "\"Congo\" in a text about the Great Lakes (its neighbours or places of the Democratic Republic named): the Democratic Republic of the Congo"
	}
	return ments
}

func koreasInContext(text string, ments []entente.Mention) []entente.Mention {
	if slices.ContainsFunc(ments, func(m entente.Mention) bool { return slices.Contains(otherDivided, m.Country) }) {
		return ments
	}
	added := false
	for _, side := range []struct{ word, code string }{{"North", "PRK"}, {"South", "KOR"}} {
		for _, start := range occurrences(text, side.word) {
			end := start + len(side.word)
			// Preceded by "the " (or "The "), followed by no capitalised
			// word and no letter: "the North said", "the North's".
			if start < 4 || !strings.EqualFold(text[start-4:start], "the ") {
				continue
			}
			if end < len(text) && isLetter(text[end]) {
				continue
			}
			if next := strings.TrimLeft(text[end:min(len(text), end+3)], " "); next != "" && next[0] >= 'A' && next[0] <= 'Z' && text[end] == ' ' {
				continue
			}
			if mentionAt(ments, start) {
				continue
			}
			poss := false
			for _, s := range []string{"'s", "’s"} {
				if strings.HasPrefix(text[end:], s) {
					poss, end = true, end+len(s)
				}
			}
			ments = append(ments, entente.Mention{
				Start: start, End: end, Text: text[start:end], Actor: side.code, Country: side.code, Code: side.code,
				Kind: entente.NameAlias, Possessive: poss,
				Why: "\"the " + side.word + "\" in a text about the Koreas: " + side.code,
			})
			added = true
		}
	}
	if added {
		slices.SortStableFunc(ments, func(a, b entente.Mention) int { return a.Start - b.Start })
	}
	return ments
}

// occurrences lists the byte offsets at which word occurs in text, left
// to right and without overlap; callers decide which stand alone.
func occurrences(text, word string) []int {
	var out []int
	for at := 0; ; {
		i := strings.Index(text[at:], word)
		if i < 0 {
			return out
		}
		out = append(out, at+i)
		at += i + len(word)
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// mentionAt reports whether a mention already covers byte offset at.
func mentionAt(ments []entente.Mention, at int) bool {
	for i := range ments {
		if ments[i].Start <= at && at < ments[i].End {
			return true
		}
	}
	return false
}

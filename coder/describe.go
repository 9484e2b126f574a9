package coder

import (
	"strings"
	"unicode"

	"entente"
)

// A definite description ("the ministry", "the junta", "the foreign
// ministry said") with no subject before it in the document is resolved
// as an analyst resolves it: from the wire report's dateline, from the one
// state the document names, or, for a junta, from the one coup of the
// year before the document's day. Without any of these the act is not
// coded (argGroup.unresolved).

// datelineMention returns the index in ments of the state named by the
// dateline a wire report opens with — "MOSCOW (Reuters) -", "NIAMEY, Aug
// 3 -" — or -1. The place is written in capitals and followed, within a
// few words, by a dash; the registry knows capitals as their state.
func datelineMention(text string, ments []entente.Mention) int {
	start := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsSpace(r) })
	if start < 0 || len(ments) == 0 {
		return -1
	}
	m := &ments[0]
	if m.Start != start || m.Country == "" || m.End > len(text) {
		return -1
	}
	place := text[m.Start:m.End]
	if strings.ToUpper(place) != place || strings.ToLower(place) == place {
		return -1
	}
	rest := text[m.End:min(len(text), m.End+48)]
	if i := strings.IndexAny(rest, "\n."); i >= 0 && !strings.HasPrefix(rest[i:], ".") {
		rest = rest[:i]
	}
	for _, dash := range []string{" - ", " – ", " — ", " -- "} {
		if strings.Contains(rest, dash) {
			return 0
		}
	}
	return -1
}

// juntaWords are the descriptions that name a state's military rulers.
var juntaWords = []string{"junta", "military government", "military regime", "military rulers", "military authorities"}

// describedState resolves the definite description at token k (before
// limit) when no subject precedes it: the dateline's state; for a junta, a
// state the document names that had a coup in the years before its day;
// the one state the document names outside this sentence; for a junta
// again, the one state with a coup in the year before the day.
func (sc *scratch) describedState(k, limit int) (entente.Mention, bool) {
	if sc.dateline >= 0 && sc.dateline < len(sc.ments) {
		return sc.ments[sc.dateline], true
	}
	junta := false
	phrase := ""
	for j := k + 1; j < limit && j <= k+3; j++ {
		phrase += " " + sc.low(j)
	}
	for _, w := range juntaWords {
		if strings.Contains(phrase+" ", " "+w+" ") {
			junta = true
		}
	}
	if junta {
		if mv, ok := sc.juntaOf(true); ok {
			return mv, true
		}
	}
	// The one state the document names, leaving out this sentence's own
	// (a state named here is an argument of the act, not its speaker).
	var cur Span
	if sc.sent >= 0 && sc.sent < len(sc.sents) {
		cur = sc.sents[sc.sent]
	}
	one := -1
	for i := range sc.ments {
		m := &sc.ments[i]
		if m.Country == "" || m.Start >= cur.Start && m.Start < cur.End {
			continue
		}
		if one >= 0 && sc.ments[one].Country != m.Country {
			one = -2
			break
		}
		if one == -1 {
			one = i
		}
	}
	if one >= 0 {
		return sc.ments[one], true
	}
	if junta {
		return sc.juntaOf(false)
	}
	return entente.Mention{}, false
}

// juntaOf returns the state whose military rulers "the junta" is on the
// document's day: with named, a state the document names that had a coup
// within coupTopicWindow before the day; else the state of the only coup
// (all of one state) within coupAloneWindow before it.
func (sc *scratch) juntaOf(named bool) (entente.Mention, bool) {
	if sc.day.IsZero() {
		return entente.Mention{}, false
	}
	recent := func(c coup, window float64) bool {
		d := sc.day.Sub(c.day).Hours()
		return !c.day.After(sc.day) && d <= window
	}
	state := ""
	if named {
		for i := len(sc.ments) - 1; i >= 0 && state == ""; i-- {
			for _, c := range sc.d.coups {
				if c.state == sc.ments[i].Country && recent(c, coupTopicWindow.Hours()) {
					state = c.state
					break
				}
			}
		}
	} else {
		for _, c := range sc.d.coups {
			if !recent(c, coupAloneWindow.Hours()) {
				continue
			}
			if state != "" && state != c.state {
				return entente.Mention{}, false
			}
			state = c.state
		}
	}
	if state == "" {
		return entente.Mention{}, false
	}
	return entente.Mention{Actor: state, Country: state, Role: entente.RoleGOV, Code: state + string(entente.RoleGOV),
		Text: "the junta", Kind: entente.NameAlias, Why: "the only junta on the document's day (coups.tsv)"}, true
}

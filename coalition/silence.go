package coalition

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"entente"
)

// SilenceKind says how a state kept silent.
type SilenceKind string

const (
	// SilenceAbstained: it abstained on a similar resolution its bloc backed.
	SilenceAbstained SilenceKind = "abstained_while_bloc_voted"
	// SilenceAbsent: it was a member but cast no vote while its bloc backed it.
	SilenceAbsent SilenceKind = "absent_while_bloc_voted"
	// SilenceNotJoined: its partners condemned a target and it did not.
	SilenceNotJoined SilenceKind = "did_not_join_partners"
	// SilenceText: a text says it remained silent or declined to comment.
	SilenceText SilenceKind = "text_silent"
	// SilenceRefused: a text says it refused to condemn.
	SilenceRefused SilenceKind = "refused_to_condemn"
)

// Silence is a negative stance inferred from what a state did not do when
// it was expected to act, with the evidence that it was expected and did not.
type Silence struct {
	Country  string             `json:"country"`
	Kind     SilenceKind        `json:"kind"`
	Date     time.Time          `json:"date"`
	Detail   string             `json:"detail"`
	Evidence []entente.Evidence `json:"evidence,omitempty"`
}

// silenceWindow is how far back text silences count for a motion, and
// notJoinedGrace how long a state has to join its partners' statements
// before not having done so counts.
const (
	silenceWindow  = 365
	notJoinedGrace = 7
)

// silenceScore is the feature: the weighted share of similar resolutions on
// which the state stayed silent while a bloc of its own voted yes, plus one
// half for each text record of silence or refusal about a target and one
// quarter for each bloc whose members condemned a target without it, capped
// at 1.
func (f *featurizer) silenceScore(q *query, c int) float64 {
	s, _ := f.silences(q, c, false)
	return s
}

func (f *featurizer) silences(q *query, c int, explain bool) (float64, []Silence) {
	h := f.h
	var recs []Silence
	var silentW, expectW float64
	year := q.date.Year()
	groups := f.groupsOf(c, year)
	since := f.breaks.since(c, q.day)
	for _, s := range q.similar {
		vs := h.votes[s.rc]
		v := vs[c]
		rc := h.rcs[s.rc]
		if v == cNone && !h.members(rc.day)[c] || rc.day < since {
			// Not a member then, or before its regime break: what its
			// former rulers did is not its silence.
			continue
		}
		var who string
		var tally [3]int
		for _, g := range groups {
			var y, tot int
			var t [3]int
			for _, m := range f.groupMembers(g, year) {
				if m == c || vs[m] == cNone {
					continue
				}
				tot++
				t[vs[m]-1]++
				if vs[m] == cYes {
					y++
				}
			}
			if tot >= 3 && 3*y >= 2*tot {
				who, tally = g, t
				break
			}
		}
		if who == "" {
			continue
		}
		expectW += s.weight
		if v != cAbstain && v != cNone {
			continue
		}
		silentW += s.weight
		if explain {
			kind, verb := SilenceAbstained, "abstained"
			if v == cNone {
				kind, verb = SilenceAbsent, "was absent from the vote"
			}
			recs = append(recs, Silence{
				Country: h.codes[c], Kind: kind, Date: rc.Date,
				Detail: fmt.Sprintf("%s on %s %q (%s) while %s voted %d yes, %d abstain, %d no",
					verb, resolutionLabel(rc.RollCall), shortTitle(rc.RollCall), rc.Date.Format(entente.DateLayout), groupLabel(who), tally[0], tally[1], tally[2]),
				Evidence: []entente.Evidence{rc.Evidence},
			})
		}
	}
	score := 0.0
	if expectW > 0 {
		score = silentW / expectW
	}
	// A target is the one condemned, not a state that could join in.
	if len(q.targets) == 0 || len(h.events) == 0 || slices.Contains(q.targets, c) {
		return score, recs
	}
	from := q.day - silenceWindow
	code := h.codes[c]
	targetCodes := make([]string, len(q.targets))
	for i, t := range q.targets {
		targetCodes[i] = h.codes[t]
	}
	// An act without a target ("China remained silent") is about the
	// targets when its sentence, or else the article it comes from,
	// names one of them.
	aboutTarget := func(e entente.Event) bool {
		if slices.Contains(targetCodes, e.Target.Country) {
			return true
		}
		if e.Target.Country != "" {
			// Aimed at someone else: a target named in passing ("refused
			// to condemn the US over its sanctions on Iran") is not what
			// the state kept silent about.
			return false
		}
		for _, ev := range e.Evidence {
			text := ev.Text
			if e.Target.Country == "" && ev.Document != "" {
				text += " " + h.documentText(ev.Document)
			}
			for _, m := range h.reg.FindMentions(text, e.Date, nil) {
				if m.Country != code && slices.Contains(targetCodes, m.Country) {
					return true
				}
			}
		}
		return false
	}
	condemned := false
	for _, e := range h.events {
		d := dayNum(e.Date)
		// Only what a text asserts or reports as done counts: "may refuse
		// to condemn" or "was urged to speak out" says nothing yet.
		if d < from || d >= q.day || e.Source.Country != code || !firm(e) {
			continue
		}
		isCondemn := strings.HasPrefix(e.CAMEO, "11") || strings.HasPrefix(e.CAMEO, "12")
		switch {
		case strings.HasPrefix(e.CAMEO, "011"):
			// "did not remain silent" is speaking up, not silence.
			if e.Negated || !aboutTarget(e) {
				continue
			}
			score += 0.5
			if explain {
				recs = append(recs, Silence{Country: code, Kind: SilenceText, Date: e.Date, Detail: "a text says it remained silent or declined to comment", Evidence: e.Evidence})
			}
		case isCondemn && e.Negated:
			if !aboutTarget(e) {
				continue
			}
			score += 0.5
			if explain {
				recs = append(recs, Silence{Country: code, Kind: SilenceRefused, Date: e.Date, Detail: "a text says it refused to condemn", Evidence: e.Evidence})
			}
		case isCondemn && slices.Contains(targetCodes, e.Target.Country):
			condemned = true
		}
	}
	if !condemned {
		for _, g := range groups {
			if strings.HasPrefix(g, "region:") {
				continue
			}
			members := f.groupMembers(g, year)
			var who []string
			var evs []entente.Evidence
			for _, e := range h.events {
				// Partners' statements of the last week are left out: the
				// state has not yet had time to join them.
				d := dayNum(e.Date)
				if d < from || d > q.day-notJoinedGrace || e.Negated || !firm(e) || !(strings.HasPrefix(e.CAMEO, "11") || strings.HasPrefix(e.CAMEO, "12")) {
					continue
				}
				if !slices.Contains(targetCodes, e.Target.Country) || e.Source.Country == code {
					continue
				}
				if i, ok := h.idx[e.Source.Country]; ok && slices.Contains(members, i) && !slices.Contains(who, e.Source.Country) {
					who = append(who, e.Source.Country)
					if len(e.Evidence) > 0 {
						evs = append(evs, e.Evidence[0])
					}
				}
			}
			// Texts cover states unevenly, so not being reported is weak
			// evidence of not acting: it counts only when at least three
			// and two thirds of the bloc's other members were reported
			// condemning, and for half what a text record of silence does.
			others := len(members)
			if slices.Contains(members, c) {
				others--
			}
			if len(who) >= 3 && 3*len(who) >= 2*others {
				score += 0.25
				if explain {
					recs = append(recs, Silence{Country: code, Kind: SilenceNotJoined, Date: q.date,
						Detail:   fmt.Sprintf("did not join %s partners (%s) in condemning %s", groupLabel(g), strings.Join(who, ", "), strings.Join(targetCodes, ", ")),
						Evidence: evs})
				}
			}
		}
	}
	return math.Min(1, score), recs
}

// firm reports whether a text states the event as done, directly or as
// reported speech, rather than as possible or advised.
func firm(e entente.Event) bool {
	return e.Modality == "" || e.Modality == entente.Asserted || e.Modality == entente.Reported
}

func groupLabel(g string) string {
	if s, ok := strings.CutPrefix(g, "region:"); ok {
		return "its neighbours in " + s
	}
	return g
}

// resolutionLabel names a roll call as an analyst would cite it.
func resolutionLabel(rc entente.RollCall) string {
	if rc.Resolution != "" {
		l := ResolutionSymbol(rc.Resolution)
		if rc.Amendment {
			l += " (amendment)"
		} else if rc.Paragraph {
			l += " (paragraph)"
		}
		return l
	}
	return rc.ID
}

// shortTitle is the roll call's title without the boilerplate, cut short.
func shortTitle(rc entente.RollCall) string {
	t := rc.Title
	// Recent roll calls carry the title in Short and the agenda item
	// ("A/73/251 34a - …") in Title.
	if rc.Short != "" && (t == "" || strings.HasPrefix(t, "A/") || strings.EqualFold(strings.TrimSpace(rc.Short), strings.TrimSpace(t))) {
		t = rc.Short
	}
	if i := strings.Index(strings.ToLower(t), ": resolution"); i >= 0 {
		t = t[:i]
	}
	t = strings.TrimSpace(t)
	if r := []rune(t); len(r) > 70 {
		t = string(r[:67]) + "..."
	}
	return t
}

// documentText returns a stored document's text, cached; "" when the store
// does not have it.
func (h *History) documentText(id string) string {
	if t, ok := h.docs[id]; ok {
		return t
	}
	if h.docs == nil {
		h.docs = map[string]string{}
	}
	var text string
	if h.src != nil {
		if d, err := h.src.Document(context.Background(), id); err == nil {
			text = d.Text
		}
	}
	h.docs[id] = text
	return text
}

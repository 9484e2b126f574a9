package coder

import (
	"fmt"
	"io/fs"
	"time"

	"entente"
)

// coup is one military seizure of power (dict/coups.tsv).
type coup struct {
	state string
	day   time.Time
}

func loadCoups(fsys fs.FS, name string) ([]coup, error) {
	var out []coup
	err := readLines(fsys, name, func(line int, f []string) error {
		if len(f) != 2 {
			return fmt.Errorf("want state and day, got %d fields", len(f))
		}
		if f[0] == "state" {
			return nil
		}
		day, err := time.Parse(time.DateOnly, f[1])
		if err != nil {
			return fmt.Errorf("day: %w", err)
		}
		out = append(out, coup{state: f[0], day: day})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// How far back "the coup" reaches: a state the text names, over a few
// years (a coup is named long after); any state, only within a year, and
// only when no other coup was near it.
const (
	coupTopicWindow = 3 * 365 * 24 * time.Hour
	coupAloneWindow = 365 * 24 * time.Hour
	coupNearby      = 90 * 24 * time.Hour
)

// coupTarget resolves "the coup" in [from, to) when the sentence does not
// say whose it was: "Nigeria condemned the coup" aims at the soldiers who
// took power in Niger. The makers are the state's military (MIL). It
// returns no one when the document has no day or the coup is ambiguous.
func (sc *scratch) coupTarget(from, to int, src argGroup) argGroup {
	if sc.day.IsZero() || len(sc.d.coups) == 0 {
		return argGroup{}
	}
	toks := sc.tz.toks
	fw := &sc.d.fw
	at := -1 // the token after the noun
	for k := from; k+1 < to && at < 0; k++ {
		switch toks[k].id {
		case fw.the, fw.this, fw.that:
		default:
			continue
		}
		switch sc.low(k + 1) {
		case "coup", "putsch":
			at = k + 2
		case "military":
			if k+2 < to && sc.low(k+2) == "takeover" {
				at = k + 3
			}
		}
	}
	if at < 0 {
		return argGroup{}
	}
	if at+1 < to && toks[at].id == fw.in && toks[at+1].ment >= 0 {
		// "the coup in Myanmar" says whose it was.
		mi := int(toks[at+1].ment)
		if mv := sc.mentionValue(mi); mv.Country != "" && !sc.sameAs(mv, src.ms) {
			mv.Role, mv.Code = entente.RoleMIL, mv.Country+string(entente.RoleMIL)
			return sc.pseudoGroup([]entente.Mention{mv}, originDirect, roleKeep)
		}
	}
	recent := func(c coup, window time.Duration) bool {
		return !c.day.After(sc.day) && sc.day.Sub(c.day) <= window
	}
	state := ""
	// A state the document names, latest mention first, that had a coup.
	for i := len(sc.ments) - 1; i >= 0 && state == ""; i-- {
		m := &sc.ments[i]
		if m.Country == "" || sc.sameAs(*m, src.ms) {
			continue
		}
		for _, c := range sc.d.coups {
			if c.state == m.Country && recent(c, coupTopicWindow) {
				state = c.state
				break
			}
		}
	}
	if state == "" {
		// Else the one coup of the year before the day, if no other was
		// near it.
		var last []coup
		for _, c := range sc.d.coups {
			if recent(c, coupAloneWindow) {
				last = append(last, c)
			}
		}
		if len(last) == 0 {
			return argGroup{}
		}
		latest := last[len(last)-1]
		for _, c := range last[:len(last)-1] {
			if c.state != latest.state && latest.day.Sub(c.day) <= coupNearby {
				return argGroup{}
			}
		}
		state = latest.state
	}
	mv := entente.Mention{Actor: state, Country: state, Role: entente.RoleMIL, Code: state + string(entente.RoleMIL),
		Text: "the coup", Kind: entente.NameAlias, Why: "the coup of " + state + " before the document's day"}
	if sc.sameAs(mv, src.ms) {
		return argGroup{}
	}
	return sc.pseudoGroup([]entente.Mention{mv}, originAnaphor, roleKeep)
}

package coder

import (
	"time"

	"entente"
)

// MemberLister is implemented by resolvers that know which states belonged
// to a group on a day (the registry does). The coder expands group events
// only through a resolver that offers it.
type MemberLister interface {
	Members(group string, on time.Time) []entente.Membership
}

// expandGroups appends, for each event in evs[first:] whose source or
// target is a group of states on the document's day, one event per member
// state, marked with the group in Via. The group event itself stays: "the
// G7 condemned Russia" is also a fact about the G7, and a reader who wants
// only what the text says drops the events with a Via.
//
// Only full members count (not observers, partners or suspended members),
// and only states: the EU's seat in the G7 is not a state's act. A member
// that is also the other side of the event is skipped, since a state does
// not act on itself ("ASEAN urged Myanmar" is not Myanmar urging Myanmar).
// When both sides are groups, each side is expanded against the other
// side as written, not into every pair.
func (c *Coder) expandGroups(evs []Extracted, first int, on time.Time) []Extracted {
	if !c.cfg.ExpandGroups {
		return evs
	}
	ml, ok := c.res.(MemberLister)
	if !ok {
		return evs
	}
	// Most sentences name states only: look for a side that may be a
	// group before building anything.
	k := first
	for k < len(evs) && !maybeGroup(evs[k].Source) && !maybeGroup(evs[k].Target) {
		k++
	}
	if k == len(evs) {
		return evs
	}
	tail := append([]Extracted(nil), evs[k:]...)
	evs = evs[:k]
	for _, e := range tail {
		evs = append(evs, e)
		if e.Via != "" {
			continue
		}
		// A member event follows its group event, members in the
		// registry's order, so text order holds; the source's group is
		// expanded first.
		for _, source := range []bool{true, false} {
			side, other := e.Target, e.Source
			if source {
				side, other = e.Source, e.Target
			}
			g, members := c.groupMembers(ml, side, on)
			for _, m := range members {
				if other != nil && other.Country == m.Country {
					continue
				}
				x := e
				if source {
					x.Source = m
				} else {
					x.Target = m
				}
				x.Via = g
				evs = append(evs, x)
			}
		}
	}
	return evs
}

// maybeGroup reports whether ref could name a group: groups are the actors
// with no state behind them.
func maybeGroup(ref *entente.ActorRef) bool {
	return ref != nil && ref.Country == "" && ref.Text != ""
}

// groupMembers returns the registry code of the group that ref names and
// its member states on day on, as actor references quoting the group's
// words; "" when ref is no group or the group had no members then. The
// reference carries only the CAMEO code, so the group is found again from
// its words, on the same day.
func (c *Coder) groupMembers(ml MemberLister, ref *entente.ActorRef, on time.Time) (string, []*entente.ActorRef) {
	if !maybeGroup(ref) {
		return "", nil
	}
	var group entente.Actor
	for _, m := range c.res.FindMentions(ref.Text, on, nil) {
		a, ok := c.res.Actor(m.Actor)
		if ok && (a.Kind == entente.KindBloc || a.Kind == entente.KindIGO) {
			group = a
			break
		}
	}
	if group.Code == "" {
		return "", nil
	}
	var out []*entente.ActorRef
	for _, ms := range ml.Members(group.Code, on) {
		if ms.Status != "member" {
			continue
		}
		a, ok := c.res.Actor(ms.Member)
		if !ok || a.Kind != entente.KindState {
			continue
		}
		code := a.CodeIn(entente.SchemeCAMEO, on)
		if code == "" {
			code = a.Code
		}
		out = append(out, &entente.ActorRef{Code: code, Country: a.Code, Text: ref.Text})
	}
	if len(out) == 0 {
		return "", nil
	}
	return group.Code, out
}

package measures

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"entente"
)

// Security ties read the alliance dyad-years of COW and ATOP as the importer
// writes them (one alliance.* tie per indicator, dyad and year, in both
// directions) and the curated treaty ties (a period from entry into force;
// B may be an organisation such as NATO, whose members the treaty reaches
// through their membership).

// SecurityTie is one kind of security tie between two states over a spell
// of years: a COW or ATOP alliance type held in consecutive dyad-years, or a
// curated treaty.
type SecurityTie struct {
	// Type is the obligation: defence, offense, neutrality, nonaggression,
	// entente, consultation (datasets) or defence, security, partnership
	// (curated treaties).
	Type    string          `json:"type"`
	Kind    entente.TieKind `json:"kind"`
	Dataset string          `json:"dataset"`
	// From and To are the first and last year of the spell; To is 0 while
	// a curated treaty is in force.
	From int `json:"from"`
	To   int `json:"to,omitempty"`
	// Name, Source and Signed describe a curated treaty.
	Name   string `json:"name,omitempty"`
	Source string `json:"source,omitempty"`
	Signed string `json:"signed,omitempty"`
	// Via names the organisation through whose membership the tie holds
	// (a curated accession to NATO binds the new member to every ally).
	Via     string `json:"via,omitempty"`
	Curated bool   `json:"curated,omitempty"`
	// DataEnd is the last year the dataset covers; a spell ending then may
	// continue beyond it. CarriedForward marks a tie reported in force for a
	// year after DataEnd on that ground.
	DataEnd        int  `json:"data_end,omitempty"`
	CarriedForward bool `json:"carried_forward,omitempty"`
	// Multilateral marks a dataset tie that both states hold, of the same
	// kind and in the same dataset and year, with at least one third state:
	// one obligation of several parties (the shared COW and ATOP dyad-year
	// files carry no treaty identifier or name, so membership is inferred
	// this way). Parties is the number of states found bound together
	// (a lower bound).
	Multilateral bool               `json:"multilateral,omitempty"`
	Parties      int                `json:"parties,omitempty"`
	Evidence     []entente.Evidence `json:"evidence"`
}

// Label renders a tie compactly: "defence (atop 1961-2018)".
func (s SecurityTie) Label() string {
	var b strings.Builder
	b.WriteString(s.Type)
	b.WriteString(" (")
	b.WriteString(s.Dataset)
	if s.Via != "" {
		b.WriteString(" via " + s.Via)
	}
	b.WriteString(" ")
	b.WriteString(s.Span())
	if s.Multilateral {
		fmt.Fprintf(&b, ", multilateral, %d+ parties", s.Parties)
	}
	if s.CarriedForward {
		fmt.Fprintf(&b, ", data end %d", s.DataEnd)
	}
	b.WriteString(")")
	return b.String()
}

// Span renders the years: "1961-2012", "2024-".
func (s SecurityTie) Span() string {
	switch {
	case s.To == 0:
		return fmt.Sprintf("%d-", s.From)
	case s.To == s.From:
		return fmt.Sprint(s.From)
	}
	return fmt.Sprintf("%d-%d", s.From, s.To)
}

// InForce reports whether the tie holds in year, carrying a spell that
// reaches the end of its dataset forward.
func (s SecurityTie) InForce(year int) (inForce, carried bool) {
	if year < s.From {
		return false, false
	}
	if s.To == 0 || year <= s.To {
		return true, false
	}
	if s.DataEnd != 0 && s.To >= s.DataEnd && year > s.DataEnd {
		return true, true
	}
	return false, false
}

// Strength maps the obligation to the security term of the leverage score.
// A defence (or offence) commitment is what a protector can withdraw: 1.
// A neutrality pact or a security partnership binds less: 0.5. Pledges of
// non-aggression or consultation, which ATOP also records for wide
// multilateral treaties (the Treaty of Amity and Cooperation in Southeast
// Asia binds North Korea to dozens of states), and political partnership
// treaties: 0.25.
//
// A multilateral pledge of non-aggression, consultation or entente binds
// every party alike and gives no one leverage over another: 0.
func (s SecurityTie) Strength() float64 {
	switch s.Type {
	case "defence", "offense":
		return 1
	case "neutrality", "security":
		return 0.5
	case "nonaggression", "entente", "consultation":
		if s.Multilateral {
			return 0
		}
		return 0.25
	case "partnership":
		return 0.25
	}
	return 0
}

// weakPledge reports whether a dataset tie type is one that wide
// multilateral treaties record between every pair of their parties.
func weakPledge(t string) bool {
	return t == "nonaggression" || t == "entente" || t == "consultation"
}

// markMultilateral finds, for every dataset spell of a weak pledge between
// a and a partner, whether a third state holds the same tie (kind, source,
// first year) with both: then the spell is one multilateral obligation.
func (e *Engine) markMultilateral(ctx context.Context, d *securityData, a string) error {
	type pkey struct {
		state, source string
		kind          entente.TieKind
		year          int
	}
	cache := map[pkey]map[string]bool{}
	partners := func(state, source string, kind entente.TieKind, year int) (map[string]bool, error) {
		k := pkey{state, source, kind, year}
		if m, ok := cache[k]; ok {
			return m, nil
		}
		ties, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: string(kind), A: state, Either: true, FromYear: year, ToYear: year})
		if err != nil {
			return nil, fmt.Errorf("security ties of %s in %d: %w", state, year, err)
		}
		m := map[string]bool{}
		for _, t := range ties {
			if t.Kind != kind || t.Year != year || t.Evidence.Source != source {
				continue
			}
			if t.A == state {
				m[t.B] = true
			} else if t.B == state {
				m[t.A] = true
			}
		}
		cache[k] = m
		return m, nil
	}
	for p, ss := range d.spells {
		for i := range ss {
			s := &ss[i]
			if s.Curated || !weakPledge(s.Type) || len(s.Evidence) == 0 {
				continue
			}
			src := s.Evidence[0].Source
			pa, err := partners(a, src, s.Kind, s.From)
			if err != nil {
				return err
			}
			pb, err := partners(p, src, s.Kind, s.From)
			if err != nil {
				return err
			}
			common := 0
			for x := range pa {
				if x != a && x != p && pb[x] {
					common++
				}
			}
			if common > 0 {
				s.Multilateral, s.Parties = true, common+2
			}
		}
	}
	return nil
}

// allianceType names the obligation of an alliance tie kind.
func allianceType(k entente.TieKind) string {
	switch k {
	case entente.TieAllianceDefense:
		return "defence"
	case entente.TieAllianceOffense:
		return "offense"
	case entente.TieAllianceNeutrality:
		return "neutrality"
	case entente.TieAllianceNonAggress:
		return "nonaggression"
	case entente.TieAllianceEntente:
		return "entente"
	case entente.TieAllianceConsult:
		return "consultation"
	}
	return strings.TrimPrefix(string(k), "alliance.")
}

// securityData holds the security ties of one state (with one partner or
// with all), as spells per partner.
type securityData struct {
	subject string
	// spells[partner] lists the ties, ordered by type, dataset, start.
	spells map[string][]SecurityTie
}

// InYear returns the ties in force between the subject and partner in year.
func (d *securityData) InYear(partner string, year int) []SecurityTie {
	var out []SecurityTie
	for _, s := range d.spells[partner] {
		if ok, carried := s.InForce(year); ok {
			s.CarriedForward = carried
			out = append(out, s)
		}
	}
	return out
}

// loadSecurity loads the security ties of a with b (b empty: with every
// partner) across all years, as spells.
func (e *Engine) loadSecurity(ctx context.Context, a, b string) (*securityData, error) {
	ties, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: "alliance.", A: a, B: b, Either: true})
	if err != nil {
		return nil, fmt.Errorf("security ties: %w", err)
	}
	return e.securityFrom(ctx, ties, a, b)
}

// securityFrom builds the spells from alliance ties already read (those of
// a with b, or with everyone when b is empty; other kinds are ignored) and
// adds the curated treaties.
func (e *Engine) securityFrom(ctx context.Context, ties []entente.Tie, a, b string) (*securityData, error) {
	d := &securityData{subject: a, spells: map[string][]SecurityTie{}}
	// Dyad-years are keyed by partner, dataset and kind; the importer writes
	// both directions, which collapse here.
	type key struct {
		partner, source string
		kind            entente.TieKind
	}
	years := map[key]map[int]entente.Tie{}
	for _, t := range ties {
		if !strings.HasPrefix(string(t.Kind), "alliance.") {
			continue
		}
		partner := t.B
		if t.A != a {
			partner = t.A
		}
		if partner == a || partner == "" || t.Year == 0 || b != "" && partner != b {
			continue
		}
		k := key{partner, t.Evidence.Source, t.Kind}
		if years[k] == nil {
			years[k] = map[int]entente.Tie{}
		}
		if _, dup := years[k][t.Year]; !dup || t.A == a {
			years[k][t.Year] = t
		}
	}
	for k, ys := range years {
		dataset, err := e.datasetOf(ctx, entente.Evidence{Source: k.source})
		if err != nil {
			return nil, err
		}
		end, err := e.coverageEnd(ctx, k.source)
		if err != nil {
			return nil, err
		}
		list := make([]int, 0, len(ys))
		for y := range ys {
			list = append(list, y)
		}
		sort.Ints(list)
		for i := 0; i < len(list); {
			j := i
			for j+1 < len(list) && list[j+1] == list[j]+1 {
				j++
			}
			s := SecurityTie{Type: allianceType(k.kind), Kind: k.kind, Dataset: dataset, From: list[i], To: list[j], DataEnd: end}
			// The first and last dyad-year cite the spell; the rows between
			// are implied by the years.
			s.Evidence = []entente.Evidence{ys[list[i]].Evidence}
			if j > i {
				s.Evidence = append(s.Evidence, ys[list[j]].Evidence)
			}
			d.spells[k.partner] = append(d.spells[k.partner], s)
			i = j + 1
		}
	}
	if err := e.markMultilateral(ctx, d, a); err != nil {
		return nil, err
	}
	if err := e.loadTreaties(ctx, d, a, b); err != nil {
		return nil, err
	}
	for p, ss := range d.spells {
		sort.Slice(ss, func(i, j int) bool {
			if ss[i].From != ss[j].From {
				return ss[i].From < ss[j].From
			}
			if ss[i].Dataset != ss[j].Dataset {
				return ss[i].Dataset < ss[j].Dataset
			}
			return ss[i].Type < ss[j].Type
		})
		d.spells[p] = ss
	}
	return d, nil
}

// treatySpell turns a curated treaty tie into a spell.
func treatySpell(t entente.Tie, via string) SecurityTie {
	s := SecurityTie{
		Type: t.Attrs["type"], Kind: t.Kind, Dataset: "curated", Curated: true,
		From: t.Period.From.Year(), Name: t.Attrs["name"], Source: t.Attrs["source"], Signed: t.Attrs["signed"], Via: via,
		Evidence: []entente.Evidence{t.Evidence},
	}
	if !t.Period.To.IsZero() {
		s.To = t.Period.To.Year()
	}
	return s
}

// loadTreaties adds the curated treaties binding a (to b, or to anyone):
// treaties between the two, a treaty of a with an organisation (binding a
// to its members while both hold), and another state's treaty with an
// organisation a belongs to, by the registry or by a curated accession of
// its own. Curated treaties are few, so all are read at once.
func (e *Engine) loadTreaties(ctx context.Context, d *securityData, a, b string) error {
	all, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieTreaty)})
	if err != nil {
		return fmt.Errorf("treaties: %w", err)
	}
	members := map[string][]entente.Membership{}
	membersOf := func(group string) ([]entente.Membership, error) {
		if ms, ok := members[group]; ok {
			return ms, nil
		}
		ms, err := e.r.Memberships(ctx, entente.MembershipFilter{Group: group})
		if err != nil {
			return nil, fmt.Errorf("members of %s: %w", group, err)
		}
		var active []entente.Membership
		for _, m := range ms {
			if m.Status != "observer" && m.Status != "partner" {
				active = append(active, m)
			}
		}
		members[group] = active
		return active, nil
	}
	add := func(partner string, s SecurityTie) {
		for i, old := range d.spells[partner] {
			if old.Curated && old.Via == s.Via && old.Type == s.Type && old.From == s.From {
				d.spells[partner][i].Evidence = append(old.Evidence, s.Evidence...)
				return
			}
		}
		d.spells[partner] = append(d.spells[partner], s)
	}
	// periodsIn lists when a belonged to group: by the registry, or by a
	// curated accession.
	periodsIn := func(group string) ([]entente.Period, error) {
		ms, err := membersOf(group)
		if err != nil {
			return nil, err
		}
		var ps []entente.Period
		for _, m := range ms {
			if m.Member == a {
				ps = append(ps, m.Period)
			}
		}
		for _, t := range all {
			if t.Kind == entente.TieTreaty && (t.A == a && t.B == group || t.B == a && t.A == group) {
				ps = append(ps, t.Period)
			}
		}
		return ps, nil
	}
	for _, t := range all {
		if t.Kind != entente.TieTreaty {
			continue
		}
		for _, side := range [][2]string{{t.A, t.B}, {t.B, t.A}} {
			x, y := side[0], side[1]
			ms, err := membersOf(y)
			if err != nil {
				return err
			}
			group := len(ms) > 0
			switch {
			case x == a && !group:
				if b == "" || y == b {
					add(y, treatySpell(t, ""))
				}
			case x == a && y == b:
				// The dyad asked is a state and the organisation itself.
				add(y, treatySpell(t, ""))
			case x == a:
				for _, m := range ms {
					if m.Member == a || (b != "" && m.Member != b) || !m.Period.Overlaps(t.Period) {
						continue
					}
					s := treatySpell(t, y)
					s.From, s.To = overlapYears(t.Period, m.Period)
					add(m.Member, s)
				}
			case group && x != a && (b == "" || x == b):
				ps, err := periodsIn(y)
				if err != nil {
					return err
				}
				for _, p := range ps {
					if p.Overlaps(t.Period) {
						s := treatySpell(t, y)
						s.From, s.To = overlapYears(t.Period, p)
						add(x, s)
						break
					}
				}
			}
		}
	}
	return nil
}

// overlapYears returns the first and last year (0: open) two overlapping
// periods share.
func overlapYears(p, q entente.Period) (int, int) {
	from := p.From
	if q.From.After(from) {
		from = q.From
	}
	var to time.Time
	switch {
	case p.To.IsZero():
		to = q.To
	case q.To.IsZero():
		to = p.To
	case p.To.Before(q.To):
		to = p.To
	default:
		to = q.To
	}
	ty := 0
	if !to.IsZero() {
		ty = to.Year()
	}
	return from.Year(), ty
}

// SecurityTies returns every security tie between a and b over all years,
// as spells ordered by start.
func (e *Engine) SecurityTies(ctx context.Context, a, b string) ([]SecurityTie, error) {
	if err := checkDyad(a, b); err != nil {
		return nil, err
	}
	d, err := e.loadSecurity(ctx, a, b)
	if err != nil {
		return nil, err
	}
	if d.spells[b] == nil {
		return []SecurityTie{}, nil
	}
	return d.spells[b], nil
}

// SecurityInYear returns the security ties between a and b in force in
// year, a spell reaching the end of its dataset carried forward.
func (e *Engine) SecurityInYear(ctx context.Context, a, b string, year int) ([]SecurityTie, error) {
	if err := checkDyad(a, b); err != nil {
		return nil, err
	}
	d, err := e.loadSecurity(ctx, a, b)
	if err != nil {
		return nil, err
	}
	out := d.InYear(b, year)
	if out == nil {
		out = []SecurityTie{}
	}
	return out, nil
}

// securityStrength is the strongest obligation among ties, with the ties
// that have it.
func securityStrength(ties []SecurityTie) (float64, []SecurityTie) {
	best := 0.0
	var top []SecurityTie
	for _, t := range ties {
		switch s := t.Strength(); {
		case s > best:
			best, top = s, []SecurityTie{t}
		case s == best && s > 0:
			top = append(top, t)
		}
	}
	return best, top
}

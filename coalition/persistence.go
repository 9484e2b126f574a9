package coalition

import (
	"math"
	"slices"
)

// State-specific persistence and the record on a motion's targets.
//
// The model shares one weight on "its vote on the most similar roll call
// was an abstention" across every state, so on its own it cannot know that
// one state keeps its abstentions while another flips back to yes. These
// features give it that knowledge, estimated from the roll calls before the
// prediction's day only: for each state, how often its vote on a roll call
// equalled its vote on that roll call's most similar earlier one, by the
// earlier stance and by the kind of analogue (same series or loose).

// transition is a state's vote on a roll call beside its vote on the most
// similar earlier roll call it voted on (as the features' top vote is
// found): top and vote are class indices 0..2, loose tells a loose analogue
// from a same-series repeat. top is -1 when there is no such pair.
type transition struct {
	top, vote int8
	loose     bool
}

// analogues returns (once) the similar roll calls of recorded roll call r,
// as its case finds them.
func (f *featurizer) analogues(r int) []simRC {
	if s, ok := f.simOf[r]; ok {
		return s
	}
	rc := f.h.rcs[r]
	q := query{day: rc.day, date: rc.Date, terms: rc.terms, titleTerms: rc.titleTerms, issues: rc.issues, self: r, amendment: rc.Amendment, paragraph: rc.Paragraph}
	s := f.findSimilar(&q, f.cfg.Similar)
	f.simOf[r] = s
	return s
}

// roles returns (once) the targets inferred for recorded roll call r.
func (f *featurizer) roles(r int) (targets, benefs []int) {
	if t, ok := f.rolesOf[r]; ok {
		return t[0], t[1]
	}
	targets, benefs = f.inferRoles(r, f.analogues(r))
	f.rolesOf[r] = [2][]int{targets, benefs}
	return targets, benefs
}

// transitions returns (once) every state's transition on roll call r.
func (f *featurizer) transitions(r int) []transition {
	if t, ok := f.trans[r]; ok {
		return t
	}
	h := f.h
	day := h.rcs[r].day
	sim := f.analogues(r)
	out := make([]transition, len(h.codes))
	for c := range out {
		out[c].top = -1
		v := h.votes[r][c]
		if v == cNone {
			continue
		}
		since := f.breaks.since(c, day)
		for _, a := range sim {
			if h.rcs[a.rc].day < since {
				continue
			}
			if tv := h.votes[a.rc][c]; tv != cNone {
				out[c] = transition{top: tv - 1, vote: v - 1, loose: !a.series}
				break
			}
		}
	}
	f.trans[r] = out
	return out
}

// persistCounts are kept/seen counts by kind (0 same series, 1 loose) and
// earlier stance.
type persistCounts struct {
	kept, seen [2][3]float64
}

// add counts one transition: whether the vote kept the stance of the top
// analogue, by the analogue's kind.
func (p *persistCounts) add(t transition) {
	k := kindOf(t.loose)
	p.seen[k][t.top]++
	if t.vote == t.top {
		p.kept[k][t.top]++
	}
}

func kindOf(loose bool) int {
	if loose {
		return 1
	}
	return 0
}

// persistWindow is the first roll-call index and the index past the last
// of the roll calls a query on day d learns persistence from: those of the
// PersistenceYears before d.
func (f *featurizer) persistWindow(d int32) (lo, hi int) {
	from := d - int32(365.25*float64(f.cfg.PersistenceYears))
	rcs := f.h.rcs
	lo, _ = slices.BinarySearchFunc(rcs, from, func(r rollCall, t int32) int { return int(r.day - t) })
	hi, _ = slices.BinarySearchFunc(rcs, d, func(r rollCall, t int32) int { return int(r.day - t) })
	return lo, hi
}

// persistStates is each state's counts over the window [lo, hi) of day
// d, regime breaks aside.
func (f *featurizer) persistStates(d int32, lo, hi int) []persistCounts {
	if p, ok := f.persistOf[d]; ok {
		return p
	}
	out := make([]persistCounts, len(f.h.codes))
	for r := lo; r < hi; r++ {
		for c, t := range f.transitions(r) {
			if t.top >= 0 {
				out[c].add(t)
			}
		}
	}
	f.persistOf[d] = out
	return out
}

// persistAll is every state's counts over the window before day d, the
// rate each state's own is shrunk toward: the sum of persistStates (counts,
// so exact in any order).
func (f *featurizer) persistAll(d int32) *persistCounts {
	if p, ok := f.persistAllOf[d]; ok {
		return p
	}
	lo, hi := f.persistWindow(d)
	p := &persistCounts{}
	for _, s := range f.persistStates(d, lo, hi) {
		for k := range s.seen {
			for v := range s.seen[k] {
				p.seen[k][v] += s.seen[k][v]
				p.kept[k][v] += s.kept[k][v]
			}
		}
	}
	f.persistAllOf[d] = p
	return p
}

// persistState is state c's counts over the window before day d, from its
// latest regime break on.
func (f *featurizer) persistState(c int, d, since int32) persistCounts {
	lo, hi := f.persistWindow(d)
	if lo >= hi || since <= f.h.rcs[lo].day {
		// No break inside the window: the state's counts over all of it,
		// which one pass gives for every state at once (every row of a
		// day asks for them).
		return f.persistStates(d, lo, hi)[c]
	}
	var p persistCounts
	for r := lo; r < hi; r++ {
		if f.h.rcs[r].day < since {
			continue
		}
		t := f.transitions(r)[c]
		if t.top < 0 {
			continue
		}
		p.add(t)
	}
	return p
}

// persistence is what the persistence features and their explanation
// read: the state's smoothed rate of keeping its top vote's stance on
// analogues of the top vote's kind, the all-state rate, and the state's
// own counts behind it.
type persistence struct {
	rate, all  float64
	kept, seen float64
}

// logOddsGap is how much more (positive) or less often than the average
// state it kept such a stance, on the log-odds scale, bounded so that a
// state that always kept it does not weigh without limit.
func (p persistence) logOddsGap() float64 {
	lo := func(x float64) float64 {
		x = math.Min(math.Max(x, 0.01), 0.99)
		return math.Log(x / (1 - x))
	}
	return lo(p.rate) - lo(p.all)
}

// persist computes (once per row) the state's persistence for its top
// vote's stance and kind; ok is false when it has no top vote.
func (r *rowCtx) persist() (persistence, bool) {
	if r.persistV != nil {
		return *r.persistV, r.persistV.seen >= 0
	}
	s := r.sim()
	p := persistence{seen: -1}
	if s.top >= 0 {
		d := r.m.q.day
		all := r.f.persistAll(d)
		mine := r.f.persistState(r.c, d, r.m.since[r.c])
		k := kindOf(!s.topSeries)
		// The all-state rate with a prior of one keep in two, so that an
		// empty window reads as even odds, not as zero.
		p.all = (all.kept[k][s.top] + 1) / (all.seen[k][s.top] + 2)
		p.kept, p.seen = mine.kept[k][s.top], mine.seen[k][s.top]
		a := r.f.cfg.PersistencePrior
		p.rate = (p.kept + a*p.all) / (p.seen + a)
	}
	r.persistV = &p
	return p, p.seen >= 0
}

// persistGap is the persistence feature of stance k: the log-odds gap
// when its top vote was k, else 0.
func (r *rowCtx) persistGap(k int) float64 {
	if r.sim().top != k {
		return 0
	}
	p, ok := r.persist()
	if !ok {
		return 0
	}
	return p.logOddsGap()
}

// targetRecord is the state's age-weighted stance shares on the earlier
// roll calls (TargetYears before the day, from its regime break on) whose
// inferred targets include one of the motion's, with their count.
//
// No feature marks a state without such a record: targets are inferred
// from titles alone, so few roll calls name any one state, and a state
// whose votes before a regime break are not counted has none. Having cast
// no vote on them is not evidence of abstaining (issue 12), so such a
// state gets zero shares and nothing else.
type targetRecord struct {
	share [3]float64
	n     int
	first int32
}

func (r *rowCtx) targetRec() targetRecord {
	if r.tgtV != nil {
		return *r.tgtV
	}
	var out targetRecord
	if r.tied() {
		out = r.f.targetRecord(r.m, r.c)
	}
	r.tgtV = &out
	return out
}

// targetRolls lists (once per motion) the earlier roll calls that name one
// of the motion's targets as a target, in the TargetYears before its day.
func (f *featurizer) targetRolls(m *motionCtx) []int {
	if m.tgtRolls != nil {
		return *m.tgtRolls
	}
	var out []int
	q := m.q
	from := q.day - int32(365.25*float64(f.cfg.TargetYears))
	lo, _ := slices.BinarySearchFunc(f.h.rcs, from, func(r rollCall, t int32) int { return int(r.day - t) })
	for rr := lo; rr < len(f.h.rcs) && f.h.rcs[rr].day < q.day; rr++ {
		if rr == q.self {
			continue
		}
		ts, _ := f.roles(rr)
		for _, t := range ts {
			if slices.Contains(q.targets, t) {
				out = append(out, rr)
				break
			}
		}
	}
	m.tgtRolls = &out
	return out
}

func (f *featurizer) targetRecord(m *motionCtx, c int) targetRecord {
	var out targetRecord
	var w float64
	since := m.since[c]
	for _, rr := range f.targetRolls(m) {
		rc := f.h.rcs[rr]
		if rc.day < since {
			continue
		}
		v := f.h.votes[rr][c]
		if v == cNone {
			continue
		}
		age := float64(m.q.day-rc.day) / 365.25
		wt := math.Exp(-age / f.cfg.TargetHalfLife * math.Ln2)
		out.share[v-1] += wt
		w += wt
		if out.n == 0 {
			out.first = rc.day
		}
		out.n++
	}
	if w > 0 {
		for k := range out.share {
			out.share[k] /= w
		}
	}
	return out
}

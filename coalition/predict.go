package coalition

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"entente"
	"entente/measures"
)

// Reason is one factor behind a prediction: its effect in percentage
// points on the probability of the stance named by Toward (positive: the
// factor makes that stance likelier, negative: less likely), what it is in
// words, and the evidence it rests on. The effect is the difference the
// factor makes against a state with the factor at its training average.
type Reason struct {
	Factor   Factor             `json:"factor"`
	Effect   float64            `json:"effect_pp"`
	Toward   entente.VoteChoice `json:"toward,omitempty"`
	Detail   string             `json:"detail"`
	Evidence []entente.Evidence `json:"evidence,omitempty"`
}

// StatePrediction is the forecast for one state.
type StatePrediction struct {
	Country   string             `json:"country"`
	Name      string             `json:"name"`
	Region    string             `json:"region,omitempty"`
	PYes      float64            `json:"p_yes"`
	PAbstain  float64            `json:"p_abstain"`
	PNo       float64            `json:"p_no"`
	Predicted entente.VoteChoice `json:"predicted"`
	// Role is "target", "sponsor" or "beneficiary" for states the motion names.
	Role     string    `json:"role,omitempty"`
	Reasons  []Reason  `json:"reasons"`
	Silences []Silence `json:"silences,omitempty"`

	x       []float64
	effects map[Factor]float64
}

// Probs returns the probabilities in yes, abstain, no order.
func (s StatePrediction) Probs() [3]float64 { return [3]float64{s.PYes, s.PAbstain, s.PNo} }

// SimilarRollCall is a past roll call the motion was placed by.
type SimilarRollCall struct {
	ID         string    `json:"id"`
	Resolution string    `json:"resolution"`
	Title      string    `json:"title"`
	Date       time.Time `json:"date"`
	Weight     float64   `json:"weight"`
	// Explicit is set for roll calls the analyst named in the motion.
	Explicit bool `json:"explicit"`
	// Kind is "same series" or "loose analogue"; AgeYears its age on the
	// as-of day.
	Kind     string           `json:"kind"`
	AgeYears float64          `json:"age_years"`
	Yes      int              `json:"yes"`
	Abstain  int              `json:"abstain"`
	No       int              `json:"no"`
	Evidence entente.Evidence `json:"evidence"`
}

// Prediction is the forecast for a motion as of a day.
type Prediction struct {
	Motion  Motion            `json:"motion"`
	AsOf    time.Time         `json:"asof"`
	Similar []SimilarRollCall `json:"similar"`
	States  []StatePrediction `json:"states"`
	// Notes tell the analyst what the engine could not use and why.
	Notes []string `json:"notes,omitempty"`

	// What the prediction was computed from, for the coalition analysis:
	// the engine (a scenario's, for a simulation), the query with its
	// pinned stances, the population and its feature rows in that order.
	eng  *Engine
	q    query
	pop  []int
	rows [][]float64
}

// Tally counts predicted stances.
func (p *Prediction) Tally() (yes, abstain, no int) {
	for _, s := range p.States {
		switch s.Predicted {
		case entente.VoteYes:
			yes++
		case entente.VoteAbstain:
			abstain++
		case entente.VoteNo:
			no++
		}
	}
	return
}

// State returns the prediction of one state.
func (p *Prediction) State(code string) (StatePrediction, bool) {
	for _, s := range p.States {
		if s.Country == code {
			return s, true
		}
	}
	return StatePrediction{}, false
}

// motionQuery turns a motion into a query at the engine's as-of day.
func (e *Engine) motionQuery(m Motion, notes *[]string) (query, error) {
	h := e.h
	q := query{day: dayNum(e.asof), date: e.asof, self: -1, pinned: map[int]float64{}}
	q.terms = h.lookupTerms(m.Title + " " + m.Text + " " + strings.Join(m.Subjects, " "))
	q.titleTerms = h.lookupTerms(m.Title)
	q.issues = issueBits(m.Issues)
	resolve := func(field string, codes []string) ([]int, error) {
		var out []int
		for _, c := range codes {
			a, ok := h.reg.Actor(c)
			if !ok || a.Kind != entente.KindState {
				return nil, m.errorAt(field, fmt.Errorf("%s is not a state entente knows", c))
			}
			out = append(out, h.country(c))
		}
		return out, nil
	}
	var err error
	if q.targets, err = resolve("targets", m.Targets); err != nil {
		return q, err
	}
	if q.benefs, err = resolve("beneficiaries", m.Beneficiaries); err != nil {
		return q, err
	}
	if q.sponsors, err = resolve("sponsors", m.Sponsors); err != nil {
		return q, err
	}
	h.padIdeal()
	for _, t := range q.targets {
		q.pinned[t] = -1
	}
	for _, s := range q.sponsors {
		q.pinned[s] = 1
	}
	taken := map[string]bool{}
	for _, sym := range m.Similar {
		key, ok := ResolutionKey(sym)
		if !ok {
			return q, m.errorAt("similar", fmt.Errorf("%q: want a resolution symbol such as A/RES/68/262", sym))
		}
		best := -1
		for _, r := range h.byKey[key] {
			rc := h.rcs[r]
			if rc.day >= q.day {
				continue
			}
			if best < 0 || (h.rcs[best].Amendment || h.rcs[best].Paragraph) && !(rc.Amendment || rc.Paragraph) || rc.day > h.rcs[best].day && !(rc.Amendment || rc.Paragraph) {
				best = r
			}
		}
		if best < 0 {
			if len(h.byKey[key]) > 0 {
				*notes = append(*notes, fmt.Sprintf("similar resolution %s is dated on or after the as-of day and was not used", key))
			} else {
				*notes = append(*notes, fmt.Sprintf("similar resolution %s has no recorded vote in the store and was not used", key))
			}
			continue
		}
		taken[key] = true
		// A named analogue is a clue, not a repeat: its weight falls with
		// its age and with how unlike the motion its text is, and only a
		// close, recent text is taken for the same series.
		rc := h.rcs[best]
		text := similarity(q.terms, rc.terms, e.f.idfFor(q.date.Year()))
		years := float64(q.day-rc.day) / 365.25
		w := e.cfg.ExplicitWeight*(0.5+0.5*text) - e.cfg.AgePenalty*math.Min(years, 20)
		q.similar = append(q.similar, simRC{rc: best, weight: math.Max(0.1, w), explicit: true, text: text, series: e.f.isSeries(&q, best)})
	}
	// Roll calls found by text fill up to the configured number; beside
	// the analyst's own choices they count half.
	factor := 1.0
	if len(q.similar) > 0 {
		factor = 0.5
	}
	for _, s := range e.f.findSimilar(&q, e.cfg.Similar) {
		if len(q.similar) >= e.cfg.Similar {
			break
		}
		key := h.rcs[s.rc].key
		if taken[key] {
			continue
		}
		taken[key] = true
		s.weight *= factor
		q.similar = append(q.similar, s)
	}
	// Analogues are taken heaviest first, named or found, so that the
	// "top" analogue a state's vote is read from is the closest one.
	sort.SliceStable(q.similar, func(i, j int) bool { return q.similar[i].weight > q.similar[j].weight })
	if len(q.similar) == 0 {
		*notes = append(*notes, "no similar past roll call was found or given: the motion is placed by its targets, issues and ties alone")
	}
	return q, nil
}

// population lists the UN members on the as-of day.
func (e *Engine) population() []int {
	mem := e.h.members(dayNum(e.asof))
	var pop []int
	for c, ok := range mem {
		if ok {
			if a, found := e.h.reg.Actor(e.h.codes[c]); found && a.Kind == entente.KindState {
				pop = append(pop, c)
			}
		}
	}
	return pop
}

// Predict forecasts every UN member's vote on the motion, with reasons.
func (e *Engine) Predict(ctx context.Context, m Motion) (*Prediction, error) {
	return e.predict(ctx, m, nil)
}

func (e *Engine) predict(ctx context.Context, m Motion, sc *Scenario) (*Prediction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var notes []string
	if m.Date.Before(e.asof) {
		notes = append(notes, fmt.Sprintf("the motion is dated %s, before the as-of day %s", m.Date.Format(entente.DateLayout), e.asof.Format(entente.DateLayout)))
	}
	q, err := e.motionQuery(m, &notes)
	if err != nil {
		return nil, err
	}
	if sc != nil {
		for _, st := range sc.stances {
			q.pinned[st.country] = st.stance
		}
	}
	pop := e.population()
	if len(pop) == 0 {
		return nil, fmt.Errorf("predict: no UN members on %s: %w", e.asof.Format(entente.DateLayout), entente.ErrNotFound)
	}
	base := e.f.rows(&q, pop)
	ps, rows := e.model.predictCase(e.f, &q, pop, base)
	notes = append(notes, e.breadth(m, &q, pop, rows, ps)...)
	pred := &Prediction{Motion: m, AsOf: e.asof, Notes: notes, eng: e, q: q, pop: pop, rows: base}
	for _, s := range q.similar {
		rc := e.h.rcs[s.rc]
		sr := SimilarRollCall{ID: rc.ID, Resolution: resolutionLabel(rc.RollCall), Title: shortTitle(rc.RollCall), Date: rc.Date, Weight: round(s.weight, 3), Explicit: s.explicit,
			Kind: analogueKind(s), AgeYears: round(float64(q.day-rc.day)/365.25, 1), Evidence: rc.Evidence}
		for _, v := range e.h.votes[s.rc] {
			switch v {
			case cYes:
				sr.Yes++
			case cAbstain:
				sr.Abstain++
			case cNo:
				sr.No++
			}
		}
		pred.Similar = append(pred.Similar, sr)
	}
	m2 := e.model.stage2For(&q)
	for k, c := range pop {
		p := ps[k]
		sp := StatePrediction{Country: e.h.codes[c], x: rows[k]}
		if a, ok := e.h.reg.Actor(sp.Country); ok {
			sp.Name, sp.Region = a.Name, a.Region
		}
		role := ""
		switch {
		case slices.Contains(q.targets, c):
			role = "target"
		case slices.Contains(q.sponsors, c):
			role = "sponsor"
			// A sponsor votes for its own motion; the model's view is
			// kept as a small share so that its reasons still read.
			p = [3]float64{0.9 + 0.1*p[0], 0.1 * p[1], 0.1 * p[2]}
		case slices.Contains(q.benefs, c):
			role = "beneficiary"
		}
		if sc != nil {
			if st, ok := sc.stanceOf(c); ok {
				switch {
				case st > 0:
					p = [3]float64{0.9 + 0.1*p[0], 0.1 * p[1], 0.1 * p[2]}
				case st < 0:
					p = [3]float64{0.1 * p[0], 0.1 * p[1], 0.9 + 0.1*p[2]}
				default:
					p = [3]float64{0.1 * p[0], 0.9 + 0.1*p[1], 0.1 * p[2]}
				}
			}
		}
		sp.Role = role
		sp.PYes, sp.PAbstain, sp.PNo = round(p[0], 4), round(p[1], 4), round(p[2], 4)
		pv, pw := priorVote(rows[k])
		k2 := m2.rule.label(p, pv, pw, q.regime(), e.cfg.LabelSlack)
		sp.Predicted = Classes[k2]
		sp.effects = effects(m2, rows[k], p, k2)
		_, sp.Silences = e.f.silences(&q, c, true)
		sp.Reasons = e.reasons(&q, c, rows[k], effectsPP(m2, rows[k], k2), sp.effects, Classes[k2], sp.Silences, role)
		pred.States = append(pred.States, sp)
	}
	sort.Slice(pred.States, func(i, j int) bool { return pred.States[i].Country < pred.States[j].Country })
	// The tally counts labels and the expected count adds probabilities:
	// they differ whenever many states lean yes without being sure of it,
	// so the note gives both, saying what each counts.
	var sumYes float64
	labelled := 0
	for _, s := range pred.States {
		sumYes += s.PYes
		if s.Predicted == entente.VoteYes {
			labelled++
		}
	}
	pred.Notes = append(pred.Notes, fmt.Sprintf("%d states are labelled yes (the stance shown for each state); the yes probabilities, sponsors' included, add up to %.0f expected yes votes", labelled, sumYes))
	return pred, nil
}

// effects sums the feature contributions of model m toward class k by factor.
func effects(m *mnl, x []float64, p [3]float64, k int) map[Factor]float64 {
	cs := m.contributions(x, p, k)
	out := map[Factor]float64{}
	for j, c := range m.cols {
		out[featureFactor[c]] += cs[j]
	}
	return out
}

// breadth compares the expected yes votes with the analogues' and, when
// the analyst gives a breadth hint, moves every state's probabilities by
// one common shift of the log-odds of yes so that the expected yes votes
// (sponsors counted as yes) meet the hint's middle: a broader motion than
// its analogues raises everyone's yes, a narrower one lowers it. ps is
// changed in place; the notes say what was done.
func (e *Engine) breadth(m Motion, q *query, pop []int, rows [][]float64, ps [][3]float64) []string {
	m2 := e.model.stage2For(q)
	expected := func(shift float64) float64 {
		var n float64
		for k, c := range pop {
			if slices.Contains(q.sponsors, c) {
				n++
				continue
			}
			n += m2.probs(rows[k], shift)[0]
		}
		return n
	}
	var notes []string
	var analogueYes, wsum float64
	for _, s := range q.similar {
		var y float64
		for _, v := range e.h.votes[s.rc] {
			if v == cYes {
				y++
			}
		}
		analogueYes += s.weight * y
		wsum += s.weight
	}
	base := expected(0)
	if wsum > 0 {
		analogueYes /= wsum
		notes = append(notes, fmt.Sprintf("before any breadth hint the yes probabilities add up to %.0f expected yes votes; the analogues drew %.0f on average", base, analogueYes))
	}
	if m.Breadth == nil {
		return notes
	}
	want := m.Breadth.Mid()
	// A shift of 8 in log-odds moves any state the model is unsure of;
	// states it is sure of (a long-kept vote on the same series) may need
	// more, so the bracket widens until it holds the hint or reaches 64.
	lo, hi := -8.0, 8.0
	for lo > -64 && expected(lo) > want {
		lo *= 2
	}
	for hi < 64 && expected(hi) < want {
		hi *= 2
	}
	for i := 0; i < 50; i++ {
		mid := (lo + hi) / 2
		if expected(mid) < want {
			lo = mid
		} else {
			hi = mid
		}
	}
	shift := (lo + hi) / 2
	for k, c := range pop {
		if !slices.Contains(q.sponsors, c) {
			ps[k] = m2.probs(rows[k], shift)
		}
	}
	how := "broader"
	if shift < 0 {
		how = "narrower"
	}
	ref := fmt.Sprintf("the model's %.0f", base)
	if wsum > 0 {
		ref += fmt.Sprintf(" and its analogues' %.0f", analogueYes)
	}
	notes = append(notes, fmt.Sprintf("breadth hint %d-%d yes: the motion is %s than %s; every state's log-odds of yes moved by %+.2f to expect %.0f yes votes",
		m.Breadth.Low, m.Breadth.High, how, ref, shift, expected(shift)))
	return notes
}

// effectsPP is, by factor, the difference in percentage points that the
// factor makes to the model's probability of class k: the probability
// with the state's values less the probability with the factor's features
// at their training means (ties to the targets at none, effectBase).
func effectsPP(m *mnl, x []float64, k int) map[Factor]float64 {
	p := m.probs(x, 0)
	out := map[Factor]float64{}
	alt := slices.Clone(x)
	for _, f := range factorsOf(m) {
		for j, c := range m.cols {
			if featureFactor[c] == f {
				alt[c] = m.effectBase(j)
			}
		}
		out[f] = 100 * (p[k] - m.probs(alt, 0)[k])
		for _, c := range m.cols {
			alt[c] = x[c]
		}
	}
	return out
}

// factorsOf lists the factors of a model's columns once each.
func factorsOf(m *mnl) []Factor {
	var out []Factor
	for _, c := range m.cols {
		if !slices.Contains(out, featureFactor[c]) {
			out = append(out, featureFactor[c])
		}
	}
	return out
}

// analogueKind names an analogue's kind for an analyst.
func analogueKind(s simRC) string {
	if s.series {
		return "same series"
	}
	return "loose analogue"
}

// minEffectPP is the least effect, in percentage points, worth a reason.
const minEffectPP = 1.0

// maxReasons is how many reasons a prediction lists.
const maxReasons = 4

func (e *Engine) reasons(q *query, c int, x []float64, eff, logOdds map[Factor]float64, toward entente.VoteChoice, sil []Silence, role string) []Reason {
	type fe struct {
		f Factor
		v float64
	}
	var list []fe
	for f, v := range eff {
		list = append(list, fe{f, v})
	}
	sort.Slice(list, func(i, j int) bool {
		if math.Abs(list[i].v) != math.Abs(list[j].v) {
			return math.Abs(list[i].v) > math.Abs(list[j].v)
		}
		return list[i].f < list[j].f
	})
	// Factors worth a point or more; when the state is so sure that no
	// single factor moves it that much, the two with the largest log-odds
	// effects, whose points then read as less than one.
	n := 0
	for n < len(list) && math.Abs(list[n].v) >= minEffectPP {
		n++
	}
	if n == 0 {
		sort.Slice(list, func(i, j int) bool {
			if math.Abs(logOdds[list[i].f]) != math.Abs(logOdds[list[j].f]) {
				return math.Abs(logOdds[list[i].f]) > math.Abs(logOdds[list[j].f])
			}
			return list[i].f < list[j].f
		})
		n = min(2, len(list))
	}
	list = list[:n]
	var out []Reason
	if role == "sponsor" {
		out = append(out, Reason{Factor: "sponsor", Effect: 0, Detail: "sponsors the motion"})
	}
	if b, ok := e.f.breaks.last(c, q.day); ok {
		out = append(out, Reason{Factor: FactorRegime, Effect: 0, Detail: b.text()})
	}
	listed := map[Factor]bool{}
	for _, l := range list[:min(len(list), maxReasons)] {
		d, ev := e.describe(q, c, l.f, x, sil)
		out = append(out, Reason{Factor: l.f, Effect: round(l.v, 1), Toward: toward, Detail: d, Evidence: ev})
		listed[l.f] = true
	}
	// A material dependence on a target is named whatever weight the
	// model gives it: an analyst reading why India abstains must see that
	// Russia supplies a large share of its arms, even when its votes on
	// the analogues say more to the model.
	if len(q.targets) > 0 {
		shares := []struct {
			f  Factor
			sh float64
		}{{FactorArms, e.f.armsShare(c, q.targets, q.day).Value}, {FactorTrade, e.f.tradeShare(c, q.targets, q.day).Value}}
		for _, d := range shares {
			if !listed[d.f] && d.sh >= e.cfg.MaterialDependence {
				text, ev := e.describe(q, c, d.f, x, sil)
				out = append(out, Reason{Factor: d.f, Effect: round(eff[d.f], 1), Toward: toward, Detail: text, Evidence: ev})
			}
		}
	}
	if out == nil {
		out = []Reason{}
	}
	return out
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func pct(v float64) string { return strconv.Itoa(int(math.Round(100*v))) + "%" }

func ftoa(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

func (e *Engine) codesOf(idx []int) string {
	var s []string
	for _, i := range idx {
		s = append(s, e.h.codes[i])
	}
	return strings.Join(s, ", ")
}

// describe puts a factor into words for one state, with its evidence.
func (e *Engine) describe(q *query, c int, f Factor, x []float64, sil []Silence) (string, []entente.Evidence) {
	h := e.h
	w := e.f.window(q.day)
	sessions := sessionsLabel(w.sessions)
	// A state whose regime changed inside the window is measured on its
	// new rulers' votes only (applyBreaks); the label says so, or the
	// sessions named would suggest the old regime's votes were counted.
	if since := e.f.breaks.since(c, q.day); since != math.MinInt32 && len(w.sessions) > 0 && since > e.f.sessionFirstDay(slices.Min(w.sessions)) {
		sessions += fmt.Sprintf(" (its votes from %s on)", fromDay(since).Format(entente.DateLayout))
	}
	switch f {
	case FactorSimilar:
		var parts []string
		var ev []entente.Evidence
		for _, s := range q.similar[:min(3, len(q.similar))] {
			rc := h.rcs[s.rc]
			v := h.votes[s.rc][c]
			what := map[int8]string{cYes: "voted yes", cAbstain: "abstained", cNo: "voted no", cNone: "was absent"}[v]
			if v == cNone && !h.members(rc.day)[c] {
				what = "was not a member"
			}
			if b, ok := e.f.breaks.last(c, q.day); ok && rc.day < b.day {
				what += " (before its regime break of " + b.Date.Format(entente.DateLayout) + ", not counted)"
			}
			parts = append(parts, fmt.Sprintf("%s on %s %q (%s; %s, %s old)", what, resolutionLabel(rc.RollCall), shortTitle(rc.RollCall),
				rc.Date.Format(entente.DateLayout), analogueKind(s), ageText(q.day-rc.day)))
			ev = append(ev, rc.Evidence)
		}
		if len(parts) == 0 {
			return "no similar past resolution to go by", nil
		}
		return strings.Join(parts, "; ") + e.describePersistence(q, c), ev
	case FactorBloc:
		var gs []string
		for _, g := range e.f.groupsOf(c, q.date.Year()) {
			gs = append(gs, strings.TrimPrefix(g, "region:"))
		}
		return fmt.Sprintf("its blocs (%s) voted %s yes, %s abstain, %s no on the similar resolutions", strings.Join(gs, ", "), pct(x[fBlocYes]), pct(x[fBlocAbstain]), pct(x[fBlocNo])), nil
	case FactorMotion:
		return fmt.Sprintf("the assembly voted %s abstain and %s no on the similar resolutions", pct(x[fAllAbstain]), pct(x[fAllNo])), nil
	case FactorIssue:
		var is []string
		for b := 0; b < 6; b++ {
			if q.issues&(1<<b) != 0 {
				is = append(is, IssueNames[Issues[b]])
			}
		}
		topic := "all issues"
		if len(is) > 0 {
			topic = strings.Join(is, ", ")
		}
		return fmt.Sprintf("in sessions %s it abstained on %s and voted no on %s of votes on %s (%s abstain, %s no overall)", sessions, pct(x[fIssAbstain]), pct(x[fIssNo]), topic, pct(x[fGenAbstain]), pct(x[fGenNo])), nil
	case FactorTarget:
		if x[fIsTarget] == 1 {
			return "it is a target of the motion", nil
		}
		return fmt.Sprintf("agreed with %s on %s of votes in sessions %s", e.codesOf(q.targets), pct(x[fAgreeTarget]), sessions) + e.describeTargetRecord(q, c), nil
	case FactorBenef:
		if x[fIsBenef] == 1 {
			return "it is a beneficiary of the motion", nil
		}
		return fmt.Sprintf("agreed with %s on %s of votes in sessions %s", e.codesOf(q.benefs), pct(x[fAgreeBenef]+0.5), sessions), nil
	case FactorUSA:
		return fmt.Sprintf("agreed with the USA on %s of votes in sessions %s", pct(x[fAgreeUSA]), sessions), nil
	case FactorSponsors:
		if len(q.sponsors) == 0 {
			return "the sponsors are not known", nil
		}
		d := fmt.Sprintf("agreed with the %d sponsors (%s) on %s of votes in sessions %s", len(q.sponsors), e.codesOf(q.sponsors), pct(x[fAgreeSponsors]+0.5), sessions)
		if x[fThetaMissing] == 0 && x[fDistSponsors] != 0 {
			d += fmt.Sprintf("; its ideal point is %.2f from theirs", x[fDistSponsors])
		}
		return d, nil
	case FactorIdeal:
		if x[fThetaMissing] == 1 {
			return "no ideal-point estimate before the as-of day", nil
		}
		s := w.thetaSes[c]
		d := fmt.Sprintf("UNGA ideal point %.2f (session %d; higher is closer to the US-led order)", x[fTheta], s)
		if len(q.targets) > 0 {
			d += fmt.Sprintf(", %.2f from the targets", x[fDistTarget])
		}
		if x[fSpatial] != 0 {
			side := "the yes camp"
			if x[fSpatial] < 0 {
				side = "the no camp"
			}
			d += ", nearer " + side + " of the similar votes"
		}
		var ev []entente.Evidence
		if m := h.idealEv[s]; m != nil {
			if v, ok := m[c]; ok {
				ev = append(ev, v)
			}
		}
		return d, ev
	case FactorTrade:
		sh := e.f.tradeShare(c, q.targets, q.day)
		if sh.Partner < 0 || sh.Value == 0 {
			return "no recorded trade with the targets", nil
		}
		ev := sh.Evidence
		if !sh.Curated {
			ev = e.tradeEvidence(c, sh.Partner, sh.Year)
		}
		return fmt.Sprintf("%s of its trade was with %s in %d (%s)", pct(sh.Value), h.codes[sh.Partner], sh.Year, sh.Basis), ev
	case FactorArms:
		sh := e.f.armsShare(c, q.targets, q.day)
		if sh.Partner < 0 || sh.Value == 0 {
			if sh.BelowMinimum {
				return "arms imports from the targets too small to count in the last five years (" + sh.Basis + ")", nil
			}
			return "no arms imports from the targets in the last five years", nil
		}
		if sh.Curated {
			return fmt.Sprintf("%s supplied %s of its arms imports (curated figure for %d)", h.codes[sh.Partner], pct(sh.Value), sh.Year), sh.Evidence
		}
		return fmt.Sprintf("%s supplied %s of its arms imports (%s)", h.codes[sh.Partner], pct(sh.Value), sh.Basis), sh.Evidence
	case FactorAlliance:
		al := e.f.ties(c, q.targets, q.day)
		if len(al) == 0 {
			return "no alliance with the targets", nil
		}
		var parts []string
		var ev []entente.Evidence
		for _, a := range al[:min(3, len(al))] {
			other := a.B
			if other == c {
				other = a.A
			}
			label := string(a.Kind)
			if a.Name != "" {
				label = a.Name
			}
			if a.Year > 0 {
				label += fmt.Sprintf(" (%d)", a.Year)
			}
			switch a.Class {
			case measures.ClassMultilateral:
				label += ", a multilateral coding that is not counted as a tie"
			case measures.ClassDeployment:
				label += ", a deployment"
			}
			parts = append(parts, fmt.Sprintf("%s with %s", label, h.codes[other]))
			ev = append(ev, a.Evidence)
		}
		return strings.Join(parts, "; "), ev
	case FactorBlocTie:
		mine := e.f.groupsOf(c, q.date.Year())
		var parts []string
		for _, t := range q.targets {
			var shared []string
			for _, g := range e.f.groupsOf(t, q.date.Year()) {
				if !strings.HasPrefix(g, "region:") && slices.Contains(mine, g) {
					shared = append(shared, g)
				}
			}
			if len(shared) > 0 {
				parts = append(parts, fmt.Sprintf("%s with %s", strings.Join(shared, ", "), e.h.codes[t]))
			}
		}
		if len(parts) == 0 {
			return "shares no bloc with the targets", nil
		}
		return "shares " + strings.Join(parts, "; "), nil
	case FactorSilence:
		if len(sil) == 0 {
			return "no silence evidence", nil
		}
		var parts []string
		var ev []entente.Evidence
		for _, s := range sil[:min(2, len(sil))] {
			parts = append(parts, s.Detail)
			ev = append(ev, s.Evidence...)
		}
		return "silence: " + strings.Join(parts, "; "), ev
	case FactorRegion:
		if a, ok := h.reg.Actor(h.codes[c]); ok && a.Region != "" {
			return "region: " + a.Region, nil
		}
		return "region unknown", nil
	case FactorPeers:
		return e.describePeers(q, c, x), nil
	}
	return string(f), nil
}

// ageText renders an age in days as "7 years", "11 months".
func ageText(days int32) string {
	switch y := float64(days) / 365.25; {
	case y >= 1.5:
		return fmt.Sprintf("%.0f years", y)
	case y >= 0.95:
		return "1 year"
	}
	return fmt.Sprintf("%d months", max(1, int(math.Round(float64(days)/30.44))))
}

func sessionsLabel(s []int) string {
	if len(s) == 0 {
		return "(none)"
	}
	lo, hi := s[0], s[0]
	for _, v := range s {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}

func (e *Engine) describePeers(q *query, c int, x []float64) string {
	w := e.f.window(q.day)
	type pa struct {
		j int
		a float64
	}
	var ps []pa
	for j := range e.h.codes {
		if j == c {
			continue
		}
		if a, ok := w.agreement(c, j); ok {
			ps = append(ps, pa{j, a})
		}
	}
	sort.Slice(ps, func(i, k int) bool {
		if ps[i].a != ps[k].a {
			return ps[i].a > ps[k].a
		}
		return ps[i].j < ps[k].j
	})
	var names []string
	for _, p := range ps[:min(4, len(ps))] {
		names = append(names, fmt.Sprintf("%s %s", e.h.codes[p.j], pct(p.a)))
	}
	lean := func(v float64) string {
		switch {
		case v > 0.2:
			return "lean yes"
		case v < -0.2:
			return "lean no"
		}
		return "are split"
	}
	// Ties by weight, heaviest first: an ally (weight 1) before a partner
	// taking a tenth of the state's trade.
	es := slices.Clone(e.f.tieEdges(q.day)[c])
	sort.SliceStable(es, func(i, j int) bool { return es[i].w > es[j].w })
	var ties []string
	for _, ed := range es {
		if ed.w >= 0.1 && !slices.Contains(ties, e.h.codes[ed.to]) {
			ties = append(ties, e.h.codes[ed.to])
		}
	}
	d := fmt.Sprintf("its closest voting partners (%s) %s", strings.Join(names, ", "), lean(x[fPeerAlign]))
	if len(ties) > 0 {
		d += fmt.Sprintf("; its allies and main suppliers (%s) %s", strings.Join(ties[:min(6, len(ties))], ", "), lean(x[fPeerTies]/0.7))
	}
	return d
}

// tradeEvidence returns the dataset rows behind a trade share. The flows of
// a partner in a year are read once, in one query, and cached: one query
// per state would cost more than the whole prediction.
func (e *Engine) tradeEvidence(c, partner, year int) []entente.Evidence {
	if e.h.src == nil {
		return nil
	}
	key := [2]int{partner, year}
	if e.tradeEv == nil {
		e.tradeEv = map[[2]int]map[string][]entente.Evidence{}
	}
	byCountry, ok := e.tradeEv[key]
	if !ok {
		byCountry = map[string][]entente.Evidence{}
		ts, err := e.h.src.Ties(context.Background(), entente.TieFilter{KindPrefix: string(entente.TieTradeFlow), A: e.h.codes[partner], Either: true, FromYear: year, ToYear: year})
		if err == nil {
			for _, t := range ts {
				other := t.B
				if other == e.h.codes[partner] {
					other = t.A
				}
				byCountry[other] = append(byCountry[other], t.Evidence)
			}
		}
		e.tradeEv[key] = byCountry
	}
	return byCountry[e.h.codes[c]]
}

// tieYesPush is how much a state's ties to the motion's targets (trade,
// arms, alliances, treaties, shared blocs) change the model's probability
// of yes: the probability with its ties less the probability with none.
// The weights are held so that it is never positive (clampTies): a tie
// with a target never pushes a state toward condemning it.
func (p *Prediction) tieYesPush(s StatePrediction) float64 {
	m := p.eng.model.stage2For(&p.q)
	alt := slices.Clone(s.x)
	for _, c := range tiesToTarget {
		alt[c] = 0
	}
	return m.probs(s.x, 0)[0] - m.probs(alt, 0)[0]
}

// describePersistence words the persistence feature: how often the state
// kept the stance of its top vote on the next similar vote, beside the
// average state; empty when it has no top vote.
func (e *Engine) describePersistence(q *query, c int) string {
	r := e.rowFor(q, c)
	s := r.sim()
	p, ok := r.persist()
	if !ok {
		return ""
	}
	stance := [3]string{"a yes", "an abstention", "a no"}[s.top]
	kind := "same-series repeats"
	if !s.topSeries {
		kind = "loose analogues"
	}
	if p.seen == 0 {
		return fmt.Sprintf("; it has no earlier vote after %s on %s in the last %d years to say how often it keeps one (average state: %s)", stance, kind, e.cfg.PersistenceYears, pct(p.all))
	}
	return fmt.Sprintf("; in the last %d years it kept %s on the next similar vote %.0f of %.0f times on %s (average state: %s)", e.cfg.PersistenceYears, stance, p.kept, p.seen, kind, pct(p.all))
}

// describeTargetRecord words the target-record features; empty when the
// motion names no target or the state is one.
func (e *Engine) describeTargetRecord(q *query, c int) string {
	r := e.rowFor(q, c)
	if !r.tied() {
		return ""
	}
	t := r.targetRec()
	return targetRecordText(t.n, fromDay(t.first), t.share, e.cfg.TargetYears)
}

// targetRecordText words a state's record on the n earlier roll calls
// naming the targets, the first of them on day first.
func targetRecordText(n int, first time.Time, share [3]float64, years int) string {
	switch n {
	case 0:
		return fmt.Sprintf("; it voted on no roll call naming them in the last %d years, which counts neither way", years)
	case 1:
		verb := [3]string{"voted yes", "abstained", "voted no"}[argmax(share)]
		return fmt.Sprintf("; on the one roll call naming them in the last %d years (%s) it %s", years, first.Format(entente.DateLayout), verb)
	}
	return fmt.Sprintf("; on %d roll calls naming them since %s it voted %s yes, %s abstain, %s no (recent votes weigh more)", n, first.Format(entente.DateLayout), pct(share[0]), pct(share[1]), pct(share[2]))
}

// rowFor is a fresh row context of the state for the query, for the
// explanations that need more than the feature values.
func (e *Engine) rowFor(q *query, c int) *rowCtx {
	// Every state's explanation of one prediction shares the query, so
	// its motion context is computed once.
	if e.lastQ != q {
		e.lastQ, e.lastM = q, e.f.motionContext(q)
	}
	return &rowCtx{f: e.f, m: e.lastM, c: c}
}

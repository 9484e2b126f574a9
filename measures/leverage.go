package measures

// Leverage of B over A — read from the other side, the susceptibility of A
// to coercion by B — is one documented score over the measures of this
// package, for one year Y:
//
//	score = Σ_k w_k·x_k / Σ_k w_k        (0 ≤ score ≤ 1)
//
// with six terms x_k, each in [0,1]:
//
//	trade      B's share of A's total trade (imports + exports, COW, US$),
//	           in Y or the latest year within the lookback; a curated
//	           headline figure replaces it when more recent.
//	asymmetry  max(0, trade share of B in A's trade − share of A in B's
//	           trade): dependence that runs one way is leverage (Hirschman).
//	arms       B's share of A's arms imports (SIPRI TIV) over the arms
//	           window ending in Y (default five years); a curated figure
//	           replaces it when more recent than the deliveries recorded.
//	supplier   1 when B is A's largest arms supplier in that window.
//	security   the strongest tie in force between A and B in Y: 1 for a
//	           defence (or offence) pact, 0.5 for neutrality or a security
//	           partnership, 0.25 for non-aggression, entente/consultation
//	           or a partnership treaty; COW and ATOP
//	           spells that reach the end of their data are carried forward,
//	           and curated treaties count from entry into force.
//	hostility  share of B's asserted events toward A in the event window
//	           ending in Y that fall in conflictual PLOVER categories
//	           (accuse, reject, threaten, protest, sanction, mobilize,
//	           coerce, assault): leverage being used.
//
// Default weights (overridable, e.g. --weights trade=0.3,arms=0.25): trade
// 0.25, asymmetry 0.20, arms 0.20, supplier 0.10, security 0.15, hostility
// 0.10. A term without data counts 0 and says so. The score maps to a level
// from 1 to 5: below 0.05 negligible (1), below 0.15 low (2), below 0.30
// moderate (3), below 0.50 high (4), else very high (5).

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"entente"
)

// Formula is the leverage formula as output prints it.
const Formula = "leverage(B over A) = Σ w·x / Σ w over trade (B's share of A's trade), " +
	"asymmetry (max(0, dep A on B − dep B on A)), arms (B's share of A's arms imports, SIPRI TIV over the arms window), " +
	"supplier (1 if B is A's main arms supplier), security (1 defence pact, 0.5 neutrality or security partnership, 0.25 non-aggression, entente/consultation or partnership), " +
	"hostility (share of B's events toward A in conflictual PLOVER categories); " +
	"level 1-5 at score < .05, < .15, < .30, < .50, >= .50"

// Level thresholds: the upper bounds of levels 1 to 4.
var levelBounds = [4]float64{0.05, 0.15, 0.30, 0.50}

// LevelLabels names levels 1 to 5.
var LevelLabels = [6]string{"", "negligible", "low", "moderate", "high", "very high"}

// LevelOf maps a score to its level 1 to 5.
func LevelOf(score float64) int {
	for i, b := range levelBounds {
		if score < b {
			return i + 1
		}
	}
	return 5
}

// Term is one term of a leverage score with its inputs.
type Term struct {
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	// Value is x in [0,1]; Contribution is weight × value / Σ weights, the
	// term's part of the score.
	Value        float64 `json:"value"`
	Contribution float64 `json:"contribution"`
	// Explanation states the inputs in a sentence an analyst can check.
	Explanation string `json:"explanation"`
	// DataYear is the last year of the data the term rests on (absent when
	// the store holds none): the year of the trade figures, the end of the
	// arms window or of the arms data, the year of a curated figure, the
	// end of the alliance data when no tie is recorded in force.
	DataYear int `json:"data_year,omitempty"`
	// Carried is set when DataYear is before the year asked: the figure
	// of an earlier year stands for it.
	Carried bool `json:"carried,omitempty"`
	Curated bool `json:"curated,omitempty"`
	NoData  bool `json:"no_data,omitempty"`
	// Evidence cites the rows used.
	Evidence []entente.Evidence `json:"evidence"`
}

// Leverage is the leverage of Holder over Over in Year.
type Leverage struct {
	Holder string  `json:"holder"`
	Over   string  `json:"over"`
	Year   int     `json:"year"`
	Score  float64 `json:"score"`
	Level  int     `json:"level"`
	Label  string  `json:"label"`
	Terms  []Term  `json:"terms"`
}

// Term returns the term by name.
func (l Leverage) Term(name string) (Term, bool) {
	for _, t := range l.Terms {
		if t.Name == name {
			return t, true
		}
	}
	return Term{}, false
}

// subject is what the engine has loaded about one state (A) for leverage:
// its trade, arms imports, security ties and the events toward it, over a
// span of years, for one partner or for all.
type subject struct {
	a      string
	trade  *tradeData
	arms   *armsData
	sec    *securityData
	events *eventData
	facts  []CuratedFact
}

// loadSubject loads what leverage over a needs for the years from..to;
// holder restricts it to one partner ("" for all).
func (e *Engine) loadSubject(ctx context.Context, a, holder string, from, to int) (*subject, error) {
	s := &subject{a: a}
	var err error
	if holder == "" {
		if s.trade, err = e.loadTrade(ctx, a, "", from-e.cfg.Lookback, to); err != nil {
			return nil, err
		}
		if s.sec, err = e.loadSecurity(ctx, a, ""); err != nil {
			return nil, err
		}
		if s.facts, err = e.CuratedFacts(ctx, a, ""); err != nil {
			return nil, err
		}
	} else {
		// Every tie between the two, whatever its kind, in one read: the
		// store scans its tie table once per query, so one query for the
		// dyad is cheaper than one per kind.
		ties, err := e.r.Ties(ctx, entente.TieFilter{A: a, B: holder, Either: true})
		if err != nil {
			return nil, fmt.Errorf("ties of %s and %s: %w", a, holder, err)
		}
		if s.trade, err = e.tradeFrom(ctx, ties, a, holder, from-e.cfg.Lookback, to); err != nil {
			return nil, err
		}
		if s.sec, err = e.securityFrom(ctx, ties, a, holder); err != nil {
			return nil, err
		}
		if s.facts, err = e.factsFrom(ctx, ties); err != nil {
			return nil, err
		}
	}
	if s.arms, err = e.loadArms(ctx, a, from-e.cfg.ArmsWindow+1, to); err != nil {
		return nil, err
	}
	if s.events, err = e.loadEvents(ctx, holder, a, from-e.cfg.EventWindow+1, to); err != nil {
		return nil, err
	}
	return s, nil
}

// mirror returns the subject seen from the other side of a dyad whose
// trade and security data are already loaded: only arms and events differ.
func (e *Engine) mirror(ctx context.Context, s *subject, b string, from, to int) (*subject, error) {
	m := &subject{a: b, trade: s.trade}
	var err error
	if m.arms, err = e.loadArms(ctx, b, from-e.cfg.ArmsWindow+1, to); err != nil {
		return nil, err
	}
	m.sec = &securityData{subject: b, spells: map[string][]SecurityTie{s.a: s.sec.spells[b]}}
	if m.events, err = e.loadEvents(ctx, s.a, b, from-e.cfg.EventWindow+1, to); err != nil {
		return nil, err
	}
	m.facts = s.facts
	return m, nil
}

// leverage scores holder's leverage over s.a in year.
func (e *Engine) leverage(ctx context.Context, s *subject, holder string, year int) (Leverage, error) {
	w := e.cfg.Weights
	a := s.a
	l := Leverage{Holder: holder, Over: a, Year: year}

	// Trade and its asymmetry.
	dy, err := e.latestUsableYear(ctx, s.trade, a, year)
	if err != nil {
		return l, err
	}
	td, err := e.dependence(ctx, s.trade, a, holder, year, dy)
	if err != nil {
		return l, err
	}
	trade := Term{Name: TermTrade, DataYear: dy, Evidence: td.Evidence}
	asym := Term{Name: TermAsymmetry, DataYear: dy, Evidence: td.Evidence}
	shareAB, shareBA := td.AonB.Share.Or(0), td.BonA.Share.Or(0)
	switch {
	case dy == 0:
		trade.NoData, asym.NoData = true, true
		trade.Explanation = fmt.Sprintf("no trade figures for %s in %d-%d", a, year-e.cfg.Lookback, year)
		asym.Explanation = trade.Explanation
	default:
		trade.Explanation = fmt.Sprintf("%s is %s of %s's trade in %d (imports %s + exports %s of %s US$ M, %s totals)",
			holder, pct(shareAB), a, dy, num(td.AonB.Imports), num(td.AonB.Exports), num(td.AonB.TotalImports+td.AonB.TotalExports), td.AonB.Totals)
		if src := td.AonB.Source(); src != "" {
			trade.Explanation += "; source " + src
		}
	}
	if f, ok := figure(s.facts, "trade_share", a, holder, dy, year); ok {
		shareAB = f.Value
		trade.Curated, trade.DataYear, trade.NoData = true, f.Year, false
		trade.Evidence = append([]entente.Evidence{f.Evidence}, trade.Evidence...)
		trade.Explanation = fmt.Sprintf("%s is %s of %s's trade in %d (curated: %s)", holder, pct(shareAB), a, f.Year, f.Source)
		if dy == 0 {
			asym.Explanation = fmt.Sprintf("%s's dependence on %s %s (curated, %d); %s's on %s unknown", a, holder, pct(shareAB), f.Year, holder, a)
		}
	}
	trade.Value = clamp01(shareAB)
	if dy != 0 {
		asym.Explanation = fmt.Sprintf("%s's dependence on %s %s minus %s's on %s %s (%d)", a, holder, pct(shareAB), holder, a, pct(shareBA), dy)
		if trade.Curated {
			asym.Explanation += fmt.Sprintf("; %s's figure curated (%d)", a, trade.DataYear)
			asym.Curated, asym.DataYear = true, trade.DataYear
		}
		asym.NoData = false
	}
	asym.Value = clamp01(shareAB - shareBA)
	if trade.Curated && dy == 0 {
		asym.Value = 0
	}

	// Arms imports over the window.
	ad := s.arms.window(holder, year, e.cfg.ArmsWindow)
	// The window's figures rest on the arms data up to the window's end or
	// the data's, whichever comes first; a window with no delivery to a is
	// still data (none recorded) as long as the data reach into it.
	armsYear := min(ad.To, s.arms.end)
	if armsYear < ad.From {
		armsYear = 0
	}
	arms := Term{Name: TermArms, DataYear: armsYear, Evidence: ad.Evidence, Value: clamp01(ad.Share.Or(0))}
	supplier := Term{Name: TermSupplier, DataYear: armsYear}
	lastData := 0
	for y := ad.From; y <= ad.To; y++ {
		if len(s.arms.rows[y]) > 0 {
			lastData = y
		}
	}
	if ad.HasData() {
		arms.Explanation = fmt.Sprintf("%s delivered %s of %s TIV M of %s's arms imports %d-%d (%s; %s)",
			holder, num(ad.FromSupplier), num(ad.Total), a, ad.From, ad.To, pct(ad.Share.Or(0)), ad.Basis)
	} else {
		arms.NoData = true
		arms.Explanation = fmt.Sprintf("no arms deliveries to %s recorded %d-%d", a, ad.From, ad.To)
	}
	if f, ok := figure(s.facts, "arms_share", a, holder, max(lastData, ad.From-1), year); ok {
		arms.Value, arms.Curated, arms.DataYear, arms.NoData = clamp01(f.Value), true, f.Year, false
		supplier.DataYear = max(supplier.DataYear, f.Year)
		arms.Evidence = append([]entente.Evidence{f.Evidence}, arms.Evidence...)
		arms.Explanation = fmt.Sprintf("%s supplied %s of %s's arms imports (curated, %d: %s)", holder, pct(f.Value), a, f.Year, f.Source)
	}
	switch {
	case ad.IsMain:
		supplier.Value = 1
		supplier.Explanation = fmt.Sprintf("%s is %s's main arms supplier %d-%d (%s TIV M)", holder, a, ad.From, ad.To, num(ad.MainTIV))
		supplier.Evidence = ad.Evidence
	case ad.Main != "":
		supplier.Explanation = fmt.Sprintf("%s's main arms supplier %d-%d is %s (%s TIV M)", a, ad.From, ad.To, ad.Main, num(ad.MainTIV))
	default:
		supplier.NoData = true
		supplier.Explanation = arms.Explanation
	}

	// Security ties in force.
	ties := s.sec.InYear(holder, year)
	strength, top := securityStrength(ties)
	sec := Term{Name: TermSecurity, Value: strength, DataYear: year}
	if len(top) == 0 {
		sec.Explanation = fmt.Sprintf("no alliance or treaty between %s and %s in force in %d", a, holder, year)
		// "None in force" is as recent as the alliance data.
		end, err := e.lastTieYear(ctx, "alliance.")
		if err != nil {
			return l, err
		}
		switch {
		case end == 0:
			sec.DataYear, sec.NoData = 0, true
			sec.Explanation = fmt.Sprintf("no alliance data in the store; no curated treaty between %s and %s in force in %d", a, holder, year)
		case end < year:
			sec.DataYear = end
			sec.Explanation += fmt.Sprintf(" (alliance data end in %d)", end)
		}
	} else {
		labels := make([]string, 0, len(top))
		observed, curatedTie, dataEnd := false, false, 0
		for _, t := range top {
			labels = append(labels, t.Label())
			sec.Evidence = append(sec.Evidence, t.Evidence...)
			switch {
			case t.Curated:
				curatedTie = true
			case t.CarriedForward:
				dataEnd = max(dataEnd, t.DataEnd)
			default:
				observed = true
			}
		}
		// The term rests on the datasets when they record the tie that
		// year, else on a curated treaty in force, else on dataset spells
		// carried past their end.
		switch {
		case observed:
		case curatedTie:
			sec.Curated = true
		default:
			sec.DataYear = dataEnd
		}
		sec.Explanation = fmt.Sprintf("in force in %d: %s", year, strings.Join(labels, "; "))
	}

	// Hostility of the holder's events toward a.
	af := s.events.affinity(holder, a, year-e.cfg.EventWindow+1, year)
	host := Term{Name: TermHostility, Value: clamp01(af.Hostility.Or(0)), DataYear: year}
	if af.Events == 0 {
		host.NoData, host.DataYear = true, 0
		host.Explanation = fmt.Sprintf("no events of %s toward %s %s", holder, a, yearsText(af.From, af.To))
		if af.Negated > 0 {
			host.Explanation += fmt.Sprintf(" (negated, counted apart: %d)", af.Negated)
		}
	} else {
		host.Explanation = fmt.Sprintf("%d of %d events of %s toward %s %s conflictual (%s), mean Goldstein %.2f",
			af.Hostile, af.Events, holder, a, yearsText(af.From, af.To), pct(af.Hostility.Or(0)), *af.GoldsteinMean)
		if af.Negated > 0 {
			host.Explanation += fmt.Sprintf("; negated, counted apart: %d", af.Negated)
		}
	}

	l.Terms = []Term{trade, asym, arms, supplier, sec, host}
	sum := w.Sum()
	for i := range l.Terms {
		t := &l.Terms[i]
		t.Weight, _ = w.Get(t.Name)
		t.Contribution = t.Weight * t.Value / sum
		l.Score += t.Contribution
		t.Carried = t.DataYear != 0 && t.DataYear < year
		if t.Evidence == nil {
			t.Evidence = []entente.Evidence{}
		}
	}
	l.Level = LevelOf(l.Score)
	l.Label = LevelLabels[l.Level]
	return l, nil
}

func yearsText(from, to int) string {
	if from == to {
		return fmt.Sprintf("in %d", from)
	}
	return fmt.Sprintf("in %d-%d", from, to)
}

// pct renders a share as a percentage with one decimal.
func pct(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }

// num renders an amount with thousands separators; amounts below ten keep
// one decimal so that 0.4 does not read as 0.
func num(v float64) string {
	if v != 0 && v < 10 && v > -10 {
		return fmt.Sprintf("%.1f", v)
	}
	s := fmt.Sprintf("%.0f", v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Leverage scores b's leverage over a in year.
func (e *Engine) Leverage(ctx context.Context, b, a string, year int) (Leverage, error) {
	if err := checkDyad(a, b); err != nil {
		return Leverage{}, err
	}
	if err := checkYears(year-e.cfg.Lookback, year); err != nil {
		return Leverage{}, err
	}
	s, err := e.loadSubject(ctx, a, b, year, year)
	if err != nil {
		return Leverage{}, err
	}
	return e.leverage(ctx, s, b, year)
}

// Ranking is every state's leverage over A in Year, strongest first.
type Ranking struct {
	Over    string     `json:"over"`
	Year    int        `json:"year"`
	Formula string     `json:"formula"`
	Weights Weights    `json:"weights"`
	Config  Config     `json:"config"`
	Holders []Leverage `json:"holders"`
}

// LeverageOver ranks the states holding leverage over a in year: every
// trade partner, arms supplier, ally and source of events toward a, by
// score, then code.
func (e *Engine) LeverageOver(ctx context.Context, a string, year int) (Ranking, error) {
	if a == "" {
		return Ranking{}, fmt.Errorf("leverage: actor is required: %w", entente.ErrInvalid)
	}
	if err := checkYears(year-e.cfg.Lookback, year); err != nil {
		return Ranking{}, err
	}
	r := Ranking{Over: a, Year: year, Formula: Formula, Weights: e.cfg.Weights, Config: e.cfg, Holders: []Leverage{}}
	s, err := e.loadSubject(ctx, a, "", year, year)
	if err != nil {
		return r, err
	}
	candidates := map[string]bool{}
	dy, err := e.latestUsableYear(ctx, s.trade, a, year)
	if err != nil {
		return r, err
	}
	if dy != 0 {
		for p := range s.trade.partners(a, dy) {
			candidates[p] = true
		}
	}
	for y := year - e.cfg.ArmsWindow + 1; y <= year; y++ {
		for sup := range s.arms.rows[y] {
			candidates[sup] = true
		}
	}
	for p := range s.sec.spells {
		if len(s.sec.InYear(p, year)) > 0 {
			candidates[p] = true
		}
	}
	for p := range s.events.sources(a, year-e.cfg.EventWindow+1, year) {
		candidates[p] = true
	}
	for _, f := range s.facts {
		if f.Kind == entente.TieDependence && f.A == a && f.B != "" {
			candidates[f.B] = true
		}
	}
	delete(candidates, a)
	delete(candidates, "")
	for _, b := range sortedKeys(candidates) {
		l, err := e.leverage(ctx, s, b, year)
		if err != nil {
			return r, err
		}
		if l.Score > 0 {
			r.Holders = append(r.Holders, l)
		}
	}
	sort.SliceStable(r.Holders, func(i, j int) bool {
		if r.Holders[i].Score != r.Holders[j].Score {
			return r.Holders[i].Score > r.Holders[j].Score
		}
		return r.Holders[i].Holder < r.Holders[j].Holder
	})
	return r, nil
}

package coalition

import (
	"context"
	"errors"
	"time"

	"entente"
)

// The decision rule turns probabilities into a stance. The model's
// probabilities beat copying each state's vote on the most similar past
// resolution (lower Brier score), but a stance is a hard choice: the model
// should overturn the recorded vote only when it is confident enough that
// it is right more often than the record. How confident that is differs
// between motions that name a target and the rest, and drifts over the
// years, so the thresholds are tuned on the model's own out-of-sample
// predictions of the years before the cut: the predictions a rolling
// backtest makes of each of those years, from models fitted only on what
// preceded them.

// rule is the decision rule of a fitted model, by regime (RegimeSeries,
// RegimeLoose, RegimeTargeted: q.regime()), the regimes the backtest
// reports and calibrates apart.
type rule struct {
	// Overrides are the probabilities the model needs to predict a stance
	// other than the state's vote on a same-series repeat.
	Overrides [nRegimes]float64 `json:"overrides"`
	// Decision weighs the probabilities of yes, abstain and no for states
	// without a same-series vote to go by: the stance is the class with
	// the largest weighted probability. Macro-F1 counts the rarer
	// abstentions and noes as much as yeses, and plain argmax predicts too
	// few of them; the weights are tuned on the model's own out-of-sample
	// predictions of past years, and LabelSlack bounds how far they may
	// move a label from the most probable stance.
	Decision [nRegimes][3]float64 `json:"decision"`
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func defaultRule(cfg Config) rule {
	var r rule
	for g := range r.Overrides {
		r.Overrides[g], r.Decision[g] = cfg.Override, cfg.Decision
	}
	return r
}

// decide picks the stance from probabilities. A state's vote on a
// same-series repeat (prior, -1 if none) stands unless the model is
// confident against it: most resolutions recur and states rarely change
// their vote, so the model has to be sure before it predicts a change.
// How sure is tuned on the model's own past out-of-sample predictions.
// Without such a vote the decision weights choose.
func (r rule) decide(p [3]float64, prior int, priorWeight float64, regime int) int {
	// Only a same-series repeat is copied: a loose analogue's vote is
	// evidence the model has weighed already, not a record that stands.
	if prior >= 0 && priorWeight >= strongMatch {
		best := argmax(p)
		if best != prior && p[best] >= r.Overrides[regime] {
			return best
		}
		return prior
	}
	w := r.Decision[regime]
	best, bv := 0, -1.0
	for k := 0; k < 3; k++ {
		if v := p[k] * w[k]; v > bv {
			best, bv = k, v
		}
	}
	return best
}

// label is the stance shown to an analyst: the decision, with two
// limits that keep the label with the probabilities. A stance the model
// gives at least even odds (majorityProb) is the label whatever the
// decision weights or a same-series vote say: a calibrated probability of
// 0.5 or more is more likely than the other two stances together, and a
// label against it reads as a contradiction (Niger "abstain" at p_yes
// 0.505). Otherwise the decision stands unless its probability lies more
// than slack below the most probable stance's, so that no state reads
// "yes" at p_yes 0.29 beside p_no 0.6.
func (r rule) label(p [3]float64, prior int, priorWeight float64, regime int, slack float64) int {
	best := argmax(p)
	if p[best] >= majorityProb {
		return best
	}
	k := r.decide(p, prior, priorWeight, regime)
	if p[k] < p[best]-slack {
		return best
	}
	return k
}

// majorityProb is the probability from which a stance is always the label.
const majorityProb = 0.5

// decisionRecord is one out-of-sample prediction of a recorded vote.
type decisionRecord struct {
	year   int
	p      [3]float64
	prior  int8
	weight float64 // 1 when the most similar roll call voted on is a same-series repeat
	regime int8
	actual int8
}

// overrideGrid are the thresholds tried. A stance with even odds or
// better is the label anyway (majorityProb), so the threshold only decides
// among probabilities below it: at 0.5 only a majority overturns the
// recorded vote.
var overrideGrid = []float64{0.34, 0.36, 0.38, 0.4, 0.42, 0.44, 0.46, 0.48, 0.5}

// decisionSteps are the weights of abstain and of no (yes weighs 1) tried
// for the decision rule: every pair of them.
var decisionSteps = []float64{0.8, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5}

// tuneRule tunes the rule of each regime apart, on the records of that
// regime, scoring what an analyst is shown (label, with the slack): first
// the threshold to overturn a same-series vote that maximises macro-F1
// over the records with such a vote, then the decision weights that
// maximise it over all the regime's records. A regime with fewer than
// cfg.MinRuleVotes records of the kind keeps the configured value.
func tuneRule(recs []decisionRecord, cfg Config) rule {
	out := defaultRule(cfg)
	for g := 0; g < nRegimes; g++ {
		var side []decisionRecord
		withPrior := 0
		for _, r := range recs {
			if int(r.regime) == g {
				side = append(side, r)
				if r.prior >= 0 && r.weight >= strongMatch {
					withPrior++
				}
			}
		}
		score := func(o float64, w [3]float64, priorOnly bool) float64 {
			var try rule
			try.Overrides[g], try.Decision[g] = o, w
			var cm confusion
			for _, r := range side {
				if priorOnly && (r.prior < 0 || r.weight < strongMatch) {
					continue
				}
				cm[r.actual][try.label(r.p, int(r.prior), r.weight, g, cfg.LabelSlack)]++
			}
			return cm.macroF1()
		}
		if withPrior >= cfg.MinRuleVotes {
			// Ties keep the higher threshold (fewer overturned votes):
			// the grid is walked from the top down.
			best := -1.0
			for i := len(overrideGrid) - 1; i >= 0; i-- {
				if f := score(overrideGrid[i], out.Decision[g], true); f > best+1e-12 {
					best, out.Overrides[g] = f, overrideGrid[i]
				}
			}
		}
		if len(side) >= cfg.MinRuleVotes {
			// Ties keep the first pair tried, nearest plain argmax.
			best := -1.0
			for _, a := range decisionSteps {
				for _, n := range decisionSteps {
					w := [3]float64{1, a, n}
					if f := score(out.Overrides[g], w, false); f > best+1e-12 {
						best, out.Decision[g] = f, w
					}
				}
			}
		}
	}
	return out
}

// recordsOf returns the records of one predicted roll call.
func recordsOf(year int, c *rcCase, ps [][3]float64, rows [][]float64) []decisionRecord {
	var out []decisionRecord
	for k, l := range c.labels {
		if l < 0 {
			continue
		}
		pv, pw := priorVote(rows[k])
		out = append(out, decisionRecord{year: year, p: ps[k], prior: int8(pv), weight: pw, regime: int8(c.q.regime()), actual: l})
	}
	return out
}

// yearRollCalls lists the roll calls dated in the calendar year.
func (f *featurizer) yearRollCalls(year int) []int {
	cut := dayNum(entente.Day(year, time.January, 1))
	end := dayNum(entente.Day(year+1, time.January, 1))
	var out []int
	for r, rc := range f.h.rcs {
		if rc.day >= cut && rc.day < end {
			out = append(out, r)
		}
	}
	return out
}

// pastRecords predicts each of the RuleYears calendar years before the
// cut's year from a model fitted at that year's start, as a rolling
// backtest would, and returns the records. Years without roll calls or
// without training data are skipped.
func (f *featurizer) pastRecords(ctx context.Context, cut int32) ([]decisionRecord, error) {
	year := fromDay(cut).Year()
	var recs []decisionRecord
	for y := year - f.cfg.RuleYears; y < year; y++ {
		rs, err := f.yearRecords(ctx, y)
		if err != nil {
			return nil, err
		}
		recs = append(recs, rs...)
		if f.fitted != nil {
			f.fitted()
		}
	}
	return recs, nil
}

// yearRecords is pastRecords' one year: nothing when the year has no roll
// calls or no training data before it.
func (f *featurizer) yearRecords(ctx context.Context, y int) ([]decisionRecord, error) {
	test := f.yearRollCalls(y)
	if len(test) == 0 {
		return nil, nil
	}
	m, err := f.fitModel(ctx, dayNum(entente.Day(y, time.January, 1)))
	if errors.Is(err, entente.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var recs []decisionRecord
	for _, r := range test {
		c := f.caseFor(r)
		ps, rows := m.predictCaseRaw(f, &c.q, c.pop, c.rows)
		recs = append(recs, recordsOf(y, c, ps, rows)...)
	}
	return recs, nil
}

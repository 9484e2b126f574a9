package coalition

import "testing"

// TestTuneRule checks the tuned thresholds on records where the right
// answer is known: the model is right when it overturns a same-series vote
// with probability 0.45 and wrong with 0.4 (both below even odds and within
// the label slack of the recorded vote's probability, where the threshold
// decides), so the threshold must fall between; each regime is tuned apart, and a regime with too few records
// keeps the configured threshold.
func TestTuneRule(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MinRuleVotes = 100
	gen := func(regime int, n int) []decisionRecord {
		var out []decisionRecord
		g := int8(regime)
		for i := 0; i < n; i++ {
			// Confident and right: the state switched to abstaining.
			out = append(out, decisionRecord{p: [3]float64{0.35, 0.45, 0.2}, prior: 0, weight: 1, regime: g, actual: 1})
			// Hesitant and wrong: the state kept its yes.
			out = append(out, decisionRecord{p: [3]float64{0.38, 0.4, 0.22}, prior: 0, weight: 1, regime: g, actual: 0})
			// Agreeing with the record: no decision to make.
			out = append(out, decisionRecord{p: [3]float64{0.9, 0.1, 0}, prior: 0, weight: 1, regime: g, actual: 0},
				decisionRecord{p: [3]float64{0.1, 0.9, 0}, prior: 1, weight: 1, regime: g, actual: 1})
		}
		return out
	}
	tests := []struct {
		name   string
		recs   []decisionRecord
		regime int
		lo, hi float64
	}{
		{"same series", gen(RegimeSeries, 100), RegimeSeries, 0.4 + 1e-9, 0.45},
		{"targeted tuned apart", append(gen(RegimeTargeted, 100), gen(RegimeSeries, 100)...), RegimeTargeted, 0.4 + 1e-9, 0.45},
		{"too few records keep the default", gen(RegimeSeries, 10), RegimeSeries, cfg.Override, cfg.Override},
		{"no targeted records keep the default", gen(RegimeSeries, 100), RegimeTargeted, cfg.Override, cfg.Override},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tuneRule(tt.recs, cfg).Overrides[tt.regime]
			if got < tt.lo || got > tt.hi {
				t.Errorf("threshold %v, want within [%v, %v]", got, tt.lo, tt.hi)
			}
		})
	}
	t.Run("a loose analogue's vote is not copied", func(t *testing.T) {
		r := defaultRule(cfg)
		if got := r.decide([3]float64{0.2, 0.7, 0.1}, 0, 0, RegimeLoose); got != 1 {
			t.Errorf("decide with a loose prior yes = %d, want the model's abstain (1)", got)
		}
		if got := r.decide([3]float64{0.35, 0.6, 0.05}, 0, 1, RegimeSeries); got != 0 {
			t.Errorf("decide with a same-series prior yes = %d, want the record kept (0)", got)
		}
	})
	t.Run("labels follow the probabilities", func(t *testing.T) {
		r := defaultRule(cfg)
		if got := r.label([3]float64{0.29, 0.11, 0.6}, 0, 1, RegimeSeries, cfg.LabelSlack); got != 2 {
			t.Errorf("label at p_yes 0.29, p_no 0.6 with a prior yes = %d, want no (2)", got)
		}
		r.Decision[RegimeLoose] = [3]float64{1, 5, 5}
		if got := r.label([3]float64{0.7, 0.2, 0.1}, -1, 0, RegimeLoose, cfg.LabelSlack); got != 0 {
			t.Errorf("label at p_yes 0.7, p_abstain 0.2 with heavy weights = %d, want yes (0): beyond the slack", got)
		}
		// Niger's case: within the slack, but a stance at even odds or
		// better is always the label.
		r.Decision[RegimeTargeted] = [3]float64{1, 2, 1}
		if got := r.label([3]float64{0.505, 0.371, 0.124}, -1, 0, RegimeTargeted, cfg.LabelSlack); got != 0 {
			t.Errorf("label at p_yes 0.505, p_abstain 0.371 = %d, want yes (0): a majority stance is the label", got)
		}
		if got := r.label([3]float64{0.3, 0.55, 0.15}, 0, 1, RegimeSeries, cfg.LabelSlack); got != 1 {
			t.Errorf("label at p_abstain 0.55 with a same-series yes = %d, want abstain (1)", got)
		}
		if got := r.label([3]float64{0.45, 0.3, 0.25}, -1, 0, RegimeTargeted, cfg.LabelSlack); got != 1 {
			t.Errorf("label at p_yes 0.45, p_abstain 0.3 with abstain weighing 2 = %d, want abstain (1): below even odds the weights decide", got)
		}
	})
	// Records that never reward overturning below even odds give the top
	// threshold: only a majority overturns the recorded vote.
	var never []decisionRecord
	for i := 0; i < 200; i++ {
		never = append(never, decisionRecord{p: [3]float64{0.3, 0.45, 0.25}, prior: 0, weight: 1, actual: 0},
			decisionRecord{p: [3]float64{0.1, 0.9, 0}, prior: 1, weight: 1, actual: 1})
	}
	if got := tuneRule(never, cfg).Overrides[RegimeSeries]; got < majorityProb {
		t.Errorf("threshold %v on records where overturning is always wrong, want %v", got, majorityProb)
	}
}

// TestTuneRule_Decision checks the decision weights for states without a
// same-series vote to go by, regime by regime: when abstentions the model
// gives 0.4 are in fact abstentions, the tuned weights must lift abstain
// over a 0.45 yes in that regime and leave the others alone.
func TestTuneRule_Decision(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MinRuleVotes = 10
	var recs []decisionRecord
	g := int8(RegimeLoose)
	for i := 0; i < 100; i++ {
		recs = append(recs,
			decisionRecord{p: [3]float64{0.45, 0.4, 0.15}, prior: -1, regime: g, actual: 1},
			decisionRecord{p: [3]float64{0.9, 0.1, 0}, prior: -1, regime: g, actual: 0},
			decisionRecord{p: [3]float64{0.9, 0.1, 0}, prior: 0, weight: 0, regime: g, actual: 0})
	}
	r := tuneRule(recs, cfg)
	w := r.Decision[RegimeLoose]
	if 0.4*w[1] <= 0.45*w[0] || 0.1*w[1] >= 0.9*w[0] {
		t.Errorf("decision weights %v: want abstain chosen at 0.4 against 0.45 yes, yes kept at 0.9", w)
	}
	if r.Decision[RegimeTargeted] != cfg.Decision {
		t.Errorf("targeted weights %v tuned without records, want the configured %v", r.Decision[RegimeTargeted], cfg.Decision)
	}
}

package coalition

import "testing"

// TestTuneRule checks the tuned thresholds on records where the right
// answer is known: the model is right when it overturns a recorded vote
// with probability 0.8 and wrong with 0.6, so the threshold must fall
// between; a side with too few records keeps the configured thresholds.
func TestTuneRule(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MinRuleVotes = 100
	gen := func(targeted, strong bool, n int) []decisionRecord {
		// Similarity weight of the most similar roll call: a same-series
		// match or a looser one.
		weight := 0.3
		if strong {
			weight = 1
		}
		var out []decisionRecord
		for i := 0; i < n; i++ {
			// Confident and right: the state switched to abstaining.
			out = append(out, decisionRecord{p: [3]float64{0.2, 0.8, 0}, prior: 0, weight: weight, targeted: targeted, actual: 1})
			// Hesitant and wrong: the state kept its yes.
			out = append(out, decisionRecord{p: [3]float64{0.4, 0.6, 0}, prior: 0, weight: weight, targeted: targeted, actual: 0})
			// Agreeing with the record: no decision to make.
			out = append(out, decisionRecord{p: [3]float64{0.9, 0.1, 0}, prior: 0, weight: weight, targeted: targeted, actual: 0},
				decisionRecord{p: [3]float64{0.1, 0.9, 0}, prior: 1, weight: weight, targeted: targeted, actual: 1})
		}
		return out
	}
	tests := []struct {
		name     string
		recs     []decisionRecord
		targeted bool
		strong   bool
		lo, hi   float64
	}{
		{"untargeted strong", gen(false, true, 100), false, true, 0.6 + 1e-9, 0.8},
		{"targeted tuned apart", append(gen(true, true, 100), gen(false, true, 100)...), true, true, 0.6 + 1e-9, 0.8},
		{"too few records keep the default", gen(false, true, 10), false, true, cfg.Override, cfg.Override},
		{"no targeted records keep the default", gen(false, true, 100), true, true, cfg.Override, cfg.Override},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tuneRule(tt.recs, cfg).Overrides[b2i(tt.targeted)][b2i(tt.strong)]
			if got < tt.lo || got > tt.hi {
				t.Errorf("threshold %v, want within [%v, %v]", got, tt.lo, tt.hi)
			}
		})
	}
	t.Run("a loose analogue's vote is not copied", func(t *testing.T) {
		r := defaultRule(cfg)
		if got := r.decide([3]float64{0.2, 0.7, 0.1}, 0, 0, false); got != 1 {
			t.Errorf("decide with a loose prior yes = %d, want the model's abstain (1)", got)
		}
		if got := r.decide([3]float64{0.35, 0.6, 0.05}, 0, 1, false); got != 0 {
			t.Errorf("decide with a same-series prior yes = %d, want the record kept (0)", got)
		}
	})
	t.Run("labels follow the probabilities", func(t *testing.T) {
		r := defaultRule(cfg)
		if got := r.label([3]float64{0.29, 0.11, 0.6}, 0, 1, false, cfg.LabelSlack); got != 2 {
			t.Errorf("label at p_yes 0.29, p_no 0.6 with a prior yes = %d, want no (2)", got)
		}
	})
	// Records that never reward overturning give a threshold above 1:
	// the recorded vote always stands.
	var never []decisionRecord
	for i := 0; i < 200; i++ {
		never = append(never, decisionRecord{p: [3]float64{0.05, 0.95, 0}, prior: 0, weight: 1, actual: 0},
			decisionRecord{p: [3]float64{0.1, 0.9, 0}, prior: 1, weight: 1, actual: 1})
	}
	if got := tuneRule(never, cfg).Overrides[0][1]; got <= 1 {
		t.Errorf("threshold %v on records where overturning is always wrong, want above 1", got)
	}
}

// TestTuneRule_Decision checks the decision weights for states with no
// vote to go by: when abstentions the model gives 0.4 are in fact
// abstentions, the tuned weights must lift abstain over a 0.6 yes.
func TestTuneRule_Decision(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MinRuleVotes = 10
	var recs []decisionRecord
	for i := 0; i < 100; i++ {
		recs = append(recs,
			decisionRecord{p: [3]float64{0.6, 0.4, 0}, prior: -1, actual: 1},
			decisionRecord{p: [3]float64{0.9, 0.1, 0}, prior: -1, actual: 0},
			decisionRecord{p: [3]float64{0.9, 0.1, 0}, prior: 0, weight: 1, actual: 0})
	}
	w := tuneRule(recs, cfg).Decision[0]
	if 0.4*w[1] <= 0.6*w[0] || 0.1*w[1] >= 0.9*w[0] {
		t.Errorf("decision weights %v: want abstain chosen at 0.4 against 0.6 yes, yes kept at 0.9", w)
	}
}

package coalition

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFitCalibration fits regime maps on seeded records whose true odds are
// known: an over-confident regime (the true log-odds are half the stated
// ones) must be flattened until its reliability bins agree, a calibrated
// one left near the identity, and a regime with too few records kept as it
// is.
func TestFitCalibration(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	draw := func(regime int, n int, truth float64) []decisionRecord {
		var out []decisionRecord
		for i := 0; i < n; i++ {
			r1, r2 := rng.NormFloat64()*2-1, rng.NormFloat64()*2-1.5
			stated := softmax3(0, r1, r2)
			real := softmax3(0, truth*r1, truth*r2)
			u, a := rng.Float64(), int8(0)
			if u > real[0] {
				a = 1
				if u > real[0]+real[1] {
					a = 2
				}
			}
			out = append(out, decisionRecord{p: stated, prior: -1, regime: int8(regime), actual: a})
		}
		return out
	}
	var recs []decisionRecord
	recs = append(recs, draw(RegimeLoose, 20000, 0.5)...)
	recs = append(recs, draw(RegimeSeries, 20000, 1)...)
	recs = append(recs, draw(RegimeTargeted, 50, 0.5)...)
	cal := fitCalibration(recs, 1000, 1e-3, 1)
	tests := []struct {
		name   string
		regime int
		lo, hi float64 // bounds on both scales
	}{
		{"over-confident regime flattened", RegimeLoose, 0.4, 0.6},
		{"calibrated regime near identity", RegimeSeries, 0.9, 1.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cal[tt.regime]
			for k, s := range c.Scale {
				if s < tt.lo || s > tt.hi {
					t.Errorf("scale %d = %v, want within [%v, %v] (map %+v)", k, s, tt.lo, tt.hi, c)
				}
			}
		})
	}
	t.Run("too few records keep the identity", func(t *testing.T) {
		if !cal[RegimeTargeted].identity() {
			t.Errorf("targeted map %+v from 50 records, want the identity", cal[RegimeTargeted])
		}
	})
	t.Run("mapped bins agree with the outcomes", func(t *testing.T) {
		var s scorer
		for _, r := range calibrated(recs, cal) {
			if int(r.regime) == RegimeLoose {
				s.add(r.p, argmax(r.p), r.actual)
			}
		}
		for _, b := range s.calibration() {
			if b.Count >= 500 && math.Abs(b.Predicted-b.Observed) > 0.03 {
				t.Errorf("bin %s: predicted %.3f, observed %.3f over %d", b.Range, b.Predicted, b.Observed, b.Count)
			}
		}
	})
	t.Run("the map scales the effects as the odds", func(t *testing.T) {
		c := calib{Scale: [2]float64{0.5, 2}, Bias: [2]float64{0.1, -0.2}}
		p := [3]float64{0.5, 0.3, 0.2}
		r1, r2 := logOdds(p)
		got := c.probs(p)
		want := softmax3(0, 0.5*r1+0.1, 2*r2-0.2)
		for k := range got {
			if math.Abs(got[k]-want[k]) > 1e-12 {
				t.Errorf("probs[%d] = %v, want %v", k, got[k], want[k])
			}
		}
		if c.scale(0) != 1 || c.scale(1) != 0.5 || c.scale(2) != 2 || (calib{}).scale(2) != 1 {
			t.Errorf("scales %v %v %v, want 1 0.5 2", c.scale(0), c.scale(1), c.scale(2))
		}
	})
}

// TestKeepMap_Apply checks the keep map on log-odds: the odds of keeping
// the same-series vote become bias + scale times what they were, the other
// two stances keep their ratio, and the identity changes nothing.
func TestKeepMap_Apply(t *testing.T) {
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	tests := []struct {
		name  string
		k     keepMap
		r     [3]float64
		prior int
	}{
		{"zero value", keepMap{}, [3]float64{0, 0.4, -1}, 1},
		{"identity", keepMap{Bias: 0, Scale: 1}, [3]float64{0, 0.4, -1}, 0},
		{"bias on abstain", keepMap{Bias: 0.4, Scale: 1}, [3]float64{0, -0.7, -2}, 1},
		{"bias and scale on yes", keepMap{Bias: 0.4, Scale: 0.9}, [3]float64{0, 0.3, 0.1}, 0},
		{"bias and scale on no", keepMap{Bias: 0.4, Scale: 0.9}, [3]float64{1.5, 0.2, 3}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := softmax3(tt.r[0], tt.r[1], tt.r[2])
			got := tt.k.apply(tt.r, tt.prior)
			after := softmax3(got[0], got[1], got[2])
			bias, scale := tt.k.Bias, tt.k.Scale
			if tt.k.identity() {
				bias, scale = 0, 1
			}
			want := bias + scale*logit(before[tt.prior])
			if d := math.Abs(logit(after[tt.prior]) - want); d > 1e-9 {
				t.Errorf("keep log-odds %v, want %v", logit(after[tt.prior]), want)
			}
			a, b := (tt.prior+1)%3, (tt.prior+2)%3
			if d := math.Abs(after[a]/after[b] - before[a]/before[b]); d > 1e-9 {
				t.Errorf("the other stances' ratio moved from %v to %v", before[a]/before[b], after[a]/after[b])
			}
		})
	}
}

// TestMNL_ProbsKeepMap checks that probs maps the odds of keeping a
// same-series vote, and only on rows with one.
func TestMNL_ProbsKeepMap(t *testing.T) {
	const c1, c2 = fSimYes, fSimYes + 1
	plain := &mnl{cols: []int{c1, c2}, mean: []float64{0, 0}, sd: []float64{1, 1}, w: [2][]float64{{0, 1, 0}, {0, 0, 1}}, temp: 1.2}
	mapped := *plain
	mapped.keep = keepMap{Bias: 0.4, Scale: 0.9}
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	tests := []struct {
		name          string
		top           int // the vote on the most similar roll call, -1: none
		series        bool
		wantUnchanged bool
	}{
		{"no vote on an analogue", -1, false, true},
		{"a loose analogue's abstention", 1, false, true},
		{"a same-series abstention", 1, true, false},
		{"a same-series no", 2, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := make([]float64, nFeatures)
			x[c1], x[c2] = 0.3, -0.7
			if tt.top >= 0 {
				x[fTopYes+tt.top] = 1
				x[fTopSeries] = b2f(tt.series)
			}
			got, was := mapped.probs(x, 0), plain.probs(x, 0)
			if tt.wantUnchanged {
				if got != was {
					t.Errorf("probabilities %v, want %v", got, was)
				}
				return
			}
			if d := logit(got[tt.top]) - (0.4 + 0.9*logit(was[tt.top])); math.Abs(d) > 1e-9 {
				t.Errorf("keep probability %v from %v: off the map by %v", got[tt.top], was[tt.top], d)
			}
		})
	}
}

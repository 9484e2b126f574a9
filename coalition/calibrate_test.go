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

package coalition

import (
	"math"

	"gonum.org/v1/gonum/optimize"
)

// Calibration by regime. The second stage's temperatures are fitted on the
// held-out years of one fit, whose model was fitted on the years just
// before them: that is out of sample, but it does not see how the model
// drifts from one year to the next, and the rolling backtest found the
// loose-analogue and targeted regimes over- and under-confident in ways a
// single temperature cannot fix (a targeted motion's 0.15 came true 0.22
// of the time, its 0.85 only 0.78). So each regime gets a map fitted on
// exactly the predictions it must correct: the out-of-sample predictions
// of the RuleYears before the cut, each made by a model fitted before the
// year it predicts (the records the decision rule is tuned on).
//
// The map is an affine one on each class's log-odds against yes, a
// temperature and a shift per class ("vector scaling"): four numbers per
// regime, few enough to fit on a few thousand votes without following
// their noise, and monotone in each log-odds, so it never reorders two
// states' odds of abstaining or voting no. Being a map of the log-odds,
// it applies to the per-feature effects the explanations show as it does
// to the probabilities (mnl.contributions).

// calib is one regime's map: the log-odds of abstain and of no against
// yes, r_k, become Scale[k]·r_k + Bias[k]. The zero value is the identity
// (a regime with too few records to fit keeps its probabilities).
type calib struct {
	Scale [2]float64 `json:"scale"`
	Bias  [2]float64 `json:"bias"`
}

// identity reports whether the map leaves the log-odds alone.
func (c calib) identity() bool { return c.Scale == [2]float64{} }

// apply maps the log-odds of abstain and no against yes.
func (c calib) apply(r1, r2 float64) (float64, float64) {
	if c.identity() {
		return r1, r2
	}
	return c.Scale[0]*r1 + c.Bias[0], c.Scale[1]*r2 + c.Bias[1]
}

// scale is the factor by which the map multiplies class k's (1: abstain,
// 2: no) log-odds against yes, and with them every feature's effect on them.
func (c calib) scale(k int) float64 {
	if c.identity() || k == 0 {
		return 1
	}
	return c.Scale[k-1]
}

// probs maps probabilities of yes, abstain and no.
func (c calib) probs(p [3]float64) [3]float64 {
	if c.identity() {
		return p
	}
	r1, r2 := logOdds(p)
	r1, r2 = c.apply(r1, r2)
	return softmax3(0, r1, r2)
}

// oddsFloor keeps a probability of zero from giving infinite log-odds.
const oddsFloor = 1e-9

// logOdds returns the log-odds of abstain and no against yes.
func logOdds(p [3]float64) (float64, float64) {
	y := math.Max(p[0], oddsFloor)
	return math.Log(math.Max(p[1], oddsFloor) / y), math.Log(math.Max(p[2], oddsFloor) / y)
}

// fitCalibration fits each regime's map on its records (their
// probabilities as the uncalibrated model gave them) by minimising the mean
// log loss plus l2/2 times the squared distance from the identity. A regime
// with fewer than minVotes records keeps the identity.
func fitCalibration(recs []decisionRecord, minVotes int, l2, decay float64) [nRegimes]calib {
	var out [nRegimes]calib
	last := 0
	for _, r := range recs {
		last = max(last, r.year)
	}
	for g := 0; g < nRegimes; g++ {
		type obs struct {
			r1, r2, w float64
			y         int8
		}
		var xs []obs
		n := 0.0
		for _, r := range recs {
			if int(r.regime) == g {
				r1, r2 := logOdds(r.p)
				w := math.Pow(decay, float64(last-r.year))
				xs = append(xs, obs{r1, r2, w, r.actual})
				n += w
			}
		}
		if len(xs) < minVotes || len(xs) == 0 {
			continue
		}
		// theta: scale of abstain, scale of no, bias of abstain, bias of no.
		id := []float64{1, 1, 0, 0}
		loss := func(th, grad []float64) float64 {
			var f float64
			var g [4]float64
			for _, o := range xs {
				a, b := th[0]*o.r1+th[2], th[1]*o.r2+th[3]
				p := softmax3(0, a, b)
				f -= o.w * math.Log(math.Max(p[o.y], 1e-300))
				// d(-log p_y)/d(logit k) = p_k - [y == k].
				d1, d2 := p[1], p[2]
				switch o.y {
				case 1:
					d1--
				case 2:
					d2--
				}
				g[0] += o.w * d1 * o.r1
				g[1] += o.w * d2 * o.r2
				g[2] += o.w * d1
				g[3] += o.w * d2
			}
			f /= n
			for i := range th {
				f += l2 / 2 * (th[i] - id[i]) * (th[i] - id[i])
				if grad != nil {
					grad[i] = g[i]/n + l2*(th[i]-id[i])
				}
			}
			return f
		}
		prob := optimize.Problem{
			Func: func(th []float64) float64 { return loss(th, nil) },
			Grad: func(grad, th []float64) { loss(th, grad) },
		}
		// A four-parameter convex problem: BFGS converges in a few dozen
		// iterations; the tolerance is far below what moves a probability.
		res, err := optimize.Minimize(prob, id, &optimize.Settings{GradientThreshold: 1e-8, MajorIterations: 200}, &optimize.BFGS{})
		if err != nil || res == nil {
			continue
		}
		th := res.X
		// A map that inverts a class's odds (a negative scale) would mean
		// the model's ranking is worse than chance on that regime; keep the
		// identity rather than trust it.
		if th[0] <= 0 || th[1] <= 0 || math.IsNaN(th[2]) || math.IsNaN(th[3]) {
			continue
		}
		out[g] = calib{Scale: [2]float64{th[0], th[1]}, Bias: [2]float64{th[2], th[3]}}
	}
	return out
}

// calibrated returns the records with their probabilities mapped by their
// regime's calibration, as the decision rule will see them.
func calibrated(recs []decisionRecord, cal [nRegimes]calib) []decisionRecord {
	out := make([]decisionRecord, len(recs))
	for i, r := range recs {
		r.p = cal[r.regime].probs(r.p)
		out[i] = r
	}
	return out
}

// keepMap recalibrates the odds of keeping a vote cast on a same-series
// repeat. Backtests found the model too ready to predict that a state
// changes such a vote, and the more so the surer it was: among the states
// given 0.3 to 0.4 to keep it, about half kept it, while those given 0.95
// kept it about 0.95 of the time (development years 2000-2014 and test
// years 2015-2023 alike, in every regime). A bias alone raises the
// confident end too; a bias and a scale on the log-odds of keeping against
// changing fit both ends. The other two stances keep their ratio.
type keepMap struct {
	Bias, Scale float64
}

// identity reports whether the map leaves the odds alone (the zero value
// does).
func (k keepMap) identity() bool {
	return k.Scale == 0 || (k.Scale == 1 && k.Bias == 0)
}

// apply maps the log-odds r (yes, abstain, no; any common offset) of a row
// whose same-series vote is prior.
func (k keepMap) apply(r [3]float64, prior int) [3]float64 {
	if k.identity() {
		return r
	}
	// The others' log-sum-exp: the log-odds of changing, up to the offset.
	a, b := r[(prior+1)%3], r[(prior+2)%3]
	rest := math.Max(a, b) + math.Log1p(math.Exp(-math.Abs(a-b)))
	r[prior] = rest + k.Bias + k.Scale*(r[prior]-rest)
	return r
}

package coalition

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"entente"

	"gonum.org/v1/gonum/optimize"
)

// mnl is a multinomial logistic regression over yes, abstain and no with
// yes as the reference class. Features are standardised with the training
// means and deviations; weights live in that space so that one L2 penalty
// treats every feature alike.
type mnl struct {
	cols []int // feature indices used
	mean []float64
	sd   []float64
	// w[k] holds the bias then one weight per column for class k+1
	// (abstain, no) against yes.
	w [2][]float64
	// temp divides the logits (temperature scaling, fitted on held-out
	// data); rule turns probabilities into a stance (rule.go).
	temp float64
	rule rule
	// cal maps the tempered log-odds (calibrate.go): the regime's map,
	// set on the copy stage2For returns; the identity on a fitted stage.
	cal calib
}

// fitSettings are the optimiser settings, explicit so that a gonum update
// cannot change results silently.
type fitSettings struct {
	l2      float64
	maxIter int
	gradTol float64
	// memory is L-BFGS's history length; convergeRel and convergeIter
	// stop the fit once the loss has not improved by convergeRel
	// (relative) over convergeIter iterations.
	memory       int
	convergeRel  float64
	convergeIter int
	// init, when it has the right length, is the starting point (a warm
	// start from the previous fit of the same stage); else the fit starts
	// from zero weights.
	init []float64
}

// fitMNL fits the model to rows X (full feature vectors) restricted to cols,
// with labels y in 0..2, by L-BFGS on the mean negative log-likelihood plus
// l2/2 times the squared weights (biases unpenalised).
func fitMNL(X [][]float64, y []int8, cols []int, s fitSettings) (*mnl, error) {
	if len(X) == 0 {
		return nil, fmt.Errorf("fit: no training rows: %w", entente.ErrInvalid)
	}
	nc := len(cols)
	m := &mnl{cols: cols, mean: make([]float64, nc), sd: make([]float64, nc), temp: 1}
	n := float64(len(X))
	for _, x := range X {
		for j, c := range cols {
			m.mean[j] += x[c]
		}
	}
	for j := range m.mean {
		m.mean[j] /= n
	}
	for _, x := range X {
		for j, c := range cols {
			d := x[c] - m.mean[j]
			m.sd[j] += d * d
		}
	}
	for j := range m.sd {
		m.sd[j] = math.Sqrt(m.sd[j] / n)
		if m.sd[j] < 1e-9 {
			m.sd[j] = 1
		}
	}
	// Standardise once into a flat matrix.
	Z := make([]float64, len(X)*nc)
	for i, x := range X {
		for j, c := range cols {
			Z[i*nc+j] = (x[c] - m.mean[j]) / m.sd[j]
		}
	}
	p := 1 + nc
	var lastX []float64
	var lastF float64
	var lastG []float64
	eval := func(w []float64) (float64, []float64) {
		if lastX != nil && equal(lastX, w) {
			return lastF, lastG
		}
		g := make([]float64, 2*p)
		var f float64
		for i := range X {
			z := Z[i*nc : (i+1)*nc]
			l1, l2 := w[0], w[p]
			for j, v := range z {
				l1 += w[1+j] * v
				l2 += w[p+1+j] * v
			}
			mx := math.Max(0, math.Max(l1, l2))
			e0, e1, e2 := math.Exp(-mx), math.Exp(l1-mx), math.Exp(l2-mx)
			sum := e0 + e1 + e2
			lse := mx + math.Log(sum)
			switch y[i] {
			case 0:
				f += lse
			case 1:
				f += lse - l1
			case 2:
				f += lse - l2
			}
			p1, p2 := e1/sum, e2/sum
			d1, d2 := p1, p2
			if y[i] == 1 {
				d1--
			} else if y[i] == 2 {
				d2--
			}
			g[0] += d1
			g[p] += d2
			for j, v := range z {
				g[1+j] += d1 * v
				g[p+1+j] += d2 * v
			}
		}
		f /= n
		for k := range g {
			g[k] /= n
		}
		for k := 0; k < 2; k++ {
			for j := 1; j < p; j++ {
				wj := w[k*p+j]
				f += 0.5 * s.l2 * wj * wj
				g[k*p+j] += s.l2 * wj
			}
		}
		lastX = append(lastX[:0], w...)
		lastF, lastG = f, g
		return f, g
	}
	prob := optimize.Problem{
		Func: func(w []float64) float64 { f, _ := eval(w); return f },
		Grad: func(grad, w []float64) { _, g := eval(w); copy(grad, g) },
	}
	init := make([]float64, 2*p)
	if len(s.init) == len(init) {
		copy(init, s.init)
	}
	settings := &optimize.Settings{
		GradientThreshold: s.gradTol,
		MajorIterations:   s.maxIter,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-10, Relative: s.convergeRel, Iterations: s.convergeIter},
		Concurrent:        0,
	}
	res, err := optimize.Minimize(prob, init, settings, &optimize.LBFGS{Store: s.memory})
	if err != nil && !errors.Is(err, optimize.ErrLinesearcherFailure) {
		// Running out of iterations is not an error for a fit: the last
		// point is usable. Anything else is.
		if res == nil {
			return nil, fmt.Errorf("fit: %w", err)
		}
	}
	m.w[0] = append([]float64(nil), res.X[:p]...)
	m.w[1] = append([]float64(nil), res.X[p:]...)
	return m, nil
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// logits returns the raw log-odds of abstain and no against yes.
func (m *mnl) logits(x []float64) (float64, float64) {
	l1, l2 := m.w[0][0], m.w[1][0]
	for j, c := range m.cols {
		z := (x[c] - m.mean[j]) / m.sd[j]
		l1 += m.w[0][1+j] * z
		l2 += m.w[1][1+j] * z
	}
	return l1, l2
}

// probs returns calibrated probabilities of yes, abstain and no; shift is
// added to the yes logit (a lobbying push).
func (m *mnl) probs(x []float64, shift float64) [3]float64 {
	l1, l2 := m.logits(x)
	r1, r2 := m.cal.apply((l1-shift)/m.temp, (l2-shift)/m.temp)
	return softmax3(0, r1, r2)
}

func softmax3(a, b, c float64) [3]float64 {
	mx := math.Max(a, math.Max(b, c))
	ea, eb, ec := math.Exp(a-mx), math.Exp(b-mx), math.Exp(c-mx)
	s := ea + eb + ec
	return [3]float64{ea / s, eb / s, ec / s}
}

// tiesToTarget are the features that measure a state's ties to the
// motion's targets. A tie with the target must never push a state toward
// condemning it: whatever the training years taught (a state's ally that
// happened to vote yes), their weights are held to the side of abstaining
// or voting no.
var tiesToTarget = []int{fTradeDep, fArmsDep, fAllyTarget, fTreatyTarget, fBlocTarget}

// clampTies sets to zero any weight by which a tie to the target would
// favour yes over abstaining or voting no (yes is the reference class:
// a negative weight for abstain or no favours yes). It is a projection
// after the fit; the other weights keep their fitted values.
func (m *mnl) clampTies() {
	for j, c := range m.cols {
		switch {
		case slices.Contains(tiesToTarget, c):
			for k := range m.w {
				m.w[k][1+j] = math.Max(0, m.w[k][1+j])
			}
		case c == fPeerAlign || c == fPeerTies:
			// The partner features are expected stances (p_yes − p_no),
			// and a target's is pinned at −1, so a tie with the target
			// lowers them; held to the side where a partner's yes favours
			// yes, they carry that tie toward abstaining or voting no, never
			// toward condemning.
			for k := range m.w {
				m.w[k][1+j] = math.Min(0, m.w[k][1+j])
			}
		}
	}
}

// effectBase is the value a feature's effect is measured from: the
// training mean, except for a tie to the targets, whose effect is measured
// from having no tie, so that a small tie never reads as pushing toward
// yes merely for being smaller than the average one.
func (m *mnl) effectBase(j int) float64 {
	if slices.Contains(tiesToTarget, m.cols[j]) {
		return 0
	}
	return m.mean[j]
}

// strongMatch is the series flag's threshold: priorVote reports 1 for a
// same-series repeat and 0 for a loose analogue.
const strongMatch = 0.5

// priorVote is the vote on the most similar roll call in a row, -1 when
// there is none, and 1 when that roll call is a same-series repeat (0 when
// it is a loose analogue).
func priorVote(x []float64) (int, float64) {
	for k := 0; k < 3; k++ {
		if x[fTopYes+k] == 1 {
			return k, x[fTopSeries]
		}
	}
	return -1, 0
}

// contributions returns, per column, the effect of the feature on the
// log-odds of class k against the other two (weighted by their
// probabilities), measured from effectBase: positive pushes toward k.
func (m *mnl) contributions(x []float64, p [3]float64, k int) []float64 {
	out := make([]float64, len(m.cols))
	// wk returns the weight of column j for class c (yes has zero weights).
	wk := func(c, j int) float64 {
		if c == 0 {
			return 0
		}
		return m.w[c-1][1+j] * m.cal.scale(c)
	}
	rest := 1 - p[k]
	for j, c := range m.cols {
		z := (x[c] - m.effectBase(j)) / m.sd[j]
		var v float64
		for o := 0; o < 3; o++ {
			if o == k || rest <= 0 {
				continue
			}
			v += p[o] / rest * (wk(k, j) - wk(o, j))
		}
		out[j] = v * z / m.temp
	}
	return out
}

// fitTemperature finds the temperature minimising the log loss of the
// model on held-out rows (golden-section search on [0.3, 4]).
func (m *mnl) fitTemperature(X [][]float64, y []int8) {
	if len(X) == 0 {
		return
	}
	loss := func(t float64) float64 {
		m.temp = t
		var s float64
		for i, x := range X {
			p := m.probs(x, 0)
			s -= math.Log(math.Max(p[y[i]], 1e-12))
		}
		return s
	}
	a, b := 0.3, 4.0
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := loss(c), loss(d)
	for i := 0; i < 30; i++ {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = loss(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = loss(d)
		}
	}
	m.temp = (a + b) / 2
}

package coalition

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

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
	// keep maps the odds of keeping a same-series vote (Config.KeepBias,
	// KeepScale), set on the copy stage2Raw returns; the identity on a
	// fitted stage.
	keep keepMap
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
	// workers is how many goroutines evaluate the loss; the fit does not
	// depend on it.
	workers int
}

// parallel splits [0, n) into at most workers contiguous ranges and runs
// fn on each in its own goroutine, returning when all are done.
func parallel(n, workers int, fn func(lo, hi int)) {
	workers = min(workers, n)
	if workers <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for k := 1; k < workers; k++ {
		lo, hi := k*n/workers, (k+1)*n/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	fn(0, n/workers)
	wg.Wait()
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
	// Standardise once into a flat matrix, in single precision: every
	// evaluation of the loss reads the whole matrix from memory, which
	// bounds its speed, and a standardised feature needs no more than
	// seven digits. The sums are taken in double precision.
	Z := make([]float32, len(X)*nc)
	for i, x := range X {
		for j, c := range cols {
			Z[i*nc+j] = float32((x[c] - m.mean[j]) / m.sd[j])
		}
	}
	p := 1 + nc
	workers := max(1, s.workers)
	// Per-row results of the first pass: the loss term and the residuals
	// of abstain and no.
	term := make([]float64, len(X))
	d := make([]float64, 2*len(X))
	var lastX []float64
	var lastF float64
	var lastG []float64
	eval := func(w []float64) (float64, []float64) {
		if lastX != nil && equal(lastX, w) {
			return lastF, lastG
		}
		f, g := lossGrad(Z, y, nc, s.l2, workers, w, term, d)
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

// lossGrad returns the mean negative log-likelihood of labels y under
// weights w (bias then one weight per column, for abstain then no) on the
// standardised rows Z (nc columns each), plus l2/2 times the squared
// weights, and its gradient. term and d are scratch space of one and two
// entries a row.
func lossGrad(Z []float32, y []int8, nc int, l2 float64, workers int, w, term, d []float64) (float64, []float64) {
	p := 1 + nc
	rows := len(y)
	n := float64(rows)
	g := make([]float64, 2*p)
	var f float64
	// The rows are taken in blocks. A block's row pass (each row's loss
	// term and residuals) depends on nothing but the weights; its column
	// pass adds the block's rows to the loss and the gradient one after
	// the other, block after block. So the workers take row passes in any
	// order and column passes strictly in block order: every sum is taken
	// in the order one loop over the rows takes it, and the fit is the same
	// to the last bit whatever the number of workers or their timing.
	nb := (rows + evalBlock - 1) / evalBlock
	rowTask := func(b int) {
		rowPass(Z, y, w, nc, b*evalBlock, min((b+1)*evalBlock, rows), term, d)
	}
	colTask := func(b int) {
		b0, b1 := b*evalBlock, min((b+1)*evalBlock, rows)
		for i := b0; i < b1; i++ {
			f += term[i]
			g[0] += d[2*i]
			g[p] += d[2*i+1]
		}
		colPass(Z, d, nc, b0, b1, g[1:p], g[p+1:], 0)
	}
	if workers <= 1 {
		for b := 0; b < nb; b++ {
			rowTask(b)
			colTask(b)
		}
	} else {
		var (
			mu               sync.Mutex
			cond             = sync.NewCond(&mu)
			nextRow, nextCol int
			colBusy          bool
			rowDone          = make([]bool, nb)
			wg               sync.WaitGroup
		)
		work := func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			for nextCol < nb {
				switch {
				case !colBusy && rowDone[nextCol]:
					b := nextCol
					colBusy = true
					mu.Unlock()
					colTask(b)
					mu.Lock()
					colBusy = false
					nextCol++
					cond.Broadcast()
				case nextRow < nb:
					b := nextRow
					nextRow++
					mu.Unlock()
					rowTask(b)
					mu.Lock()
					rowDone[b] = true
					cond.Broadcast()
				default:
					cond.Wait()
				}
			}
		}
		wg.Add(workers)
		for k := 1; k < workers; k++ {
			go work()
		}
		work()
		wg.Wait()
	}
	return meanWithPenalty(f, g, n, l2, p, w)
}

// meanWithPenalty turns the summed loss f and gradient g over n weighted
// rows into means and adds the L2 penalty on every weight but the two
// intercepts (p weights per class).
func meanWithPenalty(f float64, g []float64, n, l2 float64, p int, w []float64) (float64, []float64) {
	f /= n
	for k := range g {
		g[k] /= n
	}
	for k := 0; k < 2; k++ {
		for j := 1; j < p; j++ {
			wj := w[k*p+j]
			f += 0.5 * l2 * wj * wj
			g[k*p+j] += l2 * wj
		}
	}
	return f, g
}

// evalBlock is how many rows the loss takes at a time: their standardised
// features (about 370 bytes a row in single precision) stay in a core's
// 2 MiB L2 cache between the two passes. Blocks of 8192 rows of double
// precision spilled to L3: on BenchmarkLossGrad (2 workers) an evaluation
// took 27 ms; with 1024-row blocks 20-21 ms; in single precision with
// blocks of 1024 to 4096 rows 14-20 ms, too noisy on this machine to rank
// them. The block size changes the order of no sum, so not the fit.
const evalBlock = 2048

// rowPass computes, for rows lo to hi of the standardised matrix Z (nc
// columns), the loss term and the residuals of abstain and no (d, two per
// row) at weights w (bias then weights, per class). Two rows are taken at
// a time so that their four sums run side by side; each is still summed
// column by column in order.
func rowPass(Z []float32, y []int8, w []float64, nc, lo, hi int, term, d []float64) {
	p := 1 + nc
	w1, w2 := w[1:1+nc], w[p+1:p+1+nc]
	i := lo
	for ; i+2 <= hi; i += 2 {
		za := Z[i*nc : (i+1)*nc]
		zb := Z[(i+1)*nc : (i+2)*nc]
		za, zb = za[:len(w1)], zb[:len(w1)]
		a1, a2 := w[0], w[p]
		b1, b2 := w[0], w[p]
		for j, wj := range w1 {
			vj := w2[j]
			za, zb := float64(za[j]), float64(zb[j])
			a1 += wj * za
			a2 += vj * za
			b1 += wj * zb
			b2 += vj * zb
		}
		rowLoss(a1, a2, y[i], term[i:i+1], d[2*i:2*i+2])
		rowLoss(b1, b2, y[i+1], term[i+1:i+2], d[2*i+2:2*i+4])
	}
	for ; i < hi; i++ {
		z := Z[i*nc : (i+1)*nc]
		z = z[:len(w1)]
		l1, l2 := w[0], w[p]
		for j, v := range z {
			l1 += w1[j] * float64(v)
			l2 += w2[j] * float64(v)
		}
		rowLoss(l1, l2, y[i], term[i:i+1], d[2*i:2*i+2])
	}
}

// rowLoss writes one row's loss term and residuals from its log-odds.
func rowLoss(l1, l2 float64, y int8, term, d []float64) {
	mx := math.Max(0, math.Max(l1, l2))
	// exp(-0) is exactly 1: the call is skipped for the many rows whose
	// most likely class is yes.
	e0 := 1.0
	if mx != 0 {
		e0 = math.Exp(-mx)
	}
	e1, e2 := math.Exp(l1-mx), math.Exp(l2-mx)
	sum := e0 + e1 + e2
	lse := mx + math.Log(sum)
	d1, d2 := e1/sum, e2/sum
	switch y {
	case 0:
		term[0] = lse
	case 1:
		term[0] = lse - l1
		d1--
	case 2:
		term[0] = lse - l2
		d2--
	}
	d[0], d[1] = d1, d2
}

// colPass adds to g1 and g2, the gradient entries of columns lo to
// lo+len(g1) for abstain and no, the products of rows b0 to b1 with their
// residuals, one row after the other (four rows per load of an entry).
func colPass(Z []float32, d []float64, nc, b0, b1 int, out1, out2 []float64, lo int) {
	m := len(out1)
	g1, g2 := out1, out2[:m]
	i := b0
	for ; i+4 <= b1; i += 4 {
		za := Z[i*nc+lo : i*nc+lo+m]
		zb := Z[(i+1)*nc+lo : (i+1)*nc+lo+m]
		zc := Z[(i+2)*nc+lo : (i+2)*nc+lo+m]
		zd := Z[(i+3)*nc+lo : (i+3)*nc+lo+m]
		a1, a2 := d[2*i], d[2*i+1]
		b1v, b2v := d[2*i+2], d[2*i+3]
		c1, c2 := d[2*i+4], d[2*i+5]
		d1, d2 := d[2*i+6], d[2*i+7]
		for j := range g1 {
			s1, s2 := g1[j], g2[j]
			va, vb, vc, vd := float64(za[j]), float64(zb[j]), float64(zc[j]), float64(zd[j])
			s1 += a1 * va
			s2 += a2 * va
			s1 += b1v * vb
			s2 += b2v * vb
			s1 += c1 * vc
			s2 += c2 * vc
			s1 += d1 * vd
			s2 += d2 * vd
			g1[j], g2[j] = s1, s2
		}
	}
	for ; i < b1; i++ {
		z := Z[i*nc+lo : i*nc+lo+m]
		r1, r2 := d[2*i], d[2*i+1]
		for j := range g1 {
			g1[j] += r1 * float64(z[j])
			g2[j] += r2 * float64(z[j])
		}
	}
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
	prior := -1
	if !m.keep.identity() {
		prior = seriesVote(x)
	}
	return m.probsOf(l1, l2, shift, prior)
}

// probsOf is probs from the raw log-odds logits returns and the row's
// vote on a same-series repeat (seriesVote; -1 for none).
func (m *mnl) probsOf(l1, l2, shift float64, prior int) [3]float64 {
	r := [3]float64{0, (l1 - shift) / m.temp, (l2 - shift) / m.temp}
	if prior >= 0 {
		r = m.keep.apply(r, prior)
	}
	r1, r2 := m.cal.apply(r[1]-r[0], r[2]-r[0])
	return softmax3(0, r1, r2)
}

// seriesVote is the row's vote on the most similar roll call when that is
// a same-series repeat, -1 otherwise.
func seriesVote(x []float64) int {
	if prior, series := priorVote(x); prior >= 0 && series >= strongMatch {
		return prior
	}
	return -1
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
// model on held-out rows (golden-section search on [0.3, 4]). The raw
// log-odds do not depend on the temperature, so they are computed once
// (on workers goroutines), and the loss is summed in row order.
func (m *mnl) fitTemperature(X [][]float64, y []int8, workers int) {
	if len(X) == 0 {
		return
	}
	lg := make([]float64, 2*len(X))
	parallel(len(X), workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			lg[2*i], lg[2*i+1] = m.logits(X[i])
		}
	})
	term := make([]float64, len(X))
	loss := func(t float64) float64 {
		m.temp = t
		parallel(len(X), workers, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				p := m.probsOf(lg[2*i], lg[2*i+1], 0, -1)
				term[i] = math.Log(math.Max(p[y[i]], 1e-12))
			}
		})
		var s float64
		for _, v := range term {
			s -= v
		}
		return s
	}
	m.temp = goldenMin(0.3, 4, loss)
}

// goldenMin returns the minimiser of f on [a, b] by 30 steps of
// golden-section search (f unimodal there).
func goldenMin(a, b float64, f func(float64) float64) float64 {
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := f(c), f(d)
	for i := 0; i < 30; i++ {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = f(d)
		}
	}
	return (a + b) / 2
}

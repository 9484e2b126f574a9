package coalition

import (
	"math"
	"math/rand/v2"
	"testing"
)

// serialLossGrad is the loss and gradient as one loop over the rows
// computes them: the order of every sum lossGrad must keep.
func serialLossGrad(Z []float32, y []int8, nc int, l2 float64, w []float64) (float64, []float64) {
	p := 1 + nc
	n := float64(len(y))
	g := make([]float64, 2*p)
	var f float64
	for i := range y {
		z := Z[i*nc : (i+1)*nc]
		l1, l2v := w[0], w[p]
		for j, v := range z {
			l1 += w[1+j] * float64(v)
			l2v += w[p+1+j] * float64(v)
		}
		mx := math.Max(0, math.Max(l1, l2v))
		e0, e1, e2 := math.Exp(-mx), math.Exp(l1-mx), math.Exp(l2v-mx)
		sum := e0 + e1 + e2
		lse := mx + math.Log(sum)
		switch y[i] {
		case 0:
			f += lse
		case 1:
			f += lse - l1
		case 2:
			f += lse - l2v
		}
		d1, d2 := e1/sum, e2/sum
		if y[i] == 1 {
			d1--
		} else if y[i] == 2 {
			d2--
		}
		g[0] += d1
		g[p] += d2
		for j, v := range z {
			g[1+j] += d1 * float64(v)
			g[p+1+j] += d2 * float64(v)
		}
	}
	return meanWithPenalty(f, g, n, l2, p, w)
}

// randomFitData draws seeded standardised rows, labels and weights.
func randomFitData(rows, nc int, seed uint64) ([]float32, []int8, []float64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	Z := make([]float32, rows*nc)
	for i := range Z {
		Z[i] = float32(rng.NormFloat64())
	}
	y := make([]int8, rows)
	for i := range y {
		y[i] = int8(rng.IntN(3))
	}
	w := make([]float64, 2*(1+nc))
	for i := range w {
		w[i] = rng.NormFloat64() / 4
	}
	return Z, y, w
}

// TestLossGrad_SameBitsAsOneLoop checks that spreading the loss over
// workers and blocks changes no bit of it: the fits, and so every
// prediction, are those of the plain loop whatever the number of cores.
func TestLossGrad_SameBitsAsOneLoop(t *testing.T) {
	tests := []struct {
		name     string
		rows, nc int
		workers  []int
	}{
		{"one block", 37, 5, []int{1, 2, 3}},
		{"blocks and a remainder", 3*evalBlock + 7, 13, []int{1, 2, 4}},
		{"fewer columns than workers", 2*evalBlock + 1, 1, []int{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Z, y, w := randomFitData(tt.rows, tt.nc, 1)
			wantF, wantG := serialLossGrad(Z, y, tt.nc, 1e-3, w)
			for _, k := range tt.workers {
				term, d := make([]float64, tt.rows), make([]float64, 2*tt.rows)
				f, g := lossGrad(Z, y, tt.nc, 1e-3, k, w, term, d)
				if math.Float64bits(f) != math.Float64bits(wantF) {
					t.Errorf("%d workers: loss %v, want %v", k, f, wantF)
				}
				for j := range g {
					if math.Float64bits(g[j]) != math.Float64bits(wantG[j]) {
						t.Errorf("%d workers: gradient %d is %v, want %v", k, j, g[j], wantG[j])
						break
					}
				}
			}
		})
	}
}

// TestFitMNL_Workers checks that a fit, and the temperature fitted after
// it, are the same to the last bit on one worker and on several.
func TestFitMNL_Workers(t *testing.T) {
	const rows, nc = 2500, 6
	Z, y, _ := randomFitData(rows, nc, 2)
	X := make([][]float64, rows)
	cols := seq(0, nc)
	for i := range X {
		X[i] = make([]float64, nc)
		for j, v := range Z[i*nc : (i+1)*nc] {
			X[i][j] = float64(v)
		}
		// A signal, so that the fit has somewhere to go.
		X[i][0] += float64(y[i])
	}
	var ref *mnl
	for _, k := range []int{1, 2, 3} {
		s := DefaultConfig().fit()
		s.workers = k
		m, err := fitMNL(X, y, cols, s)
		if err != nil {
			t.Fatal(err)
		}
		m.fitTemperature(X, y, k)
		if ref == nil {
			ref = m
			continue
		}
		if math.Float64bits(m.temp) != math.Float64bits(ref.temp) {
			t.Errorf("%d workers: temperature %v, want %v", k, m.temp, ref.temp)
		}
		for c := range m.w {
			for j := range m.w[c] {
				if math.Float64bits(m.w[c][j]) != math.Float64bits(ref.w[c][j]) {
					t.Errorf("%d workers: weight %d/%d is %v, want %v", k, c, j, m.w[c][j], ref.w[c][j])
				}
			}
		}
	}
}

// BenchmarkLossGrad is one evaluation of the loss on rows of the size a
// yearly fit takes (150000 rows of 81 standardised features), as one loop
// and on 1 and 2 workers.
func BenchmarkLossGrad(b *testing.B) {
	const rows, nc = 150000, 81
	Z, y, w := randomFitData(rows, nc, 3)
	b.Run("loop", func(b *testing.B) {
		for b.Loop() {
			serialLossGrad(Z, y, nc, 1e-3, w)
		}
	})
	for _, k := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[k], func(b *testing.B) {
			term, d := make([]float64, rows), make([]float64, 2*rows)
			for b.Loop() {
				lossGrad(Z, y, nc, 1e-3, k, w, term, d)
			}
		})
	}
}

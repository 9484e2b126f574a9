package coalition

import "math"

// confusion counts outcomes: [actual][predicted] over yes, abstain, no.
type confusion [3][3]float64

func (c confusion) total() float64 {
	var t float64
	for i := range c {
		for j := range c[i] {
			t += c[i][j]
		}
	}
	return t
}

func (c confusion) accuracy() float64 {
	t := c.total()
	if t == 0 {
		return 0
	}
	return (c[0][0] + c[1][1] + c[2][2]) / t
}

// f1 is the F1 score of one class; a class never predicted nor present
// scores zero, as in the usual macro average.
func (c confusion) f1(k int) float64 {
	tp := c[k][k]
	var fp, fn float64
	for o := 0; o < 3; o++ {
		if o != k {
			fp += c[o][k]
			fn += c[k][o]
		}
	}
	if tp == 0 {
		return 0
	}
	return 2 * tp / (2*tp + fp + fn)
}

func (c confusion) macroF1() float64 { return (c.f1(0) + c.f1(1) + c.f1(2)) / 3 }

// Scores are the figures a backtest reports for one predictor on one set
// of votes.
type Scores struct {
	Votes    int        `json:"votes"`
	Accuracy float64    `json:"accuracy"`
	MacroF1  float64    `json:"macro_f1"`
	F1       [3]float64 `json:"f1_yes_abstain_no"`
	// Brier is the multi-class Brier score: the mean over votes of the
	// summed squared differences between probabilities and outcome (0 is
	// perfect, 2 the worst).
	Brier   float64 `json:"brier"`
	LogLoss float64 `json:"log_loss"`
	// Confusion counts [actual][predicted] in yes, abstain, no order.
	Confusion [3][3]int `json:"confusion"`
}

// scorer accumulates predictions.
type scorer struct {
	cm      confusion
	brier   float64
	logloss float64
	n       float64
	cal     [calBins][3]float64 // per bin: sum of p, sum of outcome, count
}

// calBins is the number of probability bins of the calibration table.
const calBins = 10

// logLossFloor keeps one confident miss from making the log loss infinite.
const logLossFloor = 1e-6

func (s *scorer) add(p [3]float64, pred int, actual int8) {
	s.cm[actual][pred]++
	s.n++
	for k := 0; k < 3; k++ {
		o := 0.0
		if int8(k) == actual {
			o = 1
		}
		d := p[k] - o
		s.brier += d * d
		b := min(calBins-1, int(p[k]*calBins))
		s.cal[b][0] += p[k]
		s.cal[b][1] += o
		s.cal[b][2]++
	}
	s.logloss -= math.Log(math.Max(p[actual], logLossFloor))
}

func (s *scorer) scores() Scores {
	out := Scores{Votes: int(s.n)}
	if s.n == 0 {
		return out
	}
	out.Accuracy = s.cm.accuracy()
	out.MacroF1 = s.cm.macroF1()
	for k := 0; k < 3; k++ {
		out.F1[k] = s.cm.f1(k)
		for j := 0; j < 3; j++ {
			out.Confusion[k][j] = int(s.cm[k][j])
		}
	}
	out.Brier = s.brier / s.n
	out.LogLoss = s.logloss / s.n
	return out
}

// CalibrationBin is one row of a calibration table: of all class
// probabilities that fell in [Lo, Hi), their mean and how often the class
// occurred.
type CalibrationBin struct {
	Lo, Hi    float64 `json:"-"`
	Range     string  `json:"range"`
	Count     int     `json:"count"`
	Predicted float64 `json:"mean_predicted"`
	Observed  float64 `json:"observed"`
}

func (s *scorer) calibration() []CalibrationBin {
	var out []CalibrationBin
	for b := 0; b < calBins; b++ {
		c := s.cal[b]
		bin := CalibrationBin{Lo: float64(b) / calBins, Hi: float64(b+1) / calBins, Count: int(c[2])}
		bin.Range = fmtRange(bin.Lo, bin.Hi)
		if c[2] > 0 {
			bin.Predicted = c[0] / c[2]
			bin.Observed = c[1] / c[2]
		}
		out = append(out, bin)
	}
	return out
}

func fmtRange(lo, hi float64) string {
	return ftoa(lo, 1) + "-" + ftoa(hi, 1)
}

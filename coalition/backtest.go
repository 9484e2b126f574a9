package coalition

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"entente"
)

// BacktestConfig says which recorded roll calls to predict.
type BacktestConfig struct {
	// From and To are the first and last calendar years predicted.
	From, To int
	// Engine is the model configuration.
	Engine Config
	// Progress, when set, is told each year as it completes.
	Progress func(year int, votes int, elapsed time.Duration)
	// Trace, when set, receives every scored vote (TracedVote): what a
	// study of where the model wins or loses against a baseline needs.
	Trace func(TracedVote)
	// Engines, when set, receives each year's engine once its model is
	// fitted and its rule tuned: the engine NewEngine would build as of
	// the year's first day, so that other questions about those years
	// (the novel-motion suite) are answered without fitting again. The
	// engines share the backtest's featurizer; use them after Backtest
	// returns, one at a time.
	Engines func(year int, e *Engine)
}

// TracedVote is one scored vote of a backtest.
type TracedVote struct {
	Year int
	// RollCall and Country name the vote.
	RollCall, Country string
	// P are the model's probabilities (calibrated), Raw the same before
	// the regime's calibration map, and Label the stance shown.
	P, Raw [3]float64
	Label  int
	// Prior is the vote on the most similar roll call in the features
	// (-1: none) and PriorWeight 1 when that roll call is a same-series
	// repeat; Copy is the copy baseline's stance (the vote on the most
	// similar roll call the state voted on, yes when none).
	Prior       int
	PriorWeight float64
	Copy        int
	Actual      int8
	Regime      int
	Targeted    bool
	// Loose is true in the backtest's loose-analogue subset: the most
	// similar roll call is not of the motion's own series.
	Loose bool
	// Unscored marks the predictions of the RuleYears before From, made
	// only to tune the first years' decision rules: they carry no label
	// and no copy-baseline stance (Label and Copy are -1).
	Unscored bool
}

// Validate reports a configuration that cannot work.
func (c BacktestConfig) Validate() error {
	if c.From < 1947 || c.To < c.From {
		return fmt.Errorf("backtest: years %d-%d: want 1947 <= from <= to: %w", c.From, c.To, entente.ErrInvalid)
	}
	return c.Engine.Validate()
}

// Predictor names the model and each baseline in a report.
const (
	PredModel       = "model"
	PredAlwaysYes   = "always-yes"
	PredMostSimilar = "most-similar"
	PredIdealPoint  = "ideal-point"
)

// Predictors lists them in report order.
var Predictors = []string{PredModel, PredAlwaysYes, PredMostSimilar, PredIdealPoint}

// Subset is the scores of every predictor on one set of votes.
type Subset struct {
	Name   string            `json:"name"`
	Scores map[string]Scores `json:"scores"`
}

// RegionScores are the scores of every predictor on the votes of one region.
type RegionScores struct {
	Region string            `json:"region"`
	Scores map[string]Scores `json:"scores"`
}

// BacktestReport is the outcome of a rolling-origin backtest.
type BacktestReport struct {
	From, To  int    `json:"-"`
	Years     string `json:"years"`
	RollCalls int    `json:"roll_calls"`
	Targeted  int    `json:"targeted_roll_calls"`
	// All is every vote; Targeted the votes on resolutions naming a target;
	// Loose the votes on resolutions placed only by loose analogues (or
	// none), not by an earlier resolution of their own series.
	All            Subset `json:"all"`
	TargetedSubset Subset `json:"targeted"`
	LooseSubset    Subset `json:"loose_analogue"`
	// Calibration is the model's reliability table, classes pooled.
	Calibration []CalibrationBin `json:"calibration"`
	// Regimes are the reliability tables by regime, with the bins whose
	// observed rate drifts from the predicted by more than DriftTolerance
	// over at least DriftMinCount predictions.
	Regimes []RegimeReliability `json:"regimes"`
	Regions []RegionScores      `json:"regions"`
	Config  Config              `json:"config"`
	Elapsed time.Duration       `json:"elapsed_ns"`
}

// RegimeReliability is the model's reliability table on one regime.
type RegimeReliability struct {
	Regime      string           `json:"regime"`
	Votes       int              `json:"votes"`
	Calibration []CalibrationBin `json:"calibration"`
	// Drift lists the bins out of tolerance, as "0.9-1.0: predicted 0.95,
	// observed 0.82 (1234 predictions)"; empty when the regime is calibrated.
	Drift []string `json:"drift"`
}

// DriftTolerance and DriftMinCount flag a reliability bin: a gap between
// the mean predicted probability and the observed rate above the tolerance,
// over at least that many predictions.
const (
	DriftTolerance = 0.05
	DriftMinCount  = 100
)

func reliability(name string, s *scorer) RegimeReliability {
	r := RegimeReliability{Regime: name, Votes: int(s.n), Calibration: s.calibration(), Drift: []string{}}
	for _, b := range r.Calibration {
		if b.Count >= DriftMinCount && math.Abs(b.Predicted-b.Observed) > DriftTolerance {
			r.Drift = append(r.Drift, fmt.Sprintf("%s: predicted %.3f, observed %.3f (%d predictions)", b.Range, b.Predicted, b.Observed, b.Count))
		}
	}
	return r
}

// baselineModels holds what the baselines learn from the training years.
type baselineModels struct {
	prior [3]float64    // class frequencies (always-yes probabilities)
	simCM [4][3]float64 // P(actual | most-similar vote; 3 = none), smoothed
	ideal *mnl
}

var colsIdeal = []int{fTheta, fThetaMissing, fSpatial, fDistTarget, fHasTarget}

func (f *featurizer) fitBaselines(cases []*rcCase) (*baselineModels, error) {
	b := &baselineModels{}
	var counts [4][3]float64
	for _, c := range cases {
		for k, l := range c.labels {
			if l < 0 {
				continue
			}
			b.prior[l]++
			counts[f.mostSimilarVote(c, k)][l]++
		}
	}
	tot := b.prior[0] + b.prior[1] + b.prior[2]
	for k := range b.prior {
		b.prior[k] = (b.prior[k] + 1) / (tot + 3)
	}
	for s := range counts {
		n := counts[s][0] + counts[s][1] + counts[s][2]
		for k := 0; k < 3; k++ {
			b.simCM[s][k] = (counts[s][k] + 1) / (n + 3)
		}
	}
	X, y := labelled(cases, f.cfg.MaxTrainRows, f.cfg.Seed, 1)
	m, err := f.fitWarm("ideal", X, y, colsIdeal)
	if err != nil {
		return nil, err
	}
	b.ideal = m
	return b, nil
}

// mostSimilarVote is the state's vote (0..2) on the most similar past roll
// call it voted on, or 3 when there is none.
func (f *featurizer) mostSimilarVote(c *rcCase, k int) int {
	for _, s := range c.q.similar {
		if v := f.h.votes[s.rc][c.pop[k]]; v != cNone {
			return int(v - 1)
		}
	}
	return 3
}

// Backtest predicts every recorded vote of the years From..To from its own
// past: the model is refitted at the start of each year on the roll calls
// of the TrainYears before it, and each roll call's features are computed
// from what preceded its date. The decision thresholds of each year are
// tuned on the backtest's own predictions of the RuleYears before it, so
// the RuleYears before From are predicted too, without being scored. The
// baselines are fitted on the same training years.
func Backtest(ctx context.Context, h *History, cfg BacktestConfig) (*BacktestReport, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	start := time.Now()
	f := newFeaturizer(h, cfg.Engine)
	rep := &BacktestReport{From: cfg.From, To: cfg.To, Years: fmt.Sprintf("%d-%d", cfg.From, cfg.To), Config: cfg.Engine}
	all := map[string]*scorer{}
	tgt := map[string]*scorer{}
	loose := map[string]*scorer{}
	reg := map[string]map[string]*scorer{}
	for _, p := range Predictors {
		all[p], tgt[p], loose[p] = &scorer{}, &scorer{}, &scorer{}
	}
	var regimes [nRegimes]scorer
	// The years before From are predicted only to tune the first year's
	// decision rule, exactly as NewEngine does before its as-of day.
	recs, err := f.pastRecords(ctx, dayNum(entente.Day(cfg.From, time.January, 1)))
	if err != nil {
		return nil, fmt.Errorf("backtest: %w", err)
	}
	if cfg.Trace != nil {
		for _, r := range recs {
			cfg.Trace(TracedVote{Year: r.year, P: r.p, Raw: r.p, Label: -1, Prior: int(r.prior), PriorWeight: r.weight,
				Copy: -1, Actual: r.actual, Regime: int(r.regime), Targeted: int(r.regime) == RegimeTargeted, Unscored: true})
		}
	}
	for year := cfg.From; year <= cfg.To; year++ {
		t0 := time.Now()
		cut := dayNum(entente.Day(year, time.January, 1))
		test := f.yearRollCalls(year)
		if len(test) == 0 {
			continue
		}
		m, err := f.fitModel(ctx, cut)
		if err != nil {
			return nil, fmt.Errorf("backtest %d: %w", year, err)
		}
		// The same rule NewEngine applies: thresholds tuned on the
		// predictions of the RuleYears before this one.
		var past []decisionRecord
		for _, r := range recs {
			if r.year >= year-cfg.Engine.RuleYears {
				past = append(past, r)
			}
		}
		m.calib = cfg.Engine.calibration(past)
		m.stage2.rule = tuneRule(calibrated(past, m.calib), cfg.Engine)
		if cfg.Engines != nil {
			cfg.Engines(year, &Engine{cfg: cfg.Engine, h: h, f: f, asof: entente.Day(year, time.January, 1), model: m})
		}
		from := dayNum(entente.Day(year-cfg.Engine.TrainYears, time.January, 1))
		bl, err := f.fitBaselines(f.trainSet(from, cut))
		if err != nil {
			return nil, fmt.Errorf("backtest %d: baselines: %w", year, err)
		}
		votes := 0
		for _, r := range test {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			c := f.caseFor(r)
			ps, rows := m.predictCaseRaw(f, &c.q, c.pop, c.rows)
			recs = append(recs, recordsOf(year, c, ps, rows)...)
			targeted := len(c.q.targets) > 0
			regime := c.q.regime()
			raw := slices.Clone(ps)
			for k := range ps {
				ps[k] = m.calib[regime].probs(ps[k])
			}
			isLoose := c.q.loose()
			rep.RollCalls++
			if targeted {
				rep.Targeted++
			}
			for k, l := range c.labels {
				if l < 0 {
					continue
				}
				votes++
				preds := map[string]struct {
					p    [3]float64
					pred int
				}{}
				pv0, pw0 := priorVote(rows[k])
				preds[PredModel] = struct {
					p    [3]float64
					pred int
				}{ps[k], m.stage2.rule.label(ps[k], pv0, pw0, regime, cfg.Engine.LabelSlack)}
				preds[PredAlwaysYes] = struct {
					p    [3]float64
					pred int
				}{bl.prior, 0}
				sv := f.mostSimilarVote(c, k)
				pv := sv
				if pv == 3 {
					pv = 0
				}
				preds[PredMostSimilar] = struct {
					p    [3]float64
					pred int
				}{bl.simCM[sv], pv}
				pi := bl.ideal.probs(rows[k], 0)
				preds[PredIdealPoint] = struct {
					p    [3]float64
					pred int
				}{pi, argmax(pi)}
				region := "Unknown"
				if a, ok := h.reg.Actor(h.codes[c.pop[k]]); ok && a.Region != "" {
					region = a.Region
				}
				if reg[region] == nil {
					reg[region] = map[string]*scorer{}
					for _, p := range Predictors {
						reg[region][p] = &scorer{}
					}
				}
				for name, pr := range preds {
					all[name].add(pr.p, pr.pred, l)
					reg[region][name].add(pr.p, pr.pred, l)
					if targeted {
						tgt[name].add(pr.p, pr.pred, l)
					}
					if isLoose {
						loose[name].add(pr.p, pr.pred, l)
					}
				}
				regimes[regime].add(ps[k], preds[PredModel].pred, l)
				if cfg.Trace != nil {
					cfg.Trace(TracedVote{Year: year, RollCall: h.rcs[c.r].ID, Country: h.codes[c.pop[k]], P: ps[k], Raw: raw[k], Label: preds[PredModel].pred, Prior: pv0, PriorWeight: pw0,
						Copy: pv, Actual: l, Regime: regime, Targeted: targeted, Loose: isLoose})
				}
			}
		}
		if cfg.Progress != nil {
			cfg.Progress(year, votes, time.Since(t0))
		}
	}
	rep.All = Subset{Name: "all", Scores: map[string]Scores{}}
	rep.TargetedSubset = Subset{Name: "targeted", Scores: map[string]Scores{}}
	rep.LooseSubset = Subset{Name: "loose-analogue", Scores: map[string]Scores{}}
	for _, p := range Predictors {
		rep.All.Scores[p] = all[p].scores()
		rep.TargetedSubset.Scores[p] = tgt[p].scores()
		rep.LooseSubset.Scores[p] = loose[p].scores()
	}
	rep.Calibration = all[PredModel].calibration()
	for r := range regimes {
		rep.Regimes = append(rep.Regimes, reliability(RegimeNames[r], &regimes[r]))
	}
	for _, r := range []string{"Africa", "Americas", "Asia", "Europe", "Oceania", "Unknown"} {
		if s, ok := reg[r]; ok {
			rs := RegionScores{Region: r, Scores: map[string]Scores{}}
			for _, p := range Predictors {
				rs.Scores[p] = s[p].scores()
			}
			rep.Regions = append(rep.Regions, rs)
		}
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

func argmax(p [3]float64) int {
	best := 0
	for k := 1; k < 3; k++ {
		if p[k] > p[best] {
			best = k
		}
	}
	return best
}

// Margin is the model's lead over one baseline on one subset: positive
// MacroF1 and Brier margins mean the model is better (higher macro-F1,
// lower Brier).
type Margin struct {
	Subset, Baseline string
	MacroF1, Brier   float64
}

// Margins lists the model's leads over every baseline on the subset.
func (s Subset) Margins() []Margin {
	m := s.Scores[PredModel]
	var out []Margin
	for _, p := range Predictors[1:] {
		b := s.Scores[p]
		out = append(out, Margin{Subset: s.Name, Baseline: p, MacroF1: m.MacroF1 - b.MacroF1, Brier: b.Brier - m.Brier})
	}
	return out
}

// BeatsBaselines reports whether the model beats every baseline on
// macro-F1 and Brier score on the given subset.
func (s Subset) BeatsBaselines() bool {
	m := s.Scores[PredModel]
	for _, p := range Predictors[1:] {
		b := s.Scores[p]
		if m.MacroF1 <= b.MacroF1 || m.Brier >= b.Brier || math.IsNaN(m.Brier) {
			return false
		}
	}
	return true
}

package coalition

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"entente"
	"entente/measures"
)

// Config tunes the engine. DefaultConfig gives the values the backtest
// figures were obtained with.
type Config struct {
	// Sessions is how many past complete sessions feed the vote-history
	// and agreement features.
	Sessions int
	// Similar is how many analogous past roll calls a motion is placed by.
	Similar int
	// MinSimilarity is the least text similarity (0..1) for a past roll
	// call to count as analogous when the engine looks for them.
	MinSimilarity float64
	// TrainYears is the length of the training window before the cut.
	TrainYears int
	// ValidationYears are the last years of the window held out to fit
	// the temperature and the decision rule before the final refit.
	ValidationYears int
	// L2 is the ridge penalty on standardised weights.
	L2 float64
	// MaxIterations and GradTol stop the L-BFGS fit; so does a loss that
	// has improved by less than ConvergeRelative (relative) over
	// ConvergeIterations iterations. LBFGSMemory is L-BFGS's history
	// length. Set here, not left to gonum's defaults, so that an update of
	// the library cannot change fits silently.
	MaxIterations      int
	GradTol            float64
	ConvergeRelative   float64
	ConvergeIterations int
	LBFGSMemory        int
	// WarmStart starts each fit from the weights of the previous fit of
	// the same stage (the previous year's, in a rolling backtest or in the
	// years an engine tunes its rule on): the weights move little from
	// year to year, so the optimiser needs a fraction of the iterations.
	WarmStart bool
	// MaxTrainRows caps training rows; a seeded subsample is drawn beyond.
	MaxTrainRows int
	// LooseWeight is how many times the model's fit counts each vote on a
	// roll call whose most similar analogue is not of its own series (the
	// backtest's loose-analogue votes, targeted or not). Same-series votes
	// are four in five of the rows and the easiest: counted alike, they
	// set the shared weights toward what a state did last time, and the
	// features that must carry a new motion (its issues, blocs, sponsors,
	// ideal points) are fitted to the repeats. The temperatures, fitted
	// on held-out votes, and the baselines count every vote once. The
	// default, 2, was chosen on the 2000-2014 development backtest as the
	// weight whose worst subset beats copying the most similar vote by the
	// most (macro-F1 margin on all / targeted / loose votes: 1, +0.0112 /
	// -0.0003 / -0.0045; 2, +0.0120 / -0.0023 / +0.0036; 3, +0.0118 /
	// -0.0034 / +0.0054) and then measured on 2015-2023 (doc.go). The
	// rows are repeated, not copied, so a weight costs fitting time but
	// little memory.
	LooseWeight int
	// Seed seeds the subsample.
	Seed uint64
	// Partners is how many closest voting partners the partner feature
	// averages over.
	Partners int
	// Lobby is the push, in log-odds toward yes, by which the swing
	// analysis measures how far lobbying could move a state.
	Lobby float64
	// Override is the probability the model needs to predict a stance
	// other than the state's vote on a same-series repeat (OverrideWeak is
	// kept for the model key of older configurations and no longer used:
	// a loose analogue is never copied). Decision weighs the probabilities
	// of yes, abstain and no for states without such a vote. Both are the
	// fallback: they are tuned for each regime on the model's out-of-sample
	// predictions of the RuleYears years before the cut, to maximise the
	// macro-F1 of the labels shown, whenever those years give at least
	// MinRuleVotes votes of the kind (see rule.go); the defaults were
	// chosen on a development backtest of 1990-1999. RuleYears is 0, so
	// that those defaults are the rule: on the 2015-2023 backtest, rules
	// tuned on the five years before each test year scored a lower
	// macro-F1 than the defaults in every subset (0.8322 against 0.8343
	// on all votes, 0.8729 against 0.8731 targeted, 0.4877 against 0.4983
	// loose), and rules tuned on the one year before did no better: the
	// best rule drifts from year to year more than past years can tell.
	// Each rule year also costs an engine one more fit.
	Override, OverrideWeak float64
	Decision               [3]float64
	RuleYears              int
	MinRuleVotes           int
	// RegimeMaps turns on the regimes' calibration maps (calibrate.go). It
	// is off by default: measured on the 2015-2023 rolling backtest, maps
	// fitted on the years before each cut made the Brier score worse in
	// every span (the drift they were to correct changes direction from one
	// period to the next), so they stay an option to study, not the model.
	RegimeMaps bool
	// LoadYears is how many years before the fit day an engine's History
	// reaches back: at least the rule years, the training years before
	// each of them, and the sessions and analogues the oldest training
	// roll call looks back on (RuleYears+TrainYears+Sessions+3). The
	// texts' IDF weights and the states' persistence counts are read from
	// everything loaded, so the default keeps the 21 years the model was
	// measured with when it tuned its rule on five years.
	LoadYears int
	// CalibrationL2 holds each regime's calibration map (calibrate.go)
	// toward the identity: the penalty on the squared distance of its four
	// numbers from (1, 1, 0, 0), beside the mean log loss. A regime needs
	// MinRuleVotes out-of-sample records for a map of its own.
	CalibrationL2 float64
	// CalibrationDecay weighs each year's records by this factor per year
	// of age (1: all alike), so that the maps follow the latest drift.
	CalibrationDecay float64
	// IssueMix is the part of an analogue's score that shared issue codes
	// make up beside the text similarity; AgePenalty is taken off the score
	// per year of the analogue's age (at most twenty), SortPenalty when an
	// amendment or paragraph vote is matched with a whole resolution or
	// the reverse.
	IssueMix, AgePenalty, SortPenalty float64
	// SeriesSimilarity and SeriesYears define a same-series repeat: an
	// analogue whose own title (rollCallText) is at least this similar,
	// voted at most this many years before. Only such repeats keep a state's vote unless the
	// model is confident against it; every other analogue is loose and its
	// votes are evidence the model weighs by kind and age.
	SeriesSimilarity float64
	SeriesYears      int
	// ExplicitWeight is the weight of an analogue the analyst names, before
	// its age is taken off (AgePenalty per year) and scaled by how similar
	// its text is: a named analogue is a clue, not a repeat.
	ExplicitWeight float64
	// LabelSlack bounds how far below the most probable stance the stance
	// kept from a same-series repeat may be: beyond it the label follows the
	// probabilities.
	LabelSlack float64
	// MinRegimeRows is the least held-out votes a regime needs for its own
	// temperature; with fewer it takes the pooled one.
	MinRegimeRows int
	// KeepBias and KeepScale map the log-odds l of keeping the vote cast
	// on a same-series repeat to KeepBias + KeepScale·l (calibrate.go,
	// keepMap; 0 and 1 leave them alone). The defaults, 0.55 and 0.8, gave
	// the least Brier score (the acceptance's measure of probabilities) on
	// the votes with such a repeat of the development backtest (2000-2014;
	// 0.07813 against 0.07960 without the map, every vote counted once in
	// the fit: LooseWeight 1) on grids of biases 0 to 1
	// and scales 0.6 to 1, refined near the optimum, which is flat (biases
	// 0.5-0.6 with scales 0.775-0.825 within 0.00002). On the 2015-2023
	// backtest the map raised the macro-F1 of all votes from 0.8372 to
	// 0.8390 and of targeted ones from 0.8758 to 0.8802, and lowered their
	// Brier scores from 0.1172 to 0.1162 and from 0.1245 to 0.1224; loose
	// analogues have no such vote. The map with the least log loss on the
	// development years, near (0.4, 0.9), scored 0.8385 and 0.8792. A bias
	// alone fitted per regime on the held-out years (a "stay"), tried
	// first, swung from year to year (targeted from -0.13 to 1.01), raised
	// the targeted Brier score and moved two reliability bins by more than
	// 0.05.
	KeepBias, KeepScale float64
	// PeerPower sharpens the voting-partner weights (agreement to this
	// power); PeerTieDamping is added to the tie weights' sum so that one
	// weak tie does not speak for a state.
	PeerPower, PeerTieDamping float64
	// MaterialDependence is the share of a state's arms imports or trade
	// coming from the motion's targets above which its explanation names
	// that dependence, whatever weight the model gives it.
	MaterialDependence float64
	// Panel are the rules of the dyadic panel (measures.PanelRules).
	Panel measures.PanelRules
	// IssueTitleMatch is how alike (Jaccard index of title terms) an
	// earlier roll call's own title must be for a roll call without issue
	// codes to take its codes (the UN's files carry none; inheritIssues).
	// 0.6 takes a recurring resolution whose title changed a word or two
	// and leaves a new subject without codes.
	IssueTitleMatch float64
	// PersistenceYears is how far back the persistence features look: the
	// roll calls of those years before the day, each paired with its most
	// similar earlier roll call, tell how often a state kept its stance.
	// PersistencePrior is the pseudo-count by which a state's own rate is
	// shrunk toward the all-state rate, so that a state with a handful of
	// such pairs reads as the average state. Both chosen, not tuned, on
	// the 2015-2023 backtest's design (ten years is the training window).
	PersistenceYears int
	PersistencePrior float64
	// TargetYears is how far back the target-record features look for
	// earlier roll calls naming one of the motion's targets;
	// TargetHalfLife is the age, in years, at which such a vote counts half.
	TargetYears    int
	TargetHalfLife float64
	// RegimeBreaks are the unconstitutional changes of government before
	// which a state's votes stop counting for later motions (regime.go);
	// the default is the curated, cited list in data/regime-breaks.tsv.
	// Being part of the Config, they are part of the model key.
	RegimeBreaks []RegimeBreak
	// Workers is how many goroutines a fit uses (0: GOMAXPROCS). Fits
	// sum in the same order whatever it is, so it changes no result and
	// is no part of the model key.
	Workers int `json:"-"`
}

// DefaultConfig returns the settings the published backtest used.
func DefaultConfig() Config {
	return Config{
		Sessions:        3,
		Similar:         5,
		MinSimilarity:   0.3,
		TrainYears:      10,
		ValidationYears: 2,
		L2:              1e-3,
		MaxIterations:   300,
		GradTol:         1e-6,

		ConvergeRelative:   1e-7,
		ConvergeIterations: 10,
		LBFGSMemory:        15,
		WarmStart:          true,
		MaxTrainRows:       250000,
		LooseWeight:        2,
		Seed:               1,
		Partners:           10,
		Lobby:              1,
		Override:           0.8,
		OverrideWeak:       0.5,
		Decision:           [3]float64{1, 2, 1.5},
		RuleYears:          0,
		LoadYears:          21,
		MinRuleVotes:       2000,
		CalibrationL2:      1e-3,
		CalibrationDecay:   0.5,

		IssueMix:           0.15,
		AgePenalty:         0.01,
		SortPenalty:        0.1,
		SeriesSimilarity:   0.75,
		SeriesYears:        5,
		ExplicitWeight:     0.8,
		LabelSlack:         0.25,
		MinRegimeRows:      3000,
		KeepBias:           0.55,
		KeepScale:          0.8,
		PeerPower:          4,
		PeerTieDamping:     0.5,
		MaterialDependence: 0.2,
		Panel:              measures.DefaultPanelRules(),
		IssueTitleMatch:    0.6,
		RegimeBreaks:       DefaultRegimeBreaks(),
		PersistenceYears:   6,
		PersistencePrior:   20,
		TargetYears:        10,
		TargetHalfLife:     4,
	}
}

// Validate reports settings that cannot work.
func (c Config) Validate() error {
	switch {
	case c.Sessions < 1:
		return fmt.Errorf("config: sessions %d: want at least 1: %w", c.Sessions, entente.ErrInvalid)
	case c.Similar < 0:
		return fmt.Errorf("config: similar %d: must not be negative: %w", c.Similar, entente.ErrInvalid)
	case c.MinSimilarity < 0 || c.MinSimilarity > 1:
		return fmt.Errorf("config: min similarity %v: want 0..1: %w", c.MinSimilarity, entente.ErrInvalid)
	case c.ValidationYears < 1 || c.ValidationYears >= c.TrainYears:
		return fmt.Errorf("config: validation years %d: want 1 to train years - 1: %w", c.ValidationYears, entente.ErrInvalid)
	case c.TrainYears < 1:
		return fmt.Errorf("config: train years %d: want at least 1: %w", c.TrainYears, entente.ErrInvalid)
	case c.L2 < 0:
		return fmt.Errorf("config: l2 %v: must not be negative: %w", c.L2, entente.ErrInvalid)
	case c.MaxIterations < 1:
		return fmt.Errorf("config: max iterations %d: want at least 1: %w", c.MaxIterations, entente.ErrInvalid)
	case c.ConvergeRelative < 0 || c.ConvergeIterations < 1 || c.LBFGSMemory < 1:
		return fmt.Errorf("config: converge relative %v (want >= 0), converge iterations %d and L-BFGS memory %d (want at least 1): %w", c.ConvergeRelative, c.ConvergeIterations, c.LBFGSMemory, entente.ErrInvalid)
	case c.MaxTrainRows < 100:
		return fmt.Errorf("config: max train rows %d: want at least 100: %w", c.MaxTrainRows, entente.ErrInvalid)
	case c.LooseWeight < 1 || c.LooseWeight > 10:
		return fmt.Errorf("config: loose weight %d: want 1 to 10: %w", c.LooseWeight, entente.ErrInvalid)
	case c.Override < 0.5 || c.OverrideWeak < 0.5:
		return fmt.Errorf("config: override thresholds %v, %v: want at least 0.5: %w", c.Override, c.OverrideWeak, entente.ErrInvalid)
	case c.Decision[0] <= 0 || c.Decision[1] <= 0 || c.Decision[2] <= 0:
		return fmt.Errorf("config: decision weights %v: want positive: %w", c.Decision, entente.ErrInvalid)
	case c.CalibrationL2 < 0 || math.IsNaN(c.CalibrationL2) || !(c.CalibrationDecay > 0 && c.CalibrationDecay <= 1):
		return fmt.Errorf("config: calibration l2 %v (want >= 0) and decay %v (want above 0, at most 1): %w", c.CalibrationL2, c.CalibrationDecay, entente.ErrInvalid)
	case c.RuleYears < 0 || c.MinRuleVotes < 1:
		return fmt.Errorf("config: rule years %d, min rule votes %d: want rule years >= 0 and min votes >= 1: %w", c.RuleYears, c.MinRuleVotes, entente.ErrInvalid)
	case c.LoadYears < c.RuleYears+c.TrainYears+c.Sessions+3:
		return fmt.Errorf("config: load years %d: want at least rule years + train years + sessions + 3 = %d: %w", c.LoadYears, c.RuleYears+c.TrainYears+c.Sessions+3, entente.ErrInvalid)
	case c.Partners < 1:
		return fmt.Errorf("config: partners %d: want at least 1: %w", c.Partners, entente.ErrInvalid)
	case c.IssueMix < 0 || c.IssueMix > 1 || c.AgePenalty < 0 || c.SortPenalty < 0:
		return fmt.Errorf("config: issue mix %v (want 0..1), age penalty %v and sort penalty %v (want >= 0): %w", c.IssueMix, c.AgePenalty, c.SortPenalty, entente.ErrInvalid)
	case c.IssueTitleMatch < 0 || c.IssueTitleMatch > 1:
		return fmt.Errorf("config: issue title match %v: want 0..1: %w", c.IssueTitleMatch, entente.ErrInvalid)
	case c.SeriesSimilarity <= 0 || c.SeriesSimilarity > 1 || c.SeriesYears < 1:
		return fmt.Errorf("config: series similarity %v (want above 0, at most 1) and series years %d (want at least 1): %w", c.SeriesSimilarity, c.SeriesYears, entente.ErrInvalid)
	case c.ExplicitWeight <= 0 || c.ExplicitWeight > 1 || c.LabelSlack < 0 || c.LabelSlack > 1:
		return fmt.Errorf("config: explicit weight %v (want above 0, at most 1) and label slack %v (want 0..1): %w", c.ExplicitWeight, c.LabelSlack, entente.ErrInvalid)
	case !(c.KeepScale > 0) || math.IsInf(c.KeepScale, 0) || math.IsNaN(c.KeepBias) || math.IsInf(c.KeepBias, 0):
		return fmt.Errorf("config: keep map bias %v and scale %v: want a number and a positive scale: %w", c.KeepBias, c.KeepScale, entente.ErrInvalid)
	case c.MinRegimeRows < 1:
		return fmt.Errorf("config: min regime rows %d: want at least 1: %w", c.MinRegimeRows, entente.ErrInvalid)
	case c.MaterialDependence <= 0 || c.MaterialDependence > 1:
		return fmt.Errorf("config: material dependence %v: want above 0, at most 1: %w", c.MaterialDependence, entente.ErrInvalid)
	case c.PersistenceYears < 1 || !(c.PersistencePrior > 0):
		return fmt.Errorf("config: persistence years %d (want at least 1) and prior %v (want positive): %w", c.PersistenceYears, c.PersistencePrior, entente.ErrInvalid)
	case c.TargetYears < 1 || !(c.TargetHalfLife > 0):
		return fmt.Errorf("config: target years %d (want at least 1) and half-life %v (want positive): %w", c.TargetYears, c.TargetHalfLife, entente.ErrInvalid)
	case c.Workers < 0:
		return fmt.Errorf("config: workers %d: must not be negative: %w", c.Workers, entente.ErrInvalid)
	case c.PeerPower <= 0 || c.PeerTieDamping < 0:
		return fmt.Errorf("config: peer power %v (want positive) and tie damping %v (want >= 0): %w", c.PeerPower, c.PeerTieDamping, entente.ErrInvalid)
	}
	if err := c.Panel.Validate(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return validateRegimeBreaks(c.RegimeBreaks)
}

// LoadFrom is the earliest day a History must reach back to for an engine
// (or the first backtest year) fitted as of the first day of fit's year
// (pass the as-of day, or its FitDay when the data may end before it): the
// rule years, the training years before each of them, and the sessions
// and similar roll calls the oldest training roll call looks back on, or
// more (LoadYears).
func (c Config) LoadFrom(fit time.Time) time.Time {
	return entente.Day(fit.Year(), time.January, 1).AddDate(-c.LoadYears, 0, 0)
}

// Loading is the LoadConfig of a History for an engine of this
// configuration, holding the roll calls from until: the panel's rules and
// the issue-code inheritance come from the configuration, so that every
// caller loads what the engine was measured on.
func (c Config) Loading(from, until time.Time) LoadConfig {
	return LoadConfig{From: from, Until: until, Panel: c.Panel, IssueTitleMatch: c.IssueTitleMatch}
}

// FitDay is the day an engine for asof is fitted as of, given the day of
// the last roll call recorded before asof (zero: none): the first day of
// the as-of year, or of the year after that last roll call, whichever is
// earlier. The model is refitted yearly, as the backtest refits it, so
// every day of a year shares one fitted model (saved once) while the
// features of each prediction are cut at its own day: a new day costs a
// snapshot load, not six fits, and predict does exactly what the backtest
// measured. The fit day follows the data rather than the calendar because
// a year without roll calls brings nothing to learn from: fitted as of a
// later first of January, the model would see exactly the same training
// roll calls and tune its decision rule on rule years that include empty
// ones. So every day after the data's end shares the model of the year
// after the last roll call, whose rule years are the last years with
// votes. Within the data (as in a backtest) it is the calendar's year.
func FitDay(asof, lastRollCall time.Time) time.Time {
	fit := entente.Day(asof.Year(), time.January, 1)
	if lastRollCall.IsZero() {
		return fit
	}
	if next := entente.Day(lastRollCall.Year()+1, time.January, 1); next.Before(fit) {
		return next
	}
	return fit
}

// calibration fits the regimes' maps on records when RegimeMaps is on,
// and returns identities otherwise.
func (c Config) calibration(recs []decisionRecord) [nRegimes]calib {
	if !c.RegimeMaps {
		return [nRegimes]calib{}
	}
	return fitCalibration(recs, c.MinRuleVotes, c.CalibrationL2, c.CalibrationDecay)
}

func (c Config) fit() fitSettings {
	return fitSettings{l2: c.L2, maxIter: c.MaxIterations, gradTol: c.GradTol, memory: c.LBFGSMemory, convergeRel: c.ConvergeRelative, convergeIter: c.ConvergeIterations, workers: c.workers()}
}

// workers is Workers with 0 read as GOMAXPROCS.
func (c Config) workers() int {
	if c.Workers > 0 {
		return c.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// fitWarm fits one stage, from the weights of the featurizer's previous
// fit of that stage when warm starts are on, and keeps the result as the
// next fit's start.
func (f *featurizer) fitWarm(stage string, X [][]float64, y []int8, cols []int) (*mnl, error) {
	s := f.cfg.fit()
	if f.cfg.WarmStart {
		s.init = f.warm[stage]
	}
	m, err := fitMNL(X, y, cols, s)
	if err != nil {
		return nil, err
	}
	f.warm[stage] = append(append([]float64(nil), m.w[0]...), m.w[1]...)
	return m, nil
}

// rcCase is a recorded roll call turned into a prediction problem: the
// query as it looked the day before, the population, their base features
// and what they voted (-1: no vote).
type rcCase struct {
	r      int
	q      query
	pop    []int
	rows   [][]float64
	labels []int8
}

// caseFor builds (once) the case of roll call r.
func (f *featurizer) caseFor(r int) *rcCase {
	if c, ok := f.cases[r]; ok {
		return c
	}
	h := f.h
	rc := h.rcs[r]
	q := query{day: rc.day, date: rc.Date, terms: rc.terms, titleTerms: rc.titleTerms, issues: rc.issues, self: r, amendment: rc.Amendment, paragraph: rc.Paragraph}
	q.similar = f.analogues(r)
	targets, benefs := f.roles(r)
	q.targets, q.benefs = slices.Clone(targets), slices.Clone(benefs)
	q.pinned = map[int]float64{}
	// Sponsors are known before the vote (the UN's files record them from
	// 2019 on) and vote for their draft, as a motion's sponsors are taken to.
	for _, code := range rc.Sponsors {
		if c, ok := h.idx[code]; ok && !slices.Contains(q.targets, c) && !slices.Contains(q.sponsors, c) {
			q.sponsors = append(q.sponsors, c)
			q.pinned[c] = 1
		}
	}
	for _, t := range q.targets {
		q.pinned[t] = -1
	}
	mem := h.members(rc.day)
	var pop []int
	var labels []int8
	for c := range h.codes {
		v := h.votes[r][c]
		if mem[c] || v != cNone {
			pop = append(pop, c)
			labels = append(labels, v-1)
		}
	}
	cs := &rcCase{r: r, q: q, pop: pop, labels: labels}
	cs.rows = f.rows(&cs.q, pop)
	f.cases[r] = cs
	return cs
}

// minParallelCases is the least number of cases to build worth starting
// other featurizers for: each fills its own caches from nothing.
const minParallelCases = 200

// buildCases builds the cases of the roll calls rs not built yet, spread
// over the configured workers. The featurizer fills its caches as it goes
// and is not safe for concurrent use, so each worker but the first builds
// its share with a featurizer of its own over the same History, and its
// cases are then handed to f. A case is a function of its roll call and
// the History alone (the caches only remember what was computed), so
// which worker builds it changes no bit of it; the workers take runs of
// consecutive roll calls, whose sessions and windows their caches share.
func (f *featurizer) buildCases(rs []int) {
	var todo []int
	for _, r := range rs {
		if _, ok := f.cases[r]; !ok {
			todo = append(todo, r)
		}
	}
	workers := f.cfg.workers()
	if len(todo) < minParallelCases {
		workers = 1
	}
	f.buildSpread(todo, workers)
}

// buildSpread is buildCases' work: the cases of todo, built by workers.
func (f *featurizer) buildSpread(todo []int, workers int) {
	if workers <= 1 {
		for _, r := range todo {
			f.caseFor(r)
		}
		return
	}
	var mu sync.Mutex
	var others []*featurizer
	parallel(len(todo), workers, func(lo, hi int) {
		g := f
		if lo > 0 {
			g = newFeaturizer(f.h, f.cfg)
			mu.Lock()
			others = append(others, g)
			mu.Unlock()
		}
		for _, r := range todo[lo:hi] {
			g.caseFor(r)
		}
	})
	for _, g := range others {
		for r, c := range g.cases {
			if _, ok := f.cases[r]; !ok {
				f.cases[r] = c
			}
		}
	}
}

// edge is a weighted tie to a partner.
type edge struct {
	to int
	w  float64
}

// tieEdges returns each state's ties that carry its partners' stances to
// it, from the dyadic panel (measures.Panel.Edges: bilateral security ties,
// arms suppliers' and trade partners' shares). They are cached by the
// panel's epoch: days of a year with the same dated treaties share them,
// and explaining one prediction asks for the same day once per state. The
// epoch of each day is kept too: finding it scans every tie, and a fit
// asks for the days of its roll calls once per stage.
func (f *featurizer) tieEdges(cut int32) map[int][]edge {
	if out, ok := f.edgesOn[cut]; ok {
		return out
	}
	key := f.h.panel.EdgeEpoch(cut)
	out, ok := f.edges[key]
	if !ok {
		out = map[int][]edge{}
		for c, es := range f.h.panel.Edges(cut) {
			for _, e := range es {
				out[c] = append(out[c], edge{e.To, e.Weight})
			}
		}
		f.edges[key] = out
	}
	f.edgesOn[cut] = out
	return out
}

// peerFeatures fills the partner features of rows from first-stage stances
// s (p_yes − p_no per pop member, pinned where known).
func (f *featurizer) peerFeatures(q *query, pop []int, rows [][]float64, s []float64) {
	w := f.window(q.day)
	pos := make(map[int]int, len(pop))
	for k, c := range pop {
		pos[c] = k
	}
	edges := f.tieEdges(q.day)
	for k, c := range pop {
		var num, den float64
		taken := 0
		for _, p := range w.partnersOf(c) {
			l, ok := pos[p.j]
			if !ok {
				continue
			}
			wt := math.Pow(p.a, f.cfg.PeerPower)
			num += wt * s[l]
			den += wt
			if taken++; taken == f.cfg.Partners {
				break
			}
		}
		rows[k][fPeerAlign] = 0
		if den > 0 {
			rows[k][fPeerAlign] = num / den
		}
		num, den = 0, 0
		for _, e := range edges[c] {
			if l, ok := pos[e.to]; ok && e.to != c {
				num += e.w * s[l]
				den += e.w
			}
		}
		rows[k][fPeerTies] = num / (den + f.cfg.PeerTieDamping)
	}
}

// stances runs the first stage over a population and returns p_yes − p_no
// per member, with pinned states set to their known stance.
func stances(m1 *mnl, q *query, pop []int, rows [][]float64) []float64 {
	s := make([]float64, len(pop))
	for k, c := range pop {
		if v, ok := q.pinned[c]; ok {
			s[k] = v
			continue
		}
		p := m1.probs(rows[k], 0)
		s[k] = p[0] - p[2]
	}
	return s
}

// caseStances runs stances over every case, the cases spread over the
// configured workers: the first stage reads only the base features, which
// nothing writes meanwhile, and each case's stances are its own.
func (f *featurizer) caseStances(m1 *mnl, cs []*rcCase) [][]float64 {
	out := make([][]float64, len(cs))
	parallel(len(cs), f.cfg.workers(), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			out[k] = stances(m1, &cs[k].q, cs[k].pop, cs[k].rows)
		}
	})
	return out
}

// keepMap is the configured map of the odds of keeping a same-series vote.
func (c Config) keepMap() keepMap { return keepMap{Bias: c.KeepBias, Scale: c.KeepScale} }

// model is the two-stage predictor: the first stage predicts from a state's
// own record and ties; the second adds what its partners are expected to do.
// The second stage's temperature is fitted per regime (regimeTemp, 0: the
// pooled one), since the model is over- or under-confident in different
// ways on repeats, loose analogues and targeted motions.
type model struct {
	stage1, stage2 *mnl
	regimeTemp     [nRegimes]float64
	// calib are the regimes' calibration maps (calibrate.go), fitted on
	// the out-of-sample predictions of the years before the cut.
	calib [nRegimes]calib
	// keep is the configured map of the odds of keeping a same-series
	// vote (Config.KeepBias, KeepScale): configuration, not fitted, so
	// not saved with the model (the configuration is part of its key).
	keep keepMap
}

// Regimes are the kinds of motion calibrated and reported apart.
const (
	RegimeSeries   = iota // the top analogue is of the motion's own series
	RegimeLoose           // only loose analogues, or none
	RegimeTargeted        // the motion names a target
	nRegimes
)

// RegimeNames name the regimes in reports.
var RegimeNames = [nRegimes]string{"same-series", "loose-analogue", "targeted"}

// loose reports whether the query's most similar analogue, if any, is
// not of its own series: the backtest's loose-analogue subset.
func (q *query) loose() bool { return len(q.similar) == 0 || !q.similar[0].series }

// regime is the query's regime: targeted first, then by its top analogue.
func (q *query) regime() int {
	switch {
	case len(q.targets) > 0:
		return RegimeTargeted
	case len(q.similar) > 0 && q.similar[0].series:
		return RegimeSeries
	}
	return RegimeLoose
}

// stage2For is the second stage with the query's regime temperature and
// calibration map: what every prediction, explanation and scenario uses.
func (m *model) stage2For(q *query) *mnl {
	c := m.stage2Raw(q)
	if cal := m.calib[q.regime()]; !cal.identity() {
		cc := *c
		cc.cal = cal
		return &cc
	}
	return c
}

// stage2Raw is the second stage with the regime temperature but without
// the calibration map: the probabilities the maps are fitted on.
func (m *model) stage2Raw(q *query) *mnl {
	t := m.regimeTemp[q.regime()]
	if t <= 0 && m.keep.identity() {
		return m.stage2
	}
	c := *m.stage2
	if t > 0 {
		c.temp = t
	}
	c.keep = m.keep
	return &c
}

var (
	colsBase = seq(0, nBase)
	colsFull = seq(0, nFeatures)
)

func seq(a, b int) []int {
	out := make([]int, 0, b-a)
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}

// trainSet gathers the labelled rows of roll calls dated in [from, to).
func (f *featurizer) trainSet(from, to int32) []*rcCase {
	var rs []int
	for r := range f.h.rcs {
		if d := f.h.rcs[r].day; d >= from && d < to {
			rs = append(rs, r)
		}
	}
	f.buildCases(rs)
	out := make([]*rcCase, len(rs))
	for k, r := range rs {
		out[k] = f.caseFor(r)
	}
	return out
}

// labelled collects the rows of cases that carry a vote, those of loose
// cases (query.loose) looseWeight times, subsampled with a seeded
// generator when over the cap.
func labelled(cases []*rcCase, limit int, seed uint64, looseWeight int) ([][]float64, []int8) {
	var X [][]float64
	var y []int8
	for _, c := range cases {
		times := 1
		if c.q.loose() {
			times = looseWeight
		}
		for range times {
			for k, l := range c.labels {
				if l >= 0 {
					X = append(X, c.rows[k])
					y = append(y, l)
				}
			}
		}
	}
	if len(X) > limit {
		rng := rand.New(rand.NewPCG(seed, 0x636f616c))
		idx := rng.Perm(len(X))[:limit]
		sort.Ints(idx)
		X2, y2 := make([][]float64, limit), make([]int8, limit)
		for i, j := range idx {
			X2[i], y2[i] = X[j], y[j]
		}
		X, y = X2, y2
	}
	return X, y
}

// fitModel fits both stages on roll calls before the cut: first on all but
// the last ValidationYears, so that the temperatures can be fitted on those
// held-out years, then on everything with those settings. The decision
// thresholds keep their configured values; NewEngine and Backtest tune them.
func (f *featurizer) fitModel(ctx context.Context, cut int32) (*model, error) {
	from := dayNum(fromDay(cut).AddDate(-f.cfg.TrainYears, 0, 0))
	cases := f.trainSet(from, cut)
	if len(cases) == 0 {
		return nil, fmt.Errorf("fit: no recorded roll calls in the %d years before %s: %w", f.cfg.TrainYears, fromDay(cut).Format(entente.DateLayout), entente.ErrNotFound)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The held-out years: the last ValidationYears with roll calls before
	// the cut. One year proved too few to tune the decision rule stably.
	lastDay := f.h.rcs[cases[len(cases)-1].r].day
	split := lastDay - int32(365*f.cfg.ValidationYears)
	var early, late []*rcCase
	for _, c := range cases {
		if c.q.day <= split {
			early = append(early, c)
		} else {
			late = append(late, c)
		}
	}
	fitOn := func(cs []*rcCase) (*model, error) {
		X, y := labelled(cs, f.cfg.MaxTrainRows, f.cfg.Seed, f.cfg.LooseWeight)
		m1, err := f.fitWarm("stage1", X, y, colsBase)
		if err != nil {
			return nil, err
		}
		m1.clampTies()
		for k, s := range f.caseStances(m1, cs) {
			f.peerFeatures(&cs[k].q, cs[k].pop, cs[k].rows, s)
		}
		X, y = labelled(cs, f.cfg.MaxTrainRows, f.cfg.Seed, f.cfg.LooseWeight)
		m2, err := f.fitWarm("stage2", X, y, colsFull)
		if err != nil {
			return nil, err
		}
		m2.clampTies()
		return &model{stage1: m1, stage2: m2}, nil
	}
	temp := 1.0
	temp1 := 1.0
	var regimeTemp [nRegimes]float64
	if len(early) > 0 && len(late) > 0 {
		m, err := fitOn(early)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Calibrate the first stage too: its stances feed the second.
		X1, y1 := labelled(late, f.cfg.MaxTrainRows, f.cfg.Seed, 1)
		m.stage1.fitTemperature(X1, y1, f.cfg.workers())
		temp1 = m.stage1.temp
		for k, s := range f.caseStances(m.stage1, late) {
			f.peerFeatures(&late[k].q, late[k].pop, late[k].rows, s)
		}
		X, y := labelled(late, f.cfg.MaxTrainRows, f.cfg.Seed, 1)
		m.stage2.fitTemperature(X, y, f.cfg.workers())
		temp = m.stage2.temp
		// Then one temperature per regime with rows enough to fit it.
		var byRegime [nRegimes][]*rcCase
		for _, c := range late {
			byRegime[c.q.regime()] = append(byRegime[c.q.regime()], c)
		}
		for r, cs := range byRegime {
			X, y := labelled(cs, f.cfg.MaxTrainRows, f.cfg.Seed, 1)
			if len(X) < f.cfg.MinRegimeRows {
				continue
			}
			m.stage2.fitTemperature(X, y, f.cfg.workers())
			regimeTemp[r] = m.stage2.temp
		}
		m.stage2.temp = temp
	}
	m, err := fitOn(cases)
	if err != nil {
		return nil, err
	}
	m.stage1.temp = temp1
	m.stage2.temp, m.stage2.rule = temp, defaultRule(f.cfg)
	m.regimeTemp = regimeTemp
	m.keep = f.cfg.keepMap()
	return m, nil
}

// predictCase runs both stages over a case; the returned rows carry the
// partner features.
func (m *model) predictCase(f *featurizer, q *query, pop []int, base [][]float64) ([][3]float64, [][]float64) {
	return m.predictWith(m.stage2For(q), f, q, pop, base)
}

// predictCaseRaw is predictCase without the calibration map: the
// probabilities the maps and the decision rule are fitted on, as records
// (model.calib maps them).
func (m *model) predictCaseRaw(f *featurizer, q *query, pop []int, base [][]float64) ([][3]float64, [][]float64) {
	return m.predictWith(m.stage2Raw(q), f, q, pop, base)
}

func (m *model) predictWith(m2 *mnl, f *featurizer, q *query, pop []int, base [][]float64) ([][3]float64, [][]float64) {
	rows := make([][]float64, len(base))
	for k := range base {
		rows[k] = slices.Clone(base[k])
	}
	f.peerFeatures(q, pop, rows, stances(m.stage1, q, pop, rows))
	ps := make([][3]float64, len(rows))
	for k := range rows {
		ps[k] = m2.probs(rows[k], 0)
	}
	return ps, rows
}

// Engine predicts motions as of one day, from a History and a model fitted
// only on roll calls before that day.
type Engine struct {
	cfg   Config
	h     *History
	f     *featurizer
	asof  time.Time
	model *model
	// tradeEv caches the evidence of trade flows by partner and year.
	tradeEv map[[2]int]map[string][]entente.Evidence
	// lastQ and lastM are the query and motion context rowFor last built.
	lastQ *query
	lastM *motionCtx
}

// NewEngine fits the engine's model on the roll calls recorded before its
// FitDay (the first day of the as-of year, or of the year after the last
// roll call when the data end earlier), and tunes its decision thresholds
// on out-of-sample predictions of the RuleYears years before (one more fit per year, as a backtest would).
// The History must not hold anything dated on or after asof that the
// features could see; Load with Until = asof guarantees it.
func NewEngine(ctx context.Context, h *History, asof time.Time, cfg Config) (*Engine, error) {
	return newEngine(ctx, h, asof, cfg, nil)
}

// EngineFits is how many model fits NewEngine makes: one for each of the
// RuleYears years whose out-of-sample predictions tune the decision rule,
// and the year's own. A progress display counts them (a fit is most of
// the time an engine takes to build).
func EngineFits(cfg Config) int { return cfg.RuleYears + 1 }

// newEngine is NewEngine telling fitted, when set, as each of its
// EngineFits fits ends (a year skipped for want of roll calls counts as
// done), so that a display can show the count and a time left.
func newEngine(ctx context.Context, h *History, asof time.Time, cfg Config, fitted func()) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if asof.After(h.Until) {
		return nil, fmt.Errorf("engine: as-of %s is after the snapshot's cut %s: %w", asof.Format(entente.DateLayout), h.Until.Format(entente.DateLayout), entente.ErrInvalid)
	}
	f := newFeaturizer(h, cfg)
	f.fitted = fitted
	fit := dayNum(h.fitDay(asof))
	// Every roll call of the rule years and of their training years gets a
	// case: build them all at once, on every core.
	first := dayNum(fromDay(fit).AddDate(-cfg.RuleYears-cfg.TrainYears, 0, 0))
	var rs []int
	for r, rc := range h.rcs {
		if rc.day >= first && rc.day < fit {
			rs = append(rs, r)
		}
	}
	f.buildCases(rs)
	// The years before come first, as in a backtest, so that the year's
	// own fit starts warm from the year before.
	recs, err := f.pastRecords(ctx, fit)
	if err != nil {
		return nil, err
	}
	m, err := f.fitModel(ctx, fit)
	if err != nil {
		return nil, err
	}
	if fitted != nil {
		fitted()
	}
	m.calib = cfg.calibration(recs)
	m.stage2.rule = tuneRule(calibrated(recs, m.calib), cfg)
	return &Engine{cfg: cfg, h: h, f: f, asof: asof, model: m}, nil
}

// AsOf returns the day the engine predicts from.
func (e *Engine) AsOf() time.Time { return e.asof }

// Weights returns the second-stage weights by feature, for abstain and no
// against yes, in standardised units.
func (e *Engine) Weights() map[string][2]float64 {
	out := map[string][2]float64{}
	m := e.model.stage2
	for j, c := range m.cols {
		out[featureNames[c]] = [2]float64{m.w[0][1+j], m.w[1][1+j]}
	}
	return out
}

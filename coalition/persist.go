package coalition

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"entente"
)

// modelFormat names the layout of a saved model. Change it whenever the
// features, their computation or the decision rule change: a saved model
// from older code must not be read back as if it were current.
const modelFormat = "coalition-mnl/17"

// ModelKey names a fitted model by everything it was derived from: the
// model format and feature list, the configuration, the as-of day and the
// caller's description of the data (source IDs with checksums, the
// registry version). Equal keys mean the refit would give the same model.
func ModelKey(cfg Config, asof time.Time, inputs []string) string {
	h := sha256.New()
	c, _ := json.Marshal(cfg)
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n", modelFormat, strings.Join(featureNames[:], ","), c, asof.UTC().Format(entente.DateLayout))
	for _, in := range inputs {
		fmt.Fprintf(h, "%s\n", in)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// savedMNL is one stage in its saved form: columns by feature name, so that
// a reordered feature list cannot be misread.
type savedMNL struct {
	Columns     []string     `json:"columns"`
	Mean        []float64    `json:"mean"`
	SD          []float64    `json:"sd"`
	Weights     [2][]float64 `json:"weights"`
	Temperature float64      `json:"temperature"`
	Rule        rule         `json:"rule"`
}

type savedModel struct {
	Format string    `json:"format"`
	AsOf   string    `json:"asof"`
	Stage1 *savedMNL `json:"stage1"`
	Stage2 *savedMNL `json:"stage2"`
	// RegimeTemps are the second stage's temperatures by regime (0: the
	// pooled one).
	RegimeTemps [nRegimes]float64 `json:"regime_temps"`
	// Calibration are the regimes' calibration maps (calibrate.go).
	Calibration [nRegimes]calib `json:"calibration"`
}

func (m *mnl) save() *savedMNL {
	s := &savedMNL{Mean: m.mean, SD: m.sd, Weights: m.w, Temperature: m.temp, Rule: m.rule}
	for _, c := range m.cols {
		s.Columns = append(s.Columns, featureNames[c])
	}
	return s
}

func (s *savedMNL) load() (*mnl, error) {
	if s == nil {
		return nil, fmt.Errorf("saved model: stage missing: %w", entente.ErrInvalid)
	}
	n := len(s.Columns)
	if len(s.Mean) != n || len(s.SD) != n || len(s.Weights[0]) != n+1 || len(s.Weights[1]) != n+1 || s.Temperature <= 0 {
		return nil, fmt.Errorf("saved model: %d columns with %d means, %d deviations, %d and %d weights, temperature %v: %w",
			n, len(s.Mean), len(s.SD), len(s.Weights[0]), len(s.Weights[1]), s.Temperature, entente.ErrInvalid)
	}
	m := &mnl{mean: s.Mean, sd: s.SD, w: s.Weights, temp: s.Temperature, rule: s.Rule}
	for _, name := range s.Columns {
		c := slices.Index(featureNames[:], name)
		if c < 0 {
			return nil, fmt.Errorf("saved model: unknown feature %q: %w", name, entente.ErrInvalid)
		}
		m.cols = append(m.cols, c)
	}
	return m, nil
}

// MarshalModel returns the engine's fitted model in the form
// NewEngineFromModel reads back.
func (e *Engine) MarshalModel() ([]byte, error) {
	s := savedModel{Format: modelFormat, AsOf: e.h.fitDay(e.asof).Format(entente.DateLayout), Stage1: e.model.stage1.save(), Stage2: e.model.stage2.save(), RegimeTemps: e.model.regimeTemp, Calibration: e.model.calib}
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("save model: %w", err)
	}
	return b, nil
}

// readSaved parses a saved model and checks that it is of the current
// format and fitted as of fit; ErrInvalid says it is not.
func readSaved(body []byte, fit time.Time) (savedModel, error) {
	var s savedModel
	if err := json.Unmarshal(body, &s); err != nil {
		return savedModel{}, fmt.Errorf("saved model: %v: %w", err, entente.ErrInvalid)
	}
	if day := fit.Format(entente.DateLayout); s.Format != modelFormat || s.AsOf != day {
		return savedModel{}, fmt.Errorf("saved model: format %q fitted as of %s, want %q as of %s: %w", s.Format, s.AsOf, modelFormat, day, entente.ErrInvalid)
	}
	return s, nil
}

// NewEngineFromModel builds an engine around a model saved by MarshalModel
// for the same as-of day, skipping the fit. It returns ErrInvalid when the
// saved model is unreadable, of another format or for another day; callers
// then fit afresh with NewEngine.
func NewEngineFromModel(h *History, asof time.Time, cfg Config, saved []byte) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s, err := readSaved(saved, h.fitDay(asof))
	if err != nil {
		return nil, err
	}
	if asof.After(h.Until) {
		return nil, fmt.Errorf("engine: as-of %s is after the snapshot's cut %s: %w", asof.Format(entente.DateLayout), h.Until.Format(entente.DateLayout), entente.ErrInvalid)
	}
	m1, err := s.Stage1.load()
	if err != nil {
		return nil, err
	}
	m2, err := s.Stage2.load()
	if err != nil {
		return nil, err
	}
	for g, c := range s.Calibration {
		if !c.identity() && (c.Scale[0] <= 0 || c.Scale[1] <= 0) {
			return nil, fmt.Errorf("saved model: regime %s calibration scales %v: want positive: %w", RegimeNames[g], c.Scale, entente.ErrInvalid)
		}
	}
	m := &model{stage1: m1, stage2: m2, regimeTemp: s.RegimeTemps, calib: s.Calibration, keep: cfg.keepMap()}
	return &Engine{cfg: cfg, h: h, f: newFeaturizer(h, cfg), asof: asof, model: m}, nil
}

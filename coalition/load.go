package coalition

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"entente"
)

// ModelArtifact is the artifact kind under which fitted models are saved,
// and KeptModels how many of them a store keeps.
const (
	ModelArtifact = "coalition-model"
	KeptModels    = 20
)

// EngineOptions say which engine LoadEngine builds.
type EngineOptions struct {
	// AsOf is the day the engine predicts from; nothing dated on or after
	// it is used. Required.
	AsOf time.Time
	// Config tunes the engine; the zero value means DefaultConfig.
	Config *Config
	// Refit fits a new model even when one saved for the same key exists.
	Refit bool
	// Clock dates saved models; nil means the system clock.
	Clock entente.Clock
	// Logger receives timings and warnings (a damaged saved model); nil
	// discards them.
	Logger *slog.Logger
	// Step, when set, is told as each long step (loading, fitting)
	// starts, and returns the function to call when it ends: the CLI
	// shows the steps on a terminal.
	Step func(name string) (end func())
	// Fits, when set, is told as the model fitting starts, with the
	// number of fits it will make (EngineFits), and returns the function
	// to call as each fit ends and the one to call when all have; the CLI
	// shows the count and the time left. Without it fitting is one Step.
	Fits func(name string, total int) (fitted func(), end func())
	// Cache, when set, keeps built engines in memory: a server answering
	// many questions about the same day and data builds the engine once.
	Cache *EngineCache
}

// step starts a named step through opts.Step, if set.
func (o EngineOptions) step(name string) (end func()) {
	if o.Step == nil {
		return func() {}
	}
	return o.Step(name)
}

// EngineCache keeps the engines LoadEngine built, by everything they rest
// on (configuration, as-of day, data fingerprint), the most recent few.
// It is safe for concurrent use; an Engine itself is not, so callers that
// predict concurrently serialise their calls on one engine.
type EngineCache struct {
	mu      sync.Mutex
	keep    int
	order   []string
	engines map[string]*Engine
}

// NewEngineCache returns a cache keeping at most keep engines (at least 1).
func NewEngineCache(keep int) *EngineCache {
	return &EngineCache{keep: max(1, keep), engines: map[string]*Engine{}}
}

func (c *EngineCache) get(key string) (*Engine, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.engines[key]
	return e, ok
}

func (c *EngineCache) put(key string, e *Engine) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.engines[key]; !ok {
		c.order = append(c.order, key)
	}
	c.engines[key] = e
	for len(c.order) > c.keep {
		delete(c.engines, c.order[0])
		c.order = c.order[1:]
	}
}

// Validate reports options that cannot work.
func (o EngineOptions) Validate() error {
	if o.AsOf.IsZero() {
		return fmt.Errorf("engine: as-of day is required: %w", entente.ErrInvalid)
	}
	if o.Config != nil {
		return o.Config.Validate()
	}
	return nil
}

// NoRollCallsError is the error of a prediction for a day before which the
// store holds no roll calls; callers that look before loading say the same.
func NoRollCallsError(day time.Time) error {
	return fmt.Errorf("no recorded UN roll calls before %s: import the UN votes first (entente import PATH/unga-unvotes): %w", day.Format(entente.DateLayout), entente.ErrNotFound)
}

// LoadEngine loads the store's snapshot cut at opts.AsOf and builds the
// engine on it: from the model saved for that day, configuration and data
// when there is one (unless Refit), else by fitting and saving the fit in
// the store. The CLI and the HTTP server both build engines through it.
// It returns ErrNotFound when the store holds no roll call before the day
// and ErrInvalid for bad options; storage errors are wrapped.
func LoadEngine(ctx context.Context, st entente.Store, reg Registry, opts EngineOptions) (*Engine, error) {
	b, err := engineBasis(ctx, st, opts)
	if err != nil {
		return nil, err
	}
	return loadEngine(ctx, st, reg, opts, b)
}

// basis is what an engine for some options rests on: the configuration,
// the fit day of the model and the data's fingerprint.
type basis struct {
	cfg    Config
	fit    time.Time
	inputs []string
}

// engineBasis validates opts and reads the basis of its engine from the
// store.
func engineBasis(ctx context.Context, st entente.Store, opts EngineOptions) (basis, error) {
	if err := opts.Validate(); err != nil {
		return basis{}, err
	}
	b := basis{cfg: DefaultConfig()}
	if opts.Config != nil {
		b.cfg = *opts.Config
	}
	var err error
	if b.inputs, err = DataFingerprint(ctx, st); err != nil {
		return basis{}, err
	}
	if b.fit, err = storeFitDay(ctx, st, opts.AsOf); err != nil {
		return basis{}, err
	}
	return b, nil
}

// loadEngine is LoadEngine on a basis read already.
func loadEngine(ctx context.Context, st entente.Store, reg Registry, opts EngineOptions, b basis) (*Engine, error) {
	cfg, fit, inputs := b.cfg, b.fit, b.inputs
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var clock entente.Clock = entente.SystemClock{}
	if opts.Clock != nil {
		clock = opts.Clock
	}
	day := opts.AsOf
	cacheKey := ModelKey(cfg, day, inputs)
	if e, ok := opts.Cache.get(cacheKey); ok && !opts.Refit {
		return e, nil
	}
	t0 := time.Now()
	end := opts.step("loading roll calls and ties")
	h, err := Load(ctx, st, reg, cfg.Loading(cfg.LoadFrom(fit), day))
	end()
	if err != nil {
		return nil, err
	}
	if h.RollCalls() == 0 {
		return nil, NoRollCallsError(day)
	}
	log.Debug("loaded snapshot", "rollcalls", h.RollCalls(), "elapsed", time.Since(t0))
	// Every day of a year, and every day after the data's end, shares the
	// model fitted as of its fit day.
	key := ModelKey(cfg, fit, inputs)
	if !opts.Refit {
		a, err := st.Artifact(ctx, ModelArtifact, key)
		switch {
		case err == nil:
			eng, err := NewEngineFromModel(h, day, cfg, a.Body)
			if err == nil {
				log.Debug("reused saved model", "key", key[:12], "saved", a.Created)
				opts.Cache.put(cacheKey, eng)
				return eng, nil
			}
			log.Warn("saved model unusable; fitting anew", "err", err)
		case !errors.Is(err, entente.ErrNotFound):
			return nil, fmt.Errorf("read saved model: %w", err)
		}
	}
	t0 = time.Now()
	name := fmt.Sprintf("fitting the model on %d roll calls", h.RollCalls())
	var fitted func()
	if opts.Fits != nil {
		fitted, end = opts.Fits(name, EngineFits(cfg))
	} else {
		end = opts.step(name)
	}
	eng, err := newEngine(ctx, h, day, cfg, fitted)
	end()
	if err != nil {
		return nil, err
	}
	log.Debug("fitted model", "elapsed", time.Since(t0))
	body, err := eng.MarshalModel()
	if err != nil {
		return nil, err
	}
	err = st.Update(ctx, func(tx entente.Tx) error {
		return tx.PutArtifact(ctx, entente.Artifact{Kind: ModelArtifact, Key: key, Created: clock.Now().UTC(), Body: body}, KeptModels)
	})
	if err != nil {
		return nil, fmt.Errorf("save model: %w", err)
	}
	opts.Cache.put(cacheKey, eng)
	return eng, nil
}

// PrepareModel makes sure the model that questions as of opts.AsOf use is
// saved in the store: it fits and saves it unless a readable one is saved
// already (or opts.Refit asks for a new fit). It returns the model's fit
// day (every day from it to the next first of January, or on after the
// data's end, shares the model: FitDay) and whether it fitted. A fitted
// model is derived data, like an index: import calls this after storing
// new data, so that an analyst's first question afterwards reads the model
// instead of waiting for the fit. It returns ErrNotFound when the store
// holds no roll call before the day, like LoadEngine.
func PrepareModel(ctx context.Context, st entente.Store, reg Registry, opts EngineOptions) (fit time.Time, fitted bool, err error) {
	b, err := engineBasis(ctx, st, opts)
	if err != nil {
		return time.Time{}, false, err
	}
	if !opts.Refit {
		a, err := st.Artifact(ctx, ModelArtifact, ModelKey(b.cfg, b.fit, b.inputs))
		switch {
		case err == nil:
			if _, err := readSaved(a.Body, b.fit); err == nil {
				return b.fit, false, nil
			}
		case !errors.Is(err, entente.ErrNotFound):
			return time.Time{}, false, fmt.Errorf("read saved model: %w", err)
		}
	}
	if _, err := loadEngine(ctx, st, reg, opts, b); err != nil {
		return time.Time{}, false, err
	}
	return b.fit, true, nil
}

// DataFingerprint describes the stored data a model is fitted on: every
// source with its checksum and the registry version. A new import, a newer
// release or an edited registry changes it, and with it the model key.
func DataFingerprint(ctx context.Context, r entente.Reader) ([]string, error) {
	srcs, err := r.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("fingerprint: %w", err)
	}
	out := make([]string, 0, len(srcs)+1)
	for _, s := range srcs {
		out = append(out, s.ID+" "+s.Checksum)
	}
	v, err := r.RegistryVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("fingerprint: %w", err)
	}
	return append(out, "registry "+v), nil
}

// storeFitDay is FitDay of asof with the store's last roll call before it,
// which LoadEngine needs before loading: the snapshot reaches back from
// the fit day. Only the roll calls of the as-of year and the one before
// are read when there are any, since then the fit day is the as-of year's.
func storeFitDay(ctx context.Context, r entente.Reader, asof time.Time) (time.Time, error) {
	recent := entente.Day(asof.Year()-1, time.January, 1)
	for _, from := range []time.Time{recent, {}} {
		rcs, err := r.RollCalls(ctx, entente.RollCallFilter{From: from, To: asof})
		if err != nil {
			return time.Time{}, fmt.Errorf("fit day: %w", err)
		}
		var last time.Time
		for _, rc := range rcs {
			if rc.Date.Before(asof) && rc.Date.After(last) {
				last = rc.Date
			}
		}
		if !last.IsZero() {
			return FitDay(asof, last), nil
		}
	}
	return FitDay(asof, time.Time{}), nil
}

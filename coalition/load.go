package coalition

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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

// LoadEngine loads the store's snapshot cut at opts.AsOf and builds the
// engine on it: from the model saved for that day, configuration and data
// when there is one (unless Refit), else by fitting and saving the fit in
// the store. The CLI and the HTTP server both build engines through it.
// It returns ErrNotFound when the store holds no roll call before the day
// and ErrInvalid for bad options; storage errors are wrapped.
func LoadEngine(ctx context.Context, st entente.Store, reg Registry, opts EngineOptions) (*Engine, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	cfg := DefaultConfig()
	if opts.Config != nil {
		cfg = *opts.Config
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var clock entente.Clock = entente.SystemClock{}
	if opts.Clock != nil {
		clock = opts.Clock
	}
	day := opts.AsOf
	t0 := time.Now()
	h, err := Load(ctx, st, reg, LoadConfig{From: cfg.LoadFrom(day), Until: day, Panel: cfg.Panel})
	if err != nil {
		return nil, err
	}
	if h.RollCalls() == 0 {
		return nil, fmt.Errorf("no recorded UN roll calls before %s: import the UN votes first (entente import PATH/unga-unvotes): %w", day.Format(entente.DateLayout), entente.ErrNotFound)
	}
	log.Debug("loaded snapshot", "rollcalls", h.RollCalls(), "elapsed", time.Since(t0))
	inputs, err := DataFingerprint(ctx, st)
	if err != nil {
		return nil, err
	}
	key := ModelKey(cfg, day, inputs)
	if !opts.Refit {
		a, err := st.Artifact(ctx, ModelArtifact, key)
		switch {
		case err == nil:
			eng, err := NewEngineFromModel(h, day, cfg, a.Body)
			if err == nil {
				log.Debug("reused saved model", "key", key[:12], "saved", a.Created)
				return eng, nil
			}
			log.Warn("saved model unusable; fitting anew", "err", err)
		case !errors.Is(err, entente.ErrNotFound):
			return nil, fmt.Errorf("read saved model: %w", err)
		}
	}
	t0 = time.Now()
	eng, err := NewEngine(ctx, h, day, cfg)
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
	return eng, nil
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

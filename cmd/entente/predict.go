package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entente"
	"entente/coalition"
	"entente/curated"

	"github.com/spf13/cobra"
)

func init() { register(predictCommand) }

// predictCommand forecasts every UN member's vote on a motion as of a day,
// each with its probabilities and reasons.
func predictCommand(m *Main) *cobra.Command {
	var motionPath, asof string
	var refit bool
	cmd := &cobra.Command{
		Use:   "predict --motion FILE [--asof YYYY-MM-DD]",
		Short: "Predict every UN member's vote on a motion, with reasons and evidence",
		Long: `Reads a motion file (JSON or YAML: id, title, date, text, kind, targets,
beneficiaries, sponsors, issues, similar) and predicts, for every UN member on
the --asof day (default: the motion's date), the probabilities of yes, abstain
and no, the predicted stance and the reasons behind it, each pointing at its
evidence. Nothing dated on or after --asof is used: votes, ideal points of
sessions holding such votes, ties, events and curated facts. The model is
fitted on the recorded roll calls of the ten years before --asof and saved in
the store; later runs for the same day and data reuse it (--refit fits anew).`,
		Example: `  entente predict --motion motions/dprk-troops-2024.yaml
  entente predict --motion motions/dprk-troops-2024.yaml --asof 2024-11-15 --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			eng, mo, err := m.coalitionEngine(cmd.Context(), motionPath, asof, refit)
			if err != nil {
				return err
			}
			p, err := eng.Predict(cmd.Context(), mo)
			if err != nil {
				return fmt.Errorf("predict: %w", err)
			}
			return predictionTable(p, m.Config.Format).write(m.Stdout, m.Config.Format)
		},
	}
	cmd.Flags().StringVar(&motionPath, "motion", "", "motion file, JSON or YAML (required)")
	cmd.Flags().StringVar(&asof, "asof", "", "predict as of this day, YYYY-MM-DD (default: the motion's date)")
	cmd.Flags().BoolVar(&refit, "refit", false, "fit the model afresh even when one saved for this day and data exists")
	return cmd
}

// modelArtifact is the kind under which fitted coalition models are saved,
// and keptModels how many of them the store keeps.
const (
	modelArtifact = "coalition-model"
	keptModels    = 20
)

// coalitionEngine reads the motion, loads the store's snapshot cut at the
// as-of day and builds the engine on it: from the model saved for that day
// and data when there is one (unless refit), else by fitting and saving.
func (m *Main) coalitionEngine(ctx context.Context, motionPath, asof string, refit bool) (*coalition.Engine, coalition.Motion, error) {
	if strings.TrimSpace(motionPath) == "" {
		return nil, coalition.Motion{}, &entente.UsageError{Msg: "--motion is required", Hint: "entente predict --motion motions/dprk-troops-2024.yaml"}
	}
	on, err := parseDateFlag("asof", asof)
	if err != nil {
		return nil, coalition.Motion{}, err
	}
	mo, err := coalition.LoadMotion(motionPath)
	if err != nil {
		return nil, coalition.Motion{}, err
	}
	day := mo.Date
	if !on.IsZero() {
		day = on.Time
	}
	reg, err := m.Registry()
	if err != nil {
		return nil, mo, err
	}
	s, err := m.ReadStore(ctx)
	if err != nil {
		return nil, mo, err
	}
	if _, err := curated.Ensure(ctx, s); err != nil {
		return nil, mo, err
	}
	cfg := coalition.DefaultConfig()
	t0 := time.Now()
	loading := m.Progress().Busy("loading roll calls and ties")
	h, err := coalition.Load(ctx, s, reg, coalition.LoadConfig{
		From:  cfg.LoadFrom(day),
		Until: day,
	})
	loading.Done()
	if err != nil {
		return nil, mo, err
	}
	if h.RollCalls() == 0 {
		return nil, mo, fmt.Errorf("no recorded UN roll calls before %s: import the UN votes first (entente import PATH/unga-unvotes): %w", day.Format(entente.DateLayout), entente.ErrNotFound)
	}
	m.Logger.Debug("loaded snapshot", "rollcalls", h.RollCalls(), "elapsed", time.Since(t0))
	inputs, err := dataFingerprint(ctx, s)
	if err != nil {
		return nil, mo, err
	}
	key := coalition.ModelKey(cfg, day, inputs)
	if !refit {
		a, err := s.Artifact(ctx, modelArtifact, key)
		switch {
		case err == nil:
			eng, err := coalition.NewEngineFromModel(h, day, cfg, a.Body)
			if err == nil {
				m.Logger.Debug("reused saved model", "key", key[:12], "saved", a.Created)
				return eng, mo, nil
			}
			m.Logger.Warn("saved model unusable; fitting anew", "err", err)
		case !errors.Is(err, entente.ErrNotFound):
			return nil, mo, fmt.Errorf("read saved model: %w", err)
		}
	}
	t0 = time.Now()
	fitting := m.Progress().Busy(fmt.Sprintf("fitting the model on %d roll calls (a minute or two)", h.RollCalls()))
	eng, err := coalition.NewEngine(ctx, h, day, cfg)
	fitting.Done()
	if err != nil {
		return nil, mo, err
	}
	m.Logger.Debug("fitted model", "elapsed", time.Since(t0))
	body, err := eng.MarshalModel()
	if err != nil {
		return nil, mo, err
	}
	err = s.Update(ctx, func(tx entente.Tx) error {
		return tx.PutArtifact(ctx, entente.Artifact{Kind: modelArtifact, Key: key, Created: m.Clock.Now().UTC(), Body: body}, keptModels)
	})
	if err != nil {
		return nil, mo, fmt.Errorf("save model: %w", err)
	}
	return eng, mo, nil
}

// dataFingerprint describes the stored data a model is fitted on: every
// source with its checksum and the registry version. A new import, a newer
// release or an edited registry changes it.
func dataFingerprint(ctx context.Context, r entente.Reader) ([]string, error) {
	srcs, err := r.Sources(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(srcs)+1)
	for _, s := range srcs {
		out = append(out, s.ID+" "+s.Checksum)
	}
	v, err := r.RegistryVersion(ctx)
	if err != nil {
		return nil, err
	}
	return append(out, "registry "+v), nil
}

func fmtProb(p float64) string { return strconv.FormatFloat(p, 'f', 3, 64) }

// reasonsText renders reasons on one line: "factor (+0.52): detail | …".
func reasonsText(rs []coalition.Reason, n int) string {
	var parts []string
	for i, r := range rs {
		if n > 0 && i == n {
			break
		}
		if r.Effect == 0 {
			parts = append(parts, fmt.Sprintf("%s: %s", r.Factor, r.Detail))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s (%+.2f): %s", r.Factor, r.Effect, r.Detail))
	}
	return strings.Join(parts, " | ")
}

func predictionTable(p *coalition.Prediction, format string) table {
	t := table{Header: []string{"country", "p_yes", "p_abstain", "p_no", "predicted", "reasons"}, Records: p}
	if format == "table" || format == "" {
		t.Header = []string{"country", "name", "p_yes", "p_abstain", "p_no", "predicted", "role", "main reason"}
	}
	for _, s := range p.States {
		if format == "table" || format == "" {
			t.Rows = append(t.Rows, []string{s.Country, s.Name, fmtProb(s.PYes), fmtProb(s.PAbstain), fmtProb(s.PNo), string(s.Predicted), s.Role, reasonsText(s.Reasons, 1)})
			continue
		}
		t.Rows = append(t.Rows, []string{s.Country, fmtProb(s.PYes), fmtProb(s.PAbstain), fmtProb(s.PNo), string(s.Predicted), reasonsText(s.Reasons, 0)})
	}
	return t
}

package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entente"
	"entente/coalition"
	"entente/curated"
	"entente/registry"

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
beneficiaries, sponsors, issues, similar; optionally subjects, committee,
agenda_item, draft and breadth, the expected yes count such as 100-140) and
predicts, for every UN member on
the --asof day (default: the motion's date), the probabilities of yes, abstain
and no, the predicted stance and the reasons behind it, each pointing at its
evidence. Nothing dated on or after --asof is used: votes, ideal points of
sessions holding such votes, ties, events and curated facts. The model is
fitted as of the first day of the --asof year (or of the year after the
last recorded roll call, when the votes end earlier) on the recorded roll
calls of the ten years before (as the backtest refits it yearly) and saved
in the store; later runs for any day of that year, or any day after the
votes end, and the same data reuse it (--refit fits anew). Effects are in percentage points.`,
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

// coalitionEngine reads the motion and builds the engine for its day (or
// --asof) through coalition.LoadEngine, which reuses a saved model unless
// refit.
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
	if err := mo.CheckNotFuture(m.Clock.Now()); err != nil {
		return nil, coalition.Motion{}, err
	}
	reg, err := m.Registry()
	if err != nil {
		return nil, coalition.Motion{}, err
	}
	if err := mo.CheckStates(reg); err != nil {
		return nil, coalition.Motion{}, err
	}
	day := mo.Date
	if last := m.Clock.Now().Add(coalition.FutureMargin); on.After(last) {
		// The store holds nothing dated after today, so a model "as of"
		// a later day is today's; a day past the motions' margin is a slip.
		return nil, coalition.Motion{}, &entente.UsageError{
			Msg:  fmt.Sprintf("--asof %s is more than a year after today (%s)", on.Format(entente.DateLayout), fmtDate(m.Clock.Now())),
			Hint: "give a day up to " + last.Format(entente.DateLayout) + ", or leave --asof out to use the motion's date",
		}
	}
	if !on.IsZero() {
		day = on.Time
	}
	eng, err := m.engineAsOf(ctx, day, refit)
	return eng, mo, err
}

// engineAsOf loads the store's snapshot cut at day and builds the engine
// on it: from the model saved for that day and data when there is one
// (unless refit), else by fitting and saving. serve calls it too.
func (m *Main) engineAsOf(ctx context.Context, day time.Time, refit bool) (*coalition.Engine, error) {
	return m.engineCached(ctx, day, refit, nil)
}

// engineCached is engineAsOf keeping built engines in cache (nil keeps
// none), as the server does.
func (m *Main) engineCached(ctx context.Context, day time.Time, refit bool, cache *coalition.EngineCache) (*coalition.Engine, error) {
	s, reg, err := m.coalitionStore(ctx, day)
	if err != nil {
		return nil, err
	}
	return coalition.LoadEngine(ctx, s, reg, m.engineOptions(day, refit, cache))
}

// engineOptions are the options every command builds engines with.
func (m *Main) engineOptions(day time.Time, refit bool, cache *coalition.EngineCache) coalition.EngineOptions {
	return coalition.EngineOptions{AsOf: day, Refit: refit, Clock: m.Clock, Logger: m.Logger, Step: m.step, Fits: m.fits, Cache: cache}
}

// coalitionStore opens the store and registry a coalition engine for day
// reads, with the curated facts written: they are written on first use,
// but not by a command that fails for want of roll calls, since a failed
// command leaves the store as it was (ErrNotFound, through
// coalition.NoRollCallsError).
func (m *Main) coalitionStore(ctx context.Context, day time.Time) (entente.Store, *registry.Registry, error) {
	reg, err := m.Registry()
	if err != nil {
		return nil, nil, err
	}
	s, err := m.ReadStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	current, err := curated.Current(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	if !current {
		rcs, err := s.RollCalls(ctx, entente.RollCallFilter{To: day})
		if err != nil {
			return nil, nil, err
		}
		if len(rcs) == 0 {
			return nil, nil, coalition.NoRollCallsError(day)
		}
		if _, err := curated.Ensure(ctx, s); err != nil {
			return nil, nil, err
		}
	}
	return s, reg, nil
}

func fmtProb(p float64) string { return strconv.FormatFloat(p, 'f', 3, 64) }

// reasonsText renders reasons on one line: "factor (+12.3 pp for no):
// detail | …", each effect in percentage points of the probability of the
// stance it is measured on.
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
		parts = append(parts, fmt.Sprintf("%s (%+.1f pp for %s): %s", r.Factor, r.Effect, r.Toward, r.Detail))
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

package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"entente"
	"entente/coalition"
	"entente/curated"

	"github.com/spf13/cobra"
)

func init() { register(backtestCommand) }

// backtestCommand scores the coalition model and its baselines on recorded
// roll calls, each vote predicted only from its past.
func backtestCommand(m *Main) *cobra.Command {
	var from, to int
	cmd := &cobra.Command{
		Use:   "backtest --from YEAR --to YEAR",
		Short: "Score the coalition model against recorded UN votes, beside its baselines",
		Long: `Rolling-origin evaluation: for each year the model is refitted on the roll
calls of the ten years before it, and every recorded vote of the year is
predicted from what preceded its roll call's date. Every roll call is treated
as a motion: its targets are the states its title names that voted against
(or abstained on) the most similar earlier resolution, its analogues the
earlier roll calls nearest by text and issue codes. The decision thresholds
of each year are tuned on the backtest's own predictions of the five years
before it, so those years are predicted too (not scored), exactly as
'entente predict' tunes them before its as-of day. Reports accuracy,
macro-F1 over yes/abstain/no, Brier score and log loss for the model and the
baselines (always yes; each state's vote on the most similar past resolution;
ideal-point distance alone), for all votes and for resolutions that name a
target, with a calibration table and results per region.`,
		Example: `  entente backtest --from 2000 --to 2019
  entente backtest --from 2015 --to 2019 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if from == 0 || to == 0 {
				return &entente.UsageError{Msg: "--from and --to are required", Hint: "entente backtest --from 2000 --to 2019"}
			}
			cfg := coalition.BacktestConfig{From: from, To: to, Engine: coalition.DefaultConfig()}
			if err := cfg.Validate(); err != nil {
				return &entente.UsageError{Msg: err.Error(), Hint: "years run from 1947 on, --from not after --to"}
			}
			reg, err := m.Registry()
			if err != nil {
				return err
			}
			s, err := m.ReadStore(ctx)
			if err != nil {
				return err
			}
			if _, err := curated.Ensure(ctx, s); err != nil {
				return err
			}
			loading := m.Progress().Busy("loading roll calls and ties")
			h, err := coalition.Load(ctx, s, reg, cfg.Engine.Loading(cfg.Engine.LoadFrom(entente.Day(from, time.January, 1)), entente.Day(to+1, time.January, 1)))
			loading.Done()
			if err != nil {
				return err
			}
			if h.RollCalls() == 0 {
				return fmt.Errorf("no recorded UN roll calls: import the UN votes first: %w", entente.ErrNotFound)
			}
			years := m.Progress().Phase(fmt.Sprintf("back-test %d–%d", from, to), int64(to-from+1), "years")
			cfg.Progress = func(year, votes int, d time.Duration) {
				m.Logger.Info("backtest year done", "year", year, "votes", votes, "elapsed", d.Round(time.Millisecond))
				years.Add(1)
			}
			rep, err := coalition.Backtest(ctx, h, cfg)
			years.Done()
			if err != nil {
				return err
			}
			return writeBacktest(m, rep)
		},
	}
	cmd.Flags().IntVar(&from, "from", 0, "first year predicted (required)")
	cmd.Flags().IntVar(&to, "to", 0, "last year predicted (required)")
	return cmd
}

// marginNoise is the margin below which a lead is reported as noise: the
// spread of the yearly scores of a backtest is of that order.
const marginNoise = 0.005

func margin(v float64) string {
	if math.Abs(v) < marginNoise {
		return fmt.Sprintf("%+.4f (within noise)", v)
	}
	return fmt.Sprintf("%+.4f", v)
}

func f3(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
func f4(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }

func writeBacktest(m *Main, rep *coalition.BacktestReport) error {
	scores := table{Header: []string{"subset", "predictor", "votes", "accuracy", "macro_f1", "f1_yes", "f1_abstain", "f1_no", "brier", "log_loss"}, Records: rep}
	for _, s := range []coalition.Subset{rep.All, rep.TargetedSubset, rep.LooseSubset} {
		for _, p := range coalition.Predictors {
			sc := s.Scores[p]
			scores.Rows = append(scores.Rows, []string{s.Name, p, strconv.Itoa(sc.Votes), f3(sc.Accuracy), f3(sc.MacroF1),
				f3(sc.F1[0]), f3(sc.F1[1]), f3(sc.F1[2]), f4(sc.Brier), f4(sc.LogLoss)})
		}
	}
	if m.Config.Format != "table" {
		return scores.write(m.Stdout, m.Config.Format)
	}
	w := m.Stdout
	fmt.Fprintf(w, "Backtest %s: %d roll calls (%d naming a target), rolling origin, refitted yearly on the %d years before\n\n",
		rep.Years, rep.RollCalls, rep.Targeted, rep.Config.TrainYears)
	if err := scores.write(w, "table"); err != nil {
		return err
	}
	// The headline states the margins found, and says so when one is too
	// small to tell from noise, rather than claiming a win.
	for _, s := range []coalition.Subset{rep.All, rep.TargetedSubset, rep.LooseSubset} {
		var parts []string
		for _, mg := range s.Margins() {
			parts = append(parts, fmt.Sprintf("vs %s macro-F1 %s, Brier %s", mg.Baseline, margin(mg.MacroF1), margin(mg.Brier)))
		}
		fmt.Fprintf(w, "%s: model %s\n", s.Name, strings.Join(parts, "; "))
	}
	fmt.Fprintf(w, "(a margin is the model's lead: positive is better; within ±%.3f it is noise)\n", marginNoise)
	fmt.Fprintln(w, "\nCalibration of the model (class probabilities pooled)")
	cal := table{Header: []string{"predicted", "count", "mean_predicted", "observed"}}
	for _, b := range rep.Calibration {
		cal.Rows = append(cal.Rows, []string{b.Range, strconv.Itoa(b.Count), f3(b.Predicted), f3(b.Observed)})
	}
	if err := cal.write(w, "table"); err != nil {
		return err
	}
	for _, r := range rep.Regimes {
		fmt.Fprintf(w, "\nReliability, %s motions (%d votes)\n", r.Regime, r.Votes)
		t := table{Header: []string{"predicted", "count", "mean_predicted", "observed"}}
		for _, b := range r.Calibration {
			t.Rows = append(t.Rows, []string{b.Range, strconv.Itoa(b.Count), f3(b.Predicted), f3(b.Observed)})
		}
		if err := t.write(w, "table"); err != nil {
			return err
		}
		if len(r.Drift) == 0 {
			fmt.Fprintf(w, "calibrated: every bin of %d or more predictions within %.2f\n", coalition.DriftMinCount, coalition.DriftTolerance)
		}
		for _, d := range r.Drift {
			fmt.Fprintf(w, "DRIFT %s\n", d)
		}
	}
	fmt.Fprintln(w, "\nBy region of the voting state (macro-F1 / Brier)")
	reg := table{Header: append([]string{"region", "votes"}, coalition.Predictors...)}
	for _, r := range rep.Regions {
		row := []string{r.Region, strconv.Itoa(r.Scores[coalition.PredModel].Votes)}
		for _, p := range coalition.Predictors {
			sc := r.Scores[p]
			row = append(row, f3(sc.MacroF1)+" / "+f4(sc.Brier))
		}
		reg.Rows = append(reg.Rows, row)
	}
	if err := reg.write(w, "table"); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nelapsed %v\n", rep.Elapsed.Round(time.Second))
	return nil
}

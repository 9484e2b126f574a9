package coalition

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/duckdb"
	"entente/registry"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// openReal opens the cached real-data store and loads a snapshot cut at until.
func openReal(t testing.TB, from, until time.Time) (*History, *duckdb.Store) {
	t.Helper()
	path := realStorePath(t)
	ctx := context.Background()
	st, err := duckdb.Open(ctx, duckdb.Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	reg, err := registry.Load()
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	h, err := Load(ctx, st, reg, DefaultConfig().Loading(from, until))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d roll calls in %v", h.RollCalls(), time.Since(t0))
	return h, st
}

// TestBacktest_RealData runs the rolling-origin backtest on the recorded
// votes of 2015-2023, the DGACM years included (ENTENTE_BACKTEST_FROM/TO
// change the years), and checks the acceptance of issue 12: on all votes,
// on resolutions naming a target and on those placed only by loose
// analogues, the model beats copying the most similar vote on macro-F1 and
// Brier and always-yes on Brier; every reliability bin of 100 or more
// predictions of each regime lies within 0.05 of the observed rate. When
// the years cover 2020-2023 it scores the novel-motion suites with the
// engines of those years as well.
func TestBacktest_RealData(t *testing.T) {
	needSlow(t, "real-data backtest")
	from, to := envInt("ENTENTE_BACKTEST_FROM", 2015), envInt("ENTENTE_BACKTEST_TO", 2023)
	cfg := DefaultConfig()
	cfg.TrainYears = envInt("ENTENTE_TRAIN_YEARS", cfg.TrainYears)
	cfg.Similar = envInt("ENTENTE_SIMILAR", cfg.Similar)
	cfg.ValidationYears = envInt("ENTENTE_VALIDATION_YEARS", cfg.ValidationYears)
	cfg.RuleYears = envInt("ENTENTE_RULE_YEARS", cfg.RuleYears)
	cfg.RegimeMaps = os.Getenv("ENTENTE_REGIME_MAPS") == "1"
	if v, err := strconv.ParseFloat(os.Getenv("ENTENTE_L2"), 64); err == nil {
		cfg.L2 = v
	}
	if v, err := strconv.ParseFloat(os.Getenv("ENTENTE_LABEL_SLACK"), 64); err == nil {
		cfg.LabelSlack = v
	}
	h, _ := openReal(t, cfg.LoadFrom(entente.Day(from, 1, 1)), entente.Day(to+1, 1, 1))
	bc := BacktestConfig{From: from, To: to, Engine: cfg,
		Progress: func(y, n int, d time.Duration) { t.Logf("year %d: %d votes in %v", y, n, d) }}
	if path := os.Getenv("ENTENTE_BACKTEST_TRACE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fmt.Fprintln(f, "rollcall,country,year,p_yes,p_abstain,p_no,label,prior,prior_weight,copy,actual,regime,targeted,raw_yes,raw_abstain,raw_no,unscored,loose")
		bc.Trace = func(v TracedVote) {
			fmt.Fprintf(f, "%s,%s,%d,%.5f,%.5f,%.5f,%d,%d,%.4f,%d,%d,%d,%v,%.6f,%.6f,%.6f,%v,%v\n", v.RollCall, v.Country, v.Year, v.P[0], v.P[1], v.P[2], v.Label, v.Prior, v.PriorWeight, v.Copy, v.Actual, v.Regime, v.Targeted, v.Raw[0], v.Raw[1], v.Raw[2], v.Unscored, v.Loose)
		}
	}
	// The engines of 2020-2023 answer the novel-motion suites too: they are
	// the engines TestNovelMotions_RealData builds, fitted once here.
	engines := map[int]*Engine{}
	bc.Engines = func(y int, e *Engine) {
		t.Logf("year %d: regime temperatures %.3f", y, e.model.regimeTemp)
		if y >= 2020 && y <= 2023 {
			engines[y] = e
		}
	}
	rep, err := Backtest(context.Background(), h, bc)
	if err != nil {
		t.Fatal(err)
	}
	if len(engines) == 4 {
		t.Run("novel motions", func(t *testing.T) { scoreNovel(t, h, engines) })
	}
	b, _ := json.MarshalIndent(rep, "", "  ")
	if out := os.Getenv("ENTENTE_BACKTEST_OUT"); out != "" {
		os.WriteFile(out, b, 0o644)
	}
	for _, s := range []Subset{rep.All, rep.TargetedSubset, rep.LooseSubset} {
		for _, p := range Predictors {
			sc := s.Scores[p]
			t.Logf("%-14s %-13s n=%6d acc=%.3f macroF1=%.3f brier=%.4f logloss=%.4f f1=%.3f cm=%v", s.Name, p, sc.Votes, sc.Accuracy, sc.MacroF1, sc.Brier, sc.LogLoss, sc.F1, sc.Confusion)
		}
		// In every subset the model must beat copying the most similar
		// vote on macro-F1 and Brier, and always-yes on Brier.
		m, sim, yes := s.Scores[PredModel], s.Scores[PredMostSimilar], s.Scores[PredAlwaysYes]
		if m.MacroF1 <= sim.MacroF1 || m.Brier >= sim.Brier {
			t.Errorf("%s: model macro-F1 %.4f, Brier %.4f; most-similar %.4f, %.4f", s.Name, m.MacroF1, m.Brier, sim.MacroF1, sim.Brier)
		}
		if m.Brier >= yes.Brier {
			t.Errorf("%s: model Brier %.4f, always-yes %.4f", s.Name, m.Brier, yes.Brier)
		}
	}
	for _, r := range rep.Regimes {
		for _, b := range r.Calibration {
			t.Logf("reliability %-14s %s n=%6d predicted=%.3f observed=%.3f", r.Regime, b.Range, b.Count, b.Predicted, b.Observed)
		}
		for _, d := range r.Drift {
			t.Errorf("reliability drift, %s: %s", r.Regime, d)
		}
	}
}

// TestPredict_MotivatingCase predicts the DPRK-troops motion on the real
// data and checks the outline the design expects: the targets oppose,
// the sponsors' camp supports, Russia-dependent states do not vote yes.
func TestPredict_MotivatingCase(t *testing.T) {
	needSlow(t, "motivating case on real data")
	mo, err := LoadMotion("../motions/dprk-troops-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	h, _ := openReal(t, cfg.LoadFrom(mo.Date), mo.Date)
	ctx := context.Background()
	e, err := NewEngine(ctx, h, mo.Date, cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Predict(ctx, mo)
	if err != nil {
		t.Fatal(err)
	}
	y, a, n := p.Tally()
	t.Logf("tally: %d yes, %d abstain, %d no; notes %v", y, a, n, p.Notes)
	for _, s := range p.Similar {
		t.Logf("similar %s %s %v w=%.2f", s.Resolution, s.Title, s.Explicit, s.Weight)
	}
	for _, c := range []string{"PRK", "RUS", "CHN", "IND", "NER", "PHL", "SGP", "MYS", "IDN", "VNM", "THA", "USA", "KOR", "BLR", "SYR", "IRN", "BRA", "ZAF", "TUR", "SAU"} {
		s, ok := p.State(c)
		if !ok {
			t.Logf("%s: not predicted", c)
			continue
		}
		t.Logf("%s %-8s yes=%.2f abs=%.2f no=%.2f | %s", c, s.Predicted, s.PYes, s.PAbstain, s.PNo, reasonsLine(s.Reasons))
	}
	co := e.Coalition(p)
	var followers float64
	for i, s := range co.Swing {
		followers = math.Max(followers, s.Followers)
		if i >= 12 {
			continue
		}
		t.Logf("swing %s %s p_yes=%.2f gain=%.3f followers=%.3f obstacles=%s", s.Country, s.Predicted, s.PYes, s.Gain, s.Followers, reasonsLine(s.Obstacles))
	}
	// States vote with their partners, so some swing state must carry
	// others with it.
	if followers < 0.05 {
		t.Errorf("no swing state carries followers (largest %.3f)", followers)
	}
	for _, c := range []string{"PRK", "RUS"} {
		if s, _ := p.State(c); s.Predicted != entente.VoteNo {
			t.Errorf("%s: predicted %s, want no", c, s.Predicted)
		}
	}
	for _, c := range []string{"USA", "KOR", "JPN"} {
		if s, _ := p.State(c); s.Predicted != entente.VoteYes {
			t.Errorf("%s: predicted %s, want yes", c, s.Predicted)
		}
	}
	// Niger's forecast rests on its votes since the coup of 26 July 2023,
	// and its explanation says so.
	if s, ok := p.State("NER"); !ok {
		t.Error("NER not predicted")
	} else {
		said := false
		for _, r := range s.Reasons {
			said = said || r.Factor == FactorRegime && strings.Contains(r.Detail, "2023-07-26")
		}
		if !said {
			t.Errorf("NER: reasons %s do not name the regime break", reasonsLine(s.Reasons))
		}
		// Its top vote is its vote on the first analogue dated after the
		// coup that it voted on; with none, it has no vote to go by.
		since, ner, top := dayNum(entente.Day(2023, 7, 26)), h.idx["NER"], -1
		for _, a := range p.q.similar {
			if v := h.votes[a.rc][ner]; h.rcs[a.rc].day >= since && v != cNone {
				top = int(v - 1)
				break
			}
		}
		if got, _ := priorVote(s.x); got != top || (top < 0) != (s.x[fSimNone] == 1) {
			t.Errorf("NER: top vote %d (sim_none %v), want %d from its post-coup votes only", got, s.x[fSimNone], top)
		}
		t.Logf("NER: %s yes=%.2f abs=%.2f no=%.2f | %s", s.Predicted, s.PYes, s.PAbstain, s.PNo, reasonsLine(s.Reasons))
	}
	// No state's tie with Russia (or North Korea) pushes it toward
	// condemning them, checked for every state; India's explanation names
	// its arms dependence on Russia.
	tied := checkTiesNeverCondemn(t, p)
	t.Logf("%d states whose ties to the targets move them (all toward abstaining or no)", tied)
	checkNamesArms(t, p, "IND", "RUS")
	sc, err := LoadScenario("../motions/dprk-troops-2024-scenario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sim, err := e.Simulate(ctx, mo, sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range sim.Moves {
		t.Logf("move %s %s->%s p_yes %.2f->%.2f | %s", m.Country, m.Before, m.After, m.PYesBefore, m.PYesAfter, reasonsLine(m.Why))
	}
}

func reasonsLine(rs []Reason) string {
	var s string
	for _, r := range rs {
		s += fmt.Sprintf("[%s %+.2f %s] ", r.Factor, r.Effect, r.Detail)
	}
	return s
}

// BenchmarkEngine_PredictReal measures the motivating-case prediction for
// all 193 members on the real data, store open and model fitted (target:
// under 100 ms).
func BenchmarkEngine_PredictReal(b *testing.B) {
	needSlow(b, "real-data benchmark")
	mo, err := LoadMotion("../motions/dprk-troops-2024.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cfg := DefaultConfig()
	h, _ := openReal(b, cfg.LoadFrom(mo.Date), mo.Date)
	ctx := context.Background()
	e, err := NewEngine(ctx, h, mo.Date, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Predict(ctx, mo); err != nil {
			b.Fatal(err)
		}
	}
}

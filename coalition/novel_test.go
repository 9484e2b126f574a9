package coalition

import (
	"bufio"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente"
)

// novelCase is one motion of the novel-motion suite with the recorded
// resolution it is scored against.
type novelCase struct {
	suite, file, resolution string
}

// novelSuites are the suite files: the first thirteen cases, and ten more
// written down later, also before the model was run on them.
var novelSuites = []string{"suite.tsv", "suite-2.tsv"}

func readNovelSuite(t testing.TB) []novelCase {
	t.Helper()
	var out []novelCase
	for _, s := range novelSuites {
		out = append(out, readNovelFile(t, s)...)
	}
	return out
}

func readNovelFile(t testing.TB, name string) []novelCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata/novel", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []novelCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			t.Fatalf("%s: %q: want file and resolution", name, line)
		}
		out = append(out, novelCase{name, cols[0], cols[1]})
	}
	return out
}

// TestNovelMotionSuite_Files checks the suite is complete: at least ten
// cases, every file a motion of 2020-2023 with no analogue named.
func TestNovelMotionSuite_Files(t *testing.T) {
	cases := readNovelSuite(t)
	if n := len(readNovelFile(t, novelSuites[0])); n < 10 {
		t.Fatalf("%d cases in the first suite, want at least 10", n)
	}
	if n := len(readNovelFile(t, novelSuites[1])); n < 8 {
		t.Fatalf("%d cases in the second suite, want at least 8", n)
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			m, err := LoadMotion(filepath.Join("testdata/novel", c.file))
			if err != nil {
				t.Fatal(err)
			}
			if y := m.Date.Year(); y < 2020 || y > 2023 {
				t.Errorf("dated %d, want 2020-2023", y)
			}
			if len(m.Similar) > 0 {
				t.Errorf("names analogues %v: the suite gives only what an analyst had", m.Similar)
			}
			if _, ok := ResolutionKey(c.resolution); !ok {
				t.Errorf("resolution %q is not a symbol", c.resolution)
			}
		})
	}
}

// TestNovelMotions_RealData predicts each novel motion from what was known
// the day before its vote (the model refitted at the start of the vote's
// year, as the backtest does, the features cut at the vote's day) and
// scores it against the recorded votes beside always-yes and copying the
// nearest analogue the engine found.
func TestNovelMotions_RealData(t *testing.T) {
	needSlow(t, "novel-motion suite on real data")
	cfg := DefaultConfig()
	ctx := context.Background()
	h, _ := openReal(t, cfg.LoadFrom(entente.Day(2020, 1, 1)), entente.Day(2024, 1, 1))
	t0 := time.Now()
	engines, err := rollingEngines(ctx, h, cfg, 2020, 2023)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fitted the 2020-2023 engines in %v", time.Since(t0))
	scoreNovel(t, h, engines)
}

// scoreNovel predicts every case of the novel-motion suites with the
// engine of its year and logs the scores per case, per suite and for both
// beside always-yes and copying the nearest analogue.
func scoreNovel(t *testing.T, h *History, engines map[int]*Engine) {
	t.Helper()
	cases := readNovelSuite(t)
	ctx := context.Background()
	baselines := map[int]*baselineModels{}
	var model, yes, near scorer
	bySuite := map[string]*[3]scorer{}
	for _, c := range cases {
		if bySuite[c.suite] == nil {
			bySuite[c.suite] = &[3]scorer{}
		}
		ss := bySuite[c.suite]
		m, err := LoadMotion(filepath.Join("testdata/novel", c.file))
		if err != nil {
			t.Fatal(err)
		}
		year := m.Date.Year()
		e := engines[year]
		if e == nil {
			t.Errorf("%s: no engine for %d", c.file, year)
			continue
		}
		cfg := e.cfg
		day := *e
		day.asof = m.Date
		p, err := day.Predict(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		key, _ := ResolutionKey(c.resolution)
		r := -1
		for _, i := range h.byKey[key] {
			if h.rcs[i].day == dayNum(m.Date) {
				r = i
			}
		}
		if r < 0 {
			t.Errorf("%s: no recorded vote on %s dated %s in the store", c.file, c.resolution, m.Date.Format(entente.DateLayout))
			continue
		}
		// Always-yes gives the class frequencies of the training years, as
		// in the backtest; copying the nearest analogue gives the state's
		// vote on the top analogue it voted on (yes when none).
		bl := baselines[year]
		if bl == nil {
			bl, err = day.f.fitBaselines(day.f.trainSet(dayNum(entente.Day(year-cfg.TrainYears, 1, 1)), dayNum(entente.Day(year, 1, 1))))
			if err != nil {
				t.Fatal(err)
			}
			baselines[year] = bl
		}
		var cm, ym, nm scorer
		for _, s := range p.States {
			ci := h.idx[s.Country]
			v := h.votes[r][ci]
			if v == cNone {
				continue
			}
			l := int8(v - 1)
			k := 0
			for i, cl := range Classes {
				if cl == s.Predicted {
					k = i
				}
			}
			cm.add(s.Probs(), k, l)
			model.add(s.Probs(), k, l)
			ss[0].add(s.Probs(), k, l)
			ym.add(bl.prior, 0, l)
			yes.add(bl.prior, 0, l)
			ss[1].add(bl.prior, 0, l)
			sv := 3
			for _, a := range p.q.similar {
				if w := h.votes[a.rc][ci]; w != cNone {
					sv = int(w - 1)
					break
				}
			}
			pv := sv
			if pv == 3 {
				pv = 0
			}
			nm.add(bl.simCM[sv], pv, l)
			near.add(bl.simCM[sv], pv, l)
			ss[2].add(bl.simCM[sv], pv, l)
		}
		ms, ys, ns := cm.scores(), ym.scores(), nm.scores()
		top := "none"
		if len(p.Similar) > 0 {
			top = p.Similar[0].Resolution + " " + p.Similar[0].Kind
		}
		yy, aa, nn := p.Tally()
		t.Logf("%-28s %s n=%3d predicted %d-%d-%d | model acc %.3f F1 %.3f Brier %.4f | always-yes %.3f %.3f %.4f | nearest %.3f %.3f %.4f | top analogue %s",
			c.file, c.resolution, ms.Votes, yy, nn, aa, ms.Accuracy, ms.MacroF1, ms.Brier, ys.Accuracy, ys.MacroF1, ys.Brier, ns.Accuracy, ns.MacroF1, ns.Brier, top)
	}
	for _, name := range novelSuites {
		if ss := bySuite[name]; ss != nil {
			ms, ys, ns := ss[0].scores(), ss[1].scores(), ss[2].scores()
			t.Logf("%s (%d votes): model acc %.3f macro-F1 %.3f Brier %.4f | always-yes %.3f %.3f %.4f | nearest analogue %.3f %.3f %.4f",
				name, ms.Votes, ms.Accuracy, ms.MacroF1, ms.Brier, ys.Accuracy, ys.MacroF1, ys.Brier, ns.Accuracy, ns.MacroF1, ns.Brier)
		}
	}
	ms, ys, ns := model.scores(), yes.scores(), near.scores()
	t.Logf("BOTH SUITES (%d motions, %d votes): model acc %.3f macro-F1 %.3f Brier %.4f | always-yes %.3f %.3f %.4f | nearest analogue %.3f %.3f %.4f",
		len(cases), ms.Votes, ms.Accuracy, ms.MacroF1, ms.Brier, ys.Accuracy, ys.MacroF1, ys.Brier, ns.Accuracy, ns.MacroF1, ns.Brier)
	if math.IsNaN(ms.Brier) || ms.Votes == 0 {
		t.Fatal("no vote scored")
	}
}

// rollingEngines builds the engine of each year from..to as NewEngine
// would (the model fitted at the year's start, the decision rule tuned on
// the out-of-sample predictions of the RuleYears before), but as Backtest
// does: one featurizer, and each year's fit and predictions reused by the
// years after, so that four years cost four fits instead of twenty-four.
func rollingEngines(ctx context.Context, h *History, cfg Config, from, to int) (map[int]*Engine, error) {
	f := newFeaturizer(h, cfg)
	recs, err := f.pastRecords(ctx, dayNum(entente.Day(from, 1, 1)))
	if err != nil {
		return nil, err
	}
	out := map[int]*Engine{}
	for y := from; y <= to; y++ {
		m, err := f.fitModel(ctx, dayNum(entente.Day(y, 1, 1)))
		if err != nil {
			return nil, err
		}
		var past []decisionRecord
		for _, r := range recs {
			if r.year >= y-cfg.RuleYears {
				past = append(past, r)
			}
		}
		m.calib = cfg.calibration(past)
		m.stage2.rule = tuneRule(calibrated(past, m.calib), cfg)
		out[y] = &Engine{cfg: cfg, h: h, f: f, asof: entente.Day(y, 1, 1), model: m}
		for _, r := range f.yearRollCalls(y) {
			c := f.caseFor(r)
			ps, rows := m.predictCaseRaw(f, &c.q, c.pop, c.rows)
			recs = append(recs, recordsOf(y, c, ps, rows)...)
		}
	}
	return out, nil
}

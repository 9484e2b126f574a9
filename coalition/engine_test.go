package coalition

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"entente"
)

// TestModel_Predict checks the engine on the synthetic world, where every
// state's line is known: the West condemns, the rivals oppose, the hedgers
// abstain, and the target votes no.
func TestModel_Predict(t *testing.T) {
	st := buildWorld(t, worldOptions{Session70: true})
	e := worldEngine(t, st, entente.Day(2017, time.March, 1), true)
	p, err := e.Predict(context.Background(), worldMotion())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Similar) == 0 || !p.Similar[0].Explicit || p.Similar[0].Resolution != "A/RES/71/141" {
		t.Fatalf("similar = %+v, want the analyst's A/RES/71/141 first", p.Similar)
	}
	tests := []struct {
		country string
		want    entente.VoteChoice
		role    string
	}{
		{"USA", entente.VoteYes, ""},
		{"GBR", entente.VoteYes, ""},
		{"JPN", entente.VoteYes, ""},
		{"RUS", entente.VoteNo, ""},
		{"CHN", entente.VoteNo, ""},
		{"IRN", entente.VoteNo, "target"},
		{"IND", entente.VoteAbstain, ""},
		{"BRA", entente.VoteAbstain, ""},
		{"ZAF", entente.VoteAbstain, ""},
	}
	for _, tt := range tests {
		t.Run(tt.country, func(t *testing.T) {
			s, ok := p.State(tt.country)
			if !ok {
				t.Fatalf("%s not predicted", tt.country)
			}
			if s.Predicted != tt.want {
				t.Errorf("predicted %s (yes %.2f, abstain %.2f, no %.2f), want %s", s.Predicted, s.PYes, s.PAbstain, s.PNo, tt.want)
			}
			if s.Role != tt.role {
				t.Errorf("role %q, want %q", s.Role, tt.role)
			}
			if sum := s.PYes + s.PAbstain + s.PNo; math.Abs(sum-1) > 1e-3 {
				t.Errorf("probabilities sum to %v", sum)
			}
			if len(s.Reasons) == 0 {
				t.Errorf("no reasons")
			}
		})
	}
	t.Run("reasons cite evidence", func(t *testing.T) {
		s, _ := p.State("RUS")
		found := false
		for _, r := range s.Reasons {
			if r.Factor == FactorSimilar && len(r.Evidence) > 0 && r.Evidence[0].Source == "synthetic:world" {
				found = true
			}
		}
		if !found {
			t.Errorf("RUS reasons %+v: want its votes on similar resolutions with evidence", s.Reasons)
		}
	})
	t.Run("population is the UN on the day", func(t *testing.T) {
		want := len(loadRegistry(t).Members("UN", entente.Day(2017, time.March, 1)))
		if got := len(p.States); got < want-5 || got > want {
			t.Errorf("%d states predicted, want about %d UN members", got, want)
		}
	})
}

// TestPredict_NoLeakage: data dated on or after --asof — votes that flip
// every line, ideal points of a session holding such votes (even one whose
// period ended before the cut), ties, curated-style facts and events — must
// not change a single prediction.
func TestPredict_NoLeakage(t *testing.T) {
	cut := entente.Day(2017, time.March, 1)
	clean := buildWorld(t, worldOptions{})
	poisoned := buildWorld(t, worldOptions{Poison: true, Cut: cut})
	ctx := context.Background()
	for _, fast := range []bool{false, true} {
		name := "reader"
		if fast {
			name = "fast reader"
		}
		t.Run(name, func(t *testing.T) {
			a, err := worldEngine(t, clean, cut, fast).Predict(ctx, worldMotion())
			if err != nil {
				t.Fatal(err)
			}
			b, err := worldEngine(t, poisoned, cut, fast).Predict(ctx, worldMotion())
			if err != nil {
				t.Fatal(err)
			}
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if string(ja) != string(jb) {
				for i := range a.States {
					if i < len(b.States) && (a.States[i].PYes != b.States[i].PYes || a.States[i].PNo != b.States[i].PNo) {
						t.Errorf("%s: %.4f/%.4f clean, %.4f/%.4f with data after the cut", a.States[i].Country, a.States[i].PYes, a.States[i].PNo, b.States[i].PYes, b.States[i].PNo)
					}
				}
				t.Fatal("predictions differ once data dated on or after --asof is in the store")
			}
		})
	}
	t.Run("session with later votes is withheld", func(t *testing.T) {
		h, err := Load(ctx, poisoned, loadRegistry(t), LoadConfig{Until: cut})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := h.ideal[70]; ok {
			t.Error("ideal points of session 70 were loaded though the session has a vote after the cut")
		}
		for _, r := range h.rcs {
			if !r.Date.Before(cut) {
				t.Errorf("roll call %s dated %s loaded", r.ID, r.Date.Format(entente.DateLayout))
			}
		}
		for _, e := range h.events {
			if !e.Date.Before(cut) {
				t.Errorf("event %s dated %s loaded", e.ID, e.Date.Format(entente.DateLayout))
			}
		}
	})
	t.Run("backtest features see only the past", func(t *testing.T) {
		// A roll call's features computed inside a snapshot that runs
		// years past it equal those computed in one cut at its date.
		full, err := Load(ctx, poisoned, loadRegistry(t), LoadConfig{Until: entente.Day(2030, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		ff := newFeaturizer(full, worldConfig())
		var r int
		for i, rc := range full.rcs {
			if rc.Date.Year() == 2016 && rc.Issues[0] == "hr" {
				r = i
				break
			}
		}
		rc := full.rcs[r]
		cutH, err := Load(ctx, poisoned, loadRegistry(t), LoadConfig{Until: rc.Date})
		if err != nil {
			t.Fatal(err)
		}
		cf := newFeaturizer(cutH, worldConfig())
		c := ff.caseFor(r)
		text, title := rollCallText(rc.RollCall)
		q := query{day: rc.day, date: rc.Date, terms: cutH.lookupTerms(text), titleTerms: cutH.lookupTerms(title), issues: rc.issues, self: -1,
			pinned: map[int]float64{}}
		q.similar = cf.findSimilar(&q, worldConfig().Similar)
		for _, tgt := range c.q.targets {
			q.targets = append(q.targets, cutH.idx[full.codes[tgt]])
		}
		for _, b := range c.q.benefs {
			q.benefs = append(q.benefs, cutH.idx[full.codes[b]])
		}
		if len(q.similar) != len(c.q.similar) {
			t.Fatalf("%d similar roll calls in the cut snapshot, %d in the full one", len(q.similar), len(c.q.similar))
		}
		for i := range q.similar {
			if cutH.rcs[q.similar[i].rc].ID != full.rcs[c.q.similar[i].rc].ID || math.Abs(q.similar[i].weight-c.q.similar[i].weight) > 1e-12 {
				t.Fatalf("similar roll calls differ: %v vs %v", q.similar, c.q.similar)
			}
		}
		var pop []int
		for _, p := range c.pop {
			pop = append(pop, cutH.idx[full.codes[p]])
		}
		rows := cf.rows(&q, pop)
		for k := range rows {
			for j := 0; j < nBase; j++ {
				if math.Abs(rows[k][j]-c.rows[k][j]) > 1e-9 {
					t.Fatalf("%s feature %s: %v in the cut snapshot, %v in the full one", full.codes[c.pop[k]], featureNames[j], rows[k][j], c.rows[k][j])
				}
			}
		}
	})
}

// TestEngine_Coalition checks the split into supporters, swing states and
// opponents on the synthetic world.
func TestEngine_Coalition(t *testing.T) {
	st := buildWorld(t, worldOptions{Session70: true})
	e := worldEngine(t, st, entente.Day(2017, time.March, 1), true)
	p, err := e.Predict(context.Background(), worldMotion())
	if err != nil {
		t.Fatal(err)
	}
	co := e.Coalition(p)
	in := func(ms []Member, c string) bool {
		for _, m := range ms {
			if m.Country == c {
				return true
			}
		}
		return false
	}
	inSwing := func(c string) bool {
		for _, s := range co.Swing {
			if s.Country == c {
				return true
			}
		}
		return false
	}
	tests := []struct {
		country, want string
	}{{"USA", "supporter"}, {"GBR", "supporter"}, {"RUS", "opponent"}, {"IRN", "opponent"}, {"IND", "swing"}, {"BRA", "swing"}}
	for _, tt := range tests {
		t.Run(tt.country, func(t *testing.T) {
			got := ""
			switch {
			case in(co.Supporters, tt.country):
				got = "supporter"
			case in(co.Opponents, tt.country):
				got = "opponent"
			case inSwing(tt.country):
				got = "swing"
			}
			if got != tt.want {
				t.Errorf("%s is %q, want %q", tt.country, got, tt.want)
			}
		})
	}
	for i, s := range co.Swing {
		if i > 0 && s.Votes > co.Swing[i-1].Votes {
			t.Fatalf("swing states not ranked by expected votes: %v before %v", co.Swing[i-1].Votes, s.Votes)
		}
		if s.Followers < 0 || math.Abs(s.Votes-s.Gain*(1+s.Followers)) > 1e-3 {
			t.Errorf("%s: gain %v, followers %v, expected votes %v: want votes = gain × (1 + followers), followers >= 0", s.Country, s.Gain, s.Followers, s.Votes)
		}
	}
}

// TestEngine_Simulate checks that a scenario moves the states it touches,
// with the reason.
func TestEngine_Simulate(t *testing.T) {
	st := buildWorld(t, worldOptions{Session70: true})
	e := worldEngine(t, st, entente.Day(2017, time.March, 1), true)
	sc, err := ParseScenario("s.yaml", []byte("id: t\nchanges:\n  - {kind: stance, a: RUS, stance: condemns}\n  - {kind: arms, a: RUS, b: IND, change: -100%}\n"))
	if err != nil {
		t.Fatal(err)
	}
	sim, err := e.Simulate(context.Background(), worldMotion(), sc)
	if err != nil {
		t.Fatal(err)
	}
	var rus *Move
	for i := range sim.Moves {
		if sim.Moves[i].Country == "RUS" {
			rus = &sim.Moves[i]
		}
	}
	if rus == nil || rus.After != entente.VoteYes || rus.Before != entente.VoteNo {
		t.Fatalf("RUS move = %+v, want no -> yes", rus)
	}
	if len(rus.Why) == 0 || rus.Why[0].Factor != "scenario" {
		t.Errorf("RUS why = %+v, want the scenario first", rus.Why)
	}
	// The original prediction is untouched by the scenario.
	p, _ := e.Predict(context.Background(), worldMotion())
	if s, _ := p.State("RUS"); s.Predicted != entente.VoteNo {
		t.Errorf("after simulating, RUS predicted %s without the scenario", s.Predicted)
	}
}

// TestBacktest_Synthetic runs the rolling-origin backtest on the synthetic
// world, where votes follow fixed lines: the model must find them.
func TestBacktest_Synthetic(t *testing.T) {
	st := buildWorld(t, worldOptions{Session70: true})
	ctx := context.Background()
	h, err := Load(ctx, st, loadRegistry(t), LoadConfig{Until: entente.Day(2017, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	cfg := worldConfig()
	cfg.TrainYears = 4
	cfg.ValidationYears = 1
	rep, err := Backtest(ctx, h, BacktestConfig{From: 2014, To: 2016, Engine: cfg})
	if err != nil {
		t.Fatal(err)
	}
	m := rep.All.Scores[PredModel]
	if m.Votes == 0 || m.Accuracy < 0.97 {
		t.Errorf("model accuracy %.3f on %d votes, want at least 0.97", m.Accuracy, m.Votes)
	}
	if y := rep.All.Scores[PredAlwaysYes]; m.MacroF1 <= y.MacroF1 || m.Brier >= y.Brier {
		t.Errorf("model (F1 %.3f, Brier %.3f) does not beat always-yes (F1 %.3f, Brier %.3f)", m.MacroF1, m.Brier, y.MacroF1, y.Brier)
	}
	if rep.Targeted == 0 {
		t.Error("no roll call found to name a target: the Iran resolution names Iran")
	}
	if len(rep.Calibration) != calBins {
		t.Errorf("%d calibration bins", len(rep.Calibration))
	}
}

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		ok     bool
	}{
		{"defaults", func(*Config) {}, true},
		{"no sessions", func(c *Config) { c.Sessions = 0 }, false},
		{"negative l2", func(c *Config) { c.L2 = -1 }, false},
		{"similarity above one", func(c *Config) { c.MinSimilarity = 2 }, false},
		{"few rows", func(c *Config) { c.MaxTrainRows = 10 }, false},
		{"no persistence years", func(c *Config) { c.PersistenceYears = 0 }, false},
		{"zero persistence prior", func(c *Config) { c.PersistencePrior = 0 }, false},
		{"NaN persistence prior", func(c *Config) { c.PersistencePrior = math.NaN() }, false},
		{"no target years", func(c *Config) { c.TargetYears = 0 }, false},
		{"negative target half-life", func(c *Config) { c.TargetHalfLife = -1 }, false},
		{"no rule years", func(c *Config) { c.RuleYears = 0 }, true},
		{"history shorter than the training years", func(c *Config) { c.LoadYears = c.TrainYears }, false},
		{"five rule years on the default history", func(c *Config) { c.RuleYears = 5 }, true},
		{"six rule years on the default history", func(c *Config) { c.RuleYears = 6 }, false},
		{"keep map off", func(c *Config) { c.KeepBias, c.KeepScale = 0, 1 }, true},
		{"zero keep scale", func(c *Config) { c.KeepScale = 0 }, false},
		{"NaN keep bias", func(c *Config) { c.KeepBias = math.NaN() }, false},
		{"loose votes counted once", func(c *Config) { c.LooseWeight = 1 }, true},
		{"loose votes not counted", func(c *Config) { c.LooseWeight = 0 }, false},
		{"loose weight above ten", func(c *Config) { c.LooseWeight = 11 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.change(&c)
			if err := c.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

// BenchmarkEngine_Predict measures one prediction for every UN member with
// the store open and the model fitted (the target is under 100 ms).
func BenchmarkEngine_Predict(b *testing.B) {
	st := buildWorld(b, worldOptions{Session70: true})
	e := worldEngine(b, st, entente.Day(2017, time.March, 1), true)
	m := worldMotion()
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Predict(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
}

func TestEngine_Breadth(t *testing.T) {
	st := buildWorld(t, worldOptions{Session70: true})
	e := worldEngine(t, st, entente.Day(2017, time.March, 1), true)
	ctx := context.Background()
	plain, err := e.Predict(ctx, worldMotion())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		hint Breadth
		word string
		sign float64
	}{
		{"broader", Breadth{170, 180}, "broader", 1},
		{"narrower", Breadth{40, 60}, "narrower", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mo := worldMotion()
			mo.Breadth = &tt.hint
			p, err := e.Predict(ctx, mo)
			if err != nil {
				t.Fatal(err)
			}
			var sum float64
			for i, s := range p.States {
				sum += s.PYes
				if d := (s.PYes - plain.States[i].PYes) * tt.sign; d < -1e-9 {
					t.Errorf("%s: p_yes %.4f -> %.4f, against the hint", s.Country, plain.States[i].PYes, s.PYes)
				}
			}
			if math.Abs(sum-tt.hint.Mid()) > 1 {
				t.Errorf("expected yes votes %.1f, want the hint's middle %.1f", sum, tt.hint.Mid())
			}
			found := false
			for _, n := range p.Notes {
				found = found || strings.Contains(n, tt.word)
			}
			if !found {
				t.Errorf("notes %q do not say the motion is %s", p.Notes, tt.word)
			}
		})
	}
}

func TestFitDay(t *testing.T) {
	tests := []struct {
		name       string
		asof, last time.Time
		want       time.Time
	}{
		{"no roll calls: the as-of year", entente.Day(2024, 11, 15), time.Time{}, entente.Day(2024, 1, 1)},
		{"votes earlier in the year", entente.Day(2023, 11, 15), entente.Day(2023, 10, 30), entente.Day(2023, 1, 1)},
		{"votes until the year before", entente.Day(2024, 11, 15), entente.Day(2023, 12, 21), entente.Day(2024, 1, 1)},
		{"data ended years before", entente.Day(2026, 12, 4), entente.Day(2023, 12, 21), entente.Day(2024, 1, 1)},
		{"the first day after the data's end year", entente.Day(2025, 1, 1), entente.Day(2023, 12, 21), entente.Day(2024, 1, 1)},
		{"first of January itself", entente.Day(2024, 1, 1), entente.Day(2023, 12, 21), entente.Day(2024, 1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FitDay(tt.asof, tt.last); !got.Equal(tt.want) {
				t.Errorf("FitDay(%s, %s) = %s, want %s", tt.asof.Format(entente.DateLayout), tt.last.Format(entente.DateLayout), got.Format(entente.DateLayout), tt.want.Format(entente.DateLayout))
			}
		})
	}
}

// TestFeaturizer_BuildSpread checks that cases built on several cores,
// each worker with a featurizer of its own, are the same to the last bit
// as cases built one after the other.
func TestFeaturizer_BuildSpread(t *testing.T) {
	st := buildWorld(t, worldOptions{})
	asof := worldMotion().Date
	h, err := Load(context.Background(), st, loadRegistry(t), LoadConfig{Until: asof})
	if err != nil {
		t.Fatal(err)
	}
	all := make([]int, len(h.rcs))
	for r := range all {
		all[r] = r
	}
	one := newFeaturizer(h, worldConfig())
	one.buildSpread(all, 1)
	for _, workers := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			many := newFeaturizer(h, worldConfig())
			many.buildSpread(all, workers)
			if len(many.cases) != len(all) {
				t.Fatalf("%d cases built, want %d", len(many.cases), len(all))
			}
			for _, r := range all {
				a, b := one.cases[r], many.cases[r]
				if !slices.Equal(a.pop, b.pop) || !slices.Equal(a.labels, b.labels) || !reflect.DeepEqual(a.q, b.q) {
					t.Fatalf("roll call %d: population, labels or query differ", r)
				}
				for k := range a.rows {
					for j := range a.rows[k] {
						if math.Float64bits(a.rows[k][j]) != math.Float64bits(b.rows[k][j]) {
							t.Fatalf("roll call %d, state %s, %s: %v built alone, %v spread", r, h.codes[a.pop[k]], featureNames[j], a.rows[k][j], b.rows[k][j])
						}
					}
				}
			}
		})
	}
}

// Test_labelled checks that the fit's rows repeat the votes of roll calls
// without a same-series analogue LooseWeight times, in case order, and
// skip the members that cast no vote.
func Test_labelled(t *testing.T) {
	series := &rcCase{q: query{similar: []simRC{{series: true}}}, rows: [][]float64{{1}, {2}}, labels: []int8{0, -1}}
	loose := &rcCase{q: query{similar: []simRC{{series: false}}}, rows: [][]float64{{3}, {4}}, labels: []int8{1, 2}}
	noAnalogue := &rcCase{rows: [][]float64{{5}}, labels: []int8{2}}
	cases := []*rcCase{series, loose, noAnalogue}
	tests := []struct {
		name   string
		weight int
		wantX  []float64
		wantY  []int8
	}{
		{"counted once", 1, []float64{1, 3, 4, 5}, []int8{0, 1, 2, 2}},
		{"loose counted twice", 2, []float64{1, 3, 4, 3, 4, 5, 5}, []int8{0, 1, 2, 1, 2, 2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			X, y := labelled(cases, 1000, 1, tt.weight)
			var gotX []float64
			for _, row := range X {
				gotX = append(gotX, row[0])
			}
			if !slices.Equal(gotX, tt.wantX) || !slices.Equal(y, tt.wantY) {
				t.Errorf("labelled(weight %d) = %v, %v; want %v, %v", tt.weight, gotX, y, tt.wantX, tt.wantY)
			}
		})
	}
	t.Run("subsampled to the cap", func(t *testing.T) {
		if X, y := labelled(cases, 3, 1, 2); len(X) != 3 || len(y) != 3 {
			t.Errorf("labelled(cap 3) gave %d rows and %d labels, want 3", len(X), len(y))
		}
	})
}

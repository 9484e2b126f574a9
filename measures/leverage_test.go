package measures_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"entente"
	"entente/measures"
)

// leverageFixture is North Korea's ties: COW trade of 2014, SIPRI
// deliveries of 2009–2010, the alliances and curated treaties of
// securityFixture, the curated 98.3 % China trade share of 2023, and a few
// events of 2024.
func leverageFixture(t testing.TB) fill {
	f := securityFixture(t)
	tf := tradeFixture()
	af := alignmentFixture()
	f.Sources = append(f.Sources, tf.Sources...)
	f.Sources = append(f.Sources, source("sipri.tiv:2022", 1950, 2021), source("gdelt2:test", 2015, 2025))
	f.Ties = append(f.Ties, tf.Ties...)
	f.Ties = append(f.Ties,
		flow("RUS", "PRK", 2014, 10), flow("PRK", "RUS", 2014, 90),
		total("RUS", 2014, 285843.526072, 497614.861644),
		arms(entente.TieArmsTransfer, "RUS", "PRK", 2009, 4), arms(entente.TieArmsTransfer, "RUS", "PRK", 2010, 1),
	)
	f.RollCalls, f.Votes = af.RollCalls, af.Votes
	d := entente.Day(2024, 6, 1)
	f.Events = []entente.Event{
		event("e1", "USA", "PRK", d, "THREATEN", -4.4, false),
		event("e2", "USA", "PRK", d, "THREATEN", -4.4, false),
		event("e3", "USA", "PRK", d, "CONSULT", 1, false),
		event("e4", "USA", "PRK", d, "ASSAULT", -10, true),
		event("e5", "RUS", "PRK", d, "AGREE", 3.4, false),
		event("e6", "RUS", "PRK", d, "AGREE", 3.4, false),
		event("e7", "PRK", "RUS", d, "SUPPORT", 3.4, false),
		event("e8", "USA", "PRK", entente.Day(2023, 6, 1), "ASSAULT", -10, false),
	}
	return f
}

func TestLeverage_Compute(t *testing.T) {
	e := engine(t, openStore(t, leverageFixture(t)))
	ctx := context.Background()
	type terms map[string]float64
	tests := []struct {
		name         string
		holder, over string
		year         int
		score        float64
		level        int
		want         terms
		curated      []string
		noData       []string
	}{
		{"CHN over PRK 2024", "CHN", "PRK", 2024, 0.25*0.983 + 0.2*(0.983-0.001260) + 0.15, 5,
			terms{"trade": 0.983, "asymmetry": 0.983 - 0.001260, "arms": 0, "supplier": 0, "security": 1, "hostility": 0},
			[]string{"trade", "asymmetry", "security"}, []string{"arms", "supplier", "hostility"}},
		{"RUS over PRK 2024", "RUS", "PRK", 2024, 0.25*0.0122448 + 0.2*0.0121172 + 0.15, 3,
			terms{"trade": 0.0122448, "asymmetry": 0.0121172, "arms": 0, "supplier": 0, "security": 1, "hostility": 0},
			[]string{"security"}, []string{"arms", "supplier"}},
		{"USA over PRK 2024", "USA", "PRK", 2024, 0.1 * 2.0 / 3, 2,
			terms{"trade": 0, "asymmetry": 0, "security": 0, "hostility": 2.0 / 3},
			nil, []string{"arms", "supplier"}},
		{"RUS over PRK 2012: main supplier in 2008-2012", "RUS", "PRK", 2012, 0.2*1 + 0.1*1 + 0.15*0.25, 4,
			terms{"trade": 0, "asymmetry": 0, "arms": 1, "supplier": 1, "security": 0.25, "hostility": 0},
			nil, []string{"trade", "asymmetry", "hostility"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := e.Leverage(ctx, tt.holder, tt.over, tt.year)
			if err != nil {
				t.Fatal(err)
			}
			if !near(l.Score, tt.score, 1e-5) || l.Level != tt.level {
				for _, term := range l.Terms {
					t.Logf("%s %.4f: %s", term.Name, term.Value, term.Explanation)
				}
				t.Fatalf("score %.6f level %d, want %.6f %d", l.Score, l.Level, tt.score, tt.level)
			}
			var sum float64
			for _, term := range l.Terms {
				sum += term.Contribution
				if w, ok := tt.want[term.Name]; ok && !near(term.Value, w, 1e-5) {
					t.Errorf("%s = %.6f, want %.6f (%s)", term.Name, term.Value, w, term.Explanation)
				}
				if term.Explanation == "" {
					t.Errorf("%s has no explanation", term.Name)
				}
				if has(tt.curated, term.Name) != term.Curated {
					t.Errorf("%s curated = %v", term.Name, term.Curated)
				}
				if has(tt.noData, term.Name) != term.NoData {
					t.Errorf("%s no data = %v (%s)", term.Name, term.NoData, term.Explanation)
				}
			}
			if !near(sum, l.Score, 1e-12) {
				t.Errorf("contributions sum to %v, score %v", sum, l.Score)
			}
		})
	}
}

func has(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestLeverage_Explanations(t *testing.T) {
	e := engine(t, openStore(t, leverageFixture(t)))
	l, err := e.Leverage(context.Background(), "CHN", "PRK", 2024)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"trade":     "CHN is 98.3% of PRK's trade in 2023 (curated: KOTRA",
		"asymmetry": "PRK's dependence on CHN 98.3% minus CHN's on PRK 0.1% (2014); PRK's figure curated (2023)",
		"arms":      "no arms deliveries to PRK recorded 2020-2024",
		"security":  "in force in 2024: defence (atop 1961-2018, data end 2018); defence (cow-alliance 1961-2012, data end 2012); defence (curated 1961-)",
		"hostility": "no events of CHN toward PRK in 2024",
	}
	for _, term := range l.Terms {
		if w, ok := want[term.Name]; ok && !strings.HasPrefix(term.Explanation, w) {
			t.Errorf("%s:\n got  %s\n want %s…", term.Name, term.Explanation, w)
		}
	}
	usa, err := e.Leverage(context.Background(), "USA", "PRK", 2024)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := usa.Term("hostility")
	if h.Explanation != "2 of 3 events of USA toward PRK in 2024 conflictual (66.7%), mean Goldstein -2.60; negated, counted apart: 1" {
		t.Errorf("hostility: %s", h.Explanation)
	}
}

func TestLeverageOver_Rank(t *testing.T) {
	e := engine(t, openStore(t, leverageFixture(t)))
	r, err := e.LeverageOver(context.Background(), "PRK", 2024)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range r.Holders {
		got = append(got, h.Holder)
	}
	if strings.Join(got, ",") != "CHN,RUS,USA" {
		t.Errorf("ranking %v, want CHN,RUS,USA", got)
	}
	if r.Formula == "" || r.Weights != measures.DefaultWeights() {
		t.Errorf("ranking lacks its formula or weights: %+v", r)
	}
	// Overriding weights changes the order: with security alone, CHN and
	// RUS tie and are ordered by code.
	w, err := measures.ParseWeights("trade=0,asymmetry=0,arms=0,supplier=0,hostility=0", measures.DefaultWeights())
	if err != nil {
		t.Fatal(err)
	}
	cfg := measures.DefaultConfig()
	cfg.Weights = w
	e2, err := measures.New(openStore(t, leverageFixture(t)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	r, err = e2.LeverageOver(context.Background(), "PRK", 2024)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Holders) != 2 || r.Holders[0].Holder != "CHN" || r.Holders[0].Score != 1 || r.Holders[1].Score != 1 {
		t.Errorf("security-only ranking %+v", r.Holders)
	}
}

func TestLevelOf(t *testing.T) {
	for _, tt := range []struct {
		score float64
		level int
	}{{0, 1}, {0.049, 1}, {0.05, 2}, {0.149, 2}, {0.15, 3}, {0.3, 4}, {0.5, 5}, {1, 5}} {
		if got := measures.LevelOf(tt.score); got != tt.level {
			t.Errorf("LevelOf(%v) = %d, want %d", tt.score, got, tt.level)
		}
	}
}

func TestParseWeights(t *testing.T) {
	base := measures.DefaultWeights()
	tests := []struct {
		name, in string
		want     measures.Weights
		err      string
	}{
		{"empty keeps defaults", "", base, ""},
		{"override two", "trade=0.3, arms=0.25", measures.Weights{Trade: 0.3, Asymmetry: 0.2, Arms: 0.25, Supplier: 0.1, Security: 0.15, Hostility: 0.1}, ""},
		{"file form", "# weights\ntrade 0.5\nhostility=0 # ignore events\n", measures.Weights{Trade: 0.5, Asymmetry: 0.2, Arms: 0.2, Supplier: 0.1, Security: 0.15}, ""},
		{"unknown term", "gdp=1", base, "unknown term"},
		{"not a number", "trade=lots", base, "not a number"},
		{"negative", "trade=-1", base, "finite number >= 0"},
		{"all zero", "trade=0,asymmetry=0,arms=0,supplier=0,security=0,hostility=0", base, "at least one"},
		{"twice", "trade=1,trade=2", base, "given twice"},
		{"no value", "trade", base, "want name=value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := measures.ParseWeights(tt.in, base)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, entente.ErrInvalid) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
	if s := base.String(); s != "trade=0.25,asymmetry=0.2,arms=0.2,supplier=0.1,security=0.15,hostility=0.1" {
		t.Errorf("String() = %s", s)
	}
	if got, err := measures.ReadWeights(strings.NewReader("arms=0.4\n"), base); err != nil || got.Arms != 0.4 {
		t.Errorf("ReadWeights = %+v, %v", got, err)
	}
}

func TestConfig_Validate(t *testing.T) {
	if err := measures.DefaultConfig().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for name, mut := range map[string]func(*measures.Config){
		"arms window 0":   func(c *measures.Config) { c.ArmsWindow = 0 },
		"event window 31": func(c *measures.Config) { c.EventWindow = 31 },
		"lookback -1":     func(c *measures.Config) { c.Lookback = -1 },
		"negative weight": func(c *measures.Config) { c.Weights.Security = -0.1 },
	} {
		t.Run(name, func(t *testing.T) {
			c := measures.DefaultConfig()
			mut(&c)
			if err := c.Validate(); !errors.Is(err, entente.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
			if _, err := measures.New(openStore(t, fill{}), c); err == nil {
				t.Error("New accepted an invalid config")
			}
		})
	}
}

// TestLeverage_DataYears checks the year each term's data are for, and
// that a year before the one asked is marked carried: the fixture's trade
// ends in 2014, SIPRI in 2021, ATOP in 2018 (COW alliances in 2012).
func TestLeverage_DataYears(t *testing.T) {
	e := engine(t, openStore(t, leverageFixture(t)))
	type year struct {
		year    int
		carried bool
	}
	tests := []struct {
		name         string
		holder, over string
		year         int
		want         map[string]year
	}{
		{"USA over PRK 2024: no tie in force, as of the alliance data's end", "USA", "PRK", 2024, map[string]year{
			"trade": {2014, true}, "asymmetry": {2014, true}, "arms": {2021, true}, "supplier": {2021, true},
			"security": {2018, true}, "hostility": {2024, false}}},
		{"CHN over PRK 2024: curated figures", "CHN", "PRK", 2024, map[string]year{
			"trade": {2023, true}, "security": {2024, false}, "hostility": {0, false}}},
		{"RUS over PRK 2014: nothing carried", "RUS", "PRK", 2014, map[string]year{
			"trade": {2014, false}, "arms": {2014, false}, "security": {2014, false}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := e.Leverage(context.Background(), tc.holder, tc.over, tc.year)
			if err != nil {
				t.Fatal(err)
			}
			for name, w := range tc.want {
				term, ok := l.Term(name)
				if !ok {
					t.Fatalf("no term %s", name)
				}
				if term.DataYear != w.year || term.Carried != w.carried {
					t.Errorf("%s: data year %d carried %v, want %d %v (%s)", name, term.DataYear, term.Carried, w.year, w.carried, term.Explanation)
				}
			}
		})
	}
}

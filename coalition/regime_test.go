package coalition

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"entente"
)

func TestDefaultRegimeBreaks(t *testing.T) {
	bs, err := parseRegimeBreaks(regimeBreaksTSV)
	if err != nil {
		t.Fatal(err)
	}
	if err := validateRegimeBreaks(bs); err != nil {
		t.Fatal(err)
	}
	var niger bool
	for _, b := range bs {
		if b.Source == "" {
			t.Errorf("%s %s: no source", b.State, b.Date.Format(entente.DateLayout))
		}
		if b.State == "NER" && b.Date.Equal(entente.Day(2023, time.July, 26)) {
			niger = true
		}
		// The seat of these states stayed with the government that was
		// overthrown, so their later votes are not the new rulers'.
		if b.State == "AFG" || b.State == "MMR" {
			t.Errorf("%s listed: its UN seat stayed with the former government", b.State)
		}
	}
	if !niger {
		t.Error("Niger's coup of 26 July 2023 is not listed")
	}
	if len(DefaultConfig().RegimeBreaks) != len(bs) {
		t.Error("the default config does not carry the curated list")
	}
}

func TestParseRegimeBreaks_Bad(t *testing.T) {
	for _, text := range []string{"NER\t2023-07-26\tcoup", "NER\t26/07/2023\tcoup\tsource"} {
		if _, err := parseRegimeBreaks(text); err == nil {
			t.Errorf("%q: no error", text)
		}
	}
}

// TestEngine_RegimeBreak checks that, after a state's regime break, its
// earlier votes stop counting: its votes on the analogues, its record and
// agreement over the last sessions and its ideal point are gone from its
// features, its explanation says why, and a motion dated before the break
// still reads them.
func TestEngine_RegimeBreak(t *testing.T) {
	st := buildWorld(t, worldOptions{Session70: true})
	ctx := context.Background()
	asof := entente.Day(2017, time.March, 1)
	h, err := Load(ctx, st, loadRegistry(t), LoadConfig{Until: asof})
	if err != nil {
		t.Fatal(err)
	}
	cfg := worldConfig()
	cfg.RegimeBreaks = []RegimeBreak{{State: "IND", Date: entente.Day(2017, time.January, 15), Event: "test coup", Source: "test"}}
	e, err := NewEngine(ctx, h, asof, cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Predict(ctx, worldMotion())
	if err != nil {
		t.Fatal(err)
	}
	// An engine as of a day before the break reads the state's votes.
	early := entente.Day(2017, time.January, 10)
	hb, err := Load(ctx, st, loadRegistry(t), LoadConfig{Until: early})
	if err != nil {
		t.Fatal(err)
	}
	eb, err := NewEngine(ctx, hb, early, cfg)
	if err != nil {
		t.Fatal(err)
	}
	before := worldMotion()
	before.Date = early
	pb, err := eb.Predict(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		p          *Prediction
		country    string
		broken     bool
		simNone    float64
		thetaGone  float64
		agreeKnown bool
	}{
		{"after the break", p, "IND", true, 1, 1, false},
		{"before the break", pb, "IND", false, 0, 0, true},
		{"another state", p, "BRA", false, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := tt.p.State(tt.country)
			if !ok {
				t.Fatalf("%s not predicted", tt.country)
			}
			if s.x[fSimNone] != tt.simNone {
				t.Errorf("sim_none = %v, want %v", s.x[fSimNone], tt.simNone)
			}
			if s.x[fThetaMissing] != tt.thetaGone {
				t.Errorf("theta_missing = %v, want %v", s.x[fThetaMissing], tt.thetaGone)
			}
			w := tt.p.eng.f.window(tt.p.q.day)
			_, ok = w.agreement(tt.p.eng.h.idx[tt.country], tt.p.eng.h.idx["USA"])
			if ok != tt.agreeKnown {
				t.Errorf("agreement with USA known = %v, want %v", ok, tt.agreeKnown)
			}
			var said bool
			for _, r := range s.Reasons {
				if r.Factor == FactorRegime {
					said = strings.Contains(r.Detail, "2017-01-15") && strings.Contains(r.Detail, "not counted")
				}
			}
			if said != tt.broken {
				t.Errorf("reasons %+v: regime break named = %v, want %v", s.Reasons, said, tt.broken)
			}
			// The sessions a window-based reason names come with the
			// break's day when the state's earlier votes were left out.
			usa, _ := tt.p.eng.describe(&tt.p.q, tt.p.eng.h.idx[tt.country], FactorUSA, s.x, nil)
			if got := strings.Contains(usa, "(its votes from 2017-01-15 on)"); got != tt.broken {
				t.Errorf("USA reason %q: names the break's day = %v, want %v", usa, got, tt.broken)
			}
		})
	}
	t.Run("probabilities still sum to one", func(t *testing.T) {
		s, _ := p.State("IND")
		if sum := s.PYes + s.PAbstain + s.PNo; math.Abs(sum-1) > 1e-3 {
			t.Errorf("sum %v", sum)
		}
	})
}

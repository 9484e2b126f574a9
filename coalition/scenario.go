package coalition

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"entente"
)

// ChangeKind names what a scenario change touches.
type ChangeKind string

const (
	ChangeArms     ChangeKind = "arms"     // arms deliveries from A to B scaled
	ChangeTrade    ChangeKind = "trade"    // trade between A and B scaled
	ChangeAlliance ChangeKind = "alliance" // an alliance or agreement of A and B added or removed
	ChangeStance   ChangeKind = "stance"   // state A's stance on the motion fixed
)

// Change is one counterfactual: "RUS arms deliveries to IND −50 %",
// "CHN condemns", "a new PHL–USA agreement".
type Change struct {
	Kind ChangeKind `json:"kind" yaml:"kind"`
	A    string     `json:"a" yaml:"a"`
	B    string     `json:"b,omitempty" yaml:"b,omitempty"`
	// Change is a relative change for arms and trade, e.g. "-50%" or -0.5.
	Change string `json:"change,omitempty" yaml:"change,omitempty"`
	// Action is "add" or "remove" for alliances.
	Action string `json:"action,omitempty" yaml:"action,omitempty"`
	// Stance is condemns/yes, abstains or opposes/no for stance changes.
	Stance string `json:"stance,omitempty" yaml:"stance,omitempty"`
	// Name describes the change in the output.
	Name string `json:"name,omitempty" yaml:"name,omitempty"`

	factor float64
}

// Scenario is a set of changes applied to the ties before predicting.
type Scenario struct {
	ID      string   `json:"id" yaml:"id"`
	Title   string   `json:"title,omitempty" yaml:"title,omitempty"`
	Changes []Change `json:"changes" yaml:"changes"`

	stances []pinnedStance
	// file and lines (each change's first line) locate errors found after
	// parsing, as Motion's do.
	file  string
	lines []int64
}

type pinnedStance struct {
	country int
	stance  float64
}

func (s *Scenario) stanceOf(c int) (float64, bool) {
	for _, p := range s.stances {
		if p.country == c {
			return p.stance, true
		}
	}
	return 0, false
}

// LoadScenario reads a scenario file (JSON by extension, else YAML).
func LoadScenario(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return ParseScenario(path, data)
}

// ParseScenario parses and checks a scenario; problems are
// *entente.InputError values naming the change's line and field.
func ParseScenario(name string, data []byte) (*Scenario, error) {
	var s Scenario
	if strings.EqualFold(filepath.Ext(name), ".json") || bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			return nil, &entente.InputError{File: name, Err: fmt.Errorf("not a JSON scenario: %w", err)}
		}
	} else if err := decodeYAML(data, &s); err != nil {
		line := int64(0)
		if m := reYAMLLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.ParseInt(m[1], 10, 64)
		}
		msg := err.Error()
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		return nil, &entente.InputError{File: name, Line: line, Err: fmt.Errorf("not a YAML scenario: %s", strings.TrimSpace(reYAMLLine.ReplaceAllString(msg, "")))}
	}
	lines := changeLines(data)
	s.file, s.lines = name, lines
	if len(s.Changes) == 0 {
		return nil, &entente.InputError{File: name, Field: "changes", Err: errors.New("a scenario needs at least one change")}
	}
	for i := range s.Changes {
		c := &s.Changes[i]
		var line int64
		if i < len(lines) {
			line = lines[i]
		}
		bad := func(field string, err error) error {
			return &entente.InputError{File: name, Line: line, Field: fmt.Sprintf("changes[%d].%s", i, field), Err: err}
		}
		c.Kind = ChangeKind(strings.ToLower(strings.TrimSpace(string(c.Kind))))
		c.A = strings.ToUpper(strings.TrimSpace(c.A))
		c.B = strings.ToUpper(strings.TrimSpace(c.B))
		if !isCode(c.A) {
			return nil, bad("a", fmt.Errorf("%q: want an ISO3 state code", c.A))
		}
		switch c.Kind {
		case ChangeArms, ChangeTrade:
			if !isCode(c.B) {
				return nil, bad("b", fmt.Errorf("%q: want an ISO3 state code", c.B))
			}
			f, err := parseChange(c.Change)
			if err != nil {
				return nil, bad("change", err)
			}
			c.factor = 1 + f
		case ChangeAlliance:
			if !isCode(c.B) {
				return nil, bad("b", fmt.Errorf("%q: want an ISO3 state code", c.B))
			}
			c.Action = strings.ToLower(strings.TrimSpace(c.Action))
			if c.Action == "" {
				c.Action = "add"
			}
			if c.Action != "add" && c.Action != "remove" {
				return nil, bad("action", fmt.Errorf("%q: want add or remove", c.Action))
			}
		case ChangeStance:
			switch strings.ToLower(strings.TrimSpace(c.Stance)) {
			case "condemns", "condemn", "yes", "supports", "support":
				c.factor = 1
			case "opposes", "oppose", "no":
				c.factor = -1
			case "abstains", "abstain", "silent":
				c.factor = 0
			default:
				return nil, bad("stance", fmt.Errorf("%q: want condemns, abstains or opposes", c.Stance))
			}
		default:
			return nil, bad("kind", fmt.Errorf("%q: want arms, trade, alliance or stance", c.Kind))
		}
		if c.A == c.B {
			return nil, bad("b", errors.New("same state as a"))
		}
	}
	return &s, nil
}

// parseChange reads "-50%", "+20 %", "-0.5" as a relative change.
// maxRelativeChange is the largest relative growth a scenario may ask
// for: +10000 %, a tie a hundred and one times its size.
const maxRelativeChange = 100.0

func parseChange(s string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	s = strings.ReplaceAll(s, "−", "-")
	if s == "" {
		return 0, errors.New("missing: want a relative change such as -50%")
	}
	pctSign := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q: want a relative change such as -50%%", s)
	}
	if pctSign {
		v /= 100
	}
	if v < -1 {
		return 0, fmt.Errorf("%q: a tie cannot shrink by more than 100%%", s)
	}
	// A tie multiplied beyond reason (1e308%) overflows the features to
	// infinity and the probabilities to NaN; a hundredfold is far beyond
	// any counterfactual an analyst means.
	if v > maxRelativeChange {
		return 0, fmt.Errorf("%q: a tie cannot grow by more than %g%%", s, maxRelativeChange*100)
	}
	return v, nil
}

func changeLines(data []byte) []int64 {
	var out []int64
	in := false
	for i, l := range bytes.Split(data, []byte("\n")) {
		t := strings.TrimSpace(string(l))
		if strings.HasPrefix(t, "changes") || strings.HasPrefix(t, `"changes"`) {
			in = true
			continue
		}
		if in && (strings.HasPrefix(t, "- ") || t == "-" || strings.HasPrefix(t, "{")) {
			out = append(out, int64(i+1))
		}
	}
	return out
}

// String describes a change in words.
func (c Change) String() string {
	if c.Name != "" {
		return c.Name
	}
	switch c.Kind {
	case ChangeArms:
		return fmt.Sprintf("%s arms deliveries to %s %+.0f%%", c.A, c.B, 100*(c.factor-1))
	case ChangeTrade:
		return fmt.Sprintf("%s–%s trade %+.0f%%", c.A, c.B, 100*(c.factor-1))
	case ChangeAlliance:
		if c.Action == "remove" {
			return fmt.Sprintf("no %s–%s alliance", c.A, c.B)
		}
		return fmt.Sprintf("a new %s–%s agreement", c.A, c.B)
	case ChangeStance:
		return fmt.Sprintf("%s %s", c.A, map[float64]string{1: "condemns", 0: "abstains", -1: "opposes"}[c.factor])
	}
	return string(c.Kind)
}

// apply returns a copy of the history with the scenario's tie changes, and
// records its stance changes.
func (s *Scenario) apply(h *History) (*History, error) {
	c2 := *h
	c2.panel = h.panel.Clone()
	s.stances = nil
	for _, ch := range s.Changes {
		for _, code := range []string{ch.A, ch.B} {
			if code == "" {
				continue
			}
			if a, ok := h.reg.Actor(code); !ok || a.Kind != entente.KindState {
				return nil, fmt.Errorf("scenario %s: %s is not a state entente knows: %w", s.ID, code, entente.ErrInvalid)
			}
		}
		a, b := c2.country(ch.A), -1
		if ch.B != "" {
			b = c2.country(ch.B)
		}
		c2.panel.Grow(c2.codes)
		switch ch.Kind {
		case ChangeArms:
			c2.panel.ScaleArms(a, b, ch.factor)
		case ChangeTrade:
			c2.panel.ScaleTrade(a, b, ch.factor)
		case ChangeAlliance:
			if ch.Action == "remove" {
				c2.panel.RemoveTies(a, b)
				continue
			}
			c2.panel.AddTreaty(a, b, ch.String(), entente.Evidence{Source: "scenario:" + s.ID, Text: ch.String()})
		case ChangeStance:
			s.stances = append(s.stances, pinnedStance{country: a, stance: ch.factor})
		}
	}
	c2.padIdeal()
	c2.unMembers = map[int32][]bool{}
	return &c2, nil
}

// Move is a state whose prediction a scenario changes.
type Move struct {
	Country    string             `json:"country"`
	Name       string             `json:"name"`
	Before     entente.VoteChoice `json:"before"`
	After      entente.VoteChoice `json:"after"`
	PYesBefore float64            `json:"p_yes_before"`
	PYesAfter  float64            `json:"p_yes_after"`
	PNoBefore  float64            `json:"p_no_before"`
	PNoAfter   float64            `json:"p_no_after"`
	// Why lists the factors whose effect on the log-odds of yes changed
	// most, with the new description.
	Why []Reason `json:"why"`
}

// Simulation compares a motion's prediction before and after a scenario.
type Simulation struct {
	Scenario *Scenario   `json:"scenario"`
	Changes  []string    `json:"changes"`
	Before   *Prediction `json:"-"`
	After    *Prediction `json:"after"`
	Moves    []Move      `json:"moves"`
}

// moveThreshold is the least change in p_yes or p_no reported as a move
// when the predicted stance stays the same.
const moveThreshold = 0.02

// Simulate predicts the motion with and without the scenario and reports
// who moves and why. The model is not refitted: a scenario changes the
// inputs, not what the past taught about them.
func (e *Engine) Simulate(ctx context.Context, m Motion, sc *Scenario) (*Simulation, error) {
	before, err := e.Predict(ctx, m)
	if err != nil {
		return nil, err
	}
	h2, err := sc.apply(e.h)
	if err != nil {
		return nil, err
	}
	e2 := &Engine{cfg: e.cfg, h: h2, f: newFeaturizer(h2, e.cfg), asof: e.asof, model: e.model}
	after, err := e2.predict(ctx, m, sc)
	if err != nil {
		return nil, err
	}
	sim := &Simulation{Scenario: sc, Before: before, After: after}
	for _, c := range sc.Changes {
		sim.Changes = append(sim.Changes, c.String())
	}
	prev := map[string]StatePrediction{}
	for _, s := range before.States {
		prev[s.Country] = s
	}
	for _, a := range after.States {
		b, ok := prev[a.Country]
		if !ok {
			continue
		}
		if a.Predicted == b.Predicted && math.Abs(a.PYes-b.PYes) < moveThreshold && math.Abs(a.PNo-b.PNo) < moveThreshold && math.Abs(a.PAbstain-b.PAbstain) < moveThreshold {
			continue
		}
		mv := Move{Country: a.Country, Name: a.Name, Before: b.Predicted, After: a.Predicted,
			PYesBefore: b.PYes, PYesAfter: a.PYes, PNoBefore: b.PNo, PNoAfter: a.PNo}
		// Factor effects toward yes, before and after.
		eb := effectsPP(e.model.stage2For(&before.q), b.x, 0)
		ea := effectsPP(e.model.stage2For(&after.q), a.x, 0)
		type d struct {
			f Factor
			v float64
		}
		var ds []d
		for f := range ea {
			// Every mover gets its reasons: the factors whose effect on its
			// yes probability changed by half a point or more.
			if v := ea[f] - eb[f]; math.Abs(v) >= 0.5 {
				ds = append(ds, d{f, v})
			}
		}
		sort.Slice(ds, func(i, j int) bool {
			if math.Abs(ds[i].v) != math.Abs(ds[j].v) {
				return math.Abs(ds[i].v) > math.Abs(ds[j].v)
			}
			return ds[i].f < ds[j].f
		})
		q, _ := e2.motionQuery(m, new([]string))
		for _, x := range ds[:min(3, len(ds))] {
			det, ev := e2.describe(&q, e2.h.idx[a.Country], x.f, a.x, a.Silences)
			mv.Why = append(mv.Why, Reason{Factor: x.f, Effect: round(x.v, 1), Toward: entente.VoteYes, Detail: det, Evidence: ev})
		}
		if _, pinned := sc.stanceOf(e2.h.idx[a.Country]); pinned {
			mv.Why = append([]Reason{{Factor: "scenario", Detail: "its stance is set by the scenario"}}, mv.Why...)
		}
		sim.Moves = append(sim.Moves, mv)
	}
	sort.Slice(sim.Moves, func(i, j int) bool {
		di := math.Abs(sim.Moves[i].PYesAfter - sim.Moves[i].PYesBefore)
		dj := math.Abs(sim.Moves[j].PYesAfter - sim.Moves[j].PYesBefore)
		if di != dj {
			return di > dj
		}
		return sim.Moves[i].Country < sim.Moves[j].Country
	})
	return sim, nil
}

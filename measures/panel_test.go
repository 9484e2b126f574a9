package measures_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/measures"
)

// tieReader serves ties from memory: the panel needs nothing else of a
// store, and without the bulk fast path it takes the plain Ties path.
type tieReader struct {
	entente.Reader
	ties []entente.Tie
}

func (r tieReader) Ties(_ context.Context, f entente.TieFilter) ([]entente.Tie, error) {
	var out []entente.Tie
	for _, t := range r.ties {
		if !strings.HasPrefix(string(t.Kind), f.KindPrefix) || f.FromYear != 0 && t.Year < f.FromYear || f.ToYear != 0 && t.Year > f.ToYear {
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

func yearly(kind entente.TieKind, a, b string, year int, v float64) entente.Tie {
	return entente.Tie{Kind: kind, A: a, B: b, Year: year, Value: v,
		Period:   entente.Period{From: entente.Day(year, time.January, 1), To: entente.Day(year, time.December, 31)},
		Evidence: entente.Evidence{Source: string(kind), Text: a + " " + b}}
}

func buildPanel(t *testing.T, ties []entente.Tie, until time.Time) *measures.Panel {
	t.Helper()
	p, err := measures.BuildPanel(context.Background(), tieReader{ties: ties}, measures.PanelConfig{Until: until, Codes: []string{"IND", "RUS", "USA", "FRA"}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func idx(t *testing.T, p *measures.Panel, code string) int {
	t.Helper()
	i, ok := p.Index(code)
	if !ok {
		t.Fatalf("%s not indexed", code)
	}
	return i
}

func TestPanel_ArmsShare(t *testing.T) {
	cut := measures.DayNumber(entente.Day(2024, time.November, 15))
	tests := []struct {
		name     string
		ties     []entente.Tie
		supplier string
		want     float64
		below    bool
		basis    string
	}{
		{name: "share over the window", supplier: "RUS", want: 0.75, basis: "SIPRI TIV table 2019-2023", ties: []entente.Tie{
			yearly(entente.TieArmsTransfer, "RUS", "IND", 2019, 300), yearly(entente.TieArmsTransfer, "FRA", "IND", 2021, 200),
			yearly(entente.TieArmsTransfer, "RUS", "IND", 2023, 300), yearly(entente.TieArmsTransfer, "USA", "IND", 2018, 999)}},
		{name: "a token delivery is no supplier", supplier: "USA", want: 0, below: true, ties: []entente.Tie{
			yearly(entente.TieArmsTransfer, "RUS", "IND", 2021, 500), yearly(entente.TieArmsTransfer, "USA", "IND", 2022, 0.5),
			yearly(entente.TieArmsTransfer, "RUS", "IND", 2023, 1)}},
		{name: "one release per window: the register when the table stops short", supplier: "RUS", want: 0.5, basis: "SIPRI register 2019-2023", ties: []entente.Tie{
			yearly(entente.TieArmsTransfer, "RUS", "IND", 2019, 900), yearly(entente.TieArmsTransfer, "FRA", "IND", 2021, 10),
			yearly(entente.TieArmsOrder, "RUS", "IND", 2022, 100), yearly(entente.TieArmsOrder, "FRA", "IND", 2023, 100)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := buildPanel(t, tt.ties, entente.Day(2024, time.November, 15))
			got := p.ArmsShare(idx(t, p, "IND"), []int{idx(t, p, tt.supplier)}, cut)
			if math.Abs(got.Value-tt.want) > 1e-9 || got.BelowMinimum != tt.below || tt.basis != "" && got.Basis != tt.basis {
				t.Errorf("ArmsShare = %v (below minimum %v, basis %q), want %v (%v, %q)", got.Value, got.BelowMinimum, got.Basis, tt.want, tt.below, tt.basis)
			}
		})
	}
}

func TestPanel_Ties(t *testing.T) {
	// A regional non-aggression pact coded dyad by dyad among seven states,
	// and a bilateral defence pledge between two of them.
	region := []string{"IND", "RUS", "USA", "FRA", "AAA", "BBB", "CCC"}
	var ties []entente.Tie
	for i, a := range region {
		for _, b := range region[i+1:] {
			ties = append(ties, yearly(entente.TieAllianceNonAggress, a, b, 2018, 1))
		}
	}
	ties = append(ties, yearly(entente.TieAllianceDefense, "USA", "FRA", 2018, 1),
		entente.Tie{Kind: entente.TieDeployment, A: "RUS", B: "IND", Period: entente.Period{From: entente.Day(2024, time.March, 1)}})
	p := buildPanel(t, ties, entente.Day(2025, time.January, 1))
	cut := measures.DayNumber(entente.Day(2024, time.November, 15))
	tests := []struct {
		name, a, b string
		want       []measures.TieClass
	}{
		{"regional pact only", "IND", "USA", []measures.TieClass{measures.ClassMultilateral}},
		{"deployment first, then the regional coding", "IND", "RUS", []measures.TieClass{measures.ClassDeployment, measures.ClassMultilateral}},
		{"defence pledge first", "USA", "FRA", []measures.TieClass{measures.ClassDefence, measures.ClassMultilateral}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.Ties(idx(t, p, tt.a), []int{idx(t, p, tt.b)}, cut)
			var classes []measures.TieClass
			for _, g := range got {
				classes = append(classes, g.Class)
			}
			if strings.Join(toStrings(classes), ",") != strings.Join(toStrings(tt.want), ",") {
				t.Errorf("Ties(%s, %s) classes %v, want %v", tt.a, tt.b, classes, tt.want)
			}
		})
	}
	t.Run("edges skip multilateral codings", func(t *testing.T) {
		es := p.Edges(cut)
		for _, e := range es[idx(t, p, "IND")] {
			if e.To == idx(t, p, "USA") {
				t.Errorf("IND has an edge to USA (%v) from a regional pact alone", e.Weight)
			}
		}
		found := false
		for _, e := range es[idx(t, p, "USA")] {
			found = found || e.To == idx(t, p, "FRA") && e.Weight == 1
		}
		if !found {
			t.Errorf("USA has no edge of weight 1 to FRA: %v", es[idx(t, p, "USA")])
		}
	})
}

func toStrings(cs []measures.TieClass) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

func TestPanel_Edits(t *testing.T) {
	ties := []entente.Tie{yearly(entente.TieArmsTransfer, "RUS", "IND", 2022, 400), yearly(entente.TieArmsTransfer, "FRA", "IND", 2022, 400),
		yearly(entente.TieTradeFlow, "IND", "USA", 2023, 50), yearly(entente.TieTradeFlow, "IND", "FRA", 2023, 50)}
	p := buildPanel(t, ties, entente.Day(2025, time.January, 1))
	cut := measures.DayNumber(entente.Day(2024, time.November, 15))
	ind, rus, usa, fra := idx(t, p, "IND"), idx(t, p, "RUS"), idx(t, p, "USA"), idx(t, p, "FRA")
	q := p.Clone()
	q.ScaleArms(rus, ind, 0.5)
	q.ScaleTrade(ind, usa, 3)
	q.AddTreaty(ind, fra, "a new agreement", entente.Evidence{Source: "scenario"})
	tests := []struct {
		name      string
		got, want float64
	}{
		{"original arms share kept", p.ArmsShare(ind, []int{rus}, cut).Value, 0.5},
		{"halved deliveries", q.ArmsShare(ind, []int{rus}, cut).Value, 200.0 / 600},
		{"original trade share kept", p.TradeShare(ind, []int{usa}, cut).Value, 0.5},
		{"tripled trade", q.TradeShare(ind, []int{usa}, cut).Value, 0.75},
		{"new treaty", float64(len(q.Ties(ind, []int{fra}, cut))), 1},
		{"no treaty in the original", float64(len(p.Ties(ind, []int{fra}, cut))), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > 1e-9 {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestPanelRules_Validate(t *testing.T) {
	bad := []measures.PanelRules{{TradeLookback: -1, ArmsWindow: 5, MultilateralPartners: 6}, {TradeLookback: 1, ArmsWindow: 5, MultilateralPartners: 1}, {TradeLookback: 1, ArmsWindow: 1, MinArmsTIV: -1, MultilateralPartners: 3}}
	for i, r := range bad {
		if err := r.Validate(); !errors.Is(err, entente.ErrInvalid) {
			t.Errorf("%d: Validate(%+v) = %v, want ErrInvalid", i, r, err)
		}
	}
	if err := measures.DefaultPanelRules().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

// tradeScanReader adds the TradeScanner fast path to tieReader, built from
// the same ties, so that both paths can be checked to agree.
type tradeScanReader struct{ tieReader }

func (r tradeScanReader) ScanTradeFlows(_ context.Context, from, to int, fn func(entente.TradeRow)) error {
	for _, t := range r.ties {
		if t.Kind != entente.TieTradeFlow || t.Year < from || to != 0 && t.Year > to {
			continue
		}
		fn(entente.TradeRow{A: t.A, B: t.B, Year: t.Year, Value: t.Value, Source: t.Evidence.Source,
			Reporter: t.Attrs["reporter"], Mirror: t.Attrs["mirror"] == "true", Estimate: t.Attrs["estimate"] == "true"})
	}
	return nil
}

func TestPanel_TradeSharePrecedence(t *testing.T) {
	flow := func(a, b string, year int, v float64, source string, attrs map[string]string) entente.Tie {
		t := yearly(entente.TieTradeFlow, a, b, year, v)
		t.Evidence.Source, t.Attrs = source, attrs
		return t
	}
	own := map[string]string{"reporter": "IND"}
	mirror := map[string]string{"reporter": "RUS", "mirror": "true"}
	estimate := map[string]string{"reporter": "IND", "estimate": "true"}
	// IND's other trade: 80 with the USA in every dataset.
	base := func(year int) []entente.Tie {
		return []entente.Tie{flow("IND", "USA", year, 80, "cow-trade.dyadic:4.0", nil), flow("IND", "USA", year, 80, "imf.dots:2023", own)}
	}
	tests := []struct {
		name  string
		ties  []entente.Tie
		want  float64
		basis string
	}{
		{name: "COW before DOTS", want: 20.0 / 100, basis: "COW trade", ties: append(base(2013),
			flow("IND", "RUS", 2013, 60, "imf.dots:2023", own), flow("IND", "RUS", 2013, 20, "cow-trade.dyadic:4.0", nil))},
		{name: "own report before the mirror, read in either order", want: 20.0 / 100, basis: "IMF DOTS", ties: append(base(2019),
			flow("IND", "RUS", 2019, 50, "imf.dots:2023", mirror), flow("IND", "RUS", 2019, 20, "imf.dots:2023", own))},
		{name: "a reported mirror before an own estimate", want: 30.0 / 110, basis: "IMF DOTS (partner's report or IMF estimate)", ties: append(base(2019),
			flow("IND", "RUS", 2019, 70, "imf.dots:2023", estimate), flow("IND", "RUS", 2019, 30, "imf.dots:2023", mirror))},
		{name: "DOTS before Comtrade", want: 20.0 / 100, basis: "IMF DOTS", ties: append(base(2020),
			flow("IND", "RUS", 2020, 90, "comtrade:2022", own), flow("IND", "RUS", 2020, 20, "imf.dots:2023", own))},
	}
	for _, tt := range tests {
		for _, fast := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/scanner=%v", tt.name, fast), func(t *testing.T) {
				var r entente.Reader = tieReader{ties: tt.ties}
				if fast {
					r = tradeScanReader{tieReader{ties: tt.ties}}
				}
				p, err := measures.BuildPanel(context.Background(), r, measures.PanelConfig{Until: entente.Day(2024, time.November, 15), Codes: []string{"IND", "RUS", "USA"}})
				if err != nil {
					t.Fatal(err)
				}
				got := p.TradeShare(idx(t, p, "IND"), []int{idx(t, p, "RUS")}, measures.DayNumber(entente.Day(2024, time.November, 15)))
				if math.Abs(got.Value-tt.want) > 1e-9 || got.Basis != tt.basis {
					t.Errorf("TradeShare = %v (%q), want %v (%q)", got.Value, got.Basis, tt.want, tt.basis)
				}
			})
		}
	}
}

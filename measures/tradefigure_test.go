package measures

import (
	"strings"
	"testing"

	"entente"
)

func flowTie(source string, value float64, attrs map[string]string) entente.Tie {
	return entente.Tie{Kind: entente.TieTradeFlow, A: "PRK", B: "CHN", Year: 2019, Value: value, Attrs: attrs,
		Evidence: entente.Evidence{Source: source, File: "f", Line: 1}}
}

// TestTradeFigure checks the precedence between sources of one flow: COW,
// then DOTS, then Comtrade; within a dataset the importer's own report,
// then the mirror, then estimates; and the mirror-only flag.
func TestTradeFigure(t *testing.T) {
	cow := flowTie("cow-trade.dyadic:4.0", 1, nil)
	dotsOwn := flowTie("imf.dots:2022-01:DOTS_147.xlsx", 2, map[string]string{"reporter": "PRK", "basis": "cif"})
	dotsOwnEst := flowTie("imf.dots:2022-01:DOTS_147.xlsx", 3, map[string]string{"reporter": "PRK", "basis": "cif", "estimate": "true"})
	dotsMirror := flowTie("imf.dots:2022-01:DOTS_40.xlsx", 4, map[string]string{"reporter": "CHN", "basis": "fob", "mirror": "true"})
	comtrade := flowTie("comtrade:2022:TradeData.csv", 5, map[string]string{"reporter": "CHN", "mirror": "true"})
	tests := []struct {
		name       string
		cands      []entente.Tie
		want       float64
		mirrorOnly bool
		mirror     bool
	}{
		{"COW first", []entente.Tie{comtrade, dotsOwn, cow}, 1, false, false},
		{"DOTS before Comtrade", []entente.Tie{comtrade, dotsMirror}, 4, true, true},
		{"own report before mirror", []entente.Tie{dotsMirror, dotsOwn}, 2, false, false},
		{"mirror report before own estimate (DPRK)", []entente.Tie{dotsOwnEst, dotsMirror}, 4, true, true},
		{"own estimate alone", []entente.Tie{dotsOwnEst}, 3, true, false},
		{"Comtrade alone", []entente.Tie{comtrade}, 5, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, l, ok := TradeFigure(tt.cands)
			if !ok || got.Value != tt.want || l.MirrorOnly != tt.mirrorOnly || l.Mirror != tt.mirror || l.DataYear != 2019 || l.Source != got.Evidence.Source {
				t.Errorf("TradeFigure = %v, %+v, %v; want value %v, mirror-only %v, mirror %v", got.Value, l, ok, tt.want, tt.mirrorOnly, tt.mirror)
			}
		})
	}
	if _, _, ok := TradeFigure(nil); ok {
		t.Error("TradeFigure(nil) ok, want false")
	}
}

// TestCompareTrade checks that a flow two datasets give is listed with
// both figures in precedence order and their spread.
func TestCompareTrade(t *testing.T) {
	ties := []entente.Tie{
		flowTie("imf.dots:2022-01:DOTS_40.xlsx", 80, map[string]string{"reporter": "CHN", "mirror": "true"}),
		flowTie("cow-trade.dyadic:4.0", 100, nil),
		flowTie("imf.dots:2022-01:DOTS_147.xlsx", 90, map[string]string{"reporter": "PRK", "estimate": "true"}),
	}
	only := flowTie("imf.dots:2022-01:DOTS_40.xlsx", 7, map[string]string{"reporter": "CHN"})
	only.A, only.B = "CHN", "PRK"
	got := CompareTrade(append(ties, only))
	if len(got) != 1 {
		t.Fatalf("CompareTrade = %+v, want one flow", got)
	}
	d := got[0]
	if d.Importer != "PRK" || d.Exporter != "CHN" || len(d.Figures) != 2 || d.Figures[0].Value != 100 || d.Figures[1].Value != 80 {
		t.Errorf("disagreement = %+v", d)
	}
	if d.Spread < 0.199 || d.Spread > 0.201 {
		t.Errorf("spread = %v, want 0.2", d.Spread)
	}
}

func TestTradeDatasetNames(t *testing.T) {
	cases := []struct {
		name string
		in   []TradeLineage
		want string
	}{
		{"none", nil, ""},
		{"cow only", []TradeLineage{{Dataset: "cow-trade.dyadic"}, {Dataset: "cow-trade.national"}, {}}, "COW"},
		{"by precedence", []TradeLineage{{Dataset: "comtrade"}, {Dataset: "imf.dots"}, {Dataset: "cow-trade.dyadic"}}, "COW|IMF DOTS|UN Comtrade"},
		{"other dataset kept", []TradeLineage{{Dataset: "custom"}, {Dataset: "imf.dots"}}, "IMF DOTS|custom"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := strings.Join(TradeDatasetNames(c.in...), "|"); got != c.want {
				t.Errorf("TradeDatasetNames = %q, want %q", got, c.want)
			}
		})
	}
}

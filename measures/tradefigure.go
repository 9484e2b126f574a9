package measures

import (
	"fmt"
	"slices"
	"strings"

	"entente"
)

// Trade figures come from several datasets that overlap in time: the COW
// trade data (to 2014), the IMF's Direction of Trade Statistics (to 2020)
// and UN Comtrade (2022 for a few reporters). Each reports every flow twice
// — A's imports from B as A declared them, and as B declared its exports
// (a mirror figure) — and the IMF marks its own estimates. One figure is
// used per flow and year, chosen here and nowhere else:
//
//  1. dataset: COW where it covers the year, then IMF DOTS, then Comtrade,
//     then anything else (COW cleans and interpolates; DOTS is the IMF's
//     reconciled series; Comtrade the raw customs declarations);
//  2. within a dataset, the importer's own figure before the exporter's
//     (mirror) figure, and reported figures before IMF estimates: own
//     report, mirror report, own estimate, mirror estimate;
//  3. remaining ties (the same rank twice) keep the first read.
//
// A figure that is not the importer's own report carries MirrorOnly: for
// the DPRK, which publishes no trade statistics, every figure is a partner's
// report or an IMF estimate derived from partners' reports.

// Trade datasets by precedence (Source.Dataset prefixes).
const (
	DatasetCOWTrade = "cow-trade"
	DatasetIMFDOTS  = "imf.dots"
	DatasetComtrade = "comtrade"
)

// TradeLineage says where one trade figure came from.
type TradeLineage struct {
	// Dataset is the Source.Dataset of the figure ("cow-trade.dyadic",
	// "imf.dots", "comtrade").
	Dataset string `json:"dataset"`
	// Source is the Source.ID the figure's evidence cites.
	Source string `json:"source"`
	// Reporter is the state whose statistics gave the figure ("" when the
	// dataset does not say, as for COW's cleaned series).
	Reporter string `json:"reporter,omitempty"`
	// Mirror is set when the figure is the partner's report (A's imports
	// as B declared its exports).
	Mirror bool `json:"mirror,omitempty"`
	// Estimate keeps the IMF's " e" flag.
	Estimate bool `json:"estimate,omitempty"`
	// MirrorOnly is set when no figure of the importer's own report was
	// available, so the one used is a mirror figure or an estimate.
	MirrorOnly bool `json:"mirror_only,omitempty"`
	// DataYear is the year the figure is for.
	DataYear int `json:"data_year"`
}

// String renders lineage as a short citation: "imf.dots 2020, CHN's report
// (mirror only)".
func (l TradeLineage) String() string {
	if l.Dataset == "" {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d", l.Dataset, l.DataYear)
	switch {
	case l.Reporter != "" && l.Mirror:
		fmt.Fprintf(&b, ", %s's report (mirror)", l.Reporter)
	case l.Reporter != "":
		fmt.Fprintf(&b, ", %s's report", l.Reporter)
	}
	if l.Estimate {
		b.WriteString(", IMF estimate")
	}
	if l.MirrorOnly {
		b.WriteString(", no own report")
	}
	return b.String()
}

// TradeDatasetNames names, in order of precedence and once each, the
// datasets the lineages come from, as a reader knows them ("COW", "IMF
// DOTS", "UN Comtrade"); lineages without a dataset are skipped.
func TradeDatasetNames(lineages ...TradeLineage) []string {
	var ds []string
	for _, l := range lineages {
		if l.Dataset != "" {
			ds = append(ds, l.Dataset)
		}
	}
	slices.SortStableFunc(ds, func(a, b string) int { return datasetRank(a) - datasetRank(b) })
	var names []string
	for _, d := range ds {
		name := d
		switch datasetRank(d) {
		case 0:
			name = "COW"
		case 1:
			name = "IMF DOTS"
		case 2:
			name = "UN Comtrade"
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// datasetOf returns the dataset a tie's evidence cites (the Source ID up
// to its first colon).
func datasetOf(t entente.Tie) string {
	ds, _, _ := strings.Cut(t.Evidence.Source, ":")
	return ds
}

// datasetRank orders datasets by precedence.
func datasetRank(ds string) int {
	switch {
	case strings.HasPrefix(ds, DatasetCOWTrade):
		return 0
	case strings.HasPrefix(ds, DatasetIMFDOTS):
		return 1
	case strings.HasPrefix(ds, DatasetComtrade):
		return 2
	}
	return 3
}

// isMirror reports whether a flow tie "A imports from B" is B's report.
func isMirror(t entente.Tie) bool {
	if t.Attrs["mirror"] == "true" {
		return true
	}
	r := t.Attrs["reporter"]
	return r != "" && r != t.A
}

// tradeRank orders candidate figures for one flow and year (lower first).
func tradeRank(t entente.Tie) int {
	return rankTrade(t.Evidence.Source, isMirror(t), t.Attrs["estimate"] == "true")
}

// rowRank is tradeRank for a row of the bulk trade scan, which carries
// the same attributes without the rest of the tie.
func rowRank(r entente.TradeRow) int {
	return rankTrade(r.Source, r.Mirror || r.Reporter != "" && r.Reporter != r.A, r.Estimate)
}

// rankTrade is the precedence of a figure cited from source: dataset
// first, then own report, mirror report, own estimate, mirror estimate.
func rankTrade(source string, mirror, estimate bool) int {
	within := 0
	if mirror {
		within++
	}
	if estimate {
		within += 2
	}
	ds, _, _ := strings.Cut(source, ":")
	return datasetRank(ds)*10 + within
}

// ownReport reports whether t is the importer's own, reported figure.
func ownReport(t entente.Tie) bool { return !isMirror(t) && t.Attrs["estimate"] != "true" }

// lineageOf describes a chosen figure.
func lineageOf(t entente.Tie, mirrorOnly bool) TradeLineage {
	return TradeLineage{
		Dataset:    datasetOf(t),
		Source:     t.Evidence.Source,
		Reporter:   t.Attrs["reporter"],
		Mirror:     isMirror(t),
		Estimate:   t.Attrs["estimate"] == "true",
		MirrorOnly: mirrorOnly,
		DataYear:   t.Year,
	}
}

// TradeFigure chooses, among the trade ties that give one figure — the
// trade.flow ties "A imports from B" of one dyad and year, or the
// trade.total ties of one state and year — the one to use by the
// precedence above, and says where it came from. ok is false when
// candidates is empty. Candidates of other dyads or years are the
// caller's mistake and are not checked.
func TradeFigure(candidates []entente.Tie) (figure entente.Tie, lineage TradeLineage, ok bool) {
	if len(candidates) == 0 {
		return entente.Tie{}, TradeLineage{}, false
	}
	best := 0
	own := false
	for i, t := range candidates {
		if tradeRank(t) < tradeRank(candidates[best]) {
			best = i
		}
		own = own || ownReport(t)
	}
	t := candidates[best]
	// National totals have no mirror: only flows can lack an own report.
	mirrorOnly := t.Kind == entente.TieTradeFlow && !own
	return t, lineageOf(t, mirrorOnly), true
}

// TradeDisagreement is one flow and year that two datasets both give.
type TradeDisagreement struct {
	Importer string `json:"importer"`
	Exporter string `json:"exporter"`
	Year     int    `json:"year"`
	// Figures are the best figure of each dataset, in precedence order;
	// the first is the one the measures use.
	Figures []TradeFigureOf `json:"figures"`
	// Spread is (max − min) / max of the figures, 0 when they agree.
	Spread float64 `json:"spread"`
}

// TradeFigureOf is one dataset's figure for a flow.
type TradeFigureOf struct {
	Value   float64      `json:"value"`
	Lineage TradeLineage `json:"lineage"`
}

// CompareTrade groups trade.flow ties by flow and year and returns, for
// each flow and year that more than one dataset gives, every dataset's
// best figure, in order of importer, exporter and year.
func CompareTrade(ties []entente.Tie) []TradeDisagreement {
	type key struct {
		imp, exp string
		year     int
	}
	by := map[key]map[string][]entente.Tie{}
	var keys []key
	for _, t := range ties {
		if t.Kind != entente.TieTradeFlow {
			continue
		}
		k := key{t.A, t.B, t.Year}
		m := by[k]
		if m == nil {
			m = map[string][]entente.Tie{}
			by[k] = m
			keys = append(keys, k)
		}
		ds := datasetOf(t)
		m[ds] = append(m[ds], t)
	}
	var out []TradeDisagreement
	for _, k := range keys {
		m := by[k]
		if len(m) < 2 {
			continue
		}
		d := TradeDisagreement{Importer: k.imp, Exporter: k.exp, Year: k.year}
		for _, cands := range m {
			t, l, _ := TradeFigure(cands)
			d.Figures = append(d.Figures, TradeFigureOf{Value: t.Value, Lineage: l})
		}
		sortFigures(d.Figures)
		lo, hi := d.Figures[0].Value, d.Figures[0].Value
		for _, f := range d.Figures {
			lo, hi = min(lo, f.Value), max(hi, f.Value)
		}
		if hi > 0 {
			d.Spread = (hi - lo) / hi
		}
		out = append(out, d)
	}
	sortDisagreements(out)
	return out
}

func sortFigures(fs []TradeFigureOf) {
	slices.SortStableFunc(fs, func(a, b TradeFigureOf) int {
		return datasetRank(a.Lineage.Dataset) - datasetRank(b.Lineage.Dataset)
	})
}

func sortDisagreements(ds []TradeDisagreement) {
	slices.SortStableFunc(ds, func(a, b TradeDisagreement) int {
		if c := strings.Compare(a.Importer, b.Importer); c != 0 {
			return c
		}
		if c := strings.Compare(a.Exporter, b.Exporter); c != 0 {
			return c
		}
		return a.Year - b.Year
	})
}

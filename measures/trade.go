package measures

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"entente"
)

// Trade dependence reads the COW trade encoding the importer writes:
// trade.flow ties "A imports from B" (US$ millions, one per direction and
// year) and trade.total ties holding a state's national imports and exports
// (Attrs "imports" and "exports"; Value their sum). The exports of A to B are
// the imports of B from A, as COW reports them.

// TradeShare is the dependence of one state (Of) on a partner (On) in one
// year: On's share of Of's imports, exports and total trade.
type TradeShare struct {
	Of string `json:"of"`
	On string `json:"on"`
	// Imports of Of from On and exports of Of to On (On's imports from Of),
	// US$ millions.
	Imports float64 `json:"imports"`
	Exports float64 `json:"exports"`
	// TotalImports and TotalExports are Of's trade with the world.
	TotalImports float64 `json:"total_imports"`
	TotalExports float64 `json:"total_exports"`
	// Totals says where the totals come from: "national" (COW national
	// figures) or "partners" (the sum of Of's dyadic flows, when the
	// national figure is missing or partial).
	Totals string `json:"totals"`
	// Where the figures came from (dataset, reporter, mirror, data year):
	// see TradeFigure for the precedence between sources.
	ImportsSource TradeLineage `json:"imports_source,omitempty"`
	ExportsSource TradeLineage `json:"exports_source,omitempty"`
	TotalsSource  TradeLineage `json:"totals_source,omitempty"`
	ImportShare   Fraction     `json:"import_share"`
	ExportShare   Fraction     `json:"export_share"`
	Share         Fraction     `json:"share"`
}

// TradeDependence is the trade dependence of A on B and of B on A in one
// year, with the rows it rests on.
type TradeDependence struct {
	A    string `json:"a"`
	B    string `json:"b"`
	Year int    `json:"year"`
	// DataYear is the year of the rows used; it differs from Year only when
	// the engine was asked to reach back to the latest data, and is 0 when
	// the store holds no trade figures for A then.
	DataYear int        `json:"data_year"`
	AonB     TradeShare `json:"a_on_b"`
	BonA     TradeShare `json:"b_on_a"`
	// Asymmetry is dep(A on B) − dep(B on A) in shares of total trade:
	// positive when A needs B more than B needs A.
	Asymmetry float64            `json:"asymmetry"`
	Unit      string             `json:"unit"`
	Evidence  []entente.Evidence `json:"evidence"`
}

// HasData reports whether any trade figures were found.
func (t TradeDependence) HasData() bool { return t.DataYear != 0 }

// tradeData holds trade ties loaded for a span of years.
type tradeData struct {
	// flows[year][importer][exporter] is the tie "importer imports from
	// exporter".
	flows map[int]map[string]map[string]entente.Tie
	// totals[country][year] is the national trade.total tie.
	totals map[string]map[int]entente.Tie
	// full marks country-years whose every flow is loaded, so partner sums
	// can be taken without another query.
	full map[string]map[int]bool
	// own marks flows for which some source gave the importer's own
	// report, whichever figure was chosen.
	own map[flowKey]bool
}

type flowKey struct {
	year     int
	imp, exp string
}

func newTradeData() *tradeData {
	return &tradeData{flows: map[int]map[string]map[string]entente.Tie{}, totals: map[string]map[int]entente.Tie{}, full: map[string]map[int]bool{}, own: map[flowKey]bool{}}
}

// addFlow keeps, for each flow and year, the figure TradeFigure would
// choose among those added.
func (d *tradeData) addFlow(t entente.Tie) {
	y := d.flows[t.Year]
	if y == nil {
		y = map[string]map[string]entente.Tie{}
		d.flows[t.Year] = y
	}
	m := y[t.A]
	if m == nil {
		m = map[string]entente.Tie{}
		y[t.A] = m
	}
	if ownReport(t) {
		d.own[flowKey{t.Year, t.A, t.B}] = true
	}
	if prev, ok := m[t.B]; ok && tradeRank(prev) <= tradeRank(t) {
		return
	}
	m[t.B] = t
}

// addTotal keeps the national total of the best-ranked dataset.
func (d *tradeData) addTotal(t entente.Tie) {
	m := d.totals[t.A]
	if m == nil {
		m = map[int]entente.Tie{}
		d.totals[t.A] = m
	}
	if prev, ok := m[t.Year]; ok && tradeRank(prev) <= tradeRank(t) {
		return
	}
	m[t.Year] = t
}

// flowLineage describes the figure kept for a flow.
func (d *tradeData) flowLineage(t entente.Tie) TradeLineage {
	return lineageOf(t, !d.own[flowKey{t.Year, t.A, t.B}])
}

func (d *tradeData) markFull(country string, from, to int) {
	m := d.full[country]
	if m == nil {
		m = map[int]bool{}
		d.full[country] = m
	}
	for y := from; y <= to; y++ {
		m[y] = true
	}
}

func (d *tradeData) flow(year int, importer, exporter string) (entente.Tie, bool) {
	t, ok := d.flows[year][importer][exporter]
	return t, ok
}

// hasYear reports whether country has any trade figure in year: a national
// total or a flow either way.
func (d *tradeData) hasYear(country string, year int) bool {
	if _, ok := d.totals[country][year]; ok {
		return true
	}
	if len(d.flows[year][country]) > 0 {
		return true
	}
	for _, m := range d.flows[year] {
		if _, ok := m[country]; ok {
			return true
		}
	}
	return false
}

// loadTrade loads the flows of a with b (b empty: with every partner) and
// the national totals of a and b (b empty: of every state) for the years
// from..to.
func (e *Engine) loadTrade(ctx context.Context, a, b string, from, to int) (*tradeData, error) {
	flows, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieTradeFlow), A: a, B: b, Either: true, FromYear: from, ToYear: to})
	if err != nil {
		return nil, fmt.Errorf("trade: %w", err)
	}
	return e.tradeFrom(ctx, flows, a, b, from, to)
}

// tradeFrom builds trade data from ties already read (flows of a with b,
// or with everyone when b is empty; other kinds are ignored) and reads the
// national totals.
func (e *Engine) tradeFrom(ctx context.Context, ties []entente.Tie, a, b string, from, to int) (*tradeData, error) {
	d := newTradeData()
	for _, t := range ties {
		if t.Kind == entente.TieTradeFlow && t.Year >= from && t.Year <= to {
			d.addFlow(t)
		}
	}
	if b == "" {
		d.markFull(a, from, to)
	}
	countries := []string{a, b}
	if b == "" {
		countries = []string{""}
	}
	for _, c := range countries {
		totals, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieTradeTotal), A: c, FromYear: from, ToYear: to})
		if err != nil {
			return nil, fmt.Errorf("trade totals: %w", err)
		}
		for _, t := range totals {
			if t.Kind == entente.TieTradeTotal && t.Year >= from && t.Year <= to {
				d.addTotal(t)
			}
		}
	}
	return d, nil
}

// ensureFull loads every flow of country in year, for partner sums.
func (e *Engine) ensureFull(ctx context.Context, d *tradeData, country string, year int) error {
	if d.full[country][year] {
		return nil
	}
	flows, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieTradeFlow), A: country, Either: true, FromYear: year, ToYear: year})
	if err != nil {
		return fmt.Errorf("trade of %s in %d: %w", country, year, err)
	}
	for _, t := range flows {
		if t.Kind == entente.TieTradeFlow && t.Year == year {
			d.addFlow(t)
		}
	}
	d.markFull(country, year, year)
	return nil
}

// attrFloat reads a number from a tie's attributes.
func attrFloat(t entente.Tie, name string) (float64, bool) {
	s, ok := t.Attrs[name]
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// share computes the dependence of of on on in year from d, adding the rows
// used to ev.
func (e *Engine) share(ctx context.Context, d *tradeData, of, on string, year int, ev *evidenceSet) (TradeShare, error) {
	s := TradeShare{Of: of, On: on}
	if t, ok := d.flow(year, of, on); ok {
		s.Imports = t.Value
		s.ImportsSource = d.flowLineage(t)
		ev.add(t.Evidence)
	}
	if t, ok := d.flow(year, on, of); ok {
		s.Exports = t.Value
		s.ExportsSource = d.flowLineage(t)
		ev.add(t.Evidence)
	}
	total, ok := d.totals[of][year]
	imp, okI := attrFloat(total, "imports")
	exp, okE := attrFloat(total, "exports")
	if ok && okI && okE {
		s.TotalImports, s.TotalExports, s.Totals = imp, exp, "national"
		s.TotalsSource = lineageOf(total, false)
		ev.add(total.Evidence)
	} else {
		if err := e.ensureFull(ctx, d, of, year); err != nil {
			return s, err
		}
		s.Totals = "partners"
		for _, t := range d.flows[year][of] {
			s.TotalImports += t.Value
		}
		for _, m := range d.flows[year] {
			if t, ok := m[of]; ok {
				s.TotalExports += t.Value
			}
		}
		if n := d.partnerCount(of, year); n < e.cfg.MinTotalPartners {
			// A sum over a handful of partners is not trade with the
			// world: the shares stay undefined rather than near 100 %.
			s.Totals = fmt.Sprintf("partners (%d only: too few for a world total)", n)
			return s, nil
		}
	}
	s.ImportShare = Fraction{s.Imports, s.TotalImports}
	s.ExportShare = Fraction{s.Exports, s.TotalExports}
	s.Share = Fraction{s.Imports + s.Exports, s.TotalImports + s.TotalExports}
	return s, nil
}

// dependence computes the trade dependence of a on b and b on a in the data
// year dy (asked for year).
func (e *Engine) dependence(ctx context.Context, d *tradeData, a, b string, year, dy int) (TradeDependence, error) {
	td := TradeDependence{A: a, B: b, Year: year, Unit: "US$ million"}
	var ev evidenceSet
	if dy == 0 {
		td.Evidence = ev.slice()
		return td, nil
	}
	td.DataYear = dy
	var err error
	if td.AonB, err = e.share(ctx, d, a, b, dy, &ev); err != nil {
		return td, err
	}
	if td.BonA, err = e.share(ctx, d, b, a, dy, &ev); err != nil {
		return td, err
	}
	td.Asymmetry = td.AonB.Share.Or(0) - td.BonA.Share.Or(0)
	td.Evidence = ev.slice()
	return td, nil
}

// partners returns the partners country has a loaded flow with in year,
// either way.
func (d *tradeData) partners(country string, year int) map[string]bool {
	seen := map[string]bool{}
	for p := range d.flows[year][country] {
		seen[p] = true
	}
	for imp, m := range d.flows[year] {
		if _, ok := m[country]; ok {
			seen[imp] = true
		}
	}
	delete(seen, country)
	return seen
}

// partnerCount counts the partners country has a loaded flow with in year.
func (d *tradeData) partnerCount(country string, year int) int {
	return len(d.partners(country, year))
}

// latestUsableYear returns the latest year in year-lookback..year in which
// country has a national total or flows with enough partners to stand for
// one, or 0. A year that only a few reporters cover (Comtrade's 2022
// extract) is passed over for an earlier complete one.
func (e *Engine) latestUsableYear(ctx context.Context, d *tradeData, country string, year int) (int, error) {
	for y := year; y >= year-e.cfg.Lookback; y-- {
		if !d.hasYear(country, y) {
			continue
		}
		if _, ok := d.totals[country][y]; ok {
			return y, nil
		}
		if err := e.ensureFull(ctx, d, country, y); err != nil {
			return 0, err
		}
		if d.partnerCount(country, y) >= e.cfg.MinTotalPartners {
			return y, nil
		}
	}
	return 0, nil
}

// TradeDependence computes the trade dependence of A on B and of B on A in
// year. With latest set, when the store holds no trade figures for A that
// year it uses the latest year within the configured lookback that has
// them, and says so in DataYear.
func (e *Engine) TradeDependence(ctx context.Context, a, b string, year int, latest bool) (TradeDependence, error) {
	if err := checkDyad(a, b); err != nil {
		return TradeDependence{}, err
	}
	from := year
	if latest {
		from = year - e.cfg.Lookback
	}
	if err := checkYears(from, year); err != nil {
		return TradeDependence{}, err
	}
	d, err := e.loadTrade(ctx, a, b, from, year)
	if err != nil {
		return TradeDependence{}, err
	}
	dy := 0
	if latest {
		if dy, err = e.latestUsableYear(ctx, d, a, year); err != nil {
			return TradeDependence{}, err
		}
	} else if d.hasYear(a, year) {
		dy = year
	}
	return e.dependence(ctx, d, a, b, year, dy)
}

// TradePartners returns the trade dependence of a on every partner in the
// latest year up to year that has figures (within the lookback), largest
// share first. It is what the leverage ranking reads.
func (e *Engine) TradePartners(ctx context.Context, a string, year int) ([]TradeDependence, error) {
	if a == "" {
		return nil, fmt.Errorf("trade partners: actor is required: %w", entente.ErrInvalid)
	}
	if err := checkYears(year-e.cfg.Lookback, year); err != nil {
		return nil, err
	}
	d, err := e.loadTrade(ctx, a, "", year-e.cfg.Lookback, year)
	if err != nil {
		return nil, err
	}
	dy, err := e.latestUsableYear(ctx, d, a, year)
	if err != nil {
		return nil, err
	}
	return e.partnersIn(ctx, d, a, year, dy)
}

// partnersIn lists the dependence of a on each partner with a flow in dy.
func (e *Engine) partnersIn(ctx context.Context, d *tradeData, a string, year, dy int) ([]TradeDependence, error) {
	if dy == 0 {
		return []TradeDependence{}, nil
	}
	partners := d.partners(a, dy)
	out := make([]TradeDependence, 0, len(partners))
	for _, p := range sortedKeys(partners) {
		td, err := e.dependence(ctx, d, a, p, year, dy)
		if err != nil {
			return nil, err
		}
		out = append(out, td)
	}
	sortByShare(out)
	return out, nil
}

func sortByShare(ts []TradeDependence) {
	sort.SliceStable(ts, func(i, j int) bool {
		si, sj := ts[i].AonB.Share.Or(0), ts[j].AonB.Share.Or(0)
		if si != sj {
			return si > sj
		}
		return ts[i].B < ts[j].B
	})
}

// Source summarises where the share's figures came from: the lineage of
// its imports, or of its exports when there are no imports.
func (s TradeShare) Source() string {
	if s.ImportsSource.Dataset != "" {
		if s.ExportsSource.Dataset != "" && s.ExportsSource.String() != s.ImportsSource.String() {
			return "imports " + s.ImportsSource.String() + "; exports " + s.ExportsSource.String()
		}
		return s.ImportsSource.String()
	}
	return s.ExportsSource.String()
}

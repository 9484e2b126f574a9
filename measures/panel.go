package measures

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"entente"
)

// The panel is the one home of the dyadic rules the coalition engine (and
// any view that wants a year × state picture) applies: which trade year
// stands for a day, which SIPRI table a window of arms deliveries is read
// from and how little counts as no supplier at all, which security ties are
// in force and what kind of tie each is. It is built once, through the
// store's bulk reader where there is one, and answers from memory: the
// coalition engine asks it tens of thousands of times per fit.

// PanelRules are the panel's tuning constants; zero fields take the
// defaults of DefaultPanelRules. Callers that save what they derive from a
// panel key it by these.
type PanelRules struct {
	// TradeLookback is how many years back a trade share may come from.
	TradeLookback int
	// ArmsWindow is the number of complete years an arms share sums.
	ArmsWindow int
	// MinArmsTIV is the least a supplier must have delivered over the
	// window (SIPRI TIV millions) to count: one anti-tank missile does
	// not make a main supplier.
	MinArmsTIV float64
	// MultilateralPartners is how many partners of the same tie kind in
	// the same year make a dataset dyad part of a multilateral coding (a
	// regional non-aggression treaty) rather than a bilateral tie.
	MultilateralPartners int
	// TradeEdge and ArmsEdge are the least trade and arms shares that make
	// a partner an edge of the tie network.
	TradeEdge, ArmsEdge float64
}

// DefaultPanelRules returns the rules the coalition backtests use.
func DefaultPanelRules() PanelRules {
	return PanelRules{TradeLookback: 12, ArmsWindow: 5, MinArmsTIV: 10, MultilateralPartners: 6, TradeEdge: 0.02, ArmsEdge: 0.05}
}

// Validate reports rules that cannot work.
func (c PanelRules) Validate() error {
	switch {
	case c.TradeLookback < 1 || c.ArmsWindow < 1:
		return fmt.Errorf("panel: trade lookback %d and arms window %d: want at least 1: %w", c.TradeLookback, c.ArmsWindow, entente.ErrInvalid)
	case c.MinArmsTIV < 0 || c.TradeEdge < 0 || c.ArmsEdge < 0:
		return fmt.Errorf("panel: minimum arms volume %v, trade edge %v, arms edge %v: must not be negative: %w", c.MinArmsTIV, c.TradeEdge, c.ArmsEdge, entente.ErrInvalid)
	case c.MultilateralPartners < 2:
		return fmt.Errorf("panel: multilateral partners %d: want at least 2: %w", c.MultilateralPartners, entente.ErrInvalid)
	}
	return nil
}

func (c PanelRules) withDefaults() PanelRules {
	d := DefaultPanelRules()
	if c.TradeLookback == 0 {
		c.TradeLookback = d.TradeLookback
	}
	if c.ArmsWindow == 0 {
		c.ArmsWindow = d.ArmsWindow
	}
	if c.MinArmsTIV == 0 {
		c.MinArmsTIV = d.MinArmsTIV
	}
	if c.MultilateralPartners == 0 {
		c.MultilateralPartners = d.MultilateralPartners
	}
	if c.TradeEdge == 0 {
		c.TradeEdge = d.TradeEdge
	}
	if c.ArmsEdge == 0 {
		c.ArmsEdge = d.ArmsEdge
	}
	return c
}

// PanelConfig says what a panel loads and by which rules.
type PanelConfig struct {
	// FromYear and ToYear bound the yearly figures loaded (0: open); the
	// trade lookback and arms window before FromYear are loaded too.
	FromYear, ToYear int
	// Until is the exclusive cut: no tie known on or after it is loaded.
	Until time.Time
	// Codes are the states indexed first, in order; the panel appends any
	// other state it meets, so callers can share its indices.
	Codes []string
	PanelRules
}

// DayNumber counts days since 1970-01-01; the zero time is before every day.
func DayNumber(t time.Time) int32 {
	if t.IsZero() {
		return math.MinInt32
	}
	return int32(t.Unix() / 86400)
}

func dayYear(d int32) int { return time.Unix(int64(d)*86400, 0).UTC().Year() }

// TieClass says what a security tie binds.
type TieClass string

const (
	// ClassTreaty is a dated bilateral treaty (a curated fact).
	ClassTreaty TieClass = "treaty"
	// ClassDeployment is one state's forces or instructors in another.
	ClassDeployment TieClass = "deployment"
	// ClassDefence is a dataset's bilateral defence or offence pledge.
	ClassDefence TieClass = "defence"
	// ClassPact is a dataset's bilateral neutrality, non-aggression or
	// consultation pledge.
	ClassPact TieClass = "pact"
	// ClassMultilateral is a dataset dyad that belongs to a treaty among
	// many states (a regional non-aggression or consultation pact): it is
	// not a tie with any one of them.
	ClassMultilateral TieClass = "multilateral"
)

// Bilateral reports whether the tie binds the two states to each other
// rather than to a regional arrangement.
func (c TieClass) Bilateral() bool { return c != ClassMultilateral }

// PanelTie is a security tie in the panel; A and B are panel indices.
type PanelTie struct {
	A, B  int
	Year  int // dataset year; 0 for dated treaties and deployments
	Kind  entente.TieKind
	Class TieClass
	Name  string
	// Known is the first day the tie may be used (DayNumber).
	Known    int32
	Evidence entente.Evidence
}

// Delivery is a SIPRI arms delivery in one year, supplier to recipient.
type Delivery struct {
	Supplier, Recipient int
	Year                int
	Value               float64 // TIV millions
	Kind                entente.TieKind
	Known               int32
	Evidence            entente.Evidence
}

// Figure is a curated dependence figure (trade_share or arms_share) of A
// on B for a year.
type Figure struct {
	A, B     int
	Year     int
	Name     string
	Value    float64
	Known    int32
	Evidence entente.Evidence
}

// Share is a dependence figure with what it rests on.
type Share struct {
	Value float64
	// Year is the data year (for arms, the window's last year).
	Year int
	// Partner is the partner (panel index) that weighs most; -1 if none.
	Partner int
	// Basis says where the figure comes from: "COW trade", "curated",
	// "SIPRI TIV table 2017-2021", "SIPRI register 2019-2023".
	Basis    string
	Curated  bool
	Evidence []entente.Evidence
	// BelowMinimum is set when deliveries existed but fell under the
	// minimum volume, so the share was set to zero.
	BelowMinimum bool
}

// Edge is a weighted tie to a partner in the tie network.
type Edge struct {
	To     int
	Weight float64
}

// Panel is the store-free year × state picture of dyadic facts.
type Panel struct {
	cfg PanelConfig
	codeIndex

	trade map[int]map[[2]int]float64
	// tradeRank is the precedence rank (rankTrade) of each flow's figure:
	// it names the dataset a share is read from.
	tradeRank map[int]map[[2]int]int
	tradeTot  map[int][]float64
	arms      []Delivery
	armsTo    map[int][]int
	tivYears  [2]int // first and last year of the TIV table
	orderEnd  int    // last year of the register
	ties      []PanelTie
	// tiesPair indexes the ties by pair, both ways round: Ties asks for
	// a state's ties with a few others (a motion's targets) once per
	// feature row, and a state's own list holds every dataset year.
	tiesPair map[[2]int][]int
	figures  []Figure
}

// BuildPanel reads the ties the panel rests on from r, through its
// entente.TradeScanner fast path for trade when it offers one, reading
// trade and the other ties at once: r's reads must be safe for concurrent
// use, as a Store's are (a Tx's need not be). It returns ErrInvalid for a
// bad configuration and wraps storage errors.
func BuildPanel(ctx context.Context, r entente.Reader, cfg PanelConfig) (*Panel, error) {
	cfg.PanelRules = cfg.PanelRules.withDefaults()
	if err := cfg.PanelRules.Validate(); err != nil {
		return nil, err
	}
	p := &Panel{cfg: cfg, codeIndex: codeIndex{idx: map[string]int{}}, trade: map[int]map[[2]int]float64{}, tradeTot: map[int][]float64{}}
	for _, c := range cfg.Codes {
		p.index(c)
	}
	until := DayNumber(cfg.Until)
	if cfg.Until.IsZero() {
		until = math.MaxInt32
	}
	// Trade is read beside the ties: the two are most of a coalition
	// load's time, and a Store's reads run side by side.
	trade := scanTrade(ctx, r, cfg, until)
	defer func() {
		// On an early return the scan is cut short; either way it has
		// ended when BuildPanel returns.
		trade.cancel()
		trade.wait()
	}()
	read := func(kind string, from, to int) ([]entente.Tie, error) { return readTies(ctx, r, kind, from, to) }
	als, err := read("alliance.", cfg.FromYear, cfg.ToYear)
	if err != nil {
		return nil, err
	}
	// Room for every alliance row at once: growing the slice of large
	// values by append copied them over and over (about a second of a
	// cold prediction on the full store).
	p.ties = slices.Grow(p.ties, len(als))
	for _, t := range als {
		if k := KnownDay(t); k < until && t.A != "" && t.B != "" {
			p.ties = append(p.ties, PanelTie{A: p.index(t.A), B: p.index(t.B), Year: t.Year, Kind: t.Kind, Class: datasetClass(t.Kind), Known: k, Evidence: t.Evidence})
		}
	}
	p.markMultilateral()
	for _, kind := range []entente.TieKind{entente.TieTreaty, entente.TieDeployment} {
		ts, err := read(string(kind), 0, 0)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			k := KnownDay(t)
			if k >= until || t.A == "" || t.B == "" {
				continue
			}
			class, name := ClassTreaty, t.Attrs["name"]
			if kind == entente.TieDeployment {
				class = ClassDeployment
				if name == "" {
					name = "deployment"
				}
			}
			p.ties = append(p.ties, PanelTie{A: p.index(t.A), B: p.index(t.B), Kind: kind, Class: class, Name: name, Known: k, Evidence: t.Evidence})
		}
	}
	deps, err := read(string(entente.TieDependence), 0, 0)
	if err != nil {
		return nil, err
	}
	for _, t := range deps {
		if k := KnownDay(t); k < until && t.A != "" && t.B != "" {
			p.figures = append(p.figures, Figure{A: p.index(t.A), B: p.index(t.B), Year: t.Year, Name: t.Attrs["type"], Value: t.Value, Known: k, Evidence: t.Evidence})
		}
	}
	armsFrom := cfg.FromYear
	if armsFrom != 0 {
		armsFrom -= cfg.ArmsWindow
	}
	p.tivYears = [2]int{math.MaxInt, 0}
	for _, kind := range []entente.TieKind{entente.TieArmsTransfer, entente.TieArmsOrder} {
		ts, err := read(string(kind), armsFrom, cfg.ToYear)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if t.Kind != kind || t.A == "" || t.B == "" {
				continue
			}
			if k := KnownDay(t); k < until {
				p.arms = append(p.arms, Delivery{Supplier: p.index(t.A), Recipient: p.index(t.B), Year: t.Year, Value: t.Value, Kind: kind, Known: k, Evidence: t.Evidence})
				if kind == entente.TieArmsTransfer {
					p.tivYears = [2]int{min(p.tivYears[0], t.Year), max(p.tivYears[1], t.Year)}
				} else {
					p.orderEnd = max(p.orderEnd, t.Year)
				}
			}
		}
	}
	// The ties are indexed first and the trade codes after, in the order
	// the scan met them, as when the two were read one after the other:
	// the trade totals are summed in the order of the indexes.
	if err := trade.wait(); err != nil {
		return nil, err
	}
	trade.into(p)
	p.reindex()
	return p, nil
}

// KnownDay is the first day a tie may be used (DayNumber): a treaty from
// its signing or entry into force, whichever is earlier; a yearly figure
// only once its year is over; anything else from its start.
func KnownDay(t entente.Tie) int32 {
	if t.Year > 0 && !t.Period.To.IsZero() && t.Kind != entente.TieTreaty {
		return DayNumber(t.Period.To) + 1
	}
	d := DayNumber(t.Period.From)
	if s := t.Attrs["signed"]; s != "" {
		if sd, err := entente.ParseDate(s); err == nil && DayNumber(sd) < d {
			d = DayNumber(sd)
		}
	}
	if t.Period.From.IsZero() && t.Year > 0 {
		d = DayNumber(entente.Day(t.Year+1, time.January, 1))
	}
	return d
}

func datasetClass(k entente.TieKind) TieClass {
	switch k {
	case entente.TieAllianceDefense, entente.TieAllianceOffense:
		return ClassDefence
	}
	return ClassPact
}

// markMultilateral reclassifies dataset dyads of non-defence pacts that
// both states hold with many partners of the same kind in the same year:
// ATOP codes a regional treaty as one dyad per pair of members.
func (p *Panel) markMultilateral() {
	type key struct {
		state, year int
		kind        entente.TieKind
	}
	partners := map[key]int{}
	for _, t := range p.ties {
		partners[key{t.A, t.Year, t.Kind}]++
		if t.B != t.A {
			partners[key{t.B, t.Year, t.Kind}]++
		}
	}
	for i, t := range p.ties {
		if t.Class != ClassPact {
			continue
		}
		if partners[key{t.A, t.Year, t.Kind}] >= p.cfg.MultilateralPartners && partners[key{t.B, t.Year, t.Kind}] >= p.cfg.MultilateralPartners {
			p.ties[i].Class = ClassMultilateral
		}
	}
}

// codeIndex numbers state codes in the order they are first met. Only
// the code that builds or edits a panel calls index (it writes the memo).
type codeIndex struct {
	codes []string
	idx   map[string]int
	// lastCode and lastIdx remember the last lookup: the trade scan meets
	// one reporter's rows together, and a map lookup per code was a fifth
	// of it.
	lastCode string
	lastIdx  int
}

func (x *codeIndex) index(code string) int {
	if len(x.codes) > 0 && x.lastCode == code {
		return x.lastIdx
	}
	i, ok := x.idx[code]
	if !ok {
		i = len(x.codes)
		x.idx[code] = i
		x.codes = append(x.codes, code)
	}
	x.lastCode, x.lastIdx = code, i
	return i
}

// reindex rebuilds the derived indexes: trade totals, deliveries by
// recipient and ties by party. Edits call it again.
func (p *Panel) reindex() {
	p.tradeTot = make(map[int][]float64, len(p.trade))
	var keys [][2]int
	for y, m := range p.trade {
		// The totals are summed in a fixed order of the pairs: summed in
		// the map's random order they differed in the last bits from one
		// process to the next, and fits on them by up to 2e-4 in a
		// predicted probability.
		keys = keys[:0]
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b [2]int) int {
			if a[0] != b[0] {
				return a[0] - b[0]
			}
			return a[1] - b[1]
		})
		tot := make([]float64, len(p.codes))
		for _, k := range keys {
			v := m[k]
			tot[k[0]] += v
			tot[k[1]] += v
		}
		p.tradeTot[y] = tot
	}
	p.armsTo = map[int][]int{}
	for i, a := range p.arms {
		p.armsTo[a.Recipient] = append(p.armsTo[a.Recipient], i)
	}
	p.tiesPair = map[[2]int][]int{}
	for i, t := range p.ties {
		p.tiesPair[[2]int{t.A, t.B}] = append(p.tiesPair[[2]int{t.A, t.B}], i)
		if t.B != t.A {
			p.tiesPair[[2]int{t.B, t.A}] = append(p.tiesPair[[2]int{t.B, t.A}], i)
		}
	}
}

// Codes lists the states the panel indexes, in index order; it starts with
// PanelConfig.Codes.
func (p *Panel) Codes() []string { return slices.Clone(p.codes) }

// Index returns a state's panel index.
func (p *Panel) Index(code string) (int, bool) {
	i, ok := p.idx[code]
	return i, ok
}

// TradeShare is the share of state c's trade (imports plus exports) done
// with the partners, in the latest year complete before the cut day,
// looking back at most TradeLookback years. A curated figure for a later
// year takes precedence.
func (p *Panel) TradeShare(c int, partners []int, cut int32) Share {
	best := Share{Partner: -1}
	cutYear := dayYear(cut)
	for y := cutYear - 1; y >= cutYear-p.cfg.TradeLookback; y-- {
		m, ok := p.trade[y]
		if !ok || DayNumber(entente.Day(y+1, time.January, 1)) > cut {
			continue
		}
		tot := p.tradeTot[y]
		if c >= len(tot) || tot[c] <= 0 {
			continue
		}
		var s, topV float64
		top := -1
		for _, t := range partners {
			v := m[[2]int{c, t}] + m[[2]int{t, c}]
			s += v
			if v > topV {
				top, topV = t, v
			}
		}
		best = Share{Value: math.Min(1, s/tot[c]), Year: y, Partner: top, Basis: p.tradeBasis(y, c, top)}
		break
	}
	return p.curated(best, c, partners, cut, "trade_share")
}

// tradeBasis names the dataset the figure of c's trade with partner in
// year was read from (c's imports, else its exports), by the precedence
// rank it was chosen with.
func (p *Panel) tradeBasis(year, c, partner int) string {
	r, ok := p.tradeRank[year][[2]int{c, partner}]
	if !ok {
		r, ok = p.tradeRank[year][[2]int{partner, c}]
	}
	if !ok {
		return "trade"
	}
	name := [...]string{"COW trade", "IMF DOTS", "UN Comtrade", "trade"}[min(r/10, 3)]
	if r%10 != 0 {
		name += " (partner's report or IMF estimate)"
	}
	return name
}

func (p *Panel) curated(best Share, c int, partners []int, cut int32, name string) Share {
	for _, d := range p.figures {
		if d.A == c && d.Name == name && slices.Contains(partners, d.B) && d.Known < cut && d.Year > best.Year {
			best = Share{Value: d.Value, Year: d.Year, Partner: d.B, Basis: "curated", Curated: true, Evidence: []entente.Evidence{d.Evidence}}
		}
	}
	return best
}

// armsBasis is the rule that picks, for a window of years, the one SIPRI
// release it is read from: the TIV table when it reaches the window's last
// year, else the trade register when that reaches later than the table,
// else the table. Mixing the two within a window would add
// figures of two releases that count deliveries differently.
func (p *Panel) armsBasis(from, to int) (entente.TieKind, string) {
	if p.tivYears[1] >= to || p.orderEnd <= p.tivYears[1] {
		return entente.TieArmsTransfer, fmt.Sprintf("SIPRI TIV table %d-%d", from, to)
	}
	return entente.TieArmsOrder, fmt.Sprintf("SIPRI register %d-%d", from, to)
}

// ArmsShare is the share of state c's arms imports over the ArmsWindow
// complete years before the cut that came from the suppliers, read from
// one SIPRI release (armsBasis). Suppliers that delivered less than
// MinArmsTIV over the window do not count. A curated figure for a later
// year takes precedence.
func (p *Panel) ArmsShare(c int, suppliers []int, cut int32) Share {
	cutYear := dayYear(cut)
	from, to := cutYear-p.cfg.ArmsWindow, cutYear-1
	kind, basis := p.armsBasis(from, to)
	var tot float64
	bySupplier := map[int]float64{}
	var evs []Delivery
	for _, i := range p.armsTo[c] {
		a := p.arms[i]
		if a.Known >= cut || a.Year < from || a.Year > to || a.Kind != kind {
			continue
		}
		tot += a.Value
		if slices.Contains(suppliers, a.Supplier) {
			bySupplier[a.Supplier] += a.Value
			evs = append(evs, a)
		}
	}
	best := Share{Year: to, Partner: -1, Basis: basis}
	var fromV, topV float64
	for s, v := range bySupplier {
		if v < p.cfg.MinArmsTIV {
			best.BelowMinimum = true
			continue
		}
		fromV += v
		if v > topV || v == topV && s < best.Partner {
			best.Partner, topV = s, v
		}
	}
	if tot > 0 && fromV > 0 {
		best.Value = fromV / tot
		sort.Slice(evs, func(i, j int) bool { return evs[i].Value > evs[j].Value })
		for _, d := range evs[:min(3, len(evs))] {
			best.Evidence = append(best.Evidence, d.Evidence)
		}
	}
	return p.curated(best, c, suppliers, cut, "arms_share")
}

// Ties lists the security ties in force between state c and any of the
// others before the cut: dated treaties and deployments known by then, and
// the dataset dyads of the latest dataset year before the cut's year
// (alliance datasets end years before recent motions, so their last year
// stands for the years after it). Multilateral codings are included with
// their class; callers decide what they mean.
func (p *Panel) Ties(c int, others []int, cut int32) []PanelTie {
	cutYear := dayYear(cut)
	// The ties with the others, in the panel's order.
	var mine []int
	for k, o := range others {
		if !slices.Contains(others[:k], o) {
			mine = append(mine, p.tiesPair[[2]int{c, o}]...)
		}
	}
	slices.Sort(mine)
	latest := map[int]int{}
	for _, i := range mine {
		t := p.ties[i]
		if t.Year == 0 || t.Known >= cut || t.Year >= cutYear {
			continue
		}
		other := t.B
		if other == c {
			other = t.A
		}
		if slices.Contains(others, other) {
			latest[other] = max(latest[other], t.Year)
		}
	}
	var out []PanelTie
	seen := map[[2]int]bool{}
	for _, i := range mine {
		t := p.ties[i]
		if t.Known >= cut {
			continue
		}
		other := t.B
		if other == c {
			other = t.A
		}
		if !slices.Contains(others, other) {
			continue
		}
		if t.Year != 0 {
			// One dataset dyad per pair and kind: COW and ATOP both code
			// most alliances, and a dyad appears once per direction.
			k := [2]int{other, int(classRank(t.Class))}
			if t.Year != latest[other] || seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool { return classRank(out[i].Class) < classRank(out[j].Class) })
	return out
}

// classRank orders ties from the most binding.
func classRank(c TieClass) int {
	switch c {
	case ClassTreaty:
		return 0
	case ClassDeployment:
		return 1
	case ClassDefence:
		return 2
	case ClassPact:
		return 3
	}
	return 4
}

// EdgeEpoch names the tie network of a day: days of equal epochs get equal
// Edges, so callers may cache by it.
func (p *Panel) EdgeEpoch(cut int32) [2]int {
	n := 0
	for _, t := range p.ties {
		if t.Year == 0 && t.Known < cut {
			n++
		}
	}
	return [2]int{dayYear(cut), n}
}

// Edges returns each state's weighted ties for the day: bilateral security
// ties of the latest dataset year before the day's year and dated treaties
// and deployments known by then (weight 1; multilateral codings carry
// none), the share of its arms imports from each supplier of at least
// ArmsEdge, and the share of its trade with each partner of at least
// TradeEdge. The result is fresh: callers may cache it.
func (p *Panel) Edges(cut int32) map[int][]Edge {
	year := dayYear(cut)
	out := map[int][]Edge{}
	add := func(a, b int, w float64) {
		for i, e := range out[a] {
			if e.To == b {
				out[a][i].Weight += w
				return
			}
		}
		out[a] = append(out[a], Edge{b, w})
	}
	last := 0
	for _, t := range p.ties {
		if t.Year != 0 && t.Year < year && t.Year > last {
			last = t.Year
		}
	}
	seen := map[[2]int]bool{}
	for _, t := range p.ties {
		if !t.Class.Bilateral() || t.A == t.B {
			continue
		}
		if t.Year == 0 && t.Known >= cut || t.Year != 0 && t.Year != last {
			continue
		}
		for _, k := range [][2]int{{t.A, t.B}, {t.B, t.A}} {
			if !seen[k] {
				seen[k] = true
				add(k[0], k[1], 1)
			}
		}
	}
	from, to := year-p.cfg.ArmsWindow, year-1
	kind, _ := p.armsBasis(from, to)
	tot := map[int]float64{}
	pair := map[[2]int]float64{}
	for _, a := range p.arms {
		if a.Year < from || a.Year > to || a.Kind != kind || a.Known >= cut {
			continue
		}
		tot[a.Recipient] += a.Value
		pair[[2]int{a.Recipient, a.Supplier}] += a.Value
	}
	for k, v := range pair {
		if v < p.cfg.MinArmsTIV {
			continue
		}
		if s := v / tot[k[0]]; s >= p.cfg.ArmsEdge {
			add(k[0], k[1], s)
		}
	}
	ty := 0
	for y := range p.trade {
		if y < year && y > ty {
			ty = y
		}
	}
	if m := p.trade[ty]; m != nil {
		tt := p.tradeTot[ty]
		both := map[[2]int]float64{}
		for k, v := range m {
			both[k] += v
			both[[2]int{k[1], k[0]}] += v
		}
		for k, v := range both {
			if k[0] < len(tt) && tt[k[0]] > 0 {
				if s := v / tt[k[0]]; s >= p.cfg.TradeEdge {
					add(k[0], k[1], s)
				}
			}
		}
	}
	for _, es := range out {
		sort.Slice(es, func(i, j int) bool { return es[i].To < es[j].To })
	}
	return out
}

// Clone returns a copy that edits leave the original untouched by.
func (p *Panel) Clone() *Panel {
	c := *p
	c.codes = slices.Clone(p.codes)
	c.idx = make(map[string]int, len(p.idx))
	for k, v := range p.idx {
		c.idx[k] = v
	}
	c.arms = slices.Clone(p.arms)
	c.ties = slices.Clone(p.ties)
	c.figures = slices.Clone(p.figures)
	c.trade = make(map[int]map[[2]int]float64, len(p.trade))
	for y, m := range p.trade {
		m2 := make(map[[2]int]float64, len(m))
		for k, v := range m {
			m2[k] = v
		}
		c.trade[y] = m2
	}
	c.reindex()
	return &c
}

// ScaleArms multiplies every delivery from supplier to recipient, and the
// curated arms share of recipient on supplier, by factor.
func (p *Panel) ScaleArms(supplier, recipient int, factor float64) {
	for i := range p.arms {
		if p.arms[i].Supplier == supplier && p.arms[i].Recipient == recipient {
			p.arms[i].Value *= factor
		}
	}
	for i := range p.figures {
		if f := &p.figures[i]; f.A == recipient && f.B == supplier && f.Name == "arms_share" {
			f.Value *= factor
		}
	}
	p.reindex()
}

// ScaleTrade multiplies the flows between a and b both ways, and their
// curated trade shares on each other, by factor.
func (p *Panel) ScaleTrade(a, b int, factor float64) {
	for _, m := range p.trade {
		for _, k := range [][2]int{{a, b}, {b, a}} {
			if v, ok := m[k]; ok {
				m[k] = v * factor
			}
		}
	}
	for i := range p.figures {
		if f := &p.figures[i]; (f.A == a && f.B == b || f.A == b && f.B == a) && f.Name == "trade_share" {
			f.Value *= factor
		}
	}
	p.reindex()
}

// AddTreaty adds a bilateral treaty in force from the start of time.
func (p *Panel) AddTreaty(a, b int, name string, ev entente.Evidence) {
	p.ties = append(p.ties, PanelTie{A: a, B: b, Kind: entente.TieTreaty, Class: ClassTreaty, Name: name, Known: math.MinInt32, Evidence: ev})
	p.reindex()
}

// RemoveTies drops every security tie between a and b.
func (p *Panel) RemoveTies(a, b int) {
	p.ties = slices.DeleteFunc(p.ties, func(t PanelTie) bool { return t.A == a && t.B == b || t.A == b && t.B == a })
	p.reindex()
}

// Grow indexes codes the panel has not met, so that its indices keep
// matching a caller that indexed them first.
func (p *Panel) Grow(codes []string) {
	for _, c := range codes {
		p.index(c)
	}
	p.reindex()
}

// readTies reads the ties of a kind (a prefix) in the years from..to, 0
// for no bound.
func readTies(ctx context.Context, r entente.Reader, kind string, from, to int) ([]entente.Tie, error) {
	ts, err := r.Ties(ctx, entente.TieFilter{KindPrefix: kind, FromYear: from, ToYear: to})
	if err != nil {
		return nil, fmt.Errorf("panel: %s ties: %w", kind, err)
	}
	return ts, nil
}

// tradeScan reads the trade flows of a panel in a goroutine of its own,
// keeping one figure per flow and year by measures.TradeFigure's
// precedence (COW, then IMF DOTS, then Comtrade; the importer's own
// report, then the mirror, then estimates). It indexes the states it
// meets itself, so that it shares nothing with the panel until into.
type tradeScan struct {
	cancel context.CancelFunc
	done   chan struct{}
	err    error
	codeIndex
	// best holds by year, importer and exporter (the scan's indexes) the
	// figure kept so far: slices, because a map lookup per row was a third
	// of the scan.
	best map[int][][]rankedFlow
}

// rankedFlow is the best figure of a flow seen so far and its rank; set
// is false where the scan met no figure.
type rankedFlow struct {
	value float64
	rank  int32
	set   bool
}

func scanTrade(ctx context.Context, r entente.Reader, cfg PanelConfig, until int32) *tradeScan {
	ctx, cancel := context.WithCancel(ctx)
	s := &tradeScan{cancel: cancel, done: make(chan struct{}), codeIndex: codeIndex{idx: map[string]int{}}, best: map[int][][]rankedFlow{}}
	from := cfg.FromYear
	if from != 0 {
		from -= cfg.TradeLookback
	}
	go func() {
		defer close(s.done)
		s.err = s.read(ctx, r, from, cfg.ToYear, until)
	}()
	return s
}

func (s *tradeScan) read(ctx context.Context, r entente.Reader, from, to int, until int32) error {
	if fast, ok := r.(entente.TradeScanner); ok {
		err := fast.ScanTradeFlows(ctx, from, to, func(t entente.TradeRow) {
			s.add(t.A, t.B, t.Year, t.Value, rowRank(t), until)
		})
		if err != nil {
			return fmt.Errorf("panel: trade: %w", err)
		}
		return nil
	}
	ts, err := readTies(ctx, r, string(entente.TieTradeFlow), from, to)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.Kind == entente.TieTradeFlow {
			s.add(t.A, t.B, t.Year, t.Value, tradeRank(t), until)
		}
	}
	return nil
}

// add keeps a flow's figure when it is known before until and outranks
// the flow's figure kept so far (a tie keeps the first).
func (s *tradeScan) add(a, b string, year int, v float64, rank int, until int32) {
	if DayNumber(entente.Day(year+1, time.January, 1)) > until || a == "" || b == "" {
		return
	}
	ai, bi := s.index(a), s.index(b)
	m := s.best[year]
	if len(m) <= ai {
		m = append(m, make([][]rankedFlow, ai+1-len(m))...)
		s.best[year] = m
	}
	if len(m[ai]) <= bi {
		m[ai] = append(m[ai], make([]rankedFlow, bi+1-len(m[ai]))...)
	}
	if old := m[ai][bi]; old.set && int(old.rank) <= rank {
		return
	}
	m[ai][bi] = rankedFlow{value: v, rank: int32(rank), set: true}
}

// wait waits for the scan to end and returns its error.
func (s *tradeScan) wait() error {
	<-s.done
	return s.err
}

// into moves the kept figures into the panel, indexing the scan's states
// in the order the scan met them.
func (s *tradeScan) into(p *Panel) {
	glob := make([]int, len(s.codes))
	for i, c := range s.codes {
		glob[i] = p.index(c)
	}
	p.tradeRank = make(map[int]map[[2]int]int, len(s.best))
	for year, m := range s.best {
		n := 0
		for _, row := range m {
			for _, f := range row {
				if f.set {
					n++
				}
			}
		}
		vals := make(map[[2]int]float64, n)
		ranks := make(map[[2]int]int, n)
		for a, row := range m {
			for b, f := range row {
				if f.set {
					g := [2]int{glob[a], glob[b]}
					vals[g], ranks[g] = f.value, int(f.rank)
				}
			}
		}
		p.trade[year], p.tradeRank[year] = vals, ranks
	}
}

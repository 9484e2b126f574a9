package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"entente"
	"entente/curated"
	"entente/measures"
	"entente/registry"

	"github.com/spf13/cobra"
)

func init() { register(dyadCommand) }

// dyadCommand prints the timeline of one dyad: trade and arms dependence
// both ways, security ties, UN alignment, event affinity and leverage, year
// by year, with the curated facts about the pair.
func dyadCommand(m *Main) *cobra.Command {
	var from, to, weights string
	cmd := &cobra.Command{
		Use:   "dyad A B",
		Short: "Timeline of what binds two states: trade, arms, alliances, UN votes, events, leverage",
		Long: `Timeline of a dyad, year by year: each side's trade dependence on the other
(COW trade, IMF DOTS or UN Comtrade, whichever covers the year: share of
total trade, imports and exports) and its asymmetry;
each side's arms dependence on the other (SIPRI TIV over five years, and
whether the other is the main supplier); alliances and treaties in force
(COW, ATOP, curated); UN General Assembly agreement in the session opening
that year (share of identical votes, Cohen's kappa, S-score, ideal-point
distance); events each way (count and mean Goldstein, negated apart); and
the leverage each holds over the other, with the formula's terms explained.
Curated facts (treaties and figures after the datasets end) are marked.
--format json gives every figure with its inputs and evidence; csv gives
one row per year and measure.`,
		Example: `  entente dyad CHN PRK --from 2000 --to 2024
  entente dyad Russia "North Korea" --from 2010
  entente dyad USA CUB --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return &entente.UsageError{Msg: "dyad takes two actors", Hint: `entente dyad CHN PRK --from 2000 --to 2024 (codes or names; quote names with spaces)`}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			last := m.Clock.Now().Year() - 1
			toY, err := parseYearFlag("to", to, last)
			if err != nil {
				return err
			}
			fromY, err := parseYearFlag("from", from, toY-14)
			if err != nil {
				return err
			}
			if err := notFuture(m, "to", toY); err != nil {
				return err
			}
			if fromY > toY {
				return &entente.UsageError{Msg: fmt.Sprintf("--from %d is after --to %d", fromY, toY), Hint: "entente dyad A B --from 2000 --to 2024"}
			}
			if toY-fromY >= 300 {
				return &entente.UsageError{Msg: fmt.Sprintf("%d years asked; at most 300", toY-fromY+1), Hint: "narrow --from and --to"}
			}
			eng, reg, err := m.measures(ctx, weights)
			if err != nil {
				return err
			}
			on := entente.Day(toY, 12, 31)
			a, err := resolveActor(reg, args[0], on)
			if err != nil {
				return err
			}
			b, err := resolveActor(reg, args[1], on)
			if err != nil {
				return err
			}
			if a.Code == b.Code {
				return &entente.UsageError{Msg: fmt.Sprintf("%q and %q are both %s", args[0], args[1], a.Code), Hint: "a dyad needs two different actors"}
			}
			d, err := eng.DyadTimeline(ctx, a.Code, b.Code, fromY, toY)
			if err != nil {
				return fmt.Errorf("dyad %s %s: %w", a.Code, b.Code, err)
			}
			s, err := m.ReadStore(ctx)
			if err != nil {
				return err
			}
			cov, err := dataCoverage(ctx, s, toY, false, inputTrade, inputArms, inputAlliances, inputVotes, inputIdeal, inputEvents)
			if err != nil {
				return err
			}
			if m.Config.Format != "table" {
				warnCoverage(m.Stderr, cov, toY)
			}
			return writeDyad(m, reg, d, cov)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "first year (default: 14 years before --to)")
	cmd.Flags().StringVar(&to, "to", "", "last year (default: last year)")
	cmd.Flags().StringVar(&weights, "weights", "", "leverage weights, e.g. trade=0.3,arms=0.25, or a file of name=value lines (see 'entente leverage --help')")
	return cmd
}

// measures opens the store, makes sure it holds the curated facts this
// binary ships, and returns an engine with the leverage weights of the
// --weights flag over the defaults.
func (m *Main) measures(ctx context.Context, weights string) (*measures.Engine, *registry.Registry, error) {
	cfg := measures.DefaultConfig()
	w, err := parseWeightsFlag(weights, cfg.Weights)
	if err != nil {
		return nil, nil, err
	}
	cfg.Weights = w
	reg, err := m.Registry()
	if err != nil {
		return nil, nil, err
	}
	s, err := m.ReadStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	if wrote, err := curated.Ensure(ctx, s); err != nil {
		return nil, nil, err
	} else if wrote {
		m.Logger.Debug("loaded curated facts into store")
	}
	eng, err := measures.New(s, cfg)
	if err != nil {
		return nil, nil, err
	}
	return eng, reg, nil
}

// parseWeightsFlag reads --weights: name=value pairs, or the path of a file
// holding them.
func parseWeightsFlag(v string, base measures.Weights) (measures.Weights, error) {
	hint := "use --weights " + base.String() + " (any subset), or the path of a file with one name=value per line"
	if strings.TrimSpace(v) == "" {
		return base, nil
	}
	if strings.Contains(v, "=") {
		w, err := measures.ParseWeights(v, base)
		if err != nil {
			return base, &entente.UsageError{Msg: "--weights: " + err.Error(), Hint: hint}
		}
		return w, nil
	}
	f, err := os.Open(v)
	if err != nil {
		return base, &entente.UsageError{Msg: fmt.Sprintf("--weights %q is neither name=value pairs nor a readable file", v), Hint: hint}
	}
	defer f.Close()
	w, err := measures.ReadWeights(f, base)
	if err != nil {
		return base, &entente.UsageError{Msg: fmt.Sprintf("--weights file %s: %v", v, err), Hint: hint}
	}
	return w, nil
}

// parseYearFlag reads an optional year flag; empty gives def.
func parseYearFlag(name, v string, def int) (int, error) {
	if strings.TrimSpace(v) == "" {
		return def, nil
	}
	y, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || y < 1816 || y > 2200 {
		return 0, &entente.UsageError{Msg: fmt.Sprintf("--%s %q is not a year", name, v), Hint: fmt.Sprintf("write a year such as --%s 2014", name)}
	}
	return y, nil
}

// notFuture refuses a year after today's: no dataset can hold it, and an
// answer carried forward from the past would read as a forecast.
func notFuture(m *Main, flag string, year int) error {
	now := m.Clock.Now()
	if year <= now.Year() {
		return nil
	}
	return &entente.UsageError{
		Msg:  fmt.Sprintf("--%s %d is in the future (today is %s)", flag, year, fmtDate(now)),
		Hint: fmt.Sprintf("ask about %d or earlier; for what may happen, see 'entente predict --help'", now.Year()),
	}
}

// resolveActor finds the state a command argument names. When none
// matches, the error is a not-found (exit 1) whose hint lists the closest
// state names, never a leader or a capital.
func resolveActor(reg *registry.Registry, q string, on time.Time) (entente.Actor, error) {
	a, err := lookupActor(reg, q, on)
	if err == nil {
		return a, nil
	}
	switch {
	case errors.Is(err, entente.ErrNotFound):
		return a, actorNotFound(reg, q, time.Time{}, entente.KindState)
	case errors.Is(err, entente.ErrAmbiguous):
		return a, &entente.UsageError{Msg: err.Error(), Hint: "give the ISO3 code instead"}
	}
	return a, err
}

// actorName returns the registry's short name of a code, or the code.
func actorName(reg *registry.Registry, code string) string {
	if a, ok := reg.Actor(code); ok {
		return a.Name
	}
	return code
}

// fmtShare renders a fraction as "12.3%", or "" when undefined.
func fmtShare(f measures.Fraction) string { return f.Percent() }

// fmtOpt renders an optional number with the given decimals.
func fmtOpt(p *float64, digits int) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', digits, 64)
}

// fmtFloat renders a number with the given decimals.
func fmtFloat(v float64, digits int) string { return strconv.FormatFloat(v, 'f', digits, 64) }

// evidenceText joins evidence citations for CSV and explanations.
func evidenceText(evs []entente.Evidence) string {
	parts := make([]string, 0, len(evs))
	for _, ev := range evs {
		parts = append(parts, ev.String())
	}
	return strings.Join(parts, "; ")
}

// securityCell summarises the ties in force: "defence[atop+,cow+,curated]
// nonaggression[cow+]", + marking a spell carried past its dataset's end.
func securityCell(ties []measures.SecurityTie) string {
	byType := map[string][]string{}
	var order []string
	for _, t := range ties {
		if _, ok := byType[t.Type]; !ok {
			order = append(order, t.Type)
		}
		ds := shortDataset(t.Dataset)
		if t.Via != "" {
			ds += "/" + t.Via
		}
		if t.CarriedForward {
			ds += "+"
		}
		byType[t.Type] = append(byType[t.Type], ds)
	}
	sort.SliceStable(order, func(i, j int) bool {
		return (measures.SecurityTie{Type: order[i]}).Strength() > (measures.SecurityTie{Type: order[j]}).Strength()
	})
	parts := make([]string, 0, len(order))
	for _, typ := range order {
		parts = append(parts, typ+"["+strings.Join(byType[typ], ",")+"]")
	}
	return strings.Join(parts, " ")
}

func shortDataset(ds string) string {
	switch ds {
	case "cow-alliance":
		return "cow"
	}
	return ds
}

// eventsCell renders an affinity as "12, G -1.30, 3 neg".
func eventsCell(a measures.Affinity) string {
	if !a.HasData() {
		return ""
	}
	s := strconv.FormatInt(a.Events, 10)
	if a.GoldsteinMean != nil {
		s += ", G " + fmtOpt(a.GoldsteinMean, 2)
	}
	if a.Negated > 0 {
		s += fmt.Sprintf(", %d neg", a.Negated)
	}
	return s
}

// dyadTradeSources names the trade datasets the timeline's figures come
// from (flows and totals, both ways), by measures.TradeFigure's lineage.
func dyadTradeSources(d measures.Dyad) string {
	var ls []measures.TradeLineage
	for _, y := range d.Years {
		for _, s := range []measures.TradeShare{y.Trade.AonB, y.Trade.BonA} {
			ls = append(ls, s.ImportsSource, s.ExportsSource, s.TotalsSource)
		}
	}
	names := measures.TradeDatasetNames(ls...)
	if len(names) == 0 {
		return "no trade figures"
	}
	return joinAnd(names)
}

// leverageCell renders a score with its level: "0.59 (5)".
func leverageCell(l measures.Leverage) string {
	return fmt.Sprintf("%.2f (%d)", l.Score, l.Level)
}

func armsCell(ad measures.ArmsDependence) string {
	if !ad.HasData() {
		return ""
	}
	s := ad.Share.Percent()
	if ad.IsMain {
		s += " main"
	}
	return s
}

func writeDyad(m *Main, reg *registry.Registry, d measures.Dyad, cov []coverage) error {
	switch m.Config.Format {
	case "json":
		return table{Records: d}.write(m.Stdout, "json")
	case "csv":
		return dyadCSV(d).write(m.Stdout, "csv")
	}
	w := m.Stdout
	a, b := d.A, d.B
	fmt.Fprintf(w, "Dyad %s (%s) – %s (%s), %d–%d: A is %s, B is %s\n", a, actorName(reg, a), b, actorName(reg, b), d.From, d.To, a, b)
	warnMissing(w, cov)
	fmt.Fprintln(w)
	// The timeline is two tables so that each fits a terminal; a legend
	// defines every column.
	fmt.Fprintln(w, "Dependence and ties")
	say(w,
		fmt.Sprintf("dep A: B's share of A's total trade (imports + exports, %s, US$); dep B: A's share of B's; "+
			"asym: dep A − dep B, in percentage points like the shares (negative: B depends more on A).", dyadTradeSources(d)),
		fmt.Sprintf("arms A: B's share of A's arms imports over %d years (SIPRI TIV), \"main\" if B is A's largest supplier; arms B: the reverse.", d.Config.ArmsWindow),
		"security: ties in force by type [datasets; + a spell carried past its dataset's end].",
		"lev B/A: leverage of B over A, score 0–1 and level 1–5 in parentheses (see the formula below); lev A/B: the reverse.")
	fmt.Fprintln(w)
	t := table{Header: []string{"year", "dep A", "dep B", "asym", "arms A", "arms B", "lev B/A", "lev A/B", "security"}}
	for _, y := range d.Years {
		asym := ""
		if y.Trade.HasData() {
			asym = fmtFloat(100*y.Trade.Asymmetry, 1)
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(y.Year),
			fmtShare(y.Trade.AonB.Share), fmtShare(y.Trade.BonA.Share), asym,
			armsCell(y.ArmsAonB), armsCell(y.ArmsBonA),
			leverageCell(y.LeverageBoverA), leverageCell(y.LeverageAoverB), securityCell(y.Security)})
	}
	if err := t.write(w, "table"); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "UN votes and events")
	say(w,
		"UN agree: share of identical votes of A and B in the General Assembly session opening that year, "+
			"(n) the roll calls both voted on; kappa: Cohen's kappa, agreement beyond chance (−1 to 1); "+
			"S: S-score, 1 − 2·mean|a − b| with yes 1, abstain 0.5, no 0 (−1 to 1); ideal: distance between "+
			"their Bailey–Strezhnev–Voeten ideal points (0: same position).",
		"ev A→B: A's asserted events toward B, mean Goldstein (G, −10 conflict to +10 cooperation), negated events apart; ev B→A: the reverse.")
	fmt.Fprintln(w)
	t = table{Header: []string{"year", "UN agree", "kappa", "S", "ideal", "ev A→B", "ev B→A"}}
	for _, y := range d.Years {
		agree := ""
		if g := y.Alignment.Agreement; g.HasData() {
			agree = fmt.Sprintf("%s (%d)", g.Share.Percent(), g.Votes)
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(y.Year), agree,
			fmtOpt(y.Alignment.Agreement.Kappa, 2), fmtOpt(y.Alignment.Agreement.SScore, 2),
			fmtOpt(y.Alignment.IdealPoints.Distance, 2), eventsCell(y.EventsAB), eventsCell(y.EventsBA)})
	}
	if err := t.write(w, "table"); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Security ties (all years)")
	st := table{Header: []string{"type", "dataset", "years", "via", "name", "evidence"}}
	for _, s := range d.Security {
		name := s.Name
		if s.Multilateral && name == "" {
			name = fmt.Sprintf("unnamed multilateral (%d+ parties)", s.Parties)
		}
		st.Rows = append(st.Rows, []string{s.Type, s.Dataset, s.Span(), s.Via, name, evidenceText(s.Evidence)})
	}
	if len(st.Rows) == 0 {
		fmt.Fprintln(w, "  none recorded")
	} else if err := st.write(w, "table"); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Curated facts (authored, shipped with entente; not dataset rows)")
	ft := table{Header: []string{"date", "kind", "type", "a", "b", "value", "name", "source"}}
	for _, f := range d.Facts {
		ft.Rows = append(ft.Rows, []string{f.Date, string(f.Kind), f.Type, f.A, f.B, factValue(f), f.Name, f.Source})
	}
	if len(ft.Rows) == 0 {
		fmt.Fprintln(w, "  none")
	} else if err := ft.write(w, "table"); err != nil {
		return err
	}
	if n := len(d.Years); n > 0 {
		last := d.Years[n-1]
		for _, l := range []measures.Leverage{last.LeverageBoverA, last.LeverageAoverB} {
			fmt.Fprintln(w)
			if err := writeTerms(w, reg, l); err != nil {
				return err
			}
		}
		fmt.Fprintln(w)
		say(w, "Formula: "+measures.Formula, "Weights: "+d.Config.Weights.String())
	}
	fmt.Fprintln(w)
	writeCoverage(w, cov)
	return nil
}

// factValue renders a curated fact's value with its unit.
func factValue(f measures.CuratedFact) string {
	switch {
	case f.Unit == "share":
		return fmt.Sprintf("%.1f%%", 100*f.Value)
	case f.Unit != "":
		return strconv.FormatFloat(f.Value, 'f', -1, 64) + " " + f.Unit
	case f.Kind == entente.TieDeployment && f.Value == 0:
		return ""
	}
	return strconv.FormatFloat(f.Value, 'f', -1, 64)
}

// writeTerms explains one leverage score term by term.
func writeTerms(w io.Writer, reg *registry.Registry, l measures.Leverage) error {
	fmt.Fprintf(w, "Leverage of %s (%s) over %s (%s) in %d: %.3f, level %d (%s)\n",
		l.Holder, actorName(reg, l.Holder), l.Over, actorName(reg, l.Over), l.Year, l.Score, l.Level, l.Label)
	t := table{Header: []string{"term", "weight", "x", "w·x/Σw", "data", "why"}}
	for _, term := range l.Terms {
		data := ""
		switch {
		case term.NoData && term.DataYear == 0:
			data = "none"
		case term.Curated:
			data = fmt.Sprintf("curated %d", term.DataYear)
		case term.DataYear != 0:
			data = strconv.Itoa(term.DataYear)
		}
		if term.Carried {
			// The year is before the one asked: say so where it is read.
			data += " carried"
		}
		t.Rows = append(t.Rows, []string{term.Name, fmtFloat(term.Weight, 2), fmtFloat(term.Value, 3), fmtFloat(term.Contribution, 3), data, term.Explanation})
	}
	return t.write(w, "table")
}

// dyadCSV flattens a timeline to one row per year and measure.
func dyadCSV(d measures.Dyad) table {
	t := table{Header: []string{"year", "measure", "of", "on", "value", "inputs", "evidence"}}
	add := func(y int, measure, of, on, value, inputs string, evs []entente.Evidence) {
		t.Rows = append(t.Rows, []string{strconv.Itoa(y), measure, of, on, value, inputs, evidenceText(evs)})
	}
	num := func(v float64, ok bool) string {
		if !ok {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	for _, y := range d.Years {
		if y.Trade.HasData() {
			for _, s := range []measures.TradeShare{y.Trade.AonB, y.Trade.BonA} {
				v, ok := s.Share.Value()
				detail := fmt.Sprintf("(imports %g + exports %g) / (%g + %g) US$ M, %s totals",
					s.Imports, s.Exports, s.TotalImports, s.TotalExports, s.Totals)
				if src := s.Source(); src != "" {
					detail += "; source " + src
				}
				add(y.Year, "trade_share", s.Of, s.On, num(v, ok), detail, y.Trade.Evidence)
				v, ok = s.ImportShare.Value()
				add(y.Year, "import_share", s.Of, s.On, num(v, ok), fmt.Sprintf("%g / %g US$ M", s.Imports, s.TotalImports), nil)
				v, ok = s.ExportShare.Value()
				add(y.Year, "export_share", s.Of, s.On, num(v, ok), fmt.Sprintf("%g / %g US$ M", s.Exports, s.TotalExports), nil)
			}
			add(y.Year, "trade_asymmetry", d.A, d.B, num(y.Trade.Asymmetry, true), "dep A on B − dep B on A", nil)
		}
		for _, ad := range []measures.ArmsDependence{y.ArmsAonB, y.ArmsBonA} {
			if !ad.HasData() {
				continue
			}
			v, ok := ad.Share.Value()
			add(y.Year, "arms_share", ad.Recipient, ad.Supplier, num(v, ok), fmt.Sprintf("%g of %g TIV M %d-%d (%s); main supplier %s", ad.FromSupplier, ad.Total, ad.From, ad.To, ad.Basis, ad.Main), ad.Evidence)
		}
		for _, s := range y.Security {
			add(y.Year, "security", d.A, d.B, s.Type, s.Label(), s.Evidence)
		}
		if g := y.Alignment.Agreement; g.HasData() {
			v, ok := g.Share.Value()
			add(y.Year, "un_agreement", d.A, d.B, num(v, ok), fmt.Sprintf("%d identical of %d roll calls, session %d", g.Identical, g.Votes, g.Session), g.Evidence)
			if g.Kappa != nil {
				add(y.Year, "un_kappa", d.A, d.B, num(*g.Kappa, true), fmt.Sprintf("session %d", g.Session), nil)
			}
			add(y.Year, "un_s_score", d.A, d.B, num(*g.SScore, true), fmt.Sprintf("session %d", g.Session), nil)
		}
		if p := y.Alignment.IdealPoints; p.HasData() {
			add(y.Year, "idealpoint_distance", d.A, d.B, num(*p.Distance, true), fmt.Sprintf("|%g − %g| (%s)", *p.PointA, *p.PointB, p.Measure), p.Evidence)
		}
		for _, a := range []measures.Affinity{y.EventsAB, y.EventsBA} {
			if !a.HasData() {
				continue
			}
			add(y.Year, "events", a.Source, a.Target, strconv.FormatInt(a.Events, 10), a.Query, nil)
			add(y.Year, "events_negated", a.Source, a.Target, strconv.FormatInt(a.Negated, 10), a.Query, nil)
			if a.GoldsteinMean != nil {
				add(y.Year, "goldstein_mean", a.Source, a.Target, num(*a.GoldsteinMean, true), a.Query, nil)
			}
		}
		for _, l := range []measures.Leverage{y.LeverageBoverA, y.LeverageAoverB} {
			var why []string
			var evs []entente.Evidence
			for _, term := range l.Terms {
				why = append(why, fmt.Sprintf("%s %.3f×%.2f: %s", term.Name, term.Value, term.Weight, term.Explanation))
				evs = append(evs, term.Evidence...)
			}
			add(y.Year, "leverage", l.Holder, l.Over, num(l.Score, true), strings.Join(why, " | "), evs)
		}
	}
	return t
}

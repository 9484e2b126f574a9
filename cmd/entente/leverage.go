package main

import (
	"fmt"
	"strconv"
	"strings"

	"entente"
	"entente/measures"
	"entente/registry"

	"github.com/spf13/cobra"
)

func init() { register(leverageCommand) }

// leverageCommand ranks the states holding leverage over one state in a
// year, each score explained term by term.
func leverageCommand(m *Main) *cobra.Command {
	var year, weights, explain string
	var top int
	cmd := &cobra.Command{
		Use:   "leverage A",
		Short: "Who holds leverage over A (A's susceptibility to coercion), ranked, with the formula explained",
		Long: `Ranks every state with a hold over A in a year — its trade partners, arms
suppliers, allies and the sources of events toward it — by a documented score:

  ` + measures.Formula + `

Weights default to ` + measures.DefaultWeights().String() + `
and are overridden by --weights with any subset of name=value pairs, or with
the path of a file holding them (one or more per line, # comments).
Where the datasets stop before the year (COW trade 2014, COW alliances 2012,
ATOP 2018, SIPRI TIV 2021) the latest figures within twelve years are used
and alliances in force at a dataset's end are carried forward; curated facts
replace figures they are more recent than. The "data" column and the
explanations say which.`,
		Example: `  entente leverage PRK --year 2024
  entente leverage "North Korea" --year 2024 --weights trade=0.4,hostility=0
  entente leverage PRK --year 2024 --explain RUS
  entente leverage IND --year 2021 --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &entente.UsageError{Msg: "leverage takes one actor", Hint: "entente leverage PRK --year 2024"}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			y, err := parseYearFlag("year", year, m.Clock.Now().Year()-1)
			if err != nil {
				return err
			}
			if err := notFuture(m, "year", y); err != nil {
				return err
			}
			if top < 0 {
				return &entente.UsageError{Msg: "--top must not be negative", Hint: "--top 0 lists every holder"}
			}
			// --explain takes a count (the first N holders) or a state.
			explainN, explainState := 0, ""
			if n, err := strconv.Atoi(explain); err == nil {
				if n < 0 {
					return &entente.UsageError{Msg: "--explain must not be negative", Hint: "--explain 3 explains the first three holders, --explain RUS one state"}
				}
				explainN = n
			} else {
				explainState = explain
			}
			eng, reg, err := m.measures(ctx, weights)
			if err != nil {
				return err
			}
			a, err := resolveActor(reg, args[0], entente.Day(y, 12, 31))
			if err != nil {
				return err
			}
			r, err := eng.LeverageOver(ctx, a.Code, y)
			if err != nil {
				return fmt.Errorf("leverage over %s: %w", a.Code, err)
			}
			s, err := m.ReadStore(ctx)
			if err != nil {
				return err
			}
			cov, err := dataCoverage(ctx, s, y, true, inputTrade, inputArms, inputAlliances, inputEvents)
			if err != nil {
				return err
			}
			holders := r.Holders
			if top > 0 && len(holders) > top {
				holders = holders[:top]
			}
			if m.Config.Format != "table" {
				warnCoverage(m.Stderr, cov, y)
			}
			switch m.Config.Format {
			case "json":
				r.Holders = holders
				return table{Records: r}.write(m.Stdout, "json")
			case "csv":
				return leverageTable(reg, holders, true).write(m.Stdout, "csv")
			}
			w := m.Stdout
			fmt.Fprintf(w, "Leverage over %s (%s) in %d: who holds it, strongest first (%d of %d holders)\n",
				a.Code, a.Name, y, len(holders), len(r.Holders))
			warnMissing(w, cov)
			say(w,
				"score: the weighted mean of the terms, 0–1; level: 1 "+measures.LevelLabels[1]+" (< .05), 2 "+measures.LevelLabels[2]+" (< .15), 3 "+
					measures.LevelLabels[3]+" (< .30), 4 "+measures.LevelLabels[4]+" (< .50), 5 "+measures.LevelLabels[5]+".",
				fmt.Sprintf("Terms x in [0,1]: trade: the holder's share of %s's trade; asym: %s's dependence on the holder minus the holder's on %s (0 if negative); "+
					"arms: the holder's share of %s's arms imports (SIPRI TIV); supp: 1 if it is the main supplier; sec: security ties (1 defence pact); "+
					"host: share of its events toward %s that are conflictual.", a.Code, a.Code, a.Code, a.Code, a.Code),
				"* marks a curated figure, ~ a term without data.",
				fmt.Sprintf("data: the year each input's figures are for, in the order trade (trade, asym), arms (arms, supp), security (sec), events (host); "+
					"< a year before %d whose figures are carried forward (the data end earlier), * a curated figure, – no data.", y))
			fmt.Fprintln(w)
			if err := leverageTable(reg, holders, false).write(w, "table"); err != nil {
				return err
			}
			if explainState != "" {
				b, err := resolveActor(reg, explainState, entente.Day(y, 12, 31))
				if err != nil {
					return err
				}
				var found *measures.Leverage
				for i := range r.Holders {
					if r.Holders[i].Holder == b.Code {
						found = &r.Holders[i]
					}
				}
				if found == nil {
					return &notFoundError{Msg: fmt.Sprintf("%s holds no leverage over %s in %d", b.Code, a.Code, y),
						Hint: "the ranking lists every holder with any tie to " + a.Code + "; see 'entente dyad " + a.Code + " " + b.Code + "'"}
				}
				fmt.Fprintln(w)
				if err := writeTerms(w, reg, *found); err != nil {
					return err
				}
			}
			for i := 0; i < explainN && i < len(holders); i++ {
				fmt.Fprintln(w)
				if err := writeTerms(w, reg, holders[i]); err != nil {
					return err
				}
			}
			fmt.Fprintln(w)
			writeCoverage(w, cov)
			fmt.Fprintln(w)
			say(w, "Formula: "+measures.Formula, "Weights: "+r.Weights.String())
			return nil
		},
	}
	cmd.Flags().StringVar(&year, "year", "", "year (default: last year)")
	cmd.Flags().StringVar(&weights, "weights", "", "weights over the defaults, e.g. trade=0.3,arms=0.25, or a file of name=value lines")
	cmd.Flags().IntVar(&top, "top", 20, "list this many holders (0: all)")
	cmd.Flags().StringVar(&explain, "explain", "3", "explain the first N scores term by term, or one state's (e.g. --explain RUS) (table format)")
	return cmd
}

// leverageTable is the ranking: ISO3 code first, then the score and each
// term, then the year of each input's data. With why set (CSV) each term's
// explanation and evidence follow.
func leverageTable(reg *registry.Registry, holders []measures.Leverage, why bool) table {
	header := []string{"iso3", "name", "score", "level", "label"}
	header = append(header, measures.TermNames...)
	for _, in := range leverageInputs {
		header = append(header, in.name+"_year")
	}
	header = append(header, "carried")
	if !why {
		// The table shows short headers, defined in the legend above it.
		header = []string{"iso3", "name", "score", "level", "trade", "asym", "arms", "supp", "sec", "host", "data"}
	}
	if why {
		for _, n := range measures.TermNames {
			header = append(header, n+"_why")
		}
		header = append(header, "evidence")
	}
	t := table{Header: header}
	for _, l := range holders {
		row := []string{l.Holder, actorName(reg, l.Holder), fmtFloat(l.Score, 3), strconv.Itoa(l.Level), l.Label}
		if !why {
			// The level's name is in the legend: the column is kept narrow
			// so that the data years fit a terminal.
			row = []string{l.Holder, actorName(reg, l.Holder), fmtFloat(l.Score, 3), strconv.Itoa(l.Level)}
		}
		for _, term := range l.Terms {
			cell := fmtFloat(term.Value, 2)
			switch {
			case term.Curated:
				cell += "*"
			case term.NoData:
				cell += "~"
			}
			row = append(row, cell)
		}
		var years, carried []string
		for _, in := range leverageInputs {
			term, _ := l.Term(in.term)
			y := ""
			if term.DataYear != 0 {
				y = strconv.Itoa(term.DataYear)
			}
			if term.Carried {
				carried = append(carried, in.name)
			}
			if why {
				years = append(years, y)
				continue
			}
			switch {
			case y == "":
				y = "–"
			case term.Carried:
				y += "<"
			}
			if term.Curated {
				y += "*"
			}
			years = append(years, y)
		}
		if why {
			row = append(row, years...)
			row = append(row, strings.Join(carried, " "))
		} else {
			row = append(row, strings.Join(years, " "))
		}
		if why {
			var evs []entente.Evidence
			for _, term := range l.Terms {
				row = append(row, term.Explanation)
				evs = append(evs, term.Evidence...)
			}
			row = append(row, evidenceText(evs))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// leverageInputs are the data a leverage score rests on, in the order the
// "data" column gives their years, each with the term that carries its
// year (asymmetry shares the trade figures' year, supplier the arms
// window's).
var leverageInputs = []struct{ name, term string }{
	{"trade", measures.TermTrade},
	{"arms", measures.TermArms},
	{"security", measures.TermSecurity},
	{"events", measures.TermHostility},
}

package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"entente"
	"entente/measures"

	"github.com/spf13/cobra"
)

func init() { register(sourcesCommand) }

// sourcesCommand lists what is loaded: every dataset release and document
// collection with its rows, coverage, licence, citation and checksum.
func sourcesCommand(m *Main) *cobra.Command {
	var compare, a, b string
	var from, to int
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "List the datasets loaded: release, rows, years covered, licence, citation, file checksum",
		Long: `sources lists every dataset release and document collection stored.

With --compare trade it lists instead the trade flows that two datasets
(COW, IMF DOTS, UN Comtrade) both give for a year, with each dataset's
figure and lineage (reporter, mirror, estimate) and their spread; the first
figure is the one the measures use (see measures.TradeFigure).`,
		Example: `  entente sources
  entente sources --format json
  entente sources --compare trade --a PRK --b CHN --from 2010`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := m.ReadStore(ctx)
			if err != nil {
				return err
			}
			switch compare {
			case "":
			case "trade":
				return compareTrade(ctx, m, s, a, b, from, to)
			default:
				return &entente.UsageError{Msg: fmt.Sprintf("cannot compare %q", compare), Hint: "entente sources --compare trade --a STATE [--b STATE]"}
			}
			srcs, err := s.Sources(ctx)
			if err != nil {
				return err
			}
			if srcs == nil {
				srcs = []entente.Source{}
			}
			t := table{
				Header:  []string{"id", "dataset", "release", "rows", "years", "file", "sha256", "licence", "citation"},
				Records: srcs,
			}
			for _, src := range srcs {
				sum := src.Checksum
				if m.Config.Format == "table" && len(sum) > 12 {
					sum = sum[:12]
				}
				t.Rows = append(t.Rows, []string{src.ID, src.Dataset, src.Release, strconv.FormatInt(src.Rows, 10),
					years(src.Coverage), src.File, sum, src.Licence, src.Citation})
			}
			return t.write(m.Stdout, m.Config.Format)
		},
	}
	cmd.Flags().StringVar(&compare, "compare", "", "compare the datasets that overlap: trade")
	cmd.Flags().StringVar(&a, "a", "", "with --compare trade: a state whose flows to compare (required)")
	cmd.Flags().StringVar(&b, "b", "", "with --compare trade: its partner (default: every partner)")
	cmd.Flags().IntVar(&from, "from", 0, "with --compare trade: first year")
	cmd.Flags().IntVar(&to, "to", 0, "with --compare trade: last year")
	return cmd
}

// compareTrade lists the flows of a (with b) that more than one dataset
// gives, each dataset's figure with its lineage.
func compareTrade(ctx context.Context, m *Main, s entente.Reader, a, b string, from, to int) error {
	if a == "" {
		return &entente.UsageError{Msg: "--compare trade needs a state", Hint: "entente sources --compare trade --a PRK [--b CHN]"}
	}
	reg, err := m.Registry()
	if err != nil {
		return err
	}
	codes := make([]string, 0, 2)
	for _, name := range []string{a, b} {
		if name == "" {
			codes = append(codes, "")
			continue
		}
		act, err := reg.ByName(name, entente.Day(max(to, 2020), 12, 31))
		if err != nil {
			if act2, err2 := reg.ByCode(entente.SchemeISO3, strings.ToUpper(name), entente.Day(max(to, 2020), 12, 31)); err2 == nil {
				act, err = act2, nil
			}
		}
		if err != nil {
			return &entente.UsageError{Msg: fmt.Sprintf("no state %q", name), Hint: "give an ISO 3166 alpha-3 code or a name, e.g. PRK"}
		}
		codes = append(codes, act.Code)
	}
	ties, err := s.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieTradeFlow), A: codes[0], B: codes[1], Either: true, FromYear: from, ToYear: to})
	if err != nil {
		return fmt.Errorf("trade flows: %w", err)
	}
	ds := measures.CompareTrade(ties)
	if ds == nil {
		ds = []measures.TradeDisagreement{}
	}
	t := table{Header: []string{"importer", "exporter", "year", "used", "lineage", "other", "other lineage", "spread"}, Records: ds}
	for _, d := range ds {
		used, other := d.Figures[0], d.Figures[len(d.Figures)-1]
		t.Rows = append(t.Rows, []string{d.Importer, d.Exporter, strconv.Itoa(d.Year),
			strconv.FormatFloat(used.Value, 'f', 1, 64), used.Lineage.String(),
			strconv.FormatFloat(other.Value, 'f', 1, 64), other.Lineage.String(),
			fmt.Sprintf("%.0f%%", 100*d.Spread)})
	}
	return t.write(m.Stdout, m.Config.Format)
}

// years renders a coverage period as "1946–2019".
func years(p entente.Period) string {
	switch {
	case p.From.IsZero() && p.To.IsZero():
		return ""
	case p.From.Year() == p.To.Year():
		return strconv.Itoa(p.From.Year())
	}
	return strconv.Itoa(p.From.Year()) + "–" + strconv.Itoa(p.To.Year())
}

package main

import (
	"strconv"

	"entente"

	"github.com/spf13/cobra"
)

func init() { register(sourcesCommand) }

// sourcesCommand lists what is loaded: every dataset release and document
// collection with its rows, coverage, licence, citation and checksum.
func sourcesCommand(m *Main) *cobra.Command {
	return &cobra.Command{
		Use:   "sources",
		Short: "List the datasets loaded: release, rows, years covered, licence, citation, file checksum",
		Example: `  entente sources
  entente sources --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := m.ReadStore(ctx)
			if err != nil {
				return err
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

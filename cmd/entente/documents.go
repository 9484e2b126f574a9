package main

import (
	"fmt"
	"strings"

	"entente"

	"github.com/spf13/cobra"
)

func init() { register(documentsCommand) }

// documentsCommand lists the articles and statements ingest stored, newest
// first, so an analyst can find the document an event's evidence cites.
func documentsCommand(m *Main) *cobra.Command {
	var from, to, match string
	var limit int
	var dups bool
	cmd := &cobra.Command{
		Use:   "documents",
		Short: "List the documents 'entente ingest' stored: id, date, title, publisher, length",
		Long: `Lists the documents ingest stored, newest first. Columns:
  id         the document's key (doc: and the start of the SHA-256 of its text); events cite it
  date       the date the document carries (or was given with --date at ingest)
  title      its title; publisher and url where the source gave them
  chars      length of the text kept, in characters
  duplicate  the document this one is a near-duplicate (syndicated copy) of, if any
Near-duplicates are hidden unless --duplicates is given.`,
		Example: `  entente documents
  entente documents --from 2024-10-01 --match Kursk
  entente documents --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, t, err := parseListFlags(from, to, limit, "document")
			if err != nil {
				return err
			}
			s, err := m.ReadStore(ctx)
			if err != nil {
				return err
			}
			docs, err := s.Documents(ctx)
			if err != nil {
				return fmt.Errorf("list documents: %w", err)
			}
			type record struct {
				ID          string  `json:"id"`
				Date        string  `json:"date"`
				Title       string  `json:"title"`
				Publisher   *string `json:"publisher"`
				URL         *string `json:"url"`
				Chars       int     `json:"chars"`
				DuplicateOf *string `json:"duplicate_of"`
			}
			records := []record{}
			tab := table{Header: []string{"id", "date", "title", "publisher", "chars", "duplicate"}}
			needle := strings.ToLower(match)
			for _, d := range docs {
				switch {
				case !f.IsZero() && d.Date.Before(f.Time),
					!t.IsZero() && d.Date.After(t.Time),
					d.DuplicateOf != "" && !dups,
					needle != "" && !strings.Contains(strings.ToLower(d.Title+"\n"+d.Text), needle):
					continue
				}
				if limit > 0 && len(records) == limit {
					break
				}
				chars := len([]rune(d.Text))
				records = append(records, record{ID: d.ID, Date: fmtDate(d.Date), Title: d.Title, Publisher: optString(d.Publisher),
					URL: optString(d.URL), Chars: chars, DuplicateOf: optString(d.DuplicateOf)})
				tab.Rows = append(tab.Rows, []string{d.ID, fmtDate(d.Date), d.Title, d.Publisher, fmt.Sprint(chars), d.DuplicateOf})
			}
			tab.Records = records
			if len(records) == 0 && m.Config.Format == "table" {
				fmt.Fprintln(m.Stderr, "entente: note: no documents match; 'entente ingest FILE...' stores articles and feeds")
			}
			return tab.write(m.Stdout, m.Config.Format)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "only documents dated on or after this day, YYYY-MM-DD")
	cmd.Flags().StringVar(&to, "to", "", "only documents dated on or before this day, YYYY-MM-DD")
	cmd.Flags().StringVar(&match, "match", "", "only documents whose title or text contains this (any case)")
	cmd.Flags().IntVar(&limit, "limit", 0, "list at most this many (0: all)")
	cmd.Flags().BoolVar(&dups, "duplicates", false, "list near-duplicates (syndicated copies) too")
	return cmd
}

// optString is nil for "", so that JSON says null where nothing is known.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// parseListFlags reads the --from and --to dates and the --limit of a
// listing of what ("document", "event"), with the same messages for every
// listing.
func parseListFlags(from, to string, limit int, what string) (f, t timeValue, err error) {
	if f, err = parseDateFlag("from", from); err != nil {
		return f, t, err
	}
	if t, err = parseDateFlag("to", to); err != nil {
		return f, t, err
	}
	if limit < 0 {
		return f, t, &entente.UsageError{Msg: "--limit must not be negative", Hint: "--limit 0 lists every " + what}
	}
	return f, t, nil
}

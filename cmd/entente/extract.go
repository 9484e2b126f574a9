package main

import (
	"fmt"
	"strconv"
	"strings"

	"entente"
	"entente/coder"
	"entente/ingest"

	"github.com/spf13/cobra"
)

func init() { register(extractCommand) }

// extractCommand codes files into events and prints them without storing
// anything: `entente extract --date 2024-12-02 article.txt`.
func extractCommand(m *Main) *cobra.Command {
	var date, format string
	cmd := &cobra.Command{
		Use:   "extract FILE...",
		Short: "Code articles (text, HTML or RSS/Atom files) into events and print them without storing",
		Long: `extract reads each file, finds its sentences, actors and events, and prints
one event per (source, target) pair with the sentence that is its evidence.
Offsets are bytes into the file for plain text (after an optional header of
Title:/Author:/Publisher:/Date:/URL: lines) and into the extracted text for
HTML and feed items. --date sets the day actor names are resolved for and
overrides the document's own date.`,
		Example: `  entente extract --date 2024-12-02 analysis.txt
  entente extract --format table page.html`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			on, err := parseDateFlag("date", date)
			if err != nil {
				return err
			}
			switch format {
			case "jsonl", "json", "table", "csv":
			default:
				return &entente.UsageError{Msg: fmt.Sprintf("unknown --format %q for extract", format), Hint: "use --format jsonl, csv or table"}
			}
			reg, err := m.Registry()
			if err != nil {
				return err
			}
			c, err := coder.New(coder.DefaultConfig(), reg)
			if err != nil {
				return err
			}
			rd, err := ingest.NewReader(ingest.DefaultConfig())
			if err != nil {
				return err
			}
			var evs []coder.Extracted
			for _, arg := range args {
				ins, err := rd.ReadInputs(cmd.Context(), arg)
				if err != nil {
					return err
				}
				for _, in := range ins {
					d := in.Doc
					if !on.IsZero() {
						d.Date = on.Time
					}
					before := len(evs)
					evs = c.AppendCode(evs, d)
					coder.Shift(evs[before:], in.Offset)
				}
			}
			if format == "table" {
				return coder.WriteTable(m.Stdout, evs)
			}
			if format == "csv" {
				return extractCSV(evs).write(m.Stdout, "csv")
			}
			return coder.WriteJSONL(m.Stdout, evs)
		},
	}
	// extract prints events, not a listing, so it has formats of its own;
	// this flag shadows the global --format for this command only.
	cmd.Flags().StringVar(&format, "format", "jsonl", "output format: jsonl, csv or table")
	cmd.Flags().StringVar(&date, "date", "", "resolve actors and date events as of this day (YYYY-MM-DD)")
	return cmd
}

// extractCSV is one row per coded event, for spreadsheets.
func extractCSV(evs []coder.Extracted) table {
	t := table{Header: []string{"doc", "sentence", "start", "end", "source", "source_country", "target", "target_country",
		"cameo", "plover", "goldstein", "negated", "modality", "quantities", "confidence", "text"}}
	ref := func(a *entente.ActorRef) (string, string) {
		if a == nil {
			return "", ""
		}
		return a.Code, a.Country
	}
	for _, e := range evs {
		sc, scn := ref(e.Source)
		tc, tcn := ref(e.Target)
		var qs []string
		for _, q := range e.Quantities {
			qs = append(qs, q.Text)
		}
		t.Rows = append(t.Rows, []string{e.Doc, strconv.Itoa(e.Sentence), strconv.Itoa(e.Start), strconv.Itoa(e.End), sc, scn, tc, tcn,
			e.CAMEO, e.PLOVER, strconv.FormatFloat(e.Goldstein, 'f', -1, 64), strconv.FormatBool(e.Negated), string(e.Modality),
			strings.Join(qs, "; "), strconv.FormatFloat(e.Confidence, 'f', 2, 64), e.Text})
	}
	return t
}

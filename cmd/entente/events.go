package main

import (
	"fmt"
	"strconv"
	"time"

	"entente"

	"github.com/spf13/cobra"
)

func init() { register(eventsCommand) }

// eventsCommand lists stored events (from datasets or ingested text) with
// filters on who, to whom, when and what, each with its evidence.
func eventsCommand(m *Main) *cobra.Command {
	var source, target, from, to, cameo string
	var limit int
	cmd := &cobra.Command{
		Use:   "events",
		Short: "List stored events (GDELT, ICEWS, ingested articles) with filters and their evidence",
		Long: `Lists stored events, filtered by the country of the source and target actor,
a date range and a CAMEO code prefix. Columns:
  date       the day of the event
  source     who acted (entente code; the country behind it in JSON)
  target     toward whom
  cameo      CAMEO event code; plover its PLOVER category
  goldstein  Goldstein scale value, −10 (most conflictual) to +10 (most cooperative)
  neg        "neg" when the text denies the act ("refused to condemn"); never counted as the act
  modality   asserted, hedged ("unlikely to"), recommended ("should") or reported
  evidence   the dataset row or the sentence of the document it rests on, led by
             "[adjudicated by MODEL]" when a language model coded it ('ingest
             --adjudicate'); JSON has it as "provenance"`,
		Example: `  entente events --source CHN --target PRK --from 2024-01-01
  entente events --target PRK --cameo 19 --limit 20
  entente events --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, t, err := parseListFlags(from, to, limit, "event")
			if err != nil {
				return err
			}
			for _, c := range cameo {
				if c < '0' || c > '9' {
					return &entente.UsageError{Msg: fmt.Sprintf("--cameo %q is not a CAMEO code", cameo), Hint: "give digits, e.g. --cameo 19 (fight) or --cameo 0411"}
				}
			}
			reg, err := m.Registry()
			if err != nil {
				return err
			}
			filter := entente.EventFilter{From: f.Time, To: t.Time, CAMEOPrefix: cameo, Limit: limit}
			for _, side := range []struct {
				arg string
				dst *string
			}{{source, &filter.SourceCountry}, {target, &filter.TargetCountry}} {
				if side.arg == "" {
					continue
				}
				a, err := resolveActor(reg, side.arg, time.Time{})
				if err != nil {
					return err
				}
				*side.dst = a.Code
			}
			s, err := m.ReadStore(ctx)
			if err != nil {
				return err
			}
			evs, err := s.Events(ctx, filter)
			if err != nil {
				return fmt.Errorf("list events: %w", err)
			}
			if evs == nil {
				evs = []entente.Event{}
			}
			tab := table{Header: []string{"date", "source", "target", "cameo", "plover", "goldstein", "neg", "modality", "evidence"}, Records: evs}
			for _, e := range evs {
				neg := ""
				if e.Negated {
					neg = "neg"
				}
				evidence := evidenceText(e.Evidence)
				if e.Provenance != "" {
					// Who coded it, when the rules did not, is read before
					// the sentence it rests on.
					evidence = "[" + e.Provenance + "] " + evidence
				}
				tab.Rows = append(tab.Rows, []string{fmtDate(e.Date), e.Source.Code, e.Target.Code, e.CAMEO, e.PLOVER,
					strconv.FormatFloat(e.Goldstein, 'f', 1, 64), neg, string(e.Modality), evidence})
			}
			if len(evs) == 0 && m.Config.Format == "table" {
				fmt.Fprintln(m.Stderr, "entente: note: no events match; 'entente import' (GDELT, ICEWS) and 'entente ingest' store them")
			}
			return tab.write(m.Stdout, m.Config.Format)
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "only events whose source actor belongs to this state (code or name)")
	cmd.Flags().StringVar(&target, "target", "", "only events whose target actor belongs to this state")
	cmd.Flags().StringVar(&from, "from", "", "only events on or after this day, YYYY-MM-DD")
	cmd.Flags().StringVar(&to, "to", "", "only events on or before this day, YYYY-MM-DD")
	cmd.Flags().StringVar(&cameo, "cameo", "", "only events whose CAMEO code starts with these digits")
	cmd.Flags().IntVar(&limit, "limit", 100, "list at most this many (0: all)")
	return cmd
}

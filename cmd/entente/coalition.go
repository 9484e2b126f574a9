package main

import (
	"fmt"
	"strings"

	"entente/coalition"

	"github.com/spf13/cobra"
)

func init() { register(coalitionCommand) }

// coalitionCommand lists likely supporters, swing states worth lobbying and
// likely opponents of a motion, and with --scenario who moves and why.
func coalitionCommand(m *Main) *cobra.Command {
	var motionPath, scenarioPath, asof string
	var top int
	var refit bool
	cmd := &cobra.Command{
		Use:   "coalition --motion FILE [--scenario FILE]",
		Short: "Who backs a motion, who could be lobbied and what stands in the way, who opposes",
		Long: `Predicts the motion (see 'entente predict') and sorts the members into likely
supporters, swing states and likely opponents. For each swing state, gain is
the rise in its probability of voting yes when lobbying pushes its log-odds of
yes by one unit, damped by the structural ties that hold it back (trade or
arms dependence on the targets, alliances and blocs shared with them, listed
as obstacles); followers is the rise in the other members' probabilities of
yes, summed, if it votes yes (the model carries a state's stance to its
voting partners and dependants). Swing states are ranked by the expected yes
votes, gain × (1 + followers).

A scenario file (JSON or YAML) overrides ties before predicting:
  changes:
    - {kind: arms, a: RUS, b: IND, change: -50%}
    - {kind: stance, a: CHN, stance: condemns}
    - {kind: alliance, a: PHL, b: USA, action: add, name: a new PHL-USA agreement}
and the output shows who moves and why.`,
		Example: `  entente coalition --motion motions/dprk-troops-2024.yaml
  entente coalition --motion motions/dprk-troops-2024.yaml --scenario motions/dprk-troops-2024-scenario.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var sc *coalition.Scenario
			if scenarioPath != "" {
				var err error
				if sc, err = coalition.LoadScenario(scenarioPath); err != nil {
					return err
				}
				reg, err := m.Registry()
				if err != nil {
					return err
				}
				if err := sc.CheckStates(reg); err != nil {
					return err
				}
			}
			eng, mo, err := m.coalitionEngine(ctx, motionPath, asof, refit)
			if err != nil {
				return err
			}
			p, err := eng.Predict(ctx, mo)
			if err != nil {
				return fmt.Errorf("coalition: %w", err)
			}
			var sim *coalition.Simulation
			if sc != nil {
				if sim, err = eng.Simulate(ctx, mo, sc); err != nil {
					return fmt.Errorf("coalition: scenario: %w", err)
				}
				p = sim.After
			}
			co := eng.Coalition(p)
			return writeCoalition(m, co, sim, top)
		},
	}
	cmd.Flags().StringVar(&motionPath, "motion", "", "motion file, JSON or YAML (required)")
	cmd.Flags().StringVar(&scenarioPath, "scenario", "", "scenario file overriding ties, JSON or YAML")
	cmd.Flags().StringVar(&asof, "asof", "", "as of this day, YYYY-MM-DD (default: the motion's date)")
	cmd.Flags().BoolVar(&refit, "refit", false, "fit the model afresh even when one saved for this day and data exists")
	cmd.Flags().IntVar(&top, "top", 15, "rows per list in table output (0: all)")
	return cmd
}

func clip[T any](s []T, n int) []T {
	if n > 0 && len(s) > n {
		return s[:n]
	}
	return s
}

func writeCoalition(m *Main, co *coalition.Coalition, sim *coalition.Simulation, top int) error {
	type record struct {
		*coalition.Coalition
		Motion     coalition.Motion            `json:"motion"`
		AsOf       string                      `json:"asof"`
		Similar    []coalition.SimilarRollCall `json:"similar"`
		Notes      []string                    `json:"notes,omitempty"`
		Simulation *coalition.Simulation       `json:"simulation,omitempty"`
	}
	p := co.Prediction
	rec := record{Coalition: co, Motion: p.Motion, AsOf: fmtDate(p.AsOf), Similar: p.Similar, Notes: p.Notes, Simulation: sim}
	flat := table{Header: []string{"group", "country", "p_yes", "p_abstain", "p_no", "predicted", "gain", "followers", "expected_votes", "obstacles", "reasons"}, Records: rec}
	for _, s := range co.Supporters {
		flat.Rows = append(flat.Rows, []string{"supporter", s.Country, fmtProb(s.PYes), fmtProb(s.PAbstain), fmtProb(s.PNo), string(s.Predicted), "", "", "", "", reasonsText(s.Reasons, 0)})
	}
	for _, s := range co.Swing {
		flat.Rows = append(flat.Rows, []string{"swing", s.Country, fmtProb(s.PYes), fmtProb(s.PAbstain), fmtProb(s.PNo), string(s.Predicted), fmtProb(s.Gain), fmtProb(s.Followers), fmtProb(s.Votes), reasonsText(s.Obstacles, 0), reasonsText(s.Levers, 0)})
	}
	for _, s := range co.Opponents {
		flat.Rows = append(flat.Rows, []string{"opponent", s.Country, fmtProb(s.PYes), fmtProb(s.PAbstain), fmtProb(s.PNo), string(s.Predicted), "", "", "", "", reasonsText(s.Reasons, 0)})
	}
	if m.Config.Format != "table" {
		return flat.write(m.Stdout, m.Config.Format)
	}
	w := m.Stdout
	yes, abs, no := p.Tally()
	fmt.Fprintf(w, "Motion %s: %s\nas of %s — predicted %d yes, %d abstain, %d no among %d UN members\n",
		p.Motion.ID, p.Motion.Title, fmtDate(p.AsOf), yes, abs, no, len(p.States))
	if len(p.Similar) > 0 {
		fmt.Fprintln(w, "placed by (yes-no-abstain):")
		// A series repeats its title every year: each title is printed
		// once, as a footnote the lines refer to.
		notes := footnotes{}
		for _, s := range p.Similar {
			how := "found by text"
			if s.Explicit {
				how = "given"
			}
			say(w, fmt.Sprintf("  %s%s (%s, %s, %.1f years old) %d-%d-%d, weight %.2f, %s", coalition.ResolutionSymbol(s.Resolution), notes.mark(s.Title), fmtDate(s.Date), s.Kind, s.AgeYears, s.Yes, s.No, s.Abstain, s.Weight, how))
		}
		notes.write(w)
	}
	for _, n := range p.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if sim != nil {
		fmt.Fprintf(w, "\nScenario %s: %s\n", sim.Scenario.ID, strings.Join(sim.Changes, "; "))
		mv := table{Header: []string{"country", "before", "after", "p_yes", "p_no", "why"}}
		for _, x := range sim.Moves {
			mv.Rows = append(mv.Rows, []string{x.Country, string(x.Before), string(x.After),
				fmtProb(x.PYesBefore) + "→" + fmtProb(x.PYesAfter), fmtProb(x.PNoBefore) + "→" + fmtProb(x.PNoAfter), reasonsText(x.Why, 2)})
		}
		if len(mv.Rows) == 0 {
			fmt.Fprintln(w, "nobody moves")
		} else if err := mv.write(w, "table"); err != nil {
			return err
		}
	}
	section := func(title string, ms []coalition.Member, n int) error {
		fmt.Fprintf(w, "\n%s (%d)\n", title, len(ms))
		t := table{Header: []string{"country", "name", "p_yes", "p_abstain", "p_no", "why"}}
		for _, s := range clip(ms, n) {
			t.Rows = append(t.Rows, []string{s.Country, s.Name, fmtProb(s.PYes), fmtProb(s.PAbstain), fmtProb(s.PNo), reasonsText(s.Reasons, 2)})
		}
		return t.write(w, "table")
	}
	if err := section("Likely supporters", co.Supporters, top); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nSwing states, by the yes votes lobbying could gain, its own and its followers' (%d)\n", len(co.Swing))
	t := table{Header: []string{"country", "name", "predicted", "p_yes", "gain", "followers", "votes", "in the way", "for"}}
	for _, s := range clip(co.Swing, top) {
		t.Rows = append(t.Rows, []string{s.Country, s.Name, string(s.Predicted), fmtProb(s.PYes), "+" + fmtProb(s.Gain), "+" + fmtProb(s.Followers), fmtProb(s.Votes), reasonsText(s.Obstacles, 2), reasonsText(s.Levers, 1)})
	}
	if err := t.write(w, "table"); err != nil {
		return err
	}
	return section("Likely opponents", co.Opponents, top)
}

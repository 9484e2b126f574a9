package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"entente"
	"entente/petrarch"

	"github.com/spf13/cobra"
)

func init() { register(petrarchCommand) }

// petrarchCommand groups what reads the TABARI/PETRARCH formats: scoring on
// validation records and mapping a dictionary's actors to the registry.
func petrarchCommand(m *Main) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "petrarch",
		Short: "Read PETRARCH/TABARI dictionaries and score entente on PETRARCH validation records",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return &entente.UsageError{Msg: "petrarch needs a subcommand", Hint: "see 'entente petrarch --help'"}
		},
	}
	cmd.AddCommand(petrarchValidateCommand(m), petrarchActorsCommand(m), petrarchCodeCommand(m))
	return cmd
}

func petrarchValidateCommand(m *Main) *cobra.Command {
	var dir string
	var failures, textOnly bool
	cmd := &cobra.Command{
		Use:   "validate RECORDS.xml",
		Short: "Code every validation record with the dictionaries it names; per-record pass/fail, per-category, per-half and total rates",
		Example: `  entente petrarch validate ../shared/data/petrarch2/validation/PETR.UnitTest.records.xml --dict ../shared/data/petrarch2/dictionaries
  entente petrarch validate RECORDS.xml --dict DIR --failures --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &entente.UsageError{Msg: "petrarch validate needs one records file", Hint: "entente petrarch validate RECORDS.xml [--dict DIR]"}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			recs, err := readRecords(args[0])
			if err != nil {
				return err
			}
			if dir == "" {
				dir = filepath.Dir(args[0])
			}
			env := recs.Environment
			files := petrarch.Files{Verbs: env.VerbFile, Actors: env.ActorFiles, Agents: env.AgentFile, Discards: env.DiscardFile}
			if err := files.Validate(); err != nil {
				return &entente.InputError{File: args[0], Field: "Environment", Err: fmt.Errorf("the records name no verb or actor dictionary")}
			}
			dicts, err := petrarch.Load(dir, files)
			if err != nil {
				return err
			}
			logSkipped(m, dicts.Warnings())
			rep := dicts.Validate(recs)
			if textOnly {
				rep = dicts.ValidateText(recs)
			}
			return writeValidation(m, rep, failures)
		},
	}
	cmd.Flags().StringVar(&dir, "dict", "", "folder holding the dictionaries the records name (default: the records' folder)")
	cmd.Flags().BoolVar(&failures, "failures", false, "list only the records that fail")
	cmd.Flags().BoolVar(&textOnly, "text-only", false, "ignore the records' parses and code their text alone (dictionary chunking, as TABARI did)")
	return cmd
}

func readRecords(path string) (*petrarch.Records, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &entente.UsageError{Msg: fmt.Sprintf("no such file %s", path), Hint: "give a PETRARCH validation file such as PETR.UnitTest.records.xml"}
		}
		return nil, fmt.Errorf("petrarch validate: %w", err)
	}
	defer f.Close()
	return petrarch.ReadRecords(f, path)
}

// writeValidation prints the records, then the rates. JSON carries the
// whole report in one document.
func writeValidation(m *Main, rep petrarch.Report, failuresOnly bool) error {
	if m.Config.Format == "json" {
		if failuresOnly {
			var keep []petrarch.Result
			for _, r := range rep.Results {
				if !r.Pass {
					keep = append(keep, r)
				}
			}
			rep.Results = keep
		}
		return table{Records: rep}.write(m.Stdout, "json")
	}
	recs := table{Header: []string{"id", "category", "half", "result", "expected", "got"}}
	for _, r := range rep.Results {
		if failuresOnly && r.Pass {
			continue
		}
		verdict := "pass"
		if !r.Pass {
			verdict = "FAIL"
		}
		recs.Rows = append(recs.Rows, []string{r.ID, r.Category, string(r.Half), verdict, expectedText(r.Expected), gotText(r.Got)})
	}
	if err := recs.write(m.Stdout, m.Config.Format); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout)
	rates := table{Header: []string{"group", "name", "passed", "total", "rate"}}
	add := func(group string, rt petrarch.Rate) {
		pct := 0.0
		if rt.Total > 0 {
			pct = 100 * float64(rt.Passed) / float64(rt.Total)
		}
		rates.Rows = append(rates.Rows, []string{group, rt.Name, strconv.Itoa(rt.Passed), strconv.Itoa(rt.Total), strconv.FormatFloat(pct, 'f', 1, 64) + "%"})
	}
	for _, c := range rep.Categories {
		add("category", c)
	}
	for _, h := range rep.Halves {
		add("half", h)
	}
	add("total", rep.Total)
	return rates.write(m.Stdout, m.Config.Format)
}

func expectedText(es []petrarch.Expected) string {
	var parts []string
	for _, e := range es {
		switch {
		case e.Error != "":
			parts = append(parts, "error "+e.Error)
		case e.NoEvents:
			parts = append(parts, "no events")
		default:
			parts = append(parts, e.Source+" "+e.Target+" "+e.Code)
		}
	}
	return strings.Join(parts, "; ")
}

func gotText(o petrarch.Outcome) string {
	switch {
	case o.Discard != "":
		return "error " + o.Discard
	case o.Refused != "":
		return "error " + o.Refused
	case len(o.Events) == 0:
		return "no events"
	}
	var parts []string
	for _, e := range o.Events {
		parts = append(parts, e.Source+" "+e.Target+" "+e.Code)
	}
	return strings.Join(parts, "; ")
}

func petrarchActorsCommand(m *Main) *cobra.Command {
	var dir, on string
	var names []string
	var unknownOnly bool
	cmd := &cobra.Command{
		Use:   "actors --dict DIR",
		Short: "Map a PETRARCH actor dictionary's codes to entente actors (date-aware) and report the codes the registry does not know",
		Example: `  entente petrarch actors --dict ../shared/data/petrarch2/dictionaries --unknown
  entente petrarch actors --dict DIR --actors PETR.Validate.actors.txt --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return &entente.UsageError{Msg: "petrarch actors needs --dict DIR", Hint: "point --dict at the folder holding the actor dictionaries"}
			}
			day := m.Clock.Now().UTC().Truncate(24 * time.Hour)
			if on != "" {
				tv, err := parseDateFlag("on", on)
				if err != nil {
					return err
				}
				day = tv.Time
			}
			actors, err := petrarch.LoadActors(dir, names)
			if err != nil {
				return err
			}
			var skipped []string
			for _, a := range actors {
				skipped = append(skipped, a.Warnings...)
			}
			logSkipped(m, skipped)
			reg, err := m.Registry()
			if err != nil {
				return err
			}
			maps, err := petrarch.New(nil, actors, nil, nil).MapActors(reg, day)
			if err != nil {
				return err
			}
			t := table{Header: []string{"phrase", "code", "on", "entente", "known", "file", "line"}}
			recs := []petrarch.Mapping{}
			unknown := 0
			for _, mp := range maps {
				if !mp.Known {
					unknown++
				}
				if unknownOnly && mp.Known {
					continue
				}
				recs = append(recs, mp)
				t.Rows = append(t.Rows, []string{mp.Phrase, mp.Code, fmtDate(mp.On), mp.Actor, strconv.FormatBool(mp.Known),
					filepath.Base(mp.File), strconv.FormatInt(mp.Line, 10)})
			}
			t.Records = recs
			m.Logger.Info("petrarch actors", "codes", len(maps), "unknown", unknown)
			return t.write(m.Stdout, m.Config.Format)
		},
	}
	cmd.Flags().StringVar(&dir, "dict", "", "folder holding the actor dictionaries")
	cmd.Flags().StringSliceVar(&names, "actors", petrarch.PhoenixFiles().Actors, "actor dictionary files inside --dict")
	cmd.Flags().StringVar(&on, "on", "", "day to map undated codes on, YYYY-MM-DD (default: today)")
	cmd.Flags().BoolVar(&unknownOnly, "unknown", false, "list only the codes the registry does not know")
	return cmd
}

// logSkipped reports dictionary lines that could not be read: how many at
// warning level, each one with -v.
func logSkipped(m *Main, lines []string) {
	if len(lines) == 0 {
		return
	}
	m.Logger.Warn("dictionary lines skipped (see them with -v)", "lines", len(lines))
	for _, l := range lines {
		m.Logger.Debug("dictionary line skipped", "where", l)
	}
}

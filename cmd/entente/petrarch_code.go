package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"entente"
	"entente/coder"
	"entente/petrarch"

	"github.com/spf13/cobra"
)

// petrarchCodeCommand codes sentences with a user's PETRARCH/TABARI
// dictionaries instead of entente's built-in ones, and maps the codes to
// entente actors on the sentence's day; codes the registry does not know
// are shown, not dropped. It hangs under "petrarch" (see petrarch.go).
func petrarchCodeCommand(m *Main) *cobra.Command {
	var dir, set, date string
	var uncoded, builtin bool
	cmd := &cobra.Command{
		Use:   "code FILE --dict DIR",
		Short: "Code sentences with PETRARCH/TABARI dictionaries: PETRARCH XML (uses each sentence's parse) or plain text, one sentence a line",
		Example: `  entente petrarch code sentences.txt --dict ../shared/data/petrarch2/dictionaries --date 2024-06-19
  entente petrarch code stories.xml --dict DIR --set validate --format json
  entente petrarch code sentences.txt --dict DIR --builtin      # entente's own coder alongside, to compare`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &entente.UsageError{Msg: "petrarch code needs one input file (- for standard input)", Hint: "entente petrarch code FILE --dict DIR"}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return &entente.UsageError{Msg: "petrarch code needs --dict DIR", Hint: "point --dict at the folder holding the PETRARCH dictionaries"}
			}
			var files petrarch.Files
			switch set {
			case "phoenix":
				files = petrarch.PhoenixFiles()
			case "validate":
				files = petrarch.ValidationFiles()
			default:
				return &entente.UsageError{Msg: fmt.Sprintf("unknown --set %q", set), Hint: "use --set phoenix or --set validate"}
			}
			day := m.Clock.Now().UTC().Truncate(24 * time.Hour)
			if date != "" {
				tv, err := parseDateFlag("date", date)
				if err != nil {
					return err
				}
				day = tv.Time
			}
			sents, err := readSentences(m, args[0], day)
			if err != nil {
				return err
			}
			dicts, err := petrarch.Load(dir, files)
			if err != nil {
				return err
			}
			logSkipped(m, dicts.Warnings())
			reg, err := m.Registry()
			if err != nil {
				return err
			}
			var own *coder.Coder
			if builtin {
				if own, err = coder.New(coder.DefaultConfig(), reg); err != nil {
					return fmt.Errorf("petrarch code: %w", err)
				}
			}
			rows := []codedRow{}
			for _, s := range sents {
				var out petrarch.Outcome
				if s.parse != "" {
					out = dicts.CodeParse(s.parse, s.date, petrarch.DefaultOptions())
				} else {
					out = dicts.CodeText(s.text, s.date, petrarch.DefaultOptions())
				}
				if len(out.Events) == 0 && uncoded {
					note := "no event"
					if out.Discard != "" || out.Refused != "" {
						note = out.Discard + out.Refused
					}
					rows = append(rows, codedRow{ID: s.id, Date: fmtDate(s.date), Coder: "petrarch", Note: note, Text: s.text})
				}
				for _, e := range out.Events {
					rows = append(rows, codedRow{
						ID: s.id, Date: fmtDate(s.date), Coder: "petrarch",
						Source: e.Source, SourceActor: ententeActor(reg, e.Source, s.date),
						Target: e.Target, TargetActor: ententeActor(reg, e.Target, s.date),
						CAMEO: e.Code, Verb: e.Verb, Text: s.text,
					})
				}
				if own == nil {
					continue
				}
				evs, err := own.Code(entente.Document{ID: s.id, Date: s.date, Text: s.text})
				if err != nil {
					return fmt.Errorf("petrarch code: entente coder: %w", err)
				}
				for _, e := range evs {
					r := codedRow{ID: s.id, Date: fmtDate(s.date), Coder: "entente", CAMEO: e.CAMEO, Text: s.text}
					if e.Source != nil {
						r.Source, r.SourceActor = e.Source.Code, e.Source.Country
					}
					if e.Target != nil {
						r.Target, r.TargetActor = e.Target.Code, e.Target.Country
					}
					if e.Negated {
						r.Note = "negated"
					}
					rows = append(rows, r)
				}
			}
			t := table{Header: []string{"id", "date", "coder", "source", "source_actor", "target", "target_actor", "cameo", "verb", "note", "text"}, Records: rows}
			for _, r := range rows {
				t.Rows = append(t.Rows, []string{r.ID, r.Date, r.Coder, r.Source, r.SourceActor, r.Target, r.TargetActor, r.CAMEO, r.Verb, r.Note, r.Text})
			}
			if m.Config.Format == "table" {
				// The terminal table keeps what a reader scans; the verb and
				// the note stay in CSV and JSON, and the text is cut to fit.
				t.Header = []string{"id", "date", "source", "entente", "target", "entente", "cameo", "text"}
				if builtin {
					t.Header = append([]string{"coder"}, t.Header...)
				}
				for i, r := range rows {
					text := r.Text
					if r.Note != "" {
						text = "(" + r.Note + ") " + text
					}
					t.Rows[i] = []string{r.ID, r.Date, r.Source, r.SourceActor, r.Target, r.TargetActor, r.CAMEO, text}
					if builtin {
						t.Rows[i] = append([]string{r.Coder}, t.Rows[i]...)
					}
				}
			}
			return t.write(m.Stdout, m.Config.Format)
		},
	}
	cmd.Flags().StringVar(&dir, "dict", "", "folder holding the PETRARCH/TABARI dictionaries")
	cmd.Flags().StringVar(&set, "set", "phoenix", "dictionary set: phoenix (CAMEO.2.0.txt, Phoenix.*) or validate (PETR.Validate.*)")
	cmd.Flags().StringVar(&date, "date", "", "day of plain-text sentences, YYYY-MM-DD (default: today); XML sentences carry their own")
	cmd.Flags().BoolVar(&uncoded, "uncoded", false, "also list sentences that yield no event")
	cmd.Flags().BoolVar(&builtin, "builtin", false, "also code each sentence with entente's own coder and list both (column coder)")
	return cmd
}

// codedRow is one coded event with the entente actors behind its codes.
type codedRow struct {
	ID          string `json:"id"`
	Coder       string `json:"coder,omitempty"` // petrarch or entente`
	Date        string `json:"date"`
	Source      string `json:"source,omitempty"`
	SourceActor string `json:"source_actor,omitempty"`
	Target      string `json:"target,omitempty"`
	TargetActor string `json:"target_actor,omitempty"`
	CAMEO       string `json:"cameo,omitempty"`
	Verb        string `json:"verb,omitempty"`
	Note        string `json:"note,omitempty"`
	Text        string `json:"text"`
}

// ententeActor maps a PETRARCH actor code to an entente actor on day d
// through the registry's CAMEO codes ("RUSGOV" is Russia's government);
// a code the registry does not know shows as "?" so it is seen, not lost.
func ententeActor(reg petrarch.CodeLookup, code string, d time.Time) string {
	if code == "" || strings.HasPrefix(code, "---") || strings.HasPrefix(code, `"`) {
		return ""
	}
	for _, try := range []string{code, code[:min(3, len(code))]} {
		if a, err := reg.ByCode(entente.SchemeCAMEO, try, d); err == nil {
			return a.Code
		}
	}
	return "?"
}

type inputSentence struct {
	id, text, parse string
	date            time.Time
}

// readSentences reads PETRARCH XML (by its .xml name) or plain text, one
// sentence a line; blank lines and lines starting with # are skipped.
func readSentences(m *Main, path string, day time.Time) ([]inputSentence, error) {
	var r io.Reader = m.Stdin
	name := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, &entente.UsageError{Msg: fmt.Sprintf("no such file %s", path), Hint: "give PETRARCH XML or a text file with one sentence a line"}
			}
			return nil, fmt.Errorf("petrarch code: %w", err)
		}
		defer f.Close()
		r, name = f, path
	}
	if strings.HasSuffix(strings.ToLower(path), ".xml") {
		recs, err := petrarch.ReadRecords(r, name)
		if err != nil {
			return nil, err
		}
		var out []inputSentence
		for _, rec := range recs.Records {
			out = append(out, inputSentence{id: rec.ID, text: rec.Text, parse: rec.Parse, date: rec.Date})
		}
		return out, nil
	}
	var out []inputSentence
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	no := 0
	for sc.Scan() {
		no++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, inputSentence{id: "line " + strconv.Itoa(no), text: line, date: day})
	}
	if err := sc.Err(); err != nil {
		return nil, &entente.InputError{File: name, Line: int64(no + 1), Err: fmt.Errorf("read: %w", err)}
	}
	return out, nil
}

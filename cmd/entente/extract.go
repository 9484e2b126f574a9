package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
	var date, format, adjURL, adjModel string
	cmd := &cobra.Command{
		Use:   "extract FILE...",
		Short: "Code articles (text, HTML or RSS/Atom files) into events and print them without storing",
		Long: `extract reads each file, finds its sentences, actors and events, and prints
one event per (source, target) pair with the sentence that is its evidence.
Offsets are bytes into the file for plain text (after an optional header of
Title:/Author:/Publisher:/Date:/URL: lines) and into the extracted text for
HTML and feed items. --date sets the day actor names are resolved for and
overrides the document's own date.

--adjudicate URL --adjudicate-model NAME (opt-in) sends the sentences where
the rules abstain or disagree to the OpenAI-compatible chat endpoint you run
at URL (a local llama.cpp or Ollama server); answers with a known CAMEO code
and actors of the sentence are printed with "provenance", the rest dropped
and counted on stderr. Files streamed for their size are not adjudicated.`,
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
			c, err := m.newCoder()
			if err != nil {
				return err
			}
			rcfg := ingest.DefaultConfig()
			rd, err := ingest.NewReader(rcfg)
			if err != nil {
				return err
			}
			x := extraction{c: c, on: on, format: format, w: m.Stdout}
			if adjURL != "" || adjModel != "" {
				if x.adj, err = newAdjudicator(adjURL, adjModel, c); err != nil {
					return err
				}
				defer func() { printAdjudication(m.Stderr, x.adjStats) }()
			}
			for _, arg := range localFiles(args) {
				if big, err := streamable(arg, rcfg.MaxBytes); err != nil {
					return err
				} else if big {
					// A plain-text file too long to read whole is coded
					// as it is read, chunk by chunk, on every core.
					if err := x.flush(cmd.Context()); err != nil {
						return err
					}
					if err := x.stream(cmd.Context(), arg); err != nil {
						return err
					}
					continue
				}
				ins, err := rd.ReadInputs(cmd.Context(), arg)
				if err != nil {
					return err
				}
				x.pending = append(x.pending, ins...)
			}
			return x.finish(cmd.Context())
		},
	}
	// extract prints events, not a listing, so it has formats of its own;
	// this flag shadows the global --format for this command only.
	cmd.Flags().StringVar(&format, "format", "jsonl", "output format: jsonl, csv or table")
	cmd.Flags().StringVar(&date, "date", "", "resolve actors and date events as of this day (YYYY-MM-DD)")
	cmd.Flags().StringVar(&adjURL, "adjudicate", "", "opt-in: URL of an OpenAI-compatible chat endpoint that codes the sentences the rules leave open")
	cmd.Flags().StringVar(&adjModel, "adjudicate-model", "", "model name to ask at the --adjudicate endpoint")
	return cmd
}

// newAdjudicator builds the opt-in adjudicator from the two flags. The
// endpoint is one the user named, so an address on this machine is
// allowed.
func newAdjudicator(url, model string, c *coder.Coder) (*coder.Adjudicator, error) {
	if url == "" || model == "" {
		return nil, &entente.UsageError{Msg: "--adjudicate and --adjudicate-model go together", Hint: "e.g. --adjudicate http://127.0.0.1:8080 --adjudicate-model qwen2.5-7b-instruct"}
	}
	cfg := coder.DefaultAdjudicatorConfig()
	cfg.URL, cfg.Model, cfg.AllowLoopback = url, model, true
	a, err := coder.NewAdjudicator(cfg, c)
	if err != nil {
		return nil, &entente.UsageError{Msg: err.Error(), Hint: "give the endpoint as http(s)://host[:port] and the model's name"}
	}
	return a, nil
}

// printAdjudication says on stderr what the adjudicator did.
func printAdjudication(w io.Writer, st coder.AdjudicationStats) {
	fmt.Fprintf(w, "adjudicator: %d asked, %d kept, %d declined, %d invalid (dropped), %d failed, %d skipped\n",
		st.Asked, st.Valid, st.Declined, st.Invalid, st.Failed, st.Skipped)
}

// extraction codes the inputs of one extract run and prints their events
// in input order: read inputs wait in pending and are coded together on
// every core; a streamed file goes out as it is coded. The table format
// lines up columns over all events, so it keeps them until the end.
type extraction struct {
	c       *coder.Coder
	on      timeValue
	format  string
	w       io.Writer
	pending []ingest.Input
	table   []coder.Extracted
	// csvHeader is set once the CSV header line is out.
	csvHeader bool
	// adj, when set, adjudicates what the rules leave open.
	adj      *coder.Adjudicator
	adjStats coder.AdjudicationStats
}

// write prints evs, or keeps them for the table.
func (x *extraction) write(evs []coder.Extracted) error {
	if x.format == "table" {
		x.table = append(x.table, evs...)
		return nil
	}
	if x.format == "csv" {
		// CSV goes out as it is coded like JSONL; the header comes once.
		t := extractCSV(evs)
		// The header goes once, above the first batch.
		header := t.Header
		if x.csvHeader {
			header = nil
		}
		x.csvHeader = true
		return writeCSV(x.w, header, t.Rows)
	}
	return coder.WriteJSONL(x.w, evs)
}

// flush codes and prints the pending inputs.
func (x *extraction) flush(ctx context.Context) error {
	if len(x.pending) == 0 {
		return nil
	}
	docs := make([]entente.Document, len(x.pending))
	for i, in := range x.pending {
		docs[i] = in.Doc
		if !x.on.IsZero() {
			docs[i].Date = x.on.Time
		}
	}
	coded, err := x.c.CodeAll(ctx, docs)
	if err != nil {
		return err
	}
	for i, evs := range coded {
		if x.adj != nil {
			var st coder.AdjudicationStats
			evs, st, err = x.adj.Adjudicate(ctx, docs[i], evs)
			x.adjStats.Add(st)
			if err != nil {
				return err
			}
		}
		coder.Shift(evs, x.pending[i].Offset)
		if err := x.write(evs); err != nil {
			return err
		}
	}
	x.pending = x.pending[:0]
	return nil
}

func (x *extraction) finish(ctx context.Context) error {
	if err := x.flush(ctx); err != nil {
		return err
	}
	if x.format == "table" {
		var b strings.Builder
		if err := coder.WriteTable(&b, x.table); err != nil {
			return err
		}
		return writeCut(x.w, b.String())
	}
	if x.format == "csv" && !x.csvHeader {
		return extractCSV(nil).write(x.w, "csv")
	}
	return nil
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

// streamHead is how much of a streamed file is read for its header.
const streamHead = 64 << 10

// localFiles expands each folder among args into the files it holds
// (ingest.Files), so that a long text file inside a folder is streamed as
// one named directly is; URLs and paths that cannot be listed are kept as
// given for the reader to fetch or report.
func localFiles(args []string) []string {
	var out []string
	for _, arg := range args {
		if strings.Contains(arg, "://") {
			out = append(out, arg)
			continue
		}
		st, err := os.Stat(arg)
		if err != nil || !st.IsDir() {
			out = append(out, arg)
			continue
		}
		files, err := ingest.Files(arg)
		if err != nil {
			out = append(out, arg)
			continue
		}
		out = append(out, files...)
	}
	return out
}

// streamable reports a plain-text file larger than limit: extract codes
// it as a stream instead of refusing it.
func streamable(arg string, limit int64) (bool, error) {
	if strings.Contains(arg, "://") {
		return false, nil
	}
	st, err := os.Stat(arg)
	if err != nil || !st.Mode().IsRegular() || st.Size() <= limit {
		return false, nil
	}
	f, err := os.Open(arg)
	if err != nil {
		return false, &entente.InputError{File: arg, Err: err}
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return ingest.Sniff(filepath.Base(arg), head[:n], "") == ingest.KindText, nil
}

// stream codes one long plain-text file as it reads it: the header (if
// any) from its head, the document ID from a first pass over the text,
// the events from a second.
func (x *extraction) stream(ctx context.Context, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return &entente.InputError{File: name, Err: err}
	}
	defer f.Close()
	head := make([]byte, streamHead)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		return &entente.InputError{File: name, Err: err}
	}
	head = head[:n]
	// Cut the head at its last line break so that the header parser sees
	// whole lines; the text after the header is what gets coded.
	if i := strings.LastIndexByte(string(head), '\n'); i > 0 {
		head = head[:i+1]
	}
	meta, err := ingest.ParseText(name, string(head))
	if err != nil {
		return err
	}
	bodyAt := int64(len(head) - len(meta.Text))
	if !x.on.IsZero() {
		meta.Date = x.on.Time
	}
	if _, err := f.Seek(bodyAt, io.SeekStart); err != nil {
		return &entente.InputError{File: name, Err: err}
	}
	if meta.ID, err = ingest.StreamID(f); err != nil {
		return &entente.InputError{File: name, Err: err}
	}
	if _, err := f.Seek(bodyAt, io.SeekStart); err != nil {
		return &entente.InputError{File: name, Err: err}
	}
	return x.c.CodeReader(ctx, f, meta, func(evs []coder.Extracted) error {
		coder.Shift(evs, int(bodyAt))
		return x.write(evs)
	})
}

// newCoder returns the event coder over the built-in registry, as extract
// and ingest use it.
func (m *Main) newCoder() (*coder.Coder, error) {
	reg, err := m.Registry()
	if err != nil {
		return nil, err
	}
	return coder.New(coder.DefaultConfig(), reg)
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"entente"
	"entente/coalition"
	"entente/importer"

	"github.com/spf13/cobra"
)

func init() { register(importCommand) }

// importCommand loads public datasets in their publishers' formats:
// `entente import ../shared/data` or `entente import cow-alliance FILE`.
func importCommand(m *Main) *cobra.Command {
	var release, lookups string
	var replace, noModel bool
	cmd := &cobra.Command{
		Use:   "import [KIND] PATH...",
		Short: "Import public datasets (UN votes, alliances, trade, arms, events, COW tables) from their publishers' files",
		Long: `import reads each file in its publisher's format and stores its rows with
their evidence (dataset, release, file, line). KIND is detected from the
file's name and header when omitted. A PATH may be a directory: every
recognised file under it is imported and the others are listed as skipped,
with the reason.

Each file is one transaction: a malformed file stores nothing and stops the
import with an error naming file, line and field. Importing the same file
again adds nothing; a newer release of a dataset replaces the older one.
Country codes are mapped through the registry, date-aware; rows whose code
cannot be mapped are counted and listed by code.

After an import that leaves UN roll calls in the store, the coalition model
for today's questions is fitted and saved (about 20 seconds on the full
data), so that the first 'entente coalition' or 'predict' reads it instead
of fitting; --no-model leaves that to the first question.

Kinds: ` + strings.Join(importer.KindNames(), ", "),
		Example: `  entente import ../shared/data
  entente import cow-alliance cow_alliance_v4.1_ddy.csv.gz
  entente import --format json 20191024143000.export.CSV.gz`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			kind := ""
			_, statErr := os.Stat(args[0])
			if _, ok := importer.KindByName(args[0]); ok {
				// A kind followed by paths is a kind even when a folder
				// of that name exists; alone, it is the kind only when
				// no such file or folder exists (write ./atop for the
				// folder).
				if statErr != nil || len(args) > 1 {
					kind, args = args[0], args[1:]
				}
			} else if statErr != nil && (len(args) > 1 || !strings.ContainsAny(args[0], `/\.`)) {
				// Not a file and not a kind: say so before opening anything.
				return unknownKind(args[0])
			}
			if len(args) == 0 {
				return &entente.UsageError{Msg: "no file or directory to import", Hint: "entente import [KIND] PATH..."}
			}
			reg, err := m.Registry()
			if err != nil {
				return err
			}
			s, err := m.Store(ctx)
			if err != nil {
				return err
			}
			cfg := importer.Config{Registry: reg, Clock: m.Clock, Release: release, LookupDir: lookups, Replace: replace}
			if d := m.Progress(); d != nil {
				cfg.Progress = newImportProgress(d)
			}
			im, err := importer.New(s, cfg)
			if err != nil {
				return err
			}
			rep, ierr := im.Import(ctx, kind, args...)
			if ierr != nil {
				// The file that failed has no status: the error names it.
				// Only the files done before it are listed, and no table
				// at all when there are none.
				done := rep.Files[:0]
				for _, f := range rep.Files {
					if f.Status != "" {
						done = append(done, f)
					}
				}
				rep.Files = done
				if len(rep.Files) == 0 {
					return ierr
				}
			}
			if werr := writeImportReport(m.Stdout, m.Config.Format, rep); werr != nil && ierr == nil {
				ierr = werr
			}
			if ierr != nil || noModel {
				return ierr
			}
			return m.prepareModel(ctx)
		},
	}
	cmd.Flags().StringVar(&release, "release", "", "release to record when the file does not say it (e.g. 0.3.0)")
	cmd.Flags().BoolVar(&replace, "replace", false, "let a file replace a stored release although it has less than half its rows")
	cmd.Flags().BoolVar(&noModel, "no-model", false, "do not fit the coalition model for today's questions after the import (the first question fits it)")
	cmd.Flags().StringVar(&lookups, "lookups", "", "folder with GDELT's CAMEO.eventcodes.txt and CAMEO.goldsteinscale.txt (default: lookups/ beside the export)")
	return cmd
}

// prepareModel fits and saves the coalition model that questions about
// today use, after an import changed the data (coalition.PrepareModel).
// The import itself has succeeded by then: a store without roll calls has
// no model to fit, and a fit that fails is reported as a warning, since
// the first question fits again and says why it cannot.
func (m *Main) prepareModel(ctx context.Context) error {
	today := m.Clock.Now()
	today = entente.Day(today.Year(), today.Month(), today.Day())
	s, reg, err := m.coalitionStore(ctx, today)
	if err == nil {
		start := time.Now()
		var fit time.Time
		var fitted bool
		fit, fitted, err = coalition.PrepareModel(ctx, s, reg, m.engineOptions(today, false, nil))
		if err == nil && fitted && (m.Config.Format == "table" || m.Config.Format == "") {
			fmt.Fprintf(m.Stdout, "\nfitted the coalition model for questions from %s on in %s\n", fit.Format(entente.DateLayout), time.Since(start).Round(100*time.Millisecond))
		}
	}
	switch {
	case errors.Is(err, entente.ErrNotFound):
		return nil
	case errors.Is(err, context.Canceled):
		return err
	case err != nil:
		m.Logger.Warn("the coalition model was not fitted after the import; the first question fits it", "err", err)
	}
	return nil
}

// writeImportReport prints what an import did: one line per file, then the
// unmapped codes and notes of each file.
func writeImportReport(w io.Writer, format string, rep importer.Report) error {
	if rep.Files == nil {
		rep.Files = []importer.FileResult{}
	}
	t := table{
		Header:  []string{"file", "kind", "status", "rows", "stored", "unmapped", "time", "note"},
		Records: rep.Files,
	}
	for _, f := range rep.Files {
		note := f.Reason
		if f.Status == importer.Imported && len(f.Replaced) > 0 {
			note = "replaced " + strings.Join(f.Replaced, ", ")
		}
		rows, stored, unmapped, took := "", "", "", ""
		if f.Status == importer.Imported {
			rows = strconv.FormatInt(f.Source.Rows, 10)
			stored = storedSummary(f.Stored)
			unmapped = strconv.FormatInt(f.UnmappedRows(), 10)
			took = f.Elapsed.Round(time.Millisecond).String()
		}
		t.Rows = append(t.Rows, []string{f.Path, f.Kind, string(f.Status), rows, stored, unmapped, took, note})
	}
	if err := t.write(w, format); err != nil {
		return err
	}
	if format != "table" && format != "" {
		return nil
	}
	for _, f := range rep.Files {
		if len(f.Unmapped) == 0 && len(f.Notes) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s:\n", filepath.Base(f.Path))
		if len(f.Unmapped) > 0 {
			keys := make([]string, 0, len(f.Unmapped))
			for k := range f.Unmapped {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool {
				if f.Unmapped[keys[i]] != f.Unmapped[keys[j]] {
					return f.Unmapped[keys[i]] > f.Unmapped[keys[j]]
				}
				return keys[i] < keys[j]
			})
			parts := make([]string, len(keys))
			for i, k := range keys {
				parts[i] = fmt.Sprintf("%s ×%d", k, f.Unmapped[k])
			}
			// Lists of codes run to hundreds of characters: wrapped to the
			// terminal like the rest of the prose.
			say(w, clipText("  rows not stored or stored without a country, by unmapped code: "+strings.Join(parts, ", "), columnsOf(w), noteLines))
		}
		for _, n := range f.Notes {
			say(w, clipText("  "+n, columnsOf(w), noteLines))
		}
	}
	return nil
}

// noteLines is how many lines of a terminal one note under the import
// summary may fill: a whole-folder import has notes for hundreds of files,
// each listing dozens of codes, which would scroll for thousands of lines.
const noteLines = 3

// clipText cuts s, on a terminal of cols columns, to about lines lines at
// a word boundary, saying that --wide (or a pipe) shows the whole. With no
// width (--wide, a pipe) s is returned whole.
func clipText(s string, cols, lines int) string {
	limit := cols*lines - 40
	if cols <= 0 || limit <= 0 || utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)[:limit]
	cut := strings.LastIndex(string(r), " ")
	if cut <= 0 {
		cut = len(string(r))
	}
	return strings.TrimRight(string(r)[:cut], ", ") + " … (--wide shows all)"
}

func storedSummary(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", m[k], k)
	}
	return strings.Join(parts, ", ")
}

// unknownKind is the usage error for a KIND that names no kind: it lists
// the kinds and suggests the nearest by edit distance.
func unknownKind(name string) error {
	names := importer.KindNames()
	lower := strings.ToLower(name)
	// Kinds that contain what was typed ("unvotes", "dgacm") come first,
	// the closest of them by edit distance; otherwise the closest kind,
	// when it is close enough to be what was meant.
	best, bestD, contained := "", -1, false
	for _, k := range names {
		d := editDistance(lower, k)
		c := strings.Contains(k, lower)
		if best == "" || c && !contained || c == contained && d < bestD {
			best, bestD, contained = k, d, c
		}
	}
	msg := fmt.Sprintf("unknown kind %q", name)
	if best != "" && (contained || bestD <= max(len(best), len(name))/3) {
		msg += fmt.Sprintf("; did you mean %s?", best)
	}
	return &entente.UsageError{Msg: msg, Hint: "entente import [KIND] PATH...; kinds: " + strings.Join(names, ", ")}
}

// editDistance is the Levenshtein distance between a and b in bytes (kind
// names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

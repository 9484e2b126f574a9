package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"entente"
)

// timeValue wraps a parsed date flag so that "not given" is explicit.
type timeValue struct{ time.Time }

// table is what listing commands print: the same rows become an aligned
// table, CSV with a header line, or JSON (Records, when set, carries richer
// structure for JSON than the flat rows).
type table struct {
	Header  []string
	Rows    [][]string
	Records any
}

// write renders t in the requested format.
func (t table) write(w io.Writer, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if t.Records != nil {
			v, err := nullEmpty(t.Records)
			if err != nil {
				return err
			}
			return enc.Encode(v)
		}
		out := make([]map[string]any, 0, len(t.Rows))
		for _, r := range t.Rows {
			rec := make(map[string]any, len(t.Header))
			for i, h := range t.Header {
				if i < len(r) {
					rec[h] = jsonCell(r[i])
				}
			}
			out = append(out, rec)
		}
		return enc.Encode(out)
	case "csv":
		return writeCSV(w, t.Header, t.Rows)
	case "table", "":
		header := make([]string, len(t.Header))
		for i, h := range t.Header {
			header[i] = strings.ToUpper(h)
		}
		rows := fitColumns(append([][]string{header}, t.Rows...), columnsOf(w))
		var buf bytes.Buffer
		tw := tabwriter.NewWriter(&buf, 0, 0, columnGap, ' ', 0)
		for _, r := range rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		// Padding after the last non-empty cell only makes lines wider.
		for _, line := range strings.SplitAfter(buf.String(), "\n") {
			if line == "" {
				continue
			}
			if _, err := io.WriteString(w, strings.TrimRight(line, " \n")+"\n"); err != nil {
				return err
			}
		}
		return nil
	}
	return &entente.UsageError{Msg: fmt.Sprintf("unknown --format %q", format), Hint: "use --format table, json or csv"}
}

// plainNumber matches what a table cell holds when it is a number: no
// leading zeros (a code such as "002" stays text), no unit, no sign but a
// minus.
var plainNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// jsonCell is the JSON value of a table cell, by the one convention of
// every --format json: numbers as numbers, null for a missing value.
func jsonCell(c string) any {
	switch {
	case c == "":
		return nil
	case plainNumber.MatchString(c):
		return json.Number(c)
	}
	return c
}

// nullEmpty returns records as generic JSON with every empty string made
// null: domain types write "" for a field nobody filled, and the one JSON
// convention says a missing value is null. Numbers keep their exact text.
func nullEmpty(records any) (any, error) {
	b, err := json.Marshal(records)
	if err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				x[k] = walk(e)
			}
		case []any:
			for i, e := range x {
				x[i] = walk(e)
			}
		case string:
			if x == "" {
				return nil
			}
		}
		return v
	}
	return walk(v), nil
}

// columnGap is the space between table columns.
const columnGap = 2

// sizedWriter is standard output with the width it is shown in: the
// terminal's, $COLUMNS, or what a test sets. Tables and prose fit it.
type sizedWriter struct {
	io.Writer
	cols int
}

// columnsOf is the width w is shown in, 0 when unknown or unlimited
// (--wide, a pipe).
func columnsOf(w io.Writer) int {
	if s, ok := w.(*sizedWriter); ok {
		return s.cols
	}
	return 0
}

// minColumn is the narrowest a column is cut to: enough for a code, a
// number or the start of a name.
const minColumn = 8

// fitColumns cuts the cells of the widest columns, ending them in "…",
// until the rows fit in width columns (0: no limit). The first row is
// the header. No column is cut below minColumn, nor below its header when
// its values are as wide, so a table of many narrow columns may still be
// wider than the terminal.
func fitColumns(rows [][]string, width int) [][]string {
	if width <= 0 || len(rows) == 0 {
		return rows
	}
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	natural := make([]int, n)
	floor := make([]int, n)
	content := make([]int, n) // widest cell below the header
	for ri, r := range rows {
		for i, c := range r {
			natural[i] = max(natural[i], utf8.RuneCountInString(c))
			if ri > 0 {
				content[i] = max(content[i], utf8.RuneCountInString(c))
			}
		}
	}
	// A column is cut down to minColumn, or to the narrower of its header
	// and its widest value: a long header over short values ("MEMBER_FROM"
	// over dates) is cut to the values, never below them.
	for i := range floor {
		h := 0
		if i < len(rows[0]) {
			h = utf8.RuneCountInString(rows[0][i])
		}
		floor[i] = min(natural[i], max(minColumn, min(content[i], h)))
	}
	widths := append([]int(nil), natural...)
	total := func() int {
		sum := columnGap * (n - 1)
		for _, w := range widths {
			sum += w
		}
		return sum
	}
	// The line may use width-1 columns: a character in the last column
	// makes some terminals wrap.
	for over := total() - (width - 1); over > 0; over = total() - (width - 1) {
		widest := -1
		for i := range widths {
			if widths[i] > floor[i] && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		// Cut the widest column down to the next widest (or the floor),
		// at most by what is over.
		next := floor[widest]
		for i := range widths {
			if i != widest && widths[i] < widths[widest] && widths[i] > next {
				next = widths[i]
			}
		}
		widths[widest] = max(next, widths[widest]-over, floor[widest])
	}
	out := make([][]string, len(rows))
	for ri, r := range rows {
		out[ri] = make([]string, len(r))
		for i, c := range r {
			out[ri][i] = truncateRunes(c, widths[i])
		}
	}
	return out
}

// truncateRunes cuts s to n runes, the last one "…" when cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// wrapText breaks prose into lines of at most width runes at spaces,
// continuation lines indented by indent; width 0 leaves it as it is.
func wrapText(s string, width int, indent string) string {
	if width <= 0 || utf8.RuneCountInString(s) < width {
		return s
	}
	// A line's own leading spaces (an item under a heading) are kept, and
	// its continuation lines are indented beyond them.
	lead := s[:len(s)-len(strings.TrimLeft(s, " "))]
	indent = lead + indent
	var b strings.Builder
	b.WriteString(lead)
	line := len(lead)
	for i, word := range strings.Fields(s) {
		n := utf8.RuneCountInString(word)
		if i > 0 {
			if line+1+n >= width {
				b.WriteString("\n" + indent)
				line = utf8.RuneCountInString(indent)
			} else {
				b.WriteByte(' ')
				line++
			}
		}
		b.WriteString(word)
		line += n
	}
	return b.String()
}

// say prints prose lines to w, each wrapped to w's width.
func say(w io.Writer, lines ...string) {
	cols := columnsOf(w)
	for _, l := range lines {
		fmt.Fprintln(w, wrapText(l, cols, "  "))
	}
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(entente.DateLayout)
}

func fmtSpells(s entente.Spells) string {
	if len(s) == 0 {
		return "always"
	}
	parts := make([]string, len(s))
	for i, p := range s {
		parts[i] = p.String()
	}
	return strings.Join(parts, ", ")
}

// footnotes numbers texts that would repeat on many lines (a resolution
// series' title) so that each is printed once, under the lines.
type footnotes struct{ texts []string }

// mark returns " [n]" for text, numbering it on first use; "" for "".
func (f *footnotes) mark(text string) string {
	if text == "" {
		return ""
	}
	for i, t := range f.texts {
		if t == text {
			return fmt.Sprintf(" [%d]", i+1)
		}
	}
	f.texts = append(f.texts, text)
	return fmt.Sprintf(" [%d]", len(f.texts))
}

// write prints the footnotes, one a line.
func (f *footnotes) write(w io.Writer) {
	for i, t := range f.texts {
		say(w, fmt.Sprintf("  [%d] %s", i+1, t))
	}
}

// writeCut writes text already laid out by another package (the coder's
// event table) with each line cut to w's width, so that it does not wrap.
func writeCut(w io.Writer, text string) error {
	cols := columnsOf(w)
	var b strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		if line == "" {
			continue
		}
		nl := strings.HasSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\n")
		if cols > 0 {
			line = truncateRunes(strings.TrimRight(line, " "), cols-1)
		}
		b.WriteString(line)
		if nl {
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCSV writes a header (none when nil) and rows as CSV.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if header != nil {
		if err := cw.Write(header); err != nil {
			return err
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

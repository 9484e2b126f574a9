package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

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
			return enc.Encode(t.Records)
		}
		out := make([]map[string]string, 0, len(t.Rows))
		for _, r := range t.Rows {
			rec := make(map[string]string, len(t.Header))
			for i, h := range t.Header {
				if i < len(r) {
					rec[h] = r[i]
				}
			}
			out = append(out, rec)
		}
		return enc.Encode(out)
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(t.Header); err != nil {
			return err
		}
		if err := cw.WriteAll(t.Rows); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	case "table", "":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.ToUpper(strings.Join(t.Header, "\t")))
		for _, r := range t.Rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		return tw.Flush()
	}
	return &entente.UsageError{Msg: fmt.Sprintf("unknown --format %q", format), Hint: "use --format table, json or csv"}
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

package registry

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"entente"
)

// record is one data line of a registry file with its 1-based line number.
type record struct {
	line   int64
	fields []string
}

// table is a parsed registry file: its name, columns and records.
type table struct {
	file    string
	columns []string
	records []record
}

// get returns the named field of a record. Columns are fixed per file, so an
// unknown name is a programming error; it yields "" rather than a panic.
func (t *table) get(r record, col string) string {
	for i, c := range t.columns {
		if c == col {
			if i < len(r.fields) {
				return r.fields[i]
			}
			return ""
		}
	}
	return ""
}

// parseTable reads a TAB-separated registry file whose header must name
// exactly the columns want, in order. Records may leave out trailing columns
// listed in optional (an author rarely types the TAB before an empty note);
// any other difference in the number of fields is an error naming the line.
func parseTable(file string, data []byte, want []string, optional map[string]bool, errs *errList) *table {
	t := &table{file: file, columns: want}
	if !utf8.Valid(data) {
		errs.add(file, 0, "", errors.New("not UTF-8"))
		return t
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	minFields := len(want)
	for minFields > 0 && optional[want[minFields-1]] {
		minFields--
	}
	header := false
	var line int64
	// One conversion of the whole file: fields are substrings of it, which
	// saves an allocation per line.
	rest := string(data)
	// Fields are cut into one shared backing array sized from the line
	// count, not a slice per line.
	lines := strings.Count(rest, "\n") + 1
	arena := make([]string, 0, lines*len(want))
	t.records = make([]record, 0, lines)
	for len(rest) > 0 {
		line++
		var s string
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			s, rest = rest[:i], rest[i+1:]
		} else {
			s, rest = rest, ""
		}
		s = strings.TrimRight(s, "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		n := strings.Count(s, "\t") + 1
		if cap(arena)-len(arena) < n {
			// A line with too many fields; it is reported below.
			arena = make([]string, 0, n)
		}
		fields := arena[len(arena) : len(arena)+n : len(arena)+n]
		arena = arena[:len(arena)+n]
		for i := range fields {
			f, tail, _ := strings.Cut(s, "\t")
			fields[i], s = strings.TrimSpace(f), tail
		}
		if !header {
			header = true
			if !slices.Equal(fields, want) {
				errs.add(file, line, "", fmt.Errorf("header %q: want %q", strings.Join(fields, "\t"), strings.Join(want, "\t")))
				return t
			}
			continue
		}
		if len(fields) > len(want) || len(fields) < minFields {
			errs.add(file, line, "", fmt.Errorf("%d fields: want %d", len(fields), len(want)))
			continue
		}
		t.records = append(t.records, record{line: line, fields: fields})
	}
	if !header {
		errs.add(file, 0, "", errors.New("no header line"))
	}
	return t
}

// readFile reads one registry file, reporting a missing file as an
// InputError on that file.
func readFile(fsys fs.FS, name string, errs *errList) []byte {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			errs.add(name, 0, "", fmt.Errorf("missing: %w", entente.ErrNotFound))
		} else {
			errs.add(name, 0, "", err)
		}
		return nil
	}
	return b
}

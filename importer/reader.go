package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/maphash"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"entente"
)

// input is an open data file: gzip-decompressed when it starts with the gzip
// magic bytes, hashed on the fly when asked, reporting progress in bytes of
// the file on disk.
type input struct {
	path string
	f    *os.File
	raw  io.Reader // the file as on disk, through the hash and progress
	r    io.Reader // the decompressed contents
	gz   *gzip.Reader
	zip  io.ReadCloser
	h    hash.Hash
	prog Progress
	// dups finds records repeated within the file.
	dups dupTracker
}

// openInput opens path for streaming. With hashing on, Sum returns the
// SHA-256 of the file once it has been read.
func openInput(path string, hashing bool, prog Progress) (*input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	in := &input{path: path, f: f, prog: prog}
	var raw io.Reader = f
	if prog != nil {
		var size int64
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		prog.Start(path, size)
		raw = &progressReader{r: raw, p: prog}
	}
	if hashing {
		in.h = sha256.New()
		raw = io.TeeReader(raw, in.h)
	}
	br := bufio.NewReaderSize(raw, 256<<10)
	in.raw = br
	magic, _ := br.Peek(4)
	if bytes.Equal(magic, []byte("PK\x03\x04")) {
		return in.openZip()
	}
	if len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, &entente.InputError{File: path, Err: fmt.Errorf("not a readable gzip stream (truncated or damaged): %w", err)}
		}
		// Concatenated gzip members are one stream, as gunzip reads them.
		in.gz = gz
		in.r = gz
	} else {
		in.r = br
	}
	return in, nil
}

// openZip reads the one file inside a zip archive, as GDELT ships its
// exports. A zip cannot be read front to back, so the archive is hashed
// separately (Sum) and progress counts decompressed bytes.
func (in *input) openZip() (*input, error) {
	st, err := in.f.Stat()
	if err != nil {
		in.f.Close()
		return nil, fmt.Errorf("stat: %w", err)
	}
	zr, err := zip.NewReader(in.f, st.Size())
	if err != nil {
		in.f.Close()
		return nil, &entente.InputError{File: in.path, Err: fmt.Errorf("not a readable zip archive (truncated or damaged): %w", err)}
	}
	// An Excel workbook is a zip archive read whole by its own kind
	// (IMF DOTS), not an archive around one data file.
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			in.r = in.raw
			return in, nil
		}
	}
	var files []*zip.File
	for _, f := range zr.File {
		if !f.FileInfo().IsDir() {
			files = append(files, f)
		}
	}
	if len(files) != 1 {
		in.f.Close()
		return nil, &entente.InputError{File: in.path, Err: fmt.Errorf("zip holds %d files, want exactly one", len(files))}
	}
	rc, err := files[0].Open()
	if err != nil {
		in.f.Close()
		return nil, &entente.InputError{File: in.path, Err: fmt.Errorf("open %s in the zip archive: %w", files[0].Name, err)}
	}
	in.zip = rc
	in.h = nil
	in.r = rc
	if in.prog != nil {
		in.prog.Start(in.path, int64(files[0].UncompressedSize64))
		in.r = &progressReader{r: rc, p: in.prog}
	}
	in.raw = nil
	return in, nil
}

// Sum drains what is left of the file into the hash and returns the
// SHA-256 in hex.
func (in *input) Sum() (string, error) {
	if in.h == nil {
		return fileChecksum(in.path)
	}
	if _, err := io.Copy(io.Discard, in.raw); err != nil {
		return "", fmt.Errorf("checksum %s: %w", in.path, err)
	}
	return hex.EncodeToString(in.h.Sum(nil)), nil
}

// Close closes the file and ends the progress display.
func (in *input) Close() error {
	if in.prog != nil {
		in.prog.Finish()
		in.prog = nil
	}
	if in.gz != nil {
		in.gz.Close()
	}
	if in.zip != nil {
		in.zip.Close()
	}
	return in.f.Close()
}

type progressReader struct {
	r io.Reader
	p Progress
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.p.Add(int64(n))
	}
	return n, err
}

// fileChecksum returns the SHA-256 of a file in hex.
func fileChecksum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("checksum: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("checksum %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// readError turns an error from the decompressed stream into an input error
// at the given line: a gzip stream cut short is a truncated file.
func readError(path string, line int64, err error) error {
	var ie *entente.InputError
	if errors.As(err, &ie) {
		return err
	}
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &entente.InputError{File: path, Line: line, Err: errors.New("file is truncated")}
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader), errors.As(err, new(flate.CorruptInputError)):
		return &entente.InputError{File: path, Line: line, Err: fmt.Errorf("corrupt gzip data: %w", err)}
	}
	return &entente.InputError{File: path, Line: line, Err: err}
}

// table reads a delimited file with a header line, giving each record with
// its line number. Columns are found by name, so a publisher reordering
// them does not break the import.
type table struct {
	path   string
	base   int64 // lines before the header (a preamble)
	r      *csv.Reader
	header []string
	index  map[string]int
	line   int64
	rec    rec
	// dups, when set, makes next skip records repeated within the file
	// and remember their lines for the report.
	dups *dupTracker
	hash maphash.Hash
}

var utf8BOM = []byte("\xef\xbb\xbf")

// dupTracker remembers a 64-bit hash of every key seen in one file with the
// line it was first seen on, so that a repeated record is skipped and
// reported with both lines. Hashes rather than keys are kept so that memory
// stays at about 20 bytes per row; a false match between two different
// records has a chance of about n²/2⁶⁵ (10⁻⁷ for four million rows).
type dupTracker struct {
	seed  maphash.Seed
	first map[uint64]int64
	found []dupLine // the first few repeats, for the report
	n     int64     // all repeats
}

type dupLine struct{ line, first int64 }

// maxDupLines bounds how many repeated lines a report lists one by one.
const maxDupLines = 20

// seen records key at line and reports whether it was seen before.
func (d *dupTracker) seen(sum uint64, line int64) bool {
	if d.first == nil {
		d.first = map[uint64]int64{}
	}
	if first, ok := d.first[sum]; ok {
		d.n++
		if len(d.found) < maxDupLines {
			d.found = append(d.found, dupLine{line: line, first: first})
		}
		return true
	}
	d.first[sum] = line
	return false
}

// Seed returns the tracker's hash seed, chosen on first use.
func (d *dupTracker) Seed() maphash.Seed {
	if d.first == nil {
		d.seed = maphash.MakeSeed()
		d.first = map[uint64]int64{}
	}
	return d.seed
}

// describe renders the repeats for the report, or "" when there were none.
func (d *dupTracker) describe(what string) string {
	if d.n == 0 {
		return ""
	}
	parts := make([]string, len(d.found))
	for i, f := range d.found {
		parts[i] = fmt.Sprintf("line %d repeats line %d", f.line, f.first)
	}
	more := ""
	if d.n > int64(len(d.found)) {
		more = fmt.Sprintf(" and %d more", d.n-int64(len(d.found)))
	}
	return fmt.Sprintf("%d %s repeated within the file were stored once: %s%s", d.n, what, strings.Join(parts, "; "), more)
}

// newTable reads the header of a delimited file whose first line is the
// header.
func newTable(in *input, comma rune) (*table, error) {
	t, err := newTableFrom(in.path, in.r, comma, 0)
	if err != nil {
		return nil, err
	}
	t.dups = &in.dups
	return t, nil
}

// newTableFrom reads the header from r, whose first line is line base+1 of
// the file.
func newTableFrom(path string, r io.Reader, comma rune, base int64) (*table, error) {
	// A byte-order mark before a quoted header would otherwise reach the
	// CSV reader as a bare quote in a non-quoted field.
	br := bufio.NewReader(r)
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	t := &table{path: path, r: cr, line: base, base: base}
	hdr, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &entente.InputError{File: path, Line: base + 1, Err: errors.New("empty file: no header line")}
	}
	if err != nil {
		return nil, t.wrap(err)
	}
	t.line = base + 1
	t.header = make([]string, len(hdr))
	t.index = make(map[string]int, len(hdr))
	for i, h := range hdr {
		if !utf8.ValidString(h) {
			return nil, &entente.InputError{File: path, Line: t.line, Field: fmt.Sprintf("column %d", i+1), Err: errors.New("header is not valid UTF-8")}
		}
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		t.header[i] = h
		t.index[normCol(h)] = i
	}
	t.rec.t = t
	return t, nil
}

// normCol folds a column name for lookup: ICEWS writes "Event ID" in its
// Dataverse files and "event_id" in the R package.
func normCol(s string) string {
	return strings.ToLower(strings.NewReplacer(" ", "_", ".", "_", "%", "").Replace(strings.TrimSpace(s)))
}

// col returns the index of a required column.
func (t *table) col(names ...string) (int, error) {
	for _, n := range names {
		if i, ok := t.index[normCol(n)]; ok {
			return i, nil
		}
	}
	return 0, &entente.InputError{File: t.path, Line: t.line, Field: names[0], Err: errors.New("column missing from header")}
}

// cols resolves several required columns at once.
func (t *table) cols(names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		c, err := t.col(n)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// optCol returns the index of an optional column, or -1.
func (t *table) optCol(name string) int {
	if i, ok := t.index[normCol(name)]; ok {
		return i
	}
	return -1
}

// next returns the next record, or io.EOF after the last. The record is
// reused by the following call. Records with the wrong number of fields or
// invalid UTF-8 are errors naming the line and field.
func (t *table) next() (*rec, error) {
	for {
		fields, err := t.r.Read()
		if err != nil && !errors.Is(err, csv.ErrFieldCount) {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, t.wrap(err)
		}
		line, _ := t.r.FieldPos(0)
		t.line = t.base + int64(line)
		if len(fields) == 1 && fields[0] == "" {
			// A blank line inside quotes-free CSV is skipped by
			// encoding/csv already; a lone empty field is a stray
			// separator line and carries nothing.
			continue
		}
		if len(fields) == len(t.header)+1 && fields[len(fields)-1] == "" {
			// A separator after the last field (UN Comtrade ends every
			// data line with one, not its header) adds nothing.
			fields = fields[:len(t.header)]
		}
		if len(fields) != len(t.header) {
			return nil, &entente.InputError{File: t.path, Line: t.line, Err: fmt.Errorf("got %d fields, want %d as in the header", len(fields), len(t.header))}
		}
		for i, f := range fields {
			if !utf8.ValidString(f) {
				return nil, &entente.InputError{File: t.path, Line: t.line, Field: t.header[i], Err: errors.New("not valid UTF-8")}
			}
		}
		if t.dups != nil {
			t.hash.SetSeed(t.dups.Seed())
			for _, f := range fields {
				t.hash.WriteString(f)
				t.hash.WriteByte(0x1f)
			}
			if t.dups.seen(t.hash.Sum64(), t.line) {
				continue
			}
		}
		t.rec.f = fields
		t.rec.line = t.line
		t.rec.err = nil
		return &t.rec, nil
	}
}

// wrap turns a CSV or stream error into an input error with a line.
func (t *table) wrap(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, io.ErrUnexpectedEOF) {
			return readError(t.path, t.base+int64(pe.Line), pe.Err)
		}
		return &entente.InputError{File: t.path, Line: t.base + int64(pe.Line), Err: pe.Err}
	}
	return readError(t.path, t.line+1, err)
}

// rec is one record of a table. Its accessors parse fields and remember the
// first error, naming line and column, so that a parser reads all it needs
// and checks once.
type rec struct {
	t    *table
	f    []string
	line int64
	err  error
}

// Err returns the first error met reading fields of this record.
func (r *rec) Err() error { return r.err }

func (r *rec) fail(col int, err error) {
	if r.err == nil {
		r.err = &entente.InputError{File: r.t.path, Line: r.line, Field: r.t.header[col], Err: err}
	}
}

// Str returns a field as written, trimmed of surrounding space.
func (r *rec) Str(col int) string { return strings.TrimSpace(r.f[col]) }

// missing reports whether a field holds no value: empty, or R's NA.
func missing(s string) bool { return s == "" || s == "NA" || s == "." }

// Int parses a required integer.
func (r *rec) Int(col int) int {
	s := r.Str(col)
	v, err := parseInt(s)
	if err != nil {
		r.fail(col, err)
	}
	return v
}

// OptInt parses an optional integer; ok is false when it is missing.
func (r *rec) OptInt(col int) (int, bool) {
	s := r.Str(col)
	if missing(s) {
		return 0, false
	}
	v, err := parseInt(s)
	if err != nil {
		r.fail(col, err)
		return 0, false
	}
	return v, true
}

// Float parses a required number.
func (r *rec) Float(col int) float64 {
	v, err := parseFloat(r.Str(col))
	if err != nil {
		r.fail(col, err)
	}
	return v
}

// OptFloat parses an optional number; ok is false when it is missing.
func (r *rec) OptFloat(col int) (float64, bool) {
	s := r.Str(col)
	if missing(s) {
		return 0, false
	}
	v, err := parseFloat(s)
	if err != nil {
		r.fail(col, err)
		return 0, false
	}
	return v, true
}

// Flag parses a 0/1 indicator; missing counts as 0.
func (r *rec) Flag(col int) bool {
	v, ok := r.OptInt(col)
	if ok && v != 0 && v != 1 {
		r.fail(col, fmt.Errorf("%d is not 0 or 1", v))
	}
	return ok && v == 1
}

// Date parses a required YYYY-MM-DD date.
func (r *rec) Date(col int) time.Time {
	d, err := parseDay(r.Str(col))
	if err != nil {
		r.fail(col, err)
	}
	return d
}

// Year parses a required year and checks it is plausible.
func (r *rec) Year(col int) int {
	y := r.Int(col)
	if r.err == nil && (y < 1600 || y > 2200) {
		r.fail(col, fmt.Errorf("year %d out of range", y))
	}
	return y
}

func parseInt(s string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil {
		// R writes whole numbers stored as doubles with a ".0" or in
		// exponent form now and then.
		f, ferr := parseFloat(s)
		if ferr == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int(f), nil
		}
		return 0, fmt.Errorf("%q is not an integer", clip(s))
	}
	return v, nil
}

func parseFloat(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number", clip(s))
	}
	return v, nil
}

// parseDay reads YYYY-MM-DD, tolerating a time after it ("2014-03-27
// 00:00:00") as some exports write.
func parseDay(s string) (time.Time, error) {
	if len(s) > 10 && (s[10] == ' ' || s[10] == 'T') {
		s = s[:10]
	}
	d, err := time.Parse(entente.DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a YYYY-MM-DD date", clip(s))
	}
	return d, nil
}

// clip shortens a value quoted in an error message.
func clip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "�")
}

// lines reads a file line by line without CSV quoting rules, for GDELT's
// tab-separated exports (whose URLs may hold stray quotes) and SIPRI's
// preamble. Fields are split in place; slices are valid until the next call.
type lines struct {
	path   string
	br     *bufio.Reader
	line   int64
	buf    []byte
	fields [][]byte
}

func newLines(in *input) *lines {
	return &lines{path: in.path, br: bufio.NewReaderSize(in.r, 1<<20)}
}

// next returns the next line without its end-of-line, or io.EOF.
func (l *lines) next() ([]byte, error) {
	b, err := l.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		l.buf = append(l.buf[:0], b...)
		for errors.Is(err, bufio.ErrBufferFull) {
			b, err = l.br.ReadSlice('\n')
			l.buf = append(l.buf, b...)
		}
		b = l.buf
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, readError(l.path, l.line+1, err)
	}
	if len(b) == 0 && errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	l.line++
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	return b, nil
}

// split cuts a line at sep into l.fields.
func (l *lines) split(b []byte, sep byte) [][]byte {
	l.fields = l.fields[:0]
	for {
		i := bytes.IndexByte(b, sep)
		if i < 0 {
			l.fields = append(l.fields, b)
			return l.fields
		}
		l.fields = append(l.fields, b[:i])
		b = b[i+1:]
	}
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// each calls fn for every record until the end of the file. The first error,
// from reading or from fn, ends the scan and is returned.
func (t *table) each(fn func(r *rec) error) error {
	for {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
}

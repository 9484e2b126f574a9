package importer

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"entente"
)

// The IMF's Direction of Trade Statistics (DOTS), as the IMF data portal
// exports them: one Excel workbook per reporting country, two sheets,
//
//	"Exports, FOB to Partner Countries"   the reporter's exports to each partner
//	"Imports, CIF from Partner Countries" the reporter's imports from each partner
//
// (names may be cut at Excel's 31 characters). Row 4 names the reporter as
// the IMF writes it ("Korea, Rep. of", "China, P.R.: Mainland"), row 7
// holds the years from column C on, and each row below names a partner in
// column B with its yearly values in US$ millions. A value ending in " e"
// is an IMF estimate (every figure of a state that does not report, such
// as the DPRK); an empty cell is no data, not zero. Partner rows include
// aggregates ("World", "Euro Area", "Advanced Economies"): they are
// skipped and counted, except World, whose rows give the reporter's total
// trade.
//
// Every figure becomes a trade.flow tie "A imports from B", the encoding
// the COW trade data use, with who reported it in Attrs:
//
//   - imports sheet: A = reporter, B = partner, Attrs reporter = A, basis
//     "cif" — the reporter's own figure;
//   - exports sheet: A = partner, B = reporter, Attrs reporter = B, basis
//     "fob", mirror "true" — the partner's imports as the reporter saw
//     them leave, a mirror figure for A.
//
// Attrs estimate "true" keeps the " e" flag. The World rows become one
// trade.total tie of the reporter per year (Attrs imports and exports, as
// the COW national figures). The measures choose among the sources of a
// dyad-year (measures.TradeFigure); the importer stores what each reporter
// said.

var kindIMFDOTS = &Kind{
	Name:      "imf-dots",
	Dataset:   "imf.dots",
	Title:     "IMF Direction of Trade Statistics (DOTS), bilateral goods trade by reporter",
	Publisher: "International Monetary Fund",
	Licence:   "IMF copyright and terms of use; attribution required (Source: International Monetary Fund, Direction of Trade Statistics)",
	Citation:  "International Monetary Fund, Direction of Trade Statistics (DOTS), data portal Excel export",
	URL:       "https://data.imf.org/",
	Layout:    "Excel workbook per reporter (DOTS_N.xlsx): sheets \"Exports, FOB to Partner Countries\" and \"Imports, CIF from Partner Countries\"; reporter in B4, years in row 7 from column C, partners in column B from row 8; US$ millions, \" e\" marks estimates",
	// The portal's vintage of the shared copy (about January 2022).
	defaultRelease: "2022-01",
	// One workbook per reporter: none replaces another.
	partitioned: true,
	order:       42,
	detect: func(s *sniff) int {
		if !bytes.HasPrefix(s.head, []byte("PK\x03\x04")) || !bytes.Contains(s.head, []byte("xl/")) {
			return 0
		}
		if strings.HasPrefix(s.base, "dots") {
			return 30
		}
		// The only workbook layout entente reads.
		return 12
	},
	parse: parseIMFDOTS,
}

// dotsAggregates are partner rows that are groups, not states. Matched on
// the lower-case name; prefixes end with a space or colon.
var dotsAggregates = []string{
	"world", "advanced economies", "euro area", "european union", "emerging and developing",
	"emerging market and developing", "middle east", "sub-saharan africa", "western hemisphere",
	"other countries n.i.e", "countries & areas not specified", "special categories",
	"developing asia", "developing europe", "cis", "commonwealth of independent states",
	"africa", "asia", "europe", "export earnings", "other ", "areas not specified",
	"memorandum items", "g7", "g20",
	// The Belgium–Luxembourg Economic Union, reported jointly until 1998:
	// two states in one figure, not a state.
	"belgium-luxembourg",
}

func isDOTSAggregate(name string) bool {
	l := strings.ToLower(name)
	for _, a := range dotsAggregates {
		if l == strings.TrimSpace(a) || strings.HasPrefix(l, a) && (strings.HasSuffix(a, " ") || len(l) > len(a) && (l[len(a)] == ' ' || l[len(a)] == ':' || l[len(a)] == ',')) {
			return true
		}
	}
	return false
}

var reDOTSValue = regexp.MustCompile(`^(-?[0-9][0-9,]*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)(\s+e)?$`)

// dotsValue reads a cell: a number, optionally followed by " e".
func dotsValue(s string) (v float64, estimate, ok bool, err error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	if s == "" || s == "..." || s == "-" {
		return 0, false, false, nil
	}
	m := reDOTSValue.FindStringSubmatch(s)
	if m == nil {
		return 0, false, false, fmt.Errorf("%q is not a value in US$ millions", clip(s))
	}
	v, err = strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
	if err != nil {
		return 0, false, false, fmt.Errorf("%q is not a number", clip(s))
	}
	return v, m[2] != "", true, nil
}

// dotsSheet is one sheet of a workbook read into rows.
type dotsSheet struct {
	name    string
	imports bool
	rows    [][]string
}

// cellName is the sheet:cell an error points at.
func cellName(sheet string, col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		c = fmt.Sprintf("R%dC%d", row, col)
	}
	return sheet + "!" + c
}

func parseIMFDOTS(j *job, in *input) error {
	f, err := excelize.OpenReader(in.r)
	if err != nil {
		return &entente.InputError{File: j.path, Err: fmt.Errorf("not an Excel workbook: %w", err)}
	}
	defer f.Close()
	var sheets []dotsSheet
	for _, name := range f.GetSheetList() {
		l := strings.ToLower(name)
		var imports bool
		switch {
		case strings.HasPrefix(l, "imports"):
			imports = true
		case strings.HasPrefix(l, "exports"):
		default:
			continue
		}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return &entente.InputError{File: j.path, Field: name, Err: fmt.Errorf("read sheet: %w", err)}
		}
		sheets = append(sheets, dotsSheet{name: name, imports: imports, rows: rows})
	}
	if len(sheets) == 0 {
		return &entente.InputError{File: j.path, Err: errors.New(`no "Exports, FOB" or "Imports, CIF" sheet`)}
	}
	// The reporter, as the first sheet names it in B4.
	const reporterRow, yearRow = 4, 7
	cell := func(s dotsSheet, col, row int) string {
		if row-1 < len(s.rows) && col-1 < len(s.rows[row-1]) {
			return strings.TrimSpace(s.rows[row-1][col-1])
		}
		return ""
	}
	reporterName := cell(sheets[0], 2, reporterRow)
	if reporterName == "" {
		return &entente.InputError{File: j.path, Line: reporterRow, Field: cellName(sheets[0].name, 2, reporterRow), Err: errors.New("no reporting country")}
	}
	if err := replaceReporter(j, sheets, reporterName); err != nil {
		return err
	}
	// World totals per year: [imports, exports] and whether each is given.
	type total struct {
		imp, exp     float64
		okI, okE     bool
		est          bool
		line         int64
		importsSheet string
	}
	totals := map[int]*total{}
	var years []int
	aggregates, empty := 0, 0
	for _, s := range sheets {
		if other := cell(s, 2, reporterRow); other != reporterName {
			return &entente.InputError{File: j.path, Line: reporterRow, Field: cellName(s.name, 2, reporterRow),
				Err: fmt.Errorf("reporter %q, but %q on sheet %q", clip(other), clip(reporterName), sheets[0].name)}
		}
		if len(s.rows) < yearRow {
			return &entente.InputError{File: j.path, Line: yearRow, Field: cellName(s.name, 3, yearRow), Err: errors.New("no row of years")}
		}
		hdr := s.rows[yearRow-1]
		colYear := map[int]int{}
		for c := 2; c < len(hdr); c++ {
			h := strings.TrimSpace(hdr[c])
			if h == "" {
				continue
			}
			y, err := strconv.Atoi(h)
			if err != nil || y < 1900 || y > 2200 {
				return &entente.InputError{File: j.path, Line: yearRow, Field: cellName(s.name, c+1, yearRow), Err: fmt.Errorf("%q is not a year", clip(h))}
			}
			colYear[c] = y
			years = append(years, y)
		}
		if len(colYear) == 0 {
			return &entente.InputError{File: j.path, Line: yearRow, Field: cellName(s.name, 3, yearRow), Err: errors.New("no years in the header row")}
		}
		for r := yearRow; r < len(s.rows); r++ {
			row := s.rows[r]
			line := int64(r + 1)
			if len(row) < 2 || strings.TrimSpace(row[1]) == "" {
				continue
			}
			partner := cleanUNName(row[1])
			world := strings.EqualFold(partner, "World")
			agg := !world && isDOTSAggregate(partner)
			for c := 2; c < len(row); c++ {
				y, ok := colYear[c]
				if !ok {
					if strings.TrimSpace(row[c]) != "" {
						return &entente.InputError{File: j.path, Line: line, Field: cellName(s.name, c+1, int(line)), Err: errors.New("value in a column without a year")}
					}
					continue
				}
				v, est, ok, err := dotsValue(row[c])
				if err != nil {
					return &entente.InputError{File: j.path, Line: line, Field: cellName(s.name, c+1, int(line)), Err: err}
				}
				if !ok {
					empty++
					continue
				}
				j.rows++
				if agg {
					aggregates++
					continue
				}
				reporter, okR := j.maps.nameYear(reporterName, y)
				if !okR {
					continue
				}
				if world {
					t := totals[y]
					if t == nil {
						t = &total{line: line}
						totals[y] = t
					}
					if s.imports {
						t.imp, t.okI = v, true
					} else {
						t.exp, t.okE = v, true
					}
					t.est = t.est || est
					continue
				}
				p, okP := j.maps.nameYear(partner, y)
				if !okP || p == reporter {
					continue
				}
				attrs := map[string]string{"reporter": reporter}
				a, b := reporter, p
				if s.imports {
					attrs["basis"] = "cif"
				} else {
					a, b = p, reporter
					attrs["basis"] = "fob"
					attrs["mirror"] = "true"
				}
				if est {
					attrs["estimate"] = "true"
				}
				per := yearPeriod(y)
				j.cov.span(per)
				if err := j.tie(entente.Tie{Kind: entente.TieTradeFlow, A: a, B: b, Period: per, Year: y, Value: v, Unit: "US$ million", Attrs: attrs, Evidence: j.evidence(line)}); err != nil {
					return err
				}
			}
		}
	}
	for _, y := range slices.Sorted(maps.Keys(totals)) {
		t := totals[y]
		reporter, ok := j.maps.nameYear(reporterName, y)
		if !ok {
			continue
		}
		attrs := map[string]string{"reporter": reporter, "partners": "World"}
		if t.okI {
			attrs["imports"] = fmtNum(t.imp)
		}
		if t.okE {
			attrs["exports"] = fmtNum(t.exp)
		}
		if !t.okI || !t.okE {
			attrs["partial"] = "true"
		}
		if t.est {
			attrs["estimate"] = "true"
		}
		if err := j.tie(entente.Tie{Kind: entente.TieTradeTotal, A: reporter, Period: yearPeriod(y), Year: y, Value: t.imp + t.exp, Unit: "US$ million", Attrs: attrs, Evidence: j.evidence(t.line)}); err != nil {
			return err
		}
	}
	if aggregates > 0 {
		j.note("%d values of aggregate partners (Euro Area, Advanced Economies, …) skipped; World rows kept as %s's totals", aggregates, reporterName)
	}
	return nil
}

// nameYear maps a country name used for a whole year, as year does for
// codes (mid-year first), tallying a miss under "name".
func (m *mapper) nameYear(text string, y int) (string, bool) {
	for _, d := range []time.Time{entente.Day(y, time.July, 1), entente.Day(y, time.December, 31), entente.Day(y, time.January, 1)} {
		if c := m.lookup("", text, d); c != "" {
			return c, true
		}
	}
	m.miss("name", text)
	return "", false
}

// supersededError stops the import of a file whose figures another stored
// file already holds; the file is reported as skipped with the reason, and
// nothing is written.
type supersededError struct{ reason string }

func (e *supersededError) Error() string { return e.reason }

// replaceReporter keeps one workbook per reporter: the IMF portal exports a
// reporter's figures whole, so a workbook for a reporter already stored
// from another file (a newer download, or the same one twice as DOTS_143
// and DOTS_144 are) replaces that file's rows. It runs before anything is
// written, while the transaction may still be read.
func replaceReporter(j *job, sheets []dotsSheet, reporterName string) error {
	latest := 0
	for _, s := range sheets {
		if len(s.rows) >= 7 {
			for _, h := range s.rows[6] {
				if y, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && y > latest {
					latest = y
				}
			}
		}
	}
	if latest == 0 {
		return nil
	}
	reporter := yearLookup(j.maps, "", reporterName, latest)
	if reporter == "" {
		return nil
	}
	ties, err := j.tx.Ties(j.ctx, entente.TieFilter{KindPrefix: string(entente.TieTradeTotal), A: reporter})
	if err != nil {
		return fmt.Errorf("read stored totals of %s: %w", reporter, err)
	}
	old := map[string]bool{}
	for _, t := range ties {
		if src := t.Evidence.Source; strings.HasPrefix(src, j.src.Dataset+":") && src != j.src.ID && t.Attrs["reporter"] == reporter {
			old[src] = true
		}
	}
	for _, src := range slices.Sorted(maps.Keys(old)) {
		// Only a workbook that reaches a later year replaces the stored
		// one. Two downloads of the same figures (DOTS_143 and DOTS_144)
		// would otherwise replace each other on every re-import.
		if s, err := j.tx.Source(j.ctx, src); err == nil && !s.Coverage.To.IsZero() && s.Coverage.To.Year() >= latest {
			return &supersededError{reason: fmt.Sprintf("%s's figures to %d are stored already from %s (one workbook per reporter; delete that source to use this one)",
				reporterName, s.Coverage.To.Year(), s.File)}
		}
		if err := j.tx.DeleteSource(j.ctx, src); err != nil && !errors.Is(err, entente.ErrNotFound) {
			return fmt.Errorf("replace %s: %w", src, err)
		}
		j.note("%s's figures were stored from %s: replaced by this workbook (one workbook per reporter)", reporterName, src)
	}
	return nil
}

package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"entente"
)

// Kind is one file layout of one dataset: the unvotes votes file, the COW
// alliance dyad-year file, a GDELT 2.0 export. It knows how to recognise a
// file, which release it is, where it comes from, and how to read it.
type Kind struct {
	// Name is what users type: `entente import cow-alliance FILE`.
	Name string
	// Dataset is Source.Dataset: rows of one dataset are replaced together
	// when a newer release arrives.
	Dataset   string
	Title     string
	Publisher string
	Licence   string
	Citation  string
	URL       string
	// Layout describes the file the kind reads, for `entente import --help`.
	Layout string

	// defaultRelease is used when neither the name nor the contents of the
	// file say which release it is.
	defaultRelease string
	// release finds the release in the file name or first bytes; "" when
	// they do not say.
	release func(s *sniff) string
	// partitioned kinds (GDELT, ICEWS) come as many files of one release,
	// each a slice of the data: each file is its own source and none
	// replaces another.
	partitioned bool
	// order ranks kinds within a directory import (lower first), so that
	// roll calls are stored before the votes that refer to them.
	order int
	// skip, when set, marks files that are recognised but not imported
	// (documentation, lookup tables read by another kind) and says why.
	skip string
	// detect scores how well a file fits (0: not at all).
	detect func(s *sniff) int
	// parse streams the file into the job's transaction.
	parse func(j *job, in *input) error
}

// source returns the Source a file of this kind and release is recorded as.
func (k *Kind) source(path, release string) entente.Source {
	id := k.Dataset + ":" + release
	if k.partitioned {
		id += ":" + strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".gz"), ".zip")
	}
	return entente.Source{
		ID:        id,
		Dataset:   k.Dataset,
		Release:   release,
		Title:     k.Title,
		Publisher: k.Publisher,
		Licence:   k.Licence,
		Citation:  k.Citation,
		URL:       k.URL,
		File:      filepath.Base(path),
	}
}

// kinds lists every built-in kind. The table is fixed at compile time; it
// holds no configuration.
func kinds() []*Kind {
	return []*Kind{
		kindUNRollCalls, kindUNVotes, kindUNIssues, kindUNDL, kindDGACM, kindIdealPoints,
		kindCOWAlliance, kindATOP,
		kindCOWTradeDyadic, kindCOWTradeNational, kindIMFDOTS, kindComtrade,
		kindSIPRIRegister, kindSIPRITIV,
		kindGDELT2, kindGDELT1, kindICEWS,
		kindCOWStates, kindCOWMajors, kindGWStates, kindCOWCapitals, kindCOWContiguity,
		kindNMC, kindCOWIGODyadic, kindCOWIGONational,
		kindCrosswalk, kindCrosswalkPanel,
		kindCAMEOLookup, kindDocs, kindPetrarch, kindCodebook,
	}
}

// Kinds returns the kinds that import rows, sorted by name.
func Kinds() []*Kind {
	var ks []*Kind
	for _, k := range kinds() {
		if k.skip == "" {
			ks = append(ks, k)
		}
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i].Name < ks[j].Name })
	return ks
}

// KindNames lists the names of the importing kinds.
func KindNames() []string {
	var ns []string
	for _, k := range Kinds() {
		ns = append(ns, k.Name)
	}
	return ns
}

// KindByName finds an importing kind by name.
func KindByName(name string) (*Kind, bool) {
	for _, k := range Kinds() {
		if k.Name == name {
			return k, true
		}
	}
	return nil, false
}

// sniff is what detection looks at: the file name and its first bytes
// (decompressed).
type sniff struct {
	base  string   // lower-case base name without .gz
	head  []byte   // first bytes of the decompressed contents
	line  string   // the first line, without its end
	cols  []string // the first line read as a comma-separated header, lower-case
	tabs  int      // number of tabs in the first line
	empty bool
}

// headSize is how much of a file detection reads.
const headSize = 64 << 10

// newSniff reads the start of a file.
func newSniff(path string) (*sniff, error) {
	in, err := openInput(path, false, nil)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	head := make([]byte, headSize)
	n, err := io.ReadFull(in.r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, &entente.InputError{File: path, Err: fmt.Errorf("read: %w", err)}
	}
	head = bytes.TrimPrefix(head[:n], []byte("\ufeff"))
	s := &sniff{
		base:  strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".gz"), ".zip")),
		head:  head,
		empty: len(bytes.TrimSpace(head)) == 0,
	}
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	s.line = strings.TrimRight(string(line), "\r")
	s.tabs = strings.Count(s.line, "\t")
	r := csv.NewReader(strings.NewReader(s.line))
	r.LazyQuotes = true
	if s.tabs > strings.Count(s.line, ",") {
		r.Comma = '\t'
	}
	if rec, err := r.Read(); err == nil {
		for _, c := range rec {
			s.cols = append(s.cols, strings.ToLower(strings.TrimSpace(c)))
		}
	}
	return s, nil
}

// has reports whether the header names every column in cols.
func (s *sniff) has(cols ...string) bool {
	for _, c := range cols {
		found := false
		for _, h := range s.cols {
			if h == c {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// headerScore scores a header-based match: every required column present
// scores their number (more specific kinds win), otherwise 0.
func headerScore(s *sniff, cols ...string) int {
	if s.has(cols...) {
		return 10 + len(cols)
	}
	return 0
}

// Detect finds the kind of a file from its name and first bytes. It returns
// an *entente.InputError when the file is empty or not recognised.
func Detect(path string) (*Kind, error) {
	s, err := newSniff(path)
	if err != nil {
		return nil, err
	}
	if s.empty {
		return nil, &entente.InputError{File: path, Err: errors.New("empty file")}
	}
	var best *Kind
	score := 0
	for _, k := range kinds() {
		if sc := k.detect(s); sc > score {
			best, score = k, sc
		}
	}
	if best == nil {
		return nil, &entente.InputError{File: path, Err: errors.New("not a recognised dataset file (give the kind explicitly if it is one)")}
	}
	return best, nil
}

// releaseOf returns the release of a file: the override when given, else
// what the file says, else the kind's default.
func releaseOf(k *Kind, path, override string) string {
	if override != "" {
		return override
	}
	if k.release != nil {
		if s, err := newSniff(path); err == nil {
			if r := k.release(s); r != "" {
				return r
			}
		}
	}
	return k.defaultRelease
}

var digitsRe = regexp.MustCompile(`\d+|\D+`)

// compareRelease orders release strings naturally: "4.10" after "4.9",
// "2025-07" after "2024-06".
func compareRelease(a, b string) int {
	pa, pb := digitsRe.FindAllString(a, -1), digitsRe.FindAllString(b, -1)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, y := pa[i], pb[i]
		if x == y {
			continue
		}
		if isDigits(x) && isDigits(y) {
			x, y = strings.TrimLeft(x, "0"), strings.TrimLeft(y, "0")
			if len(x) != len(y) {
				if len(x) < len(y) {
					return -1
				}
				return 1
			}
		}
		return strings.Compare(x, y)
	}
	switch {
	case len(pa) < len(pb):
		return -1
	case len(pa) > len(pb):
		return 1
	}
	return 0
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// nameMatch reports whether the file name fits a pattern.
func nameMatch(s *sniff, re *regexp.Regexp) bool { return re.MatchString(s.base) }

// Skipped kinds: recognised files that are not imported, with the reason the
// report gives.
var (
	kindDocs = &Kind{
		Name: "docs",
		skip: "documentation",
		detect: func(s *sniff) int {
			if strings.HasSuffix(s.base, ".md") || strings.Contains(s.base, "readme") || strings.Contains(s.base, "licen") {
				return 100
			}
			return 0
		},
	}
	kindPetrarch = &Kind{
		Name: "petrarch",
		skip: "PETRARCH dictionary, configuration or validation file: not imported; read it with entente petrarch validate or entente petrarch actors --dict",
		detect: func(s *sniff) int {
			switch {
			case strings.HasPrefix(s.base, "petr"), strings.HasPrefix(s.base, "phoenix."),
				strings.HasPrefix(s.base, "cameo.2.0"), strings.HasPrefix(s.base, "cameo.verbpatterns"),
				strings.HasSuffix(s.base, ".verbs.txt"), strings.HasSuffix(s.base, ".actors.txt"),
				strings.HasSuffix(s.base, ".agents.txt"), strings.HasSuffix(s.base, ".discards.txt"),
				strings.HasSuffix(s.base, ".ini"), strings.HasSuffix(s.base, ".xml"):
				return 20
			}
			return 0
		},
	}
	kindCodebook = &Kind{
		Name: "cameo-codebook",
		skip: "CAMEO codebook or lookup (codes, Goldstein values, field dictionaries): reference for the text coder, not imported",
		detect: func(s *sniff) int {
			switch {
			case s.has("cameo_code", "name", "level", "example"),
				s.has("code", "name", "goldstein", "nsleft"),
				s.has("name", "type", "description"),
				s.has("tableid", "datatype"),
				s.has("fips_code", "iso_code"),
				strings.Contains(s.base, "cameocodetable"),
				strings.Contains(s.base, "column_labels"),
				strings.HasPrefix(s.base, "cameo.") && !strings.Contains(s.base, "eventcodes") && !strings.Contains(s.base, "goldstein"):
				return 15
			}
			return 0
		},
	}
)

var reVersion = regexp.MustCompile(`(?:^|[_\-v])(\d+\.\d+(?:\.\d+)?)(?:[_\-.]|$)`)

// releaseFromName finds a version number such as 4.1 or 5.1 in a file name
// (cow_alliance_v4.1_ddy.csv, atop_5.1_ddy.csv).
func releaseFromName(s *sniff) string {
	if m := reVersion.FindStringSubmatch(strings.TrimSuffix(strings.TrimSuffix(s.base, ".csv"), ".tsv")); m != nil {
		return m[1]
	}
	return ""
}

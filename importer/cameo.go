package importer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"entente"
)

// GDELT's lookup tables CAMEO.eventcodes.txt (CAMEOEVENTCODE TAB
// EVENTDESCRIPTION) and CAMEO.goldsteinscale.txt (CAMEOEVENTCODE TAB
// GOLDSTEINSCALE) are read by the GDELT importers, from Config.LookupDir or
// a lookups/ folder beside the export: event codes missing from them are
// reported, Goldstein values that disagree with them are counted, and an
// empty GoldsteinScale is filled in from them. They are not imported on
// their own.

var kindCAMEOLookup = &Kind{
	Name: "cameo-lookup",
	skip: "GDELT CAMEO lookup table: read by the gdelt importers from the lookups/ folder beside an export",
	detect: func(s *sniff) int {
		if s.base == "cameo.eventcodes.txt" || s.base == "cameo.goldsteinscale.txt" {
			return 40
		}
		return 0
	},
}

// cameoLookup is GDELT's table of event codes with their Goldstein values.
type cameoLookup struct {
	names     map[string]string
	goldstein map[string]float64
	dir       string
}

// loadCAMEOLookup reads the two lookup files from dir. It returns nil when
// dir does not hold them.
func loadCAMEOLookup(dir string) (*cameoLookup, error) {
	codes := filepath.Join(dir, "CAMEO.eventcodes.txt")
	gold := filepath.Join(dir, "CAMEO.goldsteinscale.txt")
	if _, err := os.Stat(codes); err != nil {
		return nil, nil
	}
	if _, err := os.Stat(gold); err != nil {
		return nil, nil
	}
	l := &cameoLookup{names: map[string]string{}, goldstein: map[string]float64{}, dir: dir}
	if err := readLookup(codes, func(code, v string, line int64) error {
		l.names[code] = v
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readLookup(gold, func(code, v string, line int64) error {
		f, err := parseFloat(v)
		if err != nil {
			return &entente.InputError{File: gold, Line: line, Field: "GOLDSTEINSCALE", Err: err}
		}
		l.goldstein[code] = f
		return nil
	}); err != nil {
		return nil, err
	}
	return l, nil
}

// readLookup reads a two-column tab-separated lookup with a header line.
func readLookup(path string, fn func(code, value string, line int64) error) error {
	in, err := openInput(path, false, nil)
	if err != nil {
		return err
	}
	defer in.Close()
	ls := newLines(in)
	for {
		b, err := ls.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if ls.line == 1 || len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		f := ls.split(b, '\t')
		if len(f) != 2 {
			return &entente.InputError{File: path, Line: ls.line, Err: fmt.Errorf("got %d fields, want 2", len(f))}
		}
		if err := fn(strings.TrimSpace(string(f[0])), strings.TrimSpace(string(f[1])), ls.line); err != nil {
			return err
		}
	}
}

// ploverOf maps a CAMEO event code to its PLOVER category. CAMEO roots
// without a PLOVER counterpart (01 statements, 09 investigations) map to "".
func ploverOf(code string) string {
	if strings.HasPrefix(code, "087") {
		return "RETREAT"
	}
	if len(code) < 2 {
		return ""
	}
	switch code[:2] {
	case "02", "10":
		return "REQUEST"
	case "03":
		return "AGREE"
	case "04":
		return "CONSULT"
	case "05", "06":
		return "COOPERATE"
	case "07":
		return "AID"
	case "08":
		return "CONCEDE"
	case "11":
		return "ACCUSE"
	case "12":
		return "REJECT"
	case "13":
		return "THREATEN"
	case "14":
		return "PROTEST"
	case "15":
		return "MOBILIZE"
	case "16":
		return "SANCTION"
	case "17":
		return "COERCE"
	case "18", "19", "20":
		return "ASSAULT"
	}
	return ""
}

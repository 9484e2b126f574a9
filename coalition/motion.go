package coalition

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"entente"
)

// MotionKind says what a motion does to its targets.
type MotionKind string

const (
	KindCondemn MotionKind = "condemn" // the motion condemns its targets
	KindSupport MotionKind = "support" // the motion supports its beneficiaries
	KindOther   MotionKind = "other"
)

// Issues are the unvotes issue codes a motion may carry.
var Issues = []string{"me", "nu", "di", "hr", "co", "ec"}

// IssueNames spells out the issue codes for explanations.
var IssueNames = map[string]string{
	"me": "Palestinian conflict",
	"nu": "nuclear weapons",
	"di": "arms control and disarmament",
	"hr": "human rights",
	"co": "colonialism",
	"ec": "economic development",
}

// Motion is a draft resolution an analyst asks about. It is read from a
// JSON or YAML file; every state is named by its ISO3 (registry) code.
type Motion struct {
	ID    string     `json:"id" yaml:"id"`
	Title string     `json:"title" yaml:"title"`
	Date  time.Time  `json:"date" yaml:"date"`
	Text  string     `json:"text,omitempty" yaml:"text,omitempty"`
	Kind  MotionKind `json:"kind" yaml:"kind"`
	// Targets are the states the motion is against.
	Targets []string `json:"targets,omitempty" yaml:"targets,omitempty"`
	// Beneficiaries are the states it protects or supports.
	Beneficiaries []string `json:"beneficiaries,omitempty" yaml:"beneficiaries,omitempty"`
	// Sponsors are the states tabling it; they are taken to vote yes.
	Sponsors []string `json:"sponsors,omitempty" yaml:"sponsors,omitempty"`
	Issues   []string `json:"issues,omitempty" yaml:"issues,omitempty"`
	// Similar lists past resolutions the analyst deems analogous, as
	// "A/RES/68/262" or "R/68/262".
	Similar []string `json:"similar,omitempty" yaml:"similar,omitempty"`

	// What follows is optional: what an analyst knows of a draft before
	// it is put to the vote. Subjects are UNBIS thesaurus terms; they and
	// the agenda item place the motion among past roll calls as the title
	// does.
	Subjects   []string `json:"subjects,omitempty" yaml:"subjects,omitempty"`
	Committee  string   `json:"committee,omitempty" yaml:"committee,omitempty"`
	AgendaItem string   `json:"agenda_item,omitempty" yaml:"agenda_item,omitempty"`
	Draft      string   `json:"draft,omitempty" yaml:"draft,omitempty"`
	// Breadth is the analyst's hint of how many yes votes the motion will
	// gather: a number ("120") or a range ("100-140"). Nil when not given.
	Breadth *Breadth `json:"breadth,omitempty" yaml:"breadth,omitempty"`

	// file and lines locate fields for errors found after parsing (an
	// unknown state code), so the analyst is sent to the right line.
	file  string
	lines map[string]int64
}

// firstAssembly and lastPlausibleMotion bound a motion's date.
var (
	firstAssembly       = entente.Day(1946, time.January, 10)
	lastPlausibleMotion = entente.Day(2100, time.December, 31)
)

// motionFile is the file layout; dates stay strings so that a bad date is
// reported as such, with its line, rather than as a decoding failure.
type motionFile struct {
	ID            string   `json:"id" yaml:"id"`
	Title         string   `json:"title" yaml:"title"`
	Date          string   `json:"date" yaml:"date"`
	Text          string   `json:"text" yaml:"text"`
	Kind          string   `json:"kind" yaml:"kind"`
	Targets       []string `json:"targets" yaml:"targets"`
	Beneficiaries []string `json:"beneficiaries" yaml:"beneficiaries"`
	Sponsors      []string `json:"sponsors" yaml:"sponsors"`
	Issues        []string `json:"issues" yaml:"issues"`
	Similar       []string `json:"similar" yaml:"similar"`
	Subjects      []string `json:"subjects" yaml:"subjects"`
	Committee     string   `json:"committee" yaml:"committee"`
	AgendaItem    string   `json:"agenda_item" yaml:"agenda_item"`
	Draft         string   `json:"draft" yaml:"draft"`
	Breadth       string   `json:"breadth" yaml:"breadth"`
}

// Breadth is an expected yes count, as a range (Low = High for a single
// figure).
type Breadth struct {
	Low  int `json:"low" yaml:"low"`
	High int `json:"high" yaml:"high"`
}

// Mid is the middle of the range.
func (b Breadth) Mid() float64 { return float64(b.Low+b.High) / 2 }

// parseBreadth reads "120" or "100-140" (an en dash or "to" also
// separates the ends); a yes count above the membership is refused.
func parseBreadth(s string) (*Breadth, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	s = strings.NewReplacer("–", "-", " to ", "-", " ", "").Replace(s)
	lo, hi, isRange := strings.Cut(s, "-")
	a, err := strconv.Atoi(lo)
	if err != nil {
		return nil, fmt.Errorf("%q: want a yes count such as 120 or a range such as 100-140", s)
	}
	b := a
	if isRange {
		if b, err = strconv.Atoi(hi); err != nil {
			return nil, fmt.Errorf("%q: want a yes count such as 120 or a range such as 100-140", s)
		}
	}
	if a < 0 || b < a || b > maxMembers {
		return nil, fmt.Errorf("%q: want 0 <= low <= high <= %d", s, maxMembers)
	}
	return &Breadth{Low: a, High: b}, nil
}

// maxMembers bounds a yes count: the General Assembly has 193 members.
const maxMembers = 193

// LoadMotion reads a motion file; the format follows the extension (.json,
// else YAML).
func LoadMotion(path string) (Motion, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Motion{}, fmt.Errorf("motion: %w", err)
	}
	return ParseMotion(path, data)
}

var reYAMLLine = regexp.MustCompile(`\[(\d+):\d+\]`)

// ParseMotion parses a motion from JSON or YAML. name is the file name used
// in errors; JSON is recognised by a ".json" name or a leading '{'. Every
// problem is an *entente.InputError naming the line and field.
func ParseMotion(name string, data []byte) (Motion, error) {
	var f motionFile
	isJSON := strings.EqualFold(filepath.Ext(name), ".json") || bytes.HasPrefix(bytes.TrimSpace(data), []byte("{"))
	if isJSON {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			line := int64(0)
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			switch {
			case errors.As(err, &se):
				line = lineAt(data, se.Offset)
			case errors.As(err, &te):
				line = lineAt(data, te.Offset)
				return Motion{}, &entente.InputError{File: name, Line: line, Field: te.Field, Err: fmt.Errorf("want %s", te.Type)}
			}
			return Motion{}, &entente.InputError{File: name, Line: line, Err: fmt.Errorf("not a JSON motion: %w", err)}
		}
	} else {
		if err := decodeYAML(data, &f); err != nil {
			line := int64(0)
			msg := err.Error()
			if m := reYAMLLine.FindStringSubmatch(msg); m != nil {
				line, _ = strconv.ParseInt(m[1], 10, 64)
			}
			// The library's message repeats the source; keep its first line.
			if i := strings.IndexByte(msg, '\n'); i > 0 {
				msg = msg[:i]
			}
			msg = strings.TrimSpace(reYAMLLine.ReplaceAllString(msg, ""))
			return Motion{}, &entente.InputError{File: name, Line: line, Err: fmt.Errorf("not a YAML motion: %s", msg)}
		}
	}
	m := Motion{
		ID:    strings.TrimSpace(f.ID),
		Title: strings.TrimSpace(f.Title),
		Text:  strings.TrimSpace(f.Text),
		Kind:  MotionKind(strings.ToLower(strings.TrimSpace(f.Kind))),
		file:  name,
		lines: fieldLines(data),
	}
	bad := func(field string, err error) error {
		return &entente.InputError{File: name, Line: m.lines[field], Field: field, Err: err}
	}
	if m.ID == "" {
		return Motion{}, bad("id", errors.New("missing: every motion needs an id"))
	}
	if m.Title == "" {
		return Motion{}, bad("title", errors.New("missing: every motion needs a title"))
	}
	if strings.TrimSpace(f.Date) == "" {
		return Motion{}, bad("date", errors.New("missing: want YYYY-MM-DD"))
	}
	d, err := entente.ParseDate(f.Date)
	if err != nil {
		return Motion{}, bad("date", err)
	}
	// The General Assembly first met in January 1946; a date before that,
	// or centuries ahead, is a typo that would otherwise fail later
	// without a file or line (fuzz finding FuzzParseMotion/6e7965f8fc4dc776).
	if d.Before(firstAssembly) || d.After(lastPlausibleMotion) {
		return Motion{}, bad("date", fmt.Errorf("%s is outside %s..%s: the General Assembly first met in 1946",
			d.Format(entente.DateLayout), firstAssembly.Format(entente.DateLayout), lastPlausibleMotion.Format(entente.DateLayout)))
	}
	m.Date = d
	switch m.Kind {
	case "":
		m.Kind = KindOther
	case KindCondemn, KindSupport, KindOther:
	default:
		return Motion{}, bad("kind", fmt.Errorf("%q: want condemn, support or other", f.Kind))
	}
	lists := []struct {
		field string
		in    []string
		out   *[]string
	}{{"targets", f.Targets, &m.Targets}, {"beneficiaries", f.Beneficiaries, &m.Beneficiaries}, {"sponsors", f.Sponsors, &m.Sponsors}}
	seen := map[string]string{}
	for _, l := range lists {
		for _, c := range l.in {
			c = strings.ToUpper(strings.TrimSpace(c))
			if !isCode(c) {
				return Motion{}, bad(l.field, fmt.Errorf("%q: want an ISO3 state code such as PRK", c))
			}
			// A beneficiary may sponsor the motion (Ukraine tabling a text
			// in its own defence); a target may be nothing else.
			if prev, dup := seen[c]; dup && (prev == l.field || prev == "targets" || l.field == "targets") {
				return Motion{}, bad(l.field, fmt.Errorf("%s is already listed in %s", c, prev))
			}
			seen[c] = l.field
			*l.out = append(*l.out, c)
		}
	}
	if m.Kind == KindCondemn && len(m.Targets) == 0 {
		return Motion{}, bad("targets", errors.New("a condemn motion needs at least one target"))
	}
	for _, is := range f.Issues {
		is = strings.ToLower(strings.TrimSpace(is))
		if !slices.Contains(Issues, is) {
			return Motion{}, bad("issues", fmt.Errorf("%q: want one of %s", is, strings.Join(Issues, ", ")))
		}
		if !slices.Contains(m.Issues, is) {
			m.Issues = append(m.Issues, is)
		}
	}
	for _, s := range f.Similar {
		key, ok := ResolutionKey(s)
		if !ok {
			return Motion{}, bad("similar", fmt.Errorf("%q: want a resolution symbol such as A/RES/68/262 or R/68/262", s))
		}
		if !slices.Contains(m.Similar, key) {
			m.Similar = append(m.Similar, key)
		}
	}
	for _, sub := range f.Subjects {
		sub = strings.ToUpper(strings.Join(strings.Fields(sub), " "))
		if sub != "" && !slices.Contains(m.Subjects, sub) {
			m.Subjects = append(m.Subjects, sub)
		}
	}
	m.Committee = strings.TrimSpace(f.Committee)
	m.AgendaItem = strings.TrimSpace(f.AgendaItem)
	m.Draft = strings.TrimSpace(f.Draft)
	if m.Breadth, err = parseBreadth(f.Breadth); err != nil {
		return Motion{}, bad("breadth", err)
	}
	return m, nil
}

// File returns the file the motion was read from ("" when built in code).
func (m Motion) File() string { return m.file }

// errorAt reports a problem with a parsed motion's field, located in its file.
func (m Motion) errorAt(field string, err error) error {
	if m.file == "" {
		return fmt.Errorf("motion %s: field %s: %w", m.ID, field, errors.Join(entente.ErrInvalid, err))
	}
	return &entente.InputError{File: m.file, Line: m.lines[field], Field: field, Err: err}
}

// isCode accepts an upper-case registry code of two to eight letters or
// digits (ISO3 for states).
func isCode(s string) bool {
	if len(s) < 2 || len(s) > 8 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

var reResolution = regexp.MustCompile(`^(?:A/RES/|R/|RES/)?((?:ES-\d+|\d+)/\d+(?:/?[A-Z])?)$`)

// ResolutionKey normalises a resolution symbol so that "A/RES/68/262",
// "R/68/262" and "68/262" compare equal. Suffixes such as "/A" or "B" are
// kept: they are distinct resolutions.
func ResolutionKey(s string) (string, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	m := reResolution.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	key := m[1]
	if n := len(key); n >= 2 && key[n-2] == '/' && key[n-1] >= 'A' && key[n-1] <= 'Z' {
		key = key[:n-2] + key[n-1:]
	}
	return key, true
}

// ResolutionSymbol spells a General Assembly resolution symbol the UN's
// way, "A/RES/70/172", whichever source it came from: the Voeten roll-call
// data write "R/70/172" where the UN's own files write "A/RES/70/172", and
// an explanation that quoted both spellings side by side read as if they
// were different kinds of document. Anything else is returned unchanged.
func ResolutionSymbol(s string) string {
	switch {
	case strings.HasPrefix(s, "R/"):
		return "A/RES/" + s[len("R/"):]
	case strings.HasPrefix(s, "RES/"):
		return "A/" + s
	}
	return s
}

// fieldLines finds the line of each top-level field in a JSON or YAML
// motion, so that errors found after decoding can point at it.
func fieldLines(data []byte) map[string]int64 {
	out := map[string]int64{}
	for i, line := range bytes.Split(data, []byte("\n")) {
		t := strings.TrimLeft(string(line), " \t{,")
		for _, f := range []string{"id", "title", "date", "text", "kind", "targets", "beneficiaries", "sponsors", "issues", "similar", "subjects", "committee", "agenda_item", "draft", "breadth"} {
			if _, seen := out[f]; seen {
				continue
			}
			if strings.HasPrefix(t, f+":") || strings.HasPrefix(t, `"`+f+`"`) {
				out[f] = int64(i + 1)
			}
		}
	}
	return out
}

func lineAt(data []byte, off int64) int64 {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return int64(bytes.Count(data[:off], []byte("\n"))) + 1
}

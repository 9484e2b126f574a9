package registry

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"entente"
)

// ParseDate reads one YYYY-MM-DD date of a registry file. Unlike
// entente.ParseDate it refuses a bare year, because in a spell "..1945"
// would silently mean the first day of 1945 rather than its last.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(entente.DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD: %w", s, entente.ErrInvalid)
	}
	return t, nil
}

// parseOptDate reads a date cell where empty means an open end.
func parseOptDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return ParseDate(s)
}

// ParsePeriod reads "FROM..TO" where either end may be empty (open).
func ParsePeriod(s string) (entente.Period, error) {
	from, to, ok := strings.Cut(s, "..")
	if !ok {
		return entente.Period{}, fmt.Errorf("period %q: want FROM..TO: %w", s, entente.ErrInvalid)
	}
	var p entente.Period
	var err error
	if p.From, err = parseOptDate(strings.TrimSpace(from)); err != nil {
		return entente.Period{}, fmt.Errorf("period %q: %w", s, err)
	}
	if p.To, err = parseOptDate(strings.TrimSpace(to)); err != nil {
		return entente.Period{}, fmt.Errorf("period %q: %w", s, err)
	}
	if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From) {
		return entente.Period{}, fmt.Errorf("period %q ends before it starts: %w", s, entente.ErrInvalid)
	}
	return p, nil
}

// ParseSpells reads a spell list: "FROM..TO" periods separated by "|", in
// chronological order and disjoint. The empty string means "always" and
// yields nil, which entente.Spells treats the same way.
func ParseSpells(s string) (entente.Spells, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out entente.Spells
	for part := range strings.SplitSeq(s, "|") {
		p, err := ParsePeriod(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		if n := len(out); n > 0 {
			prev := out[n-1]
			// Each spell must start after the previous one ended; an open end
			// anywhere but last, or an open start anywhere but first, would
			// make the list overlap itself.
			if prev.To.IsZero() || p.From.IsZero() || !p.From.After(prev.To) {
				return nil, fmt.Errorf("spells %q: periods overlap or are out of order: %w", s, entente.ErrInvalid)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// ParseList splits a list cell on "|", trimming items and dropping empty
// ones, so "a| b|" is [a b].
func ParseList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for item := range strings.SplitSeq(s, "|") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// ParseCodeCell reads a code cell of the given scheme: either a plain value,
// valid whenever the actor is (the spells passed as valid), or
// "VALUE@FROM..TO" items separated by "|". Items with the same value are
// merged into one Code with several spells. Values are normalised with
// NormalizeCode, so "004" and "4" are the same ISO numeric code.
func ParseCodeCell(s string, scheme entente.CodeScheme, valid entente.Spells) ([]entente.Code, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if !strings.Contains(s, "@") {
		v, err := NormalizeCode(scheme, s)
		if err != nil {
			return nil, err
		}
		return []entente.Code{{Scheme: scheme, Value: v, Valid: slices.Clone(valid)}}, nil
	}
	var out []entente.Code
	for item := range strings.SplitSeq(s, "|") {
		item = strings.TrimSpace(item)
		val, per, ok := strings.Cut(item, "@")
		if !ok {
			return nil, fmt.Errorf("code cell %q: item %q lacks @FROM..TO while others have it: %w", s, item, entente.ErrInvalid)
		}
		v, err := NormalizeCode(scheme, strings.TrimSpace(val))
		if err != nil {
			return nil, fmt.Errorf("code cell %q: %w", s, err)
		}
		p, err := ParsePeriod(strings.TrimSpace(per))
		if err != nil {
			return nil, fmt.Errorf("code cell %q: %w", s, err)
		}
		i := slices.IndexFunc(out, func(c entente.Code) bool { return c.Value == v })
		if i < 0 {
			out = append(out, entente.Code{Scheme: scheme, Value: v})
			i = len(out) - 1
		}
		out[i].Valid = append(out[i].Valid, p)
	}
	// Different values may overlap in time only if the data is wrong, and
	// so may two spells of one value; check both on the sorted spells.
	var all []entente.Period
	for i := range out {
		slices.SortFunc(out[i].Valid, comparePeriod)
		all = append(all, out[i].Valid...)
	}
	slices.SortFunc(all, comparePeriod)
	for i := 1; i < len(all); i++ {
		if all[i-1].Overlaps(all[i]) {
			return nil, fmt.Errorf("code cell %q: periods overlap: %w", s, entente.ErrInvalid)
		}
	}
	return out, nil
}

// comparePeriod orders periods by start, an open start first.
func comparePeriod(a, b entente.Period) int {
	switch {
	case a.From.Equal(b.From):
		return 0
	case a.From.IsZero():
		return -1
	case b.From.IsZero():
		return 1
	}
	return a.From.Compare(b.From)
}

// numericScheme reports schemes whose values are numbers, compared without
// leading zeros.
func numericScheme(s entente.CodeScheme) bool {
	return s == entente.SchemeISONum || s == entente.SchemeCOWNum || s == entente.SchemeGWNum
}

// NormalizeCode puts a code value into the form the registry stores and
// compares: upper-case letters for alphabetic schemes, ISO numeric codes
// zero-padded to three digits as ISO writes them, and COW and
// Gleditsch–Ward numbers without leading zeros. It also checks the shape
// each scheme allows.
func NormalizeCode(scheme entente.CodeScheme, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", fmt.Errorf("%s code: empty: %w", scheme, entente.ErrInvalid)
	}
	if numericScheme(scheme) {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 9999 {
			return "", fmt.Errorf("%s code %q: want a number: %w", scheme, v, entente.ErrInvalid)
		}
		if scheme == entente.SchemeISONum {
			return fmt.Sprintf("%03d", n), nil
		}
		return strconv.Itoa(n), nil
	}
	up := strings.ToUpper(v)
	want := 0
	switch scheme {
	case entente.SchemeISO2:
		want = 2
	case entente.SchemeISO3:
		want = 3
	}
	if want > 0 && len(up) != want {
		return "", fmt.Errorf("%s code %q: want %d letters: %w", scheme, v, want, entente.ErrInvalid)
	}
	for _, c := range []byte(up) {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return "", fmt.Errorf("%s code %q: want letters and digits: %w", scheme, v, entente.ErrInvalid)
		}
	}
	return up, nil
}

// errList gathers load errors so that an author sees many problems of a file
// at once rather than one per run; it stops collecting after a limit.
type errList struct {
	errs []error
}

const maxLoadErrors = 25

func (l *errList) add(file string, line int64, field string, err error) {
	if len(l.errs) < maxLoadErrors {
		l.errs = append(l.errs, &entente.InputError{File: file, Line: line, Field: field, Err: err})
	}
}

func (l *errList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	return errors.Join(l.errs...)
}

package petrarch

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"entente"
)

// Phrase is a dictionary phrase as words in upper case. Exact is the
// trailing-underscore convention: the last word matches only as written,
// without the regular plural forms the coder otherwise allows.
type Phrase struct {
	Words []string `json:"words"`
	Exact bool     `json:"exact,omitempty"`
}

func (p Phrase) String() string { return strings.Join(p.Words, " ") }

// DatedCode is an actor code, restricted to a span of days when From or To
// is set: "[HOB <950601]" has only To (exclusive), "[HOBREB >990816]" only
// From (exclusive), "[HOBGOV 19950601-19990815]" both (inclusive).
type DatedCode struct {
	Code string    `json:"code"`
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Bounded says the code carries a date restriction at all.
	Bounded bool `json:"bounded,omitempty"`
}

// Actor is one entry of an actor dictionary: its primary phrase, the "+"
// synonyms and its codes. Line is where the primary phrase stands.
type Actor struct {
	Phrases []Phrase    `json:"phrases"`
	Codes   []DatedCode `json:"codes"`
	Line    int64       `json:"line"`
}

// CodeOn returns the actor's code on day d. A restriction that contains d
// wins over the undated default, and the first listed restriction wins over
// later ones, the order the dictionaries rely on ("this should override the
// next restriction"). A zero d picks the undated code, else the last one.
func (a Actor) CodeOn(d time.Time) string {
	def := ""
	for _, c := range a.Codes {
		if !c.Bounded {
			if def == "" {
				def = c.Code
			}
			continue
		}
		if d.IsZero() {
			continue
		}
		if (c.From.IsZero() || !d.Before(c.From)) && (c.To.IsZero() || !d.After(c.To)) {
			return c.Code
		}
	}
	if def == "" && d.IsZero() && len(a.Codes) > 0 {
		return a.Codes[len(a.Codes)-1].Code
	}
	return def
}

// ActorDict is a parsed actor dictionary.
type ActorDict struct {
	File   string  `json:"file"`
	Actors []Actor `json:"actors"`
	// Warnings locate lines that could not be read and were left out.
	Warnings []string `json:"warnings,omitempty"`
}

// ReadActors parses an actor dictionary (Phoenix.*.actors.txt,
// PETR.Validate.actors.txt). A line that cannot be read is left out and
// reported in Warnings as file:line: field ("code", "date", "synonym",
// "phrase"); a file that cannot be read at all (not UTF-8, an unclosed
// comment, an overlong line) is an *entente.InputError.
func ReadActors(r io.Reader, file string) (*ActorDict, error) {
	d := &ActorDict{File: file}
	var cur *Actor
	err := scanLines(r, file, func(l line) error {
		// A line that cannot be read is skipped and reported in Warnings
		// with its file, line and field: the published Phoenix dictionaries
		// hold a few such typos ("FAEROYENE]_") and must still load.
		bad := func(field string, err error) error {
			d.Warnings = append(d.Warnings, (&entente.InputError{File: file, Line: l.no, Field: field, Err: err}).Error())
			return nil
		}
		switch {
		case strings.HasPrefix(l.text, "["):
			if cur == nil {
				return bad("code", fmt.Errorf("code line %q comes before any actor phrase", l.text))
			}
			_, codes, err := brackets(l.text)
			if err != nil {
				return bad("code", err)
			}
			return addCodes(cur, codes, bad)
		case strings.HasPrefix(l.text, "+"):
			if cur == nil {
				return bad("synonym", fmt.Errorf("synonym %q comes before any actor phrase", l.text))
			}
			head, codes, err := brackets(l.text[1:])
			if err != nil {
				return bad("synonym", err)
			}
			ws, exact := words(head)
			if len(ws) == 0 {
				return bad("synonym", fmt.Errorf("empty synonym"))
			}
			cur.Phrases = append(cur.Phrases, Phrase{Words: ws, Exact: exact})
			return addCodes(cur, codes, bad)
		default:
			head, codes, err := brackets(l.text)
			if err != nil {
				return bad("phrase", err)
			}
			ws, exact := words(head)
			if len(ws) == 0 {
				return bad("phrase", fmt.Errorf("code %q without a phrase", l.text))
			}
			d.Actors = append(d.Actors, Actor{Phrases: []Phrase{{Words: ws, Exact: exact}}, Line: l.no})
			cur = &d.Actors[len(d.Actors)-1]
			return addCodes(cur, codes, bad)
		}
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// addCodes parses the codes of one line into the actor; a code that
// cannot be read is reported through bad and the line's other codes kept.
func addCodes(a *Actor, codes []string, bad func(string, error) error) error {
	for _, c := range codes {
		dc, err := parseDatedCode(c)
		var de *dateError
		switch {
		case errors.As(err, &de):
			// The Phoenix dictionaries hold a few impossible dates
			// ("9008223"): that restriction is dropped and reported, the
			// rest of the dictionary stays usable.
			bad("date", err)
		case err != nil:
			bad("code", err)
		default:
			a.Codes = append(a.Codes, dc)
		}
	}
	return nil
}

// parseDatedCode reads the inside of a code bracket: "CODE", "CODE <DATE",
// "CODE >DATE" or "CODE DATE-DATE" (blanks around the dash allowed).
func parseDatedCode(s string) (DatedCode, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return DatedCode{}, fmt.Errorf("empty code []")
	}
	code := strings.ToUpper(f[0])
	if !validCode(code) {
		return DatedCode{}, fmt.Errorf("code %q has characters other than letters, digits and - + / ~", f[0])
	}
	dc := DatedCode{Code: code}
	rest := strings.Join(f[1:], "")
	if rest == "" {
		return dc, nil
	}
	dc.Bounded = true
	var err error
	switch rest[0] {
	case '<':
		if dc.To, err = parseDictDate(rest[1:]); err == nil {
			dc.To = dc.To.AddDate(0, 0, -1)
		}
	case '>':
		if dc.From, err = parseDictDate(rest[1:]); err == nil {
			dc.From = dc.From.AddDate(0, 0, 1)
		}
	default:
		from, to, ok := strings.Cut(rest, "-")
		if !ok {
			return DatedCode{}, fmt.Errorf("date restriction %q is not <DATE, >DATE or DATE-DATE", rest)
		}
		if dc.From, err = parseDictDate(from); err == nil {
			dc.To, err = parseDictDate(to)
		}
		if err == nil && dc.To.Before(dc.From) {
			err = &dateError{fmt.Sprintf("date range %q ends before it starts", rest)}
		}
	}
	if err != nil {
		return DatedCode{}, err
	}
	return dc, nil
}

// dateError is a date restriction that is not a date.
type dateError struct{ msg string }

func (e *dateError) Error() string { return e.msg }

// parseDictDate reads YYYYMMDD or the older YYMMDD, where years 00-29 are
// 2000-2029 and 30-99 are 1930-1999 (TABARI's dictionaries date from 1990).
func parseDictDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) != 6 && len(s) != 8 {
		return time.Time{}, &dateError{fmt.Sprintf("date %q is not YYMMDD or YYYYMMDD", s)}
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return time.Time{}, &dateError{fmt.Sprintf("date %q is not YYMMDD or YYYYMMDD", s)}
		}
	}
	n, _ := strconv.Atoi(s)
	var y, m, dd int
	if len(s) == 6 {
		y, m, dd = n/10000, n/100%100, n%100
		if y < 30 {
			y += 2000
		} else {
			y += 1900
		}
	} else {
		y, m, dd = n/10000, n/100%100, n%100
	}
	t := time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != dd {
		return time.Time{}, &dateError{fmt.Sprintf("date %q: no such day", s)}
	}
	return t, nil
}

// validCode accepts CAMEO-style codes and the placeholders dictionaries use
// ("---" no code, "+++" no event, "###" discard in TABARI).
func validCode(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '+', c == '/', c == '~', c == '!', c == '#':
		default:
			return false
		}
	}
	return true
}

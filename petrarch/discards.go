package petrarch

import (
	"fmt"
	"io"
	"strings"

	"entente"
)

// Discard is a phrase that stops coding: a sentence containing it yields no
// event, and with Story set the whole story is dropped ("+TYPHOON").
type Discard struct {
	Phrase Phrase `json:"phrase"`
	Story  bool   `json:"story,omitempty"`
	Line   int64  `json:"line"`
}

// DiscardDict is a parsed discard list.
type DiscardDict struct {
	File     string    `json:"file"`
	Discards []Discard `json:"discards"`
	// Warnings locate lines that could not be read and were left out.
	Warnings []string `json:"warnings,omitempty"`
}

// ReadDiscards parses a discard list (Phoenix.discards.txt,
// PETR.Validate.discards.txt), one phrase a line. Lines that cannot be read are left out and
// reported in Warnings as file:line: field; a file that cannot be read at all is an
// *entente.InputError with field "phrase".
func ReadDiscards(r io.Reader, file string) (*DiscardDict, error) {
	d := &DiscardDict{File: file}
	err := scanLines(r, file, func(l line) error {
		t := l.text
		story := strings.HasPrefix(t, "+")
		if story {
			t = t[1:]
		}
		if strings.ContainsAny(t, "[]{}") {
			d.Warnings = append(d.Warnings, (&entente.InputError{File: file, Line: l.no, Field: "phrase", Err: fmt.Errorf("discard %q holds brackets: a discard is a plain phrase", l.text)}).Error())
			return nil
		}
		ws, exact := words(t)
		if len(ws) == 0 {
			d.Warnings = append(d.Warnings, (&entente.InputError{File: file, Line: l.no, Field: "phrase", Err: fmt.Errorf("empty discard phrase")}).Error())
			return nil
		}
		d.Discards = append(d.Discards, Discard{Phrase: Phrase{Words: ws, Exact: exact}, Story: story, Line: l.no})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

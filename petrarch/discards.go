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
}

// ReadDiscards parses a discard list (Phoenix.discards.txt,
// PETR.Validate.discards.txt), one phrase a line. Bad input is an
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
			return &entente.InputError{File: file, Line: l.no, Field: "phrase", Err: fmt.Errorf("discard %q holds brackets: a discard is a plain phrase", l.text)}
		}
		ws, exact := words(t)
		if len(ws) == 0 {
			return &entente.InputError{File: file, Line: l.no, Field: "phrase", Err: fmt.Errorf("empty discard phrase")}
		}
		d.Discards = append(d.Discards, Discard{Phrase: Phrase{Words: ws, Exact: exact}, Story: story, Line: l.no})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

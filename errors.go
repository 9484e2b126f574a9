package entente

import (
	"errors"
	"fmt"
)

// Sentinel errors callers branch on. Adapters wrap them with context
// ("actor show: %w"); the HTTP face maps them to status codes in one table.
var (
	// ErrNotFound: the thing asked for does not exist (no actor, no source).
	ErrNotFound = errors.New("not found")
	// ErrInvalid: input is malformed or out of range (a bad date, a bad flag).
	ErrInvalid = errors.New("invalid input")
	// ErrConflict: the write contradicts what is stored (a duplicate key).
	ErrConflict = errors.New("conflict")
	// ErrAmbiguous: a name matches several actors equally well.
	ErrAmbiguous = errors.New("ambiguous")
	// ErrUnsupported: the store or importer cannot do this (yet).
	ErrUnsupported = errors.New("unsupported")
)

// InputError locates bad input: file, line and field, so an analyst can open
// the file at the right place. It wraps ErrInvalid.
type InputError struct {
	File  string
	Line  int64 // 1-based; 0 when the whole file is at fault
	Field string
	Err   error
}

func (e *InputError) Error() string {
	switch {
	case e.Line > 0 && e.Field != "":
		return fmt.Sprintf("%s:%d: field %s: %v", e.File, e.Line, e.Field, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	case e.Field != "":
		return fmt.Sprintf("%s: field %s: %v", e.File, e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap lets errors.Is find ErrInvalid and the cause.
func (e *InputError) Unwrap() []error { return []error{ErrInvalid, e.Err} }

// UsageError is a mistake in how a command was called, with a hint on how to
// call it right. The CLI prints both and exits with status 2.
type UsageError struct {
	Msg  string
	Hint string
}

func (e *UsageError) Error() string { return e.Msg }

// Unwrap makes usage errors count as invalid input.
func (e *UsageError) Unwrap() error { return ErrInvalid }

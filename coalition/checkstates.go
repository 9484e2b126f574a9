package coalition

import (
	"errors"
	"fmt"

	"entente"
)

// actorLookup is the part of the registry CheckStates needs.
type actorLookup interface {
	Actor(code string) (entente.Actor, bool)
}

// notState reports whether code names no state of the registry.
func notState(reg actorLookup, code string) bool {
	a, ok := reg.Actor(code)
	return !ok || a.Kind != entente.KindState
}

// CheckStates reports the first state code of the motion that the registry
// does not know, located at its field in the motion file. Callers run it
// before anything touches the store, so that a misspelt code fails on its
// own line instead of after the model is loaded (or, on an empty store,
// behind an unrelated "no roll calls" error).
func (m Motion) CheckStates(reg actorLookup) error {
	for _, f := range []struct {
		field string
		codes []string
	}{{"targets", m.Targets}, {"beneficiaries", m.Beneficiaries}, {"sponsors", m.Sponsors}} {
		for _, c := range f.codes {
			if notState(reg, c) {
				return m.errorAt(f.field, fmt.Errorf("%s is not a state entente knows", c))
			}
		}
	}
	return nil
}

// CheckStates reports the first change of the scenario naming a state the
// registry does not know, with the change's file, line and field.
func (s *Scenario) CheckStates(reg actorLookup) error {
	for i, ch := range s.Changes {
		for _, f := range []struct{ field, code string }{{"a", ch.A}, {"b", ch.B}} {
			if f.code == "" || !notState(reg, f.code) {
				continue
			}
			err := fmt.Errorf("%s is not a state entente knows", f.code)
			if s.file == "" {
				return fmt.Errorf("scenario %s: changes[%d].%s: %w", s.ID, i, f.field, errors.Join(entente.ErrInvalid, err))
			}
			var line int64
			if i < len(s.lines) {
				line = s.lines[i]
			}
			return &entente.InputError{File: s.file, Line: line, Field: fmt.Sprintf("changes[%d].%s", i, f.field), Err: err}
		}
	}
	return nil
}

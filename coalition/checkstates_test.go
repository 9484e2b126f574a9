package coalition

import (
	"errors"
	"strings"
	"testing"

	"entente"
)

// fakeActors knows a few states and one organisation.
type fakeActors map[string]entente.ActorKind

func (f fakeActors) Actor(code string) (entente.Actor, bool) {
	k, ok := f[code]
	return entente.Actor{Code: code, Kind: k}, ok
}

var someActors = fakeActors{"PRK": entente.KindState, "RUS": entente.KindState, "UKR": entente.KindState, "USA": entente.KindState, "NATO": entente.KindIGO}

// wantStateError checks CheckStates' answer: nil when field is empty, else
// an *entente.InputError at file, line and field about an unknown state.
func wantStateError(t *testing.T, err error, file string, line int64, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("CheckStates: %v", err)
		}
		return
	}
	var ie *entente.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an *entente.InputError", err)
	}
	if ie.File != file || ie.Line != line || ie.Field != field || !strings.Contains(err.Error(), "is not a state entente knows") {
		t.Errorf("got %v (line %d, field %q); want %s:%d, field %q", err, ie.Line, ie.Field, file, line, field)
	}
}

func TestMotion_CheckStates(t *testing.T) {
	tests := []struct {
		name, yaml string
		line       int64
		field      string
	}{
		{"all known", "id: m\ntitle: T\ndate: 2024-11-15\ntargets: [PRK, RUS]\nbeneficiaries: [UKR]\nsponsors: [USA]\n", 0, ""},
		{"unknown target", "id: m\ntitle: T\ndate: 2024-11-15\ntargets: [PRK, XQZ]\n", 4, "targets"},
		{"organisation as beneficiary", "id: m\ntitle: T\ndate: 2024-11-15\ntargets: [PRK]\nbeneficiaries:\n  - NATO\n", 5, "beneficiaries"},
		{"unknown sponsor", "id: m\ntitle: T\ndate: 2024-11-15\ntargets: [PRK]\nsponsors: [USA, QQQ]\n", 5, "sponsors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMotion("m.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			wantStateError(t, m.CheckStates(someActors), "m.yaml", tt.line, tt.field)
		})
	}
}

func TestScenario_CheckStates(t *testing.T) {
	tests := []struct {
		name, yaml string
		line       int64
		field      string
	}{
		{"all known", "id: s\nchanges:\n  - kind: arms\n    a: RUS\n    b: UKR\n    change: -50%\n", 0, ""},
		{"unknown a", "id: s\nchanges:\n  - kind: stance\n    a: XQZ\n    stance: condemns\n", 3, "changes[0].a"},
		{"unknown b in the second change", "id: s\nchanges:\n  - kind: stance\n    a: RUS\n    stance: abstains\n  - kind: alliance\n    a: USA\n    b: QQQ\n    action: add\n", 6, "changes[1].b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseScenario("s.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			wantStateError(t, s.CheckStates(someActors), "s.yaml", tt.line, tt.field)
		})
	}
}

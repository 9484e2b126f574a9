package coalition

import (
	"errors"
	"strings"
	"testing"

	"entente"
)

// aliasBomb is a "billion laughs" YAML document in a motion's similar
// list: nine levels of nine aliases each, under 500 bytes.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("id: m\ntitle: t\ndate: 2024-01-01\nx0: &a0 [R/1/2]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("x")
		b.WriteByte(byte('0' + i))
		b.WriteString(": &a")
		b.WriteByte(byte('0' + i))
		b.WriteString(" [")
		for k := 0; k < 9; k++ {
			if k > 0 {
				b.WriteString(",")
			}
			b.WriteString("*a")
			b.WriteByte(byte('0' + i - 1))
		}
		b.WriteString("]\n")
	}
	b.WriteString("similar: *a9\n")
	return b.String()
}

// TestParseMotion_Hostile: alias bombs, dates before the first General
// Assembly or centuries ahead, and unknown codes are input errors naming
// the line and field (issue 18, items 4 and 5).
func TestParseMotion_Hostile(t *testing.T) {
	tests := []struct {
		name, data string
		line       int64
		field      string
		contains   string
	}{
		{"alias bomb", aliasBomb(), 5, "", "aliases"},
		{"year 0001", "id: m\ntitle: T\ndate: 0001\n", 3, "date", ""},
		{"year 1900", "id: m\ntitle: T\ndate: 1900\n", 3, "date", "outside 1946-01-10"},
		{"day 0001-01-01", "id: m\ntitle: T\ndate: 0001-01-01\n", 3, "date", "outside"},
		{"before the first Assembly", "id: m\ntitle: T\ndate: 1945-10-24\n", 3, "date", "outside"},
		{"far future", "id: m\ntitle: T\ndate: 9999-01-01\n", 3, "date", "outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMotion("m.yaml", []byte(tt.data))
			var ie *entente.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an *entente.InputError", err)
			}
			if ie.Line != tt.line || ie.Field != tt.field || !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error at line %d field %q: %v; want line %d field %q saying %q", ie.Line, ie.Field, err, tt.line, tt.field, tt.contains)
			}
		})
	}
}

// TestParseScenario_Hostile: a change that would overflow the ties to
// infinity (and the probabilities to NaN) and alias bombs are refused.
func TestParseScenario_Hostile(t *testing.T) {
	tests := []struct{ name, data, field, contains string }{
		{"1e308 percent", "id: s\nchanges:\n  - {kind: arms, a: RUS, b: IND, change: 1e308%}\n", "changes[0].change", "cannot grow"},
		{"huge factor", "id: s\nchanges:\n  - {kind: trade, a: RUS, b: IND, change: 1e9}\n", "changes[0].change", "cannot grow"},
		{"alias bomb", "id: s\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nchanges: *b\n", "", "aliases"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScenario("s.yaml", []byte(tt.data))
			var ie *entente.InputError
			if !errors.As(err, &ie) || ie.Field != tt.field || !strings.Contains(err.Error(), tt.contains) {
				t.Fatalf("err = %v, want an input error on field %q saying %q", err, tt.field, tt.contains)
			}
		})
	}
	s, err := ParseScenario("s.yaml", []byte("id: s\nchanges:\n  - {kind: arms, a: RUS, b: IND, change: +10000%}\n"))
	if err != nil || s.Changes[0].factor != 101 {
		t.Errorf("the largest growth allowed: %v", err)
	}
}

// FuzzParseScenario checks properties of every scenario that parses: at
// least one change, every factor finite and within bounds; and that every
// failure is an *entente.InputError naming the file.
func FuzzParseScenario(f *testing.F) {
	f.Add("s.yaml", []byte("id: s\nchanges:\n  - {kind: arms, a: RUS, b: IND, change: -50%}\n"))
	f.Add("s.yaml", []byte("id: s\nchanges:\n  - {kind: alliance, a: PHL, b: USA, action: add}\n  - {kind: stance, a: CHN, stance: condemns}\n"))
	f.Add("s.json", []byte(`{"id":"s","changes":[{"kind":"trade","a":"CHN","b":"PRK","change":"1e308%"}]}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		s, err := ParseScenario(name, data)
		if err != nil {
			var ie *entente.InputError
			if !errors.As(err, &ie) || ie.File != name {
				t.Fatalf("error %v (%T) is not an *entente.InputError naming %q", err, err, name)
			}
			return
		}
		if len(s.Changes) == 0 {
			t.Fatal("a scenario without changes parsed")
		}
		for _, c := range s.Changes {
			if c.factor < -1 || c.factor > 1+maxRelativeChange || c.factor != c.factor {
				t.Fatalf("factor %v out of bounds", c.factor)
			}
		}
	})
}

package coalition

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"entente"
)

func TestParseMotion(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             Motion
		errLine          int64
		errField         string
	}{
		{name: "yaml", file: "m.yaml", data: "id: m1\ntitle: Condemn X\ndate: 2024-11-15\nkind: condemn\ntargets: [prk, RUS]\nissues: [hr]\nsimilar: [A/RES/68/262, R/70/172]\n",
			want: Motion{ID: "m1", Title: "Condemn X", Date: entente.Day(2024, 11, 15), Kind: KindCondemn, Targets: []string{"PRK", "RUS"}, Issues: []string{"hr"}, Similar: []string{"68/262", "70/172"}}},
		{name: "json", file: "m.json", data: `{"id":"m2","title":"Support Y","date":"2019-01-02","kind":"support","beneficiaries":["UKR"],"sponsors":["UKR","POL"]}`,
			want: Motion{ID: "m2", Title: "Support Y", Date: entente.Day(2019, 1, 2), Kind: KindSupport, Beneficiaries: []string{"UKR"}, Sponsors: []string{"UKR", "POL"}}},
		{name: "kind defaults to other", file: "m.yaml", data: "id: m3\ntitle: T\ndate: 2020\n",
			want: Motion{ID: "m3", Title: "T", Date: entente.Day(2020, 1, 1), Kind: KindOther}},
		{name: "bad date", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-13-01\n", errLine: 3, errField: "date"},
		{name: "bad kind", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-01-01\nkind: praise\n", errLine: 4, errField: "kind"},
		{name: "bad issue", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-01-01\nissues: [xx]\n", errLine: 4, errField: "issues"},
		{name: "bad similar", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-01-01\nsimilar: [hello]\n", errLine: 4, errField: "similar"},
		{name: "condemn without target", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-01-01\nkind: condemn\n", errField: "targets"},
		{name: "target twice", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-01-01\ntargets: [PRK]\nsponsors: [PRK]\n", errLine: 5, errField: "sponsors"},
		{name: "missing title", file: "m.json", data: `{"id":"m","date":"2024-01-01"}`, errField: "title"},
		{name: "unknown field", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-01-01\ncolour: red\n", errLine: 4},
		{name: "json syntax", file: "m.json", data: "{\"id\": \"m\",\n\"title\": }", errLine: 2},
		{name: "new fields optional", file: "m.yaml", data: "id: m4\ntitle: T\ndate: 2023-12-22\nsubjects: [taxation, ' Tax  treaties']\ncommittee: Second Committee\nagenda_item: 16 (h)\nbreadth: 100-140\n",
			want: Motion{ID: "m4", Title: "T", Date: entente.Day(2023, 12, 22), Kind: KindOther, Subjects: []string{"TAXATION", "TAX TREATIES"}, Committee: "Second Committee", AgendaItem: "16 (h)", Breadth: &Breadth{100, 140}}},
		{name: "breadth single figure", file: "m.json", data: `{"id":"m5","title":"T","date":"2023-01-01","breadth":"120"}`,
			want: Motion{ID: "m5", Title: "T", Date: entente.Day(2023, 1, 1), Kind: KindOther, Breadth: &Breadth{120, 120}}},
		{name: "breadth reversed", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-01-01\nbreadth: 140-100\n", errLine: 4, errField: "breadth"},
		{name: "breadth above membership", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-01-01\nbreadth: 250\n", errLine: 4, errField: "breadth"},
		{name: "breadth not a number", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-01-01\nbreadth: broad\n", errLine: 4, errField: "breadth"},
		{name: "bad code", file: "m.yaml", data: "id: m\ntitle: T\ndate: 2024-01-01\ntargets: [North Korea]\n", errLine: 4, errField: "targets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMotion(tt.file, []byte(tt.data))
			if tt.errField != "" || tt.errLine != 0 {
				var ie *entente.InputError
				if !errors.As(err, &ie) || !errors.Is(err, entente.ErrInvalid) {
					t.Fatalf("err = %v, want an *entente.InputError", err)
				}
				if ie.File != tt.file || ie.Field != tt.errField || (tt.errLine != 0 && ie.Line != tt.errLine) {
					t.Errorf("error at %s:%d field %q, want %s:%d field %q (%v)", ie.File, ie.Line, ie.Field, tt.file, tt.errLine, tt.errField, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != tt.want.ID || got.Title != tt.want.Title || !got.Date.Equal(tt.want.Date) || got.Kind != tt.want.Kind ||
				!slices.Equal(got.Targets, tt.want.Targets) || !slices.Equal(got.Beneficiaries, tt.want.Beneficiaries) ||
				!slices.Equal(got.Sponsors, tt.want.Sponsors) || !slices.Equal(got.Issues, tt.want.Issues) || !slices.Equal(got.Similar, tt.want.Similar) ||
				!slices.Equal(got.Subjects, tt.want.Subjects) || got.Committee != tt.want.Committee || got.AgendaItem != tt.want.AgendaItem ||
				(got.Breadth == nil) != (tt.want.Breadth == nil) || got.Breadth != nil && *got.Breadth != *tt.want.Breadth {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestResolutionKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A/RES/68/262", "68/262"}, {"R/68/262", "68/262"}, {"68/262", "68/262"}, {"a/res/es-11/1", "ES-11/1"},
		{"R/1/1287/A", "1/1287A"}, {"R/1/1287A", "1/1287A"}, {"hello", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ResolutionKey(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("ResolutionKey(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

// TestResolutionSymbol checks that both sources' spellings come out the
// UN's way and that anything else is left alone.
func TestResolutionSymbol(t *testing.T) {
	tests := []struct{ in, want string }{
		{"R/70/172", "A/RES/70/172"}, {"A/RES/74/17", "A/RES/74/17"}, {"RES/68/262", "A/RES/68/262"},
		{"R/1/1287/A", "A/RES/1/1287/A"}, {"A/RES/ES-11/1", "A/RES/ES-11/1"}, {"un-2023-41", "un-2023-41"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ResolutionSymbol(tt.in); got != tt.want {
				t.Errorf("ResolutionSymbol(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestParseMotion_Shipped checks the motion files in the repository parse.
func TestParseMotion_Shipped(t *testing.T) {
	files, _ := filepath.Glob("../motions/*.yaml")
	more, _ := filepath.Glob("testdata/*motion*")
	novel, _ := filepath.Glob("testdata/novel/*.yaml")
	for _, f := range append(append(files, more...), novel...) {
		if strings.HasSuffix(f, "-scenario.yaml") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			if _, err := LoadMotion(f); err != nil {
				t.Fatal(err)
			}
		})
	}
	if len(files) == 0 {
		t.Fatal("no motion files under motions/")
	}
}

// FuzzParseMotion: no input makes the parser panic, and every error is an
// *entente.InputError.
func FuzzParseMotion(f *testing.F) {
	seeds, _ := filepath.Glob("../motions/*.yaml")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add("m.yaml", b)
		}
	}
	f.Add("m.json", []byte(`{"id":"m","title":"t","date":"2024-01-01","targets":["PRK"]}`))
	f.Add("m.yaml", []byte("id: [\n"))
	f.Add("m.yaml", []byte("id: m\ntitle: t\ndate: 2024-01-01\nsimilar: [R/1/2]\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		m, err := ParseMotion(name, data)
		if err != nil {
			var ie *entente.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not an *entente.InputError", err, err)
			}
			return
		}
		if m.ID == "" || m.Title == "" || m.Date.IsZero() {
			t.Fatalf("parsed motion without id, title or date: %+v", m)
		}
		if m.Date.Before(firstAssembly) || m.Date.After(lastPlausibleMotion) {
			t.Fatalf("parsed motion dated %s, outside the range checked", m.Date.Format(entente.DateLayout))
		}
		if b := m.Breadth; b != nil && (b.Low < 0 || b.Low > b.High || b.High > maxMembers) {
			t.Fatalf("breadth %+v accepted: want 0 <= low <= high <= %d", *b, maxMembers)
		}
	})
}

func TestParseScenario(t *testing.T) {
	tests := []struct {
		name, data string
		field      string
		check      func(t *testing.T, s *Scenario)
	}{
		{name: "shipped", data: mustRead(t, "../motions/dprk-troops-2024-scenario.yaml"), check: func(t *testing.T, s *Scenario) {
			if len(s.Changes) != 3 || s.Changes[0].factor != 0.5 || s.Changes[1].factor != 1 || s.Changes[2].Action != "add" {
				t.Errorf("changes = %+v", s.Changes)
			}
		}},
		{name: "percent with unicode minus", data: "id: s\nchanges:\n  - {kind: trade, a: CHN, b: PRK, change: \"−30 %\"}\n", check: func(t *testing.T, s *Scenario) {
			if f := s.Changes[0].factor; f < 0.699 || f > 0.701 {
				t.Errorf("factor %v, want 0.7", f)
			}
		}},
		{name: "no changes", data: "id: s\n", field: "changes"},
		{name: "bad kind", data: "id: s\nchanges:\n  - {kind: vibes, a: CHN}\n", field: "changes[0].kind"},
		{name: "bad change", data: "id: s\nchanges:\n  - {kind: arms, a: RUS, b: IND, change: lots}\n", field: "changes[0].change"},
		{name: "shrink past zero", data: "id: s\nchanges:\n  - {kind: arms, a: RUS, b: IND, change: -150%}\n", field: "changes[0].change"},
		{name: "bad stance", data: "id: s\nchanges:\n  - {kind: stance, a: CHN, stance: maybe}\n", field: "changes[0].stance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseScenario("s.yaml", []byte(tt.data))
			if tt.field != "" {
				var ie *entente.InputError
				if !errors.As(err, &ie) || ie.Field != tt.field {
					t.Fatalf("err = %v, want an input error on field %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, s)
		})
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

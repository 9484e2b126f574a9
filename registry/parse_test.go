package registry

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"entente"
)

func d(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := ParseDate(s)
	if err != nil {
		panic(err) // test tables only
	}
	return t
}

func per(from, to string) entente.Period { return entente.Period{From: d(from), To: d(to)} }

func TestParseSpells(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    entente.Spells
		wantErr bool
	}{
		{"empty means always", "", nil, false},
		{"blank means always", "  ", nil, false},
		{"open end", "1991-12-26..", entente.Spells{per("1991-12-26", "")}, false},
		{"open start", "..1991-12-25", entente.Spells{per("", "1991-12-25")}, false},
		{"both open", "..", entente.Spells{per("", "")}, false},
		{"interrupted", "..1945-05-08|1949-05-23..", entente.Spells{per("", "1945-05-08"), per("1949-05-23", "")}, false},
		{"spaces around items", " 1990-01-01..1990-12-31 | 1992-01-01.. ", entente.Spells{per("1990-01-01", "1990-12-31"), per("1992-01-01", "")}, false},
		{"one day", "2006-06-03..2006-06-03", entente.Spells{per("2006-06-03", "2006-06-03")}, false},
		{"no dots", "1990-01-01", nil, true},
		{"bad date", "1990-13-01..", nil, true},
		{"bare year refused", "1990..", nil, true},
		{"ends before start", "1991-01-01..1990-01-01", nil, true},
		{"overlap", "1990-01-01..1995-01-01|1994-01-01..", nil, true},
		{"touching days overlap", "1990-01-01..1995-01-01|1995-01-01..", nil, true},
		{"out of order", "2000-01-01..|1990-01-01..1991-01-01", nil, true},
		{"open end not last", "1990-01-01..|2000-01-01..", nil, true},
		{"empty item", "1990-01-01..1991-01-01|", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSpells(tt.in)
			if tt.wantErr {
				if !errors.Is(err, entente.ErrInvalid) {
					t.Fatalf("ParseSpells(%q) = %v, %v; want ErrInvalid", tt.in, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSpells(%q): %v", tt.in, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ParseSpells(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCodeCell(t *testing.T) {
	valid := entente.Spells{per("1993-01-01", "")}
	tests := []struct {
		name    string
		in      string
		scheme  entente.CodeScheme
		want    []entente.Code
		wantErr bool
	}{
		{"empty", "", entente.SchemeCOWNum, nil, false},
		{"plain takes actor validity", "316", entente.SchemeCOWNum, []entente.Code{{Scheme: entente.SchemeCOWNum, Value: "316", Valid: valid}}, false},
		{"iso numeric padded", "4", entente.SchemeISONum, []entente.Code{{Scheme: entente.SchemeISONum, Value: "004", Valid: valid}}, false},
		{"cow numeric unpadded", "002", entente.SchemeCOWNum, []entente.Code{{Scheme: entente.SchemeCOWNum, Value: "2", Valid: valid}}, false},
		{"alpha upper-cased", "czr", entente.SchemeCOWAbb, []entente.Code{{Scheme: entente.SchemeCOWAbb, Value: "CZR", Valid: valid}}, false},
		{"dated values", "260@1955-05-05..1990-10-02|255@1990-10-03..", entente.SchemeCOWNum, []entente.Code{
			{Scheme: entente.SchemeCOWNum, Value: "260", Valid: entente.Spells{per("1955-05-05", "1990-10-02")}},
			{Scheme: entente.SchemeCOWNum, Value: "255", Valid: entente.Spells{per("1990-10-03", "")}},
		}, false},
		{"same value merged and sorted", "255@1990-10-03..|260@1955-05-05..1990-10-02|255@..1945-05-08", entente.SchemeCOWNum, []entente.Code{
			{Scheme: entente.SchemeCOWNum, Value: "255", Valid: entente.Spells{per("", "1945-05-08"), per("1990-10-03", "")}},
			{Scheme: entente.SchemeCOWNum, Value: "260", Valid: entente.Spells{per("1955-05-05", "1990-10-02")}},
		}, false},
		{"mixed plain and dated", "255|260@1955-05-05..1990-10-02", entente.SchemeCOWNum, nil, true},
		{"overlapping values", "255@..1991-01-01|260@1990-01-01..", entente.SchemeCOWNum, nil, true},
		{"not a number", "3a5", entente.SchemeCOWNum, nil, true},
		{"iso3 too long", "CHNA", entente.SchemeISO3, nil, true},
		{"iso2 too short", "C", entente.SchemeISO2, nil, true},
		{"bad period", "365@1991-12-26", entente.SchemeCOWNum, nil, true},
		{"empty value", "@1991-12-26..", entente.SchemeCOWNum, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCodeCell(tt.in, tt.scheme, valid)
			if tt.wantErr {
				if !errors.Is(err, entente.ErrInvalid) {
					t.Fatalf("ParseCodeCell(%q) = %v, %v; want ErrInvalid", tt.in, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseCodeCell(%q): %v", tt.in, err)
			}
			if !slices.EqualFunc(got, tt.want, func(a, b entente.Code) bool {
				return a.Scheme == b.Scheme && a.Value == b.Value && slices.Equal(a.Valid, b.Valid)
			}) {
				t.Errorf("ParseCodeCell(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a| b |", []string{"a", "b"}},
		{" | ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ParseList(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("ParseList(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRegionCode(t *testing.T) {
	tests := map[string]string{
		"Eastern Asia":                    "EASTERN_ASIA",
		"South-eastern Asia":              "SOUTH_EASTERN_ASIA",
		"Latin America and the Caribbean": "LATIN_AMERICA_AND_THE_CARIBBEAN",
		"Asia":                            "ASIA",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := RegionCode(in); got != want {
				t.Errorf("RegionCode(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

// FuzzParseSpells checks that any input either fails with ErrInvalid or
// yields ordered, disjoint, well-formed periods that render back to a
// string parsing to the same spells.
func FuzzParseSpells(f *testing.F) {
	for _, s := range []string{"", "..", "1991-12-26..", "..1945-05-08|1949-05-23..", "1990-01-01..1990-12-31|1992-01-01..",
		"1990..", "x", "|", "2000-02-30..", "1990-01-01..1989-01-01", "..|..", "0001-01-01..9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpells(s)
		if err != nil {
			if !errors.Is(err, entente.ErrInvalid) {
				t.Fatalf("ParseSpells(%q): error %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		for i, p := range sp {
			if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From) {
				t.Fatalf("ParseSpells(%q): period %v ends before it starts", s, p)
			}
			if i > 0 && sp[i-1].Overlaps(p) {
				t.Fatalf("ParseSpells(%q): periods %v and %v overlap", s, sp[i-1], p)
			}
		}
		var parts []string
		for _, p := range sp {
			parts = append(parts, p.String())
		}
		again, err := ParseSpells(strings.Join(parts, "|"))
		if err != nil || !slices.Equal(again, sp) {
			t.Fatalf("ParseSpells(%q) = %v does not round-trip: %v, %v", s, sp, again, err)
		}
	})
}

// FuzzLoadFS replaces one file of the fixture registry with arbitrary bytes:
// loading must either succeed or fail with an *entente.InputError, never
// panic.
func FuzzLoadFS(f *testing.F) {
	for i, name := range dataFiles {
		b, err := os.ReadFile("testdata/mini/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	f.Add(uint8(0), []byte("code\tname\n"))
	f.Add(uint8(2), []byte("actor\tkind\ttext\trole\tvalid\nCHN\talias\t(\t\t..\n"))
	f.Add(uint8(3), []byte("phrase\trole\tposition\nthe\tGOV\tafter\n"))
	base := map[string][]byte{}
	for _, name := range dataFiles {
		b, err := os.ReadFile("testdata/mini/" + name)
		if err != nil {
			f.Fatal(err)
		}
		base[name] = b
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		fsys := fstest.MapFS{}
		for name, b := range base {
			fsys[name] = &fstest.MapFile{Data: b}
		}
		fsys[dataFiles[int(which)%len(dataFiles)]] = &fstest.MapFile{Data: data}
		r, err := LoadFS(fsys)
		if err != nil {
			var ie *entente.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("LoadFS error %v is no InputError", err)
			}
			return
		}
		// A registry that loads must answer without panicking.
		ms := r.FindMentions("China and the US met in Pyongyang's Kremlin.", time.Time{}, nil)
		checkInvariants(t, "China and the US met in Pyongyang's Kremlin.", ms)
		r.Suggest("Chna", 3)
		_, _ = r.ByName("China", time.Time{})
	})
}

package registry

import (
	"errors"
	"strings"
	"testing"
	"time"

	"entente"
)

func TestRegistry_Lookup(t *testing.T) {
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time {
		d, err := entente.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name, q string
		on      time.Time
		want    string
		err     error
	}{
		{name: "entente code", q: "prk", want: "PRK"},
		{name: "bare number is COW", q: "365", on: day("1980-01-01"), want: "SUN"},
		{name: "bare number after 1991", q: "365", on: day("2000-01-01"), want: "RUS"},
		{name: "COW prefix", q: "COW 365", on: day("1980-01-01"), want: "SUN"},
		{name: "ISO numeric prefix", q: "ISO 608", on: day("2020-01-01"), want: "PHL"},
		{name: "name", q: "North Korea", on: day("2024-01-01"), want: "PRK"},
		{name: "ISO2", q: "ph", on: day("2024-01-01"), want: "PHL"},
		{name: "unknown", q: "Atlantis", err: entente.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := r.Lookup(tt.q, tt.on)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Lookup(%q) error %v, want %v", tt.q, err, tt.err)
				}
				return
			}
			if err != nil || a.Code != tt.want {
				t.Fatalf("Lookup(%q) = %s, %v; want %s", tt.q, a.Code, err, tt.want)
			}
		})
	}
}

func TestRegistry_Search(t *testing.T) {
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, q   string
		wantQuery string
		wantOn    string
		actor     string
		mention   string
		suggest   bool
	}{
		{name: "code in a year", q: "COW 365 in 1980", wantQuery: "COW 365", wantOn: "1980-07-01", actor: "SUN"},
		{name: "metonym on a day", q: "the Kremlin on 1985-06-01", wantQuery: "the Kremlin", wantOn: "1985-06-01", mention: "SUNGOV"},
		{name: "leader in office", q: "Duterte in 2020", wantQuery: "Duterte", wantOn: "2020-07-01", mention: "PHL"},
		{name: "a misspelling", q: "Phillipinnes", wantQuery: "Phillipinnes", suggest: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := r.Search(tt.q, time.Time{})
			if s.Query != tt.wantQuery {
				t.Errorf("query %q, want %q", s.Query, tt.wantQuery)
			}
			if tt.wantOn != "" && s.On.Format(entente.DateLayout) != tt.wantOn {
				t.Errorf("day %s, want %s", s.On.Format(entente.DateLayout), tt.wantOn)
			}
			if tt.actor != "" && (s.Actor == nil || s.Actor.Code != tt.actor) {
				t.Errorf("actor %+v, want %s", s.Actor, tt.actor)
			}
			if tt.mention != "" {
				found := false
				for _, m := range s.Mentions {
					found = found || strings.HasPrefix(m.Code, tt.mention)
				}
				if !found {
					t.Errorf("mentions %+v lack %s", s.Mentions, tt.mention)
				}
			}
			if tt.suggest != (len(s.Suggestions) > 0) {
				t.Errorf("suggestions %v, want some: %v", s.Suggestions, tt.suggest)
			}
		})
	}
}

// FuzzRegistry_Search checks that a search box entry never panics, that
// the query kept is part of the entry, and that suggestions come only when
// nothing matched.
func FuzzRegistry_Search(f *testing.F) {
	for _, s := range []string{"", "COW 365 in 1980", "the Kremlin on 1985-06-01", "Duterte in 2020", "in 1980", " on 2020-13-45", "ISO 999", "cameo:RUS", "\xff in 1999"} {
		f.Add(s)
	}
	r, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		s := r.Search(q, time.Time{})
		if !strings.Contains(q, s.Query) {
			t.Fatalf("query %q is not part of %q", s.Query, q)
		}
		if len(s.Suggestions) > 0 && (s.Actor != nil || len(s.Mentions) > 0) {
			t.Fatalf("suggestions %v alongside a match", s.Suggestions)
		}
	})
}

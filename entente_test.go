package entente_test

import (
	"errors"
	"io/fs"
	"testing"
	"time"

	"entente"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-11-01", entente.Day(2024, 11, 1), true},
		{" 1991-12-26 ", entente.Day(1991, 12, 26), true},
		{"2014", entente.Day(2014, 1, 1), true},
		{"2024-13-01", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := entente.ParseDate(c.in)
			if (err == nil) != c.ok {
				t.Fatalf("ParseDate(%q) error = %v, want ok=%v", c.in, err, c.ok)
			}
			if err != nil && !errors.Is(err, entente.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if !got.Equal(c.want) {
				t.Errorf("ParseDate(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

func TestPeriod_Contains(t *testing.T) {
	ussr := entente.Period{From: entente.Day(1922, 12, 30), To: entente.Day(1991, 12, 25)}
	cases := []struct {
		name string
		p    entente.Period
		d    time.Time
		want bool
	}{
		{"first day", ussr, entente.Day(1922, 12, 30), true},
		{"last day", ussr, entente.Day(1991, 12, 25), true},
		{"day after", ussr, entente.Day(1991, 12, 26), false},
		{"day before", ussr, entente.Day(1922, 12, 29), false},
		{"no date given", ussr, time.Time{}, true},
		{"open end", entente.Period{From: entente.Day(1991, 12, 26)}, entente.Day(2026, 1, 1), true},
		{"open start", entente.Period{To: entente.Day(1945, 5, 8)}, entente.Day(1900, 1, 1), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.Contains(c.d); got != c.want {
				t.Errorf("%v.Contains(%v) = %v, want %v", c.p, c.d, got, c.want)
			}
		})
	}
}

func TestPeriod_Overlaps(t *testing.T) {
	a := entente.Period{From: entente.Day(2000, 1, 1), To: entente.Day(2005, 1, 1)}
	cases := []struct {
		name string
		b    entente.Period
		want bool
	}{
		{"inside", entente.Period{From: entente.Day(2001, 1, 1), To: entente.Day(2002, 1, 1)}, true},
		{"touching", entente.Period{From: entente.Day(2005, 1, 1)}, true},
		{"after", entente.Period{From: entente.Day(2005, 1, 2)}, false},
		{"before", entente.Period{To: entente.Day(1999, 12, 31)}, false},
		{"always", entente.Period{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := a.Overlaps(c.b); got != c.want {
				t.Errorf("Overlaps = %v, want %v", got, c.want)
			}
			if got := c.b.Overlaps(a); got != c.want {
				t.Errorf("Overlaps is not symmetric")
			}
		})
	}
}

func TestSpells_Contains(t *testing.T) {
	// Germany: until 1945-05-08 and again from 1949-05-23.
	germany := entente.Spells{{To: entente.Day(1945, 5, 8)}, {From: entente.Day(1949, 5, 23)}}
	for _, c := range []struct {
		d    time.Time
		want bool
	}{
		{entente.Day(1940, 1, 1), true},
		{entente.Day(1947, 1, 1), false},
		{entente.Day(1990, 1, 1), true},
	} {
		if got := germany.Contains(c.d); got != c.want {
			t.Errorf("Contains(%v) = %v, want %v", c.d, got, c.want)
		}
	}
	if !(entente.Spells{}).Contains(entente.Day(1800, 1, 1)) {
		t.Error("empty spells should mean always")
	}
}

func TestActor_CodeIn(t *testing.T) {
	rus := entente.Actor{Code: "RUS", Codes: []entente.Code{
		{Scheme: entente.SchemeCOWNum, Value: "365", Valid: entente.Spells{{From: entente.Day(1991, 12, 26)}}},
		{Scheme: entente.SchemeISO3, Value: "RUS"},
	}}
	if got := rus.CodeIn(entente.SchemeCOWNum, entente.Day(1980, 1, 1)); got != "" {
		t.Errorf("COW code of RUS in 1980 = %q, want none (the USSR held 365)", got)
	}
	if got := rus.CodeIn(entente.SchemeCOWNum, entente.Day(2000, 1, 1)); got != "365" {
		t.Errorf("COW code of RUS in 2000 = %q, want 365", got)
	}
	if got := rus.CodeIn(entente.SchemeISO3, entente.Day(2000, 1, 1)); got != "RUS" {
		t.Errorf("ISO3 = %q", got)
	}
}

func TestParseVoteChoice(t *testing.T) {
	cases := map[string]entente.VoteChoice{"yes": entente.VoteYes, "Y": entente.VoteYes, "1": entente.VoteYes,
		"no": entente.VoteNo, "3": entente.VoteNo, "Abstain": entente.VoteAbstain, "A": entente.VoteAbstain,
		"absent": entente.VoteAbsent, "X": entente.VoteAbsent}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			got, err := entente.ParseVoteChoice(in)
			if err != nil || got != want {
				t.Errorf("ParseVoteChoice(%q) = %q, %v; want %q", in, got, err, want)
			}
		})
	}
	if _, err := entente.ParseVoteChoice("maybe"); !errors.Is(err, entente.ErrInvalid) {
		t.Errorf("ParseVoteChoice(maybe) error = %v, want ErrInvalid", err)
	}
}

func TestInputError_Error(t *testing.T) {
	cases := []struct {
		e    entente.InputError
		want string
	}{
		{entente.InputError{File: "votes.csv", Line: 12, Field: "vote", Err: errors.New("want yes, no or abstain")}, "votes.csv:12: field vote: want yes, no or abstain"},
		{entente.InputError{File: "votes.csv", Line: 3, Err: errors.New("3 fields, want 4")}, "votes.csv:3: 3 fields, want 4"},
		{entente.InputError{File: "votes.csv", Err: errors.New("empty file")}, "votes.csv: empty file"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			if got := c.e.Error(); got != c.want {
				t.Errorf("Error() = %q, want %q", got, c.want)
			}
			if !errors.Is(&c.e, entente.ErrInvalid) {
				t.Error("InputError should wrap ErrInvalid")
			}
		})
	}
	inner := &entente.InputError{File: "f", Err: fs.ErrNotExist}
	if !errors.Is(inner, fs.ErrNotExist) {
		t.Error("InputError should wrap its cause")
	}
}

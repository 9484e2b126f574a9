// Package curated holds the facts entente ships with its binary because no
// public dataset records them yet: treaties and alliances concluded after
// the datasets end (the 2024 Russia–DPRK treaty, AUKUS, Finland and Sweden
// joining NATO), deployments, and headline dependence figures reported by
// reputable sources for years the datasets do not reach (China's share of
// North Korea's trade).
//
// The facts are authored in facts.tsv, embedded at build time, each row with
// its date and a source note. They are stored as ties under one Source with
// Curated set, so that every view can tell them from dataset rows and cite
// the line of facts.tsv they come from.
package curated

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entente"
)

// File is the name under which evidence cites the embedded facts.
const File = "curated/facts.tsv"

// SourceID is the ID of the Source the curated ties are stored under. It is
// fixed so that a newer binary replaces the facts of an older one.
const SourceID = "curated:facts"

// Dataset is the Source.Dataset of the curated facts.
const Dataset = "curated"

//go:embed facts.tsv
var facts []byte

// Types of curated facts, in the "type" column and Tie.Attrs["type"].
const (
	TypeDefence     = "defence"     // treaty with a mutual-defence clause
	TypeSecurity    = "security"    // security partnership without a defence clause
	TypePartnership = "partnership" // political partnership treaty
	TypeTradeShare  = "trade_share" // B's share of A's total trade
	TypeArmsShare   = "arms_share"  // B's share of A's arms imports
	TypeTradeValue  = "trade_value" // bilateral trade of A and B, US$ millions
	TypeTroops      = "troops"
	TypeInstructors = "instructors"
)

var header = []string{"id", "date", "until", "signed", "kind", "a", "b", "value", "unit", "type", "name", "source", "note"}

// validTypes lists the types each kind admits.
var validTypes = map[entente.TieKind][]string{
	entente.TieTreaty:     {TypeDefence, TypeSecurity, TypePartnership},
	entente.TieDependence: {TypeTradeShare, TypeArmsShare, TypeTradeValue},
	entente.TieDeployment: {TypeTroops, TypeInstructors},
}

// Load parses the embedded facts and returns them as ties together with the
// Source they are stored under.
func Load() ([]entente.Tie, entente.Source, error) {
	return Parse(facts)
}

// Parse reads facts in the layout of facts.tsv. Every problem is reported as
// an *entente.InputError naming the line and field, joined, so that an
// author can fix the file in one pass.
func Parse(data []byte) ([]entente.Tie, entente.Source, error) {
	sum := sha256.Sum256(data)
	src := entente.Source{
		ID:        SourceID,
		Dataset:   Dataset,
		Release:   hex.EncodeToString(sum[:])[:12],
		Title:     "Curated facts shipped with entente",
		Publisher: "entente authors",
		Licence:   "same as entente",
		Citation:  "entente curated facts; each row cites its own source in Attrs[\"source\"]",
		File:      File,
		Checksum:  hex.EncodeToString(sum[:]),
		Curated:   true,
	}
	var ties []entente.Tie
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var line int64
	seenHeader := false
	ids := map[string]int64{}
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cells := strings.Split(text, "\t")
		if !seenHeader {
			seenHeader = true
			if strings.Join(cells, "\t") != strings.Join(header, "\t") {
				errs = append(errs, &entente.InputError{File: File, Line: line, Err: fmt.Errorf("header must be %s", strings.Join(header, ", "))})
				break
			}
			continue
		}
		if len(cells) != len(header) {
			errs = append(errs, &entente.InputError{File: File, Line: line, Err: fmt.Errorf("%d fields, want %d", len(cells), len(header))})
			continue
		}
		t, err := parseRow(cells, line)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if first, dup := ids[t.Attrs["id"]]; dup {
			errs = append(errs, &entente.InputError{File: File, Line: line, Field: "id", Err: fmt.Errorf("%q already used on line %d", t.Attrs["id"], first)})
			continue
		}
		ids[t.Attrs["id"]] = line
		ties = append(ties, t)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, &entente.InputError{File: File, Err: err})
	}
	if !seenHeader && len(errs) == 0 {
		errs = append(errs, &entente.InputError{File: File, Err: errors.New("no header line")})
	}
	if len(errs) > 0 {
		return nil, entente.Source{}, fmt.Errorf("curated facts: %w", errors.Join(errs...))
	}
	src.Rows = int64(len(ties))
	for i, t := range ties {
		if i == 0 || t.Period.From.Before(src.Coverage.From) {
			src.Coverage.From = t.Period.From
		}
		if end := lastDay(t); end.After(src.Coverage.To) {
			src.Coverage.To = end
		}
	}
	return ties, src, nil
}

// lastDay is the last day a fact is known to hold: its end, else its
// start, for coverage.
func lastDay(t entente.Tie) time.Time {
	if !t.Period.To.IsZero() {
		return t.Period.To
	}
	return t.Period.From
}

func parseRow(c []string, line int64) (entente.Tie, error) {
	get := func(name string) string {
		for i, h := range header {
			if h == name {
				return strings.TrimSpace(c[i])
			}
		}
		return ""
	}
	bad := func(field string, err error) error {
		return &entente.InputError{File: File, Line: line, Field: field, Err: err}
	}
	id := get("id")
	if id == "" {
		return entente.Tie{}, bad("id", errors.New("empty"))
	}
	kind := entente.TieKind(get("kind"))
	types, ok := validTypes[kind]
	if !ok {
		return entente.Tie{}, bad("kind", fmt.Errorf("%q: want treaty, dependence or deployment", kind))
	}
	typ := get("type")
	if !contains(types, typ) {
		return entente.Tie{}, bad("type", fmt.Errorf("%q: want one of %s for %s", typ, strings.Join(types, ", "), kind))
	}
	dateText := get("date")
	from, err := entente.ParseDate(dateText)
	if err != nil {
		return entente.Tie{}, bad("date", err)
	}
	t := entente.Tie{
		Kind:   kind,
		A:      get("a"),
		B:      get("b"),
		Period: entente.Period{From: from},
		Unit:   get("unit"),
		Attrs:  map[string]string{"id": id, "type": typ, "curated": "true"},
		Evidence: entente.Evidence{
			Source: SourceID,
			File:   File,
			Line:   line,
			Text:   get("source"),
		},
	}
	if len(dateText) == 4 {
		// A bare year is a yearly figure: it holds for that calendar year.
		t.Year = from.Year()
		t.Period.To = entente.Day(t.Year, time.December, 31)
	}
	if u := get("until"); u != "" {
		to, err := entente.ParseDate(u)
		if err != nil {
			return entente.Tie{}, bad("until", err)
		}
		if to.Before(from) {
			return entente.Tie{}, bad("until", fmt.Errorf("%s is before date %s", u, dateText))
		}
		t.Period.To = to
	}
	if s := get("signed"); s != "" {
		d, err := entente.ParseDate(s)
		if err != nil {
			return entente.Tie{}, bad("signed", err)
		}
		t.Attrs["signed"] = d.Format(entente.DateLayout)
	}
	if !validCode(t.A) {
		return entente.Tie{}, bad("a", fmt.Errorf("%q: want an entente actor code", t.A))
	}
	if !validCode(t.B) {
		return entente.Tie{}, bad("b", fmt.Errorf("%q: want an entente actor code", t.B))
	}
	if t.A == t.B {
		return entente.Tie{}, bad("b", errors.New("same actor as a"))
	}
	if v := get("value"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return entente.Tie{}, bad("value", fmt.Errorf("%q: want a number", v))
		}
		t.Value = f
	}
	if t.Unit == "share" && (t.Value < 0 || t.Value > 1) {
		return entente.Tie{}, bad("value", fmt.Errorf("share %v: want a fraction in [0,1]", t.Value))
	}
	for _, f := range []string{"name", "source", "note"} {
		v := get(f)
		if v == "" && f != "note" {
			return entente.Tie{}, bad(f, errors.New("empty: every curated fact needs its name and source"))
		}
		if v != "" {
			t.Attrs[f] = v
		}
	}
	return t, nil
}

// validCode accepts the shape of entente codes: upper-case letters and
// digits, two to eight of them (ISO3, NATO, ASEAN).
func validCode(s string) bool {
	if len(s) < 2 || len(s) > 8 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Store is what Ensure needs of a store.
type Store interface {
	Source(ctx context.Context, id string) (entente.Source, error)
	Update(ctx context.Context, fn func(entente.Tx) error) error
}

// Ensure makes the store hold the facts this binary ships: when the stored
// curated source has another checksum (or none is stored) it replaces the
// old rows with the embedded ones in one transaction. It reports whether it
// wrote anything. Calling it on every command costs one source lookup.
func Ensure(ctx context.Context, s Store) (bool, error) {
	ties, src, err := Load()
	if err != nil {
		return false, err
	}
	if ok, err := current(ctx, s, src); err != nil || ok {
		return false, err
	}
	// Another process may store the facts between the look above and the
	// transaction (write commands take the write lock only inside it), so
	// the transaction looks again: appending them twice would double them.
	wrote := false
	err = s.Update(ctx, func(tx entente.Tx) error {
		have, err := tx.Source(ctx, SourceID)
		switch {
		case err == nil && have.Checksum == src.Checksum:
			return nil
		case err == nil:
			if err := tx.DeleteSource(ctx, SourceID); err != nil && !errors.Is(err, entente.ErrNotFound) {
				return err
			}
		case !errors.Is(err, entente.ErrNotFound):
			return err
		}
		if err := tx.AppendTies(ctx, ties); err != nil {
			return err
		}
		wrote = true
		return tx.PutSource(ctx, src)
	})
	if err != nil {
		return false, fmt.Errorf("curated facts: store: %w", err)
	}
	return wrote, nil
}

// Current reports whether the store already holds this build's curated
// facts, so that Ensure would write nothing. A command that may still fail
// for want of other data asks first, and writes the facts only once it
// knows it will use them: a failed command leaves the store as it was.
func Current(ctx context.Context, s Store) (bool, error) {
	_, src, err := Load()
	if err != nil {
		return false, err
	}
	return current(ctx, s, src)
}

func current(ctx context.Context, s Store, src entente.Source) (bool, error) {
	have, err := s.Source(ctx, SourceID)
	switch {
	case err == nil:
		return have.Checksum == src.Checksum, nil
	case errors.Is(err, entente.ErrNotFound):
		return false, nil
	default:
		return false, fmt.Errorf("curated facts: %w", err)
	}
}

// IsCurated reports whether a tie comes from the curated facts.
func IsCurated(t entente.Tie) bool { return t.Evidence.Source == SourceID }

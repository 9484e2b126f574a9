// Package measures computes the dyadic measures analysts ask of entente —
// trade and arms dependence, security ties, UN voting alignment, event
// affinity, and the leverage one state holds over another — for any year,
// from what the store holds. Every result carries its inputs (the flows,
// totals, counts and windows the figure is computed from) and the Evidence
// of the rows used, so that any number printed can be traced back to a
// dataset line or a curated fact.
//
// The package only reads: it takes an entente.Reader and never writes.
// Where the public datasets stop before the year asked (COW trade 2014, COW
// alliances 2012, ATOP 2018, SIPRI TIV 2021), results say which year of data
// they rest on, and curated facts (package curated) fill in where they are
// more recent; both are marked so that the reader can tell.
package measures

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"entente"
)

// Engine computes measures over one store. It caches what does not change
// during a run (source metadata, coverage ends) and is safe for concurrent
// use.
type Engine struct {
	r   entente.Reader
	cfg Config

	mu       sync.Mutex
	sources  map[string]entente.Source
	kindEnds map[string]int
}

// New returns an engine reading r with the configuration cfg, which is
// validated first.
func New(r entente.Reader, cfg Config) (*Engine, error) {
	if r == nil {
		return nil, fmt.Errorf("measures: reader is required: %w", entente.ErrInvalid)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Engine{r: r, cfg: cfg, kindEnds: map[string]int{}}, nil
}

// Config returns the engine's configuration.
func (e *Engine) Config() Config { return e.cfg }

// loadSourcesLocked reads the source list once; e.mu must be held.
func (e *Engine) loadSourcesLocked(ctx context.Context) error {
	if e.sources != nil {
		return nil
	}
	list, err := e.r.Sources(ctx)
	if err != nil {
		return fmt.Errorf("measures: %w", err)
	}
	e.sources = make(map[string]entente.Source, len(list))
	for _, s := range list {
		e.sources[s.ID] = s
	}
	return nil
}

// source returns the metadata of a source, loading the list once.
func (e *Engine) source(ctx context.Context, id string) (entente.Source, bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.loadSourcesLocked(ctx); err != nil {
		return entente.Source{}, false, err
	}
	s, ok := e.sources[id]
	return s, ok, nil
}

// coverageEnd returns the last year covered by the source, 0 when unknown.
func (e *Engine) coverageEnd(ctx context.Context, id string) (int, error) {
	s, ok, err := e.source(ctx, id)
	if err != nil || !ok || s.Coverage.To.IsZero() {
		return 0, err
	}
	return s.Coverage.To.Year(), nil
}

// kindEnd returns the last year covered by the (first) source holding ties
// of a kind, 0 when the store holds none. It is how measures tell "the data
// stop here" from "nothing happened".
func (e *Engine) kindEnd(ctx context.Context, kind entente.TieKind) (int, error) {
	e.mu.Lock()
	end, ok := e.kindEnds[string(kind)]
	e.mu.Unlock()
	if ok {
		return end, nil
	}
	ts, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: string(kind), Limit: 1})
	if err != nil {
		return 0, fmt.Errorf("measures: coverage of %s: %w", kind, err)
	}
	if len(ts) > 0 {
		if end, err = e.coverageEnd(ctx, ts[0].Evidence.Source); err != nil {
			return 0, err
		}
	}
	e.mu.Lock()
	e.kindEnds[string(kind)] = end
	e.mu.Unlock()
	return end, nil
}

// lastTieYear returns the last year the store's ties of a kind prefix
// cover: the latest year holding such a tie, or the coverage end of its
// source when that is later; 0 when the store holds none. Several datasets
// may hold the kind (COW alliances end in 2012, ATOP in 2018), so the year
// is searched for, by halving the span with one-row reads, rather than
// taken from the first source found.
func (e *Engine) lastTieYear(ctx context.Context, prefix string) (int, error) {
	key := "last:" + prefix
	e.mu.Lock()
	end, ok := e.kindEnds[key]
	e.mu.Unlock()
	if ok {
		return end, nil
	}
	// found reports whether some tie of the kind is dated y or later.
	var latest entente.Tie
	found := func(y int) (bool, error) {
		ts, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: prefix, FromYear: y, Limit: 1})
		if err != nil {
			return false, fmt.Errorf("measures: coverage of %s: %w", prefix, err)
		}
		if len(ts) > 0 && ts[0].Year > latest.Year {
			latest = ts[0]
		}
		return len(ts) > 0, nil
	}
	lo, hi := minYear, maxYear+1 // a tie is dated in [lo, hi) if any is
	if ok, err := found(lo); err != nil || !ok {
		return 0, err
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		ok, err := found(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	end = max(lo, latest.Year)
	if srcEnd, err := e.coverageEnd(ctx, latest.Evidence.Source); err != nil {
		return 0, err
	} else if srcEnd > end {
		end = srcEnd
	}
	e.mu.Lock()
	e.kindEnds[key] = end
	e.mu.Unlock()
	return end, nil
}

// datasetOf names the dataset a row comes from, for labels ("cow-alliance",
// "atop", "curated").
func (e *Engine) datasetOf(ctx context.Context, ev entente.Evidence) (string, error) {
	s, ok, err := e.source(ctx, ev.Source)
	if err != nil {
		return "", err
	}
	if ok && s.Dataset != "" {
		return s.Dataset, nil
	}
	// Without stored metadata the source ID's prefix is the dataset, by
	// the importers' convention "dataset:release".
	if i := strings.IndexByte(ev.Source, ':'); i > 0 {
		return ev.Source[:i], nil
	}
	return ev.Source, nil
}

// Fraction is a share with the numbers it is computed from, so that output
// can show both: "82.4 % (6,728 of 8,167 US$ M)". Its JSON form is
// {"value": v, "num": n, "den": d}, with value null when the denominator is
// zero.
type Fraction struct {
	Num float64 `json:"num"`
	Den float64 `json:"den"`
}

// Value returns Num/Den and whether it is defined.
func (f Fraction) Value() (float64, bool) {
	if f.Den == 0 || math.IsNaN(f.Den) || math.IsNaN(f.Num) {
		return 0, false
	}
	return f.Num / f.Den, true
}

// Or returns the value, or def when undefined.
func (f Fraction) Or(def float64) float64 {
	if v, ok := f.Value(); ok {
		return v
	}
	return def
}

// MarshalJSON writes the value beside its inputs.
func (f Fraction) MarshalJSON() ([]byte, error) {
	v, ok := f.Value()
	out := struct {
		Value *float64 `json:"value"`
		Num   float64  `json:"num"`
		Den   float64  `json:"den"`
	}{Num: f.Num, Den: f.Den}
	if ok {
		out.Value = &v
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *Fraction) UnmarshalJSON(b []byte) error {
	var in struct {
		Num float64 `json:"num"`
		Den float64 `json:"den"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	f.Num, f.Den = in.Num, in.Den
	return nil
}

// Percent renders a fraction as "12.3%", or "" when undefined.
func (f Fraction) Percent() string {
	v, ok := f.Value()
	if !ok {
		return ""
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

// evidenceSet collects evidence without repeats, in the order first seen.
type evidenceSet struct {
	list []entente.Evidence
	seen map[entente.Evidence]bool
}

func (s *evidenceSet) add(evs ...entente.Evidence) {
	if s.seen == nil {
		s.seen = map[entente.Evidence]bool{}
	}
	for _, ev := range evs {
		if ev.Source == "" || s.seen[ev] {
			continue
		}
		s.seen[ev] = true
		s.list = append(s.list, ev)
	}
}

func (s *evidenceSet) slice() []entente.Evidence {
	if s.list == nil {
		return []entente.Evidence{}
	}
	return s.list
}

// sortedKeys returns a map's keys in order, for reproducible output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// clamp01 keeps a term within [0,1].
func clamp01(v float64) float64 {
	switch {
	case math.IsNaN(v), v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}

// minYear and maxYear bound the years the measures answer for.
const (
	minYear = 1800
	maxYear = 2200
)

// checkYears validates a year range asked of the engine.
func checkYears(from, to int) error {
	if from < minYear || to > maxYear || from > to {
		return fmt.Errorf("years %d..%d: want %d <= from <= to <= %d: %w", from, to, minYear, maxYear, entente.ErrInvalid)
	}
	return nil
}

// checkDyad validates a pair of actor codes.
func checkDyad(a, b string) error {
	if a == "" || b == "" {
		return fmt.Errorf("dyad %q-%q: two actor codes are required: %w", a, b, entente.ErrInvalid)
	}
	if a == b {
		return fmt.Errorf("dyad %s-%s: the two actors must differ: %w", a, b, entente.ErrInvalid)
	}
	return nil
}

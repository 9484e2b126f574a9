// Package memstore is an in-memory entente.Store for the importer's tests:
// transactional (Update applies everything or nothing), with just enough of
// the Reader to check what an import wrote. It is not meant for production
// use: every transaction copies the whole state.
package memstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"entente"
)

// Store keeps everything in slices.
type Store struct {
	// Methods the importer does not need come from the nil interface
	// (calling them panics), so the fake keeps compiling as the store
	// interface grows.
	entente.Store

	mu      sync.Mutex
	st      state
	updates int
}

type state struct {
	sources   map[string]entente.Source
	rollcalls []entente.RollCall
	votes     []entente.Vote
	ties      []entente.Tie
	events    []entente.Event
	registry  entente.RegistryData
}

// New returns an empty store.
func New() *Store { return &Store{st: state{sources: map[string]entente.Source{}}} }

// Updates counts committed transactions.
func (s *Store) Updates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updates
}

// Update runs fn in a transaction whose writes are kept apart and applied
// only if fn succeeds.
func (s *Store) Update(ctx context.Context, fn func(entente.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &Tx{base: &s.st, sources: map[string]entente.Source{}, deleted: map[string]bool{}, written: map[string]bool{}}
	for k, v := range s.st.sources {
		tx.sources[k] = v
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.st = tx.commit()
	s.updates++
	return nil
}

// Close does nothing.
func (s *Store) Close() error { return nil }

func (s *Store) read() reader {
	s.mu.Lock()
	defer s.mu.Unlock()
	return reader{st: s.st}
}

func (s *Store) Sources(ctx context.Context) ([]entente.Source, error) {
	return s.read().Sources(ctx)
}
func (s *Store) Source(ctx context.Context, id string) (entente.Source, error) {
	return s.read().Source(ctx, id)
}
func (s *Store) RegistryVersion(ctx context.Context) (string, error) {
	return s.read().RegistryVersion(ctx)
}
func (s *Store) Actors(ctx context.Context) ([]entente.Actor, error) { return s.read().Actors(ctx) }
func (s *Store) Memberships(ctx context.Context, f entente.MembershipFilter) ([]entente.Membership, error) {
	return s.read().Memberships(ctx, f)
}
func (s *Store) RollCalls(ctx context.Context, f entente.RollCallFilter) ([]entente.RollCall, error) {
	return s.read().RollCalls(ctx, f)
}
func (s *Store) Votes(ctx context.Context, f entente.VoteFilter) ([]entente.Vote, error) {
	return s.read().Votes(ctx, f)
}
func (s *Store) Ties(ctx context.Context, f entente.TieFilter) ([]entente.Tie, error) {
	return s.read().Ties(ctx, f)
}
func (s *Store) Events(ctx context.Context, f entente.EventFilter) ([]entente.Event, error) {
	return s.read().Events(ctx, f)
}
func (s *Store) Document(ctx context.Context, id string) (entente.Document, error) {
	return s.read().Document(ctx, id)
}
func (s *Store) CountRows(ctx context.Context, id string) (map[string]int64, error) {
	return s.read().CountRows(ctx, id)
}

// Tx is a transaction: the committed state, the sources as this
// transaction sees them, the sources deleted and the rows appended.
type Tx struct {
	entente.Tx // methods the importer does not need; see Store

	base    *state
	sources map[string]entente.Source
	deleted map[string]bool
	add     state
	written map[string]bool
}

// view merges the committed state with the transaction's writes.
func (t *Tx) view() state {
	b := *t.base
	v := state{sources: t.sources, registry: b.registry}
	if t.add.registry.Version != "" {
		v.registry = t.add.registry
	}
	keep := func(src string) bool { return !t.deleted[src] }
	if len(t.deleted) == 0 {
		v.rollcalls = append(b.rollcalls[:len(b.rollcalls):len(b.rollcalls)], t.add.rollcalls...)
		v.votes = append(b.votes[:len(b.votes):len(b.votes)], t.add.votes...)
		v.ties = append(b.ties[:len(b.ties):len(b.ties)], t.add.ties...)
		v.events = append(b.events[:len(b.events):len(b.events)], t.add.events...)
		return v
	}
	for _, x := range b.rollcalls {
		if keep(x.Evidence.Source) {
			v.rollcalls = append(v.rollcalls, x)
		}
	}
	for _, x := range b.votes {
		if keep(x.Evidence.Source) {
			v.votes = append(v.votes, x)
		}
	}
	for _, x := range b.ties {
		if keep(x.Evidence.Source) {
			v.ties = append(v.ties, x)
		}
	}
	for _, x := range b.events {
		if len(x.Evidence) == 0 || keep(x.Evidence[0].Source) {
			v.events = append(v.events, x)
		}
	}
	v.rollcalls = append(v.rollcalls, t.add.rollcalls...)
	v.votes = append(v.votes, t.add.votes...)
	v.ties = append(v.ties, t.add.ties...)
	v.events = append(v.events, t.add.events...)
	return v
}

// commit returns the new committed state. Without deletions the rows are
// appended in place, which keeps a test importing millions of rows fast.
func (t *Tx) commit() state {
	if len(t.deleted) > 0 {
		return t.view()
	}
	b := *t.base
	b.sources = t.sources
	if t.add.registry.Version != "" {
		b.registry = t.add.registry
	}
	b.rollcalls = append(b.rollcalls, t.add.rollcalls...)
	b.votes = append(b.votes, t.add.votes...)
	b.ties = append(b.ties, t.add.ties...)
	b.events = append(b.events, t.add.events...)
	return b
}

func (t *Tx) r() reader { return reader{st: t.view()} }

func (t *Tx) Sources(ctx context.Context) ([]entente.Source, error) { return t.r().Sources(ctx) }
func (t *Tx) Source(ctx context.Context, id string) (entente.Source, error) {
	return t.r().Source(ctx, id)
}
func (t *Tx) RollCalls(ctx context.Context, f entente.RollCallFilter) ([]entente.RollCall, error) {
	return t.r().RollCalls(ctx, f)
}
func (t *Tx) Votes(ctx context.Context, f entente.VoteFilter) ([]entente.Vote, error) {
	return t.r().Votes(ctx, f)
}
func (t *Tx) Ties(ctx context.Context, f entente.TieFilter) ([]entente.Tie, error) {
	return t.r().Ties(ctx, f)
}
func (t *Tx) Events(ctx context.Context, f entente.EventFilter) ([]entente.Event, error) {
	return t.r().Events(ctx, f)
}
func (t *Tx) RegistryVersion(ctx context.Context) (string, error) {
	return t.r().RegistryVersion(ctx)
}
func (t *Tx) Actors(ctx context.Context) ([]entente.Actor, error) { return t.r().Actors(ctx) }
func (t *Tx) Memberships(ctx context.Context, f entente.MembershipFilter) ([]entente.Membership, error) {
	return t.r().Memberships(ctx, f)
}
func (t *Tx) Document(ctx context.Context, id string) (entente.Document, error) {
	return t.r().Document(ctx, id)
}
func (t *Tx) CountRows(ctx context.Context, id string) (map[string]int64, error) {
	return t.r().CountRows(ctx, id)
}

func (t *Tx) PutSource(ctx context.Context, s entente.Source) error {
	if s.ID == "" {
		return fmt.Errorf("put source: empty id: %w", entente.ErrInvalid)
	}
	if t.written[s.ID] {
		return fmt.Errorf("put source %s: %w", s.ID, entente.ErrConflict)
	}
	t.written[s.ID] = true
	t.sources[s.ID] = s
	return nil
}

func (t *Tx) DeleteSource(ctx context.Context, id string) error {
	if _, ok := t.sources[id]; !ok {
		return fmt.Errorf("delete source %s: %w", id, entente.ErrNotFound)
	}
	delete(t.sources, id)
	t.deleted[id] = true
	del := func(src string) bool { return src == id }
	t.add.rollcalls = slices.DeleteFunc(t.add.rollcalls, func(r entente.RollCall) bool { return del(r.Evidence.Source) })
	t.add.votes = slices.DeleteFunc(t.add.votes, func(r entente.Vote) bool { return del(r.Evidence.Source) })
	t.add.ties = slices.DeleteFunc(t.add.ties, func(r entente.Tie) bool { return del(r.Evidence.Source) })
	t.add.events = slices.DeleteFunc(t.add.events, func(r entente.Event) bool {
		return len(r.Evidence) > 0 && del(r.Evidence[0].Source)
	})
	return nil
}

func (t *Tx) ReplaceRegistry(ctx context.Context, r entente.RegistryData) error {
	t.add.registry = r
	return nil
}

func (t *Tx) AppendRollCalls(ctx context.Context, rcs []entente.RollCall) error {
	for _, r := range rcs {
		if r.ID == "" {
			return fmt.Errorf("append roll call: empty id: %w", entente.ErrInvalid)
		}
	}
	t.add.rollcalls = append(t.add.rollcalls, rcs...)
	return nil
}

func (t *Tx) AppendVotes(ctx context.Context, vs []entente.Vote) error {
	for _, v := range vs {
		if v.RollCall == "" || v.Country == "" || v.Choice == "" {
			return fmt.Errorf("append vote: missing field: %w", entente.ErrInvalid)
		}
	}
	t.add.votes = append(t.add.votes, vs...)
	return nil
}

func (t *Tx) AppendTies(ctx context.Context, ts []entente.Tie) error {
	for _, x := range ts {
		if x.Kind == "" || x.A == "" {
			return fmt.Errorf("append tie: missing kind or A: %w", entente.ErrInvalid)
		}
	}
	t.add.ties = append(t.add.ties, ts...)
	return nil
}

func (t *Tx) AppendEvents(ctx context.Context, es []entente.Event) error {
	for _, e := range es {
		if e.ID == "" || e.Date.IsZero() {
			return fmt.Errorf("append event: missing id or date: %w", entente.ErrInvalid)
		}
	}
	t.add.events = append(t.add.events, es...)
	return nil
}

func (t *Tx) PutDocument(ctx context.Context, d entente.Document) error { return nil }

// reader answers queries on one state.
type reader struct{ st state }

func (r reader) Sources(ctx context.Context) ([]entente.Source, error) {
	var out []entente.Source
	for _, s := range r.st.sources {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (r reader) Source(ctx context.Context, id string) (entente.Source, error) {
	s, ok := r.st.sources[id]
	if !ok {
		return s, fmt.Errorf("source %s: %w", id, entente.ErrNotFound)
	}
	return s, nil
}

func (r reader) RegistryVersion(ctx context.Context) (string, error) {
	return r.st.registry.Version, nil
}

func (r reader) Actors(ctx context.Context) ([]entente.Actor, error) {
	return r.st.registry.Actors, nil
}

func (r reader) Memberships(ctx context.Context, f entente.MembershipFilter) ([]entente.Membership, error) {
	return nil, nil
}

func (r reader) RollCalls(ctx context.Context, f entente.RollCallFilter) ([]entente.RollCall, error) {
	var out []entente.RollCall
	for _, rc := range r.st.rollcalls {
		if len(f.IDs) > 0 && !slices.Contains(f.IDs, rc.ID) {
			continue
		}
		if f.Session != 0 && rc.Session != f.Session {
			continue
		}
		if f.Resolution != "" && rc.Resolution != f.Resolution {
			continue
		}
		if !f.From.IsZero() && rc.Date.Before(f.From) || !f.To.IsZero() && !rc.Date.Before(f.To) {
			continue
		}
		out = append(out, rc)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.Before(out[j].Date)
		}
		return out[i].ID < out[j].ID
	})
	// Rows sharing an ID are one roll call recorded by several sources.
	return entente.MergeRollCalls(out), nil
}

func (r reader) Votes(ctx context.Context, f entente.VoteFilter) ([]entente.Vote, error) {
	var out []entente.Vote
	for _, v := range r.st.votes {
		if len(f.RollCalls) > 0 && !slices.Contains(f.RollCalls, v.RollCall) {
			continue
		}
		if len(f.Countries) > 0 && !slices.Contains(f.Countries, v.Country) {
			continue
		}
		out = append(out, v)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].RollCall != out[j].RollCall {
			return out[i].RollCall < out[j].RollCall
		}
		return out[i].Country < out[j].Country
	})
	return out, nil
}

func (r reader) Ties(ctx context.Context, f entente.TieFilter) ([]entente.Tie, error) {
	var out []entente.Tie
	for _, t := range r.st.ties {
		if f.KindPrefix != "" && !strings.HasPrefix(string(t.Kind), f.KindPrefix) {
			continue
		}
		if f.Source != "" && t.Evidence.Source != f.Source {
			continue
		}
		match := (f.A == "" || t.A == f.A) && (f.B == "" || t.B == f.B)
		if !match && f.Either {
			match = (f.A == "" || t.B == f.A) && (f.B == "" || t.A == f.B)
		}
		if !match {
			continue
		}
		if f.FromYear != 0 && t.Year < f.FromYear || f.ToYear != 0 && t.Year > f.ToYear {
			continue
		}
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Kind != b.Kind:
			return a.Kind < b.Kind
		case a.A != b.A:
			return a.A < b.A
		case a.B != b.B:
			return a.B < b.B
		case !a.Period.From.Equal(b.Period.From):
			return a.Period.From.Before(b.Period.From)
		}
		return a.Year < b.Year
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func (r reader) Events(ctx context.Context, f entente.EventFilter) ([]entente.Event, error) {
	var out []entente.Event
	for _, e := range r.st.events {
		if f.SourceCountry != "" && e.Source.Country != f.SourceCountry {
			continue
		}
		if f.TargetCountry != "" && e.Target.Country != f.TargetCountry {
			continue
		}
		if f.CAMEOPrefix != "" && !strings.HasPrefix(e.CAMEO, f.CAMEOPrefix) {
			continue
		}
		if !f.From.IsZero() && e.Date.Before(f.From) || !f.To.IsZero() && !e.Date.Before(f.To) {
			continue
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.Before(out[j].Date)
		}
		return out[i].ID < out[j].ID
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func (r reader) Document(ctx context.Context, id string) (entente.Document, error) {
	return entente.Document{}, fmt.Errorf("document %s: %w", id, entente.ErrNotFound)
}

func (r reader) CountRows(ctx context.Context, id string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, x := range r.st.rollcalls {
		if x.Evidence.Source == id {
			out["rollcalls"]++
		}
	}
	for _, x := range r.st.votes {
		if x.Evidence.Source == id {
			out["votes"]++
		}
	}
	for _, x := range r.st.ties {
		if x.Evidence.Source == id {
			out["ties"]++
		}
	}
	for _, x := range r.st.events {
		if len(x.Evidence) > 0 && x.Evidence[0].Source == id {
			out["events"]++
		}
	}
	return out, nil
}

var (
	_ entente.Store = (*Store)(nil)
	_ entente.Tx    = (*Tx)(nil)
)

// SummarizeEvents is not needed by the importer's tests.
func (s *Store) SummarizeEvents(ctx context.Context, f entente.EventFilter) ([]entente.EventSummary, error) {
	return nil, nil
}

// SummarizeEvents is not needed by the importer's tests.
func (t *Tx) SummarizeEvents(ctx context.Context, f entente.EventFilter) ([]entente.EventSummary, error) {
	return nil, nil
}

// AddEvidence appends evidence to a stored event.
func (t *Tx) AddEvidence(ctx context.Context, eventID string, evs []entente.Evidence) error {
	for i := range t.add.events {
		if t.add.events[i].ID == eventID {
			t.add.events[i].Evidence = append(slices.Clone(t.add.events[i].Evidence), evs...)
			return nil
		}
	}
	return fmt.Errorf("add evidence to %s: %w", eventID, entente.ErrNotFound)
}

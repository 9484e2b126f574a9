// Package memstore is an in-memory entente.Store for the importer's tests:
// transactional (Update applies everything or nothing) and complete enough
// to pass the store contract (package storetest), so that what the
// importer's tests see is what a real store would keep. It is not meant for
// production use: a transaction that deletes copies the whole state.
package memstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"entente"
)

// Store keeps everything in slices.
type Store struct {
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
	// evidence added to events by AddEvidence, apart from the events so
	// that a transaction never changes a committed event in place.
	evidence  []extraEvidence
	documents []entente.Document
	artifacts []entente.Artifact
	registry  entente.RegistryData
}

type extraEvidence struct {
	event string
	ev    entente.Evidence
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
	base    *state
	sources map[string]entente.Source
	deleted map[string]bool
	add     state
	written map[string]bool
	// artifacts is the transaction's copy of the artifacts once it puts
	// one (nil before).
	artifacts []entente.Artifact
}

// view merges the committed state with the transaction's writes.
func (t *Tx) view() state {
	b := *t.base
	v := state{sources: t.sources, registry: b.registry, artifacts: b.artifacts}
	if t.add.registry.Version != "" {
		v.registry = t.add.registry
	}
	if t.artifacts != nil {
		v.artifacts = t.artifacts
	}
	keep := func(src string) bool { return !t.deleted[src] }
	if len(t.deleted) == 0 {
		v.rollcalls = append(b.rollcalls[:len(b.rollcalls):len(b.rollcalls)], t.add.rollcalls...)
		v.votes = append(b.votes[:len(b.votes):len(b.votes)], t.add.votes...)
		v.ties = append(b.ties[:len(b.ties):len(b.ties)], t.add.ties...)
		v.events = append(b.events[:len(b.events):len(b.events)], t.add.events...)
		v.evidence = append(b.evidence[:len(b.evidence):len(b.evidence)], t.add.evidence...)
		v.documents = append(b.documents[:len(b.documents):len(b.documents)], t.add.documents...)
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
	for _, x := range b.evidence {
		if keep(x.ev.Source) {
			v.evidence = append(v.evidence, x)
		}
	}
	for _, x := range b.documents {
		if keep(x.ID) {
			v.documents = append(v.documents, x)
		}
	}
	v.rollcalls = append(v.rollcalls, t.add.rollcalls...)
	v.votes = append(v.votes, t.add.votes...)
	v.ties = append(v.ties, t.add.ties...)
	v.events = append(v.events, t.add.events...)
	v.evidence = append(v.evidence, t.add.evidence...)
	v.documents = append(v.documents, t.add.documents...)
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
	if t.artifacts != nil {
		b.artifacts = t.artifacts
	}
	b.rollcalls = append(b.rollcalls, t.add.rollcalls...)
	b.votes = append(b.votes, t.add.votes...)
	b.ties = append(b.ties, t.add.ties...)
	b.events = append(b.events, t.add.events...)
	b.evidence = append(b.evidence, t.add.evidence...)
	b.documents = append(b.documents, t.add.documents...)
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
		if r.ID == "" || r.Evidence.Source == "" {
			return fmt.Errorf("append roll call: id and evidence source are required: %w", entente.ErrInvalid)
		}
	}
	t.add.rollcalls = append(t.add.rollcalls, rcs...)
	return nil
}

func (t *Tx) AppendVotes(ctx context.Context, vs []entente.Vote) error {
	for _, v := range vs {
		if v.RollCall == "" || v.Country == "" || v.Choice == "" || v.Evidence.Source == "" {
			return fmt.Errorf("append vote: roll call, country, choice and evidence source are required: %w", entente.ErrInvalid)
		}
	}
	t.add.votes = append(t.add.votes, vs...)
	return nil
}

func (t *Tx) AppendTies(ctx context.Context, ts []entente.Tie) error {
	for _, x := range ts {
		if x.Kind == "" || x.A == "" || x.Evidence.Source == "" {
			return fmt.Errorf("append tie: kind, A and evidence source are required: %w", entente.ErrInvalid)
		}
	}
	t.add.ties = append(t.add.ties, ts...)
	return nil
}

func (t *Tx) AppendEvents(ctx context.Context, es []entente.Event) error {
	for _, e := range es {
		if e.ID == "" || e.Date.IsZero() || len(e.Evidence) == 0 || e.Evidence[0].Source == "" {
			return fmt.Errorf("append event: id, date and evidence are required: %w", entente.ErrInvalid)
		}
	}
	t.add.events = append(t.add.events, es...)
	return nil
}

// AddEvidence attaches further evidence to an event, stored or not.
func (t *Tx) AddEvidence(ctx context.Context, eventID string, evs []entente.Evidence) error {
	for _, ev := range evs {
		t.add.evidence = append(t.add.evidence, extraEvidence{event: eventID, ev: ev})
	}
	return nil
}

// PutDocument stores a document unless one with its ID is stored.
func (t *Tx) PutDocument(ctx context.Context, d entente.Document) error {
	if d.ID == "" {
		return fmt.Errorf("put document: id is required: %w", entente.ErrInvalid)
	}
	if _, err := t.Document(ctx, d.ID); err == nil {
		return nil
	}
	t.add.documents = append(t.add.documents, d)
	return nil
}

// PutArtifact replaces the artifact of the same kind and key and keeps the
// keep most recent of the kind, ties on the time broken by key.
func (t *Tx) PutArtifact(ctx context.Context, a entente.Artifact, keep int) error {
	if a.Kind == "" || a.Key == "" {
		return fmt.Errorf("put artifact: kind and key are required: %w", entente.ErrInvalid)
	}
	if t.artifacts == nil {
		t.artifacts = slices.Clone(t.base.artifacts)
	}
	t.artifacts = slices.DeleteFunc(t.artifacts, func(x entente.Artifact) bool { return x.Kind == a.Kind && x.Key == a.Key })
	t.artifacts = append(t.artifacts, a)
	if keep <= 0 {
		return nil
	}
	var same []entente.Artifact
	for _, x := range t.artifacts {
		if x.Kind == a.Kind {
			same = append(same, x)
		}
	}
	sort.Slice(same, func(i, j int) bool {
		if !same[i].Created.Equal(same[j].Created) {
			return same[i].Created.After(same[j].Created)
		}
		return same[i].Key < same[j].Key
	})
	for _, old := range same[min(keep, len(same)):] {
		t.artifacts = slices.DeleteFunc(t.artifacts, func(x entente.Artifact) bool { return x.Kind == old.Kind && x.Key == old.Key })
	}
	return nil
}

func (t *Tx) Documents(ctx context.Context) ([]entente.Document, error) { return t.r().Documents(ctx) }
func (t *Tx) Artifact(ctx context.Context, kind, key string) (entente.Artifact, error) {
	return t.r().Artifact(ctx, kind, key)
}
func (t *Tx) SummarizeEvents(ctx context.Context, f entente.EventFilter) ([]entente.EventSummary, error) {
	return t.r().SummarizeEvents(ctx, f)
}
func (s *Store) Documents(ctx context.Context) ([]entente.Document, error) {
	return s.read().Documents(ctx)
}
func (s *Store) Artifact(ctx context.Context, kind, key string) (entente.Artifact, error) {
	return s.read().Artifact(ctx, kind, key)
}
func (s *Store) SummarizeEvents(ctx context.Context, f entente.EventFilter) ([]entente.EventSummary, error) {
	return s.read().SummarizeEvents(ctx, f)
}

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
	out := slices.Clone(r.st.registry.Actors)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

func (r reader) Memberships(ctx context.Context, f entente.MembershipFilter) ([]entente.Membership, error) {
	var out []entente.Membership
	for _, m := range r.st.registry.Memberships {
		if f.Group != "" && m.Group != f.Group || f.Member != "" && m.Member != f.Member {
			continue
		}
		// The zero On matches everything; an open end matches every day.
		if !f.On.IsZero() && !m.Period.Contains(f.On) {
			continue
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Group != b.Group:
			return a.Group < b.Group
		case a.Member != b.Member:
			return a.Member < b.Member
		}
		return a.Period.From.Before(b.Period.From)
	})
	return out, nil
}

// inWindow reports whether d lies in [from, to); an undated row matches no
// bound, as NULL does in SQL.
func inWindow(d, from, to time.Time) bool {
	if (!from.IsZero() || !to.IsZero()) && d.IsZero() {
		return false
	}
	return (from.IsZero() || !d.Before(from)) && (to.IsZero() || d.Before(to))
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
		if !inWindow(rc.Date, f.From, f.To) {
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
	var dated map[string]bool
	if !f.From.IsZero() || !f.To.IsZero() {
		dated = map[string]bool{}
		for _, rc := range r.st.rollcalls {
			if inWindow(rc.Date, f.From, f.To) {
				dated[rc.ID] = true
			}
		}
	}
	var out []entente.Vote
	for _, v := range r.st.votes {
		if len(f.RollCalls) > 0 && !slices.Contains(f.RollCalls, v.RollCall) {
			continue
		}
		if len(f.Countries) > 0 && !slices.Contains(f.Countries, v.Country) {
			continue
		}
		if dated != nil && !dated[v.RollCall] {
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
		// A tie without a year is dated by its period, open ends open.
		if f.FromYear != 0 && t.Year < f.FromYear && (t.Year != 0 || !t.Period.To.IsZero() && t.Period.To.Year() < f.FromYear) {
			continue
		}
		if f.ToYear != 0 && (t.Year > f.ToYear || t.Year == 0 && !t.Period.From.IsZero() && t.Period.From.Year() > f.ToYear) {
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

func (r reader) matchEvents(f entente.EventFilter) []entente.Event {
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
		if !inWindow(e.Date, f.From, f.To) {
			continue
		}
		out = append(out, e)
	}
	return out
}

func (r reader) Events(ctx context.Context, f entente.EventFilter) ([]entente.Event, error) {
	out := r.matchEvents(f)
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.Before(out[j].Date)
		}
		return out[i].ID < out[j].ID
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	if len(r.st.evidence) == 0 {
		return out, nil
	}
	extra := map[string][]entente.Evidence{}
	for _, x := range r.st.evidence {
		extra[x.event] = append(extra[x.event], x.ev)
	}
	for i := range out {
		if evs := extra[out[i].ID]; len(evs) > 0 {
			sort.SliceStable(evs, func(a, b int) bool {
				if evs[a].Document != evs[b].Document {
					return evs[a].Document < evs[b].Document
				}
				return evs[a].Start < evs[b].Start
			})
			out[i].Evidence = append(slices.Clone(out[i].Evidence), evs...)
		}
	}
	return out, nil
}

func (r reader) SummarizeEvents(ctx context.Context, f entente.EventFilter) ([]entente.EventSummary, error) {
	type key struct {
		year     int
		src, tgt string
		plover   string
		negated  bool
	}
	sums := map[key]*entente.EventSummary{}
	for _, e := range r.matchEvents(f) {
		k := key{e.Date.Year(), e.Source.Country, e.Target.Country, e.PLOVER, e.Negated}
		if e.Date.IsZero() {
			k.year = 0
		}
		s := sums[k]
		if s == nil {
			s = &entente.EventSummary{Year: k.year, SourceCountry: k.src, TargetCountry: k.tgt, PLOVER: k.plover, Negated: k.negated}
			sums[k] = s
		}
		s.Events++
		s.GoldsteinSum += e.Goldstein
		s.Mentions += int64(e.Mentions)
	}
	out := make([]entente.EventSummary, 0, len(sums))
	for _, s := range sums {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Year != b.Year:
			return a.Year < b.Year
		case a.SourceCountry != b.SourceCountry:
			return a.SourceCountry < b.SourceCountry
		case a.TargetCountry != b.TargetCountry:
			return a.TargetCountry < b.TargetCountry
		case a.PLOVER != b.PLOVER:
			return a.PLOVER < b.PLOVER
		}
		return !a.Negated && b.Negated
	})
	return out, nil
}

func (r reader) Document(ctx context.Context, id string) (entente.Document, error) {
	for _, d := range r.st.documents {
		if d.ID == id {
			return d, nil
		}
	}
	return entente.Document{}, fmt.Errorf("document %s: %w", id, entente.ErrNotFound)
}

func (r reader) Documents(ctx context.Context) ([]entente.Document, error) {
	out := slices.Clone(r.st.documents)
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.Before(out[j].Date)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func (r reader) Artifact(ctx context.Context, kind, key string) (entente.Artifact, error) {
	for _, a := range r.st.artifacts {
		if a.Kind == kind && a.Key == key {
			return a, nil
		}
	}
	return entente.Artifact{}, fmt.Errorf("artifact %s %s: %w", kind, key, entente.ErrNotFound)
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
	for _, x := range r.st.evidence {
		if x.ev.Source == id {
			out["event_evidence"]++
		}
	}
	for _, x := range r.st.documents {
		if x.ID == id {
			out["documents"]++
		}
	}
	return out, nil
}

var (
	_ entente.Store = (*Store)(nil)
	_ entente.Tx    = (*Tx)(nil)
)

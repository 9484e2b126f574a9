package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"entente"
)

// column is one column of a block being filled; only the slice of its type
// is used.
type column struct {
	kind byte
	s    []string
	i    []int32
	l    []int64
	u    []uint64
	f    []float64
	b    []uint8
}

// block buffers rows of one table for one shard, column by column, so that
// sending it is one native batch with one Append per column.
type block struct {
	def  tableDef
	cols []column
	rows int
}

func newBlock(d tableDef) *block {
	b := &block{def: d, cols: make([]column, len(d.cols))}
	for i := range b.cols {
		b.cols[i].kind = d.types[i]
	}
	return b
}

// add appends one row; values must have the column types of the table
// (string, int32, int64, uint64, float64, uint8).
func (b *block) add(values ...any) {
	if len(values) != len(b.cols) {
		panic(fmt.Sprintf("clickhouse: %s: %d values for %d columns", b.def.name, len(values), len(b.cols)))
	}
	for i, v := range values {
		c := &b.cols[i]
		switch c.kind {
		case 's':
			c.s = append(c.s, v.(string))
		case 'i':
			c.i = append(c.i, v.(int32))
		case 'l':
			c.l = append(c.l, v.(int64))
		case 'u':
			c.u = append(c.u, v.(uint64))
		case 'f':
			c.f = append(c.f, v.(float64))
		case 'b':
			c.b = append(c.b, v.(uint8))
		}
	}
	b.rows++
}

func (b *block) data(i int) any {
	c := &b.cols[i]
	switch c.kind {
	case 's':
		return c.s
	case 'i':
		return c.i
	case 'l':
		return c.l
	case 'u':
		return c.u
	case 'f':
		return c.f
	}
	return c.b
}

func (b *block) reset() {
	for i := range b.cols {
		c := &b.cols[i]
		c.s, c.i, c.l, c.u, c.f, c.b = c.s[:0], c.i[:0], c.l[:0], c.u[:0], c.f[:0], c.b[:0]
	}
	b.rows = 0
}

// pair is a commit-log entry: rows written under key by update id.
type pair struct {
	key string
	id  uint64
}

// tx is the entente.Tx handed to Store.Update's function.
type tx struct {
	reader
	s          *Store
	first, cur uint64            // ids this update uses: first … cur
	pending    map[pair]bool     // keys written, by id, still live
	deletes    map[string]uint64 // keys deleted, with the id of the delete
	blocks     map[string][]*block
	sentTables map[string]bool // tables that received rows, for purge
	lastPair   pair
}

var _ entente.Tx = (*tx)(nil)

func newTx(s *Store, id uint64) *tx {
	t := &tx{s: s, first: id, cur: id, pending: map[pair]bool{}, deletes: map[string]uint64{},
		blocks: map[string][]*block{}, sentTables: map[string]bool{}}
	t.reader = s.reader
	t.reader.tx = t
	return t
}

// write buffers one row of table under the commit-log key, on the shard
// chosen by shardKey (ignored for tables that live on the first server).
func (t *tx) write(ctx context.Context, d tableDef, key, shardKey string, values ...any) error {
	shard := 0
	if n := len(t.s.shards); n > 1 && distributed[d.name] {
		h := fnv.New32a()
		h.Write([]byte(shardKey))
		shard = int(h.Sum32() % uint32(n))
	}
	bs := t.blocks[d.name]
	if bs == nil {
		bs = make([]*block, len(t.s.shards))
		t.blocks[d.name] = bs
	}
	if bs[shard] == nil {
		bs[shard] = newBlock(d)
	}
	b := bs[shard]
	// Bulk rows come in long runs under one key; the map is touched once
	// per run.
	if p := (pair{key, t.cur}); p != t.lastPair {
		t.pending[p] = true
		t.lastPair = p
	}
	b.add(append([]any{t.cur}, values...)...)
	if b.rows >= t.s.cfg.BatchRows {
		return t.send(ctx, shard, b)
	}
	return nil
}

// send inserts a block as one native batch into a shard's local table.
func (t *tx) send(ctx context.Context, shard int, b *block) error {
	if b.rows == 0 {
		return nil
	}
	t.sentTables[b.def.name] = true
	batch, err := t.s.shards[shard].PrepareBatch(ctx, fmt.Sprintf("INSERT INTO %s.%s (%s)", t.s.cfg.Database, b.def.name, strings.Join(b.def.cols, ", ")))
	if err != nil {
		return fmt.Errorf("insert into %s: %w", b.def.name, err)
	}
	for i := range b.cols {
		if err := batch.Column(i).Append(b.data(i)); err != nil {
			batch.Abort()
			return fmt.Errorf("insert into %s: column %s: %w", b.def.name, b.def.cols[i], err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("insert into %s: %w", b.def.name, err)
	}
	b.reset()
	return nil
}

// flush sends every buffered row, so that queries see them.
func (t *tx) flush(ctx context.Context) error {
	for _, name := range sortedKeys(t.blocks) {
		for shard, b := range t.blocks[name] {
			if b == nil {
				continue
			}
			if err := t.send(ctx, shard, b); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteKey makes every row written under key so far invisible once the
// update commits: the delete takes a new id, and rows written after it (at
// that id or later) stay.
func (t *tx) deleteKey(key string) {
	t.cur++
	t.deletes[key] = t.cur
	for p := range t.pending {
		if p.key == key {
			delete(t.pending, p)
		}
	}
	t.lastPair = pair{}
}

// commit inserts the update's commit-log entries as one block: ClickHouse
// writes one inserted block into a MergeTree table atomically, so readers
// see all of the update or none of it.
func (t *tx) commit(ctx context.Context) error {
	if len(t.pending) == 0 && len(t.deletes) == 0 {
		return nil
	}
	b := newBlock(tTxlog)
	at := t.s.cfg.Clock.Now().UnixMicro()
	for _, key := range sortedKeys(t.deletes) {
		b.add(t.deletes[key], key, "d", at)
	}
	pairs := make([]pair, 0, len(t.pending))
	for p := range t.pending {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].key != pairs[j].key {
			return pairs[i].key < pairs[j].key
		}
		return pairs[i].id < pairs[j].id
	})
	for _, p := range pairs {
		b.add(p.id, p.key, "w", at)
	}
	return t.send(ctx, 0, b)
}

func (t *tx) PutSource(ctx context.Context, s entente.Source) error {
	if s.ID == "" || s.Dataset == "" {
		return fmt.Errorf("put source: id and dataset are required: %w", entente.ErrInvalid)
	}
	if s.Imported.IsZero() {
		s.Imported = t.s.cfg.Clock.Now()
	}
	key := sourceKey(s.ID)
	t.deleteKey(key)
	return t.write(ctx, tSources, key, "", s.ID, s.Dataset, s.Release, s.Title, s.Publisher, s.Licence, s.Citation, s.URL, s.File,
		s.Checksum, s.Rows, ymd(s.Coverage.From), ymd(s.Coverage.To), boolByte(s.Curated), micros(s.Imported))
}

func (t *tx) DeleteSource(ctx context.Context, id string) error {
	if _, err := t.Source(ctx, id); err != nil {
		return fmt.Errorf("delete source: %w", err)
	}
	t.deleteKey(id)
	t.deleteKey(sourceKey(id))
	return nil
}

func (t *tx) ReplaceRegistry(ctx context.Context, r entente.RegistryData) error {
	t.deleteKey(registryKey)
	if err := t.write(ctx, tRegistryMeta, registryKey, "", r.Version, micros(t.s.cfg.Clock.Now())); err != nil {
		return fmt.Errorf("replace registry: %w", err)
	}
	for _, a := range r.Actors {
		doc, err := json.Marshal(a)
		if err != nil {
			return fmt.Errorf("replace registry: actor %s: %w", a.Code, err)
		}
		if err := t.write(ctx, tActors, registryKey, "", a.Code, string(a.Kind), a.Name, a.Region, a.Subregion, string(doc)); err != nil {
			return fmt.Errorf("replace registry: %w", err)
		}
	}
	// Names, offices and codes are read from the registry files, never
	// from the store (the Reader has no method for them), so only actors
	// and memberships are kept.
	for _, m := range r.Memberships {
		if err := t.write(ctx, tMemberships, registryKey, "", m.Group, m.Member, m.Status, ymd(m.Period.From), ymd(m.Period.To), m.Note); err != nil {
			return fmt.Errorf("replace registry: %w", err)
		}
	}
	return nil
}

func (t *tx) AppendRollCalls(ctx context.Context, rcs []entente.RollCall) error {
	for _, rc := range rcs {
		if rc.ID == "" || rc.Evidence.Source == "" {
			return fmt.Errorf("append roll call: id and evidence source are required: %w", entente.ErrInvalid)
		}
		issues, _ := json.Marshal(rc.Issues)
		meta, err := rc.MetaJSON()
		if err != nil {
			return fmt.Errorf("append roll call %s: meta: %w", rc.ID, err)
		}
		if err := t.write(ctx, tRollCalls, rc.Evidence.Source, "", rc.ID, int32(rc.Session), ymd(rc.Date), rc.Resolution, rc.Short, rc.Title,
			string(issues), boolByte(rc.Important), boolByte(rc.Amendment), boolByte(rc.Paragraph), rc.Evidence.Source, rc.Evidence.File,
			rc.Evidence.Line, string(meta)); err != nil {
			return fmt.Errorf("append roll call %s: %w", rc.ID, err)
		}
	}
	return nil
}

func (t *tx) AppendVotes(ctx context.Context, vs []entente.Vote) error {
	for _, v := range vs {
		if v.RollCall == "" || v.Country == "" || v.Evidence.Source == "" {
			return fmt.Errorf("append vote: roll call, country and evidence source are required: %w", entente.ErrInvalid)
		}
		if err := t.write(ctx, tVotes, v.Evidence.Source, v.RollCall+"\x00"+v.Country, v.RollCall, v.Country, string(v.Choice),
			v.Evidence.Source, v.Evidence.File, v.Evidence.Line); err != nil {
			return fmt.Errorf("append vote %s/%s: %w", v.RollCall, v.Country, err)
		}
	}
	return nil
}

func (t *tx) AppendTies(ctx context.Context, ts []entente.Tie) error {
	for _, tie := range ts {
		if tie.Kind == "" || tie.A == "" || tie.Evidence.Source == "" {
			return fmt.Errorf("append tie: kind, A and evidence source are required: %w", entente.ErrInvalid)
		}
		attrs := "{}"
		if len(tie.Attrs) > 0 {
			b, _ := json.Marshal(tie.Attrs)
			attrs = string(b)
		}
		ev := tie.Evidence
		if err := t.write(ctx, tTies, ev.Source, string(tie.Kind)+"\x00"+tie.A+"\x00"+tie.B, string(tie.Kind), tie.A, tie.B,
			ymd(tie.Period.From), ymd(tie.Period.To), int32(tie.Year), tie.Value, tie.Unit, attrs,
			ev.Source, ev.File, ev.Line, ev.Document, int32(ev.Start), int32(ev.End), ev.Text); err != nil {
			return fmt.Errorf("append tie %s %s-%s: %w", tie.Kind, tie.A, tie.B, err)
		}
	}
	return nil
}

func (t *tx) AppendEvents(ctx context.Context, es []entente.Event) error {
	for i := range es {
		e := &es[i]
		if e.ID == "" || len(e.Evidence) == 0 || e.Evidence[0].Source == "" {
			return fmt.Errorf("append event: id and evidence are required: %w", entente.ErrInvalid)
		}
		quantities := "[]"
		if len(e.Quantities) > 0 {
			b, _ := json.Marshal(e.Quantities)
			quantities = string(b)
		}
		ev := e.Evidence[0]
		if err := t.write(ctx, tEvents, ev.Source, e.ID, e.ID, ymd(e.Date), e.Source.Code, e.Source.Country, e.Source.Text,
			e.Target.Code, e.Target.Country, e.Target.Text, e.CAMEO, e.PLOVER, e.Goldstein, boolByte(e.Negated),
			string(e.Modality), quantities, e.Confidence, int32(e.Mentions), e.Tone,
			ev.Source, ev.File, ev.Line, ev.Document, int32(ev.Start), int32(ev.End), ev.Text); err != nil {
			return fmt.Errorf("append event %s: %w", e.ID, err)
		}
		if len(e.Evidence) > 1 {
			if err := t.AddEvidence(ctx, e.ID, e.Evidence[1:]); err != nil {
				return err
			}
		}
		if e.Provenance != "" {
			if err := t.write(ctx, tEventProvenance, ev.Source, e.ID, e.ID, ev.Source, e.Provenance); err != nil {
				return fmt.Errorf("append provenance of %s: %w", e.ID, err)
			}
		}
	}
	return nil
}

func (t *tx) AddEvidence(ctx context.Context, eventID string, evs []entente.Evidence) error {
	for _, ev := range evs {
		if err := t.write(ctx, tEventEvidence, ev.Source, eventID, eventID, ev.Source, ev.File, ev.Line, ev.Document,
			int32(ev.Start), int32(ev.End), ev.Text); err != nil {
			return fmt.Errorf("append evidence of %s: %w", eventID, err)
		}
	}
	return nil
}

func (t *tx) PutDocument(ctx context.Context, d entente.Document) error {
	if d.ID == "" {
		return fmt.Errorf("put document: id is required: %w", entente.ErrInvalid)
	}
	if _, err := t.Document(ctx, d.ID); err == nil {
		return nil
	}
	if err := t.write(ctx, tDocuments, d.ID, "", d.ID, d.Title, d.Author, d.Publisher, ymd(d.Date), d.URL, d.Checksum, d.Text, d.DuplicateOf, d.ID); err != nil {
		return fmt.Errorf("put document %s: %w", d.ID, err)
	}
	return nil
}

func (t *tx) PutArtifact(ctx context.Context, a entente.Artifact, keep int) error {
	if a.Kind == "" || a.Key == "" {
		return fmt.Errorf("put artifact: kind and key are required: %w", entente.ErrInvalid)
	}
	key := artifactKey(a.Kind, a.Key)
	t.deleteKey(key)
	if err := t.write(ctx, tArtifacts, key, "", a.Kind, a.Key, micros(a.Created), string(a.Body)); err != nil {
		return fmt.Errorf("put artifact %s: %w", a.Kind, err)
	}
	if keep <= 0 {
		return nil
	}
	stored, err := t.artifactsOf(ctx, a.Kind)
	if err != nil {
		return fmt.Errorf("put artifact %s: prune: %w", a.Kind, err)
	}
	// Ties on the creation time are broken by key so that exactly keep
	// stay, as in the DuckDB store.
	sort.Slice(stored, func(i, j int) bool {
		if stored[i].created != stored[j].created {
			return stored[i].created > stored[j].created
		}
		return stored[i].key < stored[j].key
	})
	for _, old := range stored[min(keep, len(stored)):] {
		t.deleteKey(artifactKey(a.Kind, old.key))
	}
	return nil
}

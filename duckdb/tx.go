package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"entente"

	duck "github.com/duckdb/duckdb-go/v2"
)

// tx is the entente.Tx handed to Store.Update's function.
type tx struct {
	reader
	conn      *sql.Conn
	clock     entente.Clock
	appenders map[string]*duck.Appender
	sources   map[string]bool // sources put in this transaction
	// touched holds every source this transaction put or wrote rows
	// for; their row counts are recorded just before COMMIT.
	touched map[string]bool
	last    string // the last source touched, to skip the map lookup per row
	// feed is the running chunk insert of large event batches, if any.
	feed *eventFeed
	// evidenceRows counts evidence rows appended since the evidence
	// appender was last flushed (see AddEvidence).
	evidenceRows int
}

// evidenceFlushRows is how many evidence rows AddEvidence lets the
// appender hold before it flushes them into the transaction. DuckDB's
// appender buffers up to 204,800 rows in memory of its own, outside the
// buffer manager and its memory_limit; a long text streamed into one
// transaction adds evidence a few rows at a time, and with that buffer
// plus the tables' it held about 120 MB for a 9 MB file. Flushed into the
// transaction's own storage, rows beyond memory_limit go to disk.
const evidenceFlushRows = 16 << 10

var _ entente.Tx = (*tx)(nil)

// appender returns the transaction's appender for a table, opening it on
// first use.
func (t *tx) appender(table string) (*duck.Appender, error) {
	if a, ok := t.appenders[table]; ok {
		return a, nil
	}
	// The feed's INSERT holds the connection until it ends.
	if err := t.endFeed(); err != nil {
		return nil, err
	}
	var a *duck.Appender
	err := withDriverConn(t.conn, func(c driver.Conn) error {
		var err error
		a, err = duck.NewAppenderFromConn(c, "", table)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("appender %s: %w", table, err)
	}
	t.appenders[table] = a
	return a, nil
}

// flush pushes buffered appender rows into the transaction so that plain
// SQL in the same transaction sees them.
func (t *tx) flush() error {
	if err := t.endFeed(); err != nil {
		return err
	}
	for table, a := range t.appenders {
		if err := a.Flush(); err != nil {
			return fmt.Errorf("flush %s: %w", table, err)
		}
	}
	return nil
}

func (t *tx) closeAppenders() error {
	var errs []error
	if err := t.endFeed(); err != nil {
		errs = append(errs, err)
	}
	for table, a := range t.appenders {
		if err := a.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close appender %s: %w", table, err))
		}
		delete(t.appenders, table)
	}
	return errors.Join(errs...)
}

// exec runs a statement after flushing appenders, so statement order and
// append order agree.
func (t *tx) exec(ctx context.Context, query string, args ...any) error {
	if err := t.flush(); err != nil {
		return err
	}
	_, err := t.conn.ExecContext(ctx, query, args...)
	return err
}

func (t *tx) PutSource(ctx context.Context, s entente.Source) error {
	if s.ID == "" || s.Dataset == "" {
		return fmt.Errorf("put source: id and dataset are required: %w", entente.ErrInvalid)
	}
	if t.sources == nil {
		t.sources = map[string]bool{}
	}
	if t.sources[s.ID] {
		// Writing the same source twice in one transaction is allowed: the
		// importer records the final row count after streaming.
	}
	t.sources[s.ID] = true
	t.touch(s.ID)
	if s.Imported.IsZero() {
		s.Imported = t.clock.Now()
	}
	if err := t.exec(ctx, `DELETE FROM sources WHERE id = ?`, s.ID); err != nil {
		return fmt.Errorf("put source %s: %w", s.ID, err)
	}
	// The counts column stays NULL until recordCounts fills it at commit.
	err := t.exec(ctx, `INSERT INTO sources (`+sourceColumns+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		s.ID, s.Dataset, s.Release, s.Title, s.Publisher, s.Licence, s.Citation, s.URL, s.File, s.Checksum,
		s.Rows, nullDate(s.Coverage.From), nullDate(s.Coverage.To), s.Curated, s.Imported)
	if err != nil {
		return fmt.Errorf("put source %s: %w", s.ID, err)
	}
	return nil
}

// sourceTables lists the tables whose rows cite a source, with the column
// that names it.
var sourceTables = []struct{ table, column string }{
	{"rollcalls", "ev_source"},
	{"votes", "ev_source"},
	{"ties", "ev_source"},
	{"events", "ev_source"},
	{"event_evidence", "ev_source"},
	{"event_provenance", "ev_source"},
	{"documents", "source"},
}

func (t *tx) DeleteSource(ctx context.Context, id string) error {
	var n int
	if err := t.flush(); err != nil {
		return err
	}
	if err := t.conn.QueryRowContext(ctx, `SELECT count(*) FROM sources WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("delete source %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("delete source %s: %w", id, entente.ErrNotFound)
	}
	for _, st := range sourceTables {
		if err := t.exec(ctx, `DELETE FROM `+st.table+` WHERE `+st.column+` = ?`, id); err != nil {
			return fmt.Errorf("delete source %s from %s: %w", id, st.table, err)
		}
	}
	if err := t.exec(ctx, `DELETE FROM sources WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete source %s: %w", id, err)
	}
	delete(t.sources, id)
	return nil
}

func (t *tx) ReplaceRegistry(ctx context.Context, r entente.RegistryData) error {
	for _, table := range []string{"registry_meta", "actors", "actor_codes", "actor_names", "offices", "memberships"} {
		if err := t.exec(ctx, `DELETE FROM `+table); err != nil {
			return fmt.Errorf("replace registry: %w", err)
		}
	}
	if err := t.exec(ctx, `INSERT INTO registry_meta VALUES (?, ?)`, r.Version, t.clock.Now()); err != nil {
		return fmt.Errorf("replace registry: %w", err)
	}
	actors, err := t.appender("actors")
	if err != nil {
		return err
	}
	codes, err := t.appender("actor_codes")
	if err != nil {
		return err
	}
	for _, a := range r.Actors {
		doc, err := json.Marshal(a)
		if err != nil {
			return fmt.Errorf("replace registry: actor %s: %w", a.Code, err)
		}
		if err := actors.AppendRow(a.Code, string(a.Kind), a.Name, a.Region, a.Subregion, string(doc)); err != nil {
			return fmt.Errorf("replace registry: actor %s: %w", a.Code, err)
		}
		for _, c := range a.Codes {
			spells := c.Valid
			if len(spells) == 0 {
				spells = entente.Spells{{}}
			}
			for _, p := range spells {
				if err := codes.AppendRow(a.Code, string(c.Scheme), c.Value, nullDate(p.From), nullDate(p.To)); err != nil {
					return fmt.Errorf("replace registry: code of %s: %w", a.Code, err)
				}
			}
		}
	}
	names, err := t.appender("actor_names")
	if err != nil {
		return err
	}
	for _, n := range r.Names {
		valid, _ := json.Marshal(n.Valid)
		if err := names.AppendRow(n.Actor, n.Text, string(n.Kind), string(n.Role), string(valid)); err != nil {
			return fmt.Errorf("replace registry: name %q: %w", n.Text, err)
		}
	}
	offices, err := t.appender("offices")
	if err != nil {
		return err
	}
	for _, o := range r.Offices {
		aliases, _ := json.Marshal(o.Aliases)
		if err := offices.AppendRow(o.Actor, string(o.Role), o.Person, string(aliases), nullDate(o.Term.From), nullDate(o.Term.To)); err != nil {
			return fmt.Errorf("replace registry: office of %s: %w", o.Person, err)
		}
	}
	ms, err := t.appender("memberships")
	if err != nil {
		return err
	}
	for _, m := range r.Memberships {
		if err := ms.AppendRow(m.Group, m.Member, m.Status, nullDate(m.Period.From), nullDate(m.Period.To), m.Note); err != nil {
			return fmt.Errorf("replace registry: membership %s in %s: %w", m.Member, m.Group, err)
		}
	}
	return nil
}

func (t *tx) AppendRollCalls(ctx context.Context, rcs []entente.RollCall) error {
	a, err := t.appender("rollcalls")
	if err != nil {
		return err
	}
	for _, rc := range rcs {
		if rc.ID == "" || rc.Evidence.Source == "" {
			return fmt.Errorf("append roll call: id and evidence source are required: %w", entente.ErrInvalid)
		}
		t.touch(rc.Evidence.Source)
		issues, _ := json.Marshal(rc.Issues)
		meta, err := rc.MetaJSON()
		if err != nil {
			return fmt.Errorf("append roll call %s: meta: %w", rc.ID, err)
		}
		if err := a.AppendRow(rc.ID, int32(rc.Session), nullDate(rc.Date), rc.Resolution, rc.Short, rc.Title, string(issues),
			rc.Important, rc.Amendment, rc.Paragraph, rc.Evidence.Source, rc.Evidence.File, rc.Evidence.Line, string(meta)); err != nil {
			return fmt.Errorf("append roll call %s: %w", rc.ID, err)
		}
	}
	return nil
}

func (t *tx) AppendVotes(ctx context.Context, vs []entente.Vote) error {
	a, err := t.appender("votes")
	if err != nil {
		return err
	}
	for _, v := range vs {
		if v.RollCall == "" || v.Country == "" || v.Evidence.Source == "" {
			return fmt.Errorf("append vote: roll call, country and evidence source are required: %w", entente.ErrInvalid)
		}
		t.touch(v.Evidence.Source)
		if err := a.AppendRow(v.RollCall, v.Country, string(v.Choice), v.Evidence.Source, v.Evidence.File, v.Evidence.Line); err != nil {
			return fmt.Errorf("append vote %s/%s: %w", v.RollCall, v.Country, err)
		}
	}
	return nil
}

func (t *tx) AppendTies(ctx context.Context, ts []entente.Tie) error {
	a, err := t.appender("ties")
	if err != nil {
		return err
	}
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
		t.touch(ev.Source)
		if err := a.AppendRow(string(tie.Kind), tie.A, tie.B, nullDate(tie.Period.From), nullDate(tie.Period.To), int32(tie.Year),
			tie.Value, tie.Unit, attrs, ev.Source, ev.File, ev.Line, ev.Document, int32(ev.Start), int32(ev.End), ev.Text); err != nil {
			return fmt.Errorf("append tie %s %s-%s: %w", tie.Kind, tie.A, tie.B, err)
		}
	}
	return nil
}

func (t *tx) AppendEvents(ctx context.Context, es []entente.Event) error {
	if len(es) >= feedMinBatch {
		return t.feedEvents(ctx, es)
	}
	a, err := t.appender("events")
	if err != nil {
		return err
	}
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
		t.touch(ev.Source)
		if err := a.AppendRow(e.ID, nullDate(e.Date), e.Source.Code, e.Source.Country, e.Source.Text,
			e.Target.Code, e.Target.Country, e.Target.Text, e.CAMEO, e.PLOVER, e.Goldstein, e.Negated,
			string(e.Modality), quantities, e.Confidence, int32(e.Mentions), e.Tone,
			ev.Source, ev.File, ev.Line, ev.Document, int32(ev.Start), int32(ev.End), ev.Text); err != nil {
			return fmt.Errorf("append event %s: %w", e.ID, err)
		}
		if len(e.Evidence) > 1 {
			if err := t.AddEvidence(ctx, e.ID, e.Evidence[1:]); err != nil {
				return err
			}
		}
	}
	return t.appendProvenance(es)
}

// appendProvenance stores the provenance of the events that have one.
func (t *tx) appendProvenance(es []entente.Event) error {
	var a *duck.Appender
	for i := range es {
		e := &es[i]
		if e.Provenance == "" {
			continue
		}
		if a == nil {
			var err error
			if a, err = t.appender("event_provenance"); err != nil {
				return err
			}
		}
		if err := a.AppendRow(e.ID, e.Evidence[0].Source, e.Provenance); err != nil {
			return fmt.Errorf("append provenance of %s: %w", e.ID, err)
		}
	}
	return nil
}

// feedEvents sends a large batch through the chunk feed (feed.go).
func (t *tx) feedEvents(ctx context.Context, es []entente.Event) error {
	extra := false
	for i := range es {
		e := &es[i]
		if e.ID == "" || len(e.Evidence) == 0 || e.Evidence[0].Source == "" {
			return fmt.Errorf("append event: id and evidence are required: %w", entente.ErrInvalid)
		}
		t.touch(e.Evidence[0].Source)
		extra = extra || len(e.Evidence) > 1 || e.Provenance != ""
	}
	if t.feed == nil {
		f, err := t.startFeed(ctx)
		if err != nil {
			return err
		}
		t.feed = f
	}
	if err := t.feed.send(ctx, es); err != nil {
		return err
	}
	if !extra {
		return nil
	}
	for i := range es {
		if len(es[i].Evidence) > 1 {
			if err := t.AddEvidence(ctx, es[i].ID, es[i].Evidence[1:]); err != nil {
				return err
			}
		}
	}
	return t.appendProvenance(es)
}

// AddEvidence attaches further evidence to a stored event: another document
// reporting the same event.
func (t *tx) AddEvidence(ctx context.Context, eventID string, evs []entente.Evidence) error {
	x, err := t.appender("event_evidence")
	if err != nil {
		return err
	}
	for _, ev := range evs {
		t.touch(ev.Source)
		if err := x.AppendRow(eventID, ev.Source, ev.File, ev.Line, ev.Document, int32(ev.Start), int32(ev.End), ev.Text); err != nil {
			return fmt.Errorf("append evidence of %s: %w", eventID, err)
		}
	}
	if t.evidenceRows += len(evs); t.evidenceRows >= evidenceFlushRows {
		t.evidenceRows = 0
		if err := x.Flush(); err != nil {
			return fmt.Errorf("flush evidence: %w", err)
		}
	}
	return nil
}

func (t *tx) PutDocument(ctx context.Context, d entente.Document) error {
	if d.ID == "" {
		return fmt.Errorf("put document: id is required: %w", entente.ErrInvalid)
	}
	t.touch(d.ID)
	err := t.exec(ctx, `INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`,
		d.ID, d.Title, d.Author, d.Publisher, nullDate(d.Date), d.URL, d.Checksum, d.Text, d.DuplicateOf, d.ID)
	if err != nil {
		return fmt.Errorf("put document %s: %w", d.ID, err)
	}
	return nil
}

// nullDate stores the zero time as NULL: an open end, not year 1.
func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

var _ entente.EventDeduplicator = (*tx)(nil)

// DropKnownEvents deletes this source's events whose ids other sources
// already hold, in one set operation rather than one look-up per event.
func (t *tx) DropKnownEvents(ctx context.Context, source string) (int64, error) {
	if err := t.flush(); err != nil {
		return 0, err
	}
	res, err := t.conn.ExecContext(ctx, `DELETE FROM events WHERE ev_source = ? AND id IN (SELECT id FROM events WHERE ev_source <> ?)`, source, source)
	if err != nil {
		return 0, fmt.Errorf("drop known events of %s: %w", source, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("drop known events of %s: %w", source, err)
	}
	return n, nil
}

package duckdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"entente"
)

// querier is what both *sql.DB and *sql.Conn offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader implements entente.Reader over a database or a transaction's
// connection. Inside a transaction, flush makes appended rows visible first.
type reader struct {
	q     querier
	flush func() error
}

func (r reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if r.flush != nil {
		if err := r.flush(); err != nil {
			return nil, err
		}
	}
	return r.q.QueryContext(ctx, query, args...)
}

// where collects SQL conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) in(column string, values []string) {
	if len(values) == 0 {
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(values)), ",")
	w.conds = append(w.conds, column+" IN ("+marks+")")
	for _, v := range values {
		w.args = append(w.args, v)
	}
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func timeOf(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

const sourceColumns = `id, dataset, release, title, publisher, licence, citation, url, file, checksum, rows, cov_from, cov_to, curated, imported`

func scanSource(sc interface{ Scan(...any) error }) (entente.Source, error) {
	var s entente.Source
	var from, to sql.NullTime
	err := sc.Scan(&s.ID, &s.Dataset, &s.Release, &s.Title, &s.Publisher, &s.Licence, &s.Citation, &s.URL, &s.File,
		&s.Checksum, &s.Rows, &from, &to, &s.Curated, &s.Imported)
	s.Coverage = entente.Period{From: timeOf(from), To: timeOf(to)}
	s.Imported = s.Imported.UTC()
	return s, err
}

func (r reader) Sources(ctx context.Context) ([]entente.Source, error) {
	rows, err := r.query(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	var out []entente.Source
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("sources: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (r reader) Source(ctx context.Context, id string) (entente.Source, error) {
	rows, err := r.query(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = ?`, id)
	if err != nil {
		return entente.Source{}, fmt.Errorf("source %s: %w", id, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return entente.Source{}, fmt.Errorf("source %s: %w", id, err)
		}
		return entente.Source{}, fmt.Errorf("source %s: %w", id, entente.ErrNotFound)
	}
	s, err := scanSource(rows)
	if err != nil {
		return entente.Source{}, fmt.Errorf("source %s: %w", id, err)
	}
	return s, nil
}

func (r reader) RegistryVersion(ctx context.Context) (string, error) {
	rows, err := r.query(ctx, `SELECT version FROM registry_meta LIMIT 1`)
	if err != nil {
		return "", fmt.Errorf("registry version: %w", err)
	}
	defer rows.Close()
	var v string
	if rows.Next() {
		if err := rows.Scan(&v); err != nil {
			return "", fmt.Errorf("registry version: %w", err)
		}
	}
	return v, rows.Err()
}

func (r reader) Actors(ctx context.Context) ([]entente.Actor, error) {
	rows, err := r.query(ctx, `SELECT doc FROM actors ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	defer rows.Close()
	var out []entente.Actor
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("actors: %w", err)
		}
		var a entente.Actor
		if err := json.Unmarshal([]byte(doc), &a); err != nil {
			return nil, fmt.Errorf("actors: decode: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (r reader) Memberships(ctx context.Context, f entente.MembershipFilter) ([]entente.Membership, error) {
	var w where
	if f.Group != "" {
		w.add("grp = ?", f.Group)
	}
	if f.Member != "" {
		w.add("member = ?", f.Member)
	}
	if !f.On.IsZero() {
		w.add("(p_from IS NULL OR p_from <= ?) AND (p_to IS NULL OR p_to >= ?)", f.On, f.On)
	}
	rows, err := r.query(ctx, `SELECT grp, member, status, p_from, p_to, note FROM memberships`+w.String()+` ORDER BY grp, member, p_from NULLS FIRST`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("memberships: %w", err)
	}
	defer rows.Close()
	var out []entente.Membership
	for rows.Next() {
		var m entente.Membership
		var from, to sql.NullTime
		if err := rows.Scan(&m.Group, &m.Member, &m.Status, &from, &to, &m.Note); err != nil {
			return nil, fmt.Errorf("memberships: %w", err)
		}
		m.Period = entente.Period{From: timeOf(from), To: timeOf(to)}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (r reader) RollCalls(ctx context.Context, f entente.RollCallFilter) ([]entente.RollCall, error) {
	var w where
	if !f.From.IsZero() {
		w.add("date >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("date < ?", f.To)
	}
	if f.Session != 0 {
		w.add("session = ?", f.Session)
	}
	if f.Resolution != "" {
		w.add("resolution = ?", f.Resolution)
	}
	w.in("id", f.IDs)
	// Rows sharing an ID are one roll call recorded by several sources;
	// the one stored first leads (rowid), the others add their evidence.
	rows, err := r.query(ctx, `SELECT id, session, date, resolution, short, title, issues, important, amendment, paragraph, ev_source, ev_file, ev_line, coalesce(meta, '{}')
		FROM rollcalls`+w.String()+` ORDER BY date NULLS FIRST, id, rowid`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("roll calls: %w", err)
	}
	defer rows.Close()
	var out []entente.RollCall
	for rows.Next() {
		var rc entente.RollCall
		var date sql.NullTime
		var issues, meta string
		if err := rows.Scan(&rc.ID, &rc.Session, &date, &rc.Resolution, &rc.Short, &rc.Title, &issues, &rc.Important,
			&rc.Amendment, &rc.Paragraph, &rc.Evidence.Source, &rc.Evidence.File, &rc.Evidence.Line, &meta); err != nil {
			return nil, fmt.Errorf("roll calls: %w", err)
		}
		rc.Date = timeOf(date)
		if err := json.Unmarshal([]byte(issues), &rc.Issues); err != nil {
			return nil, fmt.Errorf("roll calls: issues of %s: %w", rc.ID, err)
		}
		if err := rc.SetMetaJSON([]byte(meta)); err != nil {
			return nil, fmt.Errorf("roll calls: meta of %s: %w", rc.ID, err)
		}
		out = append(out, rc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("roll calls: %w", err)
	}
	return entente.MergeRollCalls(out), nil
}

func (r reader) Votes(ctx context.Context, f entente.VoteFilter) ([]entente.Vote, error) {
	var w where
	w.in("v.rollcall", f.RollCalls)
	w.in("v.country", f.Countries)
	join := ""
	if !f.From.IsZero() || !f.To.IsZero() {
		// DISTINCT: a roll call recorded by two sources has two rows.
		join = " JOIN (SELECT DISTINCT id, date FROM rollcalls) r ON r.id = v.rollcall"
		if !f.From.IsZero() {
			w.add("r.date >= ?", f.From)
		}
		if !f.To.IsZero() {
			w.add("r.date < ?", f.To)
		}
	}
	rows, err := r.query(ctx, `SELECT v.rollcall, v.country, v.choice, v.ev_source, v.ev_file, v.ev_line FROM votes v`+join+w.String()+` ORDER BY v.rollcall, v.country`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("votes: %w", err)
	}
	defer rows.Close()
	var out []entente.Vote
	for rows.Next() {
		var v entente.Vote
		var choice string
		if err := rows.Scan(&v.RollCall, &v.Country, &choice, &v.Evidence.Source, &v.Evidence.File, &v.Evidence.Line); err != nil {
			return nil, fmt.Errorf("votes: %w", err)
		}
		v.Choice = entente.VoteChoice(choice)
		out = append(out, v)
	}
	return out, rows.Err()
}

func (r reader) Ties(ctx context.Context, f entente.TieFilter) ([]entente.Tie, error) {
	var w where
	if f.KindPrefix != "" {
		w.add("starts_with(kind, ?)", f.KindPrefix)
	}
	switch {
	case f.Either && f.A != "" && f.B != "":
		w.add("((a = ? AND b = ?) OR (a = ? AND b = ?))", f.A, f.B, f.B, f.A)
	case f.Either && f.A != "":
		w.add("(a = ? OR b = ?)", f.A, f.A)
	default:
		if f.A != "" {
			w.add("a = ?", f.A)
		}
		if f.B != "" {
			w.add("b = ?", f.B)
		}
	}
	if f.FromYear != 0 {
		w.add("(year >= ? OR (year = 0 AND (p_to IS NULL OR year(p_to) >= ?)))", f.FromYear, f.FromYear)
	}
	if f.ToYear != 0 {
		w.add("(year <= ? AND (year <> 0 OR p_from IS NULL OR year(p_from) <= ?))", f.ToYear, f.ToYear)
	}
	if f.Source != "" {
		w.add("ev_source = ?", f.Source)
	}
	q := `SELECT kind, a, b, p_from, p_to, year, value, unit, attrs, ev_source, ev_file, ev_line, ev_document, ev_start, ev_end, ev_text
		FROM ties` + w.String() + ` ORDER BY kind, a, b, p_from NULLS FIRST, year`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := r.query(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("ties: %w", err)
	}
	defer rows.Close()
	var out blocks[entente.Tie]
	for rows.Next() {
		var t entente.Tie
		var kind, attrs string
		var from, to sql.NullTime
		ev := &t.Evidence
		if err := rows.Scan(&kind, &t.A, &t.B, &from, &to, &t.Year, &t.Value, &t.Unit, &attrs, &ev.Source, &ev.File, &ev.Line,
			&ev.Document, &ev.Start, &ev.End, &ev.Text); err != nil {
			return nil, fmt.Errorf("ties: %w", err)
		}
		t.Kind = entente.TieKind(kind)
		t.Period = entente.Period{From: timeOf(from), To: timeOf(to)}
		if attrs != "{}" && attrs != "" {
			if err := json.Unmarshal([]byte(attrs), &t.Attrs); err != nil {
				return nil, fmt.Errorf("ties: attrs: %w", err)
			}
		}
		out.add(t)
	}
	return out.join(), rows.Err()
}

// blocks gathers a query's rows in blocks of fixed size and joins them
// once at the end. A Tie is some 250 bytes and the full store holds
// hundreds of thousands of them: appended one by one to a single slice,
// which Go grows by a quarter at that size, each row was copied many
// times over (1.5 s of a cold prediction).
type blocks[T any] struct {
	full [][]T
	cur  []T
	n    int
}

const blockRows = 4096

func (b *blocks[T]) add(v T) {
	if len(b.cur) == cap(b.cur) {
		if b.cur != nil {
			b.full = append(b.full, b.cur)
		}
		b.cur = make([]T, 0, blockRows)
	}
	b.cur = append(b.cur, v)
	b.n++
}

// join returns the rows in the order they were added (nil when none).
func (b *blocks[T]) join() []T {
	if b.n == 0 {
		return nil
	}
	out := make([]T, 0, b.n)
	for _, f := range b.full {
		out = append(out, f...)
	}
	return append(out, b.cur...)
}

func (r reader) Events(ctx context.Context, f entente.EventFilter) ([]entente.Event, error) {
	w := eventWhere(f)
	q := `SELECT id, date, src_code, src_country, src_text, tgt_code, tgt_country, tgt_text, cameo, plover, goldstein, negated,
		modality, quantities, confidence, mentions, tone, ev_source, ev_file, ev_line, ev_document, ev_start, ev_end, ev_text
		FROM events` + w.String() + ` ORDER BY date NULLS FIRST, id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := r.query(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	var out []entente.Event
	index := map[string]int{}
	for rows.Next() {
		var e entente.Event
		var date sql.NullTime
		var modality, quantities string
		var ev entente.Evidence
		if err := rows.Scan(&e.ID, &date, &e.Source.Code, &e.Source.Country, &e.Source.Text, &e.Target.Code, &e.Target.Country,
			&e.Target.Text, &e.CAMEO, &e.PLOVER, &e.Goldstein, &e.Negated, &modality, &quantities, &e.Confidence, &e.Mentions,
			&e.Tone, &ev.Source, &ev.File, &ev.Line, &ev.Document, &ev.Start, &ev.End, &ev.Text); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		e.Date = timeOf(date)
		e.Modality = entente.Modality(modality)
		if quantities != "[]" && quantities != "" {
			if err := json.Unmarshal([]byte(quantities), &e.Quantities); err != nil {
				return nil, fmt.Errorf("events: quantities: %w", err)
			}
		}
		e.Evidence = []entente.Evidence{ev}
		index[e.ID] = len(out)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	// Attach further evidence for the events returned. The set is small
	// (a page of events), so one IN query is enough.
	ids := make([]string, 0, len(out))
	for _, e := range out {
		ids = append(ids, e.ID)
	}
	var xw where
	xw.in("event_id", ids)
	xrows, err := r.query(ctx, `SELECT event_id, ev_source, ev_file, ev_line, ev_document, ev_start, ev_end, ev_text FROM event_evidence`+xw.String()+` ORDER BY event_id, ev_document, ev_start`, xw.args...)
	if err != nil {
		return nil, fmt.Errorf("events: evidence: %w", err)
	}
	defer xrows.Close()
	for xrows.Next() {
		var id string
		var ev entente.Evidence
		if err := xrows.Scan(&id, &ev.Source, &ev.File, &ev.Line, &ev.Document, &ev.Start, &ev.End, &ev.Text); err != nil {
			return nil, fmt.Errorf("events: evidence: %w", err)
		}
		if i, ok := index[id]; ok {
			out[i].Evidence = append(out[i].Evidence, ev)
		}
	}
	if err := xrows.Err(); err != nil {
		return nil, fmt.Errorf("events: evidence: %w", err)
	}
	xrows.Close()
	// The provenance of the events coded by an adjudicator.
	prows, err := r.query(ctx, `SELECT event_id, provenance FROM event_provenance`+xw.String()+` ORDER BY event_id`, xw.args...)
	if err != nil {
		return nil, fmt.Errorf("events: provenance: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var id, prov string
		if err := prows.Scan(&id, &prov); err != nil {
			return nil, fmt.Errorf("events: provenance: %w", err)
		}
		if i, ok := index[id]; ok {
			out[i].Provenance = prov
		}
	}
	return out, prows.Err()
}

const documentColumns = `id, title, author, publisher, date, url, checksum, text, duplicate_of`

func scanDocument(sc interface{ Scan(...any) error }) (entente.Document, error) {
	var d entente.Document
	var date sql.NullTime
	err := sc.Scan(&d.ID, &d.Title, &d.Author, &d.Publisher, &date, &d.URL, &d.Checksum, &d.Text, &d.DuplicateOf)
	d.Date = timeOf(date)
	return d, err
}

func (r reader) Document(ctx context.Context, id string) (entente.Document, error) {
	rows, err := r.query(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = ?`, id)
	if err != nil {
		return entente.Document{}, fmt.Errorf("document %s: %w", id, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return entente.Document{}, fmt.Errorf("document %s: %w", id, err)
		}
		return entente.Document{}, fmt.Errorf("document %s: %w", id, entente.ErrNotFound)
	}
	d, err := scanDocument(rows)
	if err != nil {
		return entente.Document{}, fmt.Errorf("document %s: %w", id, err)
	}
	return d, nil
}

func (r reader) Documents(ctx context.Context) ([]entente.Document, error) {
	rows, err := r.query(ctx, `SELECT `+documentColumns+` FROM documents ORDER BY date NULLS FIRST, id`)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	defer rows.Close()
	var out []entente.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (r reader) CountRows(ctx context.Context, sourceID string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, st := range sourceTables {
		rows, err := r.query(ctx, `SELECT count(*) FROM `+st.table+` WHERE `+st.column+` = ?`, sourceID)
		if err != nil {
			return nil, fmt.Errorf("count rows: %w", err)
		}
		var n int64
		if rows.Next() {
			err = rows.Scan(&n)
		}
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("count rows: %w", err)
		}
		if n > 0 {
			out[st.table] = n
		}
	}
	return out, nil
}

func (r reader) SummarizeEvents(ctx context.Context, f entente.EventFilter) ([]entente.EventSummary, error) {
	w := eventWhere(f)
	rows, err := r.query(ctx, `SELECT coalesce(year(date), 0) AS y, src_country, tgt_country, plover, negated,
		count(*), sum(goldstein), sum(mentions)::BIGINT
		FROM events`+w.String()+` GROUP BY ALL ORDER BY y, src_country, tgt_country, plover, negated`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("summarize events: %w", err)
	}
	defer rows.Close()
	var out []entente.EventSummary
	for rows.Next() {
		var s entente.EventSummary
		if err := rows.Scan(&s.Year, &s.SourceCountry, &s.TargetCountry, &s.PLOVER, &s.Negated, &s.Events, &s.GoldsteinSum, &s.Mentions); err != nil {
			return nil, fmt.Errorf("summarize events: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// eventWhere turns an event filter into SQL conditions.
func eventWhere(f entente.EventFilter) where {
	var w where
	if f.SourceCountry != "" {
		w.add("src_country = ?", f.SourceCountry)
	}
	if f.TargetCountry != "" {
		w.add("tgt_country = ?", f.TargetCountry)
	}
	if !f.From.IsZero() {
		w.add("date >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("date < ?", f.To)
	}
	if f.CAMEOPrefix != "" {
		w.add("starts_with(cameo, ?)", f.CAMEOPrefix)
	}
	return w
}

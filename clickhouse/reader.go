package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"entente"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// reader implements entente.Reader on the first server. Values are written
// into the SQL as literals (quote) rather than bound by the driver, whose
// binding of times differs between server versions.
type reader struct {
	db      string
	conn    driver.Conn
	cluster bool
	tx      *tx // set inside an update: its own rows are visible too
}

// table returns the name to read a table through: the Distributed twin of
// a bulk table on a cluster, else the table itself.
func (r reader) table(name string) string {
	if r.cluster && distributed[name] {
		return r.db + "." + name + "_d"
	}
	return r.db + "." + name
}

// live is the set of committed (key, update id) pairs whose rows are
// visible: written by a committed update and not deleted by a later one.
func (r reader) live() string {
	return fmt.Sprintf(`SELECT source, tx FROM %[1]s.txlog ANY LEFT JOIN (SELECT source, max(tx) AS dead FROM %[1]s.txlog WHERE op = 'd' GROUP BY source) USING source WHERE op = 'w' AND tx >= dead`, r.db)
}

// visible is the SQL condition that keeps a table's visible rows. Inside an
// update it adds the update's own live rows and drops the committed rows of
// the keys it deleted.
func (r reader) visible(table string) string {
	key := visibilityKey[table]
	in := "IN"
	if r.cluster && distributed[table] {
		// The commit log lives on the first server: GLOBAL ships the set
		// to the shards instead of having each read its own (empty) log.
		in = "GLOBAL IN"
	}
	cond := fmt.Sprintf("(%s, tx) %s {live}", key, in)
	if r.tx == nil {
		return cond
	}
	if len(r.tx.deletes) > 0 {
		cond += " AND " + key + " NOT IN " + quoteList(sortedKeys(r.tx.deletes))
	}
	if len(r.tx.pending) > 0 {
		var tuples []string
		for p := range r.tx.pending {
			tuples = append(tuples, fmt.Sprintf("(%s, %d)", quote(p.key), p.id))
		}
		sort.Strings(tuples)
		if len(tuples) == 1 {
			// A lone parenthesised tuple would be read as a list of
			// scalars; repeating it keeps it a set of tuples.
			tuples = append(tuples, tuples[0])
		}
		cond = fmt.Sprintf("((%s) OR (%s, tx) IN (%s))", cond, key, strings.Join(tuples, ", "))
	}
	return "(" + cond + ")"
}

func (r reader) query(ctx context.Context, q string) (driver.Rows, error) {
	if r.tx != nil {
		if err := r.tx.flush(ctx); err != nil {
			return nil, err
		}
	}
	if strings.Contains(q, "{live}") {
		live, literal, err := r.liveList(ctx)
		if err != nil {
			return nil, err
		}
		if literal {
			// GLOBAL applies to subqueries only; a literal set goes to
			// the shards with the query anyway.
			q = strings.ReplaceAll(q, "GLOBAL IN {live}", "IN {live}")
		}
		q = strings.ReplaceAll(q, "{live}", live)
	}
	return r.conn.Query(ctx, q)
}

// maxLiteralPairs bounds the commit-log pairs written into a query as
// literals; ClickHouse caps a query's text at 256 KiB by default. Tests
// lower it to run the contract on the subquery form.
var maxLiteralPairs = 2000

// liveList reads the live pairs and renders them as a literal set, which
// ClickHouse builds faster than it runs the commit-log join inside every
// query (a dyad timeline took 1.5 to 6 times as long as the bare SQL with
// the join inside). Past maxLiteralPairs it returns the join as a
// subquery (literal false), which the shards must get through GLOBAL IN.
func (r reader) liveList(ctx context.Context) (set string, literal bool, err error) {
	rows, err := r.conn.Query(ctx, r.live()+fmt.Sprintf(" LIMIT %d", maxLiteralPairs+1))
	if err != nil {
		return "", false, fmt.Errorf("commit log: %w", err)
	}
	defer rows.Close()
	var tuples []string
	for rows.Next() {
		var key string
		var id uint64
		if err := rows.Scan(&key, &id); err != nil {
			return "", false, fmt.Errorf("commit log: %w", err)
		}
		tuples = append(tuples, fmt.Sprintf("(%s, %d)", quote(key), id))
	}
	if err := rows.Err(); err != nil {
		return "", false, fmt.Errorf("commit log: %w", err)
	}
	switch {
	case len(tuples) > maxLiteralPairs:
		return "(" + r.live() + ")", false, nil
	case len(tuples) == 0:
		// Nothing is committed; a pair no row has keeps the syntax.
		tuples = []string{"('', 0)"}
	}
	if len(tuples) == 1 {
		tuples = append(tuples, tuples[0])
	}
	return "(" + strings.Join(tuples, ", ") + ")", true, nil
}

// conds joins SQL conditions with AND.
type conds []string

func (c *conds) add(format string, args ...any) { *c = append(*c, fmt.Sprintf(format, args...)) }

func (c conds) String() string { return " WHERE " + strings.Join(c, " AND ") }

func lit(n int32) string { return strconv.Itoa(int(n)) }

// prefixCond matches values of column starting with p; substring counts
// bytes, as len does, and works on every server version.
func prefixCond(column, p string) string {
	return fmt.Sprintf("substring(%s, 1, %d) = %s", column, len(p), quote(p))
}

const sourceColumns = `id, dataset, release, title, publisher, licence, citation, url, file, checksum, rows, cov_from, cov_to, curated, imported`

func scanSource(rows driver.Rows) (entente.Source, error) {
	var s entente.Source
	var from, to int32
	var curated uint8
	var imported int64
	err := rows.Scan(&s.ID, &s.Dataset, &s.Release, &s.Title, &s.Publisher, &s.Licence, &s.Citation, &s.URL, &s.File,
		&s.Checksum, &s.Rows, &from, &to, &curated, &imported)
	s.Coverage = entente.Period{From: dayOf(from), To: dayOf(to)}
	s.Curated = curated == 1
	s.Imported = timeOfMicros(imported)
	return s, err
}

func (r reader) sources(ctx context.Context, where conds) ([]entente.Source, error) {
	where = append(where, r.visible("sources"))
	rows, err := r.query(ctx, `SELECT `+sourceColumns+` FROM `+r.table("sources")+where.String()+` ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []entente.Source
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (r reader) Sources(ctx context.Context) ([]entente.Source, error) {
	out, err := r.sources(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

func (r reader) Source(ctx context.Context, id string) (entente.Source, error) {
	out, err := r.sources(ctx, conds{"id = " + quote(id)})
	if err != nil {
		return entente.Source{}, fmt.Errorf("source %s: %w", id, err)
	}
	if len(out) == 0 {
		return entente.Source{}, fmt.Errorf("source %s: %w", id, entente.ErrNotFound)
	}
	return out[0], nil
}

func (r reader) RegistryVersion(ctx context.Context) (string, error) {
	rows, err := r.query(ctx, `SELECT version FROM `+r.table("registry_meta")+` WHERE `+r.visible("registry_meta")+` LIMIT 1`)
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
	rows, err := r.query(ctx, `SELECT doc FROM `+r.table("actors")+` WHERE `+r.visible("actors")+` ORDER BY code`)
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
	w := conds{r.visible("memberships")}
	if f.Group != "" {
		w.add("grp = %s", quote(f.Group))
	}
	if f.Member != "" {
		w.add("member = %s", quote(f.Member))
	}
	if !f.On.IsZero() {
		on := lit(ymd(f.On))
		w.add("(p_from = 0 OR p_from <= %s) AND (p_to = 0 OR p_to >= %s)", on, on)
	}
	rows, err := r.query(ctx, `SELECT grp, member, status, p_from, p_to, note FROM `+r.table("memberships")+w.String()+` ORDER BY grp, member, p_from`)
	if err != nil {
		return nil, fmt.Errorf("memberships: %w", err)
	}
	defer rows.Close()
	var out []entente.Membership
	for rows.Next() {
		var m entente.Membership
		var from, to int32
		if err := rows.Scan(&m.Group, &m.Member, &m.Status, &from, &to, &m.Note); err != nil {
			return nil, fmt.Errorf("memberships: %w", err)
		}
		m.Period = entente.Period{From: dayOf(from), To: dayOf(to)}
		out = append(out, m)
	}
	return out, rows.Err()
}

// dateWindow adds [from, to) on a YYYYMMDD column. An undated row (0)
// matches no bound, as NULL does in SQL.
func dateWindow(w *conds, column string, from, to time.Time) {
	if !from.IsZero() {
		w.add("%s >= %s", column, lit(ymd(from)))
	}
	if !to.IsZero() {
		w.add("%s <> 0 AND %s < %s", column, column, lit(ymd(to)))
	}
}

func (r reader) RollCalls(ctx context.Context, f entente.RollCallFilter) ([]entente.RollCall, error) {
	w := conds{r.visible("rollcalls")}
	dateWindow(&w, "date", f.From, f.To)
	if f.Session != 0 {
		w.add("session = %d", f.Session)
	}
	if f.Resolution != "" {
		w.add("resolution = %s", quote(f.Resolution))
	}
	if len(f.IDs) > 0 {
		w.add("id IN %s", quoteList(f.IDs))
	}
	// Rows sharing an ID are one roll call recorded by several sources;
	// the one stored first (lowest update id) leads, the others add their
	// evidence.
	rows, err := r.query(ctx, `SELECT id, session, date, resolution, short, title, issues, important, amendment, paragraph, ev_source, ev_file, ev_line, meta
		FROM `+r.table("rollcalls")+w.String()+` ORDER BY date, id, tx, ev_source, ev_line`)
	if err != nil {
		return nil, fmt.Errorf("roll calls: %w", err)
	}
	defer rows.Close()
	var out []entente.RollCall
	for rows.Next() {
		var rc entente.RollCall
		var session, date int32
		var issues, meta string
		var important, amendment, paragraph uint8
		if err := rows.Scan(&rc.ID, &session, &date, &rc.Resolution, &rc.Short, &rc.Title, &issues, &important,
			&amendment, &paragraph, &rc.Evidence.Source, &rc.Evidence.File, &rc.Evidence.Line, &meta); err != nil {
			return nil, fmt.Errorf("roll calls: %w", err)
		}
		rc.Session, rc.Date = int(session), dayOf(date)
		rc.Important, rc.Amendment, rc.Paragraph = important == 1, amendment == 1, paragraph == 1
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

// rollCallsIn is a subquery of the ids of visible roll calls dated in
// [from, to), for filtering votes by date.
func (r reader) rollCallsIn(from, to time.Time) string {
	w := conds{r.visible("rollcalls")}
	dateWindow(&w, "date", from, to)
	in := "IN"
	if r.cluster {
		in = "GLOBAL IN"
	}
	return fmt.Sprintf("rollcall %s (SELECT id FROM %s%s)", in, r.table("rollcalls"), w.String())
}

func (r reader) Votes(ctx context.Context, f entente.VoteFilter) ([]entente.Vote, error) {
	w := conds{r.visible("votes")}
	if len(f.RollCalls) > 0 {
		w.add("rollcall IN %s", quoteList(f.RollCalls))
	}
	if len(f.Countries) > 0 {
		w.add("country IN %s", quoteList(f.Countries))
	}
	if !f.From.IsZero() || !f.To.IsZero() {
		w = append(w, r.rollCallsIn(f.From, f.To))
	}
	rows, err := r.query(ctx, `SELECT rollcall, country, choice, ev_source, ev_file, ev_line FROM `+r.table("votes")+w.String()+` ORDER BY rollcall, country`)
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
	w := conds{r.visible("ties")}
	if f.KindPrefix != "" {
		w = append(w, prefixCond("kind", f.KindPrefix))
	}
	a, b := quote(f.A), quote(f.B)
	switch {
	case f.Either && f.A != "" && f.B != "":
		w.add("((a = %s AND b = %s) OR (a = %s AND b = %s))", a, b, b, a)
	case f.Either && f.A != "":
		w.add("(a = %s OR b = %s)", a, a)
	default:
		if f.A != "" {
			w.add("a = %s", a)
		}
		if f.B != "" {
			w.add("b = %s", b)
		}
	}
	// A tie without a year is dated by its period; open ends are 0.
	if f.FromYear != 0 {
		w.add("(year >= %[1]d OR (year = 0 AND (p_to = 0 OR intDiv(p_to, 10000) >= %[1]d)))", f.FromYear)
	}
	if f.ToYear != 0 {
		w.add("(year <= %[1]d AND (year <> 0 OR p_from = 0 OR intDiv(p_from, 10000) <= %[1]d))", f.ToYear)
	}
	if f.Source != "" {
		w.add("ev_source = %s", quote(f.Source))
	}
	q := `SELECT kind, a, b, p_from, p_to, year, value, unit, attrs, ev_source, ev_file, ev_line, ev_document, ev_start, ev_end, ev_text
		FROM ` + r.table("ties") + w.String() + ` ORDER BY kind, a, b, p_from, year`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := r.query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("ties: %w", err)
	}
	defer rows.Close()
	var out []entente.Tie
	for rows.Next() {
		var t entente.Tie
		var kind, attrs string
		var from, to, year, start, end int32
		ev := &t.Evidence
		if err := rows.Scan(&kind, &t.A, &t.B, &from, &to, &year, &t.Value, &t.Unit, &attrs, &ev.Source, &ev.File, &ev.Line,
			&ev.Document, &start, &end, &ev.Text); err != nil {
			return nil, fmt.Errorf("ties: %w", err)
		}
		t.Kind = entente.TieKind(kind)
		t.Period = entente.Period{From: dayOf(from), To: dayOf(to)}
		t.Year, ev.Start, ev.End = int(year), int(start), int(end)
		if attrs != "{}" && attrs != "" {
			if err := json.Unmarshal([]byte(attrs), &t.Attrs); err != nil {
				return nil, fmt.Errorf("ties: attrs: %w", err)
			}
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// eventWhere turns an event filter into SQL: the filter's own conditions
// go to PREWHERE, so that ClickHouse narrows the rows by them (the dyad is
// the table's sort key) before it reads the columns the commit-log
// visibility test needs; left to itself, 18.16 may move that test to
// PREWHERE instead and read a dyad timeline several times slower.
func (r reader) eventWhere(f entente.EventFilter) string {
	var pre conds
	if f.SourceCountry != "" {
		pre.add("src_country = %s", quote(f.SourceCountry))
	}
	if f.TargetCountry != "" {
		pre.add("tgt_country = %s", quote(f.TargetCountry))
	}
	dateWindow(&pre, "date", f.From, f.To)
	if f.CAMEOPrefix != "" {
		pre = append(pre, prefixCond("cameo", f.CAMEOPrefix))
	}
	q := ""
	if len(pre) > 0 {
		q = " PREWHERE " + strings.Join(pre, " AND ")
	}
	return q + " WHERE " + r.visible("events")
}

func (r reader) Events(ctx context.Context, f entente.EventFilter) ([]entente.Event, error) {
	q := `SELECT id, date, src_code, src_country, src_text, tgt_code, tgt_country, tgt_text, cameo, plover, goldstein, negated,
		modality, quantities, confidence, mentions, tone, ev_source, ev_file, ev_line, ev_document, ev_start, ev_end, ev_text
		FROM ` + r.table("events") + r.eventWhere(f) + ` ORDER BY date, id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := r.query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	var out []entente.Event
	index := map[string]int{}
	for rows.Next() {
		var e entente.Event
		var date, mentions, start, end int32
		var negated uint8
		var modality, quantities string
		var ev entente.Evidence
		if err := rows.Scan(&e.ID, &date, &e.Source.Code, &e.Source.Country, &e.Source.Text, &e.Target.Code, &e.Target.Country,
			&e.Target.Text, &e.CAMEO, &e.PLOVER, &e.Goldstein, &negated, &modality, &quantities, &e.Confidence, &mentions,
			&e.Tone, &ev.Source, &ev.File, &ev.Line, &ev.Document, &start, &end, &ev.Text); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		e.Date, e.Negated, e.Mentions = dayOf(date), negated == 1, int(mentions)
		ev.Start, ev.End = int(start), int(end)
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
	// Further evidence for the events returned: a page of events, so one
	// IN list is enough.
	ids := make([]string, 0, len(out))
	for _, e := range out {
		ids = append(ids, e.ID)
	}
	xw := conds{r.visible("event_evidence"), "event_id IN " + quoteList(ids)}
	xrows, err := r.query(ctx, `SELECT event_id, ev_source, ev_file, ev_line, ev_document, ev_start, ev_end, ev_text FROM `+
		r.table("event_evidence")+xw.String()+` ORDER BY event_id, ev_document, ev_start`)
	if err != nil {
		return nil, fmt.Errorf("events: evidence: %w", err)
	}
	defer xrows.Close()
	for xrows.Next() {
		var id string
		var ev entente.Evidence
		var start, end int32
		if err := xrows.Scan(&id, &ev.Source, &ev.File, &ev.Line, &ev.Document, &start, &end, &ev.Text); err != nil {
			return nil, fmt.Errorf("events: evidence: %w", err)
		}
		ev.Start, ev.End = int(start), int(end)
		if i, ok := index[id]; ok {
			out[i].Evidence = append(out[i].Evidence, ev)
		}
	}
	if err := xrows.Err(); err != nil {
		return nil, fmt.Errorf("events: evidence: %w", err)
	}
	xrows.Close()
	// The provenance of the events coded by an adjudicator.
	pw := conds{r.visible("event_provenance"), "event_id IN " + quoteList(ids)}
	prows, err := r.query(ctx, `SELECT event_id, provenance FROM `+r.table("event_provenance")+pw.String()+` ORDER BY event_id`)
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

func (r reader) SummarizeEvents(ctx context.Context, f entente.EventFilter) ([]entente.EventSummary, error) {
	rows, err := r.query(ctx, `SELECT toInt32(intDiv(date, 10000)) AS y, src_country, tgt_country, plover, negated,
		toInt64(count()), sum(goldstein), toInt64(sum(mentions))
		FROM `+r.table("events")+r.eventWhere(f)+` GROUP BY y, src_country, tgt_country, plover, negated
		ORDER BY y, src_country, tgt_country, plover, negated`)
	if err != nil {
		return nil, fmt.Errorf("summarize events: %w", err)
	}
	defer rows.Close()
	var out []entente.EventSummary
	for rows.Next() {
		var s entente.EventSummary
		var year int32
		var negated uint8
		if err := rows.Scan(&year, &s.SourceCountry, &s.TargetCountry, &s.PLOVER, &negated, &s.Events, &s.GoldsteinSum, &s.Mentions); err != nil {
			return nil, fmt.Errorf("summarize events: %w", err)
		}
		s.Year, s.Negated = int(year), negated == 1
		out = append(out, s)
	}
	return out, rows.Err()
}

const documentColumns = `id, title, author, publisher, date, url, checksum, text, duplicate_of`

// documents reads visible documents in date, id order. Two workers may
// store the same document at once; the first stored copy is the one kept.
func (r reader) documents(ctx context.Context, where conds) ([]entente.Document, error) {
	where = append(where, r.visible("documents"))
	rows, err := r.query(ctx, `SELECT `+documentColumns+` FROM `+r.table("documents")+where.String()+` ORDER BY date, id, tx`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []entente.Document
	for rows.Next() {
		var d entente.Document
		var date int32
		if err := rows.Scan(&d.ID, &d.Title, &d.Author, &d.Publisher, &date, &d.URL, &d.Checksum, &d.Text, &d.DuplicateOf); err != nil {
			return nil, err
		}
		d.Date = dayOf(date)
		if n := len(out); n > 0 && out[n-1].ID == d.ID {
			continue
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (r reader) Document(ctx context.Context, id string) (entente.Document, error) {
	out, err := r.documents(ctx, conds{"id = " + quote(id)})
	if err != nil {
		return entente.Document{}, fmt.Errorf("document %s: %w", id, err)
	}
	if len(out) == 0 {
		return entente.Document{}, fmt.Errorf("document %s: %w", id, entente.ErrNotFound)
	}
	return out[0], nil
}

func (r reader) Documents(ctx context.Context) ([]entente.Document, error) {
	out, err := r.documents(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	return out, nil
}

// countTables lists the tables whose rows cite a source, with the column
// that names it, under the names the DuckDB store reports.
var countTables = []struct{ table, column string }{
	{"rollcalls", "ev_source"},
	{"votes", "ev_source"},
	{"ties", "ev_source"},
	{"events", "ev_source"},
	{"event_evidence", "ev_source"},
	{"event_provenance", "ev_source"},
	{"documents", "source"},
}

func (r reader) CountRows(ctx context.Context, sourceID string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, st := range countTables {
		w := conds{r.visible(st.table), st.column + " = " + quote(sourceID)}
		rows, err := r.query(ctx, `SELECT toInt64(count()) FROM `+r.table(st.table)+w.String())
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

func (r reader) Artifact(ctx context.Context, kind, key string) (entente.Artifact, error) {
	w := conds{r.visible("artifacts"), "kind = " + quote(kind), "key = " + quote(key)}
	rows, err := r.query(ctx, `SELECT kind, key, created, body FROM `+r.table("artifacts")+w.String()+` ORDER BY tx DESC LIMIT 1`)
	if err != nil {
		return entente.Artifact{}, fmt.Errorf("artifact %s: %w", kind, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return entente.Artifact{}, fmt.Errorf("artifact %s: %w", kind, err)
		}
		return entente.Artifact{}, fmt.Errorf("artifact %s %s: %w", kind, key, entente.ErrNotFound)
	}
	var a entente.Artifact
	var created int64
	var body string
	if err := rows.Scan(&a.Kind, &a.Key, &created, &body); err != nil {
		return entente.Artifact{}, fmt.Errorf("artifact %s: %w", kind, err)
	}
	a.Created, a.Body = timeOfMicros(created), []byte(body)
	return a, nil
}

type storedArtifact struct {
	key     string
	created int64
}

// artifactsOf lists the visible artifacts of a kind, for pruning.
func (r reader) artifactsOf(ctx context.Context, kind string) ([]storedArtifact, error) {
	w := conds{r.visible("artifacts"), "kind = " + quote(kind)}
	rows, err := r.query(ctx, `SELECT key, created FROM `+r.table("artifacts")+w.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedArtifact
	for rows.Next() {
		var a storedArtifact
		if err := rows.Scan(&a.key, &a.created); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ScanVotes implements entente.BulkReader.
func (r reader) ScanVotes(ctx context.Context, from, to time.Time, fn func(rollcall, country string, choice entente.VoteChoice)) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("scan votes: %w", err)
	}
	if to.IsZero() {
		to = entente.Day(9999, 12, 31)
	}
	w := conds{r.visible("votes"), r.rollCallsIn(from, to)}
	rows, err := r.query(ctx, `SELECT rollcall, country, choice FROM `+r.table("votes")+w.String())
	if err != nil {
		return fmt.Errorf("scan votes: %w", err)
	}
	defer rows.Close()
	var rc, c, choice string
	for rows.Next() {
		if err := rows.Scan(&rc, &c, &choice); err != nil {
			return fmt.Errorf("scan votes: %w", err)
		}
		fn(rc, c, entente.VoteChoice(choice))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan votes: %w", err)
	}
	return ctx.Err()
}

// ScanTieValues implements entente.BulkReader.
func (r reader) ScanTieValues(ctx context.Context, kind entente.TieKind, fromYear, toYear int, fn func(a, b string, year int, value float64)) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("scan ties: %w", err)
	}
	if toYear == 0 {
		toYear = 1 << 30
	}
	w := conds{r.visible("ties"), "kind = " + quote(string(kind)), fmt.Sprintf("year >= %d AND year <= %d", fromYear, toYear)}
	rows, err := r.query(ctx, `SELECT a, b, year, value FROM `+r.table("ties")+w.String())
	if err != nil {
		return fmt.Errorf("scan ties: %w", err)
	}
	defer rows.Close()
	var a, b string
	var y int32
	var v float64
	for rows.Next() {
		if err := rows.Scan(&a, &b, &y, &v); err != nil {
			return fmt.Errorf("scan ties: %w", err)
		}
		fn(a, b, int(y), v)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan ties: %w", err)
	}
	return ctx.Err()
}

// ScanTradeFlows implements entente.TradeScanner; ClickHouse reads the
// attributes the trade precedence needs out of the JSON column.
func (r reader) ScanTradeFlows(ctx context.Context, fromYear, toYear int, fn func(entente.TradeRow)) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("scan trade: %w", err)
	}
	if toYear == 0 {
		toYear = 1 << 30
	}
	w := conds{r.visible("ties"), "kind = " + quote(string(entente.TieTradeFlow)), fmt.Sprintf("year >= %d AND year <= %d", fromYear, toYear)}
	// The attributes are compact JSON written by encoding/json, which the
	// visitParam functions read; JSONExtract* do not exist on Debian's
	// 18.16 server.
	rows, err := r.query(ctx, `SELECT a, b, year, value, ev_source, visitParamExtractString(attrs, 'reporter'),
		visitParamExtractString(attrs, 'mirror') = 'true', visitParamExtractString(attrs, 'estimate') = 'true' FROM `+r.table("ties")+w.String())
	if err != nil {
		return fmt.Errorf("scan trade: %w", err)
	}
	defer rows.Close()
	var t entente.TradeRow
	var y int32
	for rows.Next() {
		if err := rows.Scan(&t.A, &t.B, &y, &t.Value, &t.Source, &t.Reporter, &t.Mirror, &t.Estimate); err != nil {
			return fmt.Errorf("scan trade: %w", err)
		}
		t.Year = int(y)
		fn(t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan trade: %w", err)
	}
	return ctx.Err()
}

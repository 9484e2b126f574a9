package duckdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"
)

// Why this file exists: DuckDB 1.5.x replays a write-ahead log that was cut
// short by a crash in the middle of COMMIT, so an import killed at the wrong
// moment could leave its rows visible without its source row, or beside the
// rows of the release it was replacing. Transactions alone therefore do not
// make an import atomic. Every source records, in the same transaction, how
// many rows it wrote to each table; opening the store compares those counts
// with what is there and removes whatever a cut-short write left behind, so
// that each file is either wholly present or absent.

// uncheckedCounts marks sources stored before counts were recorded.
const uncheckedCounts = "unchecked"

// touch notes that this transaction wrote rows citing source id.
func (t *tx) touch(id string) {
	if id == t.last {
		return
	}
	if t.touched == nil {
		t.touched = map[string]bool{}
	}
	t.touched[id] = true
	t.last = id
}

// recordCounts stores, for every source this transaction touched and that
// exists at its end, the number of rows citing it in each table.
func (t *tx) recordCounts(ctx context.Context) error {
	if len(t.touched) == 0 {
		return nil
	}
	ids := make([]string, 0, len(t.touched))
	for id := range t.touched {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if err := t.flush(); err != nil {
		return err
	}
	counts := map[string]map[string]int64{}
	for _, id := range ids {
		counts[id] = map[string]int64{}
	}
	// The ids go in batches so that a folder of thousands of ingested
	// documents does not build one enormous IN list.
	const batch = 500
	for lo := 0; lo < len(ids); lo += batch {
		part := ids[lo:min(lo+batch, len(ids))]
		marks := strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		for _, st := range sourceTables {
			rows, err := t.conn.QueryContext(ctx, `SELECT `+st.column+`, count(*) FROM `+st.table+` WHERE `+st.column+` IN (`+marks+`) GROUP BY 1`, args...)
			if err != nil {
				return fmt.Errorf("count rows of %s: %w", st.table, err)
			}
			for rows.Next() {
				var id string
				var n int64
				if err := rows.Scan(&id, &n); err != nil {
					rows.Close()
					return fmt.Errorf("count rows of %s: %w", st.table, err)
				}
				counts[id][st.table] = n
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("count rows of %s: %w", st.table, err)
			}
		}
	}
	for _, id := range ids {
		doc, err := json.Marshal(counts[id])
		if err != nil {
			return fmt.Errorf("record counts of %s: %w", id, err)
		}
		if _, err := t.conn.ExecContext(ctx, `UPDATE sources SET counts = ? WHERE id = ?`, string(doc), id); err != nil {
			return fmt.Errorf("record counts of %s: %w", id, err)
		}
	}
	return nil
}

// Damage is what the integrity check found wrong with one source.
type Damage struct {
	// Source is the source id the rows cite.
	Source string
	// Reason says what is wrong, for the log.
	Reason string
}

// checkIntegrity compares the recorded counts of every source with the rows
// present. It returns the sources whose rows must go: those whose row is
// missing (orphan rows), whose counts were never recorded (the writing
// transaction did not finish) or whose counts differ.
func checkIntegrity(ctx context.Context, q querier) ([]Damage, error) {
	recorded := map[string]sql.NullString{}
	rows, err := q.QueryContext(ctx, `SELECT id, counts FROM sources`)
	if err != nil {
		return nil, fmt.Errorf("check store: %w", err)
	}
	for rows.Next() {
		var id string
		var c sql.NullString
		if err := rows.Scan(&id, &c); err != nil {
			rows.Close()
			return nil, fmt.Errorf("check store: %w", err)
		}
		recorded[id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check store: %w", err)
	}
	present := map[string]map[string]int64{}
	for _, st := range sourceTables {
		rows, err := q.QueryContext(ctx, `SELECT `+st.column+`, count(*) FROM `+st.table+` GROUP BY 1`)
		if err != nil {
			return nil, fmt.Errorf("check store: %w", err)
		}
		for rows.Next() {
			var id string
			var n int64
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("check store: %w", err)
			}
			if present[id] == nil {
				present[id] = map[string]int64{}
			}
			present[id][st.table] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("check store: %w", err)
		}
	}
	var out []Damage
	for id := range present {
		if _, ok := recorded[id]; !ok {
			out = append(out, Damage{Source: id, Reason: "rows without a source row"})
		}
	}
	for id, c := range recorded {
		switch {
		case !c.Valid:
			out = append(out, Damage{Source: id, Reason: "row counts never recorded: the write did not finish"})
			continue
		case c.String == uncheckedCounts:
			continue
		}
		want := map[string]int64{}
		if err := json.Unmarshal([]byte(c.String), &want); err != nil {
			out = append(out, Damage{Source: id, Reason: "unreadable row counts"})
			continue
		}
		for _, st := range sourceTables {
			if got := present[id][st.table]; got != want[st.table] {
				out = append(out, Damage{Source: id, Reason: fmt.Sprintf("%s holds %d rows, %d were written", st.table, got, want[st.table])})
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out, nil
}

// repair removes every row of the damaged sources, and their source rows,
// in one transaction: the files they came from read as not imported, and
// importing them again restores them.
func (s *Store) repair(ctx context.Context, damaged []Damage, log *slog.Logger) error {
	if len(damaged) == 0 {
		return nil
	}
	tx, err := s.h.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("repair store: %w", err)
	}
	for _, d := range damaged {
		for _, st := range sourceTables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+st.table+` WHERE `+st.column+` = ?`, d.Source); err != nil {
				tx.Rollback()
				return fmt.Errorf("repair store: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, d.Source); err != nil {
			tx.Rollback()
			return fmt.Errorf("repair store: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("repair store: %w", err)
	}
	for _, d := range damaged {
		log.Warn("removed the rows of an interrupted write; import the file again", "source", d.Source, "reason", d.Reason)
	}
	s.repaired = append(s.repaired, damaged...)
	return nil
}

// Repaired lists what opening the store removed because a write had been
// cut short (by a crash or kill); empty for a healthy store.
func (s *Store) Repaired() []Damage { return s.repaired }

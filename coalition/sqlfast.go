package coalition

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"entente"
)

// SQLFast reads votes and yearly tie values straight from the tables of the
// DuckDB store (package duckdb), without evidence columns, for loads of
// hundreds of thousands of rows. It depends on that store's schema (tables
// votes, rollcalls and ties); another store implements FastReader its own
// way or leaves it out, and Load falls back to entente.Reader.
type SQLFast struct{ DB *sql.DB }

// ScanVotes implements FastReader.
func (s SQLFast) ScanVotes(ctx context.Context, from, to time.Time, fn func(rollcall, country string, choice entente.VoteChoice)) error {
	q := `SELECT v.rollcall, v.country, v.choice FROM votes v JOIN rollcalls r ON r.id = v.rollcall WHERE r.date < ?`
	args := []any{to}
	if !from.IsZero() {
		q += ` AND r.date >= ?`
		args = append(args, from)
	}
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("scan votes: %w", err)
	}
	defer rows.Close()
	var rc, c, ch string
	for rows.Next() {
		if err := rows.Scan(&rc, &c, &ch); err != nil {
			return fmt.Errorf("scan votes: %w", err)
		}
		fn(rc, c, entente.VoteChoice(ch))
	}
	return rows.Err()
}

// ScanTieValues implements FastReader.
func (s SQLFast) ScanTieValues(ctx context.Context, kind entente.TieKind, fromYear, toYear int, fn func(a, b string, year int, value float64)) error {
	q := `SELECT a, b, year, value FROM ties WHERE kind = ? AND year >= ? AND year <= ?`
	if toYear == 0 {
		toYear = 1 << 30
	}
	rows, err := s.DB.QueryContext(ctx, q, string(kind), fromYear, toYear)
	if err != nil {
		return fmt.Errorf("scan ties: %w", err)
	}
	defer rows.Close()
	var a, b string
	var y int
	var v float64
	for rows.Next() {
		if err := rows.Scan(&a, &b, &y, &v); err != nil {
			return fmt.Errorf("scan ties: %w", err)
		}
		fn(a, b, y, v)
	}
	return rows.Err()
}

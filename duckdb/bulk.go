package duckdb

import (
	"context"
	"fmt"
	"time"

	"entente"
)

// The bulk reads skip the evidence columns and the Go structs of Votes and
// Ties: a coalition load reads close to a million votes, and building a
// Vote with its Evidence for each costs more than the query.
var (
	_ entente.BulkReader   = (*Store)(nil)
	_ entente.TradeScanner = (*Store)(nil)
)

// ScanVotes implements entente.BulkReader.
func (r reader) ScanVotes(ctx context.Context, from, to time.Time, fn func(rollcall, country string, choice entente.VoteChoice)) error {
	// DISTINCT: a roll call recorded by two sources (unvotes and DGACM) has two rows.
	q := `SELECT v.rollcall, v.country, v.choice FROM votes v JOIN (SELECT DISTINCT id, date FROM rollcalls) r ON r.id = v.rollcall WHERE r.date < ?`
	args := []any{to}
	if !from.IsZero() {
		q += ` AND r.date >= ?`
		args = append(args, from)
	}
	rows, err := r.query(ctx, q, args...)
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
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan votes: %w", err)
	}
	return ctx.Err()
}

// ScanTieValues implements entente.BulkReader.
func (r reader) ScanTieValues(ctx context.Context, kind entente.TieKind, fromYear, toYear int, fn func(a, b string, year int, value float64)) error {
	if toYear == 0 {
		toYear = 1 << 30
	}
	rows, err := r.query(ctx, `SELECT a, b, year, value FROM ties WHERE kind = ? AND year >= ? AND year <= ?`, string(kind), fromYear, toYear)
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
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan ties: %w", err)
	}
	return ctx.Err()
}

// ScanTradeFlows implements entente.TradeScanner: the attributes the trade
// precedence needs are read out of the JSON column by DuckDB, so that no
// row's attributes are decoded in Go.
func (r reader) ScanTradeFlows(ctx context.Context, fromYear, toYear int, fn func(entente.TradeRow)) error {
	if toYear == 0 {
		toYear = 1 << 30
	}
	rows, err := r.query(ctx, `SELECT a, b, year, value, ev_source,
		coalesce(json_extract_string(attrs, '$.reporter'), ''),
		coalesce(json_extract_string(attrs, '$.mirror'), '') = 'true',
		coalesce(json_extract_string(attrs, '$.estimate'), '') = 'true'
		FROM ties WHERE kind = ? AND year >= ? AND year <= ?`, string(entente.TieTradeFlow), fromYear, toYear)
	if err != nil {
		return fmt.Errorf("scan trade: %w", err)
	}
	defer rows.Close()
	var t entente.TradeRow
	for rows.Next() {
		if err := rows.Scan(&t.A, &t.B, &t.Year, &t.Value, &t.Source, &t.Reporter, &t.Mirror, &t.Estimate); err != nil {
			return fmt.Errorf("scan trade: %w", err)
		}
		fn(t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan trade: %w", err)
	}
	return ctx.Err()
}

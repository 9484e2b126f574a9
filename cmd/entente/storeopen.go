package main

import (
	"context"
	"errors"
	"strings"

	"entente"
	"entente/clickhouse"
	"entente/duckdb"
)

// openStore opens the store --db names: a clickhouse:// URL selects the
// ClickHouse store (one server, or the shards of a cluster with
// ?cluster=NAME); anything else is a DuckDB file, the default, opened with
// cfg. ClickHouse has no read-only handle to ask for: a command that only
// reads simply writes nothing.
func (m *Main) openStore(ctx context.Context, cfg duckdb.Config) (entente.Store, error) {
	if strings.HasPrefix(cfg.Path, "clickhouse://") {
		ccfg, err := clickhouse.ParseURL(cfg.Path)
		if err != nil {
			if errors.Is(err, entente.ErrInvalid) {
				return nil, &entente.UsageError{Msg: err.Error(), Hint: "write --db clickhouse://host:9000/database, or clickhouse://h1:9000,h2:9000/database?cluster=NAME for shards"}
			}
			return nil, err
		}
		ccfg.Clock, ccfg.Logger = cfg.Clock, cfg.Logger
		s, err := clickhouse.Open(ctx, ccfg)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	s, err := duckdb.Open(ctx, cfg)
	if err != nil {
		// A nil *duckdb.Store in a non-nil interface would pass a nil check.
		return nil, err
	}
	return s, nil
}

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
// ?cluster=NAME); anything else is a DuckDB file, the default.
func (m *Main) openStore(ctx context.Context) (entente.Store, error) {
	if strings.HasPrefix(m.Config.DBPath, "clickhouse://") {
		cfg, err := clickhouse.ParseURL(m.Config.DBPath)
		if err != nil {
			if errors.Is(err, entente.ErrInvalid) {
				return nil, &entente.UsageError{Msg: err.Error(), Hint: "write --db clickhouse://host:9000/database, or clickhouse://h1:9000,h2:9000/database?cluster=NAME for shards"}
			}
			return nil, err
		}
		cfg.Clock, cfg.Logger = m.Clock, m.Logger
		return clickhouse.Open(ctx, cfg)
	}
	return duckdb.Open(ctx, duckdb.Config{Path: m.Config.DBPath, Threads: m.Config.Threads, Clock: m.Clock})
}

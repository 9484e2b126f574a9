// Package clickhouse is entente's scale-out store: ClickHouse through
// clickhouse-go's native protocol, on one server or on the shards of a
// cluster. It implements entente.Store and entente.BulkReader with the same
// answers as the embedded DuckDB store (package duckdb), which stays the
// default.
//
// ClickHouse has no transactions. Store.Update gives each update an id,
// tags every row it writes with that id and makes them visible all at once
// by inserting one block into a commit log (see migrations/0001_init.sql);
// rows of a failed update are never visible and are purged afterwards.
// Bulk rows go to the shards' local tables in native column batches, spread
// by a hash of the row's identity, and are read back through Distributed
// tables; the small tables (sources, registry, roll calls, documents,
// artifacts, the commit log) live on the first server.
package clickhouse

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"entente"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Config says which servers hold the store.
type Config struct {
	// Addrs are the native-protocol addresses (host:port) of the servers,
	// one per shard; the first one also keeps the small tables and answers
	// the queries. At least one is required.
	Addrs []string
	// Database is created when missing. Default "entente".
	Database string
	// Cluster names the cluster of Addrs in the servers' remote_servers
	// configuration; it is required with more than one address and creates
	// the Distributed tables. "" means a single server.
	Cluster string
	// User and Password authenticate; default user "default", no password.
	User, Password string
	// BatchRows is how many rows of one table are buffered per shard before
	// a native batch is sent; ClickHouse prefers few large inserts. Default
	// 262144.
	BatchRows int
	// DialTimeout bounds connecting to a server. Default 5 s.
	DialTimeout time.Duration
	// Clock stamps import times; nil means the system clock.
	Clock entente.Clock
	// Logger receives background failures (purging rows of failed or
	// superseded updates); nil discards them.
	Logger *slog.Logger
}

// DefaultConfig returns a configuration for one local server.
func DefaultConfig() Config {
	return Config{Addrs: []string{"127.0.0.1:9000"}, Database: "entente"}
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if len(c.Addrs) == 0 {
		return fmt.Errorf("clickhouse: no server address: %w", entente.ErrInvalid)
	}
	for _, a := range c.Addrs {
		if _, _, ok := strings.Cut(a, ":"); !ok || strings.TrimSpace(a) == "" {
			return fmt.Errorf("clickhouse: address %q: want host:port: %w", a, entente.ErrInvalid)
		}
	}
	if c.Database != "" && !identifier.MatchString(c.Database) {
		return fmt.Errorf("clickhouse: database %q: want letters, digits and underscores: %w", c.Database, entente.ErrInvalid)
	}
	if c.Cluster != "" && !identifier.MatchString(c.Cluster) {
		return fmt.Errorf("clickhouse: cluster %q: want letters, digits and underscores: %w", c.Cluster, entente.ErrInvalid)
	}
	if len(c.Addrs) > 1 && c.Cluster == "" {
		return fmt.Errorf("clickhouse: %d servers but no cluster name: %w", len(c.Addrs), entente.ErrInvalid)
	}
	if c.BatchRows < 0 {
		return fmt.Errorf("clickhouse: batch rows %d: must not be negative: %w", c.BatchRows, entente.ErrInvalid)
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.Database == "" {
		c.Database = "entente"
	}
	if c.User == "" {
		c.User = "default"
	}
	if c.BatchRows == 0 {
		c.BatchRows = 262144
	}
	if c.DialTimeout == 0 {
		c.DialTimeout = 5 * time.Second
	}
	if c.Clock == nil {
		c.Clock = entente.SystemClock{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// ParseURL reads the --db form clickhouse://host:port[,host:port…]/database
// with an optional ?cluster=NAME (required for more than one host), and
// user:password@ before the hosts.
func ParseURL(s string) (Config, error) {
	rest, ok := strings.CutPrefix(s, "clickhouse://")
	if !ok {
		return Config{}, fmt.Errorf("clickhouse url %q: want clickhouse://host:port/database: %w", s, entente.ErrInvalid)
	}
	c := Config{}
	rest, query, _ := strings.Cut(rest, "?")
	hosts, db, _ := strings.Cut(rest, "/")
	if userinfo, h, ok := strings.Cut(hosts, "@"); ok {
		hosts = h
		c.User, c.Password, _ = strings.Cut(userinfo, ":")
	}
	for _, h := range strings.Split(hosts, ",") {
		if h = strings.TrimSpace(h); h == "" {
			continue
		}
		if !strings.Contains(h, ":") {
			h += ":9000"
		}
		c.Addrs = append(c.Addrs, h)
	}
	c.Database = strings.Trim(db, "/")
	for _, kv := range strings.Split(query, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "cluster":
			c.Cluster = v
		default:
			return Config{}, fmt.Errorf("clickhouse url %q: unknown parameter %q (known: cluster): %w", s, k, entente.ErrInvalid)
		}
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Store is a ClickHouse-backed entente.Store.
type Store struct {
	cfg    Config
	shards []driver.Conn // shards[0] is the coordinator
	reader

	mu     sync.Mutex // guards lastTx
	lastTx uint64
}

var (
	_ entente.Store        = (*Store)(nil)
	_ entente.BulkReader   = (*Store)(nil)
	_ entente.TradeScanner = (*Store)(nil)
)

// Open connects to every server, creates the database when missing and
// brings the schema up to date on each.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	s := &Store{cfg: cfg}
	for _, addr := range cfg.Addrs {
		conn, err := ch.Open(&ch.Options{
			Addr:        []string{addr},
			Auth:        ch.Auth{Database: "default", Username: cfg.User, Password: cfg.Password},
			DialTimeout: cfg.DialTimeout,
			// Few, long-lived connections: the store is used by one command
			// or one worker at a time.
			MaxOpenConns: 4,
			MaxIdleConns: 2,
		})
		if err == nil {
			err = conn.Ping(ctx)
		}
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("open clickhouse %s: %w", addr, err)
		}
		s.shards = append(s.shards, conn)
	}
	s.reader = reader{db: cfg.Database, conn: s.shards[0], cluster: cfg.Cluster != ""}
	for i, conn := range s.shards {
		if err := migrate(ctx, conn, cfg, s.cfg.Clock); err != nil {
			s.Close()
			return nil, fmt.Errorf("open clickhouse %s: %w", cfg.Addrs[i], err)
		}
	}
	return s, nil
}

// Close closes the connections to every server.
func (s *Store) Close() error {
	var errs []error
	for _, c := range s.shards {
		if err := c.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	s.shards = nil
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close clickhouse store: %w", err)
	}
	return nil
}

// Conn exposes the first server's connection for benchmarks and ad-hoc
// SQL, as duckdb.Store.DB does.
func (s *Store) Conn() driver.Conn { return s.shards[0] }

// Database returns the name of the store's database.
func (s *Store) Database() string { return s.cfg.Database }

// Shards returns the number of servers the bulk tables are spread over.
func (s *Store) Shards() int { return len(s.shards) }

// DropDatabase removes the store's database from every server. Tests and
// benchmarks use it to clean up; entente itself never calls it.
func (s *Store) DropDatabase(ctx context.Context) error {
	for _, c := range s.shards {
		if err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+s.cfg.Database); err != nil {
			return fmt.Errorf("drop database: %w", err)
		}
	}
	return nil
}

// migrate applies every embedded migration not yet recorded on one server.
func migrate(ctx context.Context, conn driver.Conn, cfg Config, clock entente.Clock) error {
	db := cfg.Database
	if err := conn.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+db); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := conn.Exec(ctx, "CREATE TABLE IF NOT EXISTS "+db+".schema_migrations (version UInt32, name String, applied Int64) ENGINE = MergeTree() ORDER BY version"); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := path.Base(name)
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migrate: bad migration name %s: %w", base, err)
		}
		var n uint64
		if err := conn.QueryRow(ctx, "SELECT count() FROM "+db+".schema_migrations WHERE version = "+strconv.Itoa(version)).Scan(&n); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if err := apply(ctx, conn, cfg, version, string(body)); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		// INSERT … VALUES through Exec waits forever on 18.16 (the server
		// expects data blocks); a batch works on every version.
		batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+db+".schema_migrations (version, name, applied)")
		if err == nil {
			if err = batch.Append(uint32(version), base, clock.Now().UnixMicro()); err == nil {
				err = batch.Send()
			}
		}
		if err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

// apply runs one migration's statements on a server, with its hook.
func apply(ctx context.Context, conn driver.Conn, cfg Config, version int, body string) error {
	db := cfg.Database
	hook := hooks[version]
	if hook.before != nil {
		if err := hook.before(ctx, conn, db); err != nil {
			return err
		}
	}
	// Statements are idempotent (IF NOT EXISTS), so a migration cut
	// short by a crash is simply run again.
	for _, stmt := range statements(body) {
		if strings.Contains(stmt, "{cluster}") && cfg.Cluster == "" {
			continue
		}
		stmt = strings.NewReplacer("{db}", db, "{cluster}", cfg.Cluster).Replace(stmt)
		if err := conn.Exec(ctx, stmt); err != nil {
			return err
		}
	}
	if hook.after != nil {
		return hook.after(ctx, conn, db)
	}
	return nil
}

// migrationHook is Go run around a migration's statements, for the steps
// SQL on 18.16 cannot make idempotent (RENAME has no IF EXISTS). Each step
// looks at which tables exist, so that a migration cut short runs again.
type migrationHook struct {
	before, after func(ctx context.Context, conn driver.Conn, db string) error
}

var hooks = map[int]migrationHook{
	// 0004 recreates events partitioned by decade: the year-partitioned
	// table is renamed aside, the new one created, and the rows copied.
	4: {
		before: func(ctx context.Context, conn driver.Conn, db string) error {
			old, err := tableExists(ctx, conn, db, "events_by_year")
			if err != nil || old {
				return err
			}
			cur, err := tableExists(ctx, conn, db, "events")
			if err != nil || !cur {
				return err
			}
			return conn.Exec(ctx, "RENAME TABLE "+db+".events TO "+db+".events_by_year")
		},
		after: func(ctx context.Context, conn driver.Conn, db string) error {
			old, err := tableExists(ctx, conn, db, "events_by_year")
			if err != nil || !old {
				return err
			}
			// A copy cut short is started again from an empty table.
			cols := strings.Join(tEvents.cols, ", ")
			for _, q := range []string{
				"TRUNCATE TABLE " + db + ".events",
				"INSERT INTO " + db + ".events (" + cols + ") SELECT " + cols + " FROM " + db + ".events_by_year",
				"DROP TABLE " + db + ".events_by_year",
			} {
				if err := conn.Exec(ctx, q); err != nil {
					return err
				}
			}
			return nil
		},
	},
}

func tableExists(ctx context.Context, conn driver.Conn, db, name string) (bool, error) {
	var n uint64
	err := conn.QueryRow(ctx, "SELECT count() FROM system.tables WHERE database = "+quote(db)+" AND name = "+quote(name)).Scan(&n)
	return n > 0, err
}

// statements splits a migration at lines holding only ";" and drops
// comment lines, because the native protocol runs one statement per query.
func statements(body string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "--"):
		case t == ";":
			if s := strings.TrimSpace(cur.String()); s != "" {
				out = append(out, s)
			}
			cur.Reset()
		default:
			cur.WriteString(line)
			cur.WriteByte('\n')
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// SchemaVersion returns the highest migration applied on the first server.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v uint32
	if err := s.shards[0].QueryRow(ctx, "SELECT max(version) FROM "+s.cfg.Database+".schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return int(v), nil
}

// nextTxID returns an update id larger than every id committed so far and
// than any this process handed out. Ids are wall-clock nanoseconds (not the
// injectable clock, which tests freeze) with random low bits, so that a
// failed update's id, whose rows may linger until purged, is never reused,
// and two writers starting in the same nanosecond still differ.
func (s *Store) nextTxID(ctx context.Context) (uint64, error) {
	var maxLogged uint64
	if err := s.shards[0].QueryRow(ctx, "SELECT max(tx) FROM "+s.cfg.Database+".txlog").Scan(&maxLogged); err != nil {
		return 0, fmt.Errorf("update: %w", err)
	}
	var b [2]byte
	rand.Read(b[:])
	id := uint64(time.Now().UnixNano())&^0xffff | uint64(binary.LittleEndian.Uint16(b[:]))
	s.mu.Lock()
	defer s.mu.Unlock()
	if id <= maxLogged {
		id = maxLogged + 1<<16
	}
	if id <= s.lastTx {
		id = s.lastTx + 1<<16
	}
	// Each update uses ids id, id+1, … (one more per DeleteSource); the gap
	// of 2^16 leaves room for them.
	s.lastTx = id + 1<<16
	return id, nil
}

// Update runs fn as one update: its rows become visible together when fn
// returns nil, through one block inserted into the commit log; otherwise
// they never become visible and are purged.
func (s *Store) Update(ctx context.Context, fn func(entente.Tx) error) (err error) {
	id, err := s.nextTxID(ctx)
	if err != nil {
		return err
	}
	t := newTx(s, id)
	defer func() {
		if p := recover(); p != nil {
			s.purge(t)
			err = fmt.Errorf("update: internal error: %v", p)
		}
	}()
	if err := fn(t); err != nil {
		s.purge(t)
		return err
	}
	if err := ctx.Err(); err != nil {
		s.purge(t)
		return fmt.Errorf("update: %w", err)
	}
	if err := t.flush(ctx); err != nil {
		s.purge(t)
		return fmt.Errorf("update: %w", err)
	}
	if err := t.commit(ctx); err != nil {
		s.purge(t)
		return fmt.Errorf("update: commit: %w", err)
	}
	s.collect(t)
	return nil
}

// purge deletes the rows a failed update sent. They are invisible already
// (never committed); the mutation only frees the space, so a failure is
// merely logged.
func (s *Store) purge(t *tx) {
	for _, table := range sortedKeys(t.sentTables) {
		for i, conn := range s.shards {
			if i > 0 && !distributed[table] {
				break
			}
			q := fmt.Sprintf("ALTER TABLE %s.%s DELETE WHERE tx >= %d AND tx <= %d", s.cfg.Database, table, t.first, t.cur)
			if err := conn.Exec(context.Background(), q); err != nil {
				s.cfg.Logger.Warn("purge rows of a failed update", "server", s.cfg.Addrs[i], "table", table, "err", err)
			}
		}
	}
}

// collect deletes the rows that a committed update made invisible (the
// older rows of sources it deleted or replaced). Like purge it only frees
// space, so failures are logged. A mutation rewrites the parts it touches,
// so each table is named only for the keys whose rows it may hold.
func (s *Store) collect(t *tx) {
	conds := map[string][]string{}
	for _, key := range sortedKeys(t.deletes) {
		for _, table := range tablesOfKey(key) {
			conds[table] = append(conds[table], fmt.Sprintf("(%s = %s AND tx < %d)", visibilityKey[table], quote(key), t.deletes[key]))
		}
	}
	for _, table := range sortedKeys(conds) {
		for i, conn := range s.shards {
			if i > 0 && !distributed[table] {
				break
			}
			q := fmt.Sprintf("ALTER TABLE %s.%s DELETE WHERE %s", s.cfg.Database, table, strings.Join(conds[table], " OR "))
			if err := conn.Exec(context.Background(), q); err != nil {
				s.cfg.Logger.Warn("delete rows of a superseded update", "server", s.cfg.Addrs[i], "table", table, "err", err)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

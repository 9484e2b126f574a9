// Package duckdb is entente's embedded store: one DuckDB file, no server.
// It implements entente.Store. Bulk rows (votes, ties, events) go through
// DuckDB's appender inside the same transaction as everything else the
// command writes, so an import either lands whole or not at all.
package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"entente"

	duck "github.com/duckdb/duckdb-go/v2"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Config says where the store lives and how DuckDB may use the machine.
type Config struct {
	// Path of the database file; ":memory:" for a throwaway store.
	Path string
	// Threads DuckDB may use; 0 lets DuckDB decide (all cores).
	Threads int
	// MemoryLimit such as "4GB"; "" keeps DuckDB's default (80 % of RAM).
	MemoryLimit string
	// Clock stamps import times; nil means the system clock.
	Clock entente.Clock
	// ReadOnly opens the file for reading only, so that several readers
	// and no writer may hold it at once. A store that needs migrating or
	// repairing is briefly opened for writing first. Ignored for ":memory:".
	ReadOnly bool
	// LockOnWrite opens the file read-only, like ReadOnly, but lets
	// Update write: each Update closes the read-only handle, opens the
	// file for writing, runs its transaction and reopens read-only. A
	// command that parses, fetches or fits before it writes then holds
	// DuckDB's exclusive lock only while it writes, and other processes
	// can read the store meanwhile. Update waits for the lock at least
	// updateWait (readers hold the file only briefly, and the work before
	// the write should not be thrown away because one was looking). A
	// store used by several goroutines at once (serve) should not set it:
	// reads wait while an Update holds the file. Ignored for ":memory:"
	// and when ReadOnly is set.
	LockOnWrite bool
	// Wait is how long Open keeps retrying while another process holds
	// the file; 0 fails at once with a *LockedError.
	Wait time.Duration
	// Logger receives warnings such as the repair of an interrupted
	// write; nil means slog.Default().
	Logger *slog.Logger
}

// DefaultConfig returns the configuration used when the CLI is given no flags.
func DefaultConfig() Config {
	return Config{Path: "entente.duckdb"}
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if strings.TrimSpace(c.Path) == "" {
		return fmt.Errorf("store path is empty: %w", entente.ErrInvalid)
	}
	if c.Threads < 0 {
		return fmt.Errorf("threads %d: must not be negative: %w", c.Threads, entente.ErrInvalid)
	}
	if c.Wait < 0 {
		return fmt.Errorf("wait %s: must not be negative: %w", c.Wait, entente.ErrInvalid)
	}
	return nil
}

// LockedError is returned by Open when another process holds the store
// file (DuckDB allows one writing process, or several reading ones). It
// wraps entente.ErrConflict.
type LockedError struct {
	Path string
	// PID of the process holding the lock, 0 when DuckDB did not say.
	PID int
}

func (e *LockedError) Error() string {
	who := "another entente process"
	if e.PID > 0 {
		who = fmt.Sprintf("another entente process (pid %d)", e.PID)
	}
	return fmt.Sprintf("the store %s is being written by %s; retry, wait for it with --wait DURATION, or use `entente serve` for shared access", e.Path, who)
}

func (e *LockedError) Unwrap() error { return entente.ErrConflict }

// lockPID finds the holder's process id in DuckDB's lock error, which reads
// "Could not set lock on file ...: Conflicting lock is held in PROGRAM
// (PID 1234) by user ...".
var lockPID = regexp.MustCompile(`PID (\d+)`)

// asLockError turns DuckDB's raw lock error into a *LockedError.
func asLockError(path string, err error) (*LockedError, bool) {
	msg := err.Error()
	if !strings.Contains(msg, "Could not set lock on file") && !strings.Contains(msg, "Conflicting lock") {
		return nil, false
	}
	le := &LockedError{Path: path}
	if m := lockPID.FindStringSubmatch(msg); m != nil {
		le.PID, _ = strconv.Atoi(m[1])
	}
	return le, true
}

// Store is a DuckDB-backed entente.Store.
type Store struct {
	h         *handle
	connector *duck.Connector
	clock     entente.Clock
	readOnly  bool
	// cfg is what the store was opened with, kept to reopen the file
	// around each Update when cfg.LockOnWrite is set.
	cfg      Config
	repaired []Damage
	// writeMu holds Updates to one at a time: with reads on several
	// connections, two transactions could otherwise conflict.
	writeMu sync.Mutex
	reader
}

// handle holds the database handle, which Update swaps in LockOnWrite
// mode: queries take the read lock while they start, Update the write
// lock for the whole transaction. (database/sql's Close waits for rows
// already open, so a swap never cuts a query short.)
type handle struct {
	mu sync.RWMutex
	db *sql.DB
}

func (h *handle) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.db.QueryContext(ctx, query, args...)
}

func (h *handle) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.db.QueryRowContext(ctx, query, args...)
}

// maxConns bounds the pooled connections: enough for a load's parallel
// reads and a server's concurrent questions on two to eight cores; DuckDB
// spreads each query over its own threads besides.
const maxConns = 4

// updateWait is the least time an Update in LockOnWrite mode waits for
// other processes to let go of the file.
const updateWait = time.Minute

var _ entente.Store = (*Store)(nil)

// Open opens or creates the database at cfg.Path, brings its schema up to
// date and removes what a write cut short by a crash left behind (see
// integrity.go). Extension autoinstall and autoload are off: entente never
// downloads anything at run time. While another process holds the file,
// Open retries for cfg.Wait and then returns a *LockedError.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = entente.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Path == ":memory:" {
		cfg.ReadOnly = false
		cfg.LockOnWrite = false
	}
	if cfg.ReadOnly {
		cfg.LockOnWrite = false
	}
	if !cfg.ReadOnly && !cfg.LockOnWrite {
		return openWritable(ctx, cfg)
	}
	// From here on the file is opened read-only; s.cfg keeps
	// LockOnWrite so that Update knows to reopen it for writing.
	s, err := openReadOnly(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s.cfg = cfg
	return s, nil
}

// openReadOnly opens the file read-only, first migrating or repairing it
// through a brief writable open when it needs that.
func openReadOnly(ctx context.Context, cfg Config) (*Store, error) {
	cfg.ReadOnly = true
	// DuckDB cannot create a file read-only; a missing store is created
	// (and migrated) first, like the writable open would.
	if _, err := os.Stat(cfg.Path); errors.Is(err, fs.ErrNotExist) {
		return reopenReadOnly(ctx, cfg)
	}
	s, err := openWithWait(ctx, cfg)
	if err != nil {
		return nil, err
	}
	ok, err := s.upToDate(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	if ok {
		return s, nil
	}
	s.Close()
	return reopenReadOnly(ctx, cfg)
}

// reopenReadOnly opens the store for writing to migrate or repair it, then
// again for reading.
func reopenReadOnly(ctx context.Context, cfg Config) (*Store, error) {
	rw := cfg
	rw.ReadOnly = false
	w, err := openWritable(ctx, rw)
	if err != nil {
		return nil, err
	}
	repaired := w.repaired
	if err := w.Close(); err != nil {
		return nil, err
	}
	s, err := openWithWait(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s.repaired = repaired
	return s, nil
}

func openWritable(ctx context.Context, cfg Config) (*Store, error) {
	s, err := openWithWait(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.h.db.Close()
		return nil, err
	}
	damaged, err := checkIntegrity(ctx, s.h.db)
	if err == nil {
		err = s.repair(ctx, damaged, cfg.Logger)
	}
	if err != nil {
		s.h.db.Close()
		return nil, err
	}
	return s, nil
}

// upToDate reports whether a read-only store needs neither a migration nor
// a repair.
func (s *Store) upToDate(ctx context.Context) (bool, error) {
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		// A file created by something else, or empty: let the writable
		// open decide.
		return false, nil
	}
	if v < latestMigration() {
		return false, nil
	}
	damaged, err := checkIntegrity(ctx, s.h.db)
	if err != nil {
		return false, err
	}
	return len(damaged) == 0, nil
}

// latestMigration is the version of the newest embedded migration.
func latestMigration() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	latest := 0
	for _, name := range names {
		if v, err := strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0]); err == nil && v > latest {
			latest = v
		}
	}
	return latest
}

// openWithWait opens the DuckDB file, retrying while another process holds
// its lock, until cfg.Wait has passed.
func openWithWait(ctx context.Context, cfg Config) (*Store, error) {
	deadline := time.Now().Add(cfg.Wait)
	pause := 50 * time.Millisecond
	for {
		s, err := openOnce(cfg)
		if err == nil {
			return s, nil
		}
		var le *LockedError
		if !errors.As(err, &le) {
			return nil, err
		}
		if !time.Now().Add(pause).Before(deadline) {
			return nil, le
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("open store %s: %w", cfg.Path, ctx.Err())
		case <-time.After(pause):
		}
		pause = min(2*pause, time.Second)
	}
}

func openOnce(cfg Config) (*Store, error) {
	q := url.Values{}
	q.Set("autoinstall_known_extensions", "false")
	q.Set("autoload_known_extensions", "false")
	if cfg.Threads > 0 {
		q.Set("threads", strconv.Itoa(cfg.Threads))
	}
	if cfg.MemoryLimit != "" {
		q.Set("memory_limit", cfg.MemoryLimit)
	}
	if cfg.ReadOnly {
		q.Set("access_mode", "READ_ONLY")
	}
	dsn := cfg.Path
	if dsn == ":memory:" {
		dsn = ""
	}
	connector, err := duck.NewConnector(dsn+"?"+q.Encode(), nil)
	if err != nil {
		if le, ok := asLockError(cfg.Path, err); ok {
			return nil, le
		}
		return nil, fmt.Errorf("open store %s: %w", cfg.Path, err)
	}
	db := sql.OpenDB(connector)
	// Reads run side by side on their own connections (entente.Store
	// promises it: a coalition load reads ties while its trade scan runs).
	// Every connection of one connector shares one database, in memory
	// too. An Update pins one connection for its whole transaction, and
	// Store.writeMu keeps Updates to one at a time, as DuckDB's single
	// writer wants.
	db.SetMaxOpenConns(maxConns)
	s := &Store{h: &handle{db: db}, connector: connector, clock: cfg.Clock, readOnly: cfg.ReadOnly, cfg: cfg}
	s.reader = reader{q: s.h}
	return s, nil
}

// DB exposes the underlying handle for benchmarks and ad-hoc SQL.
func (s *Store) DB() *sql.DB {
	s.h.mu.RLock()
	defer s.h.mu.RUnlock()
	return s.h.db
}

// Close releases the database file.
func (s *Store) Close() error {
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	if err := s.h.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// migrate applies every embedded migration not yet recorded, each in its
// own transaction, in file-name order.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.h.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied TIMESTAMP NOT NULL)`); err != nil {
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
		var n int
		if err := s.h.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		tx, err := s.h.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, ?, ?)`, version, base, s.clock.Now()); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

// SchemaVersion returns the highest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := s.h.db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return int(v.Int64), nil
}

// Update runs fn in one DuckDB transaction on a dedicated connection. The
// appenders fn opens are flushed before COMMIT so that their rows belong to
// the transaction; any error rolls everything back.
func (s *Store) Update(ctx context.Context, fn func(entente.Tx) error) (err error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.cfg.LockOnWrite {
		return s.updateLocked(ctx, fn)
	}
	if s.readOnly {
		return fmt.Errorf("update: the store was opened read-only: %w", entente.ErrInvalid)
	}
	return s.update(ctx, s.h.db, fn)
}

// updateLocked runs an Update in LockOnWrite mode: it swaps the read-only
// handle for a writable one for the length of the transaction. DuckDB
// refuses two handles on one file with different settings in one process,
// so the read-only handle is closed first and reopened after.
func (s *Store) updateLocked(ctx context.Context, fn func(entente.Tx) error) (err error) {
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	if err := s.h.db.Close(); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	wait := max(s.cfg.Wait, updateWait)
	ro := s.cfg
	ro.ReadOnly, ro.Wait = true, wait
	defer func() {
		// Reopen for reading whatever happened, so that the store stays
		// usable after a failed write.
		r, rerr := openWithWait(context.WithoutCancel(ctx), ro)
		if rerr != nil {
			err = errors.Join(err, fmt.Errorf("update: reopen: %w", rerr))
			return
		}
		s.h.db, s.connector = r.h.db, r.connector
	}()
	rw := s.cfg
	rw.ReadOnly, rw.Wait = false, wait
	w, err := openWithWait(ctx, rw)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	err = s.update(ctx, w.h.db, fn)
	if cerr := w.h.db.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("update: close: %w", cerr))
	}
	return err
}

// update runs fn in one transaction on db.
func (s *Store) update(ctx context.Context, db *sql.DB, fn func(entente.Tx) error) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return fmt.Errorf("update: begin: %w", err)
	}
	t := &tx{conn: conn, clock: s.clock, appenders: map[string]*duck.Appender{}}
	t.reader = reader{q: conn, flush: t.flush}
	defer func() {
		if p := recover(); p != nil {
			t.closeAppenders()
			conn.ExecContext(context.Background(), "ROLLBACK")
			err = fmt.Errorf("update: internal error: %v", p)
		}
	}()
	if err := fn(t); err != nil {
		t.closeAppenders()
		if _, rbErr := conn.ExecContext(context.Background(), "ROLLBACK"); rbErr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if err := ctx.Err(); err != nil {
		t.closeAppenders()
		conn.ExecContext(context.Background(), "ROLLBACK")
		return fmt.Errorf("update: %w", err)
	}
	if err := t.flush(); err != nil {
		t.closeAppenders()
		conn.ExecContext(context.Background(), "ROLLBACK")
		return fmt.Errorf("update: %w", err)
	}
	if err := t.recordCounts(ctx); err != nil {
		t.closeAppenders()
		conn.ExecContext(context.Background(), "ROLLBACK")
		return fmt.Errorf("update: %w", err)
	}
	if err := t.closeAppenders(); err != nil {
		conn.ExecContext(context.Background(), "ROLLBACK")
		return fmt.Errorf("update: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		conn.ExecContext(context.Background(), "ROLLBACK")
		return fmt.Errorf("update: commit: %w", err)
	}
	return nil
}

// withDriverConn runs fn with the raw DuckDB connection behind conn.
func withDriverConn(conn *sql.Conn, fn func(driver.Conn) error) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		return fn(c)
	})
}

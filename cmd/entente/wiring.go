package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"entente"
	"entente/curated"
	"entente/duckdb"
	"entente/progress"
	"entente/registry"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Config is what the global flags and environment set. Defaults come from
// DefaultConfig; Validate rejects what cannot work before anything opens.
type Config struct {
	// DBPath is the DuckDB file (--db, else $ENTENTE_DB, else ./entente.duckdb).
	DBPath string
	// Format is the output format of listing commands: table, json or csv.
	Format string
	// Threads bounds DuckDB's worker threads; 0 lets it use every core.
	Threads int
	// Verbose turns on debug logging to stderr.
	Verbose bool
	// Wait is how long to wait for another process writing the store
	// (--wait); 0 fails at once with a message naming its pid.
	Wait time.Duration
	// Wide turns off fitting tables and prose to the terminal's width.
	Wide bool
}

// DefaultConfig returns the configuration before flags are read.
func DefaultConfig(getenv func(string) string) Config {
	c := Config{DBPath: "entente.duckdb", Format: "table"}
	if v := getenv("ENTENTE_DB"); v != "" {
		c.DBPath = v
	}
	return c
}

// Validate reports flags that cannot work, as usage errors with a hint.
func (c Config) Validate() error {
	switch c.Format {
	case "table", "json", "csv":
	default:
		return &entente.UsageError{Msg: fmt.Sprintf("unknown --format %q", c.Format), Hint: "use --format table, json or csv"}
	}
	if strings.TrimSpace(c.DBPath) == "" {
		return &entente.UsageError{Msg: "--db is empty", Hint: "give a file path, e.g. --db ./entente.duckdb"}
	}
	if c.Threads < 0 {
		return &entente.UsageError{Msg: "--threads must not be negative", Hint: "use 0 to let DuckDB decide"}
	}
	if c.Wait < 0 {
		return &entente.UsageError{Msg: "--wait must not be negative", Hint: "e.g. --wait 30s"}
	}
	return nil
}

// Main wires the adapters together for one run of the command. Tests build
// one with buffers for Stdout and Stderr and call Run.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Clock  entente.Clock
	// StderrIsTerminal decides whether progress bars are drawn.
	StderrIsTerminal bool
	// Columns is the width tables and prose are fitted to: by default the
	// width of the terminal stdout is, else $COLUMNS, else no limit.
	// Tests set it; --wide turns fitting off.
	Columns int

	Config Config
	Logger *slog.Logger

	store    entente.Store
	registry *registry.Registry
	// readOnly is set for commands that only read the store: they open it
	// read-only, so that several can run at once.
	readOnly bool
	// lockOnWrite is set for the commands that write: they open the store
	// read-only too and take DuckDB's write lock only inside each write
	// transaction (duckdb.Config.LockOnWrite), so that other processes can
	// read while they parse, fetch, code or fit.
	lockOnWrite bool
	// dbMemoryLimit, when set, is DuckDB's memory_limit for this run
	// (ingest sets it while it streams a long file).
	dbMemoryLimit string
	// curated is set for commands that read the curated facts.
	curated  bool
	progress *progress.Display
}

// readOnlyCommands never write the store (the registry copy aside, which
// Store loads in a brief writable open when it is stale). The coalition
// commands are not among them: they save fitted models.
var readOnlyCommands = map[string]bool{
	"sources": true, "actor": true, "actors": true, "dyad": true, "leverage": true, "align": true,
}

// holdWriteCommands keep the store open for writing from start to end:
// serve writes from many requests at once and is the way to share a store,
// so it keeps the file rather than swap handles under its readers.
var holdWriteCommands = map[string]bool{"serve": true}

// curatedCommands read the curated facts (through Main.measures), which a
// read-only command cannot load itself.
var curatedCommands = map[string]bool{"dyad": true, "leverage": true, "align": true}

// topCommand returns the subcommand of the root that cmd belongs to.
func topCommand(cmd *cobra.Command) *cobra.Command {
	for cmd.HasParent() && cmd.Parent().HasParent() {
		cmd = cmd.Parent()
	}
	return cmd
}

// NewMain returns a Main wired to the process's standard streams.
func NewMain() *Main {
	return &Main{
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		Clock:            entente.SystemClock{},
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// Run executes one command line and returns the process exit status: 0 on
// success, 1 when the command failed or found nothing, 2 on a usage error.
func (m *Main) Run(ctx context.Context, args []string) (code int) {
	if m.Getenv == nil {
		m.Getenv = func(string) string { return "" }
	}
	if m.Clock == nil {
		m.Clock = entente.SystemClock{}
	}
	m.Config = DefaultConfig(m.Getenv)
	level := slog.LevelWarn
	m.Logger = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: &dynamicLevel{&level}}))
	root := m.rootCommand(&level)
	root.SetArgs(args)
	root.SetIn(m.Stdin)
	root.SetOut(m.Stdout)
	root.SetErr(m.Stderr)
	defer func() {
		// A panic is a bug; the user gets one line, the log gets the detail.
		if p := recover(); p != nil {
			m.Logger.Error("internal error", "panic", p)
			fmt.Fprintln(m.Stderr, "entente: internal error; rerun with --verbose and report it")
			code = 1
		}
		if err := m.close(); err != nil && code == 0 {
			fmt.Fprintf(m.Stderr, "entente: %v\n", err)
			code = 1
		}
	}()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	return m.report(err)
}

// report prints an error the way users should see it and picks the status.
func (m *Main) report(err error) int {
	// A status line left by a failed step would run into the message.
	m.progress.Clear()
	var usage *entente.UsageError
	if errors.As(err, &usage) {
		fmt.Fprintf(m.Stderr, "entente: %s\n", usage.Msg)
		if usage.Hint != "" {
			fmt.Fprintf(m.Stderr, "hint: %s\n", usage.Hint)
		}
		return 2
	}
	// Cobra reports an unknown command or a wrong number of arguments as a
	// plain error; to the user it is a usage mistake like any other.
	if msg := err.Error(); strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "accepts ") ||
		strings.HasPrefix(msg, "requires at least") || strings.HasPrefix(msg, "unknown shorthand flag") {
		fmt.Fprintf(m.Stderr, "entente: %s\n", strings.SplitN(msg, "\n", 2)[0])
		fmt.Fprintln(m.Stderr, "hint: see 'entente --help' or 'entente COMMAND --help'")
		return 2
	}
	var nf *notFoundError
	if errors.As(err, &nf) {
		fmt.Fprintf(m.Stderr, "entente: %s\n", nf.Msg)
		if nf.Hint != "" {
			fmt.Fprintf(m.Stderr, "hint: %s\n", nf.Hint)
		}
		return 1
	}
	var silent *exitError
	if errors.As(err, &silent) {
		return silent.code
	}
	fmt.Fprintf(m.Stderr, "entente: %v\n", err)
	return 1
}

// exitError ends a command with a status after it has already printed what
// the user needs (e.g. "no actor matches" with suggestions).
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// notFoundError says that what the user asked for does not exist (an
// actor, a store, a document), with a hint naming the closest things of the
// same kind. It is not a usage mistake: the command was well formed, so
// the status is 1, not 2.
type notFoundError struct {
	Msg  string
	Hint string
}

func (e *notFoundError) Error() string { return e.Msg }

// Unwrap lets callers branch on entente.ErrNotFound.
func (e *notFoundError) Unwrap() error { return entente.ErrNotFound }

type dynamicLevel struct{ l *slog.Level }

func (d *dynamicLevel) Level() slog.Level { return *d.l }

func (m *Main) rootCommand(level *slog.Level) *cobra.Command {
	root := &cobra.Command{
		Use:           "entente",
		Short:         "An evidence-backed, temporal picture of how states are tied to each other",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if m.Config.Verbose {
				*level = slog.LevelDebug
			}
			m.readOnly = readOnlyCommands[topCommand(cmd).Name()]
			m.curated = curatedCommands[topCommand(cmd).Name()]
			m.lockOnWrite = !m.readOnly && !holdWriteCommands[topCommand(cmd).Name()]
			if err := m.Config.Validate(); err != nil {
				return err
			}
			if cols := m.outputColumns(); cols > 0 {
				m.Stdout = &sizedWriter{Writer: m.Stdout, cols: cols}
			}
			return nil
		},
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &entente.UsageError{Msg: err.Error(), Hint: fmt.Sprintf("see '%s --help'", cmd.CommandPath())}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&m.Config.DBPath, "db", m.Config.DBPath, "DuckDB store file, or clickhouse://host:port/database (env ENTENTE_DB)")
	pf.StringVar(&m.Config.Format, "format", m.Config.Format, "output format: table, json or csv")
	pf.IntVar(&m.Config.Threads, "threads", 0, "DuckDB worker threads (0: all cores)")
	pf.BoolVarP(&m.Config.Verbose, "verbose", "v", false, "log debugging detail to stderr")
	pf.DurationVar(&m.Config.Wait, "wait", 0, "wait up to this long (e.g. 30s) while another entente process writes the store")
	pf.BoolVar(&m.Config.Wide, "wide", false, "do not cut tables and text to the terminal's width")
	for _, add := range commands {
		root.AddCommand(add(m))
	}
	return root
}

// outputColumns is the width output is fitted to, 0 for none.
func (m *Main) outputColumns() int {
	if m.Config.Wide {
		return 0
	}
	if m.Columns > 0 {
		return m.Columns
	}
	if f, ok := m.Stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	if c, err := strconv.Atoi(m.Getenv("COLUMNS")); err == nil && c > 0 {
		return c
	}
	return 0
}

// commands lists the subcommand constructors; each subcommand file adds
// itself in an init function so that adding a command touches one file.
var commands []func(*Main) *cobra.Command

func register(c func(*Main) *cobra.Command) { commands = append(commands, c) }

// Registry loads the built-in actor registry once per run.
func (m *Main) Registry() (*registry.Registry, error) {
	if m.registry != nil {
		return m.registry, nil
	}
	r, err := registry.Load()
	if err != nil {
		return nil, fmt.Errorf("load registry: %w", err)
	}
	m.registry = r
	return r, nil
}

// ReadStore opens a store that must already exist: commands that only read
// refuse to create an empty one, which would answer every question with
// empty rows and exit 0.
func (m *Main) ReadStore(ctx context.Context) (entente.Store, error) {
	if m.store == nil && !strings.Contains(m.Config.DBPath, "://") {
		if _, err := os.Stat(m.Config.DBPath); errors.Is(err, os.ErrNotExist) {
			return nil, &notFoundError{
				Msg:  "store not found: " + m.Config.DBPath,
				Hint: "run entente init or entente import (or point --db or ENTENTE_DB at an existing store)",
			}
		}
	}
	return m.Store(ctx)
}

// Store opens the store once per run, creating it when absent, and makes sure it holds the registry
// this binary ships, replacing an older copy in one transaction.
func (m *Main) Store(ctx context.Context) (entente.Store, error) {
	if m.store != nil {
		return m.store, nil
	}
	reg, err := m.Registry()
	if err != nil {
		return nil, err
	}
	cfg := duckdb.Config{Path: m.Config.DBPath, Threads: m.Config.Threads, Clock: m.Clock, Wait: m.Config.Wait, Logger: m.Logger, ReadOnly: m.readOnly, LockOnWrite: m.lockOnWrite, MemoryLimit: m.dbMemoryLimit}
	s, err := m.openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	stale, err := m.staleCopies(ctx, s, reg)
	if err != nil {
		s.Close()
		return nil, err
	}
	if stale && cfg.ReadOnly {
		// A read-only handle cannot refresh the registry or curated
		// facts: refresh them through a brief writable open, then read
		// as asked.
		s.Close()
		rw := cfg
		rw.ReadOnly = false
		if s, err = m.openStore(ctx, rw); err != nil {
			return nil, err
		}
		if err := m.refreshCopies(ctx, s, reg, true); err != nil {
			s.Close()
			return nil, err
		}
		if err := s.Close(); err != nil {
			return nil, err
		}
		if s, err = m.openStore(ctx, cfg); err != nil {
			return nil, err
		}
	} else if stale {
		if err := m.refreshCopies(ctx, s, reg, false); err != nil {
			s.Close()
			return nil, err
		}
	}
	m.store = s
	return s, nil
}

// staleCopies reports whether the store's copy of the registry, or (for
// read-only commands, which cannot write it later) of the curated facts,
// differs from what this binary ships.
func (m *Main) staleCopies(ctx context.Context, s entente.Store, reg *registry.Registry) (bool, error) {
	have, err := s.RegistryVersion(ctx)
	if err != nil {
		return false, err
	}
	if have != reg.Version() {
		return true, nil
	}
	if !m.readOnly || !m.curated {
		return false, nil
	}
	_, src, err := curated.Load()
	if err != nil {
		return false, err
	}
	stored, err := s.Source(ctx, curated.SourceID)
	if errors.Is(err, entente.ErrNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return stored.Checksum != src.Checksum, nil
}

// refreshCopies loads the registry this binary ships into the store when
// it differs, and the curated facts too when asked.
func (m *Main) refreshCopies(ctx context.Context, s entente.Store, reg *registry.Registry, withCurated bool) error {
	have, err := s.RegistryVersion(ctx)
	if err != nil {
		return err
	}
	if have != reg.Version() {
		m.Logger.Debug("loading registry into store", "from", have, "to", reg.Version())
		if err := s.Update(ctx, func(tx entente.Tx) error { return tx.ReplaceRegistry(ctx, reg.Data()) }); err != nil {
			return fmt.Errorf("load registry into store: %w", err)
		}
	}
	if withCurated {
		if _, err := curated.Ensure(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

func (m *Main) close() error {
	if m.store == nil {
		return nil
	}
	err := m.store.Close()
	m.store = nil
	return err
}

// parseDateFlag reads an optional --date style flag; empty means none.
func parseDateFlag(name, value string) (t timeValue, err error) {
	if value == "" {
		return timeValue{}, nil
	}
	d, err := entente.ParseDate(value)
	if err != nil {
		return timeValue{}, &entente.UsageError{Msg: fmt.Sprintf("--%s %q is not a date", name, value), Hint: "write dates as YYYY-MM-DD, e.g. --" + name + " 2024-11-01"}
	}
	return timeValue{d}, nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"entente"
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

	Config Config
	Logger *slog.Logger

	store    entente.Store
	registry *registry.Registry
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
	var usage *entente.UsageError
	if errors.As(err, &usage) {
		fmt.Fprintf(m.Stderr, "entente: %s\n", usage.Msg)
		if usage.Hint != "" {
			fmt.Fprintf(m.Stderr, "hint: %s\n", usage.Hint)
		}
		return 2
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
			return m.Config.Validate()
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
	for _, add := range commands {
		root.AddCommand(add(m))
	}
	return root
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

// Store opens the store once per run and makes sure it holds the registry
// this binary ships, replacing an older copy in one transaction.
func (m *Main) Store(ctx context.Context) (entente.Store, error) {
	if m.store != nil {
		return m.store, nil
	}
	reg, err := m.Registry()
	if err != nil {
		return nil, err
	}
	s, err := m.openStore(ctx)
	if err != nil {
		return nil, err
	}
	have, err := s.RegistryVersion(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	if have != reg.Version() {
		m.Logger.Debug("loading registry into store", "from", have, "to", reg.Version())
		if err := s.Update(ctx, func(tx entente.Tx) error { return tx.ReplaceRegistry(ctx, reg.Data()) }); err != nil {
			s.Close()
			return nil, fmt.Errorf("load registry into store: %w", err)
		}
	}
	m.store = s
	return s, nil
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

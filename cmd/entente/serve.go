package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	nethttp "net/http"
	"os"
	"strings"
	"sync"
	"time"

	"entente"
	"entente/coalition"
	"entente/coder"
	apihttp "entente/http"
	"entente/importer"
	"entente/ingest"
	"entente/metrics"
	"entente/web"

	"github.com/spf13/cobra"
)

func init() { register(serveCommand) }

// serveCommand runs the HTTP API and the web application over the store.
func serveCommand(m *Main) *cobra.Command {
	cfg := apihttp.DefaultConfig()
	var tokenFile string
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080]",
		Short: "Serve the JSON API and the web application (map, dyads, network, coalition builder, reading room)",
		Long: `serve answers the same questions as the other commands over HTTP, from the
same store and the same code: a JSON API under /api/v1/ (described at
/api/openapi.json) and a web application at /. /healthz answers 200 while the
store is reachable; /metrics gives request counts and latencies by route, and
the documents, events and rows written through the server, in the Prometheus
text format.

It listens on loopback unless --addr says otherwise. Reads are open; writes
(ingesting text or URLs, importing files from --data-dir) need the token in
--token-file, sent as "Authorization: Bearer TOKEN", and are refused when no
token file is given. URL ingestion refuses private and loopback addresses
unless --allow-private.`,
		Example: `  entente serve
  entente serve --addr 127.0.0.1:9000 --token-file ~/.entente-token --data-dir ../shared/data`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return &entente.UsageError{Msg: fmt.Sprintf("serve takes no arguments, got %q", args[0]), Hint: "entente serve --addr 127.0.0.1:8080"}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if tokenFile != "" {
				tok, err := readToken(tokenFile)
				if err != nil {
					return err
				}
				cfg.Token = tok
			}
			if err := cfg.Validate(); err != nil {
				return &entente.UsageError{Msg: err.Error(), Hint: "entente serve --addr 127.0.0.1:8080"}
			}
			if !cfg.Loopback() {
				m.Logger.Warn("listening beyond loopback: anyone who can reach the address can read the store", "addr", cfg.Addr)
			}
			met := metrics.New()
			srv, err := m.server(ctx, cfg, met)
			if err != nil {
				return err
			}
			defer srv.Close()
			ln, err := net.Listen("tcp", cfg.Addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
			}
			store, err := m.Store(ctx)
			if err != nil {
				return err
			}
			hs := srv.HTTPServer()
			hs.Handler = withOps(hs.Handler, met, storeCheck(store))
			fmt.Fprintf(m.Stdout, "entente serve: http://%s/ (store %s; Ctrl-C stops)\n", ln.Addr(), m.Config.DBPath)
			done := make(chan error, 1)
			go func() { done <- hs.Serve(ln) }()
			select {
			case err := <-done:
				return fmt.Errorf("serve: %w", err)
			case <-ctx.Done():
			}
			shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := hs.Shutdown(shut); err != nil {
				return fmt.Errorf("serve: shutdown: %w", err)
			}
			if err := <-done; err != nil && !errors.Is(err, nethttp.ErrServerClosed) {
				return fmt.Errorf("serve: %w", err)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (loopback by default)")
	f.StringVar(&tokenFile, "token-file", "", "file holding the bearer token writes need (no file: writes refused)")
	f.BoolVar(&cfg.AllowPrivate, "allow-private", false, "let URL ingestion fetch private and loopback addresses")
	f.StringVar(&cfg.DataDir, "data-dir", "", "folder import jobs may read dataset files from (none: imports over HTTP off)")
	return cmd
}

// readToken reads the write token: the file's first line, at least 16
// characters, so that a blank or trivial token does not open writes.
func readToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", &entente.UsageError{Msg: fmt.Sprintf("--token-file %s: %v", path, err), Hint: "write a long random token into a file readable only by you"}
	}
	tok, _, _ := strings.Cut(string(b), "\n")
	tok = strings.TrimSpace(tok)
	if len(tok) < 16 {
		return "", &entente.UsageError{Msg: fmt.Sprintf("--token-file %s: token shorter than 16 characters", path), Hint: "e.g. head -c 24 /dev/urandom | base64 > token"}
	}
	return tok, nil
}

// Server builds the HTTP face over this run's store and registry, with the
// services the CLI commands use. The end-to-end and browser tests call it.
func (m *Main) Server(ctx context.Context, cfg apihttp.Config) (*apihttp.Server, error) {
	return m.server(ctx, cfg, nil)
}

// server is Server counting the documents, events and rows written through
// it in met (nil: not counted).
func (m *Main) server(ctx context.Context, cfg apihttp.Config, met *metrics.Metrics) (*apihttp.Server, error) {
	svc, err := m.Services(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if met != nil {
		svc.Ingester = countingIngester{svc.Ingester, met}
		if newImporter := svc.NewImporter; newImporter != nil {
			svc.NewImporter = func(p importer.Progress) (apihttp.Importer, error) {
				im, err := newImporter(p)
				if err != nil {
					return nil, err
				}
				return countingImporter{im, met}, nil
			}
		}
	}
	return apihttp.New(cfg, svc, m.Logger)
}

// withOps adds /metrics and /healthz to the server's routes and records
// every request's latency by route. The API's own mux sets the matched
// route on the request, so API requests are labelled with their pattern
// (GET /api/v1/dyads/{a}/{b}), not the raw path.
func withOps(next nethttp.Handler, met *metrics.Metrics, checks ...metrics.Check) nethttp.Handler {
	mux := nethttp.NewServeMux()
	mux.Handle("GET /metrics", met.Handler())
	mux.Handle("GET /healthz", metrics.Health(checks...))
	mux.Handle("/", next)
	return met.Instrument(mux)
}

// countingIngester counts what ingest jobs store.
type countingIngester struct {
	apihttp.Ingester
	met *metrics.Metrics
}

func (c countingIngester) Ingest(ctx context.Context, docs []entente.Document) (ingest.Report, error) {
	rep, err := c.Ingester.Ingest(ctx, docs)
	c.met.Documents.Add(float64(rep.Documents))
	c.met.Events.Add(float64(rep.Events))
	return rep, err
}

// countingImporter counts the rows import jobs store, files that failed
// included (a failed file stores nothing, so it adds nothing).
type countingImporter struct {
	apihttp.Importer
	met *metrics.Metrics
}

func (c countingImporter) Import(ctx context.Context, kind string, paths ...string) (importer.Report, error) {
	rep, err := c.Importer.Import(ctx, kind, paths...)
	for _, f := range rep.Files {
		for _, n := range f.Stored {
			c.met.ImportRows.Add(float64(n))
		}
	}
	return rep, err
}

// Services wires the values the server's handlers call: the same store,
// registry, measures engine, coalition engine, coder and ingestion the
// commands use.
func (m *Main) Services(ctx context.Context, cfg apihttp.Config) (apihttp.Services, error) {
	meas, reg, err := m.measures(ctx, "")
	if err != nil {
		return apihttp.Services{}, err
	}
	s, err := m.Store(ctx)
	if err != nil {
		return apihttp.Services{}, err
	}
	c, err := coder.New(coder.DefaultConfig(), reg)
	if err != nil {
		return apihttp.Services{}, err
	}
	icfg := ingest.DefaultConfig()
	icfg.Clock = m.Clock
	icfg.Client = apihttp.GuardedClient(icfg.Timeout, cfg.AllowPrivate)
	rd, err := ingest.NewReader(icfg)
	if err != nil {
		return apihttp.Services{}, err
	}
	ing, err := ingest.NewService(icfg, s, c)
	if err != nil {
		return apihttp.Services{}, err
	}
	return apihttp.Services{
		Registry:  reg,
		Store:     s,
		Measures:  meas,
		Forecasts: &forecasts{m: m},
		Coder:     c,
		Documents: rd,
		Ingester:  ing,
		NewImporter: func(p importer.Progress) (apihttp.Importer, error) {
			return importer.New(s, importer.Config{Registry: reg, Clock: m.Clock, Progress: p})
		},
		Web: web.Files(),
		Now: m.Clock.Now,
	}, nil
}

// forecasts gives the server the coalition engine for a day, built the way
// predict builds it (coalition.LoadEngine: the saved model reused, else
// fitted and saved), and keeps the last few in LoadEngine's cache: loading
// the snapshot takes seconds, fitting minutes. The cache keys engines by
// the data fingerprint too, so an import or ingest through the server is
// seen by the next request. One lock serialises building and using them:
// the engine caches evidence as it explains and is not safe for concurrent
// use.
type forecasts struct {
	m     *Main
	mu    sync.Mutex
	cache *coalition.EngineCache
}

const keptEngines = 4

func (f *forecasts) Forecaster(ctx context.Context, asof time.Time) (apihttp.Forecaster, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cache == nil {
		f.cache = coalition.NewEngineCache(keptEngines)
	}
	// The fit outlives the request that asked for it: on a busy machine it
	// can take longer than the request timeout, and a fit cut short would
	// be started again by the next request and never saved.
	eng, err := f.m.engineCached(context.WithoutCancel(ctx), asof, false, f.cache)
	if err != nil {
		return nil, err
	}
	return &lockedEngine{mu: &f.mu, eng: eng}, nil
}

// lockedEngine serialises calls on a shared engine.
type lockedEngine struct {
	mu  *sync.Mutex
	eng *coalition.Engine
}

func (l *lockedEngine) Predict(ctx context.Context, mo coalition.Motion) (*coalition.Prediction, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.eng.Predict(ctx, mo)
}

func (l *lockedEngine) Simulate(ctx context.Context, mo coalition.Motion, sc *coalition.Scenario) (*coalition.Simulation, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.eng.Simulate(ctx, mo, sc)
}

func (l *lockedEngine) Coalition(p *coalition.Prediction) *coalition.Coalition {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.eng.Coalition(p)
}

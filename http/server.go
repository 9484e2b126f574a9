package http

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	nethttp "net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"entente"
	"entente/coalition"
	"entente/coder"
	"entente/importer"
	"entente/ingest"
	"entente/measures"
	"entente/registry"
)

// Forecasts gives the coalition engine for an as-of day: the same engine
// `entente predict` and `entente coalition` use, reusing a model saved for
// that day and data. It returns an error wrapping entente.ErrNotFound when
// the store holds no roll calls before the day.
type Forecasts interface {
	Forecaster(ctx context.Context, asof time.Time) (Forecaster, error)
}

// Forecaster predicts, sorts and simulates motions; *coalition.Engine is
// one. Implementations must be safe for concurrent use (the wiring
// serialises the engine, which caches as it explains).
type Forecaster interface {
	Predict(ctx context.Context, m coalition.Motion) (*coalition.Prediction, error)
	Simulate(ctx context.Context, m coalition.Motion, sc *coalition.Scenario) (*coalition.Simulation, error)
	Coalition(p *coalition.Prediction) *coalition.Coalition
}

// Ingester stores documents and the events coded from them in one
// transaction; *ingest.Service is one.
type Ingester interface {
	Ingest(ctx context.Context, docs []entente.Document) (ingest.Report, error)
}

// Importer imports dataset files or folders; the wiring builds one per job
// so that each reports its own progress.
type Importer interface {
	Import(ctx context.Context, kind string, paths ...string) (importer.Report, error)
}

// Services are what the handlers call: the same values the CLI builds.
type Services struct {
	Registry  *registry.Registry
	Store     entente.Reader
	Measures  *measures.Engine
	Forecasts Forecasts
	Coder     *coder.Coder
	// Documents reads pasted text and fetches URLs (its client must refuse
	// private addresses: see GuardedClient).
	Documents *ingest.Reader
	Ingester  Ingester
	// NewImporter builds an importer reporting progress; nil disables
	// import jobs.
	NewImporter func(p importer.Progress) (Importer, error)
	// Web is the web application's files (index.html at the root); nil
	// serves only the API.
	Web fs.FS
	// Now stamps jobs; nil uses the system clock.
	Now func() time.Time
}

// Server is the HTTP face. Build it with New; Handler gives its routes.
type Server struct {
	cfg  Config
	svc  Services
	log  *slog.Logger
	mux  *nethttp.ServeMux
	jobs *jobs
	memo *memo
	// meas is the measures engine, replaced after every write job: it
	// caches the source list and coverage ends for the life of a run.
	meas atomic.Pointer[measures.Engine]
}

// route is one endpoint: the OpenAPI test checks the document against
// this table, and the table against the document.
type route struct {
	method, path string
	write        bool
	handle       func(s *Server, w nethttp.ResponseWriter, r *nethttp.Request) error
}

// routes lists the API. Paths use Go 1.22 patterns, which are also
// OpenAPI path templates.
var routes = []route{
	{method: "GET", path: "/api/v1/actors", handle: (*Server).listActors},
	{method: "GET", path: "/api/v1/actors/{code}", handle: (*Server).getActor},
	{method: "GET", path: "/api/v1/search", handle: (*Server).search},
	{method: "POST", path: "/api/v1/mentions", handle: (*Server).mentions},
	{method: "GET", path: "/api/v1/sources", handle: (*Server).sources},
	{method: "GET", path: "/api/v1/dyads/{a}/{b}", handle: (*Server).dyad},
	{method: "GET", path: "/api/v1/leverage/{over}", handle: (*Server).leverage},
	{method: "GET", path: "/api/v1/alignment/{actor}", handle: (*Server).alignment},
	{method: "GET", path: "/api/v1/map", handle: (*Server).choropleth},
	{method: "GET", path: "/api/v1/network", handle: (*Server).network},
	{method: "GET", path: "/api/v1/events", handle: (*Server).events},
	{method: "GET", path: "/api/v1/documents", handle: (*Server).documents},
	{method: "GET", path: "/api/v1/documents/{id}", handle: (*Server).document},
	{method: "POST", path: "/api/v1/extract", handle: (*Server).extract},
	{method: "POST", path: "/api/v1/predict", handle: (*Server).predict},
	{method: "POST", path: "/api/v1/coalition", handle: (*Server).coalition},
	{method: "POST", path: "/api/v1/scenario", handle: (*Server).scenario},
	{method: "POST", path: "/api/v1/jobs/ingest", write: true, handle: (*Server).startIngest},
	{method: "POST", path: "/api/v1/jobs/import", write: true, handle: (*Server).startImport},
	{method: "GET", path: "/api/v1/jobs", handle: (*Server).listJobs},
	{method: "GET", path: "/api/v1/jobs/{id}", handle: (*Server).getJob},
}

// New builds the server over the services.
func New(cfg Config, svc Services, log *slog.Logger) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if svc.Registry == nil || svc.Store == nil || svc.Measures == nil {
		return nil, fmt.Errorf("serve: registry, store and measures are required: %w", entente.ErrInvalid)
	}
	if svc.Now == nil {
		svc.Now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, svc: svc, log: log, mux: nethttp.NewServeMux(), jobs: newJobs(cfg.KeptJobs, svc.Now), memo: newMemo(cfg.MemoEntries)}
	s.meas.Store(svc.Measures)
	// A write job changes the store: answers computed before it, and the
	// measures engine's caches, are stale.
	s.jobs.onWrite = func() {
		s.memo.clear()
		if e, err := measures.New(svc.Store, svc.Measures.Config()); err == nil {
			s.meas.Store(e)
		} else {
			s.log.Error("renew the measures engine", "err", err)
		}
	}
	for _, rt := range routes {
		s.mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
	}
	s.mux.HandleFunc("GET /api/openapi.json", func(w nethttp.ResponseWriter, r *nethttp.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(openAPI)
	})
	// Anything else under /api/ is a problem, not the web app's page.
	s.mux.HandleFunc("/api/", func(w nethttp.ResponseWriter, r *nethttp.Request) {
		writeProblem(w, r, s.log, fmt.Errorf("no endpoint %s %s: %w", r.Method, r.URL.Path, entente.ErrNotFound))
	})
	if svc.Web != nil {
		web := webHandler(svc.Web)
		s.mux.HandleFunc("/", func(w nethttp.ResponseWriter, r *nethttp.Request) {
			if r.Method != nethttp.MethodGet && r.Method != nethttp.MethodHead {
				w.Header().Set("Allow", "GET, HEAD")
				writeProblem(w, r, s.log, fmt.Errorf("%s %s: only GET: %w", r.Method, r.URL.Path, errMethod))
				return
			}
			web.ServeHTTP(w, r)
		})
	}
	return s, nil
}

// Handler returns the server's routes with its security headers.
func (s *Server) Handler() nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		s.mux.ServeHTTP(w, r)
	})
}

// HTTPServer returns a net/http server with the configured timeouts; the
// caller listens and shuts it down.
func (s *Server) HTTPServer() *nethttp.Server {
	return &nethttp.Server{
		Addr:              s.cfg.Addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// measures returns the current measures engine.
func (s *Server) measures() *measures.Engine { return s.meas.Load() }

// Close stops running jobs and waits for them.
func (s *Server) Close() { s.jobs.close() }

// wrap applies what every endpoint shares: the token check on writes, the
// body limit, the request timeout and the one error mapping.
func (s *Server) wrap(rt route) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		defer func() {
			// A panic is a bug: the client gets a 500, the log the detail.
			if p := recover(); p != nil {
				s.log.Error("panic in handler", "path", r.URL.Path, "panic", p)
				writeProblem(w, r, s.log, fmt.Errorf("panic: %v", p))
			}
		}()
		if rt.write {
			if err := s.authorise(r); err != nil {
				writeProblem(w, r, s.log, err)
				return
			}
		}
		r.Body = nethttp.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		if err := rt.handle(s, w, r.WithContext(ctx)); err != nil {
			writeProblem(w, r, s.log, err)
		}
	})
}

func (s *Server) authorise(r *nethttp.Request) error {
	if s.cfg.Token == "" {
		return errWritesOff
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.cfg.Token)) != 1 {
		return errUnauthorized
	}
	return nil
}

// writeJSON answers 200 (or status) with v as JSON.
func writeJSON(w nethttp.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

// readJSON decodes a JSON body into v, refusing unknown fields so that a
// misspelt parameter is an error rather than silently ignored.
func readJSON(r *nethttp.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *nethttp.MaxBytesError
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &tooLarge):
			return fmt.Errorf("%w: at most %d bytes", errTooLarge, tooLarge.Limit)
		case errors.As(err, &typeErr):
			return badParam(typeErr.Field, fmt.Errorf("want %s", typeErr.Type))
		case errors.Is(err, io.EOF):
			return badParam("body", errors.New("empty body: want a JSON object"))
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return badParam(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), errors.New("unknown field"))
		}
		return badParam("body", fmt.Errorf("not JSON: %v", err))
	}
	return nil
}

// webHandler serves the embedded web application: its index page for the
// root and for every client-side route, its assets by name. The file
// system is the embedded bundle: request paths never reach the disk.
func webHandler(files fs.FS) nethttp.Handler {
	index := "index.html"
	if _, err := fs.Stat(files, index); err != nil {
		// The bundle is not built: the placeholder says how to build it.
		index = "placeholder.html"
	}
	static := nethttp.FileServerFS(files)
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" || name == "index.html" || !fs.ValidPath(name) {
			serveIndex(w, r, files, index)
			return
		}
		if _, err := fs.Stat(files, name); err != nil {
			serveIndex(w, r, files, index)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		static.ServeHTTP(w, r)
	})
}

func serveIndex(w nethttp.ResponseWriter, r *nethttp.Request, files fs.FS, index string) {
	b, err := fs.ReadFile(files, index)
	if err != nil {
		nethttp.Error(w, "web application missing", nethttp.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'")
	_, _ = w.Write(b)
}

// GuardedClient returns an HTTP client for URL ingestion that refuses to
// connect to private, loopback, link-local and unspecified addresses,
// checked on the address actually dialled (after DNS, so a name pointing
// inside is refused too), unless allowPrivate is set.
func GuardedClient(timeout time.Duration, allowPrivate bool) *nethttp.Client {
	d := &net.Dialer{Timeout: timeout}
	if !allowPrivate {
		d.ControlContext = func(ctx context.Context, network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip := net.ParseIP(host)
			if ip == nil || forbiddenIP(ip) {
				return fmt.Errorf("dial %s: %w", address, errPrivateAddr)
			}
			return nil
		}
	}
	tr := nethttp.DefaultTransport.(*nethttp.Transport).Clone()
	tr.Proxy = nil
	tr.DialContext = d.DialContext
	return &nethttp.Client{
		Timeout:   timeout,
		Transport: tr,
		CheckRedirect: func(req *nethttp.Request, via []*nethttp.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			return checkURL(req.URL.String())
		},
	}
}

// forbiddenIP reports addresses URL ingestion must not reach by default.
func forbiddenIP(ip net.IP) bool {
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast()
}

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	nethttp "net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"entente"
	"entente/coder"
	"entente/duckdb"
	"entente/ingest"
	"entente/metrics"
	ententenats "entente/nats"

	"github.com/spf13/cobra"
)

func init() { register(workerCommand) }

// workerCommand codes documents taken from the queue into the store.
func workerCommand(m *Main) *cobra.Command {
	qc := ententenats.DefaultConfig()
	var (
		embedded    bool
		queueDir    string
		metricsAddr string
		untilEmpty  bool
	)
	cmd := &cobra.Command{
		Use:   "worker --queue nats://HOST:PORT",
		Short: "Code documents taken from a NATS JetStream queue (filled by ingest --queue) and store them with their events",
		Long: `worker takes documents from the queue in batches, codes them as ingest does
and stores each batch, documents and events, in one transaction; it
acknowledges a batch only after it is stored. While it works on a batch it
tells the queue so every third of --ack-wait; a worker that dies stops telling,
and its batch goes to another after --ack-wait: document and event ids are
content hashes, so a document stored twice is stored once.

A document that cannot be read (not JSON, no text, an id that is not the hash
of its text), or that was delivered --max-deliver times without being stored,
goes to the dead-letter stream (subject entente.dead) with the reason in the
Entente-Reason header.

--embedded starts a NATS server with JetStream inside the worker, listening at
the --queue address and keeping its files in --queue-dir: one machine needs no
other server. Several worker processes may share one store: a ClickHouse
store, or a DuckDB file, which DuckDB lets one process write at a time: a
worker holds it while batches keep coming and lets go when the queue runs dry;
the others wait with their batch until it is free, and take over when the
holder stops or dies.

SIGTERM or SIGINT stops the worker: it finishes the batch in flight, hands
back one fetched too late, and prints what it did.

The worker serves /healthz (store and queue reachable) and /metrics
(Prometheus text format) at --metrics-addr.`,
		Example: `  entente worker --embedded --queue nats://127.0.0.1:4222
  entente ingest --queue nats://127.0.0.1:4222 ./articles
  entente worker --queue nats://n1:4222,nats://n2:4222 --replicas 3 --db clickhouse://h1:9000/entente`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return &entente.UsageError{Msg: fmt.Sprintf("worker takes no arguments, got %q", args[0]), Hint: "entente worker --queue nats://127.0.0.1:4222"}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			// SIGTERM, which service managers send, stops the worker as
			// SIGINT does: the batch in flight is finished and the summary
			// printed.
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM)
			defer stop()
			if err := qc.Validate(); err != nil {
				return &entente.UsageError{Msg: err.Error(), Hint: "entente worker --queue nats://127.0.0.1:4222"}
			}
			if embedded {
				srv, err := startEmbedded(qc.URL, queueDir)
				if err != nil {
					return err
				}
				defer srv.Shutdown()
			}
			w, err := m.newWorker(ctx, qc, metrics.New(), &sync.Mutex{})
			if err != nil {
				return err
			}
			defer w.close()
			if metricsAddr != "" {
				stop, addr, err := w.serveOps(metricsAddr)
				if err != nil {
					return err
				}
				defer stop()
				fmt.Fprintf(m.Stdout, "entente worker: metrics at http://%s/metrics, health at /healthz\n", addr)
			}
			if untilEmpty {
				w.untilEmpty = true
			}
			if err := w.run(ctx); err != nil {
				return err
			}
			st := w.stats()
			t := table{Header: []string{"documents", "events", "dead letters", "redeliveries"}}
			t.Rows = [][]string{{fmt.Sprint(st.Documents), fmt.Sprint(st.Events), fmt.Sprint(st.DeadLetters), fmt.Sprint(st.Redeliveries)}}
			t.Records = st
			if err := t.write(m.Stdout, m.Config.Format); err != nil || m.Config.Format != "table" {
				return err
			}
			say(m.Stdout, "\ndocuments: documents this worker stored; events: new events coded from them; dead letters:"+
				" documents it sent to the dead-letter stream; redeliveries: documents it received more than once.")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&qc.URL, "queue", qc.URL, "NATS server URL(s), comma-separated")
	f.IntVar(&qc.Replicas, "replicas", qc.Replicas, "copies of the streams in a NATS cluster (1, 3 or 5)")
	f.IntVar(&qc.Batch, "batch", qc.Batch, "documents fetched and stored at once")
	f.IntVar(&qc.MaxAckPending, "max-pending", qc.MaxAckPending, "documents delivered and not yet acknowledged, over all workers (back-pressure)")
	f.IntVar(&qc.MaxDeliver, "max-deliver", qc.MaxDeliver, "deliveries after which a document goes to the dead-letter stream")
	f.DurationVar(&qc.AckWait, "ack-wait", qc.AckWait, "time after which the batch of a worker that stopped reporting progress (it died) goes to another worker")
	f.BoolVar(&embedded, "embedded", false, "start a NATS server with JetStream in this process at the --queue address")
	f.StringVar(&queueDir, "queue-dir", "entente-queue", "where the embedded server keeps its files")
	f.StringVar(&metricsAddr, "metrics-addr", "127.0.0.1:9464", "address of /metrics and /healthz (empty: none)")
	f.BoolVar(&untilEmpty, "until-empty", false, "stop once the queue is empty instead of waiting for more")
	return cmd
}

// startEmbedded starts a single embedded server listening where rawURL
// (the first of the list) points.
func startEmbedded(rawURL, dir string) (*ententenats.Server, error) {
	first, _, _ := strings.Cut(rawURL, ",")
	u, err := url.Parse(first)
	if err != nil || u.Hostname() == "" {
		return nil, &entente.UsageError{Msg: fmt.Sprintf("--queue %q is not a nats://host:port URL", rawURL), Hint: "entente worker --embedded --queue nats://127.0.0.1:4222"}
	}
	cfg := ententenats.DefaultServerConfig(dir)
	cfg.Host = u.Hostname()
	if p := u.Port(); p != "" {
		if cfg.Port, err = strconv.Atoi(p); err != nil {
			return nil, &entente.UsageError{Msg: fmt.Sprintf("--queue %q: bad port", rawURL), Hint: "entente worker --embedded --queue nats://127.0.0.1:4222"}
		}
	}
	return ententenats.StartServer(cfg)
}

// worker is one consumer of the document queue.
type worker struct {
	q           *ententenats.Queue
	coding      *ingest.Service // codes batches; reads no store
	closeCoding func()
	icfg        ingest.Config
	coder       *coder.Coder
	stores      *batchStores
	commit      *sync.Mutex
	met         *metrics.Metrics
	log         *slog.Logger
	maxDeliver  int
	ackWait     time.Duration
	untilEmpty  bool

	mu        sync.Mutex
	st        workerStats
	lastWrite error // the last batch's store error, for /healthz
}

// workerStats counts what one worker did.
type workerStats struct {
	Documents    int `json:"documents"`
	Events       int `json:"events"`
	DeadLetters  int `json:"dead_letters"`
	Redeliveries int `json:"redeliveries"`
}

// serialStore lets the workers of one process share a store: coding runs
// in parallel, transactions one at a time, because the events of two
// batches may share ids and each Update looks up what the other is about
// to write.
type serialStore struct {
	entente.Store
	mu *sync.Mutex
}

func (s serialStore) Update(ctx context.Context, fn func(entente.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.Update(ctx, fn)
}

// batchStores hands a worker the store for each batch. A server store
// (ClickHouse) stays open for the worker's life. A DuckDB file is opened
// when a batch is to be written and kept while batches follow each other,
// then closed as soon as the queue runs dry: DuckDB lets one process at a
// time write a file and keeps every other process out while it holds any
// handle, so workers in several processes share a file by turns. The
// others wait for it with their batch in progress, and the first to get it
// carries on when the holder stops or dies. (Opening is not free: DuckDB
// checks every source's row counts, which grows with the store.)
type batchStores struct {
	held entente.Store // a server store, or nil for a DuckDB file
	file duckdb.Config
	cur  *duckdb.Store // the DuckDB file while this worker holds it
	// probe checks the store for /healthz without holding it.
	probe func(context.Context) error
}

func (b *batchStores) open(ctx context.Context) (entente.Store, error) {
	if b.held != nil {
		return b.held, nil
	}
	if b.cur == nil {
		s, err := duckdb.Open(ctx, b.file)
		if err != nil {
			return nil, err
		}
		b.cur = s
	}
	return b.cur, nil
}

// release lets go of a DuckDB file, so that other processes may write it.
func (b *batchStores) release() {
	if b.cur != nil {
		b.cur.Close()
		b.cur = nil
	}
}

// newWorker connects a worker to the queue and this run's store, coding
// with the pipeline ingest uses. Workers given the same commit mutex
// serialise their transactions.
func (m *Main) newWorker(ctx context.Context, qc ententenats.Config, met *metrics.Metrics, commit *sync.Mutex) (*worker, error) {
	// Another worker process may be writing a shared DuckDB file.
	if m.Config.Wait < qc.AckWait {
		m.Config.Wait = qc.AckWait
	}
	// The first open creates or migrates the store and refreshes its copy
	// of the registry, as for any command.
	s, err := m.Store(ctx)
	if err != nil {
		return nil, err
	}
	stores := &batchStores{held: s, probe: storeCheck(s).Probe}
	if path := m.Config.DBPath; !strings.Contains(path, "://") && path != ":memory:" {
		if err := m.close(); err != nil {
			return nil, err
		}
		stores = &batchStores{
			// A worker waits for the file as long as another holds it
			// (until it is stopped): its batch is kept in progress.
			file: duckdb.Config{Path: path, Threads: m.Config.Threads, Clock: m.Clock, Wait: 365 * 24 * time.Hour, Logger: m.Logger},
			probe: func(context.Context) error {
				_, err := os.Stat(path)
				return err
			},
		}
	}
	return m.newWorkerOn(ctx, stores, qc, met, commit)
}

func (m *Main) newWorkerOn(ctx context.Context, stores *batchStores, qc ententenats.Config, met *metrics.Metrics, commit *sync.Mutex) (*worker, error) {
	// The same coder as ingest's, so that a queued document gets the
	// events an in-process ingest would give it.
	c, err := m.newCoder()
	if err != nil {
		return nil, err
	}
	cfg := ingest.DefaultConfig()
	cfg.Clock = m.Clock
	// Coding reads no store, and a DuckDB file must not be held between
	// batches: the service that codes gets the held store, or a throwaway
	// in-memory one; each batch is stored through a service of its own.
	codingStore, closeCoding := stores.held, func() {}
	if codingStore == nil {
		mem, err := duckdb.Open(ctx, duckdb.Config{Path: ":memory:", Threads: 1, Clock: m.Clock, Logger: m.Logger})
		if err != nil {
			return nil, err
		}
		codingStore, closeCoding = mem, func() { mem.Close() }
	}
	coding, err := ingest.NewService(cfg, codingStore, c)
	if err != nil {
		closeCoding()
		return nil, err
	}
	q, err := ententenats.Connect(ctx, qc)
	if err != nil {
		closeCoding()
		return nil, err
	}
	met.QueueLag(q.Lag)
	return &worker{q: q, coding: coding, closeCoding: closeCoding, icfg: cfg, coder: c, stores: stores, commit: commit, met: met, log: m.Logger,
		maxDeliver: qc.MaxDeliver, ackWait: qc.AckWait}, nil
}

// close lets go of the queue and the stores.
func (w *worker) close() {
	w.q.Close()
	w.stores.release()
	w.closeCoding()
}

func (w *worker) stats() workerStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.st
}

// serveOps serves /metrics and /healthz at addr until stop is called.
func (w *worker) serveOps(addr string) (stop func(), bound string, err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	mux := nethttp.NewServeMux()
	mux.Handle("GET /metrics", w.met.Handler())
	mux.Handle("GET /healthz", metrics.Health(metrics.Check{Name: "store", Probe: w.storeHealth}, metrics.Check{Name: "queue", Probe: func(context.Context) error {
		if !w.q.Connected() {
			return errors.New("not connected")
		}
		return nil
	}}))
	hs := &nethttp.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return func() { hs.Close() }, ln.Addr().String(), nil
}

// storeCheck probes the store with its cheapest read.
func storeCheck(s entente.Store) metrics.Check {
	return metrics.Check{Name: "store", Probe: func(ctx context.Context) error {
		_, err := s.RegistryVersion(ctx)
		return err
	}}
}

// storeHealth fails when the store cannot be reached or the last batch
// could not be written to it.
func (w *worker) storeHealth(ctx context.Context) error {
	if err := w.stores.probe(ctx); err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.lastWrite != nil {
		return fmt.Errorf("last batch not stored: %w", w.lastWrite)
	}
	return nil
}

// run handles batches until ctx ends (or, with untilEmpty, until a fetch
// finds the queue empty). Queue errors are waited out: servers restart
// and elect leaders while a worker runs. When ctx ends (SIGTERM, SIGINT)
// the batch in flight is finished and acknowledged; a batch fetched just
// as ctx ended is handed back at once for another worker.
func (w *worker) run(ctx context.Context) error {
	for ctx.Err() == nil {
		ds, err := w.q.Fetch(ctx)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			w.log.Warn("worker: fetch failed; retrying", "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(500 * time.Millisecond):
			}
			continue
		}
		if ctx.Err() != nil {
			for _, d := range ds {
				if err := d.Nak(0); err != nil {
					w.log.Warn("worker: nak failed; the document comes back after the ack wait", "err", err)
				}
			}
			break
		}
		if len(ds) == 0 {
			// Nothing to do: another worker process may use the file.
			w.stores.release()
			if w.untilEmpty {
				if lag, err := w.q.Lag(ctx); err == nil && lag == 0 {
					return nil
				}
			}
			continue
		}
		// The batch is finished even if ctx ends meanwhile, within one
		// ack wait from then: a stop is not held up for long.
		bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		deadline := context.AfterFunc(ctx, func() { time.AfterFunc(w.ackWait, cancel) })
		stop := w.keepAlive(ds)
		w.handle(bctx, ds)
		stop()
		deadline()
		cancel()
	}
	return nil
}

// keepAlive tells the queue every third of the ack wait that the batch is
// still being worked on, until stop is called, so that a slow batch is
// not redelivered to another worker while this one is alive; a worker
// that dies stops telling, and its batch comes back after the ack wait.
func (w *worker) keepAlive(ds []ententenats.Delivery) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(w.ackWait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				for _, d := range ds {
					// Acknowledged deliveries refuse it; that is harmless.
					_ = d.InProgress()
				}
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// handle stores one batch and acknowledges what was stored.
func (w *worker) handle(ctx context.Context, ds []ententenats.Delivery) {
	var (
		good []ententenats.Delivery
		docs []entente.Document
	)
	for _, d := range ds {
		if d.Deliveries > 1 {
			w.count(func(st *workerStats) { st.Redeliveries++ }, w.met.Redeliveries, 1)
		}
		if d.Deliveries > uint64(w.maxDeliver) {
			w.dead(ctx, d, fmt.Sprintf("delivered %d times without being stored", d.Deliveries-1))
			continue
		}
		doc, err := d.Document()
		if err == nil {
			err = checkDocument(doc)
		}
		if err != nil {
			w.dead(ctx, d, err.Error())
			continue
		}
		good = append(good, d)
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return
	}
	// Coding, the slow part, happens before the store is opened, so that
	// workers sharing a DuckDB file hold it only while they write.
	began := time.Now()
	coded, err := w.coding.Code(ctx, docs)
	if err == nil {
		codedAt := time.Now()
		var rep ingest.Report
		if rep, err = w.store(ctx, coded); err == nil {
			w.log.Debug("worker: batch stored", "documents", len(docs), "coding", codedAt.Sub(began), "storing", time.Since(codedAt))
			w.stored(ctx, good, rep)
			return
		}
	}
	if ctx.Err() != nil {
		// Out of time: the batch comes back to a worker after the ack wait.
		return
	}
	// One document may sink a whole batch (the store refusing it): store
	// them one by one, so that only that one is retried and, after
	// --max-deliver tries, dead-lettered.
	w.log.Warn("worker: batch not stored; storing its documents one by one", "documents", len(docs), "err", err)
	for i, d := range good {
		coded, err := w.coding.Code(ctx, docs[i:i+1])
		var rep ingest.Report
		if err == nil {
			rep, err = w.store(ctx, coded)
		}
		switch {
		case err == nil:
			w.stored(ctx, good[i:i+1], rep)
		case ctx.Err() != nil:
			return
		case d.Deliveries >= uint64(w.maxDeliver):
			w.dead(ctx, d, err.Error())
		default:
			if err := d.Nak(time.Duration(d.Deliveries) * time.Second); err != nil {
				w.log.Warn("worker: nak failed", "err", err)
			}
		}
	}
}

// store writes coded documents in one transaction on the batch's store.
func (w *worker) store(ctx context.Context, coded []ingest.Coded) (ingest.Report, error) {
	rep, err := func() (ingest.Report, error) {
		s, err := w.stores.open(ctx)
		if err != nil {
			return ingest.Report{}, err
		}
		svc, err := ingest.NewService(w.icfg, serialStore{s, w.commit}, w.coder)
		if err != nil {
			return ingest.Report{}, err
		}
		return svc.Store(ctx, coded)
	}()
	if err != nil {
		// Reopened for the next batch, in case the handle is the trouble.
		w.stores.release()
	}
	w.mu.Lock()
	w.lastWrite = err
	w.mu.Unlock()
	return rep, err
}

// stored acknowledges deliveries whose documents the store committed. A
// lost acknowledgement only means a redelivery, which finds the document
// stored and changes nothing.
func (w *worker) stored(ctx context.Context, ds []ententenats.Delivery, rep ingest.Report) {
	w.count(func(st *workerStats) { st.Documents += rep.Documents; st.Events += rep.Events }, w.met.Documents, float64(rep.Documents))
	w.met.Events.Add(float64(rep.Events))
	for _, d := range ds {
		if err := d.Ack(ctx); err != nil {
			w.log.Warn("worker: acknowledgement lost; the document will come back", "err", err)
		}
	}
}

func (w *worker) dead(ctx context.Context, d ententenats.Delivery, reason string) {
	if err := w.q.DeadLetter(ctx, d, reason); err != nil {
		w.log.Warn("worker: dead letter failed; the document will come back", "reason", reason, "err", err)
		return
	}
	w.count(func(st *workerStats) { st.DeadLetters++ }, w.met.DeadLetters, 1)
}

func (w *worker) count(f func(*workerStats), c interface{ Add(float64) }, n float64) {
	w.mu.Lock()
	f(&w.st)
	w.mu.Unlock()
	c.Add(n)
}

// checkDocument refuses what a reader could not have produced: a document
// without text, or whose id is not the content hash ingest gives it (the
// id is what makes redelivery idempotent, so it must be trustworthy).
func checkDocument(d entente.Document) error {
	if strings.TrimSpace(d.Text) == "" {
		return errors.New("document without text")
	}
	if want := ingest.DocumentID(d.Text); d.ID != want {
		return fmt.Errorf("document id %q is not the hash of its text (%s)", d.ID, want)
	}
	return nil
}

// publishDocuments is ingest --queue: the documents go to the queue for
// the workers, and the count published is reported.
func publishDocuments(ctx context.Context, m *Main, queueURL string, docs []entente.Document) error {
	qc := ententenats.DefaultConfig()
	qc.URL = queueURL
	q, err := ententenats.ConnectPublisher(ctx, qc)
	if err != nil {
		return err
	}
	defer q.Close()
	publishing := m.Progress().Phase("publishing", int64(len(docs)), "documents")
	for _, d := range docs {
		if err := q.Publish(ctx, d); err != nil {
			return err
		}
		publishing.Add(1)
	}
	publishing.Done()
	t := table{Header: []string{"published"}, Rows: [][]string{{fmt.Sprint(len(docs))}}, Records: struct {
		Published int `json:"published"`
	}{len(docs)}}
	if err := t.write(m.Stdout, m.Config.Format); err != nil || m.Config.Format != "table" {
		return err
	}
	say(m.Stdout, "\npublished: documents put on the queue; entente worker codes and stores them.")
	return nil
}

package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"entente"
	"entente/duckdb"
	"entente/internal/synth"
)

// The scale benchmarks load a synthetic GDELT-shaped event record of
// $ENTENTE_SCALE_EVENTS events (default 200,000) into DuckDB and into
// ClickHouse on one server and on two shards, then time the dyad timeline
// (SummarizeEvents for one directed dyad) against the same query written by
// hand in SQL. Each store is loaded once per process; the load rate is
// reported as load-rows/s. $ENTENTE_SCALE_DATABASE names a ClickHouse
// database loaded before (the two-shard one is that name with "_2"): it is
// timed as it stands, not loaded, and not dropped.
//
//	ENTENTE_CLICKHOUSE=127.0.0.1:19000,127.0.0.1:19001 ENTENTE_SCALE_EVENTS=10000000 \
//	  go test -run '^$' -bench Scale -benchtime 20x -timeout 2h ./clickhouse

type loaded struct {
	store    entente.Store
	rate     float64
	events   int64
	err      error
	optimize time.Duration // merging the loaded parts, before timing
	cleanups []func()
}

var (
	scaleMu     sync.Mutex
	scaleStores = map[string]*loaded{}
)

func scaleEvents() int {
	if v, err := strconv.Atoi(os.Getenv("ENTENTE_SCALE_EVENTS")); err == nil && v > 0 {
		return v
	}
	return 200000
}

// scaleLoad is how the record gets into the stores: "entente" (the
// default) sends every event through Store.Update and AppendEvents, as an
// import does; "sql" sends the first batch that way (the source and its
// commit) and generates the rest inside the store with the same arithmetic
// (synth.DuckDBSelect, synth.ClickHouseSelect) into the same tables, which
// is how 100M events load in minutes rather than hours.
func scaleLoad() string {
	if os.Getenv("ENTENTE_SCALE_LOAD") == "sql" {
		return "sql"
	}
	return "entente"
}

// loadScale fills a store with the synthetic record in one update, in
// batches as the importer sends them, or with bulk SQL after the first
// batch. It returns the load rate in rows/s.
func loadScale(s entente.Store, n int) (float64, error) {
	ctx := context.Background()
	const batch = 8192
	upto := n
	if scaleLoad() == "sql" {
		upto = min(batch, n)
	}
	start := time.Now()
	err := s.Update(ctx, func(tx entente.Tx) error {
		if err := tx.PutSource(ctx, entente.Source{ID: synth.Source, Dataset: "synthetic", Rows: int64(n)}); err != nil {
			return err
		}
		for i := 0; i < upto; i += batch {
			if err := tx.AppendEvents(ctx, synth.Events(int64(i), int64(min(i+batch, upto)))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || upto == n {
		return float64(n) / time.Since(start).Seconds(), err
	}
	start = time.Now()
	switch st := s.(type) {
	case *duckdb.Store:
		_, err = st.DB().ExecContext(ctx, `INSERT INTO events `+synth.DuckDBSelect(int64(upto), int64(n)))
	case *Store:
		var txID uint64
		if err := st.Conn().QueryRow(ctx, `SELECT max(tx) FROM `+st.Database()+`.txlog WHERE source = `+quote(synth.Source)+` AND op = 'w'`).Scan(&txID); err != nil {
			return 0, err
		}
		// Each shard generates its share (event i on shard i mod shards)
		// into its local table: an even split, as the importer's hash of
		// the event id gives.
		// The rows go in slices of 1M, the server's insert block: one
		// INSERT of 100M rows outlasts the client's read timeout on a
		// loaded machine, and the server then finishes it after the
		// benchmark has given up. Two slices
		// run at a time, one per core: 18.16 runs an INSERT … SELECT in
		// one thread, which left the second core idle (with two shards the
		// pair is mostly one slice on each server).
		const slice = 1 << 20
		type job struct{ lo, shard int }
		jobs := make(chan job)
		go func() {
			defer close(jobs)
			for lo := upto; lo < n; lo += slice {
				for k := range st.shards {
					jobs <- job{lo, k}
				}
			}
		}()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for w := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					if errs[w] != nil {
						continue // drain, so the producer ends
					}
					q := `INSERT INTO ` + st.Database() + `.events (` + strings.Join(tEvents.cols, ", ") + `) ` +
						synth.ClickHouseSelect(int64(j.lo), int64(min(j.lo+slice, n)), txID, len(st.shards), j.shard)
					errs[w] = st.shards[j.shard].Exec(ctx, q)
				}
			}()
		}
		wg.Wait()
		err = errors.Join(errs...)
	}
	return float64(n-upto) / time.Since(start).Seconds(), err
}

// scaleStore opens and loads one store once per process.
func scaleStore(b *testing.B, name string) *loaded {
	b.Helper()
	scaleMu.Lock()
	defer scaleMu.Unlock()
	if l, ok := scaleStores[name]; ok {
		return l
	}
	l := &loaded{}
	scaleStores[name] = l
	ctx := context.Background()
	switch name {
	case "duckdb":
		dir, err := os.MkdirTemp("", "entente-scale-")
		if err != nil {
			l.err = err
			return l
		}
		l.cleanups = append(l.cleanups, func() { os.RemoveAll(dir) })
		s, err := duckdb.Open(ctx, duckdb.Config{Path: dir + "/scale.duckdb"})
		if err != nil {
			l.err = err
			return l
		}
		l.store = s
	default:
		addrs := testAddrs(b)
		cfg := Config{Addrs: addrs[:1], Database: "entente_scale_" + strconv.Itoa(os.Getpid())}
		kept := os.Getenv("ENTENTE_SCALE_DATABASE")
		if kept != "" {
			cfg.Database = kept
		}
		if name == "clickhouse-2-shards" {
			if len(addrs) < 2 {
				l.err = fmt.Errorf("ENTENTE_CLICKHOUSE names one server; two shards need two")
				return l
			}
			cfg.Addrs, cfg.Cluster, cfg.Database = addrs[:2], "entente", cfg.Database+"_2"
		}
		s, err := Open(ctx, cfg)
		if err != nil {
			l.err = err
			return l
		}
		l.store = s
		if kept != "" {
			if l.err = optimize(ctx, s); l.err != nil {
				return l
			}
			table := s.Database() + ".events"
			if s.Shards() > 1 {
				table += "_d"
			}
			l.err = s.Conn().QueryRow(ctx, `SELECT toInt64(count()) FROM `+table).Scan(&l.events)
			// A database loaded before (by a run killed after its load, or
			// one whose load was stopped) is measured as it stands and
			// kept: loading 100M events takes far longer than timing them.
			return l
		}
		l.cleanups = append(l.cleanups, func() { s.DropDatabase(context.Background()) })
	}
	l.events = int64(scaleEvents())
	l.rate, l.err = loadScale(l.store, scaleEvents())
	if st, ok := l.store.(*Store); ok && l.err == nil {
		start := time.Now()
		l.err = optimize(ctx, st)
		l.optimize = time.Since(start)
	}
	return l
}

// optimize merges each partition of the events table to one part on every
// shard before anything is timed, so that a query pays for the table's
// size and not for how many INSERT blocks built it (each part costs at
// least one granule read). Partitions are merged one at a time, each
// within the client's read timeout.
func optimize(ctx context.Context, st *Store) error {
	for _, conn := range st.shards {
		rows, err := conn.Query(ctx, `SELECT partition FROM system.parts WHERE database = `+quote(st.Database())+
			` AND table = 'events' AND active GROUP BY partition HAVING count() > 1 ORDER BY partition`)
		if err != nil {
			return err
		}
		var parts []string
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return err
			}
			parts = append(parts, p)
		}
		rows.Close()
		for _, p := range parts {
			if err := conn.Exec(ctx, `OPTIMIZE TABLE `+st.Database()+`.events PARTITION `+p+` FINAL`); err != nil {
				return fmt.Errorf("optimize partition %s: %w", p, err)
			}
		}
	}
	return nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, l := range scaleStores {
		for _, c := range l.cleanups {
			c()
		}
		if l.store != nil {
			l.store.Close()
		}
	}
	os.Exit(code)
}

// handSQL is the dyad timeline written directly against the table, with
// no commit-log visibility filter.
func handSQL(ctx context.Context, s entente.Store, src, tgt string) (int, error) {
	switch st := s.(type) {
	case *duckdb.Store:
		rows, err := st.DB().QueryContext(ctx, `SELECT year(date) AS y, src_country, tgt_country, plover, negated, count(*), sum(goldstein), sum(mentions)::BIGINT
			FROM events WHERE src_country = ? AND tgt_country = ? GROUP BY ALL ORDER BY y, plover, negated`, src, tgt)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			n++
		}
		return n, rows.Err()
	case *Store:
		table := st.Database() + ".events"
		if st.Shards() > 1 {
			table += "_d"
		}
		rows, err := st.Conn().Query(ctx, `SELECT intDiv(date, 10000) AS y, src_country, tgt_country, plover, negated, count(), sum(goldstein), sum(mentions)
			FROM `+table+` WHERE src_country = `+quote(src)+` AND tgt_country = `+quote(tgt)+` GROUP BY y, src_country, tgt_country, plover, negated ORDER BY y, plover, negated`)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			n++
		}
		return n, rows.Err()
	}
	return 0, fmt.Errorf("no hand-written SQL for %T", s)
}

// median returns the middle duration of ds in ms.
func median(ds []time.Duration) float64 {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return float64(ds[len(ds)/2].Microseconds()) / 1000
}

// BenchmarkScale_DyadTimeline times the dyad timeline Russia → North Korea
// (what `entente dyad RUS PRK` asks the store) against the same query
// written by hand, on each store holding the synthetic record. Each
// iteration runs both queries, in alternating order, so that on a shared
// machine a change of load between runs falls on both alike: the ratio of
// the two medians is what the store's visibility filter and mapping cost.
func BenchmarkScale_DyadTimeline(b *testing.B) {
	ctx := context.Background()
	names := []string{"duckdb", "clickhouse-1-server", "clickhouse-2-shards"}
	if os.Getenv("ENTENTE_CLICKHOUSE") == "" {
		names = names[:1]
	}
	for _, name := range names {
		b.Run(name, func(b *testing.B) {
			l := scaleStore(b, name)
			if l.err != nil {
				b.Fatal(l.err)
			}
			store := func() error {
				sums, err := l.store.SummarizeEvents(ctx, entente.EventFilter{SourceCountry: "RUS", TargetCountry: "PRK"})
				if err == nil && len(sums) == 0 {
					err = fmt.Errorf("no dyad rows")
				}
				return err
			}
			hand := func() error {
				n, err := handSQL(ctx, l.store, "RUS", "PRK")
				if err == nil && n == 0 {
					err = fmt.Errorf("no dyad rows")
				}
				return err
			}
			var ds, dh []time.Duration
			timed := func(fn func() error, into *[]time.Duration) {
				start := time.Now()
				if err := fn(); err != nil {
					b.Fatal(err)
				}
				*into = append(*into, time.Since(start))
			}
			for i := 0; b.Loop(); i++ {
				if i%2 == 0 {
					timed(store, &ds)
					timed(hand, &dh)
				} else {
					timed(hand, &dh)
					timed(store, &ds)
				}
			}
			ms, mh := median(ds), median(dh)
			b.ReportMetric(ms, "p50-ms")
			b.ReportMetric(mh, "hand-p50-ms")
			b.ReportMetric(ms/mh, "ratio")
			if l.rate > 0 {
				b.ReportMetric(l.rate, scaleLoad()+"-load-rows/s")
			}
			if l.optimize > 0 {
				b.ReportMetric(l.optimize.Seconds(), "optimize-s")
			}
			b.ReportMetric(float64(l.events), "events")
		})
	}
}

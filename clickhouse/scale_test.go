package clickhouse

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"entente"
	"entente/duckdb"
)

// The scale benchmarks load a synthetic GDELT-shaped event record of
// $ENTENTE_SCALE_EVENTS events (default 200,000) into DuckDB and into
// ClickHouse on one server and on two shards, then time the dyad timeline
// (SummarizeEvents for one directed dyad) against the same query written by
// hand in SQL. Each store is loaded once per process; the load rate is
// reported as load-rows/s.
//
//	ENTENTE_CLICKHOUSE=127.0.0.1:19000,127.0.0.1:19001 ENTENTE_SCALE_EVENTS=10000000 \
//	  go test -run '^$' -bench Scale -benchtime 20x -timeout 2h ./clickhouse

type loaded struct {
	store    entente.Store
	rate     float64
	err      error
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

// countries are the event actors; the first few dominate, as in GDELT.
var countries = func() []string {
	out := []string{"USA", "CHN", "RUS", "PRK", "KOR", "JPN", "GBR", "FRA", "DEU", "IND", "IRN", "ISR", "UKR", "TUR", "PAK"}
	for i := 0; len(out) < 200; i++ {
		out = append(out, fmt.Sprintf("X%02d", i))
	}
	return out
}()

var plovers = []string{"CONSULT", "COOPERATE", "AID", "DEMAND", "DISAPPROVE", "THREATEN", "PROTEST", "ASSAULT", "MOBILIZE", "REJECT"}

// syntheticEvents returns events [from, to) of a seeded, reproducible
// record: dates from 1979 to 2024, dyads drawn with a skew toward the
// first countries, GDELT-like codes, scores and evidence.
func syntheticEvents(from, to int) []entente.Event {
	out := make([]entente.Event, 0, to-from)
	for i := from; i < to; i++ {
		r := rand.New(rand.NewPCG(uint64(i), 42))
		pick := func() string {
			k := int(float64(len(countries)) * r.Float64() * r.Float64() * r.Float64())
			return countries[k]
		}
		src, tgt := pick(), pick()
		day := entente.Day(1979, 1, 1).AddDate(0, 0, r.IntN(46*365))
		root := 1 + r.IntN(20)
		out = append(out, entente.Event{
			ID:     "syn:" + strconv.Itoa(i),
			Date:   day,
			Source: entente.ActorRef{Code: src + "GOV", Country: src, Text: src},
			Target: entente.ActorRef{Code: tgt, Country: tgt, Text: tgt},
			CAMEO:  fmt.Sprintf("%02d%d", root, r.IntN(10)), PLOVER: plovers[r.IntN(len(plovers))],
			Goldstein: float64(r.IntN(201)-100) / 10, Modality: entente.Asserted, Confidence: 1,
			Mentions: 1 + r.IntN(20), Tone: float64(r.IntN(2001)-1000) / 100,
			Evidence: []entente.Evidence{{Source: "synthetic:1", File: "synthetic.csv", Line: int64(i + 2)}},
		})
	}
	return out
}

// loadScale fills a store with the synthetic record in one update, in
// batches as the importer sends them.
func loadScale(s entente.Store, n int) (float64, error) {
	ctx := context.Background()
	start := time.Now()
	err := s.Update(ctx, func(tx entente.Tx) error {
		if err := tx.PutSource(ctx, entente.Source{ID: "synthetic:1", Dataset: "synthetic", Rows: int64(n)}); err != nil {
			return err
		}
		const batch = 8192
		for i := 0; i < n; i += batch {
			if err := tx.AppendEvents(ctx, syntheticEvents(i, min(i+batch, n))); err != nil {
				return err
			}
		}
		return nil
	})
	return float64(n) / time.Since(start).Seconds(), err
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
		l.cleanups = append(l.cleanups, func() { s.DropDatabase(context.Background()) })
	}
	l.rate, l.err = loadScale(l.store, scaleEvents())
	return l
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

func BenchmarkScale_DyadTimeline(b *testing.B) {
	ctx := context.Background()
	for _, name := range []string{"duckdb", "clickhouse-1-server", "clickhouse-2-shards"} {
		b.Run(name, func(b *testing.B) {
			l := scaleStore(b, name)
			if l.err != nil {
				b.Fatal(l.err)
			}
			b.Run("store", func(b *testing.B) {
				for b.Loop() {
					sums, err := l.store.SummarizeEvents(ctx, entente.EventFilter{SourceCountry: "CHN", TargetCountry: "PRK"})
					if err != nil || len(sums) == 0 {
						b.Fatalf("SummarizeEvents = %d rows, %v", len(sums), err)
					}
				}
				b.ReportMetric(l.rate, "load-rows/s")
			})
			b.Run("hand-sql", func(b *testing.B) {
				for b.Loop() {
					if n, err := handSQL(ctx, l.store, "CHN", "PRK"); err != nil || n == 0 {
						b.Fatalf("hand SQL = %d rows, %v", n, err)
					}
				}
			})
		})
	}
}

package importer

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"entente"
	"entente/importer/internal/memstore"
	"entente/internal/shared"
)

// benchRows is the size of the GDELT 2.0 file the import benchmark loads:
// 2M rows, or $ENTENTE_BENCH_ROWS (to check that memory stays flat).
var benchRows = func() int {
	if n, err := strconv.Atoi(os.Getenv("ENTENTE_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 2_000_000
}()

// makeGDELTBench writes a GDELT 2.0 export of n rows made by replicating the
// real sample export: copy k shifts every GLOBALEVENTID by k×10⁹ and every
// SQLDATE by k days, so ids stay unique and dates spread. The file is plain
// text, as both loaders read it.
func makeGDELTBench(tb testing.TB, dir string, n int) string {
	tb.Helper()
	in, err := openInput(shared.Path(tb, "gdelt-sample", "20191024143000.export.CSV.gz"), false, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	type row struct {
		id   int64
		day  time.Time
		rest string // everything after SQLDATE, with its leading tab
	}
	var rows []row
	ls := newLines(in)
	for {
		b, err := ls.next()
		if err != nil {
			break
		}
		f := bytes.SplitN(b, []byte("\t"), 3)
		id, _ := strconv.ParseInt(string(f[0]), 10, 64)
		day, err := parseYMD(f[1])
		if err != nil {
			tb.Fatal(err)
		}
		rows = append(rows, row{id, day, "\t" + string(f[2])})
	}
	p := filepath.Join(dir, "20240101000000.export.CSV")
	out, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(out, 1<<20)
	for i := 0; i < n; i++ {
		k := i / len(rows)
		r := rows[i%len(rows)]
		fmt.Fprintf(w, "%d\t%s%s\n", r.id+int64(k)*1_000_000_000, r.day.AddDate(0, 0, k).Format("20060102"), r.rest)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	return p
}

// peakSampler records the largest Go heap seen while it runs.
type peakSampler struct {
	peak atomic.Uint64
	stop chan struct{}
	wg   sync.WaitGroup
}

func sampleHeap() *peakSampler {
	s := &peakSampler{stop: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > s.peak.Load() {
				s.peak.Store(ms.HeapInuse)
			}
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *peakSampler) done() uint64 {
	close(s.stop)
	s.wg.Wait()
	return s.peak.Load()
}

// peakRSS is the process's peak resident set (VmHWM), which includes
// DuckDB's own memory.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// cpuTime is the CPU time the process has used, DuckDB's threads included.
// Reported beside wall time because the benchmark machine is shared: CPU
// seconds per load compare fairly even when other work competes.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// gdeltReadCSV is DuckDB's own loader doing the same job: read_csv of the
// export into the events table, producing the rows entente produces. The
// line number is row_number() over the file; country codes are mapped with a
// join on a table of CAMEO code → actor built from the registry beforehand
// (on one day, not date-aware as entente is); PLOVER comes from a CASE over
// the root code. Everything else is copied or constant.
const gdeltReadCSV = `INSERT INTO events
SELECT 'gdelt:' || GLOBALEVENTID, strptime(SQLDATE, '%%Y%%m%%d')::DATE,
  coalesce(Actor1Code, ''), coalesce(c1.actor, ''), coalesce(Actor1Name, ''),
  coalesce(Actor2Code, ''), coalesce(c2.actor, ''), coalesce(Actor2Name, ''),
  EventCode, %s,
  coalesce(GoldsteinScale, 0), false, 'asserted', '[]', 1, coalesce(NumMentions, 0), coalesce(AvgTone, 0),
  'gdelt2:2.0:20240101000000.export.CSV', '20240101000000.export.CSV', line, '', 0, 0, ''
FROM (SELECT *, row_number() OVER () AS line
      FROM read_csv(?, delim = '\t', header = false, quote = '', escape = '', auto_detect = false, columns = {%s})) src
LEFT JOIN bench_cameo c1 ON c1.code = src.Actor1CountryCode
LEFT JOIN bench_cameo c2 ON c2.code = src.Actor2CountryCode`

// ploverCase renders ploverOf as SQL over the EventCode column.
func ploverCase() string {
	var b strings.Builder
	b.WriteString("CASE WHEN EventCode LIKE '087%' THEN 'RETREAT' ELSE CASE substr(EventCode, 1, 2)")
	for r := 1; r <= 20; r++ {
		root := fmt.Sprintf("%02d", r)
		if p := ploverOf(root + "0"); p != "" {
			fmt.Fprintf(&b, " WHEN '%s' THEN '%s'", root, p)
		}
	}
	b.WriteString(" ELSE '' END END")
	return b.String()
}

// benchCAMEOTable fills bench_cameo with the registry's actor for every
// CAMEO country code in the file, as of the file's first day.
func benchCAMEOTable(ctx context.Context, tb testing.TB, st interface {
	DB() *sql.DB
}, reg CodeMapper, path string) {
	tb.Helper()
	db := st.DB()
	if _, err := db.ExecContext(ctx, `CREATE TABLE bench_cameo (code VARCHAR, actor VARCHAR)`); err != nil {
		tb.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT c FROM (SELECT column07 AS c FROM read_csv(?, delim = '\t', header = false, quote = '', all_varchar = true) UNION SELECT column17 FROM read_csv(?, delim = '\t', header = false, quote = '', all_varchar = true)) WHERE c IS NOT NULL`, path, path)
	if err != nil {
		tb.Fatal(err)
	}
	var codes []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		codes = append(codes, c)
	}
	rows.Close()
	for _, c := range codes {
		if a, err := reg.ByCode(entente.SchemeCAMEO, c, entente.Day(2019, 10, 24)); err == nil {
			if _, err := db.ExecContext(ctx, `INSERT INTO bench_cameo VALUES (?, ?)`, c, a.Code); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

func gdeltColumnSpec() string {
	types := map[string]string{
		"GLOBALEVENTID": "BIGINT", "SQLDATE": "VARCHAR", "GoldsteinScale": "DOUBLE", "NumMentions": "INTEGER",
		"AvgTone": "DOUBLE", "IsRootEvent": "INTEGER", "QuadClass": "INTEGER", "NumSources": "INTEGER", "NumArticles": "INTEGER",
	}
	var parts []string
	for _, c := range gdeltColumns2 {
		t := types[c]
		if t == "" {
			t = "VARCHAR"
		}
		parts = append(parts, fmt.Sprintf("'%s': '%s'", c, t))
	}
	return strings.Join(parts, ", ")
}

// BenchmarkGDELT2Import loads a 2M-row GDELT 2.0 export made from the real
// sample into a fresh DuckDB store, once through entente's importer and once
// through DuckDB's read_csv into the same table. Run each alone to read its
// peak RSS:
//
//	go test ./importer -run '^$' -bench 'GDELT2Import/entente' -benchtime 1x
//	go test ./importer -run '^$' -bench 'GDELT2Import/read_csv' -benchtime 1x
func BenchmarkGDELT2Import(b *testing.B) {
	reg := testRegistry(b)
	path := makeGDELTBench(b, b.TempDir(), benchRows)
	ctx := context.Background()

	b.Run("entente", func(b *testing.B) {
		heap := sampleHeap()
		var elapsed, cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			st := openDuckDB(b)
			im, err := New(st, Config{Registry: reg})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start, c0 := time.Now(), cpuTime()
			rep, err := im.Import(ctx, "gdelt2", path)
			elapsed += time.Since(start)
			cpu += cpuTime() - c0
			if err != nil {
				b.Fatal(err)
			}
			if rep.Files[0].Stored["events"] != int64(benchRows) {
				b.Fatalf("stored %v", rep.Files[0].Stored)
			}
			b.StopTimer()
			st.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(benchRows)*float64(b.N)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(heap.done())/(1<<20), "peak-heap-MiB")
		b.ReportMetric(peakRSS(), "peak-RSS-MiB")
	})

	b.Run("read_csv", func(b *testing.B) {
		q := fmt.Sprintf(gdeltReadCSV, ploverCase(), gdeltColumnSpec())
		var elapsed, cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			st := openDuckDB(b)
			benchCAMEOTable(ctx, b, st, reg, path)
			b.StartTimer()
			start, c0 := time.Now(), cpuTime()
			res, err := st.DB().ExecContext(ctx, q, path)
			elapsed += time.Since(start)
			cpu += cpuTime() - c0
			if err != nil {
				b.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n != int64(benchRows) {
				b.Fatalf("read_csv loaded %d rows", n)
			}
			b.StopTimer()
			st.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(benchRows)*float64(b.N)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(peakRSS(), "peak-RSS-MiB")
	})
}

// TestGDELTReadCSVEquivalent checks that the read_csv statement the
// benchmark compares against stores the same events as the importer, so
// that the two loaders do the same job.
func TestGDELTReadCSVEquivalent(t *testing.T) {
	reg := testRegistry(t)
	path := makeGDELTBench(t, t.TempDir(), 3000)
	ctx := context.Background()
	a := openDuckDB(t)
	im, err := New(a, Config{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := im.Import(ctx, "gdelt2", path)
	if err != nil {
		t.Fatal(err)
	}
	// The importer's source id, so evidence compares equal.
	if id := rep.Files[0].Source.ID; id != "gdelt2:2.0:20240101000000.export.CSV" {
		t.Fatalf("source id %s", id)
	}
	b := openDuckDB(t)
	benchCAMEOTable(ctx, t, b, reg, path)
	if _, err := b.DB().ExecContext(ctx, fmt.Sprintf(gdeltReadCSV, ploverCase(), gdeltColumnSpec()), path); err != nil {
		t.Fatal(err)
	}
	ea, _ := a.Events(ctx, entente.EventFilter{})
	eb, _ := b.Events(ctx, entente.EventFilter{})
	if len(ea) != 3000 || len(eb) != 3000 {
		t.Fatalf("events: importer %d, read_csv %d; want 3000", len(ea), len(eb))
	}
	diff := 0
	for i := range ea {
		x, y := ea[i], eb[i]
		if x.ID != y.ID || !x.Date.Equal(y.Date) || x.Source != y.Source || x.Target != y.Target || x.CAMEO != y.CAMEO ||
			x.PLOVER != y.PLOVER || x.Goldstein != y.Goldstein || x.Mentions != y.Mentions || x.Tone != y.Tone ||
			x.Evidence[0] != y.Evidence[0] {
			if diff < 3 {
				t.Errorf("event %d differs:\nimporter %+v\nread_csv %+v", i, x, y)
			}
			diff++
		}
	}
	if diff > 0 {
		t.Errorf("%d of %d events differ", diff, len(ea))
	}
}

// discardStore keeps sources but drops events, to time the importer's own
// work (read, parse, map, batch) apart from the store's.
type discardStore struct{ *memstore.Store }

type discardTx struct{ entente.Tx }

func (discardTx) AppendEvents(context.Context, []entente.Event) error { return nil }

func (s discardStore) Update(ctx context.Context, fn func(entente.Tx) error) error {
	return s.Store.Update(ctx, func(tx entente.Tx) error { return fn(discardTx{tx}) })
}

// BenchmarkGDELT2Parse times the GDELT importer without a store behind it:
// the ceiling the store's append speed is measured against.
func BenchmarkGDELT2Parse(b *testing.B) {
	reg := testRegistry(b)
	path := makeGDELTBench(b, b.TempDir(), benchRows)
	ctx := context.Background()
	var elapsed time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		im, err := New(discardStore{memstore.New()}, Config{Registry: reg})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if _, err := im.Import(ctx, "gdelt2", path); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/elapsed.Seconds(), "rows/s")
}

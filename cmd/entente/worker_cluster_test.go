package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"entente"
	"entente/ingest"
	"entente/internal/shared"
	ententenats "entente/nats"
)

// syntheticFeeds writes n feed items, one short news report each, to RSS
// files in dir, at most 1,000 items a file (ingest's bound on a feed), and
// returns their paths. Every item names two states and
// what one did to the other, so that the coder finds events in it; no two
// items share their actors and verb, so that none is a near-copy of
// another (which would make the stored documents depend on the order the
// workers happened to store them in). Seeded, so every run writes the same.
func syntheticFeeds(t *testing.T, dir string, n int, seed uint64) []string {
	t.Helper()
	states := []string{"France", "Germany", "Russia", "China", "India", "Japan", "Brazil", "Turkey", "Iran", "Israel",
		"Egypt", "Nigeria", "Kenya", "Mexico", "Canada", "Australia", "Indonesia", "Pakistan", "South Korea", "North Korea",
		"Ukraine", "Poland", "Italy", "Spain", "Saudi Arabia", "Qatar", "Vietnam", "Argentina", "South Africa", "Ethiopia",
		"Sweden", "Norway", "Greece", "Serbia", "Hungary", "Thailand", "Malaysia", "Philippines", "Chile", "Peru"}
	verbs := []string{"condemned", "praised", "met with", "accused", "threatened", "signed a trade agreement with",
		"criticized", "expelled the ambassador of", "imposed sanctions on", "offered aid to", "agreed to cooperate with",
		"rejected the proposal of", "apologized to", "hosted the president of", "warned"}
	cities := []string{"Geneva", "Vienna", "New York", "Brussels", "Nairobi", "Jakarta", "Doha", "Oslo", "Lima", "Hanoi",
		"Istanbul", "Cairo", "Ottawa", "Canberra", "Madrid", "Athens", "Belgrade", "Bangkok", "Santiago", "Addis Ababa"}
	topics := []string{"fishing rights", "a disputed border", "grain exports", "a detained journalist", "energy prices",
		"a naval exercise", "refugee returns", "a pipeline project", "nuclear inspections", "visa rules",
		"a stalled peace plan", "tariffs on steel", "an embassy closure", "a cyber attack", "water sharing"}
	if max := len(states) * (len(states) - 1) * len(verbs); n > max {
		t.Fatalf("syntheticFeeds: %d items asked, at most %d distinct", n, max)
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	seen := map[[3]int]bool{}
	const perFile = 1000
	var (
		b     strings.Builder
		paths []string
	)
	flush := func() {
		b.WriteString("</channel>\n</rss>\n")
		path := filepath.Join(dir, fmt.Sprintf("wire-%02d.xml", len(paths)+1))
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
		b.Reset()
	}
	start := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < n; {
		if i%perFile == 0 && b.Len() == 0 {
			b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>synthetic wire</title>\n" +
				"<link>https://example.org/wire</link>\n<description>Reports written for the entente worker test.</description>\n")
		}
		k := [3]int{r.IntN(len(states)), r.IntN(len(states)), r.IntN(len(verbs))}
		if k[0] == k[1] || seen[k] {
			continue
		}
		seen[k] = true
		a, c, v := states[k[0]], states[k[1]], verbs[k[2]]
		text := fmt.Sprintf("%s %s %s on %s over %s. The statement followed talks in %s, officials said, and a further meeting is planned for %d %s.",
			a, v, c, start.AddDate(0, 0, i%700).Weekday(), topics[r.IntN(len(topics))], cities[r.IntN(len(cities))],
			1+r.IntN(28), time.Month(1+r.IntN(12)))
		fmt.Fprintf(&b, "<item>\n<title>%s and %s, report %d</title>\n<link>https://example.org/wire/%d</link>\n<pubDate>%s</pubDate>\n<description>%s</description>\n</item>\n",
			a, c, i+1, i+1, start.AddDate(0, 0, i%700).Format(time.RFC1123Z), text)
		i++
		if i%perFile == 0 || i == n {
			flush()
		}
	}
	return paths
}

// unreadable returns n payloads no worker can store, of four kinds in
// turn: binary bytes, an empty body, a document without text and one
// whose id is not the hash of its text.
func unreadable(n int, seed uint64) [][]byte {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([][]byte, n)
	for i := range out {
		switch i % 4 {
		case 0:
			bin := make([]byte, 64+r.IntN(64))
			for j := range bin {
				bin[j] = byte(r.IntN(256))
			}
			bin[0] = 0 // never valid JSON
			out[i] = bin
		case 1:
			out[i] = []byte{}
		case 2:
			out[i], _ = json.Marshal(entente.Document{ID: fmt.Sprintf("doc:empty%d", i), Title: "no text"})
		case 3:
			text := fmt.Sprintf("Chile praised Peru, report %d.", i)
			out[i], _ = json.Marshal(entente.Document{ID: ingest.DocumentID(text + " altered"), Text: text})
		}
	}
	return out
}

// workerProc is a worker child process and what it printed.
type workerProc struct {
	cmd     *exec.Cmd
	out     *syncBuffer
	metrics string
	done    chan error
}

func startWorker(t *testing.T, db string, args ...string) *workerProc {
	t.Helper()
	w := &workerProc{out: &syncBuffer{}, metrics: fmt.Sprintf("127.0.0.1:%d", freeLoopbackPort(t)), done: make(chan error, 1)}
	w.cmd = ententeCmd(db, append([]string{"--format", "json", "worker", "--metrics-addr", w.metrics}, args...)...)
	w.cmd.Stdout, w.cmd.Stderr = w.out, w.out
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.done <- w.cmd.Wait() }()
	t.Cleanup(func() {
		if w.cmd.ProcessState == nil {
			w.cmd.Process.Signal(syscall.SIGKILL)
			<-w.done
		}
	})
	return w
}

// counter reads one counter from the worker's /metrics; -1 when the worker
// does not answer.
func (w *workerProc) counter(name string) float64 {
	body, ok := httpGet(w.metrics, "/metrics")
	if !ok {
		return -1
	}
	m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// csvIDs reads the id column of a CSV listing.
func csvIDs(t *testing.T, listing string) []string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(listing)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("listing is not CSV (%v):\n%.500s", err, listing)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "id" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("listing has no id column: %v", rows[0])
	}
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[col])
	}
	return ids
}

// TestWorker_ClusterFailover is the acceptance test of the distributed
// pipeline: three NATS servers as one JetStream cluster with the streams
// replicated three times, ingest --queue publishing 9,900 reports while
// the test publishes 100 unreadable payloads, and two worker processes
// sharing one DuckDB file. Mid-run the stream leader is stopped, and then
// the worker writing the store is killed with SIGKILL while it works on a
// batch. At the end
// every report must be stored exactly once, with the events an in-process
// ingest of the same feed codes, and every unreadable payload must be in
// the dead-letter stream, once.
func TestWorker_ClusterFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a NATS cluster and worker processes: skipped with -short")
	}
	shared.Slow(t)
	const good, bad = 9900, 100
	ctx := context.Background()
	dir := t.TempDir()
	feeds := syntheticFeeds(t, dir, good, 16)

	servers, err := ententenats.StartCluster("entente", 3, filepath.Join(dir, "nats"))
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, s := range servers {
		t.Cleanup(s.Shutdown)
		urls = append(urls, s.URL())
	}
	qc := ententenats.DefaultConfig()
	qc.URL = strings.Join(urls, ",")
	qc.Replicas = 3
	// A killed worker's batch comes back after the ack wait; ten seconds
	// keeps the test short and is still far longer than a batch takes.
	qc.AckWait = 10 * time.Second
	q, err := ententenats.Connect(ctx, qc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)

	db := filepath.Join(dir, "workers.duckdb")
	if _, errs, code := run(t, db, "init"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errs)
	}
	workerArgs := []string{"--queue", qc.URL, "--replicas", "3", "--ack-wait", qc.AckWait.String(), "--batch", "128"}
	workers := []*workerProc{startWorker(t, db, workerArgs...), startWorker(t, db, workerArgs...)}
	for i, w := range workers {
		waitFor(t, fmt.Sprintf("worker %d's /healthz", i+1), func() bool {
			body, ok := httpGet(w.metrics, "/healthz")
			return ok && strings.Contains(body, `"queue":"ok"`)
		})
	}

	began := time.Now()
	publisher := ententeCmd(filepath.Join(dir, "publisher.duckdb"), append([]string{"--format", "json", "ingest", "--queue", qc.URL}, feeds...)...)
	pubOut := &syncBuffer{}
	publisher.Stdout, publisher.Stderr = pubOut, pubOut
	if err := publisher.Start(); err != nil {
		t.Fatal(err)
	}
	pubDone := make(chan error, 1)
	var pubFailed atomic.Bool
	go func() {
		err := publisher.Wait()
		pubFailed.Store(err != nil)
		pubDone <- err
	}()
	badDone := make(chan error, 1)
	go func() {
		for i, p := range unreadable(bad, 16) {
			if err := q.PublishRaw(ctx, fmt.Sprintf("bad:%d", i), p); err != nil {
				badDone <- err
				return
			}
			time.Sleep(20 * time.Millisecond) // spread among the reports
		}
		badDone <- nil
	}()

	stored := func() float64 {
		var n float64
		for _, w := range workers {
			if w.cmd.ProcessState == nil {
				n += max(w.counter("entente_documents_total"), 0)
			}
		}
		return n
	}
	// Scrapes are not free (each asks the cluster for the backlog), so the
	// test polls a few times a second, faster only around the kill.
	waitLong := func(what string, every time.Duration, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Minute)
		for !cond() {
			if pubFailed.Load() {
				t.Fatalf("ingest --queue failed:\n%s", pubOut)
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; worker output:\n%s\n%s", what, workers[0].out, workers[1].out)
			}
			time.Sleep(every)
		}
	}

	// The stream leader goes away a fifth of the way in.
	waitLong("a fifth of the reports stored", 250*time.Millisecond, func() bool { return stored() >= good/5 })
	leader, err := q.Leader(ctx)
	if err != nil || leader == "" {
		t.Fatalf("Leader() = %q, %v", leader, err)
	}
	for _, s := range servers {
		if s.Name() == leader {
			s.Shutdown()
		}
	}
	leaderStopped := stored()
	t.Logf("stopped stream leader %s after %.0f documents stored", leader, leaderStopped)

	// Half-way, the worker writing the store is killed a second after it
	// stored a batch: by then it has fetched the next one and is coding
	// or writing it.
	waitLong("half the reports stored", 250*time.Millisecond, func() bool { return stored() >= good/2 })
	victim, survivor := workers[0], workers[1]
	if survivor.counter("entente_documents_total") > victim.counter("entente_documents_total") {
		victim, survivor = survivor, victim
	}
	before := victim.counter("entente_documents_total")
	waitLong("the writing worker storing another batch", 20*time.Millisecond, func() bool { return victim.counter("entente_documents_total") > before })
	time.Sleep(time.Second)
	victimStored := victim.counter("entente_documents_total")
	victimRedelivered := victim.counter("entente_redeliveries_total")
	victimDead := victim.counter("entente_dead_letters_total")
	victim.cmd.Process.Signal(syscall.SIGKILL)
	<-victim.done
	t.Logf("killed the writing worker after it stored %.0f documents", victimStored)

	if err := <-pubDone; err != nil {
		t.Fatalf("ingest --queue: %v\n%s", err, pubOut)
	}
	if err := <-badDone; err != nil {
		t.Fatalf("publishing the unreadable payloads: %v", err)
	}
	var pub struct{ Published int }
	if err := json.Unmarshal([]byte(pubOut.String()[strings.LastIndex(pubOut.String(), "{"):]), &pub); err != nil || pub.Published != good {
		t.Fatalf("ingest --queue printed %q (%v), want %d published", pubOut, err, good)
	}
	// Drained: nothing left in the work-queue stream (every report
	// acknowledged, every unreadable payload dead-lettered).
	waitLong("the queue drained", 250*time.Millisecond, func() bool {
		lag, err := q.Lag(ctx)
		return err == nil && lag == 0
	})
	wall := time.Since(began)

	survivor.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-survivor.done:
		if err != nil {
			t.Fatalf("the surviving worker stopped with %v after SIGTERM:\n%s", err, survivor.out)
		}
	case <-time.After(time.Minute):
		t.Fatalf("the surviving worker did not stop on SIGTERM:\n%s", survivor.out)
	}
	var sum workerStats
	out := survivor.out.String()
	if i := strings.LastIndex(out, "{"); i < 0 || json.Unmarshal([]byte(out[i:]), &sum) != nil {
		t.Fatalf("the surviving worker printed no summary after SIGTERM:\n%s", out)
	}

	// Every report stored once: as many documents as reports, no id
	// twice, and the very documents and events of an in-process ingest.
	docs, errs, code := run(t, db, "documents", "--duplicates", "--format", "csv")
	if code != 0 {
		t.Fatalf("documents: exit %d: %s", code, errs)
	}
	ids := csvIDs(t, docs)
	distinct := map[string]bool{}
	for _, id := range ids {
		distinct[id] = true
	}
	if len(ids) != good || len(distinct) != good {
		t.Errorf("store holds %d documents (%d distinct ids), want %d once each", len(ids), len(distinct), good)
	}
	ref := filepath.Join(dir, "ref.duckdb")
	if _, errs, code := run(t, ref, append([]string{"ingest"}, feeds...)...); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	refDocs, _, _ := run(t, ref, "documents", "--duplicates", "--format", "csv")
	if docs != refDocs {
		t.Errorf("documents differ between the workers' store and an in-process ingest")
	}
	events, _, _ := run(t, db, "events", "--limit", "0", "--format", "csv")
	refEvents, _, _ := run(t, ref, "events", "--limit", "0", "--format", "csv")
	// The workers stored the reports in another order than one ingest
	// does, which orders events that tie in the listing's sort and the
	// evidence of an event two reports share differently: the events are
	// compared as sets, each with its set of evidence.
	got, want := eventSet(t, events), eventSet(t, refEvents)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("first difference:\n  workers: %s\n  ingest:  %s", got[i], want[i])
				break
			}
		}
		t.Errorf("events differ between the workers' store and an in-process ingest (%d and %d events)", len(got), len(want))
	}
	nEvents := strings.Count(events, "\n") - 1
	if nEvents < good/2 {
		t.Errorf("only %d events coded from %d reports: the synthetic texts do not code", nEvents, good)
	}
	dead, err := q.DeadLetters(ctx)
	if err != nil || dead != bad {
		t.Errorf("DeadLetters() = %d, %v; want %d", dead, err, bad)
	}
	t.Logf("%d reports + %d unreadable payloads through 3 servers (leader stopped) and 2 workers (one killed): drained in %s, %.0f documents/s; "+
		"%d documents, %d events stored; %d dead letters; redeliveries: killed worker %.0f before its death, survivor %d; dead-lettered by the killed worker %.0f, the survivor %d",
		good, bad, wall.Round(100*time.Millisecond), float64(good+bad)/wall.Seconds(), len(distinct), nEvents, dead,
		victimRedelivered, sum.Redeliveries, victimDead, sum.DeadLetters)
}

// eventSet reads an events CSV listing into sorted rows, each with the
// pieces of its evidence (one per document, each starting "doc:") sorted.
func eventSet(t *testing.T, listing string) []string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(listing)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("events listing is not CSV (%v):\n%.500s", err, listing)
	}
	var out []string
	for _, r := range rows[1:] {
		for i, h := range rows[0] {
			if h != "evidence" {
				continue
			}
			var pieces []string
			for _, p := range strings.Split(r[i], "doc:") {
				if p = strings.TrimRight(strings.TrimSpace(p), ";|,"); p != "" {
					pieces = append(pieces, p)
				}
			}
			sort.Strings(pieces)
			r[i] = strings.Join(pieces, " | ")
		}
		out = append(out, strings.Join(r, ","))
	}
	sort.Strings(out)
	return out
}

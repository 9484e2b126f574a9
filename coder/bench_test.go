package coder_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/coder"
	"entente/coder/codertest"
)

// Templates for the benchmark corpus, written for entente. {A} and {B}
// are actors, {Q} a quantity; the RNG recombines them into documents.
var benchTemplates = []string{
	"{A} condemned {B}'s deployment of troops near the border.",
	"{A} and {B} signed a mutual defence pact in the capital on Tuesday.",
	"{A} remained silent on {B}'s missile test.",
	"{A} stopped short of condemning {B}, diplomats said.",
	"{A} is unlikely to join a motion against {B}, given its arms purchases.",
	"Analysts argue that {A} should impose sanctions on {B}.",
	"{A} sent about {Q} soldiers to fight alongside {B} in the east.",
	"{A} accused {B} of violating the ceasefire along the frontier.",
	"The foreign minister of {A} met his counterpart from {B} in Geneva.",
	"{A} declined to comment on reports that {B} had shelled the island.",
	"{A} pledged US$300 million in humanitarian aid to {B}.",
	"{A}, which accounts for 90 per cent of {B}'s trade, did not criticise the launch.",
	"The U.S. State Department said {A} had expelled four diplomats from {B}.",
	"{A} urged {B} to release the detained sailors and to resume talks.",
	"Officials in {A} said {B} may test another ballistic missile this month.",
	"{A} sold {B} dual-use goods but held back lethal aid.",
	"The weather in the capital was mild and markets were calm.",
	"{A} threatened to cut ties with {B} over the dispute.",
	"Mr. Kim told reporters that {A} would host {B}'s president next week.",
	"{A} and {B} held joint military exercises, and {A} flew bombers over the sea.",
}

var benchActors = []string{
	"China", "Russia", "North Korea", "South Korea", "Japan", "the Philippines", "Australia", "India",
	"Ukraine", "Niger", "Singapore", "Malaysia", "Vietnam", "Britain", "France", "Germany", "Iran",
	"Beijing", "Moscow", "Pyongyang", "Seoul", "Tokyo", "Manila", "the United States", "Washington",
	"the European Union", "Turkey", "Thailand", "Cambodia", "Pakistan",
}

// benchCorpus builds documents of about 20 sentences, nsent sentences in
// all, reproducibly.
func benchCorpus(nsent int) []entente.Document {
	rng := rand.New(rand.NewPCG(1, 2))
	var docs []entente.Document
	day := entente.Day(2024, 11, 1)
	for made := 0; made < nsent; {
		var b strings.Builder
		for i := 0; i < 20 && made < nsent; i++ {
			t := benchTemplates[rng.IntN(len(benchTemplates))]
			a := benchActors[rng.IntN(len(benchActors))]
			bb := benchActors[rng.IntN(len(benchActors))]
			t = strings.ReplaceAll(t, "{A}", a)
			t = strings.ReplaceAll(t, "{B}", bb)
			t = strings.ReplaceAll(t, "{Q}", fmt.Sprintf("%d,000", 1+rng.IntN(40)))
			if len(t) > 0 && t[0] >= 'a' && t[0] <= 'z' {
				t = strings.ToUpper(t[:1]) + t[1:]
			}
			b.WriteString(t)
			b.WriteString(" ")
			if i%5 == 4 {
				b.WriteString("\n\n")
			}
			made++
		}
		docs = append(docs, entente.Document{ID: fmt.Sprintf("doc:%04d", len(docs)), Text: b.String(), Date: day})
	}
	return docs
}

// BenchmarkCoder_Code codes a 12,000-sentence corpus per iteration, raw
// text to events, on one goroutine, and reports sentences per second (wall
// clock and per CPU second) and allocations per sentence. Actors come from
// the small test resolver; BenchmarkCoder_CodeRealRegistry measures the
// coder as entente runs it.
func BenchmarkCoder_Code(b *testing.B) {
	c, err := coder.New(coder.DefaultConfig(), codertest.Default())
	if err != nil {
		b.Fatal(err)
	}
	benchCode(b, c)
}

// BenchmarkCoder_CodeRealRegistry is BenchmarkCoder_Code with actors
// resolved by the built-in registry, as entente extract and ingest code:
// mention finding over the full table of names is part of the cost.
func BenchmarkCoder_CodeRealRegistry(b *testing.B) {
	benchCode(b, realCoderFor(b))
}

func benchCode(b *testing.B, c *coder.Coder) {
	const nsent = 12000
	docs := benchCorpus(nsent)
	var evs []coder.Extracted
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	events := 0
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			evs = c.AppendCode(evs[:0], d)
			events += len(evs)
		}
	}
	elapsed, cpu := time.Since(start), cpuTime()-cpu0
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	total := float64(nsent * b.N)
	b.ReportMetric(total/elapsed.Seconds(), "sentences/s")
	if cpu > 0 {
		// Per CPU second: the rate one core delivers, whatever else
		// the machine is running.
		b.ReportMetric(total/cpu.Seconds(), "sentences/cpu-s")
	}
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/total, "allocs/sentence")
	b.ReportMetric(float64(events)/total, "events/sentence")
}

// BenchmarkCoder_CodeAll is BenchmarkCoder_CodeRealRegistry through
// CodeAll on every core: sentences/s is the wall-clock rate of the
// worker pool, sentences/cpu-s what each core delivers.
func BenchmarkCoder_CodeAll(b *testing.B) {
	c := realCoderFor(b)
	const nsent = 12000
	docs := benchCorpus(nsent)
	start, cpu0 := time.Now(), cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.CodeAll(context.Background(), docs); err != nil {
			b.Fatal(err)
		}
	}
	elapsed, cpu := time.Since(start), cpuTime()-cpu0
	b.StopTimer()
	total := float64(nsent * b.N)
	b.ReportMetric(total/elapsed.Seconds(), "sentences/s")
	if cpu > 0 {
		b.ReportMetric(total/cpu.Seconds(), "sentences/cpu-s")
	}
}

// BenchmarkLoadDict measures compiling the built-in dictionary.
func BenchmarkLoadDict(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := coder.LoadDict(nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchCorpus(t *testing.T) {
	docs := benchCorpus(12000)
	n := 0
	for _, d := range docs {
		n += len(coder.SplitSentences(d.Text, nil))
	}
	if n < 10000 {
		t.Errorf("benchmark corpus has %d sentences, want at least 10,000", n)
	}
}

package coder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/registry"
)

// BenchmarkStages times each stage of coding over the test articles with
// the real registry and reports nanoseconds per sentence for each:
// mentions (registry look-up over the text), split, tokenize, match
// (dictionary patterns and cues), clauses (segments, speech, quotations,
// quantities) and assemble (arguments to events). The clock is read
// around every stage of every sentence, which adds a few percent.
func BenchmarkStages(b *testing.B) {
	reg, err := registry.Load()
	if err != nil {
		b.Fatal(err)
	}
	c, err := New(DefaultConfig(), reg)
	if err != nil {
		b.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join("testdata", "articles", "*.txt"))
	var docs []entente.Document
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		_, body, _ := strings.Cut(string(raw), "\n\n")
		docs = append(docs, entente.Document{ID: p, Text: body, Date: entente.Day(2024, 11, 1)})
	}
	var mentions, split, tokenize, match, clauses, assemble time.Duration
	sentences := 0
	sc := c.pool.Get().(*scratch)
	var dst []Extracted
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			sc.reset()
			t0 := time.Now()
			sc.ments = c.res.FindMentions(d.Text, d.Date, sc.ments[:0])
			t1 := time.Now()
			sc.sents = SplitSentences(d.Text, sc.sents[:0])
			t2 := time.Now()
			mentions += t1.Sub(t0)
			split += t2.Sub(t1)
			mi := 0
			for si, s := range sc.sents {
				for mi < len(sc.ments) && sc.ments[mi].Start < s.Start {
					mi++
				}
				mj := mi
				for mj < len(sc.ments) && sc.ments[mj].Start < s.End {
					mj++
				}
				sc.sent = si
				a := time.Now()
				sc.tz.tokenize(sc.d, d.Text, s.Start, s.End)
				sc.mainSubj, sc.pseudo = sc.mainSubj[:0], sc.pseudo[:0]
				bt := time.Now()
				if len(sc.tz.toks) > 0 {
					sc.placeMentions(sc.ments[mi:mj])
					sc.matchPatterns()
				}
				ct := time.Now()
				if len(sc.tz.toks) > 0 {
					sc.segment()
					sc.findSays()
					sc.carryQuote()
					sc.quants = sc.findQuantities(d.Text, sc.quants[:0])
				}
				dt := time.Now()
				if len(sc.tz.toks) > 0 {
					dst = sc.assemble(dst[:0], d.Text, s)
				}
				et := time.Now()
				tokenize += bt.Sub(a)
				match += ct.Sub(bt)
				clauses += dt.Sub(ct)
				assemble += et.Sub(dt)
				mi = mj
				sentences++
			}
		}
	}
	b.StopTimer()
	c.pool.Put(sc)
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(sentences) }
	b.ReportMetric(per(mentions), "ns-mentions/sentence")
	b.ReportMetric(per(split), "ns-split/sentence")
	b.ReportMetric(per(tokenize), "ns-tokenize/sentence")
	b.ReportMetric(per(match), "ns-match/sentence")
	b.ReportMetric(per(clauses), "ns-clauses/sentence")
	b.ReportMetric(per(assemble), "ns-assemble/sentence")
}

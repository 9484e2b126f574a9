package coder_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"entente"
	"entente/coder"
	"entente/coder/codertest"
)

// FuzzCoder_Code feeds arbitrary text to the coder with the real registry:
// it must not panic, and every event's offsets must locate its sentence in
// the text. The seeds exercise what refers across sentences (pronouns,
// "both sides", "the deployment"), where a bug would index out of range.
func FuzzCoder_Code(f *testing.F) {
	f.Add("China remained silent on North Korea's deployment of about 10,000 soldiers.")
	f.Add("The U.S. and the U.N. said Mr. Kim's visit was U.S.$5bn. \"No.\" 90% of it")
	f.Add("Russia, , and and Japan 's 's — refused to to condemn")
	f.Add("Thai and Cambodian forces clashed. Both sides agreed to a truce, and the two governments met. China urged both countries to talk.")
	f.Add("North Korea sent troops to Russia. China remained silent on the deployment; its foreign ministry declined to comment on the incident.")
	f.Add("The US, Australia and Japan backed Manila, and Manila may return the favour, given its ties. Its envoy said it would.")
	f.Add("US$ US$300 EUR 5 million. India is unlikely to join a motion against Russia that condemns it, given.")
	c := realCoderFor(f)
	f.Fuzz(func(t *testing.T, text string) {
		evs, err := c.Code(entente.Document{ID: "doc:f", Text: text, Date: entente.Day(2024, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if e.Start < 0 || e.End > len(text) || e.Start > e.End || text[e.Start:e.End] != e.Text {
				t.Fatalf("bad offsets %d:%d in %q", e.Start, e.End, text)
			}
			for _, q := range e.Quantities {
				if !strings.Contains(text, q.Text) {
					t.Fatalf("quantity %q not in text", q.Text)
				}
			}
		}
	})
}

// FuzzSplitSentences checks that sentences are ordered, disjoint, trimmed
// spans of the text.
func FuzzSplitSentences(f *testing.F) {
	f.Add("The U.S. met. Mr. Kim left.\n\nNext")
	f.Add("a.b.c. D. E! ?\"'")
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, s := range coder.SplitSentences(text, nil) {
			if s.Start < last || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("bad span %+v after %d in %q", s, last, text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(text[s.Start:s.End]) {
				t.Fatalf("span %+v splits a character", s)
			}
			last = s.End
		}
	})
}

// FuzzCoder_CodeReader streams arbitrary text through small chunks: every
// event must locate its sentence in the whole text (offsets and sentence
// number agree with the splitter), and events come in text order.
func FuzzCoder_CodeReader(f *testing.F) {
	f.Add("China condemned Russia.\n\nJapan criticised China. It said so.\n\n\n" + strings.Repeat("Germany met France. ", 100) + "\n\n" + strings.Repeat("Russia attacked Ukraine. ", 100))
	f.Add(strings.Repeat("x", 5000) + "\nRussia attacked Ukraine.")
	f.Add(strings.Repeat("é", 3000) + " North Korea fired a missile.\n\nJapan condemned the launch.")
	cfg := coder.DefaultConfig()
	cfg.Workers, cfg.ChunkBytes = 2, 4096
	// The properties here are about chunking and offsets, which tagging
	// does not touch (FuzzCoder_Code fuzzes the tagged path). Untagged,
	// an execution of these multi-kilobyte inputs takes a millisecond
	// instead of ~80 ms, and the fuzzer's minimisation of each new input
	// no longer eats the whole fuzz time: tagged, a 10-minute campaign run
	// got through 26 executions.
	cfg.NoTagging = true
	c, err := coder.New(cfg, codertest.Default())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sents := coder.SplitSentences(text, nil)
		// Chunks are cut at blank lines when every paragraph fits in a
		// chunk; then sentence numbers must agree with the splitter's.
		cutsAtBlankLines := true
		for _, p := range strings.Split(text, "\n\n") {
			if len(p) >= 2048 {
				cutsAtBlankLines = false
			}
		}
		last := -1
		err := c.CodeReader(context.Background(), strings.NewReader(text), entente.Document{ID: "doc:f", Date: entente.Day(2024, 1, 1)}, func(evs []coder.Extracted) error {
			for _, e := range evs {
				if e.Start < 0 || e.End > len(text) || e.Start > e.End || text[e.Start:e.End] != e.Text {
					t.Fatalf("bad offsets %d:%d", e.Start, e.End)
				}
				if e.Start < last {
					t.Fatalf("event at %d after one at %d", e.Start, last)
				}
				last = e.Start
				if cutsAtBlankLines && (e.Sentence >= len(sents) || sents[e.Sentence].Start != e.Start) {
					t.Fatalf("event sentence %d at %d disagrees with the splitter", e.Sentence, e.Start)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

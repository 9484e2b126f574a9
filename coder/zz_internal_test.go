package coder

import (
	"os"
	"strings"
	"testing"
	"time"

	"entente/registry"
)

func TestZZInternal(t *testing.T) {
	s := os.Getenv("DBGI")
	if s == "" {
		t.Skip()
	}
	reg, err := registry.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, _ := New(DefaultConfig(), reg)
	for _, line := range strings.Split(s, "|") {
		sc := c.pool.Get().(*scratch)
		sc.reset()
		on := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
		sc.ments = c.res.FindMentions(line, on, sc.ments[:0])
		sp := SplitSentences(line, nil)[0]
		sc.tz.tokenize(sc.d, line, sp.Start, sp.End)
		sc.placeMentions(sc.ments)
		sc.matchPatterns()
		sc.segment()
		sc.findSays()
		sc.resolveEmbeds()
		t.Logf("%s", line)
		for i := range sc.tz.toks {
			t.Logf("  tok %d %q ment=%d seg=%d", i, sc.low(i), sc.tz.toks[i].ment, sc.segOf[i])
		}
		for _, m := range sc.ms {
			p := &sc.d.pats[m.pat]
			t.Logf("  match %s [%d,%d) head=%d noun=%v off=%v arg=%v cons=%v inner=%d gov=%d gap=%v", p.code, m.start, m.end, m.head, m.noun, m.off, m.arg, m.consumed, m.inner, m.gov, m.gap)
		}
		for _, m := range sc.cues {
			t.Logf("  cue kind=%d [%d,%d)", sc.d.pats[m.pat].kind, m.start, m.end)
		}
	}
}

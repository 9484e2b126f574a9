package coder_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"entente/coder"
)

func TestZZDebug(t *testing.T) {
	s := os.Getenv("DBG")
	if s == "" {
		t.Skip()
	}
	c := realCoderFor(t)
	for _, line := range strings.Split(s, "|") {
		evs := code(t, c, line, "2024-06-01")
		t.Logf("%s => %v acts %v", line, describe(evs), c.Acts(line, time.Time{}))
		for _, sp := range coder.SplitSentences(line, nil) {
			t.Logf("   sent %q", line[sp.Start:sp.End])
		}
	}
}

package coder_test

import (
	"os"
	"strings"
	"testing"
)

func TestZZProbe(t *testing.T) {
	p := os.Getenv("PROBE")
	if p == "" {
		t.Skip()
	}
	c := realCoderFor(t)
	for _, s := range strings.Split(p, "|") {
		evs := code(t, c, s, "2024-06-01")
		t.Logf("%q -> %v", s, describe(evs))
	}
}

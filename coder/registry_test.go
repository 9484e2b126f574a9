package coder_test

import (
	"os"
	"sync"
	"testing"

	"entente/coder"
	"entente/registry"
)

// The real registry takes a noticeable moment to load, so one test binary
// loads it once and every test and benchmark shares it: it is immutable
// and safe for concurrent use.
var (
	realOnce  sync.Once
	realReg   *registry.Registry
	realErr   error
	realCoder *coder.Coder
)

// realCoderFor returns a coder that resolves actors through the built-in
// registry, the way entente extract and entente ingest code text.
func realCoderFor(t testing.TB) *coder.Coder {
	t.Helper()
	realOnce.Do(func() {
		realReg, realErr = registry.Load()
		if realErr == nil {
			// These tests score what the text says; the member events
			// of group expansion have their own tests (groups_test.go).
			cfg := coder.DefaultConfig()
			cfg.ExpandGroups = false
			// ENTENTE_CODER_NOTAG=1 runs the suites without the
			// part-of-speech tagger, to compare the two readings.
			cfg.NoTagging = os.Getenv("ENTENTE_CODER_NOTAG") == "1"
			realCoder, realErr = coder.New(cfg, realReg)
		}
	})
	if realErr != nil {
		t.Fatalf("load the registry: %v", realErr)
	}
	return realCoder
}

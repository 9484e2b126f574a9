package importer

import (
	"sync"
	"testing"

	"entente/registry"
)

var (
	regOnce sync.Once
	regVal  *registry.Registry
	regErr  error
)

// testRegistry returns the built-in registry, loaded once for all tests.
func testRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	regOnce.Do(func() { regVal, regErr = registry.Load() })
	if regErr != nil {
		t.Fatalf("load registry: %v", regErr)
	}
	return regVal
}

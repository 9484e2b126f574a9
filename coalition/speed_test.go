package coalition

import (
	"testing"

	"entente"
)

// BenchmarkLoad_Real measures loading the snapshot a 2024 prediction needs
// from the real-data store.
func BenchmarkLoad_Real(b *testing.B) {
	needSlow(b, "real-data benchmark")
	cfg := DefaultConfig()
	day := entente.Day(2024, 11, 15)
	for b.Loop() {
		openReal(b, cfg.LoadFrom(day), day)
	}
}

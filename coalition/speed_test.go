package coalition

import (
	"context"
	"fmt"
	"testing"
	"time"

	"entente"
	"entente/duckdb"
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

// openSpeedStore opens the real-data store (closed when the benchmark
// ends) and reads the motivating case's motion.
func openSpeedStore(b *testing.B) (*duckdb.Store, Motion) {
	b.Helper()
	needSlow(b, "real-data benchmark")
	ctx := context.Background()
	st, err := duckdb.Open(ctx, duckdb.Config{Path: realStorePath(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	mo, err := LoadMotion("../motions/dprk-troops-2024.yaml")
	if err != nil {
		b.Fatal(err)
	}
	return st, mo
}

// loadAndPredict builds the engine opts name, as the CLI and the server
// do, and predicts every member's stance on mo.
func loadAndPredict(b *testing.B, st *duckdb.Store, mo Motion, opts EngineOptions) {
	b.Helper()
	ctx := context.Background()
	e, err := LoadEngine(ctx, st, loadRegistry(b), opts)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := e.Predict(ctx, mo); err != nil {
		b.Fatal(err)
	}
}

// speedSetup opens the real-data store and makes sure the year's model of
// the motivating case is saved (the fit is not timed).
func speedSetup(b *testing.B) (*duckdb.Store, Motion) {
	b.Helper()
	ctx := context.Background()
	st, mo := openSpeedStore(b)
	t0 := time.Now()
	if _, err := LoadEngine(ctx, st, loadRegistry(b), EngineOptions{AsOf: mo.Date}); err != nil {
		b.Fatal(err)
	}
	b.Logf("year's model ready in %v", time.Since(t0))
	return st, mo
}

// BenchmarkPredict_ColdDay_Real is the first prediction for a new day on
// the full store: the snapshot is loaded for that day, the year's saved
// model read back, every member predicted (target: 10 s).
func BenchmarkPredict_ColdDay_Real(b *testing.B) {
	st, mo := speedSetup(b)
	day := mo.Date
	for b.Loop() {
		day = day.AddDate(0, 0, 1)
		loadAndPredict(b, st, mo, EngineOptions{AsOf: day})
	}
}

// BenchmarkPredict_Warm_Real is a prediction for a day whose engine a
// server built already (target: 0.5 s): the engine comes from the cache.
func BenchmarkPredict_Warm_Real(b *testing.B) {
	st, mo := speedSetup(b)
	ctx := context.Background()
	cache := NewEngineCache(4)
	opts := EngineOptions{AsOf: mo.Date, Cache: cache}
	if _, err := LoadEngine(ctx, st, loadRegistry(b), opts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		loadAndPredict(b, st, mo, opts)
	}
}

// BenchmarkPredict_ColdYear_Real is the first prediction in a year with no
// saved model, as on a freshly imported store: the snapshot is loaded and
// the engine fitted (Refit, so that no saved model of the year or of the
// years before is read back), then every member predicted (target: 10 s).
func BenchmarkPredict_ColdYear_Real(b *testing.B) {
	st, mo := openSpeedStore(b)
	for b.Loop() {
		loadAndPredict(b, st, mo, EngineOptions{AsOf: mo.Date, Refit: true})
	}
}

// BenchmarkPredict_NextYear_Real is the first prediction of a new model
// year on a store that fitted the year before: the model of year Y is
// fitted and saved untimed, then the first prediction of Y+1 is timed (a
// historical day inside the data, so that the two fit days differ). Each
// iteration takes the year pair before the last one whose second model
// the store does not hold yet, so that a copy of the store benchmarked
// before still gives first predictions.
func BenchmarkPredict_NextYear_Real(b *testing.B) {
	ctx := context.Background()
	st, mo := openSpeedStore(b)
	cfg := DefaultConfig()
	inputs, err := DataFingerprint(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	saved := func(year int) bool {
		_, err := st.Artifact(ctx, ModelArtifact, ModelKey(cfg, entente.Day(year, time.January, 1), inputs))
		return err == nil
	}
	year := 2024
	for b.Loop() {
		b.StopTimer()
		for year--; saved(year); year-- {
		}
		prev := entente.Day(year-1, time.June, 1)
		if _, err := LoadEngine(ctx, st, loadRegistry(b), EngineOptions{AsOf: prev}); err != nil {
			b.Fatal(err)
		}
		mo.Date = entente.Day(year, time.June, 1)
		b.Logf("model of %d ready; timing the first prediction of %d", year-1, year)
		b.StartTimer()
		loadAndPredict(b, st, mo, EngineOptions{AsOf: mo.Date})
	}
}

// BenchmarkBuildCases_Real builds the cases (feature rows) of every roll
// call a 2024 engine fits and tunes on, with one worker and with two: the
// part of a year's first prediction besides loading and fitting.
func BenchmarkBuildCases_Real(b *testing.B) {
	needSlow(b, "real-data benchmark")
	cfg := DefaultConfig()
	day := entente.Day(2024, 11, 15)
	h, _ := openReal(b, cfg.LoadFrom(day), day)
	fit := h.fitDay(day)
	first := dayNum(fit.AddDate(-cfg.RuleYears-cfg.TrainYears, 0, 0))
	var rs []int
	for r, rc := range h.rcs {
		if rc.day >= first && rc.day < dayNum(fit) {
			rs = append(rs, r)
		}
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				newFeaturizer(h, cfg).buildSpread(rs, workers)
			}
		})
	}
}

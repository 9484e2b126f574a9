package coalition

import (
	"context"
	"sync"
	"testing"
	"time"

	"entente"
	"entente/coalition/coalitiontest"
	"entente/duckdb"
	"entente/registry"
)

var (
	testReg     *registry.Registry
	testRegOnce sync.Once
)

func loadRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	testRegOnce.Do(func() {
		r, err := registry.Load()
		if err != nil {
			panic(err)
		}
		testReg = r
	})
	return testReg
}

type worldOptions = coalitiontest.Options

// buildWorld writes the synthetic world to a fresh in-memory store.
func buildWorld(t testing.TB, opt worldOptions) *duckdb.Store {
	t.Helper()
	st, err := duckdb.Open(context.Background(), duckdb.Config{Path: ":memory:", Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	coalitiontest.Write(t, st, loadRegistry(t), opt)
	return st
}

// worldConfig keeps fits small and quick.
func worldConfig() Config {
	c := DefaultConfig()
	c.MaxIterations = 150
	return c
}

func worldMotion() Motion {
	return Motion{ID: "iran-hr-2017", Title: "Situation of human rights in the Islamic Republic of Iran", Date: entente.Day(2017, time.March, 1),
		Kind: KindCondemn, Targets: []string{"IRN"}, Issues: []string{"hr"}, Similar: []string{"A/RES/71/141"}}
}

// worldEngine loads the store cut at asof and fits an engine.
func worldEngine(t testing.TB, st *duckdb.Store, asof time.Time, fast bool) *Engine {
	t.Helper()
	ctx := context.Background()
	// Wrapped in a struct that only has the Reader methods, the store
	// loses its BulkReader fast path.
	var src entente.Reader = struct{ entente.Reader }{st}
	if fast {
		src = st
	}
	h, err := Load(ctx, src, loadRegistry(t), LoadConfig{Until: asof})
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEngine(ctx, h, asof, worldConfig())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

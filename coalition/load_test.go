package coalition

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/duckdb"
)

func TestLoadEngine(t *testing.T) {
	ctx := context.Background()
	asof := worldMotion().Date
	cfg := worldConfig()
	t.Run("fits, saves, then reuses", func(t *testing.T) {
		st := buildWorld(t, worldOptions{})
		var logs bytes.Buffer
		opts := EngineOptions{AsOf: asof, Config: &cfg, Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
		first, err := LoadEngine(ctx, st, loadRegistry(t), opts)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(logs.String(), "reused saved model") {
			t.Fatal("the first engine claims to reuse a saved model")
		}
		logs.Reset()
		second, err := LoadEngine(ctx, st, loadRegistry(t), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), "reused saved model") {
			t.Errorf("the second engine was fitted anew: %s", logs.String())
		}
		if !reflect.DeepEqual(first.Weights(), second.Weights()) {
			t.Error("the reused model's weights differ from the fitted one's")
		}
	})
	t.Run("a new day of the same year reuses the year's model", func(t *testing.T) {
		st := buildWorld(t, worldOptions{})
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		if _, err := LoadEngine(ctx, st, loadRegistry(t), EngineOptions{AsOf: asof, Config: &cfg, Logger: log}); err != nil {
			t.Fatal(err)
		}
		logs.Reset()
		later := asof.AddDate(0, 2, 0)
		e, err := LoadEngine(ctx, st, loadRegistry(t), EngineOptions{AsOf: later, Config: &cfg, Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), "reused saved model") || !e.AsOf().Equal(later) {
			t.Errorf("engine for %s: as of %s, logs %s; want the saved model reused", later.Format(entente.DateLayout), e.AsOf().Format(entente.DateLayout), logs.String())
		}
	})
	t.Run("the cache returns the engine built", func(t *testing.T) {
		st := buildWorld(t, worldOptions{})
		cache := NewEngineCache(2)
		opts := EngineOptions{AsOf: asof, Config: &cfg, Cache: cache}
		first, err := LoadEngine(ctx, st, loadRegistry(t), opts)
		if err != nil {
			t.Fatal(err)
		}
		second, err := LoadEngine(ctx, st, loadRegistry(t), opts)
		if err != nil {
			t.Fatal(err)
		}
		if first != second {
			t.Error("a second LoadEngine with the cache built another engine")
		}
	})
	t.Run("no as-of day", func(t *testing.T) {
		st := buildWorld(t, worldOptions{})
		if _, err := LoadEngine(ctx, st, loadRegistry(t), EngineOptions{}); !errors.Is(err, entente.ErrInvalid) {
			t.Errorf("err = %v, want ErrInvalid", err)
		}
	})
	t.Run("no roll calls", func(t *testing.T) {
		st, err := duckdb.Open(ctx, duckdb.Config{Path: ":memory:", Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := LoadEngine(ctx, st, loadRegistry(t), EngineOptions{AsOf: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}); !errors.Is(err, entente.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
}

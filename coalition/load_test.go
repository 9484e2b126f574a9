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
	// One fit serves every case: fitting is what takes time.
	st := buildWorld(t, worldOptions{})
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cache := NewEngineCache(2)
	first, err := LoadEngine(ctx, st, loadRegistry(t), EngineOptions{AsOf: asof, Config: &cfg, Logger: log, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "reused saved model") {
		t.Fatal("the first engine claims to reuse a saved model")
	}
	t.Run("the cache returns the engine built", func(t *testing.T) {
		again, err := LoadEngine(ctx, st, loadRegistry(t), EngineOptions{AsOf: asof, Config: &cfg, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		if again != first {
			t.Error("a second LoadEngine with the cache built another engine")
		}
	})
	t.Run("the saved model is reused, for another day of the year too", func(t *testing.T) {
		for _, day := range []time.Time{asof, asof.AddDate(0, 2, 0)} {
			logs.Reset()
			e, err := LoadEngine(ctx, st, loadRegistry(t), EngineOptions{AsOf: day, Config: &cfg, Logger: log})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(logs.String(), "reused saved model") || !e.AsOf().Equal(day) {
				t.Errorf("engine for %s: as of %s, logs %s; want the saved model reused", day.Format(entente.DateLayout), e.AsOf().Format(entente.DateLayout), logs.String())
			}
			if day.Equal(asof) && !reflect.DeepEqual(first.Weights(), e.Weights()) {
				t.Error("the reused model's weights differ from the fitted one's")
			}
		}
	})
	t.Run("days after the data's end share the saved model", func(t *testing.T) {
		// The world's roll calls end in 2016: a question of 2019 or 2021
		// sees no roll call the 2017 model did not, so it is that model.
		for _, day := range []time.Time{entente.Day(2019, time.May, 1), entente.Day(2021, time.December, 4)} {
			logs.Reset()
			e, err := LoadEngine(ctx, st, loadRegistry(t), EngineOptions{AsOf: day, Config: &cfg, Logger: log})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(logs.String(), "reused saved model") || !e.AsOf().Equal(day) {
				t.Errorf("engine for %s: as of %s, logs %s; want the 2017 model reused", day.Format(entente.DateLayout), e.AsOf().Format(entente.DateLayout), logs.String())
			}
			if !reflect.DeepEqual(first.Weights(), e.Weights()) {
				t.Errorf("engine for %s: weights differ from the 2017 model's", day.Format(entente.DateLayout))
			}
		}
	})
	t.Run("no as-of day", func(t *testing.T) {
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

func TestPrepareModel(t *testing.T) {
	ctx := context.Background()
	cfg := worldConfig()
	st := buildWorld(t, worldOptions{})
	// Today is long after the world's last roll call (2016): the model
	// prepared for it is the one every later question shares.
	today := entente.Day(2026, time.December, 4)
	opts := EngineOptions{AsOf: today, Config: &cfg}
	fit, fitted, err := PrepareModel(ctx, st, loadRegistry(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := entente.Day(2017, time.January, 1); !fitted || !fit.Equal(want) {
		t.Fatalf("first PrepareModel: fit day %s, fitted %v; want %s, true", fit.Format(entente.DateLayout), fitted, want.Format(entente.DateLayout))
	}
	t.Run("a second call finds the saved model", func(t *testing.T) {
		_, fitted, err := PrepareModel(ctx, st, loadRegistry(t), opts)
		if err != nil || fitted {
			t.Errorf("fitted %v, err %v; want the saved model found", fitted, err)
		}
	})
	t.Run("a question of another later day reads it", func(t *testing.T) {
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		if _, err := LoadEngine(ctx, st, loadRegistry(t), EngineOptions{AsOf: entente.Day(2024, time.November, 1), Config: &cfg, Logger: log}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), "reused saved model") {
			t.Errorf("logs %s; want the prepared model reused", logs.String())
		}
	})
	t.Run("refit fits again", func(t *testing.T) {
		o := opts
		o.Refit = true
		if _, fitted, err := PrepareModel(ctx, st, loadRegistry(t), o); err != nil || !fitted {
			t.Errorf("fitted %v, err %v; want a new fit", fitted, err)
		}
	})
	t.Run("no roll calls", func(t *testing.T) {
		empty, err := duckdb.Open(ctx, duckdb.Config{Path: ":memory:", Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer empty.Close()
		if _, _, err := PrepareModel(ctx, empty, loadRegistry(t), opts); !errors.Is(err, entente.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
}

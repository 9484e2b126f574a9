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

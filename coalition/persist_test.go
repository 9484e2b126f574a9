package coalition

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"entente"
)

// TestEngine_MarshalModel checks that an engine rebuilt from its saved
// model predicts exactly what the fitted one does, and that a saved model
// of another day, another format or damaged is refused with ErrInvalid.
func TestEngine_MarshalModel(t *testing.T) {
	st := buildWorld(t, worldOptions{Session70: true})
	asof := entente.Day(2017, time.March, 1)
	e := worldEngine(t, st, asof, true)
	saved, err := e.MarshalModel()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	want, err := e.Predict(ctx, worldMotion())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("round trip", func(t *testing.T) {
		e2, err := NewEngineFromModel(e.h, asof, worldConfig(), saved)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e2.Predict(ctx, worldMotion())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.States, want.States) {
			t.Error("the engine rebuilt from the saved model predicts differently")
		}
		if !reflect.DeepEqual(e2.model.stage2.rule, e.model.stage2.rule) {
			t.Errorf("decision rule %v, want %v", e2.model.stage2.rule, e.model.stage2.rule)
		}
	})
	bad := []struct {
		name  string
		asof  time.Time
		saved string
	}{
		{"another year", asof.AddDate(-1, 0, 0), string(saved)},
		{"another format", asof, strings.Replace(string(saved), modelFormat, "coalition-mnl/0", 1)},
		{"unknown feature", asof, strings.Replace(string(saved), `"sim_yes"`, `"no_such_feature"`, 1)},
		{"truncated", asof, string(saved[:len(saved)/2])},
		{"empty stages", asof, `{"format":"` + modelFormat + `","asof":"2017-01-01"}`},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			if _, err := NewEngineFromModel(e.h, b.asof, worldConfig(), []byte(b.saved)); !errors.Is(err, entente.ErrInvalid) {
				t.Errorf("NewEngineFromModel: %v, want ErrInvalid", err)
			}
		})
	}
}

// TestModelKey checks that the key changes with every input it names.
func TestModelKey(t *testing.T) {
	day := entente.Day(2024, time.November, 15)
	base := ModelKey(DefaultConfig(), day, []string{"unvotes:1 abc", "registry 7"})
	other := DefaultConfig()
	other.L2 = 0.01
	for name, k := range map[string]string{
		"config":   ModelKey(other, day, []string{"unvotes:1 abc", "registry 7"}),
		"day":      ModelKey(DefaultConfig(), day.AddDate(0, 0, 1), []string{"unvotes:1 abc", "registry 7"}),
		"checksum": ModelKey(DefaultConfig(), day, []string{"unvotes:1 abd", "registry 7"}),
		"registry": ModelKey(DefaultConfig(), day, []string{"unvotes:1 abc", "registry 8"}),
	} {
		if k == base {
			t.Errorf("changing the %s leaves the key unchanged", name)
		}
	}
	if again := ModelKey(DefaultConfig(), day, []string{"unvotes:1 abc", "registry 7"}); again != base {
		t.Error("the same inputs give another key")
	}
}

package main

import (
	"context"
	"strings"
	"testing"

	"entente/coalition"
	"entente/coalition/coalitiontest"
	"entente/duckdb"
	"entente/registry"
)

// worldDB writes the coalition engine's synthetic world to a store file.
func worldDB(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	st, err := duckdb.Open(context.Background(), duckdb.Config{Path: db, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := registry.Load()
	if err != nil {
		t.Fatal(err)
	}
	coalitiontest.Write(t, st, reg, coalitiontest.Options{Session70: true})
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

const worldMotion = "../../coalition/testdata/iran-hr-2017-motion.yaml"

func TestMain_Coalition(t *testing.T) {
	if testing.Short() {
		t.Skip("fits models: skipped with -short")
	}
	db := worldDB(t)
	tests := []struct {
		name   string
		args   []string
		golden string
		code   int
		want   string
	}{
		{name: "predict csv", args: []string{"predict", "--motion", worldMotion, "--format", "csv"}, golden: "predict.csv"},
		{name: "coalition", args: []string{"coalition", "--motion", worldMotion, "--top", "5"}, golden: "coalition.txt"},
		{name: "coalition scenario", args: []string{"coalition", "--motion", worldMotion, "--top", "3", "--scenario", "../../coalition/testdata/scenario-russia-condemns.yaml"}, golden: "coalition-scenario.txt"},
		{name: "backtest csv", args: []string{"backtest", "--from", "2016", "--to", "2016", "--format", "csv"}, golden: "backtest.csv"},
		{name: "missing motion", args: []string{"predict"}, code: 2, want: "--motion is required"},
		{name: "bad asof", args: []string{"predict", "--motion", worldMotion, "--asof", "2017-13-01"}, code: 2, want: "is not a date"},
		{name: "motion not found", args: []string{"predict", "--motion", "nope.yaml"}, code: 1, want: "nope.yaml"},
		{name: "backtest years", args: []string{"backtest", "--from", "2019", "--to", "2010"}, code: 2, want: "years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, db, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			if tt.want != "" && !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q does not mention %q", errOut, tt.want)
			}
			if tt.golden != "" {
				golden(t, tt.golden, out)
			}
		})
	}
}

// TestMain_PredictSavedModel checks that predict saves its fitted model,
// that a later run reusing it prints exactly what a fresh fit prints, and
// that an unreadable saved model is refitted rather than trusted.
func TestMain_PredictSavedModel(t *testing.T) {
	if testing.Short() {
		t.Skip("fits models: skipped with -short")
	}
	db := worldDB(t)
	args := []string{"predict", "--motion", worldMotion, "--format", "csv"}
	fresh, errOut, code := run(t, db, args...)
	if code != 0 {
		t.Fatalf("first predict: exit %d: %s", code, errOut)
	}
	countModels := func() (n int, body string) {
		t.Helper()
		st, err := duckdb.Open(context.Background(), duckdb.Config{Path: db, Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.DB().QueryRow(`SELECT count(*), coalesce(max(decode(body)), '') FROM artifacts WHERE kind = ?`, coalition.ModelArtifact).Scan(&n, &body); err != nil {
			t.Fatal(err)
		}
		return n, body
	}
	if n, body := countModels(); n != 1 || !strings.Contains(body, `"format"`) {
		t.Fatalf("after the first predict the store holds %d saved models (%.40q), want 1", n, body)
	}
	again, _, code := run(t, db, args...)
	if code != 0 || again != fresh {
		t.Errorf("predict with the saved model differs from the fresh fit (exit %d)", code)
	}
	refit, _, code := run(t, db, append(args, "--refit")...)
	if code != 0 || refit != fresh {
		t.Errorf("predict --refit differs from the first fit (exit %d)", code)
	}
	if n, _ := countModels(); n != 1 {
		t.Errorf("after refitting the same day the store holds %d saved models, want 1", n)
	}
	// A damaged saved model must be refitted, not read.
	st, err := duckdb.Open(context.Background(), duckdb.Config{Path: db, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`UPDATE artifacts SET body = '{"format":"nonsense"}'::BLOB`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	damaged, errOut, code := run(t, db, args...)
	if code != 0 || damaged != fresh {
		t.Errorf("predict over a damaged saved model: exit %d, output differs: %v; stderr %s", code, damaged != fresh, errOut)
	}
	if !strings.Contains(errOut, "saved model unusable") {
		t.Errorf("stderr does not warn about the damaged saved model: %q", errOut)
	}
}

// TestMain_ImportPreparesModel checks that an import leaving roll calls in
// the store fits the model today's questions use, that a question whose
// day shares it reads it instead of fitting again, and that --no-model
// leaves the fit to the first question.
func TestMain_ImportPreparesModel(t *testing.T) {
	if testing.Short() {
		t.Skip("fits models: skipped with -short")
	}
	t.Run("import fits, predict reads", func(t *testing.T) {
		db := worldDB(t)
		out, errOut, code := run(t, db, "import", importerFixture("alliances"))
		if code != 0 {
			t.Fatalf("import: exit %d: %s", code, errOut)
		}
		// The world's roll calls end in 2016: every later day, today's
		// and the motion's (2017-03-01) alike, shares the 2017 model.
		if !strings.Contains(out, "fitted the coalition model for questions from 2017-01-01 on") {
			t.Errorf("import output does not say it fitted the model:\n%s", out)
		}
		if n := modelCount(t, db); n != 1 {
			t.Fatalf("after the import the store holds %d saved models, want 1", n)
		}
		_, errOut, code = run(t, db, "--verbose", "predict", "--motion", worldMotion, "--format", "csv")
		if code != 0 || !strings.Contains(errOut, "reused saved model") {
			t.Errorf("predict after the import: exit %d, stderr %s; want the prepared model reused", code, errOut)
		}
		if n := modelCount(t, db); n != 1 {
			t.Errorf("after the predict the store holds %d saved models, want 1", n)
		}
	})
	t.Run("no-model", func(t *testing.T) {
		db := worldDB(t)
		out, errOut, code := run(t, db, "import", "--no-model", importerFixture("alliances"))
		if code != 0 || strings.Contains(out, "fitted the coalition model") {
			t.Fatalf("import --no-model: exit %d, stderr %s, output:\n%s", code, errOut, out)
		}
		if n := modelCount(t, db); n != 0 {
			t.Errorf("after import --no-model the store holds %d saved models, want 0", n)
		}
	})
}

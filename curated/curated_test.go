package curated_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/curated"
	"entente/duckdb"
)

func TestLoad(t *testing.T) {
	ties, src, err := curated.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !src.Curated || src.ID != curated.SourceID || src.Rows != int64(len(ties)) || src.Checksum == "" {
		t.Fatalf("source = %+v", src)
	}
	byID := map[string]entente.Tie{}
	for _, tie := range ties {
		if tie.Evidence.Source != curated.SourceID || tie.Evidence.Line == 0 || tie.Evidence.Text == "" {
			t.Errorf("%s: evidence %+v does not cite its line and source", tie.Attrs["id"], tie.Evidence)
		}
		if tie.Attrs["source"] == "" || tie.Attrs["name"] == "" {
			t.Errorf("%s: no source or name", tie.Attrs["id"])
		}
		if tie.Period.From.IsZero() {
			t.Errorf("%s: no date", tie.Attrs["id"])
		}
		byID[tie.Attrs["id"]] = tie
	}
	// The facts the motivating case rests on must be there, dated.
	tests := []struct {
		id   string
		kind entente.TieKind
		a, b string
		from time.Time
		typ  string
	}{
		{"rus-prk-csp-2024", entente.TieTreaty, "RUS", "PRK", entente.Day(2024, 12, 4), curated.TypeDefence},
		{"chn-prk-1961", entente.TieTreaty, "CHN", "PRK", entente.Day(1961, 9, 10), curated.TypeDefence},
		{"fin-nato-2023", entente.TieTreaty, "FIN", "NATO", entente.Day(2023, 4, 4), curated.TypeDefence},
		{"swe-nato-2024", entente.TieTreaty, "SWE", "NATO", entente.Day(2024, 3, 7), curated.TypeDefence},
		{"aukus-aus-usa-2021", entente.TieTreaty, "AUS", "USA", entente.Day(2021, 9, 15), curated.TypeSecurity},
		{"prk-chn-trade-2023", entente.TieDependence, "PRK", "CHN", entente.Day(2023, 1, 1), curated.TypeTradeShare},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, ok := byID[tt.id]
			if !ok {
				t.Fatal("missing")
			}
			if got.Kind != tt.kind || got.A != tt.a || got.B != tt.b || !got.Period.From.Equal(tt.from) || got.Attrs["type"] != tt.typ {
				t.Errorf("got %s %s-%s from %s type %s", got.Kind, got.A, got.B, got.Period.From.Format(entente.DateLayout), got.Attrs["type"])
			}
		})
	}
	if y := byID["prk-chn-trade-2023"]; y.Year != 2023 || y.Value < 0.9 || y.Unit != "share" {
		t.Errorf("yearly figure: %+v", y)
	}
	if s := byID["rus-prk-csp-2024"].Attrs["signed"]; s != "2024-06-19" {
		t.Errorf("signed = %q", s)
	}
}

func TestParse_Errors(t *testing.T) {
	head := strings.Join([]string{"id", "date", "until", "signed", "kind", "a", "b", "value", "unit", "type", "name", "source", "note"}, "\t") + "\n"
	row := func(cells ...string) string { return strings.Join(cells, "\t") + "\n" }
	good := row("x", "2024-01-01", "", "", "treaty", "RUS", "PRK", "1", "", "defence", "n", "s", "")
	tests := []struct {
		name, data, want string
	}{
		{"no header", "# only a comment\n", "no header"},
		{"wrong header", "id\tdate\n", "header must be"},
		{"short row", head + "x\t2024-01-01\n", "2 fields, want 13"},
		{"bad date", head + row("x", "2024-13-01", "", "", "treaty", "RUS", "PRK", "1", "", "defence", "n", "s", ""), "field date"},
		{"bad kind", head + row("x", "2024-01-01", "", "", "alliance", "RUS", "PRK", "1", "", "defence", "n", "s", ""), "field kind"},
		{"bad type", head + row("x", "2024-01-01", "", "", "treaty", "RUS", "PRK", "1", "", "trade_share", "n", "s", ""), "field type"},
		{"bad code", head + row("x", "2024-01-01", "", "", "treaty", "Russia", "PRK", "1", "", "defence", "n", "s", ""), "field a"},
		{"same actors", head + row("x", "2024-01-01", "", "", "treaty", "PRK", "PRK", "1", "", "defence", "n", "s", ""), "same actor"},
		{"share out of range", head + row("x", "2023", "", "", "dependence", "PRK", "CHN", "98", "share", "trade_share", "n", "s", ""), "fraction"},
		{"no source", head + row("x", "2024-01-01", "", "", "treaty", "RUS", "PRK", "1", "", "defence", "n", "", ""), "field source"},
		{"until before date", head + row("x", "2024-01-01", "2023-01-01", "", "treaty", "RUS", "PRK", "1", "", "defence", "n", "s", ""), "before date"},
		{"duplicate id", head + good + good, "already used on line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := curated.Parse([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if !errors.Is(err, entente.ErrInvalid) {
				t.Errorf("err %v does not wrap ErrInvalid", err)
			}
		})
	}
	if _, _, err := curated.Parse([]byte(head + good)); err != nil {
		t.Errorf("good row: %v", err)
	}
}

func TestEnsure(t *testing.T) {
	ctx := context.Background()
	s, err := duckdb.Open(ctx, duckdb.Config{Path: filepath.Join(t.TempDir(), "c.duckdb"), Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wrote, err := curated.Ensure(ctx, s)
	if err != nil || !wrote {
		t.Fatalf("first Ensure = %v, %v", wrote, err)
	}
	ties, _, _ := curated.Load()
	got, err := s.Ties(ctx, entente.TieFilter{Source: curated.SourceID})
	if err != nil || len(got) != len(ties) {
		t.Fatalf("stored %d ties (%v), want %d", len(got), err, len(ties))
	}
	if wrote, err := curated.Ensure(ctx, s); err != nil || wrote {
		t.Fatalf("second Ensure = %v, %v; want a no-op", wrote, err)
	}
	// An older release in the store is replaced, not added to.
	if err := s.Update(ctx, func(tx entente.Tx) error {
		src, err := tx.Source(ctx, curated.SourceID)
		if err != nil {
			return err
		}
		src.Checksum = "old"
		return tx.PutSource(ctx, src)
	}); err != nil {
		t.Fatal(err)
	}
	if wrote, err := curated.Ensure(ctx, s); err != nil || !wrote {
		t.Fatalf("Ensure after change = %v, %v", wrote, err)
	}
	got, _ = s.Ties(ctx, entente.TieFilter{Source: curated.SourceID})
	if len(got) != len(ties) {
		t.Fatalf("after replacement %d ties, want %d", len(got), len(ties))
	}
	src, err := s.Source(ctx, curated.SourceID)
	if err != nil || !src.Curated {
		t.Fatalf("source %+v, %v", src, err)
	}
}

// staleStore answers Source as a store read before another process stored
// the curated facts: not found. Its transactions see the facts.
type staleStore struct{ *duckdb.Store }

func (staleStore) Source(context.Context, string) (entente.Source, error) {
	return entente.Source{}, entente.ErrNotFound
}

// TestEnsure_StoredMeanwhile: when another process stores the facts
// between Ensure's look and its transaction (write commands take the write
// lock only inside transactions), Ensure writes nothing instead of
// appending the facts a second time.
func TestEnsure_StoredMeanwhile(t *testing.T) {
	ctx := context.Background()
	s, err := duckdb.Open(ctx, duckdb.Config{Path: filepath.Join(t.TempDir(), "c.duckdb"), Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := curated.Ensure(ctx, s); err != nil {
		t.Fatal(err)
	}
	if wrote, err := curated.Ensure(ctx, staleStore{s}); err != nil || wrote {
		t.Fatalf("Ensure on a stale view = %v, %v; want a no-op", wrote, err)
	}
	ties, _, _ := curated.Load()
	got, err := s.Ties(ctx, entente.TieFilter{Source: curated.SourceID})
	if err != nil || len(got) != len(ties) {
		t.Fatalf("stored %d ties (%v), want %d", len(got), err, len(ties))
	}
}

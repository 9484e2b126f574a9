package measures_test

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"entente"
	"entente/duckdb"
	"entente/measures"
)

// fill is what a test writes to a fresh store.
type fill struct {
	Sources   []entente.Source
	Ties      []entente.Tie
	RollCalls []entente.RollCall
	Votes     []entente.Vote
	Events    []entente.Event
	Registry  *entente.RegistryData
}

// openStore returns a fresh DuckDB store in a temporary folder, filled.
func openStore(t testing.TB, f fill) *duckdb.Store {
	t.Helper()
	ctx := context.Background()
	s, err := duckdb.Open(ctx, duckdb.Config{Path: filepath.Join(t.TempDir(), "m.duckdb"), Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	err = s.Update(ctx, func(tx entente.Tx) error {
		if f.Registry != nil {
			if err := tx.ReplaceRegistry(ctx, *f.Registry); err != nil {
				return err
			}
		}
		for _, src := range f.Sources {
			if err := tx.PutSource(ctx, src); err != nil {
				return err
			}
		}
		if err := tx.AppendTies(ctx, f.Ties); err != nil {
			return err
		}
		if err := tx.AppendRollCalls(ctx, f.RollCalls); err != nil {
			return err
		}
		if err := tx.AppendVotes(ctx, f.Votes); err != nil {
			return err
		}
		return tx.AppendEvents(ctx, f.Events)
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// source returns a dataset source covering the years from..to.
func source(id string, from, to int) entente.Source {
	dataset := id
	for i := range id {
		if id[i] == ':' {
			dataset = id[:i]
			break
		}
	}
	return entente.Source{ID: id, Dataset: dataset, Release: "test", Title: id,
		Coverage: entente.Period{From: entente.Day(from, 1, 1), To: entente.Day(to, 12, 31)}}
}

var line int64

// ev cites the next line of a source.
func ev(src string) entente.Evidence {
	line++
	return entente.Evidence{Source: src, File: "test.csv", Line: line}
}

// flow is a COW trade.flow tie: a imports v from b in year.
func flow(a, b string, year int, v float64) entente.Tie {
	return entente.Tie{Kind: entente.TieTradeFlow, A: a, B: b, Year: year, Value: v, Unit: "US$ million",
		Period: yearPeriod(year), Evidence: ev("cow-trade.dyadic:4.0")}
}

// total is a COW national trade.total tie.
func total(a string, year int, imports, exports float64) entente.Tie {
	return entente.Tie{Kind: entente.TieTradeTotal, A: a, Year: year, Value: imports + exports, Unit: "US$ million",
		Period: yearPeriod(year), Attrs: map[string]string{"imports": ftoa(imports), "exports": ftoa(exports)},
		Evidence: ev("cow-trade.national:4.0")}
}

// arms is a SIPRI delivery tie of kind k: supplier delivers tiv to
// recipient in year.
func arms(k entente.TieKind, supplier, recipient string, year int, tiv float64) entente.Tie {
	src := "sipri.tiv:2022"
	if k == entente.TieArmsOrder {
		src = "sipri.register:2026"
	}
	return entente.Tie{Kind: k, A: supplier, B: recipient, Year: year, Value: tiv, Unit: "TIV million",
		Period: yearPeriod(year), Evidence: ev(src)}
}

// ally is an alliance dyad-year in both directions, as the importer writes
// COW and ATOP.
func ally(k entente.TieKind, src, a, b string, from, to int) []entente.Tie {
	var out []entente.Tie
	for y := from; y <= to; y++ {
		out = append(out,
			entente.Tie{Kind: k, A: a, B: b, Year: y, Value: 1, Period: yearPeriod(y), Evidence: ev(src)},
			entente.Tie{Kind: k, A: b, B: a, Year: y, Value: 1, Period: yearPeriod(y), Evidence: ev(src)})
	}
	return out
}

func yearPeriod(y int) entente.Period {
	return entente.Period{From: entente.Day(y, 1, 1), To: entente.Day(y, 12, 31)}
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// event is a coded event from source to target on a day.
func event(id, src, tgt string, day time.Time, plover string, goldstein float64, negated bool) entente.Event {
	return entente.Event{ID: id, Date: day, Source: entente.ActorRef{Code: src, Country: src}, Target: entente.ActorRef{Code: tgt, Country: tgt},
		CAMEO: "000", PLOVER: plover, Goldstein: goldstein, Negated: negated, Modality: entente.Asserted, Confidence: 1, Mentions: 1,
		Evidence: []entente.Evidence{ev("gdelt2:test")}}
}

// engine returns an engine over s with the default configuration.
func engine(t testing.TB, s entente.Reader) *measures.Engine {
	t.Helper()
	e, err := measures.New(s, measures.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// value returns a fraction's value or NaN.
func value(f measures.Fraction) float64 {
	v, ok := f.Value()
	if !ok {
		return math.NaN()
	}
	return v
}

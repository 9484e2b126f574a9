package synth

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// TestEvent_Distribution checks the shape of the record: reproducible,
// dates in 1979–2026, the first codes far more frequent than the last.
func TestEvent_Distribution(t *testing.T) {
	const n = 20000
	count := map[string]int{}
	for i := int64(0); i < n; i++ {
		e := Event(i)
		if e.ID != Event(i).ID || !e.Date.Equal(Event(i).Date) {
			t.Fatalf("event %d is not reproducible", i)
		}
		if e.Date.Year() < 1979 || e.Date.Year() > 2026 {
			t.Fatalf("event %d dated %v", i, e.Date)
		}
		count[e.Source.Country]++
	}
	if len(count) < 150 {
		t.Errorf("%d source codes in %d events, want a few hundred", len(count), n)
	}
	if count["USA"] < 20*count[Codes[200]] {
		t.Errorf("USA %d events, rank 200 %d: want a Zipf-like fall-off", count["USA"], count[Codes[200]])
	}
}

// TestDuckDBSelect_MatchesEvent checks that the SQL form of the generator
// makes the same events as the Go form.
func TestDuckDBSelect_MatchesEvent(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const n = 3000
	rows, err := db.QueryContext(context.Background(), DuckDBSelect(0, n))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	diff := 0
	for i := int64(0); rows.Next(); i++ {
		var (
			id, sc, sco, st, tc, tco, tt, cameo, plover, mod, q, evs, evf, evd, evt string
			date                                                                    sql.NullTime
			gold, conf, tone                                                        float64
			neg                                                                     bool
			mentions, start, end                                                    int32
			line                                                                    int64
		)
		if err := rows.Scan(&id, &date, &sc, &sco, &st, &tc, &tco, &tt, &cameo, &plover, &gold, &neg, &mod, &q, &conf, &mentions, &tone, &evs, &evf, &line, &evd, &start, &end, &evt); err != nil {
			t.Fatal(err)
		}
		w := Event(i)
		got := fmt.Sprint(id, date.Time.Format("2006-01-02"), sc, sco, tc, tco, cameo, plover, gold, mentions, tone, evs, line)
		want := fmt.Sprint(w.ID, w.Date.Format("2006-01-02"), w.Source.Code, w.Source.Country, w.Target.Code, w.Target.Country,
			w.CAMEO, w.PLOVER, w.Goldstein, w.Mentions, w.Tone, w.Evidence[0].Source, w.Evidence[0].Line)
		if got != want {
			if diff < 3 {
				t.Errorf("event %d:\nsql %s\ngo  %s", i, got, want)
			}
			diff++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff > 0 {
		t.Errorf("%d of %d events differ", diff, n)
	}
}

package duckdb_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"entente"
)

// feedEvents makes n events with every column set, some with a zero date
// and quantities, and every 1000th with a second piece of evidence.
func feedEvents(from, n int) []entente.Event {
	out := make([]entente.Event, n)
	for i := range out {
		k := from + i
		e := entente.Event{
			ID:     fmt.Sprintf("feed:%d", k),
			Date:   entente.Day(1979+k%40, time.Month(1+k%12), 1+k%28),
			Source: entente.ActorRef{Code: "USAGOV", Country: "USA", Text: "Washington"},
			Target: entente.ActorRef{Code: "CHN", Country: "CHN", Text: "Beijing ü"},
			CAMEO:  "042", PLOVER: "CONSULT", Goldstein: float64(k%20) / 2, Negated: k%7 == 0,
			Modality: entente.Asserted, Confidence: 0.5, Mentions: k % 9, Tone: -float64(k%13) / 4,
			Evidence: []entente.Evidence{{Source: "feed:1", File: "feed.csv", Line: int64(k + 1), Document: "doc", Start: 1, End: 5, Text: "said"}},
		}
		if k%11 == 0 {
			e.Date = time.Time{}
		}
		if k%13 == 0 {
			e.Quantities = []entente.Quantity{{Value: 10000, Unit: "troops", Text: "10,000 troops"}}
		}
		if k%1000 == 0 {
			e.Evidence = append(e.Evidence, entente.Evidence{Source: "feed:1", File: "other.csv", Line: 7})
		}
		out[i] = e
	}
	return out
}

// TestTx_AppendEventsFeed checks that large batches (the chunk feed) and
// small ones (the row appender) store the same events, mixed with queries
// inside the transaction, and that a cancelled import leaves nothing.
func TestTx_AppendEventsFeed(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	defer s.Close()
	want := feedEvents(0, 7000)
	err := s.Update(ctx, func(tx entente.Tx) error {
		if err := tx.PutSource(ctx, entente.Source{ID: "feed:1", Dataset: "feed"}); err != nil {
			return err
		}
		for _, b := range [][2]int{{0, 3000}, {3000, 3010}, {3010, 5000}, {5000, 7000}} {
			if err := tx.AppendEvents(ctx, want[b[0]:b[1]]); err != nil {
				return err
			}
			// A query in between ends the feed; the next batch starts another.
			if b[0] == 3000 {
				got, err := tx.Events(ctx, entente.EventFilter{})
				if err != nil || len(got) != 3010 {
					return fmt.Errorf("events inside the transaction: %d, %v", len(got), err)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Events(ctx, entente.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("stored %d events, want %d", len(got), len(want))
	}
	byID := map[string]entente.Event{}
	for _, e := range got {
		byID[e.ID] = e
	}
	for _, w := range want {
		g := byID[w.ID]
		if !g.Date.Equal(w.Date) {
			t.Errorf("%s: date %v, want %v", w.ID, g.Date, w.Date)
		}
		// The dates were compared above with Equal, which ignores the
		// location the store hands back, so the deep comparison uses the
		// wanted value.
		g.Date = w.Date
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\ngot  %+v\nwant %+v", w.ID, g, w)
			break
		}
	}

	t.Run("cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		err := s.Update(cctx, func(tx entente.Tx) error {
			if err := tx.AppendEvents(cctx, feedEvents(10000, 3000)); err != nil {
				return err
			}
			cancel()
			return tx.AppendEvents(cctx, feedEvents(13000, 3000))
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Update = %v, want context.Canceled", err)
		}
		got, err := s.Events(ctx, entente.EventFilter{})
		if err != nil || len(got) != len(want) {
			t.Fatalf("after a cancelled import: %d events, %v; want %d", len(got), err, len(want))
		}
	})
}

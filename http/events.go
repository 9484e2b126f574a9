package http

import (
	"context"
	"time"

	"entente"
)

// EventQuery selects a page of events. Zero fields match everything; the
// store filters by dyad, dates and CAMEO prefix, the rest here.
type EventQuery struct {
	Source, Target string
	From, To       time.Time
	CAMEO, PLOVER  string
	Negated        *bool
	Modality       entente.Modality
	Limit, Offset  int
}

// QueryEvents returns one page of the events matching q, in the store's
// order (date, then ID), and how many match in all.
func QueryEvents(ctx context.Context, r entente.Reader, q EventQuery) ([]entente.Event, int, error) {
	all, err := r.Events(ctx, entente.EventFilter{SourceCountry: q.Source, TargetCountry: q.Target, From: q.From, To: q.To, CAMEOPrefix: q.CAMEO})
	if err != nil {
		return nil, 0, err
	}
	page := []entente.Event{}
	n := 0
	for _, e := range all {
		if q.PLOVER != "" && e.PLOVER != q.PLOVER ||
			q.Negated != nil && e.Negated != *q.Negated ||
			q.Modality != "" && e.Modality != q.Modality {
			continue
		}
		if n >= q.Offset && len(page) < q.Limit {
			page = append(page, e)
		}
		n++
	}
	return page, n, nil
}

package http

import (
	"context"
	"sort"
	"time"

	"entente"
)

// EventQuery selects a page of events. Zero fields match everything; the
// store filters by dyad, dates and CAMEO prefix, the rest here.
type EventQuery struct {
	// Actor matches events whose source or target is the actor.
	Actor          string
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
	f := entente.EventFilter{SourceCountry: q.Source, TargetCountry: q.Target, From: q.From, To: q.To, CAMEOPrefix: q.CAMEO}
	var all []entente.Event
	if q.Actor == "" {
		var err error
		if all, err = r.Events(ctx, f); err != nil {
			return nil, 0, err
		}
	} else {
		// Either side: the events from the actor, then those toward it,
		// merged back into the store's order without duplicates.
		seen := map[string]bool{}
		for _, side := range []func(*entente.EventFilter){
			func(f *entente.EventFilter) { f.SourceCountry = q.Actor },
			func(f *entente.EventFilter) { f.TargetCountry = q.Actor },
		} {
			g := f
			side(&g)
			evs, err := r.Events(ctx, g)
			if err != nil {
				return nil, 0, err
			}
			for _, e := range evs {
				if !seen[e.ID] {
					seen[e.ID] = true
					all = append(all, e)
				}
			}
		}
		sort.SliceStable(all, func(i, j int) bool {
			if !all[i].Date.Equal(all[j].Date) {
				return all[i].Date.Before(all[j].Date)
			}
			return all[i].ID < all[j].ID
		})
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

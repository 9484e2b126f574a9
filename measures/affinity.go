package measures

import (
	"context"
	"fmt"
	"sort"

	"entente"
)

// Event affinity summarises the coded events one state directed at another
// over a window of years: counts by PLOVER category, the mean Goldstein
// value, and the share of conflictual events, from imported GDELT/ICEWS
// events and text coded by entente alike. Negated events ("refused to
// condemn") are counted apart and never as the act.

// Hostile lists the PLOVER categories counted as conflictual: verbal
// (accuse, reject, threaten, protest) and material (sanction, mobilize,
// coerce, assault).
var Hostile = map[string]bool{
	"ACCUSE": true, "REJECT": true, "THREATEN": true, "PROTEST": true,
	"SANCTION": true, "MOBILIZE": true, "COERCE": true, "ASSAULT": true,
}

// CategoryCount is the events of one PLOVER category.
type CategoryCount struct {
	PLOVER  string `json:"plover"`
	Events  int64  `json:"events"`
	Negated int64  `json:"negated"`
	// GoldsteinMean is over the asserted (not negated) events.
	GoldsteinMean *float64 `json:"goldstein_mean"`
	Hostile       bool     `json:"hostile,omitempty"`
}

// Affinity is what Source did to Target over the years From..To.
type Affinity struct {
	Source string `json:"source"`
	Target string `json:"target"`
	From   int    `json:"from"`
	To     int    `json:"to"`
	// Events counts asserted events; Negated those stated as not done.
	Events   int64 `json:"events"`
	Negated  int64 `json:"negated"`
	Mentions int64 `json:"mentions"`
	// GoldsteinMean is the mean Goldstein value of the asserted events,
	// nil when there are none.
	GoldsteinMean *float64 `json:"goldstein_mean"`
	// Hostile counts asserted events in conflictual categories; Hostility
	// is their share of Events.
	Hostile    int64           `json:"hostile"`
	Hostility  Fraction        `json:"hostility"`
	Categories []CategoryCount `json:"categories"`
	// Query says how to list the events counted.
	Query string `json:"query"`
}

// HasData reports whether any event (asserted or negated) was found.
func (a Affinity) HasData() bool { return a.Events+a.Negated > 0 }

// eventData holds event summaries by year, source and target.
type eventData struct {
	rows []entente.EventSummary
}

// loadEvents reads the summaries of events from source (empty: anyone) to
// target (empty: anyone) dated in the years from..to.
func (e *Engine) loadEvents(ctx context.Context, source, target string, from, to int) (*eventData, error) {
	rows, err := e.r.SummarizeEvents(ctx, entente.EventFilter{
		SourceCountry: source, TargetCountry: target,
		From: entente.Day(from, 1, 1), To: entente.Day(to+1, 1, 1),
	})
	if err != nil {
		return nil, fmt.Errorf("events %s→%s: %w", source, target, err)
	}
	return &eventData{rows: rows}, nil
}

// affinity sums the summaries of source→target in from..to.
func (d *eventData) affinity(source, target string, from, to int) Affinity {
	a := Affinity{Source: source, Target: target, From: from, To: to, Categories: []CategoryCount{}}
	a.Query = fmt.Sprintf("events with source country %s and target country %s dated %d-01-01..%d-12-31", source, target, from, to)
	type acc struct {
		events, negated int64
		gsum            float64
	}
	cats := map[string]*acc{}
	var gsum float64
	for _, r := range d.rows {
		if r.Year < from || r.Year > to || r.SourceCountry != source || r.TargetCountry != target {
			continue
		}
		c := cats[r.PLOVER]
		if c == nil {
			c = &acc{}
			cats[r.PLOVER] = c
		}
		a.Mentions += r.Mentions
		if r.Negated {
			a.Negated += r.Events
			c.negated += r.Events
			continue
		}
		a.Events += r.Events
		c.events += r.Events
		c.gsum += r.GoldsteinSum
		gsum += r.GoldsteinSum
		if Hostile[r.PLOVER] {
			a.Hostile += r.Events
		}
	}
	if a.Events > 0 {
		m := gsum / float64(a.Events)
		a.GoldsteinMean = &m
	}
	a.Hostility = Fraction{float64(a.Hostile), float64(a.Events)}
	for _, k := range sortedKeys(cats) {
		c := cats[k]
		cc := CategoryCount{PLOVER: k, Events: c.events, Negated: c.negated, Hostile: Hostile[k]}
		if c.events > 0 {
			m := c.gsum / float64(c.events)
			cc.GoldsteinMean = &m
		}
		a.Categories = append(a.Categories, cc)
	}
	sort.SliceStable(a.Categories, func(i, j int) bool { return a.Categories[i].Events > a.Categories[j].Events })
	return a
}

// sources lists the source countries with events toward target in from..to.
func (d *eventData) sources(target string, from, to int) map[string]bool {
	out := map[string]bool{}
	for _, r := range d.rows {
		if r.TargetCountry == target && r.Year >= from && r.Year <= to && r.SourceCountry != "" && r.SourceCountry != target {
			out[r.SourceCountry] = true
		}
	}
	return out
}

// EventAffinity summarises the events source directed at target in the
// years from..to.
func (e *Engine) EventAffinity(ctx context.Context, source, target string, from, to int) (Affinity, error) {
	if err := checkDyad(source, target); err != nil {
		return Affinity{}, err
	}
	if err := checkYears(from, to); err != nil {
		return Affinity{}, err
	}
	d, err := e.loadEvents(ctx, source, target, from, to)
	if err != nil {
		return Affinity{}, err
	}
	return d.affinity(source, target, from, to), nil
}

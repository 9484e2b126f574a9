package measures

import (
	"context"
	"fmt"
	"sort"

	"entente"
)

// CuratedFact is a curated tie (package curated) as views show it: what it
// says, since when, and the source it was authored from.
type CuratedFact struct {
	ID     string          `json:"id"`
	Kind   entente.TieKind `json:"kind"`
	Type   string          `json:"type"`
	A      string          `json:"a"`
	B      string          `json:"b"`
	Date   string          `json:"date"`
	Until  string          `json:"until,omitempty"`
	Signed string          `json:"signed,omitempty"`
	// Year is set for yearly figures (dependence shares).
	Year     int              `json:"year,omitempty"`
	Value    float64          `json:"value"`
	Unit     string           `json:"unit,omitempty"`
	Name     string           `json:"name"`
	Source   string           `json:"source"`
	Note     string           `json:"note,omitempty"`
	Curated  bool             `json:"curated"`
	Evidence entente.Evidence `json:"evidence"`
}

func factOf(t entente.Tie) CuratedFact {
	f := CuratedFact{
		ID: t.Attrs["id"], Kind: t.Kind, Type: t.Attrs["type"], A: t.A, B: t.B,
		Date: t.Period.From.Format(entente.DateLayout), Signed: t.Attrs["signed"], Year: t.Year,
		Value: t.Value, Unit: t.Unit, Name: t.Attrs["name"], Source: t.Attrs["source"], Note: t.Attrs["note"],
		Curated: true, Evidence: t.Evidence,
	}
	if t.Year == 0 && !t.Period.To.IsZero() {
		f.Until = t.Period.To.Format(entente.DateLayout)
	}
	if t.Year != 0 {
		f.Date = fmt.Sprint(t.Year)
	}
	return f
}

// curatedSources lists the IDs of stored sources marked curated.
func (e *Engine) curatedSources(ctx context.Context) ([]string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.loadSourcesLocked(ctx); err != nil {
		return nil, err
	}
	var ids []string
	for id, s := range e.sources {
		if s.Curated {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// CuratedFacts lists the curated facts about a and b (b empty: every fact
// naming a), in date order. A fact naming an organisation a or b belongs to
// is not included: SecurityTies reports what it implies.
func (e *Engine) CuratedFacts(ctx context.Context, a, b string) ([]CuratedFact, error) {
	if a == "" {
		return nil, fmt.Errorf("curated facts: actor is required: %w", entente.ErrInvalid)
	}
	ids, err := e.curatedSources(ctx)
	if err != nil {
		return nil, err
	}
	var all []entente.Tie
	for _, id := range ids {
		ts, err := e.r.Ties(ctx, entente.TieFilter{Source: id, A: a, B: b, Either: true})
		if err != nil {
			return nil, fmt.Errorf("curated facts: %w", err)
		}
		all = append(all, ts...)
	}
	return e.factsFrom(ctx, all)
}

// factsFrom keeps the curated ties among ties already read, as facts in
// date order.
func (e *Engine) factsFrom(ctx context.Context, ties []entente.Tie) ([]CuratedFact, error) {
	ids, err := e.curatedSources(ctx)
	if err != nil {
		return nil, err
	}
	out := []CuratedFact{}
	for _, t := range ties {
		for _, id := range ids {
			if t.Evidence.Source == id {
				out = append(out, factOf(t))
				break
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date < out[j].Date
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// figure finds the most recent curated dependence figure of type typ for
// a's dependence on b dated in after+1..year, if any.
func figure(facts []CuratedFact, typ, a, b string, after, year int) (CuratedFact, bool) {
	var best CuratedFact
	found := false
	for _, f := range facts {
		if f.Kind != entente.TieDependence || f.Type != typ || f.A != a || f.B != b || f.Year == 0 {
			continue
		}
		if f.Year <= after || f.Year > year {
			continue
		}
		if !found || f.Year > best.Year {
			best, found = f, true
		}
	}
	return best, found
}

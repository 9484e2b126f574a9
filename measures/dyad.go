package measures

import (
	"context"
	"fmt"
	"sort"

	"entente"
)

// DyadYear is everything the measures say about a dyad in one year.
type DyadYear struct {
	Year int `json:"year"`
	// Trade is the dependence of A on B and B on A that year (no reaching
	// back: a year past the trade data shows none).
	Trade TradeDependence `json:"trade"`
	// ArmsAonB is B's share of A's arms imports over the arms window
	// ending this year; ArmsBonA the reverse.
	ArmsAonB ArmsDependence `json:"arms_a_on_b"`
	ArmsBonA ArmsDependence `json:"arms_b_on_a"`
	// Security lists the ties in force, spells reaching the end of their
	// dataset carried forward (and marked so).
	Security []SecurityTie `json:"security"`
	// Alignment is the session opening this year.
	Alignment DyadAlignment `json:"alignment"`
	// EventsAB are A's events toward B this year; EventsBA the reverse.
	EventsAB Affinity `json:"events_a_to_b"`
	EventsBA Affinity `json:"events_b_to_a"`
	// LeverageBoverA and LeverageAoverB reach back to the latest data, as
	// the leverage ranking does.
	LeverageBoverA Leverage `json:"leverage_b_over_a"`
	LeverageAoverB Leverage `json:"leverage_a_over_b"`
}

// Dyad is the timeline of a dyad over the years From..To.
type Dyad struct {
	A    string `json:"a"`
	B    string `json:"b"`
	From int    `json:"from"`
	To   int    `json:"to"`
	// Years holds one entry per year, From first.
	Years []DyadYear `json:"years"`
	// Security lists every security tie of the dyad over all years.
	Security []SecurityTie `json:"security"`
	// Facts are the curated facts naming both states.
	Facts   []CuratedFact `json:"facts"`
	Formula string        `json:"formula"`
	Config  Config        `json:"config"`
}

// DyadTimeline computes the timeline of a and b over the years from..to.
// It reads each table once for the whole span, so its cost grows with the
// data of the dyad, not with the number of years.
func (e *Engine) DyadTimeline(ctx context.Context, a, b string, from, to int) (Dyad, error) {
	if err := checkDyad(a, b); err != nil {
		return Dyad{}, err
	}
	if err := checkYears(from, to); err != nil {
		return Dyad{}, err
	}
	if to-from > 300 {
		return Dyad{}, fmt.Errorf("dyad %s-%s: %d years asked, at most 300: %w", a, b, to-from+1, entente.ErrInvalid)
	}
	d := Dyad{A: a, B: b, From: from, To: to, Formula: Formula, Config: e.cfg}
	sa, err := e.loadSubject(ctx, a, b, from, to)
	if err != nil {
		return d, err
	}
	sb, err := e.mirror(ctx, sa, b, from, to)
	if err != nil {
		return d, err
	}
	d.Security = sa.sec.spells[b]
	if d.Security == nil {
		d.Security = []SecurityTie{}
	}
	sort.SliceStable(d.Security, func(i, j int) bool { return d.Security[i].From < d.Security[j].From })
	d.Facts = []CuratedFact{}
	for _, f := range sa.facts {
		if f.A == a && f.B == b || f.A == b && f.B == a {
			d.Facts = append(d.Facts, f)
		}
	}
	s0, s1 := max(YearSession(from), 1), YearSession(to)
	align := map[int]DyadAlignment{}
	if s1 >= s0 {
		das, err := e.dyadAlignment(ctx, a, b, s0, s1, false)
		if err != nil {
			return d, err
		}
		for _, da := range das {
			align[da.Year] = da
		}
	}
	for y := from; y <= to; y++ {
		dy := DyadYear{Year: y}
		tdy := 0
		if sa.trade.hasYear(a, y) {
			tdy = y
		}
		if dy.Trade, err = e.dependence(ctx, sa.trade, a, b, y, tdy); err != nil {
			return d, err
		}
		dy.ArmsAonB = sa.arms.window(b, y, e.cfg.ArmsWindow)
		dy.ArmsBonA = sb.arms.window(a, y, e.cfg.ArmsWindow)
		dy.Security = sa.sec.InYear(b, y)
		if dy.Security == nil {
			dy.Security = []SecurityTie{}
		}
		if al, ok := align[y]; ok {
			dy.Alignment = al
		} else {
			dy.Alignment = DyadAlignment{Session: YearSession(y), Year: y, P5: []Agreement{}}
		}
		dy.EventsAB = sb.events.affinity(a, b, y, y)
		dy.EventsBA = sa.events.affinity(b, a, y, y)
		if dy.LeverageBoverA, err = e.leverage(ctx, sa, b, y); err != nil {
			return d, err
		}
		if dy.LeverageAoverB, err = e.leverage(ctx, sb, a, y); err != nil {
			return d, err
		}
		d.Years = append(d.Years, dy)
	}
	return d, nil
}

package measures

import (
	"context"
	"fmt"
	"sort"

	"entente"
)

// Map measures: what a world map can colour every state by, relative to
// one country in one year.
const (
	MapAgreement = "agreement" // share of identical UN votes with the country in the session opening that year
	MapTrade     = "trade"     // the state's share of the country's total trade
	MapArms      = "arms"      // the state's share of the country's arms imports over the arms window
	MapLeverage  = "leverage"  // the leverage the state holds over the country
)

// MapMeasures lists the map measures in the order menus show them.
var MapMeasures = []string{MapAgreement, MapTrade, MapArms, MapLeverage}

// MapValue is one state's figure on a map, with where it comes from.
type MapValue struct {
	Country string  `json:"country"`
	Value   float64 `json:"value"`
	// Label is the figure as users read it ("61.2% of trade").
	Label string `json:"label"`
	// Source names the dataset and year the figure rests on.
	Source string `json:"source"`
}

// Choropleth is a map of one measure relative to one country and year.
type Choropleth struct {
	Measure string     `json:"measure"`
	Country string     `json:"country"`
	Year    int        `json:"year"`
	Values  []MapValue `json:"values"`
}

// Choropleth computes a map measure for every state that has a figure,
// largest first. It returns ErrInvalid for an unknown measure. The CLI's
// align, leverage and dyad commands read the same engine methods.
func (e *Engine) Choropleth(ctx context.Context, measure, country string, year int) (Choropleth, error) {
	out := Choropleth{Measure: measure, Country: country, Year: year, Values: []MapValue{}}
	if country == "" {
		return out, fmt.Errorf("map: country is required: %w", entente.ErrInvalid)
	}
	switch measure {
	case MapAgreement:
		al, err := e.AlignmentOf(ctx, country, YearSession(year))
		if err != nil {
			return out, err
		}
		for _, p := range al.Partners {
			v, ok := p.Agreement.Share.Value()
			if !ok || p.Agreement.B == country {
				continue
			}
			out.Values = append(out.Values, MapValue{Country: p.Agreement.B, Value: v,
				Label:  fmt.Sprintf("%s identical votes (%d of %d)", p.Agreement.Share.Percent(), p.Agreement.Identical, p.Agreement.Votes),
				Source: fmt.Sprintf("UN General Assembly session %d (%d)", al.Session, al.Year)})
		}
	case MapTrade:
		ps, err := e.TradePartners(ctx, country, year)
		if err != nil {
			return out, err
		}
		for _, t := range ps {
			v, ok := t.AonB.Share.Value()
			if !ok {
				continue
			}
			out.Values = append(out.Values, MapValue{Country: t.B, Value: v,
				Label:  t.AonB.Share.Percent() + " of trade",
				Source: fmt.Sprintf("%s, %d", datasetsOf(t.Evidence), t.DataYear)})
		}
	case MapArms:
		ad, err := e.ArmsSuppliers(ctx, country, year)
		if err != nil {
			return out, err
		}
		for _, s := range ad.Suppliers {
			if ad.Total <= 0 {
				break
			}
			v := s.TIV / ad.Total
			out.Values = append(out.Values, MapValue{Country: s.Supplier, Value: v,
				Label:  fmt.Sprintf("%.1f%% of arms imports (TIV %.0f)", 100*v, s.TIV),
				Source: fmt.Sprintf("SIPRI, %d–%d (%s)", ad.From, ad.To, ad.Basis)})
		}
	case MapLeverage:
		r, err := e.LeverageOver(ctx, country, year)
		if err != nil {
			return out, err
		}
		for _, l := range r.Holders {
			out.Values = append(out.Values, MapValue{Country: l.Holder, Value: l.Score,
				Label:  fmt.Sprintf("leverage %.3f (%s)", l.Score, l.Label),
				Source: fmt.Sprintf("entente leverage, %d", r.Year)})
		}
	default:
		return out, fmt.Errorf("map: unknown measure %q (want one of %v): %w", measure, MapMeasures, entente.ErrInvalid)
	}
	sort.SliceStable(out.Values, func(i, j int) bool { return out.Values[i].Value > out.Values[j].Value })
	return out, nil
}

// datasetsOf names the sources of a figure's evidence, once each.
func datasetsOf(evs []entente.Evidence) string {
	seen := map[string]bool{}
	var s string
	for _, ev := range evs {
		if ev.Source == "" || seen[ev.Source] {
			continue
		}
		seen[ev.Source] = true
		if s != "" {
			s += ", "
		}
		s += ev.Source
	}
	if s == "" {
		return "no rows"
	}
	return s
}

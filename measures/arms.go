package measures

import (
	"context"
	"fmt"
	"sort"

	"entente"
)

// Arms dependence reads SIPRI as the importer writes it: arms.transfer ties
// from the TIV dyad-year table (A supplier → B recipient, Value TIV millions
// delivered in Year) and arms.order ties from the trade register (one per
// deal and delivery year, Value the TIV delivered). The two are the same
// deliveries counted twice, so a year is read from one of them only: the
// TIV table for the years it covers, the register after it ends (2022–2024
// with the staged files), or the register alone when no TIV table is
// stored.

// SupplierTIV is one supplier's deliveries to a recipient over a window.
type SupplierTIV struct {
	Supplier string  `json:"supplier"`
	TIV      float64 `json:"tiv"`
	Share    float64 `json:"share"`
}

// ArmsDependence is the dependence of a recipient (A) on a supplier (B):
// B's share of A's arms imports over the window From..To (inclusive, ending
// with Year), and whether B is A's main supplier.
type ArmsDependence struct {
	Recipient string `json:"recipient"`
	Supplier  string `json:"supplier"`
	Year      int    `json:"year"`
	From      int    `json:"from"`
	To        int    `json:"to"`
	// FromSupplier and Total are TIV millions delivered in the window by B
	// and by every supplier.
	FromSupplier float64  `json:"from_supplier"`
	Total        float64  `json:"total"`
	Share        Fraction `json:"share"`
	// Main is A's largest supplier in the window ("" when A imported
	// nothing); IsMain says whether that is B.
	Main    string  `json:"main"`
	MainTIV float64 `json:"main_tiv"`
	IsMain  bool    `json:"is_main"`
	// Suppliers lists every supplier in the window, largest first.
	Suppliers []SupplierTIV `json:"suppliers"`
	// Basis says which table each year was read from.
	Basis    string             `json:"basis"`
	Unit     string             `json:"unit"`
	Evidence []entente.Evidence `json:"evidence"`
}

// HasData reports whether A imported anything in the window.
func (a ArmsDependence) HasData() bool { return a.Total > 0 }

// armsData holds the arms deliveries to one recipient, by year and
// supplier, already reduced to one table per year.
type armsData struct {
	recipient string
	// rows[year][supplier] lists the ties counted.
	rows map[int]map[string][]entente.Tie
	// basis[year] is the tie kind the year was read from.
	basis map[int]entente.TieKind
	// last is the latest year with any delivery, 0 if none.
	last int
	// end is the last year the arms data cover (the TIV table's coverage
	// end, or a later register year), 0 when the store holds none.
	end int
}

// loadArms loads the deliveries to recipient in from..to, both tables in
// one read.
func (e *Engine) loadArms(ctx context.Context, recipient string, from, to int) (*armsData, error) {
	ts, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: "arms.", B: recipient, FromYear: from, ToYear: to})
	if err != nil {
		return nil, fmt.Errorf("arms imports of %s: %w", recipient, err)
	}
	// The TIV table's last year is its source's coverage end, found from
	// the rows read; only when none were read is the store asked.
	transferEnd := 0
	seen := false
	for _, t := range ts {
		if t.Kind != entente.TieArmsTransfer {
			continue
		}
		seen = true
		end, err := e.coverageEnd(ctx, t.Evidence.Source)
		if err != nil {
			return nil, err
		}
		transferEnd = max(transferEnd, end, t.Year)
	}
	if !seen {
		if transferEnd, err = e.kindEnd(ctx, entente.TieArmsTransfer); err != nil {
			return nil, err
		}
	}
	d := &armsData{recipient: recipient, rows: map[int]map[string][]entente.Tie{}, basis: map[int]entente.TieKind{}}
	// A year is read from the TIV table when the store holds one covering
	// it, else from the register.
	useKind := func(y int) entente.TieKind {
		if transferEnd != 0 && y <= transferEnd {
			return entente.TieArmsTransfer
		}
		return entente.TieArmsOrder
	}
	for _, t := range ts {
		if t.Kind != entente.TieArmsTransfer && t.Kind != entente.TieArmsOrder {
			continue
		}
		if t.Year < from || t.Year > to || useKind(t.Year) != t.Kind || t.A == "" {
			continue
		}
		m := d.rows[t.Year]
		if m == nil {
			m = map[string][]entente.Tie{}
			d.rows[t.Year] = m
		}
		m[t.A] = append(m[t.A], t)
		if t.Year > d.last {
			d.last = t.Year
		}
	}
	for y := from; y <= to; y++ {
		d.basis[y] = useKind(y)
	}
	d.end = max(transferEnd, d.last)
	return d, nil
}

// window computes the dependence of d's recipient on supplier over the
// window ending in year.
func (d *armsData) window(supplier string, year, size int) ArmsDependence {
	ad := ArmsDependence{Recipient: d.recipient, Supplier: supplier, Year: year, From: year - size + 1, To: year, Unit: "TIV million"}
	var ev evidenceSet
	bySupplier := map[string]float64{}
	for y := ad.From; y <= ad.To; y++ {
		for s, ts := range d.rows[y] {
			for _, t := range ts {
				bySupplier[s] += t.Value
				ad.Total += t.Value
				if s == supplier {
					ad.FromSupplier += t.Value
					ev.add(t.Evidence)
				}
			}
		}
	}
	for s, v := range bySupplier {
		ad.Suppliers = append(ad.Suppliers, SupplierTIV{Supplier: s, TIV: v, Share: Fraction{v, ad.Total}.Or(0)})
	}
	sort.Slice(ad.Suppliers, func(i, j int) bool {
		if ad.Suppliers[i].TIV != ad.Suppliers[j].TIV {
			return ad.Suppliers[i].TIV > ad.Suppliers[j].TIV
		}
		return ad.Suppliers[i].Supplier < ad.Suppliers[j].Supplier
	})
	if ad.Suppliers == nil {
		ad.Suppliers = []SupplierTIV{}
	}
	if len(ad.Suppliers) > 0 && ad.Suppliers[0].TIV > 0 {
		ad.Main, ad.MainTIV = ad.Suppliers[0].Supplier, ad.Suppliers[0].TIV
		ad.IsMain = ad.Main == supplier
	}
	ad.Share = Fraction{ad.FromSupplier, ad.Total}
	ad.Basis = d.basisText(ad.From, ad.To)
	ad.Evidence = ev.slice()
	return ad
}

// basisText says which table the years of a window come from, e.g.
// "arms.transfer 2017-2021, arms.order 2022".
func (d *armsData) basisText(from, to int) string {
	var out string
	start := from
	for y := from; y <= to+1; y++ {
		if y <= to && d.basis[y] == d.basis[start] {
			continue
		}
		if out != "" {
			out += ", "
		}
		out += string(d.basis[start]) + " " + fmt.Sprint(start)
		if y-1 > start {
			out += fmt.Sprintf("-%d", y-1)
		}
		start = y
	}
	return out
}

// ArmsDependence computes B's share of A's arms imports over the arms
// window ending in year, and whether B is A's main supplier.
func (e *Engine) ArmsDependence(ctx context.Context, a, b string, year int) (ArmsDependence, error) {
	if err := checkDyad(a, b); err != nil {
		return ArmsDependence{}, err
	}
	return e.armsWindow(ctx, a, b, year)
}

// ArmsSuppliers returns A's arms imports by supplier over the arms window
// ending in year; Supplier is left empty.
func (e *Engine) ArmsSuppliers(ctx context.Context, a string, year int) (ArmsDependence, error) {
	if a == "" {
		return ArmsDependence{}, fmt.Errorf("arms suppliers: actor is required: %w", entente.ErrInvalid)
	}
	return e.armsWindow(ctx, a, "", year)
}

// armsWindow loads a's arms imports over the arms window ending in year
// and computes supplier's share ("" for none: the suppliers only).
func (e *Engine) armsWindow(ctx context.Context, a, supplier string, year int) (ArmsDependence, error) {
	from := year - e.cfg.ArmsWindow + 1
	if err := checkYears(from, year); err != nil {
		return ArmsDependence{}, err
	}
	d, err := e.loadArms(ctx, a, from, year)
	if err != nil {
		return ArmsDependence{}, err
	}
	return d.window(supplier, year, e.cfg.ArmsWindow), nil
}

package measures

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"entente"
)

// Term names, as users type them in --weights and as output labels them.
const (
	TermTrade     = "trade"     // B's share of A's total trade
	TermAsymmetry = "asymmetry" // dep(A on B) − dep(B on A), when positive
	TermArms      = "arms"      // B's share of A's arms imports over the arms window
	TermSupplier  = "supplier"  // B is A's main arms supplier in the window
	TermSecurity  = "security"  // alliance or treaty ties in force between A and B
	TermHostility = "hostility" // share of B's events toward A that are conflictual
)

// TermNames lists the leverage terms in the order output shows them.
var TermNames = []string{TermTrade, TermAsymmetry, TermArms, TermSupplier, TermSecurity, TermHostility}

// Weights weigh the terms of the leverage score. They need not sum to one:
// the score divides by their sum, so that raising one weight shifts the
// balance without pushing scores above 1.
type Weights struct {
	Trade     float64 `json:"trade"`
	Asymmetry float64 `json:"asymmetry"`
	Arms      float64 `json:"arms"`
	Supplier  float64 `json:"supplier"`
	Security  float64 `json:"security"`
	Hostility float64 `json:"hostility"`
}

// DefaultWeights puts economic dependence first (trade share and its
// asymmetry, Hirschman's "influence effect"), arms dependence second (spares
// and ammunition cannot be replaced quickly), then protection by an ally,
// and gives event hostility a small weight: it shows leverage being used,
// not held.
func DefaultWeights() Weights {
	return Weights{Trade: 0.25, Asymmetry: 0.20, Arms: 0.20, Supplier: 0.10, Security: 0.15, Hostility: 0.10}
}

// Get returns the weight of a term by name.
func (w Weights) Get(name string) (float64, bool) {
	switch name {
	case TermTrade:
		return w.Trade, true
	case TermAsymmetry:
		return w.Asymmetry, true
	case TermArms:
		return w.Arms, true
	case TermSupplier:
		return w.Supplier, true
	case TermSecurity:
		return w.Security, true
	case TermHostility:
		return w.Hostility, true
	}
	return 0, false
}

func (w *Weights) set(name string, v float64) bool {
	switch name {
	case TermTrade:
		w.Trade = v
	case TermAsymmetry:
		w.Asymmetry = v
	case TermArms:
		w.Arms = v
	case TermSupplier:
		w.Supplier = v
	case TermSecurity:
		w.Security = v
	case TermHostility:
		w.Hostility = v
	default:
		return false
	}
	return true
}

// Sum is the total weight the score divides by.
func (w Weights) Sum() float64 {
	return w.Trade + w.Asymmetry + w.Arms + w.Supplier + w.Security + w.Hostility
}

// String renders the weights the way --weights reads them.
func (w Weights) String() string {
	parts := make([]string, 0, len(TermNames))
	for _, n := range TermNames {
		v, _ := w.Get(n)
		parts = append(parts, n+"="+strconv.FormatFloat(v, 'g', -1, 64))
	}
	return strings.Join(parts, ",")
}

// Validate rejects weights that cannot make a score.
func (w Weights) Validate() error {
	for _, n := range TermNames {
		v, _ := w.Get(n)
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("weight %s=%v: want a finite number >= 0: %w", n, v, entente.ErrInvalid)
		}
	}
	if w.Sum() <= 0 {
		return fmt.Errorf("weights: at least one must be positive: %w", entente.ErrInvalid)
	}
	return nil
}

// ParseWeights reads "trade=0.3,arms=0.25" (commas or newlines between
// pairs, "#" starting a comment) over base: terms not named keep their base
// weight. It is what --weights and a weights file hold.
func ParseWeights(s string, base Weights) (Weights, error) {
	w := base
	seen := map[string]bool{}
	for _, line := range strings.Split(s, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, pair := range strings.Split(line, ",") {
			pair = strings.TrimSpace(pair)
			if pair == "" {
				continue
			}
			k, v, ok := strings.Cut(pair, "=")
			if !ok {
				k, v, ok = strings.Cut(pair, " ")
			}
			k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
			if !ok || k == "" || v == "" {
				return base, fmt.Errorf("weights %q: want name=value: %w", pair, entente.ErrInvalid)
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return base, fmt.Errorf("weight %s=%q: not a number: %w", k, v, entente.ErrInvalid)
			}
			if !w.set(k, f) {
				return base, fmt.Errorf("weight %q: unknown term, want one of %s: %w", k, strings.Join(TermNames, ", "), entente.ErrInvalid)
			}
			if seen[k] {
				return base, fmt.Errorf("weight %s given twice: %w", k, entente.ErrInvalid)
			}
			seen[k] = true
		}
	}
	if err := w.Validate(); err != nil {
		return base, err
	}
	return w, nil
}

// ReadWeights reads a weights file (the same name=value pairs, one or more
// per line) over base.
func ReadWeights(r io.Reader, base Weights) (Weights, error) {
	var b strings.Builder
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		b.WriteString(sc.Text())
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return base, fmt.Errorf("read weights: %w", err)
	}
	return ParseWeights(b.String(), base)
}

// Config tunes the measures. DefaultConfig gives the documented defaults;
// Validate rejects what cannot work.
type Config struct {
	// Weights of the leverage terms.
	Weights Weights `json:"weights"`
	// ArmsWindow is the number of years, ending with the year asked, over
	// which arms imports are summed. SIPRI's own comparisons use five,
	// because deliveries of big systems are lumpy.
	ArmsWindow int `json:"arms_window"`
	// EventWindow is the number of years, ending with the year asked, whose
	// events count towards hostility in the leverage score.
	EventWindow int `json:"event_window"`
	// Lookback bounds how many years before the year asked leverage may
	// reach for the latest trade figures when the datasets stop earlier
	// (COW trade ends in 2014); 0 uses only the year asked.
	Lookback int `json:"lookback"`
	// MinTotalPartners is how many partners a state's trade must be summed
	// over before the sum stands for its trade with the world, when no
	// national total is stored. A year covered only by a few reporters
	// (the Comtrade extract for 2022 holds three) would otherwise make
	// China 100 % of North Korea's trade. Ten keeps every state whose DOTS
	// mirror data reach its main partners.
	MinTotalPartners int `json:"min_total_partners"`
}

// DefaultConfig returns the defaults: the default weights, a five-year arms
// window, a one-year event window and a twelve-year lookback (long enough
// for the last COW trade year, 2014, to inform views of the mid-2020s,
// which say that their figures are that old).
func DefaultConfig() Config {
	return Config{Weights: DefaultWeights(), ArmsWindow: 5, EventWindow: 1, Lookback: 12, MinTotalPartners: 10}
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if err := c.Weights.Validate(); err != nil {
		return err
	}
	if c.ArmsWindow < 1 || c.ArmsWindow > 30 {
		return fmt.Errorf("arms window %d years: want 1..30: %w", c.ArmsWindow, entente.ErrInvalid)
	}
	if c.EventWindow < 1 || c.EventWindow > 30 {
		return fmt.Errorf("event window %d years: want 1..30: %w", c.EventWindow, entente.ErrInvalid)
	}
	if c.Lookback < 0 || c.Lookback > 50 {
		return fmt.Errorf("lookback %d years: want 0..50: %w", c.Lookback, entente.ErrInvalid)
	}
	if c.MinTotalPartners < 1 || c.MinTotalPartners > 250 {
		return fmt.Errorf("min total partners %d: want 1..250: %w", c.MinTotalPartners, entente.ErrInvalid)
	}
	return nil
}

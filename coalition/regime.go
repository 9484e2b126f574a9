package coalition

import (
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"entente"
)

// A regime break is an unconstitutional change of government: after it, a
// state's earlier votes say how the rulers it no longer has voted, not how
// the new ones will (Niger's junta of July 2023 is not Bazoum's
// government). For a motion dated after a break, the state's votes before
// it do not count anywhere the model reads votes: its votes on the
// analogues, its record over the last sessions and in the session under
// way, its agreement with other states (and so its voting partners), its
// ideal point when the session it was estimated on began before the break,
// and its silences. The state is then placed by what it did since, by its
// blocs and by its ties; its explanation says so.

// RegimeBreak is one unconstitutional change of government.
type RegimeBreak struct {
	State  string    `json:"state"`
	Date   time.Time `json:"date"`
	Event  string    `json:"event"`
	Source string    `json:"source"`
}

//go:embed data/regime-breaks.tsv
var regimeBreaksTSV string

// DefaultRegimeBreaks returns the curated, cited list in
// data/regime-breaks.tsv.
func DefaultRegimeBreaks() []RegimeBreak {
	bs, err := parseRegimeBreaks(regimeBreaksTSV)
	if err != nil {
		// The file is embedded and tested (TestDefaultRegimeBreaks); a
		// broken one is a build mistake, not a user's.
		return nil
	}
	return bs
}

func parseRegimeBreaks(text string) ([]RegimeBreak, error) {
	var out []RegimeBreak
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			return nil, &entente.InputError{File: "regime-breaks.tsv", Line: int64(i + 1), Field: "line", Err: fmt.Errorf("%d columns, want 4: %w", len(cols), entente.ErrInvalid)}
		}
		d, err := time.Parse(entente.DateLayout, cols[1])
		if err != nil {
			return nil, &entente.InputError{File: "regime-breaks.tsv", Line: int64(i + 1), Field: "date", Err: err}
		}
		out = append(out, RegimeBreak{State: cols[0], Date: d, Event: cols[2], Source: cols[3]})
	}
	return out, nil
}

func validateRegimeBreaks(bs []RegimeBreak) error {
	for i, b := range bs {
		if len(b.State) != 3 || b.Date.IsZero() || b.Event == "" {
			return fmt.Errorf("config: regime break %d (%q %s): want a state code, a date and an event: %w", i, b.State, b.Date.Format(entente.DateLayout), entente.ErrInvalid)
		}
	}
	return nil
}

// regimeBreaks indexes the configured breaks by state, earliest first.
type regimeBreaks map[int][]regimeBreak

type regimeBreak struct {
	day int32
	RegimeBreak
}

func newRegimeBreaks(h *History, bs []RegimeBreak) regimeBreaks {
	out := regimeBreaks{}
	for _, b := range bs {
		if c, ok := h.idx[b.State]; ok {
			out[c] = append(out[c], regimeBreak{dayNum(b.Date), b})
		}
	}
	for _, l := range out {
		sort.Slice(l, func(i, j int) bool { return l[i].day < l[j].day })
	}
	return out
}

// last is the latest break of state c before day d, if any.
func (rb regimeBreaks) last(c int, d int32) (regimeBreak, bool) {
	l := rb[c]
	for i := len(l) - 1; i >= 0; i-- {
		if l[i].day < d {
			return l[i], true
		}
	}
	return regimeBreak{}, false
}

// since is the first day from which state c's votes count for a motion
// dated d: its latest break before d, or the beginning of time.
func (rb regimeBreaks) since(c int, d int32) int32 {
	if b, ok := rb.last(c, d); ok {
		return b.day
	}
	return math.MinInt32
}

// known counts the breaks dated before d, which tells windows cut on
// either side of a break apart.
func (rb regimeBreaks) known(d int32) int {
	n := 0
	for _, l := range rb {
		for _, b := range l {
			if b.day < d {
				n++
			}
		}
	}
	return n
}

// text says what a break is for an explanation.
func (b regimeBreak) text() string {
	return fmt.Sprintf("regime break: %s on %s (%s); its votes before then are not counted", b.Event, b.Date.Format(entente.DateLayout), b.Source)
}

// applyBreaks recomputes, for each state with a break inside the window,
// its issue counts and its agreement with every other state from the
// window's roll calls on or after the break (for a pair of broken states,
// after the later of the two), and drops an ideal point estimated on a
// session that began before the break.
func (f *featurizer) applyBreaks(w *window, hi int, cut int32) {
	h := f.h
	lo := hi - f.cfg.Sessions + 1
	if lo < 0 {
		lo = 0
	}
	n := w.n
	for c := range f.breaks {
		since := f.breaks.since(c, cut)
		if since == math.MinInt32 {
			continue
		}
		if s := w.thetaSes[c]; !math.IsNaN(w.theta[c]) && f.sessionFirstDay(s) < since {
			w.theta[c] = math.NaN()
		}
		if hi < 0 || h.rcs[h.sessions[lo].first].day >= since {
			continue
		}
		cnt := w.cnt[c]
		clear(cnt)
		for j := 0; j < n; j++ {
			w.agree[c*n+j], w.agreeN[c*n+j] = 0, 0
			w.agree[j*n+c], w.agreeN[j*n+c] = 0, 0
		}
		for si := lo; si <= hi; si++ {
			s := h.sessions[si]
			for r := s.first; r <= s.last; r++ {
				day := h.rcs[r].day
				vs := h.votes[r]
				v := vs[c]
				if day < since || v == cNone {
					continue
				}
				cnt[6*3+int(v-1)]++
				for b := 0; b < 6; b++ {
					if h.rcs[r].issues&(1<<b) != 0 {
						cnt[b*3+int(v-1)]++
					}
				}
				for j, vj := range vs {
					if j == c || vj == cNone || day < f.breaks.since(j, cut) {
						continue
					}
					d := v - vj
					if d < 0 {
						d = -d
					}
					a := 1 - float32(d)/2
					w.agree[c*n+j] += a
					w.agree[j*n+c] += a
					w.agreeN[c*n+j]++
					w.agreeN[j*n+c]++
				}
			}
		}
	}
}

// sessionFirstDay is the day of a session's first roll call (by session
// number), or the end of time when the session holds none.
func (f *featurizer) sessionFirstDay(num int) int32 {
	for _, s := range f.h.sessions {
		if s.num == num {
			return f.h.rcs[s.first].day
		}
	}
	return math.MaxInt32
}

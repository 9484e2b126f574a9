package coalition

import (
	"math"
	"sort"

	"entente"
)

// Member is a state in a coalition listing.
type Member struct {
	Country   string             `json:"country"`
	Name      string             `json:"name"`
	Region    string             `json:"region,omitempty"`
	Predicted entente.VoteChoice `json:"predicted"`
	PYes      float64            `json:"p_yes"`
	PAbstain  float64            `json:"p_abstain"`
	PNo       float64            `json:"p_no"`
	Role      string             `json:"role,omitempty"`
	Reasons   []Reason           `json:"reasons"`
}

// Swing is a state lobbying could move, with how far and what stands in
// the way.
type Swing struct {
	Member
	// Gain is how much p_yes rises when lobbying pushes the state's
	// log-odds of yes by Config.Lobby, damped by the structural ties that
	// hold it back (obstacles).
	Gain float64 `json:"gain"`
	// Followers is the rise in the other states' probabilities of yes,
	// summed, when this state is taken to vote yes: the model's partner
	// features carry a state's stance to those that vote with it or
	// depend on it.
	Followers float64 `json:"followers"`
	// Votes is the expected number of yes votes lobbying gains, its own
	// and its followers': Gain × (1 + Followers). Swing states are ranked
	// by it.
	Votes float64 `json:"expected_votes"`
	// Obstacles are the structural ties weighing against yes: dependence
	// on the targets for trade or arms, alliances, shared blocs.
	Obstacles []Reason `json:"obstacles"`
	// Levers are the factors already pulling toward yes.
	Levers []Reason `json:"levers"`
}

// Coalition splits the members into likely supporters, swing states ranked
// by what lobbying could gain, and likely opponents.
type Coalition struct {
	Prediction *Prediction `json:"-"`
	Supporters []Member    `json:"supporters"`
	Swing      []Swing     `json:"swing"`
	Opponents  []Member    `json:"opponents"`
}

// firmShare is the probability above which a predicted yes or no is firm
// and the state is not listed among the swing states.
const firmShare = 0.7

// Coalition analyses a prediction made by this engine.
func (e *Engine) Coalition(p *Prediction) *Coalition {
	out := &Coalition{Prediction: p}
	q, _ := e.motionQuery(p.Motion, new([]string))
	if p.eng != nil {
		q = p.q
	}
	fol := newFollowers(p)
	for _, s := range p.States {
		m := Member{Country: s.Country, Name: s.Name, Region: s.Region, Predicted: s.Predicted, PYes: s.PYes, PAbstain: s.PAbstain, PNo: s.PNo, Role: s.Role, Reasons: s.Reasons}
		firm := s.Role == "target" || s.Role == "sponsor" ||
			s.Predicted == entente.VoteYes && s.PYes >= firmShare ||
			s.Predicted == entente.VoteNo && s.PNo >= firmShare
		if firm {
			if s.Predicted == entente.VoteNo {
				out.Opponents = append(out.Opponents, m)
			} else if s.Predicted == entente.VoteYes {
				out.Supporters = append(out.Supporters, m)
			}
			if s.Predicted != entente.VoteAbstain {
				continue
			}
		}
		eff := effects(e.model.stage2For(&q), s.x, s.Probs(), 0)
		effPP := effectsPP(e.model.stage2For(&q), s.x, 0)
		var obstacle float64
		sw := Swing{Member: m}
		c := e.h.idx[s.Country]
		for f, v := range eff {
			if math.Abs(v) < 0.05 {
				continue
			}
			d, ev := e.describe(&q, c, f, s.x, s.Silences)
			// Shown in percentage points of the yes probability; the
			// log-odds effect v decides what is an obstacle and a lever.
			r := Reason{Factor: f, Effect: round(effPP[f], 1), Toward: entente.VoteYes, Detail: d, Evidence: ev}
			switch {
			case v < 0 && structural[f]:
				obstacle -= v
				sw.Obstacles = append(sw.Obstacles, r)
			case v > 0:
				sw.Levers = append(sw.Levers, r)
			}
		}
		byEffect := func(rs []Reason) {
			sort.Slice(rs, func(i, j int) bool {
				if math.Abs(rs[i].Effect) != math.Abs(rs[j].Effect) {
					return math.Abs(rs[i].Effect) > math.Abs(rs[j].Effect)
				}
				return rs[i].Factor < rs[j].Factor
			})
		}
		byEffect(sw.Obstacles)
		byEffect(sw.Levers)
		if len(sw.Levers) > 3 {
			sw.Levers = sw.Levers[:3]
		}
		if sw.Obstacles == nil {
			sw.Obstacles = []Reason{}
		}
		if sw.Levers == nil {
			sw.Levers = []Reason{}
		}
		push := e.cfg.Lobby * math.Exp(-obstacle)
		after := e.model.stage2For(&q).probs(s.x, push)
		sw.Gain = round(math.Max(0, after[0]-s.PYes), 4)
		sw.Followers = round(fol.of(c), 3)
		sw.Votes = round(sw.Gain*(1+sw.Followers), 4)
		out.Swing = append(out.Swing, sw)
	}
	sort.Slice(out.Supporters, func(i, j int) bool {
		if out.Supporters[i].PYes != out.Supporters[j].PYes {
			return out.Supporters[i].PYes > out.Supporters[j].PYes
		}
		return out.Supporters[i].Country < out.Supporters[j].Country
	})
	sort.Slice(out.Opponents, func(i, j int) bool {
		if out.Opponents[i].PNo != out.Opponents[j].PNo {
			return out.Opponents[i].PNo > out.Opponents[j].PNo
		}
		return out.Opponents[i].Country < out.Opponents[j].Country
	})
	sort.Slice(out.Swing, func(i, j int) bool {
		if out.Swing[i].Votes != out.Swing[j].Votes {
			return out.Swing[i].Votes > out.Swing[j].Votes
		}
		return out.Swing[i].Country < out.Swing[j].Country
	})
	return out
}

// followers measures knock-on effects on one prediction: each state's
// stance is pinned to yes in turn and the partner features of the others
// recomputed.
type followers struct {
	p    *Prediction
	base [][3]float64
	pos  map[int]int
}

func newFollowers(p *Prediction) *followers {
	f := &followers{p: p}
	if p.eng == nil {
		return f
	}
	f.base, _ = p.eng.model.predictCase(p.eng.f, &p.q, p.pop, p.rows)
	f.pos = make(map[int]int, len(p.pop))
	for k, c := range p.pop {
		f.pos[c] = k
	}
	return f
}

// of returns the rise in the others' p_yes, summed, when state c votes
// yes; 0 for a prediction without its inputs or a state already pinned.
func (f *followers) of(c int) float64 {
	p := f.p
	if p.eng == nil {
		return 0
	}
	if _, pinned := p.q.pinned[c]; pinned {
		return 0
	}
	q := p.q
	q.pinned = make(map[int]float64, len(p.q.pinned)+1)
	for k, v := range p.q.pinned {
		q.pinned[k] = v
	}
	q.pinned[c] = 1
	ps, _ := p.eng.model.predictCase(p.eng.f, &q, p.pop, p.rows)
	var sum float64
	for k, o := range p.pop {
		if _, pinned := q.pinned[o]; !pinned {
			sum += ps[k][0] - f.base[k][0]
		}
	}
	return math.Max(0, sum)
}

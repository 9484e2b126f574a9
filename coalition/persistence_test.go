package coalition

import (
	"math"
	"testing"
	"time"

	"entente"
)

// persistenceWorld is five roll calls a year apart (2015-2019), each
// analogous (loosely) only to the one before it, and a motion in 2020
// analogous to the last. Ghana abstains on all five; France alternates
// abstain and yes; India votes no, yes, no, abstain, yes. The second and
// fourth roll calls name Iran as their target.
func persistenceWorld(t *testing.T) (*featurizer, *motionCtx, map[string]int) {
	t.Helper()
	h := newSilenceHistory(t)
	A, Y, N := entente.VoteAbstain, entente.VoteYes, entente.VoteNo
	fra := []entente.VoteChoice{A, Y, A, Y, A}
	ind := []entente.VoteChoice{N, Y, N, A, Y}
	for i := range 5 {
		silenceAddRC(t, h, "p"+string(rune('0'+i)), entente.Day(2015+i, time.June, 1),
			map[string]entente.VoteChoice{"GHA": A, "FRA": fra[i], "IND": ind[i]})
	}
	cfg := DefaultConfig()
	f := newFeaturizer(h, cfg)
	irn := silenceIdx(t, h, "IRN")
	for r := range 5 {
		if r > 0 {
			f.simOf[r] = []simRC{{rc: r - 1, weight: 1}}
		} else {
			f.simOf[r] = []simRC{}
		}
		var tg []int
		if r == 1 || r == 3 {
			tg = []int{irn}
		}
		f.rolesOf[r] = [2][]int{tg, nil}
	}
	day := entente.Day(2020, time.March, 1)
	q := &query{day: dayNum(day), date: day, self: -1, similar: []simRC{{rc: 4, weight: 1}}, targets: []int{irn}}
	m := &motionCtx{q: q, since: make([]int32, len(h.codes))}
	for c := range m.since {
		m.since[c] = math.MinInt32
	}
	idx := map[string]int{}
	for _, c := range []string{"GHA", "FRA", "IND"} {
		idx[c] = silenceIdx(t, h, c)
	}
	return f, m, idx
}

func logit(p float64) float64 { return math.Log(p / (1 - p)) }

// TestRowCtx_Persistence checks the persistence features by hand: on the
// loose analogues of the window, all states together kept an abstention 4
// times of 7 (Ghana 4 of 4, France 0 of 2, India 0 of 1), a rate of
// (4+1)/(7+2) with the even prior, and a yes 0 times of 3 (France 0 of 2,
// India 0 of 1), (0+1)/(3+2); each state's own rate is shrunk toward the
// all-state rate by the pseudo-count.
func TestRowCtx_Persistence(t *testing.T) {
	f, m, idx := persistenceWorld(t)
	all := (4.0 + 1) / (7 + 2)
	allYes := (0.0 + 1) / (3 + 2)
	a := f.cfg.PersistencePrior
	tests := []struct {
		state      string
		kept, seen float64
		gap        [3]float64
	}{
		{"GHA", 4, 4, [3]float64{0, logit((4+a*all)/(4+a)) - logit(all), 0}},
		{"FRA", 0, 2, [3]float64{0, logit((0+a*all)/(2+a)) - logit(all), 0}},
		// India's top vote (on the last roll call) is yes: persist_yes
		// reads its record after a yes, 0 of 1 (its yes of 2016 was
		// followed by a no).
		{"IND", 0, 1, [3]float64{logit((0+a*allYes)/(1+a)) - logit(allYes), 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.state, func(t *testing.T) {
			r := &rowCtx{f: f, m: m, c: idx[tt.state]}
			p, ok := r.persist()
			if !ok {
				t.Fatal("no persistence for a state with a top vote")
			}
			if p.kept != tt.kept || p.seen != tt.seen {
				t.Errorf("kept %v of %v, want %v of %v", p.kept, p.seen, tt.kept, tt.seen)
			}
			for k := range 3 {
				if got := r.persistGap(k); math.Abs(got-tt.gap[k]) > 1e-9 {
					t.Errorf("persistGap(%d) = %v, want %v", k, got, tt.gap[k])
				}
			}
		})
	}
	if g, fr := (&rowCtx{f: f, m: m, c: idx["GHA"]}).persistGap(1), (&rowCtx{f: f, m: m, c: idx["FRA"]}).persistGap(1); !(g > 0 && fr < 0) {
		t.Errorf("Ghana's gap %v should be positive and France's %v negative", g, fr)
	}
}

// TestRowCtx_TargetRecord checks the age-weighted record on the earlier
// roll calls naming the target (the second, 2016, and the fourth, 2018).
func TestRowCtx_TargetRecord(t *testing.T) {
	f, m, idx := persistenceWorld(t)
	age := func(y int) float64 {
		return float64(m.q.day-dayNum(entente.Day(y, time.June, 1))) / 365.25
	}
	w16 := math.Exp(-age(2016) / f.cfg.TargetHalfLife * math.Ln2)
	w18 := math.Exp(-age(2018) / f.cfg.TargetHalfLife * math.Ln2)
	tests := []struct {
		state string
		want  [3]float64
	}{
		{"GHA", [3]float64{0, 1, 0}},
		{"FRA", [3]float64{1, 0, 0}},
		{"IND", [3]float64{w16 / (w16 + w18), w18 / (w16 + w18), 0}},
	}
	for _, tt := range tests {
		t.Run(tt.state, func(t *testing.T) {
			r := &rowCtx{f: f, m: m, c: idx[tt.state]}
			rec := r.targetRec()
			if rec.n != 2 {
				t.Fatalf("n = %d, want 2", rec.n)
			}
			for k := range 3 {
				if math.Abs(rec.share[k]-tt.want[k]) > 1e-9 {
					t.Errorf("share = %v, want %v", rec.share, tt.want)
					break
				}
			}
		})
	}
	// The target itself has no such record: ties and records do not apply.
	m.q.targets = []int{idx["GHA"]}
	m.tgtRolls = nil
	if rec := (&rowCtx{f: f, m: m, c: idx["GHA"]}).targetRec(); rec.n != 0 {
		t.Errorf("a target's own record counted %d roll calls, want 0", rec.n)
	}
}

// TestTargetRecordText checks the wording of the record on the targets:
// none, one roll call (no percentages of one vote) and several.
func TestTargetRecordText(t *testing.T) {
	first := entente.Day(2014, time.December, 18)
	tests := []struct {
		name  string
		n     int
		share [3]float64
		want  string
	}{
		{"none", 0, [3]float64{}, "; it voted on no roll call naming them in the last 10 years, which counts neither way"},
		{"one yes", 1, [3]float64{1, 0, 0}, "; on the one roll call naming them in the last 10 years (2014-12-18) it voted yes"},
		{"one abstention", 1, [3]float64{0, 1, 0}, "; on the one roll call naming them in the last 10 years (2014-12-18) it abstained"},
		{"several", 2, [3]float64{0.25, 0.75, 0}, "; on 2 roll calls naming them since 2014-12-18 it voted 25% yes, 75% abstain, 0% no (recent votes weigh more)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := targetRecordText(tt.n, first, tt.share, 10); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

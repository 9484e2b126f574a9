package coalition

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"entente"
	"entente/measures"
)

// Feature indices. Each feature belongs to a factor, the unit in which
// reasons are reported.
const (
	fSimYes = iota
	fSimAbstain
	fSimNo
	fSimAbsent
	fSimNone
	fTopYes
	fTopAbstain
	fTopNo
	fTopYesW
	fTopAbstainW
	fTopNoW
	fBlocYes
	fBlocAbstain
	fBlocNo
	fAllAbstain
	fAllNo
	fIssAbstain
	fIssNo
	fGenAbstain
	fGenNo
	fCurAbstain
	fCurNo
	fCurNone
	fAgreeTarget
	fHasTarget
	fIsTarget
	fIsBenef
	fAgreeBenef
	fAgreeUSA
	fTheta
	fThetaMissing
	fSpatial
	fDistTarget
	fTradeDep
	fArmsDep
	fAllyTarget
	fBlocTarget
	fSilence
	fAfrica
	fAmericas
	fAsia
	fEurope
	fInter     // first of the interactions of the prior vote with the tallies
	fPeerAlign = fInter + 3*len(interactWith)
	fPeerTies  = fPeerAlign + 1
	nFeatures  = fPeerTies + 1
)

// interactWith are the features whose effect depends on how the state voted
// on the most similar resolution: a state that voted yes last year moves
// with its bloc differently from one that abstained.
// They were tried and left out: over 2018-2019 they changed neither
// accuracy nor macro-F1 and cost half the fitting time.
var interactWith = [...]int{}

// nBase is the number of features of the first stage, which does without
// the partners' expected stances.
const nBase = fPeerAlign

// Factor groups features into the reasons an analyst reads.
type Factor string

const (
	FactorSimilar   Factor = "similar_votes"    // its votes on similar resolutions
	FactorBloc      Factor = "bloc_votes"       // how its blocs voted on them
	FactorMotion    Factor = "motion_tally"     // how the assembly voted on them
	FactorIssue     Factor = "issue_history"    // its record on the motion's issues
	FactorTarget    Factor = "target_alignment" // agreement with the targets, or being one
	FactorBenef     Factor = "beneficiary"      // agreement with the beneficiaries
	FactorUSA       Factor = "us_alignment"     // agreement with the United States
	FactorIdeal     Factor = "ideal_point"      // position in the ideal-point space
	FactorTrade     Factor = "trade_dependence"
	FactorArms      Factor = "arms_dependence"
	FactorAlliance  Factor = "alliance"
	FactorBlocTie   Factor = "bloc_membership"
	FactorSilence   Factor = "silence"
	FactorRegion    Factor = "region"
	FactorPeers     Factor = "partners"
	FactorStructure Factor = "structural"
)

var featureNames = [nFeatures]string{
	"sim_yes", "sim_abstain", "sim_no", "sim_absent", "sim_none",
	"top_yes", "top_abstain", "top_no", "top_yes_w", "top_abstain_w", "top_no_w",
	"bloc_yes", "bloc_abstain", "bloc_no", "all_abstain", "all_no",
	"iss_abstain", "iss_no", "gen_abstain", "gen_no", "cur_abstain", "cur_no", "cur_none",
	"agree_target", "has_target", "is_target", "is_beneficiary", "agree_beneficiary", "agree_usa",
	"theta", "theta_missing", "spatial", "dist_target",
	"trade_dep", "arms_dep", "ally_target", "bloc_target", "silence",
	"africa", "americas", "asia", "europe",
}

var featureFactor = [nFeatures]Factor{
	FactorSimilar, FactorSimilar, FactorSimilar, FactorSimilar, FactorSimilar,
	FactorSimilar, FactorSimilar, FactorSimilar, FactorSimilar, FactorSimilar, FactorSimilar,
	FactorBloc, FactorBloc, FactorBloc, FactorMotion, FactorMotion,
	FactorIssue, FactorIssue, FactorIssue, FactorIssue, FactorIssue, FactorIssue, FactorIssue,
	FactorTarget, FactorTarget, FactorTarget, FactorBenef, FactorBenef, FactorUSA,
	FactorIdeal, FactorIdeal, FactorIdeal, FactorIdeal,
	FactorTrade, FactorArms, FactorAlliance, FactorBlocTie, FactorSilence,
	FactorRegion, FactorRegion, FactorRegion, FactorRegion,
}

func init() {
	for k, v := range []string{"yes", "abstain", "no"} {
		for j, f := range interactWith {
			featureNames[fInter+k*len(interactWith)+j] = "top_" + v + "_x_" + featureNames[f]
			featureFactor[fInter+k*len(interactWith)+j] = FactorSimilar
		}
	}
	featureNames[fPeerAlign], featureNames[fPeerTies] = "peer_align", "peer_ties"
	featureFactor[fPeerAlign], featureFactor[fPeerTies] = FactorPeers, FactorPeers
}

// FeatureNames lists the model's features in order.
func FeatureNames() []string { return featureNames[:] }

// Structural factors are ties a lobbying campaign cannot change quickly;
// they are what "stands in the way" of moving a state.
var structural = map[Factor]bool{FactorTrade: true, FactorArms: true, FactorAlliance: true, FactorBlocTie: true}

// votingBlocs are the groups whose members' votes say something about a
// state's own; organisations everyone belongs to (UN) or that do not vote
// together (G20) are left out.
var votingBlocs = map[string]bool{
	"EU": true, "NATO": true, "ASEAN": true, "AU": true, "ARAB_LEAGUE": true, "GCC": true, "OAS": true,
	"SCO": true, "CSTO": true, "CIS": true, "EAEU": true, "NON_ALIGNED": true, "BRICS": true, "ECOWAS": true,
	"G7": true, "ANZUS": true, "FVEY": true, "QUAD": true, "AUKUS": true, "OPEC": true, "CPTPP": true,
	"WARSAW_PACT": true, "COMECON": true,
}

// query is a motion as the feature builder sees it: a roll call to come.
type query struct {
	day      int32
	date     time.Time
	terms    []int32
	issues   uint8
	targets  []int
	benefs   []int
	sponsors []int
	similar  []simRC // explicit and found
	// pinned fixes first-stage stances (+1 yes, −1 no) of states whose vote
	// is known or assumed: targets, sponsors, scenario stances.
	pinned map[int]float64
	self   int // roll-call index when the query is a recorded roll call, else -1
	// amendment and paragraph describe a recorded roll call's sort.
	amendment, paragraph bool
}

// simRC is a past roll call taken as analogous, with its weight.
type simRC struct {
	rc       int
	weight   float64
	explicit bool
}

// window holds the aggregates of the last complete sessions before a cut.
type window struct {
	sessions []int   // session numbers used
	cnt      [][]int // country → [issue 0..6][3] counts, flattened 7×3
	agree    []float32
	agreeN   []float32
	theta    []float64
	thetaSes []int
	n        int
	partners [][]partner
}

// partner is another state and the share of votes agreed with it.
type partner struct {
	j int
	a float64
}

// partnersOf lists the states a state agreed with in the window, most
// agreeing first (computed once per window and state).
func (w *window) partnersOf(c int) []partner {
	if w.partners == nil {
		w.partners = make([][]partner, w.n)
	}
	if w.partners[c] != nil {
		return w.partners[c]
	}
	ps := make([]partner, 0, 200)
	for j := 0; j < w.n; j++ {
		if j == c {
			continue
		}
		if a, ok := w.agreement(c, j); ok {
			ps = append(ps, partner{j, a})
		}
	}
	sort.Slice(ps, func(x, y int) bool {
		if ps[x].a != ps[y].a {
			return ps[x].a > ps[y].a
		}
		return ps[x].j < ps[y].j
	})
	w.partners[c] = ps
	return ps
}

func (w *window) agreement(i, j int) (float64, bool) {
	k := i*w.n + j
	if w.agreeN[k] < 5 {
		return 0, false
	}
	return float64(w.agree[k] / w.agreeN[k]), true
}

// sessionStat caches the per-session aggregates the windows sum.
type sessionStat struct {
	cnt    []int
	agree  []float32
	agreeN []float32
}

// featurizer builds feature rows from a History. It caches what several
// motions share: session aggregates, windows, IDF weights and bloc lists.
type featurizer struct {
	h        *History
	cfg      Config
	sstats   map[int]*sessionStat
	windows  map[[2]int]*window
	idf      map[int][]float64
	groups   map[groupKey][]int
	regionOf []int
	usa      int
	cases    map[int]*rcCase
	edges    map[[2]int]map[int][]edge
	gcache   map[[2]int][]string
	// lastEdges is tieEdges' result for lastEdgesDay.
	lastEdges    map[int][]edge
	lastEdgesDay int32
}

type groupKey struct {
	group string
	year  int
}

func newFeaturizer(h *History, cfg Config) *featurizer {
	f := &featurizer{h: h, cfg: cfg, sstats: map[int]*sessionStat{}, windows: map[[2]int]*window{}, idf: map[int][]float64{}, groups: map[groupKey][]int{},
		cases: map[int]*rcCase{}, edges: map[[2]int]map[int][]edge{}, gcache: map[[2]int][]string{}}
	f.regionOf = make([]int, len(h.codes))
	for i, c := range h.codes {
		f.regionOf[i] = -1
		if a, ok := h.reg.Actor(c); ok {
			switch a.Region {
			case "Africa":
				f.regionOf[i] = 0
			case "Americas":
				f.regionOf[i] = 1
			case "Asia":
				f.regionOf[i] = 2
			case "Europe":
				f.regionOf[i] = 3
			case "Oceania":
				f.regionOf[i] = 4
			}
		}
	}
	f.usa = -1
	if i, ok := h.idx["USA"]; ok {
		f.usa = i
	}
	return f
}

func (f *featurizer) sessionStats(si int) *sessionStat {
	if st, ok := f.sstats[si]; ok {
		return st
	}
	h := f.h
	n := len(h.codes)
	st := &sessionStat{cnt: make([]int, n*21), agree: make([]float32, n*n), agreeN: make([]float32, n*n)}
	s := h.sessions[si]
	voters := make([]int, 0, n)
	for r := s.first; r <= s.last; r++ {
		vs := h.votes[r]
		voters = voters[:0]
		for c, v := range vs {
			if v == cNone {
				continue
			}
			voters = append(voters, c)
			st.cnt[c*21+6*3+int(v-1)]++
			for b := 0; b < 6; b++ {
				if h.rcs[r].issues&(1<<b) != 0 {
					st.cnt[c*21+b*3+int(v-1)]++
				}
			}
		}
		for x, i := range voters {
			vi := vs[i]
			for _, j := range voters[x+1:] {
				d := vi - vs[j]
				if d < 0 {
					d = -d
				}
				a := 1 - float32(d)/2
				st.agree[i*n+j] += a
				st.agree[j*n+i] += a
				st.agreeN[i*n+j]++
				st.agreeN[j*n+i]++
			}
		}
	}
	f.sstats[si] = st
	return st
}

// window returns the aggregates of the last cfg.Sessions sessions all of
// whose roll calls precede day cut, and the latest ideal points usable then.
func (f *featurizer) window(cut int32) *window {
	h := f.h
	hi := -1
	for si := len(h.sessions) - 1; si >= 0; si-- {
		if h.sessions[si].lastDay < cut {
			hi = si
			break
		}
	}
	// The usable ideal-point sessions: known before the cut and without
	// any roll call on or after it.
	maxIdeal := -1
	for s, known := range h.idealKnown {
		if known < cut && !h.sessionHasVotesFrom(s, cut) && s > maxIdeal {
			if _, ok := h.ideal[s]; ok {
				maxIdeal = s
			}
		}
	}
	key := [2]int{hi, maxIdeal}
	if w, ok := f.windows[key]; ok {
		return w
	}
	n := len(h.codes)
	w := &window{cnt: make([][]int, n), agree: make([]float32, n*n), agreeN: make([]float32, n*n), n: n}
	flat := make([]int, n*21)
	for si := hi; si >= 0 && si > hi-f.cfg.Sessions; si-- {
		st := f.sessionStats(si)
		w.sessions = append(w.sessions, h.sessions[si].num)
		for k, v := range st.cnt {
			flat[k] += v
		}
		for k := range st.agree {
			w.agree[k] += st.agree[k]
			w.agreeN[k] += st.agreeN[k]
		}
	}
	for c := 0; c < n; c++ {
		w.cnt[c] = flat[c*21 : (c+1)*21]
	}
	w.theta = make([]float64, n)
	w.thetaSes = make([]int, n)
	for c := range w.theta {
		w.theta[c] = math.NaN()
	}
	var ses []int
	for s := range h.ideal {
		if s <= maxIdeal && h.idealKnown[s] < cut {
			ses = append(ses, s)
		}
	}
	sort.Ints(ses)
	// The latest estimate of each state, looking back at most five
	// sessions so that a long-gone estimate does not pass for a current one.
	for _, s := range ses {
		if s < maxIdeal-5 {
			continue
		}
		for c, v := range h.ideal[s] {
			if c < n && !math.IsNaN(v) {
				w.theta[c] = v
				w.thetaSes[c] = s
			}
		}
	}
	f.windows[key] = w
	return w
}

// currentSession is the index of the session under way on day d: the
// session with roll calls both before and on or after d, or -1.
func (f *featurizer) currentSession(d int32) int {
	for si := len(f.h.sessions) - 1; si >= 0; si-- {
		s := f.h.sessions[si]
		if s.lastDay >= d && f.h.rcs[s.first].day < d {
			return si
		}
		if s.lastDay < d {
			return -1
		}
	}
	return -1
}

// idfFor returns inverse document frequencies computed from the roll calls
// before the first day of the year, so that the text statistics of later
// roll calls never reach a prediction.
func (f *featurizer) idfFor(year int) []float64 {
	if v, ok := f.idf[year]; ok && len(v) >= len(f.h.terms) {
		return v
	}
	cut := dayNum(entente.Day(year, time.January, 1))
	df := make([]float64, len(f.h.terms))
	n := 0
	for _, r := range f.h.rcs {
		if r.day >= cut {
			break
		}
		n++
		for _, t := range r.terms {
			df[t]++
		}
	}
	idf := make([]float64, len(df))
	for t, d := range df {
		idf[t] = math.Log((float64(n) + 1) / (d + 1))
	}
	f.idf[year] = idf
	return idf
}

// similarity scores a past roll call against the query: TF-IDF cosine of
// the texts, with shared issue codes as a tie-breaker.
func similarity(a, b []int32, idf []float64) float64 {
	var dot, na, nb float64
	i, j := 0, 0
	for _, t := range a {
		na += idf[t] * idf[t]
	}
	for _, t := range b {
		nb += idf[t] * idf[t]
	}
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			dot += idf[a[i]] * idf[a[i]]
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// findSimilar returns the past roll calls most like the query's text and
// issues, one per resolution, best first.
func (f *featurizer) findSimilar(q *query, k int) []simRC {
	if len(q.terms) == 0 || k <= 0 {
		return nil
	}
	idf := f.idfFor(q.date.Year())
	type cand struct {
		rc    int
		score float64
	}
	var cs []cand
	for r := range f.h.rcs {
		rc := &f.h.rcs[r]
		if rc.day >= q.day {
			break
		}
		s := similarity(q.terms, rc.terms, idf)
		if s < f.cfg.MinSimilarity {
			continue
		}
		if q.issues != 0 || rc.issues != 0 {
			inter := popcount(q.issues & rc.issues)
			union := popcount(q.issues | rc.issues)
			s = 0.85*s + 0.15*float64(inter)/float64(union)
		}
		// Recent analogues count for more: positions drift.
		years := float64(q.day-rc.day) / 365.25
		s -= 0.01 * math.Min(years, 20)
		// An amendment or paragraph vote is best placed by earlier votes of
		// the same sort, a whole resolution by whole resolutions.
		if rc.Amendment != q.amendment || rc.Paragraph != q.paragraph {
			s -= 0.1
		}
		cs = append(cs, cand{r, s})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].score != cs[j].score {
			return cs[i].score > cs[j].score
		}
		return cs[i].rc > cs[j].rc
	})
	var out []simRC
	seen := map[string]bool{}
	for _, c := range cs {
		key := f.h.rcs[c.rc].key
		if key == "" {
			key = f.h.rcs[c.rc].ID
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, simRC{rc: c.rc, weight: c.score * c.score})
		if len(out) == k {
			break
		}
	}
	return out
}

func popcount(b uint8) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}

// groupMembers lists the indices of a group's members in a year; a UN
// subregion is a group too ("region:Eastern Asia").
func (f *featurizer) groupMembers(group string, year int) []int {
	k := groupKey{group, year}
	if m, ok := f.groups[k]; ok {
		return m
	}
	var out []int
	if sub, ok := strings.CutPrefix(group, "region:"); ok {
		for i, c := range f.h.codes {
			if a, ok := f.h.reg.Actor(c); ok && a.Subregion == sub {
				out = append(out, i)
			}
		}
	} else {
		for _, ms := range f.h.reg.Members(group, entente.Day(year, time.July, 1)) {
			if ms.Status != "member" && ms.Status != "" {
				continue
			}
			if i, ok := f.h.idx[ms.Member]; ok {
				out = append(out, i)
			}
		}
	}
	f.groups[k] = out
	return out
}

// groupsOf lists the voting blocs of a state in a year, its subregion first.
func (f *featurizer) groupsOf(c int, year int) []string {
	if g, ok := f.gcache[[2]int{c, year}]; ok {
		return g
	}
	var out []string
	defer func() { f.gcache[[2]int{c, year}] = out }()
	if a, ok := f.h.reg.Actor(f.h.codes[c]); ok && a.Subregion != "" {
		out = append(out, "region:"+a.Subregion)
	}
	for _, ms := range f.h.reg.GroupsOf(f.h.codes[c], entente.Day(year, time.July, 1)) {
		if votingBlocs[ms.Group] && (ms.Status == "member" || ms.Status == "") && !slices.Contains(out, ms.Group) {
			out = append(out, ms.Group)
		}
	}
	return out
}

// rows computes the base features (every feature but the partners') of
// the query for the listed countries; row i belongs to pop[i].
func (f *featurizer) rows(q *query, pop []int) [][]float64 {
	h := f.h
	w := f.window(q.day)
	year := q.date.Year()
	out := make([][]float64, len(pop))

	// Motion-level aggregates over the similar roll calls.
	var simW, allY, allA, allN, allW float64
	var poleYes, poleNo, poleYesW, poleNoW float64
	for _, s := range q.similar {
		vs := h.votes[s.rc]
		var y, a, n float64
		for c, v := range vs {
			switch v {
			case cYes:
				y++
			case cAbstain:
				a++
			case cNo:
				n++
			}
			if v != cNone && !math.IsNaN(w.theta[c]) {
				switch v {
				case cYes:
					poleYes += s.weight * w.theta[c]
					poleYesW += s.weight
				case cNo:
					poleNo += s.weight * w.theta[c]
					poleNoW += s.weight
				}
			}
		}
		if t := y + a + n; t > 0 {
			allY += s.weight * y / t
			allA += s.weight * a / t
			allN += s.weight * n / t
			allW += s.weight
		}
		simW += s.weight
	}
	// Sponsors pull the yes pole, targets the no pole, each with the weight
	// of one fully similar resolution.
	for _, c := range q.sponsors {
		if !math.IsNaN(w.theta[c]) {
			poleYes += w.theta[c]
			poleYesW++
		}
	}
	var thetaT float64
	var nT int
	for _, c := range q.targets {
		if !math.IsNaN(w.theta[c]) {
			poleNo += w.theta[c]
			poleNoW++
			thetaT += w.theta[c]
			nT++
		}
	}
	hasPoles := poleYesW > 0 && poleNoW > 0
	if hasPoles {
		poleYes /= poleYesW
		poleNo /= poleNoW
	}
	if nT > 0 {
		thetaT /= float64(nT)
	}

	// Bloc tallies on the similar roll calls, per group.
	type tally struct{ y, a, n float64 }
	blocT := map[string]tally{}
	blocShare := func(group string, self int) (tally, bool) {
		var t tally
		var ww float64
		for _, s := range q.similar {
			vs := h.votes[s.rc]
			var y, a, n float64
			for _, m := range f.groupMembers(group, year) {
				if m == self {
					continue
				}
				switch vs[m] {
				case cYes:
					y++
				case cAbstain:
					a++
				case cNo:
					n++
				}
			}
			if tot := y + a + n; tot >= 2 {
				t.y += s.weight * y / tot
				t.a += s.weight * a / tot
				t.n += s.weight * n / tot
				ww += s.weight
			}
		}
		if ww == 0 {
			return t, false
		}
		return tally{t.y / ww, t.a / ww, t.n / ww}, true
	}
	_ = blocT

	issueSlot := func(c int) (y, a, n float64) {
		cnt := w.cnt[c]
		if q.issues == 0 {
			return float64(cnt[18]), float64(cnt[19]), float64(cnt[20])
		}
		for b := 0; b < 6; b++ {
			if q.issues&(1<<b) != 0 {
				y += float64(cnt[b*3])
				a += float64(cnt[b*3+1])
				n += float64(cnt[b*3+2])
			}
		}
		return
	}

	targetGroups := map[int][]string{}
	for _, t := range q.targets {
		targetGroups[t] = f.groupsOf(t, year)
	}

	// The votes of the session under way, before the query's day: the most
	// recent record there is, which complete-session windows miss.
	cur := make([][3]float64, len(h.codes))
	if si := f.currentSession(q.day); si >= 0 {
		s := h.sessions[si]
		for r := s.first; r <= s.last && h.rcs[r].day < q.day; r++ {
			if q.issues != 0 && h.rcs[r].issues&q.issues == 0 {
				continue
			}
			for c, v := range h.votes[r] {
				if v != cNone {
					cur[c][v-1]++
				}
			}
		}
	}
	for k, c := range pop {
		x := make([]float64, nFeatures)
		if t := cur[c][0] + cur[c][1] + cur[c][2]; t > 0 {
			x[fCurAbstain], x[fCurNo] = cur[c][1]/t, cur[c][2]/t
		} else {
			x[fCurNone] = 1
		}
		out[k] = x
		// Votes on similar roll calls.
		var vy, va, vn, vw, absW, memW float64
		for _, s := range q.similar {
			v := h.votes[s.rc][c]
			member := h.members(h.rcs[s.rc].day)[c]
			switch v {
			case cYes:
				vy += s.weight
			case cAbstain:
				va += s.weight
			case cNo:
				vn += s.weight
			}
			if v != cNone {
				vw += s.weight
			}
			if member || v != cNone {
				memW += s.weight
				if v == cNone {
					absW += s.weight
				}
			}
		}
		// The vote on the single most similar roll call it voted on: most
		// resolutions recur yearly and states rarely change their vote.
		for _, s := range q.similar {
			if v := h.votes[s.rc][c]; v != cNone {
				x[fTopYes+int(v-1)] = 1
				x[fTopYesW+int(v-1)] = math.Min(1, s.weight)
				break
			}
		}
		if vw > 0 {
			x[fSimYes], x[fSimAbstain], x[fSimNo] = vy/vw, va/vw, vn/vw
		} else {
			x[fSimNone] = 1
		}
		if memW > 0 {
			x[fSimAbsent] = absW / memW
		}
		// Blocs on similar roll calls: the mean over the state's blocs.
		var by, ba, bn, bc float64
		for _, g := range f.groupsOf(c, year) {
			if t, ok := blocShare(g, c); ok {
				by += t.y
				ba += t.a
				bn += t.n
				bc++
			}
		}
		if bc > 0 {
			x[fBlocYes], x[fBlocAbstain], x[fBlocNo] = by/bc, ba/bc, bn/bc
		}
		if allW > 0 {
			x[fAllAbstain], x[fAllNo] = allA/allW, allN/allW
		}
		// Issue and general record over the window.
		if y, a, n := issueSlot(c); y+a+n > 0 {
			x[fIssAbstain], x[fIssNo] = a/(y+a+n), n/(y+a+n)
		}
		if cnt := w.cnt[c]; cnt[18]+cnt[19]+cnt[20] > 0 {
			t := float64(cnt[18] + cnt[19] + cnt[20])
			x[fGenAbstain], x[fGenNo] = float64(cnt[19])/t, float64(cnt[20])/t
		}
		// Targets and beneficiaries.
		if len(q.targets) > 0 {
			x[fHasTarget] = 1
			var s, n float64
			for _, t := range q.targets {
				if t == c {
					x[fIsTarget] = 1
					continue
				}
				if a, ok := w.agreement(c, t); ok {
					s += a
					n++
				}
			}
			if n > 0 {
				x[fAgreeTarget] = s / n
			} else {
				x[fAgreeTarget] = 0.5
			}
		}
		if len(q.benefs) > 0 {
			var s, n float64
			for _, b := range q.benefs {
				if b == c {
					x[fIsBenef] = 1
					continue
				}
				if a, ok := w.agreement(c, b); ok {
					s += a
					n++
				}
			}
			if n > 0 {
				x[fAgreeBenef] = s/n - 0.5
			}
		}
		if f.usa >= 0 && c != f.usa {
			if a, ok := w.agreement(c, f.usa); ok {
				x[fAgreeUSA] = a
			} else {
				x[fAgreeUSA] = 0.5
			}
		} else if c == f.usa {
			x[fAgreeUSA] = 1
		}
		// Ideal points.
		th := w.theta[c]
		if math.IsNaN(th) {
			x[fThetaMissing] = 1
		} else {
			x[fTheta] = th
			if hasPoles {
				x[fSpatial] = math.Abs(th-poleNo) - math.Abs(th-poleYes)
			}
			if nT > 0 {
				x[fDistTarget] = math.Abs(th - thetaT)
			}
		}
		// Ties to the targets.
		if len(q.targets) > 0 && x[fIsTarget] == 0 {
			x[fTradeDep] = math.Sqrt(f.tradeShare(c, q.targets, q.day).Value)
			x[fArmsDep] = math.Sqrt(f.armsShare(c, q.targets, q.day).Value)
			if len(bilateral(f.ties(c, q.targets, q.day))) > 0 {
				x[fAllyTarget] = 1
			}
			mine := f.groupsOf(c, year)
			var shared float64
			for _, t := range q.targets {
				for _, g := range targetGroups[t] {
					if !strings.HasPrefix(g, "region:") && slices.Contains(mine, g) {
						shared++
						break
					}
				}
			}
			x[fBlocTarget] = shared / float64(len(q.targets))
		}
		x[fSilence] = f.silenceScore(q, c)
		for k := 0; k < 3; k++ {
			if x[fTopYes+k] == 1 {
				for j, g := range interactWith {
					x[fInter+k*len(interactWith)+j] = x[g]
				}
			}
		}
		switch f.regionOf[c] {
		case 0:
			x[fAfrica] = 1
		case 1:
			x[fAmericas] = 1
		case 2:
			x[fAsia] = 1
		case 3:
			x[fEurope] = 1
		}
	}
	return out
}

// tradeShare, armsShare and ties read the dyadic panel: measures owns the
// rules (which trade year, which SIPRI release and minimum volume, which
// ties are in force and what kind each is).
func (f *featurizer) tradeShare(c int, targets []int, cut int32) measures.Share {
	return f.h.panel.TradeShare(c, targets, cut)
}

func (f *featurizer) armsShare(c int, targets []int, cut int32) measures.Share {
	return f.h.panel.ArmsShare(c, targets, cut)
}

// ties lists the security ties in force between the state and any target
// before the cut, most binding first, multilateral codings included (the
// caller tells them apart by class).
func (f *featurizer) ties(c int, targets []int, cut int32) []measures.PanelTie {
	return f.h.panel.Ties(c, targets, cut)
}

// bilateral keeps the ties that bind the state to a target itself.
func bilateral(ts []measures.PanelTie) []measures.PanelTie {
	var out []measures.PanelTie
	for _, t := range ts {
		if t.Class.Bilateral() {
			out = append(out, t)
		}
	}
	return out
}

// inferRoles finds the states a recorded resolution names and sorts them
// into targets and beneficiaries, using only the past: a named state that
// voted no or abstained on the most similar earlier resolution it voted on
// is a target, one that voted yes a beneficiary. A state with no such vote
// is a beneficiary when the text names it after "against", "of", "to" or
// "with" (an embargo against Cuba, the territorial integrity of Ukraine) or
// when it is not a UN member, and a target otherwise ("human rights in
// Iran", "Israeli practices").
func (f *featurizer) inferRoles(r int, similar []simRC) (targets, benefs []int) {
	h := f.h
	rc := h.rcs[r]
	text := rc.Title
	if i := strings.Index(strings.ToLower(text), ": resolution"); i >= 0 {
		text = text[:i]
	}
	if rc.Short != "" && !strings.EqualFold(rc.Short, text) {
		text = rc.Short + ". " + text
	}
	ms := h.reg.FindMentions(text, rc.Date, nil)
	seen := map[int]bool{}
	for _, m := range ms {
		if m.Country == "" {
			continue
		}
		a, ok := h.reg.Actor(m.Country)
		if !ok || a.Kind != entente.KindState {
			continue
		}
		c, ok := h.idx[m.Country]
		if !ok || seen[c] {
			continue
		}
		seen[c] = true
		role := 0
		for _, s := range similar {
			switch h.votes[s.rc][c] {
			case cYes:
				role = 1
			case cNo, cAbstain:
				role = -1
			}
			if role != 0 {
				break
			}
		}
		if role == 0 {
			before := strings.ToLower(text[:m.Start])
			switch {
			case !h.members(rc.day)[c]:
				role = 1
			case reBenefCue.MatchString(before):
				role = 1
			default:
				role = -1
			}
		}
		if role < 0 {
			targets = append(targets, c)
		} else {
			benefs = append(benefs, c)
		}
	}
	return targets, benefs
}

var reBenefCue = regexp.MustCompile(`(against|of|to|with|for)\s+(the\s+)?$`)

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

// Feature indices. Each feature is defined once, in the keyed table
// features below: its name (saved models name their columns by it), the
// factor it is reported under, what it measures and how it is filled.
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
	fTopLooseYes
	fTopLooseAbstain
	fTopLooseNo
	fTopOldYes
	fTopOldAbstain
	fTopOldNo
	fTopSeries
	fPersistYes
	fPersistAbstain
	fPersistNo
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
	fTgtAbstain
	fTgtNo
	fIsBenef
	fAgreeBenef
	fAgreeUSA
	fAgreeSponsors
	fSponsorsKnown
	fSponsorCount
	fDistSponsors
	fTheta
	fThetaMissing
	fSpatial
	fDistTarget
	fTradeDep
	fArmsDep
	fAllyTarget
	fTreatyTarget
	fBlocTarget
	fSilence
	fAfrica
	fAmericas
	fAsia
	fEurope
	fLoose
	fLooseSimAbstain
	fLooseSimNo
	fLooseBlocAbstain
	fLooseBlocNo
	fLooseIssAbstain
	fLooseIssNo
	fLooseGenAbstain
	fLooseGenNo
	fLooseAllAbstain
	fLooseAllNo
	fLooseCurAbstain
	fLooseCurNo
	fTgtSimAbstain
	fTgtSimNo
	fTgtBlocAbstain
	fTgtBlocNo
	fTgtIssAbstain
	fTgtIssNo
	fTgtGenAbstain
	fTgtGenNo
	fTgtSeriesYes
	fTgtSeriesAbstain
	fTgtSeriesNo
	fRunYes
	fRunAbstain
	fRunNo
	fPeerAlign
	fPeerTies
	nFeatures
)

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
	FactorSponsors  Factor = "sponsors"         // agreement with the sponsors
	FactorIdeal     Factor = "ideal_point"      // position in the ideal-point space
	FactorTrade     Factor = "trade_dependence"
	FactorArms      Factor = "arms_dependence"
	FactorAlliance  Factor = "alliance"
	FactorBlocTie   Factor = "bloc_membership"
	FactorSilence   Factor = "silence"
	FactorRegion    Factor = "region"
	FactorPeers     Factor = "partners"
	FactorStructure Factor = "structural"
	// FactorRegime is no feature: it names a state's regime break, after
	// which its earlier votes stop counting (regime.go).
	FactorRegime Factor = "regime_break"
)

// feature is one model input. fill computes it for one state from what the
// motion and the state share (rowCtx); the partner features are filled by
// the second stage (peerFeatures) and have none.
type feature struct {
	name   string
	factor Factor
	desc   string
	fill   func(r *rowCtx) float64
}

// features is the one table of the model's inputs, keyed by index.
var features = [nFeatures]feature{
	fSimYes:          {"sim_yes", FactorSimilar, "share of its votes on the similar roll calls that were yes, by similarity weight", func(r *rowCtx) float64 { return r.simShare(0) }},
	fSimAbstain:      {"sim_abstain", FactorSimilar, "share that were abstentions", func(r *rowCtx) float64 { return r.simShare(1) }},
	fSimNo:           {"sim_no", FactorSimilar, "share that were no", func(r *rowCtx) float64 { return r.simShare(2) }},
	fSimAbsent:       {"sim_absent", FactorSimilar, "share of the similar roll calls it was absent from while a member", func(r *rowCtx) float64 { return r.sim().absent }},
	fSimNone:         {"sim_none", FactorSimilar, "1 when it voted on none of them", func(r *rowCtx) float64 { return b2f(r.sim().voted == 0) }},
	fTopYes:          {"top_yes", FactorSimilar, "1 when its vote on the most similar roll call it voted on was yes", func(r *rowCtx) float64 { return r.top(0, 1) }},
	fTopAbstain:      {"top_abstain", FactorSimilar, "the same for an abstention", func(r *rowCtx) float64 { return r.top(1, 1) }},
	fTopNo:           {"top_no", FactorSimilar, "the same for no", func(r *rowCtx) float64 { return r.top(2, 1) }},
	fTopYesW:         {"top_yes_w", FactorSimilar, "top_yes times that roll call's similarity weight", func(r *rowCtx) float64 { return r.top(0, math.Min(1, r.sim().topWeight)) }},
	fTopAbstainW:     {"top_abstain_w", FactorSimilar, "top_abstain times the weight", func(r *rowCtx) float64 { return r.top(1, math.Min(1, r.sim().topWeight)) }},
	fTopNoW:          {"top_no_w", FactorSimilar, "top_no times the weight", func(r *rowCtx) float64 { return r.top(2, math.Min(1, r.sim().topWeight)) }},
	fTopLooseYes:     {"top_loose_yes", FactorSimilar, "top_yes when that roll call is a loose analogue, not the same series", func(r *rowCtx) float64 { return r.top(0, b2f(!r.sim().topSeries)) }},
	fTopLooseAbstain: {"top_loose_abstain", FactorSimilar, "top_abstain on a loose analogue", func(r *rowCtx) float64 { return r.top(1, b2f(!r.sim().topSeries)) }},
	fTopLooseNo:      {"top_loose_no", FactorSimilar, "top_no on a loose analogue", func(r *rowCtx) float64 { return r.top(2, b2f(!r.sim().topSeries)) }},
	fTopOldYes:       {"top_old_yes", FactorSimilar, "top_yes times the analogue's age in decades (at most two)", func(r *rowCtx) float64 { return r.top(0, r.sim().topAge) }},
	fTopOldAbstain:   {"top_old_abstain", FactorSimilar, "top_abstain times the age", func(r *rowCtx) float64 { return r.top(1, r.sim().topAge) }},
	fTopOldNo:        {"top_old_no", FactorSimilar, "top_no times the age", func(r *rowCtx) float64 { return r.top(2, r.sim().topAge) }},
	fTopSeries:       {"top_series", FactorSimilar, "1 when the most similar roll call it voted on is of the motion's own recurring series", func(r *rowCtx) float64 { return b2f(r.sim().top >= 0 && r.sim().topSeries) }},
	fPersistYes:      {"persist_yes", FactorSimilar, "when its vote on the most similar roll call was yes: how much more often than the average state it kept a yes of that kind of analogue on the next similar vote (log-odds gap, smoothed, PersistenceYears before the day)", func(r *rowCtx) float64 { return r.persistGap(0) }},
	fPersistAbstain:  {"persist_abstain", FactorSimilar, "the same when that vote was an abstention: how much more often it kept its abstentions", func(r *rowCtx) float64 { return r.persistGap(1) }},
	fPersistNo:       {"persist_no", FactorSimilar, "the same when that vote was no", func(r *rowCtx) float64 { return r.persistGap(2) }},
	fBlocYes:         {"bloc_yes", FactorBloc, "mean over its blocs of their other members' yes share on the similar roll calls", func(r *rowCtx) float64 { return r.bloc()[0] }},
	fBlocAbstain:     {"bloc_abstain", FactorBloc, "the same for abstentions", func(r *rowCtx) float64 { return r.bloc()[1] }},
	fBlocNo:          {"bloc_no", FactorBloc, "the same for no", func(r *rowCtx) float64 { return r.bloc()[2] }},
	fAllAbstain:      {"all_abstain", FactorMotion, "the assembly's abstention share on the similar roll calls", func(r *rowCtx) float64 { return r.m.allShare(1) }},
	fAllNo:           {"all_no", FactorMotion, "the assembly's no share on them", func(r *rowCtx) float64 { return r.m.allShare(2) }},
	fIssAbstain:      {"iss_abstain", FactorIssue, "its abstention share on the motion's issues over the last complete sessions", func(r *rowCtx) float64 { return r.issue()[1] }},
	fIssNo:           {"iss_no", FactorIssue, "its no share on them", func(r *rowCtx) float64 { return r.issue()[2] }},
	fGenAbstain:      {"gen_abstain", FactorIssue, "its abstention share on every vote of those sessions", func(r *rowCtx) float64 { return r.general()[1] }},
	fGenNo:           {"gen_no", FactorIssue, "its no share on them", func(r *rowCtx) float64 { return r.general()[2] }},
	fCurAbstain:      {"cur_abstain", FactorIssue, "its abstention share on the motion's issues in the session under way", func(r *rowCtx) float64 { return r.current()[1] }},
	fCurNo:           {"cur_no", FactorIssue, "its no share there", func(r *rowCtx) float64 { return r.current()[2] }},
	fCurNone:         {"cur_none", FactorIssue, "1 when it has no vote in the session under way", func(r *rowCtx) float64 { return b2f(r.current()[3] == 0) }},
	fAgreeTarget:     {"agree_target", FactorTarget, "its voting agreement with the targets (0.5 when unknown)", func(r *rowCtx) float64 { return r.agreeTarget() }},
	fHasTarget:       {"has_target", FactorTarget, "1 when the motion names a target", func(r *rowCtx) float64 { return b2f(len(r.m.q.targets) > 0) }},
	fIsTarget:        {"is_target", FactorTarget, "1 for a target", func(r *rowCtx) float64 { return b2f(slices.Contains(r.m.q.targets, r.c)) }},
	fTgtAbstain:      {"target_abstain", FactorTarget, "its abstention share on the earlier roll calls naming one of the targets (TargetYears before the day, weighted by age with half-life TargetHalfLife); 0 when it has none", func(r *rowCtx) float64 { return r.targetRec().share[1] }},
	fTgtNo:           {"target_no", FactorTarget, "its no share on them; 0 when it has none", func(r *rowCtx) float64 { return r.targetRec().share[2] }},
	fIsBenef:         {"is_beneficiary", FactorBenef, "1 for a beneficiary", func(r *rowCtx) float64 { return b2f(slices.Contains(r.m.q.benefs, r.c)) }},
	fAgreeBenef:      {"agree_beneficiary", FactorBenef, "its agreement with the beneficiaries, less one half", func(r *rowCtx) float64 { return r.agreeMean(r.m.q.benefs, 0.5) - 0.5 }},
	fAgreeUSA:        {"agree_usa", FactorUSA, "its agreement with the United States", func(r *rowCtx) float64 { return r.agreeUSA() }},
	fAgreeSponsors:   {"agree_sponsors", FactorSponsors, "its agreement with the sponsors, less one half (0 when they are unknown)", func(r *rowCtx) float64 { return r.agreeSponsors() }},
	fSponsorsKnown:   {"sponsors_known", FactorSponsors, "1 when the motion's sponsors are known", func(r *rowCtx) float64 { return b2f(len(r.m.q.sponsors) > 0) }},
	fSponsorCount:    {"sponsor_count", FactorSponsors, "log of one plus the number of sponsors, over log 100", func(r *rowCtx) float64 { return math.Log1p(float64(len(r.m.q.sponsors))) / math.Log(100) }},
	fDistSponsors:    {"dist_sponsors", FactorSponsors, "its ideal-point distance to the sponsors' mean ideal point (0 when the sponsors or its ideal point are unknown): agreement over all votes hardly separates the West from Russia's and China's sponsors, since most votes are near-unanimous, but the ideal points do", func(r *rowCtx) float64 { return r.distSponsors() }},
	fTheta:           {"theta", FactorIdeal, "its latest UNGA ideal point", func(r *rowCtx) float64 { return r.theta(0) }},
	fThetaMissing:    {"theta_missing", FactorIdeal, "1 when it has none", func(r *rowCtx) float64 { return b2f(math.IsNaN(r.m.w.theta[r.c])) }},
	fSpatial:         {"spatial", FactorIdeal, "how much nearer it is to the yes pole than to the no pole of the analogues", func(r *rowCtx) float64 { return r.spatial() }},
	fDistTarget:      {"dist_target", FactorIdeal, "its ideal-point distance to the targets", func(r *rowCtx) float64 { return r.distTarget() }},
	fTradeDep:        {"trade_dep", FactorTrade, "square root of the share of its trade done with the targets", func(r *rowCtx) float64 { return r.tradeDep() }},
	fArmsDep:         {"arms_dep", FactorArms, "square root of the targets' share of its arms imports (one SIPRI release, minimum volume)", func(r *rowCtx) float64 { return r.armsDep() }},
	fAllyTarget:      {"ally_target", FactorAlliance, "1 when a dataset alliance binds it to a target bilaterally (multilateral codings left out)", func(r *rowCtx) float64 { return r.allied(false) }},
	fTreatyTarget:    {"treaty_target", FactorAlliance, "1 when a dated treaty or a deployment binds it to a target", func(r *rowCtx) float64 { return r.allied(true) }},
	fBlocTarget:      {"bloc_target", FactorBlocTie, "share of the targets it shares a voting bloc with", func(r *rowCtx) float64 { return r.blocTarget() }},
	fSilence:         {"silence", FactorSilence, "its silences when its blocs acted (capped sum)", func(r *rowCtx) float64 { return r.f.silenceScore(r.m.q, r.c) }},
	fAfrica:          {"africa", FactorRegion, "region Africa", func(r *rowCtx) float64 { return b2f(r.f.regionOf[r.c] == 0) }},
	fAmericas:        {"americas", FactorRegion, "region Americas", func(r *rowCtx) float64 { return b2f(r.f.regionOf[r.c] == 1) }},
	fAsia:            {"asia", FactorRegion, "region Asia", func(r *rowCtx) float64 { return b2f(r.f.regionOf[r.c] == 2) }},
	fEurope:          {"europe", FactorRegion, "region Europe", func(r *rowCtx) float64 { return b2f(r.f.regionOf[r.c] == 3) }},
	// The regime interactions let the weights of a state's own record
	// differ where the motion has no same-series repeat (loose) or names
	// a target: one linear model shares every other weight across regimes,
	// and on loose and targeted motions it gave abstentions too little
	// probability. Measured on the 2015-2023 backtest they lower the Brier
	// score in every subset; without the targeted ones every figure was
	// worse.
	fLoose:            {"loose", FactorSimilar, "1 when the motion's most similar roll call is a loose analogue (or there is none), not the same series", func(r *rowCtx) float64 { return r.loose() }},
	fLooseSimAbstain:  {"loose_sim_abstain", FactorSimilar, "sim_abstain on such a motion", func(r *rowCtx) float64 { return r.loose() * r.simShare(1) }},
	fLooseSimNo:       {"loose_sim_no", FactorSimilar, "sim_no on such a motion", func(r *rowCtx) float64 { return r.loose() * r.simShare(2) }},
	fLooseBlocAbstain: {"loose_bloc_abstain", FactorBloc, "bloc_abstain on such a motion", func(r *rowCtx) float64 { return r.loose() * r.bloc()[1] }},
	fLooseBlocNo:      {"loose_bloc_no", FactorBloc, "bloc_no on such a motion", func(r *rowCtx) float64 { return r.loose() * r.bloc()[2] }},
	fLooseIssAbstain:  {"loose_iss_abstain", FactorIssue, "iss_abstain on such a motion", func(r *rowCtx) float64 { return r.loose() * r.issue()[1] }},
	fLooseIssNo:       {"loose_iss_no", FactorIssue, "iss_no on such a motion", func(r *rowCtx) float64 { return r.loose() * r.issue()[2] }},
	fLooseGenAbstain:  {"loose_gen_abstain", FactorIssue, "gen_abstain on such a motion", func(r *rowCtx) float64 { return r.loose() * r.general()[1] }},
	fLooseGenNo:       {"loose_gen_no", FactorIssue, "gen_no on such a motion", func(r *rowCtx) float64 { return r.loose() * r.general()[2] }},
	fLooseAllAbstain:  {"loose_all_abstain", FactorMotion, "all_abstain on such a motion", func(r *rowCtx) float64 { return r.loose() * r.m.allShare(1) }},
	fLooseAllNo:       {"loose_all_no", FactorMotion, "all_no on such a motion", func(r *rowCtx) float64 { return r.loose() * r.m.allShare(2) }},
	fLooseCurAbstain:  {"loose_cur_abstain", FactorIssue, "cur_abstain on such a motion", func(r *rowCtx) float64 { return r.loose() * r.current()[1] }},
	fLooseCurNo:       {"loose_cur_no", FactorIssue, "cur_no on such a motion", func(r *rowCtx) float64 { return r.loose() * r.current()[2] }},
	fTgtSimAbstain:    {"targeted_sim_abstain", FactorSimilar, "sim_abstain on a motion naming targets", func(r *rowCtx) float64 { return r.targeted() * r.simShare(1) }},
	fTgtSimNo:         {"targeted_sim_no", FactorSimilar, "sim_no on a motion naming targets", func(r *rowCtx) float64 { return r.targeted() * r.simShare(2) }},
	fTgtBlocAbstain:   {"targeted_bloc_abstain", FactorBloc, "bloc_abstain on a motion naming targets", func(r *rowCtx) float64 { return r.targeted() * r.bloc()[1] }},
	fTgtBlocNo:        {"targeted_bloc_no", FactorBloc, "bloc_no on a motion naming targets", func(r *rowCtx) float64 { return r.targeted() * r.bloc()[2] }},
	fTgtIssAbstain:    {"targeted_iss_abstain", FactorIssue, "iss_abstain on a motion naming targets", func(r *rowCtx) float64 { return r.targeted() * r.issue()[1] }},
	fTgtIssNo:         {"targeted_iss_no", FactorIssue, "iss_no on a motion naming targets", func(r *rowCtx) float64 { return r.targeted() * r.issue()[2] }},
	fTgtGenAbstain:    {"targeted_gen_abstain", FactorIssue, "gen_abstain on a motion naming targets", func(r *rowCtx) float64 { return r.targeted() * r.general()[1] }},
	fTgtGenNo:         {"targeted_gen_no", FactorIssue, "gen_no on a motion naming targets", func(r *rowCtx) float64 { return r.targeted() * r.general()[2] }},
	// A same-series vote on a targeted motion, and how long a state has
	// kept its vote on a series: the backtests found the model too ready to
	// predict that such a vote changes. Measured on the 2015-2023 backtest,
	// the two lowered the targeted Brier score from 0.1255 to 0.1245 and
	// raised its macro-F1 from 0.8740 to 0.8758; on 2000-2014 they lowered
	// the Brier score of all votes from 0.1387 to 0.1384.
	fTgtSeriesYes:     {"targeted_series_yes", FactorSimilar, "top_yes on a motion naming targets when that roll call is of the motion's own series", func(r *rowCtx) float64 { return r.targeted() * r.top(0, b2f(r.sim().topSeries)) }},
	fTgtSeriesAbstain: {"targeted_series_abstain", FactorSimilar, "top_abstain on such a motion, of its own series", func(r *rowCtx) float64 { return r.targeted() * r.top(1, b2f(r.sim().topSeries)) }},
	fTgtSeriesNo:      {"targeted_series_no", FactorSimilar, "top_no on such a motion, of its own series", func(r *rowCtx) float64 { return r.targeted() * r.top(2, b2f(r.sim().topSeries)) }},
	fRunYes:           {"run_yes", FactorSimilar, "when its vote on the most similar roll call, a same-series repeat, was yes: how many of the similar roll calls of that series it voted yes on, over Similar (how long it has kept that vote)", func(r *rowCtx) float64 { return r.top(0, r.sim().run) }},
	fRunAbstain:       {"run_abstain", FactorSimilar, "the same for an abstention", func(r *rowCtx) float64 { return r.top(1, r.sim().run) }},
	fRunNo:            {"run_no", FactorSimilar, "the same for no", func(r *rowCtx) float64 { return r.top(2, r.sim().run) }},
	fPeerAlign:        {"peer_align", FactorPeers, "the expected stance (p_yes - p_no) of its closest voting partners", nil},
	fPeerTies:         {"peer_ties", FactorPeers, "the expected stance of its allies, arms suppliers and trade partners, by tie weight", nil},
}

// featureNames and featureFactor are read off the table.
var (
	featureNames  [nFeatures]string
	featureFactor [nFeatures]Factor
)

func init() {
	for i, f := range features {
		featureNames[i], featureFactor[i] = f.name, f.factor
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
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
	day   int32
	date  time.Time
	terms []int32
	// titleTerms are the terms of the title alone (isSeries).
	titleTerms []int32
	issues     uint8
	targets    []int
	benefs     []int
	sponsors   []int
	similar    []simRC // explicit and found
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
	// text is the TF-IDF similarity of the texts alone; series is set when
	// the roll call is of the motion's own recurring series (a close text
	// voted within Config.SeriesYears), not a loose analogue.
	text   float64
	series bool
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
	windows  map[[3]int]*window
	idf      map[int][]float64
	groups   map[groupKey][]int
	regionOf []int
	usa      int
	cases    map[int]*rcCase
	// warm holds the last fitted weights of each stage, the next fit's
	// start (Config.WarmStart).
	warm   map[string][]float64
	edges  map[[2]int]map[int][]edge
	gcache map[[2]int][]string
	// edgesOn is tieEdges' result by day.
	edgesOn map[int32]map[int][]edge
	// simOf, rolesOf and trans cache each recorded roll call's analogues,
	// inferred roles and states' transitions (persistence.go); persistAllOf
	// the all-state persistence counts by day, persistOf each state's.
	simOf        map[int][]simRC
	rolesOf      map[int][2][]int
	trans        map[int][]transition
	persistAllOf map[int32]*persistCounts
	persistOf    map[int32][]persistCounts
	// fitted, when set, is told as each year of pastRecords is done.
	fitted func()
	// breaks are the regime breaks of Config.RegimeBreaks (regime.go).
	breaks regimeBreaks
}

type groupKey struct {
	group string
	year  int
}

func newFeaturizer(h *History, cfg Config) *featurizer {
	f := &featurizer{h: h, cfg: cfg, sstats: map[int]*sessionStat{}, windows: map[[3]int]*window{}, idf: map[int][]float64{}, groups: map[groupKey][]int{},
		cases: map[int]*rcCase{}, warm: map[string][]float64{}, edges: map[[2]int]map[int][]edge{}, edgesOn: map[int32]map[int][]edge{}, gcache: map[[2]int][]string{},
		simOf: map[int][]simRC{}, rolesOf: map[int][2][]int{}, trans: map[int][]transition{}, persistAllOf: map[int32]*persistCounts{},
		persistOf: map[int32][]persistCounts{}}
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
	f.breaks = newRegimeBreaks(h, cfg.RegimeBreaks)
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
	// Windows cut on either side of a regime break differ even when they
	// span the same sessions.
	key := [3]int{hi, maxIdeal, f.breaks.known(cut)}
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
	f.applyBreaks(w, hi, cut)
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
	for _, t := range a {
		na += idf[t] * idf[t]
	}
	for _, t := range b {
		nb += idf[t] * idf[t]
	}
	eachShared(a, b, func(t int32) { dot += idf[t] * idf[t] })
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// eachShared calls fn with every term that both sorted term lists hold,
// in order.
func eachShared(a, b []int32, fn func(t int32)) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			fn(a[i])
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
}

// findSimilar returns the past roll calls most like the query's text and
// issues, one per resolution, best first.
func (f *featurizer) findSimilar(q *query, k int) []simRC {
	if len(q.terms) == 0 || k <= 0 {
		return nil
	}
	idf := f.idfFor(q.date.Year())
	type cand struct {
		rc          int
		score, text float64
	}
	var cs []cand
	for r := range f.h.rcs {
		rc := &f.h.rcs[r]
		if rc.day >= q.day {
			break
		}
		text := similarity(q.terms, rc.terms, idf)
		if text < f.cfg.MinSimilarity {
			continue
		}
		s := text
		if q.issues != 0 || rc.issues != 0 {
			inter := popcount(q.issues & rc.issues)
			union := popcount(q.issues | rc.issues)
			s = (1-f.cfg.IssueMix)*s + f.cfg.IssueMix*float64(inter)/float64(union)
		}
		// Recent analogues count for more: positions drift.
		years := float64(q.day-rc.day) / 365.25
		s -= f.cfg.AgePenalty * math.Min(years, 20)
		// An amendment or paragraph vote is best placed by earlier votes of
		// the same sort, a whole resolution by whole resolutions.
		if rc.Amendment != q.amendment || rc.Paragraph != q.paragraph {
			s -= f.cfg.SortPenalty
		}
		cs = append(cs, cand{r, s, text})
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
		out = append(out, simRC{rc: c.rc, weight: c.score * c.score, text: c.text, series: f.isSeries(q, c.rc)})
		if len(out) == k {
			break
		}
	}
	return out
}

// isSeries tells a same-series repeat of the query (a close title voted
// within Config.SeriesYears before the day) from a loose analogue.
func (f *featurizer) isSeries(q *query, r int) bool {
	rc := &f.h.rcs[r]
	if float64(q.day-rc.day) > 365.25*float64(f.cfg.SeriesYears) {
		return false
	}
	return similarity(q.titleTerms, rc.titleTerms, f.idfFor(q.date.Year())) >= f.cfg.SeriesSimilarity
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

// motionCtx holds what every state's row of one query shares: the window,
// the tallies of the similar roll calls, the poles of the ideal-point space
// and the votes of the session under way.
type motionCtx struct {
	q        *query
	w        *window
	year     int
	allW     float64
	all      [3]float64
	hasPoles bool
	poleYes  float64
	poleNo   float64
	thetaT   float64
	nT       int
	thetaS   float64
	nS       int
	cur      [][3]float64
	tgGroups map[int][]string
	blocs    map[string][3]float64
	blocOK   map[string]bool
	// since is, by state, the first day its votes count (its latest
	// regime break before the query; regime.go).
	since []int32
	// tgtRolls are the earlier roll calls naming one of the targets
	// (targetRolls), found on first use.
	tgtRolls *[]int
}

func (m *motionCtx) allShare(k int) float64 {
	if m.allW == 0 {
		return 0
	}
	return m.all[k] / m.allW
}

// rowCtx is one state's row in the making; the parts several features
// read are computed once, on first use.
type rowCtx struct {
	f    *featurizer
	m    *motionCtx
	c    int
	simV *simVotes
	// persistV and tgtV are persist's and targetRec's results.
	persistV *persistence
	tgtV     *targetRecord
	// blocV is bloc's result, once blocDone.
	blocV    [3]float64
	blocDone bool
	// bil are the bilateral ties with the targets allied reads.
	bil     []measures.PanelTie
	bilDone bool
}

// simVotes sums a state's votes on the similar roll calls.
type simVotes struct {
	v         [3]float64 // weight of yes, abstain, no votes
	voted     float64    // weight of roll calls it voted on
	absent    float64    // absent weight over membership weight
	top       int        // its vote on the most similar roll call it voted on, -1 if none
	topWeight float64
	topSeries bool
	topAge    float64 // in decades, at most two
	// run counts the same-series repeats among the similar roll calls on
	// which it cast the same vote as on the top one (a series top only),
	// over the number of similar roll calls.
	run float64
}

func (r *rowCtx) sim() *simVotes {
	if r.simV != nil {
		return r.simV
	}
	h := r.f.h
	s := &simVotes{top: -1}
	var absW, memW float64
	since := r.m.since[r.c]
	for _, a := range r.m.q.similar {
		if h.rcs[a.rc].day < since {
			// Cast before the state's regime break: not its rulers' vote.
			continue
		}
		v := h.votes[a.rc][r.c]
		if v != cNone {
			s.v[v-1] += a.weight
			s.voted += a.weight
			if s.top < 0 {
				// The vote on the single most similar roll call it voted
				// on, with what kind of analogue that is and its age.
				s.top, s.topWeight, s.topSeries = int(v-1), a.weight, a.series
				s.topAge = math.Min(2, float64(r.m.q.day-h.rcs[a.rc].day)/3652.5)
			}
		}
		if v != cNone && a.series && s.topSeries && int(v-1) == s.top {
			s.run++
		}
		if v != cNone || h.members(h.rcs[a.rc].day)[r.c] {
			memW += a.weight
			if v == cNone {
				absW += a.weight
			}
		}
	}
	if memW > 0 {
		s.absent = absW / memW
	}
	s.run /= float64(max(1, r.f.cfg.Similar))
	r.simV = s
	return s
}

func (r *rowCtx) simShare(k int) float64 {
	s := r.sim()
	if s.voted == 0 {
		return 0
	}
	return s.v[k] / s.voted
}

// loose is 1 when the motion is placed by a loose analogue or by none:
// its most similar roll call is not of its own series (the backtest's
// loose-analogue subset).
func (r *rowCtx) loose() float64 {
	s := r.m.q.similar
	return b2f(len(s) == 0 || !s[0].series)
}

// targeted is 1 when the motion names targets.
func (r *rowCtx) targeted() float64 { return b2f(len(r.m.q.targets) > 0) }

// top is v when the state's vote on the most similar roll call was class k.
func (r *rowCtx) top(k int, v float64) float64 {
	if r.sim().top == k {
		return v
	}
	return 0
}

// bloc is the mean over the state's blocs of their other members' shares
// on the similar roll calls.
func (r *rowCtx) bloc() [3]float64 {
	// Seven features read it: computed once a row.
	if !r.blocDone {
		r.blocV, r.blocDone = r.blocOnce(), true
	}
	return r.blocV
}

func (r *rowCtx) blocOnce() [3]float64 {
	var out [3]float64
	var n float64
	for _, g := range r.f.groupsOf(r.c, r.m.year) {
		if t, ok := r.f.blocShare(r.m, g, r.c); ok {
			for k := range out {
				out[k] += t[k]
			}
			n++
		}
	}
	if n > 0 {
		for k := range out {
			out[k] /= n
		}
	}
	return out
}

func shares(y, a, n float64) [3]float64 {
	t := y + a + n
	if t == 0 {
		return [3]float64{}
	}
	return [3]float64{y / t, a / t, n / t}
}

// issue is its record on the motion's issues (all votes when it has none)
// over the window.
func (r *rowCtx) issue() [3]float64 {
	cnt := r.m.w.cnt[r.c]
	if r.m.q.issues == 0 {
		return shares(float64(cnt[18]), float64(cnt[19]), float64(cnt[20]))
	}
	var y, a, n float64
	for b := 0; b < 6; b++ {
		if r.m.q.issues&(1<<b) != 0 {
			y += float64(cnt[b*3])
			a += float64(cnt[b*3+1])
			n += float64(cnt[b*3+2])
		}
	}
	return shares(y, a, n)
}

func (r *rowCtx) general() [3]float64 {
	cnt := r.m.w.cnt[r.c]
	return shares(float64(cnt[18]), float64(cnt[19]), float64(cnt[20]))
}

// current is its record in the session under way, with the vote count last.
func (r *rowCtx) current() [4]float64 {
	c := r.m.cur[r.c]
	s := shares(c[0], c[1], c[2])
	return [4]float64{s[0], s[1], s[2], c[0] + c[1] + c[2]}
}

// agreeMean is its mean agreement with the listed states other than
// itself, or def when none is known.
func (r *rowCtx) agreeMean(states []int, def float64) float64 {
	var s, n float64
	for _, t := range states {
		if t == r.c {
			continue
		}
		if a, ok := r.m.w.agreement(r.c, t); ok {
			s += a
			n++
		}
	}
	if n == 0 {
		return def
	}
	return s / n
}

func (r *rowCtx) agreeTarget() float64 {
	if len(r.m.q.targets) == 0 {
		return 0
	}
	return r.agreeMean(r.m.q.targets, 0.5)
}

func (r *rowCtx) agreeSponsors() float64 {
	if len(r.m.q.sponsors) == 0 {
		return 0
	}
	return r.agreeMean(r.m.q.sponsors, 0.5) - 0.5
}

func (r *rowCtx) agreeUSA() float64 {
	switch {
	case r.f.usa < 0:
		return 0
	case r.c == r.f.usa:
		return 1
	}
	if a, ok := r.m.w.agreement(r.c, r.f.usa); ok {
		return a
	}
	return 0.5
}

func (r *rowCtx) theta(def float64) float64 {
	if th := r.m.w.theta[r.c]; !math.IsNaN(th) {
		return th
	}
	return def
}

func (r *rowCtx) spatial() float64 {
	th := r.m.w.theta[r.c]
	if math.IsNaN(th) || !r.m.hasPoles {
		return 0
	}
	return math.Abs(th-r.m.poleNo) - math.Abs(th-r.m.poleYes)
}

func (r *rowCtx) distSponsors() float64 {
	th := r.m.w.theta[r.c]
	if math.IsNaN(th) || r.m.nS == 0 {
		return 0
	}
	return math.Abs(th - r.m.thetaS)
}

func (r *rowCtx) distTarget() float64 {
	th := r.m.w.theta[r.c]
	if math.IsNaN(th) || r.m.nT == 0 {
		return 0
	}
	return math.Abs(th - r.m.thetaT)
}

// tied reports whether ties to the targets apply: the motion names some
// and the state is not one of them.
func (r *rowCtx) tied() bool {
	return len(r.m.q.targets) > 0 && !slices.Contains(r.m.q.targets, r.c)
}

func (r *rowCtx) tradeDep() float64 {
	if !r.tied() {
		return 0
	}
	return math.Sqrt(r.f.tradeShare(r.c, r.m.q.targets, r.m.q.day).Value)
}

func (r *rowCtx) armsDep() float64 {
	if !r.tied() {
		return 0
	}
	return math.Sqrt(r.f.armsShare(r.c, r.m.q.targets, r.m.q.day).Value)
}

// allied is 1 when a bilateral tie of the kind binds it to a target: dated
// treaties and deployments (treaty) or dataset alliances (not treaty).
func (r *rowCtx) allied(treaty bool) float64 {
	if !r.tied() {
		return 0
	}
	if !r.bilDone {
		// Both alliance features read the same ties: scanned once a row.
		r.bil, r.bilDone = bilateral(r.f.ties(r.c, r.m.q.targets, r.m.q.day)), true
	}
	for _, t := range r.bil {
		dated := t.Class == measures.ClassTreaty || t.Class == measures.ClassDeployment
		if dated == treaty {
			return 1
		}
	}
	return 0
}

func (r *rowCtx) blocTarget() float64 {
	if !r.tied() {
		return 0
	}
	mine := r.f.groupsOf(r.c, r.m.year)
	var shared float64
	for _, t := range r.m.q.targets {
		for _, g := range r.m.tgGroups[t] {
			if !strings.HasPrefix(g, "region:") && slices.Contains(mine, g) {
				shared++
				break
			}
		}
	}
	return shared / float64(len(r.m.q.targets))
}

// blocShare is how a group's members other than self voted on the similar
// roll calls, by similarity weight; false when too few of them voted.
func (f *featurizer) blocShare(m *motionCtx, group string, self int) ([3]float64, bool) {
	h := f.h
	var t [3]float64
	var ww float64
	for _, s := range m.q.similar {
		vs := h.votes[s.rc]
		var c [3]float64
		day := h.rcs[s.rc].day
		for _, mb := range f.groupMembers(group, m.year) {
			if mb != self && vs[mb] != cNone && day >= m.since[mb] {
				c[vs[mb]-1]++
			}
		}
		if tot := c[0] + c[1] + c[2]; tot >= 2 {
			for k := range t {
				t[k] += s.weight * c[k] / tot
			}
			ww += s.weight
		}
	}
	if ww == 0 {
		return t, false
	}
	for k := range t {
		t[k] /= ww
	}
	return t, true
}

// motionContext computes what every row of the query shares.
func (f *featurizer) motionContext(q *query) *motionCtx {
	h := f.h
	w := f.window(q.day)
	m := &motionCtx{q: q, w: w, year: q.date.Year(), tgGroups: map[int][]string{}, since: make([]int32, len(h.codes))}
	for c := range m.since {
		m.since[c] = f.breaks.since(c, q.day)
	}
	var poleYes, poleNo, poleYesW, poleNoW float64
	for _, s := range q.similar {
		var c [3]float64
		for j, v := range h.votes[s.rc] {
			if v == cNone {
				continue
			}
			c[v-1]++
			if th := w.theta[j]; !math.IsNaN(th) {
				switch v {
				case cYes:
					poleYes += s.weight * th
					poleYesW += s.weight
				case cNo:
					poleNo += s.weight * th
					poleNoW += s.weight
				}
			}
		}
		if t := c[0] + c[1] + c[2]; t > 0 {
			for k := range m.all {
				m.all[k] += s.weight * c[k] / t
			}
			m.allW += s.weight
		}
	}
	// Sponsors pull the yes pole, targets the no pole, each with the weight
	// of one fully similar resolution.
	for _, c := range q.sponsors {
		if th := w.theta[c]; !math.IsNaN(th) {
			poleYes += th
			poleYesW++
			m.thetaS += th
			m.nS++
		}
	}
	if m.nS > 0 {
		m.thetaS /= float64(m.nS)
	}
	for _, c := range q.targets {
		if th := w.theta[c]; !math.IsNaN(th) {
			poleNo += th
			poleNoW++
			m.thetaT += th
			m.nT++
		}
		m.tgGroups[c] = f.groupsOf(c, m.year)
	}
	if m.hasPoles = poleYesW > 0 && poleNoW > 0; m.hasPoles {
		m.poleYes, m.poleNo = poleYes/poleYesW, poleNo/poleNoW
	}
	if m.nT > 0 {
		m.thetaT /= float64(m.nT)
	}
	// The votes of the session under way, before the query's day: the most
	// recent record there is, which complete-session windows miss.
	m.cur = make([][3]float64, len(h.codes))
	if si := f.currentSession(q.day); si >= 0 {
		s := h.sessions[si]
		for r := s.first; r <= s.last && h.rcs[r].day < q.day; r++ {
			if q.issues != 0 && h.rcs[r].issues&q.issues == 0 {
				continue
			}
			for c, v := range h.votes[r] {
				if v != cNone && h.rcs[r].day >= m.since[c] {
					m.cur[c][v-1]++
				}
			}
		}
	}
	return m
}

// rows computes the base features (every feature but the partners') of
// the query for the listed countries; row i belongs to pop[i].
func (f *featurizer) rows(q *query, pop []int) [][]float64 {
	m := f.motionContext(q)
	out := make([][]float64, len(pop))
	for k, c := range pop {
		r := &rowCtx{f: f, m: m, c: c}
		x := make([]float64, nFeatures)
		for j := 0; j < nBase; j++ {
			x[j] = features[j].fill(r)
		}
		out[k] = x
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
	// Many procedural votes of the older vote data carry, for a title, the
	// verbatim record of the President's words ("The Acting President: May
	// I take it…"), which names the sponsors and the delegations that
	// spoke, not the motion's parties.
	if reRecordTitle.MatchString(text) {
		return nil, nil
	}
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
			case reSituationIn.MatchString(before) && !strings.Contains(before, "human rights"):
				// "The situation in Afghanistan" supports the state it
				// names; "the situation of human rights in …" examines it.
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
	// A title naming more states than a motion has parties lists sponsors,
	// members of a body or a regional group; taking them for targets made
	// every state aligned with them a predicted opponent.
	if len(targets)+len(benefs) > maxTitleParties {
		return nil, nil
	}
	return targets, benefs
}

// maxTitleParties is the most states a title may name for them to be
// taken as the motion's targets and beneficiaries. Country resolutions
// name one or two ("Situation of human rights in the Democratic People's
// Republic of Korea", the embargo "imposed by the United States of America
// against Cuba"); a title naming more lists sponsors or a group.
const maxTitleParties = 4

// reRecordTitle matches a title that is the verbatim record of the
// presiding officer's words rather than the motion's title.
var reRecordTitle = regexp.MustCompile(`^(?i)the (acting )?president:`)

// reBenefCue ends the text before a state the motion acts for: "against",
// "of", "to", "with" or "for" ("the embargo … against Cuba"), or an opening
// parenthesis naming the state a place belongs to ("the city of Sevastopol
// (Ukraine)").
var reBenefCue = regexp.MustCompile(`((against|of|to|with|for)\s+(the\s+)?|\(\s*)$`)

// reSituationIn ends the text before a state named as the place of a
// situation ("the situation in the Central African Republic").
var reSituationIn = regexp.MustCompile(`situation in\s+(the\s+)?$`)

package coder

import (
	"math"
	"slices"
	"strings"

	"entente"
)

// frame is one act on its way to events: the match that names it, its
// code, the actors found for it and what the text says of it. assemble
// builds one per match in named stages: arguments (verbArguments or
// nounArguments), adjustRoles, track, qualifyFrame, confidence and
// emitPairs.
type frame struct {
	i        int // index of the match in scratch.ms
	m        *match
	p        *pattern
	si       int // segment of the head
	seg      segment
	inner    *match // the act this one embeds, nil if none
	code     string
	src, tgt argGroup
	// recip: every pair of the source group acts on the other, as in "A
	// and B signed a pact" or "talks between A and B".
	recip bool
	neg   bool
	mod   entente.Modality
	conf  float64
	// react is the token of the verb by which the act reacts to
	// another ("drew condemnation from"), -1 when it is not a reaction.
	react int
	// alleged: the act is what someone is accused of ("accused Iran of
	// arming rebels"), so it is reported, not asserted.
	alleged bool
	// internal: the act's object is the source's own state, official or
	// body ("dismissed his defence minister", "met Prime Minister
	// Shehbaz Sharif" said of Pakistan's army chief), so it is no event
	// between states.
	internal bool
}

// clauseArgs are the arguments of the last verb coded in the sentence,
// which a coordinated verb phrase shares.
type clauseArgs struct {
	src, tgt argGroup
	ok       bool
}

// sentenceState is what assemble carries from one act of a sentence to
// the next.
type sentenceState struct {
	prev clauseArgs
	// lastSubj is the index of the first act whose source was named
	// directly, -1 before one is found: that source is the sentence's
	// topic for later pronouns.
	lastSubj int
	// before is the length of dst when the sentence began.
	before int
}

// Confidence weights. An event starts at confBase and gains for each
// argument found and for a precise trigger, and loses for each
// argument found indirectly and for a pattern that skipped words; the
// total is capped at confMax. They rank events against each other and
// against Config.MinConfidence; they are not calibrated probabilities.
const (
	confBase      = 0.55 // a trigger alone
	confSource    = 0.20 // a source was found
	confTarget    = 0.15 // a target was found
	confVerb      = 0.05 // the trigger is a verb, whose arguments are surer than a noun's
	confPhrase    = 0.05 // the pattern has two or more literal words
	confIndirect  = 0.10 // the source came through a pronoun, a description or coordination
	confIndirectT = 0.05 // the target did
	confGap       = 0.05 // the pattern skipped words
	confMax       = 0.99
)

// assemble turns the sentence's triggers into events.
func (sc *scratch) assemble(dst []Extracted, text string, s Span) []Extracted {
	sc.seen = sc.seen[:0]
	sc.resolveEmbeds()
	st := sentenceState{lastSubj: -1, before: len(dst)}
	question := sc.isQuestion()
	for i := range sc.ms {
		m := &sc.ms[i]
		if m.consumed || m.off {
			continue
		}
		if m.noun && sc.appositivePassive(m.head) {
			// The tagger may read ", backed by Russia," as an
			// adjective; with its agent it is a passive verb.
			m.noun = false
		}
		f := sc.newFrame(i)
		if m.noun {
			if !sc.nounArguments(&f, st.prev) {
				continue
			}
		} else {
			sc.verbArguments(&f, st.prev)
		}
		sc.adjustRoles(&f, st.prev)
		if !m.noun && !sc.appositivePassive(m.head) {
			// An apposition describes the subject; the clause it
			// interrupts neither shares its agent nor its object.
			st.prev = clauseArgs{src: f.src, tgt: f.tgt, ok: len(f.src.ms) > 0}
		}
		if f.internal && len(f.tgt.ms) == 0 {
			continue
		}
		if len(f.src.ms) == 0 && len(f.tgt.ms) == 0 {
			continue
		}
		if len(f.src.ms) == 0 && f.src.unresolved || len(f.tgt.ms) == 0 && f.tgt.unresolved {
			// "The ministry summoned the British ambassador" in a text
			// that names no state for the ministry: abstain.
			continue
		}
		if strings.HasPrefix(f.code, "042") && len(f.tgt.ms) == 0 {
			// A visit is to a state: "visited the North" of Sudan, "the
			// region" or "the front" name no host, and a visit inside
			// one's own state is none between states.
			continue
		}
		if f.seg.lead == sc.d.fw.if_ || sc.invertedCondition(f.si) {
			// "Greece would veto the accession if Ankara refused to
			// recognise Cyprus", "Had Japan imposed sanctions on Iran,
			// prices would have risen": a condition is no event.
			continue
		}
		sc.track(&f, &st)
		sc.qualifyFrame(&f)
		if question && f.mod == entente.Asserted {
			// "Will India condemn Russia at the summit?" asks; it does
			// not tell.
			f.mod = entente.Hedged
		}
		f.conf = confidence(&f)
		dst = sc.emitPairs(dst, text, s, &f)
	}
	dst = sc.conditionalDemands(dst, st.before)
	dst = sc.evaluations(dst, text, s, st.before)
	dst = sc.speakerFallback(dst, text, s, &st)
	sc.rememberTopic(&st)
	return dst
}

// isQuestion reports whether the sentence ends in a question mark, closing
// quotation marks aside: a direct question.
func (sc *scratch) isQuestion() bool {
	for k := len(sc.tz.toks) - 1; k >= 0; k-- {
		switch w := sc.low(k); {
		case isQuote(w):
			continue
		default:
			return w == "?"
		}
	}
	return false
}

// invertedCondition reports whether segment si is a condition told by
// inversion at the head of the sentence, before a comma: "Had Japan
// imposed sanctions, …", "Were Serbia to recognise Kosovo, …", "Should
// talks fail, …".
func (sc *scratch) invertedCondition(si int) bool {
	if si+1 >= len(sc.segs) || sc.segs[si].start != 0 || !sc.segs[si+1].punct || len(sc.tz.toks) < 3 {
		return false
	}
	switch sc.low(0) {
	case "had", "were", "should":
		return sc.tz.toks[1].ment >= 0 || sc.low(1) == "the"
	}
	return false
}

// newFrame starts the frame of match i with its code, combined with the
// act it embeds ("urged X to release" is an appeal for release).
func (sc *scratch) newFrame(i int) frame {
	m := &sc.ms[i]
	p := &sc.d.pats[m.pat]
	si := sc.segOf[m.head]
	f := frame{i: i, m: m, p: p, si: si, seg: sc.segs[si], code: p.code, recip: p.recip, react: -1}
	if m.means >= 0 {
		f.code = sc.d.pats[sc.ms[m.means].pat].code
	}
	if m.inner >= 0 {
		f.inner = &sc.ms[m.inner]
		inner := sc.d.pats[f.inner.pat].code
		f.code = embedCode(p.embed, p.code, inner)
		if p.recip && p.embed == famIntent && inner[:2] == "15" {
			// What two states agree to do together is cooperation, not a
			// threat to each other: "India and China agreed to resume
			// border patrols" is an intent to cooperate militarily.
			f.code = "0312"
		}
	}
	return f
}

// verbArguments finds a verb's source and target: its subject (or that
// of a coordinated clause), its object, and for a passive the agent as
// source and the subject as target.
func (sc *scratch) verbArguments(f *frame, prev clauseArgs) {
	m, p, seg, inner := f.m, f.p, f.seg, f.inner
	fw := &sc.d.fw
	passive := sc.passiveAt(m.head)
	// "Serbia, backed by Russia, rejected": a participle opening an
	// apposition, with its agent, is a passive whose subject is the
	// noun the apposition describes.
	appos := !passive && sc.appositivePassive(m.head)
	passive = passive || appos
	src := sc.subject(m.head, true)
	var tgt argGroup
	if g, ok := sc.blamedFor(f); ok {
		// "accused Russia of shelling Kharkiv": Russia shells.
		src = g
	}
	coordinated := src.from == originCoordination
	if len(src.ms) == 0 && (sc.coordLead(seg.lead) || seg.punct) && prev.ok {
		// A coordinated verb phrase shares the subject: "sold Russia
		// dual-use goods but held back lethal aid".
		src = prev.src
		src.from = originCoordination
		coordinated = true
	}
	if coordinated && prev.ok && !sc.hasMention(segment{start: m.head + 1, end: seg.end}) {
		// ... and, when it names no one new, the object: "expelled
		// four Russian officials and denied entry to three others".
		tgt = prev.tgt
	}
	if len(tgt.ms) == 0 {
		// From the head on: the gap of "expelled Russian diplomats"
		// holds the target.
		from, limit := m.head+1, seg.end
		switch {
		case p.after:
			// "back a UN motion that criticises Russia": past the
			// relative clause the pattern spans.
			from, limit = m.end, sc.segs[sc.segOf[m.end-1]].end
		case inner != nil && (p.embed == famAppeal || p.embed == famDemand):
			// The one appealed to stands before the content.
			limit = inner.start
		case inner != nil:
			from = inner.start
		}
		if m.end-1 > m.head && sc.isPrep(sc.tz.toks[m.end-1].id) && sc.mentionNext(m.end) {
			// The pattern ends in the preposition that brings its
			// target: "fired missiles at Kyiv", where "at" is no place.
			j := m.end
			if sc.tz.toks[j].id == fw.the {
				j++
			}
			if !sc.sameActor(int(sc.tz.toks[j].ment), src.ms) {
				tgt = sc.copyGroup(sc.group(j, seg.end), originDirect)
			}
		}
		if len(tgt.ms) == 0 {
			tgt = sc.objectGroup(from, limit, src.ms)
		}
		if len(tgt.ms) == 0 && inner != nil {
			tgt = sc.objectGroup(inner.start, sc.segs[sc.segOf[inner.head]].end, src.ms)
		}
		if len(tgt.ms) == 0 {
			tgt = sc.purposeDestination(f, src.ms)
		}
		if len(tgt.ms) == 0 && len(src.ms) > 0 {
			tgt = sc.neighbourObject(m.head+1, seg.end, src.ms)
		}
		if len(tgt.ms) == 0 && len(src.ms) > 0 && m.head+1 < seg.end {
			if w := sc.low(m.head + 1); w == "him" || w == "her" {
				tgt = sc.personObject(src)
			}
		}
		if len(tgt.ms) == 0 && violentCode(f.code) && len(src.ms) > 0 {
			// "A Ukrainian drone hit an oil refinery in Russia": force
			// used in another state is used against it.
			tgt, _ = sc.prepObject(m.head+1, seg.end, src.ms, fw.in)
		}
	}
	if passive {
		// The agent of a passive is the source and its subject the
		// target: "boats were again blocked by Chinese vessels". A
		// subject that is an event noun names whose act it was: "the
		// exercises were condemned by the United States".
		agent, _ := sc.prepObject(m.head+1, seg.end, nil, fw.by)
		subj := src
		if subj.from == originCoordination && !appos {
			subj = argGroup{}
		}
		src, tgt = agent, subj
		if len(tgt.ms) > 0 && len(src.ms) > 0 && sc.sameActor(src.ms[0], tgt.ms) {
			tgt = argGroup{}
		}
		if len(tgt.ms) == 0 && len(src.ms) > 0 {
			// "Sanctions against Syria were lifted by the United
			// States": the subject's own role names the target.
			tgt, _ = sc.prepObject(seg.start, m.head, src.ms, fw.against, fw.on, fw.of, fw.to)
		}
		if c := sc.passiveSense(f); c != "" {
			f.code = c
		}
		if len(src.ms) == 0 && len(tgt.ms) > 0 && (f.code[:2] == "04" || f.code[:2] == "05") {
			src, tgt = sc.agentlessWelcome(f, tgt)
		}
		if len(tgt.ms) == 0 && len(src.ms) > 0 {
			tgt = sc.eventAnaphorIn(seg.start, m.start, m, p.code, src)
		}
	}
	if !passive && len(tgt.ms) == 0 && len(src.ms) >= 2 && sc.eachOther(m.head+1, seg.end) {
		// "Both sides accused each other": every one of the group acts
		// on the others.
		f.recip = true
	}
	if !passive && len(tgt.ms) == 0 && len(src.ms) > 0 && (f.code[:2] == "07" || f.code[:2] == "08") {
		if owner, ok := sc.decisionOwner(m.head); ok {
			// "Indonesia welcomed Australia's decision to return the
			// fishermen": aid given or a concession made that names no
			// one benefits someone, and in a text about two states only,
			// the maker and the one who welcomes it, the one who welcomes
			// it is the only party it can benefit. With a third state
			// in the text the beneficiary is unknown and there is none.
			if w := sc.clauseSubject(seg.start, m.head, src.ms); len(w.ms) > 0 && sc.onlyStatesOf(owner, w) {
				tgt = w
			}
		}
	}
	if !passive && len(tgt.ms) == 0 && len(src.ms) > 0 {
		f.internal = sc.ownObject(m.head+1, seg.end, src.ms)
	}
	f.src, f.tgt = src, tgt
}

// neighbourObject reads "its neighbour" in [from, limit) as the nearest
// other state the sentence names before it, in any role: "two years
// after the coup in Niger, Benin reopened its border with its neighbour".
func (sc *scratch) neighbourObject(from, limit int, src []int) argGroup {
	toks := sc.tz.toks
	for k := from + 1; k < limit; k++ {
		if w := sc.low(k); w != "neighbour" && w != "neighbor" || toks[k-1].id != sc.d.fw.its {
			continue
		}
		for j := k - 2; j >= 0; j-- {
			if t := &toks[j]; t.ment >= 0 && (j == 0 || toks[j-1].ment != t.ment) && sc.mentionValue(int(t.ment)).Country != "" && !sc.sameActor(int(t.ment), src) {
				return argGroup{ms: []int{int(t.ment)}, from: originAnaphor, end: sc.sm[t.ment].te}
			}
		}
		return argGroup{}
	}
	return argGroup{}
}

// personObject reads "him" or "her" as the object of an act: the person
// the latest earlier act was aimed at ("expelled the French attaché. It
// accused him of …"), standing for that person's state, when it is not
// the act's own source.
func (sc *scratch) personObject(src argGroup) argGroup {
	for h := len(sc.hist) - 1; h >= 0 && sc.hist[h].sent >= sc.sent-histWindow; h-- {
		he := &sc.hist[h]
		for _, mv := range sc.histT[he.tfrom:he.tto] {
			if mv.Country != "" && !sc.sameAs(mv, src.ms) {
				return sc.pseudoGroup([]entente.Mention{mv}, originAnaphor, roleKeep)
			}
		}
	}
	return argGroup{}
}

// onlyStatesOf reports whether every state the document names is one of
// the states of groups a and b.
func (sc *scratch) onlyStatesOf(a, b argGroup) bool {
	var states []string
	for _, g := range []argGroup{a, b} {
		for _, mi := range g.ms {
			if c := sc.mentionValue(mi).Country; c != "" {
				states = append(states, c)
			}
		}
	}
	for i := range sc.ments {
		if c := sc.ments[i].Country; c != "" && !slices.Contains(states, c) {
			return false
		}
	}
	return true
}

// agentlessWelcome reads a passive welcome or meeting that names no
// agent. The place it happened names the host, by the metonymy of news
// ("was welcomed in Budapest" is Hungary's welcome; a state's capital
// stands for its government), and welcoming a state's leader or envoy
// there is hosting a visit (043), not praise. With no place the host is
// unknown and there is no event: both returned groups are then empty.
func (sc *scratch) agentlessWelcome(f *frame, subj argGroup) (src, tgt argGroup) {
	fw := &sc.d.fw
	host, _ := sc.prepObject(f.m.head+1, f.seg.end, subj.ms, fw.in, fw.to)
	if len(host.ms) == 0 || sc.sameActor(host.ms[0], subj.ms) {
		return argGroup{}, argGroup{}
	}
	if strings.HasPrefix(f.code, "051") && subj.from == originDirect {
		f.code = "043"
	}
	return host, subj
}

// appositivePassive reports a past participle that opens a parenthetical
// segment and has its agent after it: ", backed by Russia,", ", armed by
// Iran,".
func (sc *scratch) appositivePassive(head int) bool {
	seg := sc.segs[sc.segOf[head]]
	if !seg.punct || seg.start == 0 {
		return false
	}
	if k, ok := sc.firstWord(seg); !ok || k != head {
		return false
	}
	if !sc.d.pastPart[sc.tz.toks[head].id] && !strings.HasSuffix(sc.low(head), "ed") {
		return false
	}
	return sc.agentAfter(head)
}

// eachOther reports a reciprocal object ("each other", "one another")
// within the first words after a verb.
func (sc *scratch) eachOther(from, limit int) bool {
	for k := from; k+1 < limit && k < from+4; k++ {
		if w, n := sc.low(k), sc.low(k+1); (w == "each" && n == "other") || (w == "one" && n == "another") {
			return true
		}
		if sc.tz.toks[k].flags&fPunct != 0 {
			return false
		}
	}
	return false
}

// clauseSubject returns the first actor in [from, to) that no preposition
// governs and that is not one of exclude.
func (sc *scratch) clauseSubject(from, to int, exclude []int) argGroup {
	toks := sc.tz.toks
	for k := from; k < to; k++ {
		if t := &toks[k]; t.ment >= 0 && (k == from || toks[k-1].ment != t.ment) {
			if sc.sameActor(int(t.ment), exclude) || k > from && sc.isPrep(sc.before(k)) {
				k = sc.sm[t.ment].te - 1
				continue
			}
			return sc.copyGroup(sc.group(k, to), originAnaphor)
		}
	}
	return argGroup{}
}

// ownObject reports whether the object that follows a verb, within its
// first few words, is the source's own: a mention of the same state ("the
// Thai foreign ministry's handling", said by Thailand) or a possessive
// pronoun before an office ("his defence minister"). objectGroup skips
// such mentions to find another target; when there is none, the act
// stays inside one state and is no event (issue 11: no self-dyads).
func (sc *scratch) ownObject(from, limit int, src []int) bool {
	toks := sc.tz.toks
	fw := &sc.d.fw
	for k := from; k < limit && k < from+4; k++ {
		t := &toks[k]
		if t.ment >= 0 {
			return sc.sameActor(int(t.ment), src)
		}
		if t.flags&fPunct != 0 || sc.isPrep(t.id) {
			return false
		}
		if t.id == fw.his || t.id == fw.her {
			// "his defence minister": a leader's own minister or cabinet
			// within three words. Not a state's envoys or troops ("its
			// ambassador", "its troops"), which it sends or recalls
			// toward another state.
			for j := k + 1; j < limit && j <= k+3 && toks[j].flags&fPunct == 0 && toks[j].ment < 0; j++ {
				if sc.d.ownOffice[toks[j].id] {
					return true
				}
			}
			return false
		}
	}
	return false
}

// nounArguments finds an event noun's actors from possessives and
// prepositions: "Russia's invasion of Ukraine", "the Chinese shelling",
// "sanctions on Iran by the EU", "talks between A and B". It reports
// false when the noun is not to be coded: a verb's argument without
// actors of its own, or a noun short of the actors it needs.
func (sc *scratch) nounArguments(f *frame, prev clauseArgs) bool {
	m, p, seg := f.m, f.p, f.seg
	toks := sc.tz.toks
	fw := &sc.d.fw
	n := len(toks)
	var src, tgt argGroup
	// The noun's prepositions stop at the next verb of its clause: "the
	// deployment … was condemned by South Korea" has South Korea as the
	// verb's agent, not the deployment's.
	limit := seg.end
	for _, o := range sc.ms {
		if !o.noun && !o.consumed && !o.off && o.start >= m.end && o.start < limit && sc.segOf[o.head] == f.si {
			limit = o.start
			if sc.passiveAt(o.head) {
				for limit > m.end && sc.isBe(toks[limit-1].id) || limit > m.end && sc.adverb(limit-1) {
					limit--
				}
			}
		}
	}
	for k := m.start - 1; k >= seg.start && k >= m.start-4; k-- {
		t := &toks[k]
		if t.ment >= 0 {
			sm := &sc.sm[t.ment]
			if sm.m.Possessive || sm.m.Kind == entente.NameDemonym || k == m.start-1 || (sm.te < n && toks[sm.te-1].flags&fPoss != 0) {
				src = sc.copyGroup(argGroup{ms: []int{int(t.ment)}, end: sm.te}, originDirect)
			}
			break
		}
		if t.id == fw.its || t.id == fw.their {
			// "sanctions on Belarus over its support for Russia": a
			// possessive pronoun names the nearest actor before it, else
			// the subject the text is about.
			if g := sc.nearestBefore(k); len(g.ms) > 0 {
				src = g
			} else {
				src = sc.pronoun(k)
			}
			break
		}
		if t.flags&fPunct != 0 || sc.isPrep(t.id) {
			break
		}
	}
	if g, ok := sc.reaction(f, limit); ok {
		// "The announcement drew condemnation from Poland": the reaction
		// is Poland's, aimed at whoever made the announcement.
		f.src, f.tgt = g, sc.reactionTarget(f, g)
		return len(f.tgt.ms) > 0 || p.mono
	}
	// Prepositions are sought from the head on: the pattern may span
	// them ("deployment of .. troops to").
	byAgent := false
	if len(src.ms) == 0 {
		src, _ = sc.prepObject(m.head+1, limit, nil, fw.by)
		byAgent = len(src.ms) > 0
	}
	ownSource, betweenGroup := len(src.ms) > 0, false
	if len(src.ms) == 0 {
		// "talks between Russia and North Korea", "the agreement among
		// the three": every pair of the group.
		if g, at := sc.prepObject(m.head+1, limit, nil, fw.between, fw.among); len(g.ms) >= 2 && at <= m.end {
			src, ownSource, betweenGroup = g, true, true
		}
	}
	ofG, ofAt := sc.prepObject(m.head+1, limit, src.ms, fw.of)
	// "Chinese drills near Taiwan": a show of force aims at the state it
	// is staged near.
	tgt, _ = sc.prepObject(m.head+1, limit, src.ms, fw.to, fw.on, fw.against, fw.with, fw.toward, fw.towards, fw.into, fw.in, fw.at, fw.over, fw.for_, fw.from, fw.near)
	switch {
	case len(ofG.ms) > 0 && len(src.ms) == 0 && len(tgt.ms) > 0:
		src, ownSource = ofG, true // "the deployment of North Korean troops to Russia"
	case len(ofG.ms) > 0 && (len(tgt.ms) == 0 || ofAt < m.end+4):
		if len(tgt.ms) == 0 || !sc.sameActor(ofG.ms[0], src.ms) {
			tgt = ofG // "the invasion of Ukraine"
		}
	}
	if len(tgt.ms) == 0 && len(src.ms) > 0 && !betweenGroup {
		// "Malaysia's mediation between Thailand and Cambodia": with
		// its maker named, those it stands between are its targets.
		if g, _ := sc.prepObject(m.head+1, limit, src.ms, fw.between, fw.among); len(g.ms) >= 2 {
			tgt = g
		}
	}
	if len(tgt.ms) == 0 && len(ofG.ms) == 0 && len(src.ms) > 0 {
		// "China's deployment of a survey ship to its waters": a
		// possessive pronoun in the noun's roles names the nearest actor
		// before the noun other than its maker.
		tgt = sc.possessorTarget(f, limit, src.ms)

	}
	if len(src.ms) == 0 && !sc.verbIn(f.si) {
		src = sc.subject(m.head, true)
		if len(tgt.ms) == 0 && sc.coordLead(seg.lead) && prev.ok {
			tgt = prev.tgt
		}
		if len(src.ms) == 0 && (sc.coordLead(seg.lead) || seg.punct) && prev.ok {
			src = prev.src
			src.from = originCoordination
			if len(tgt.ms) == 0 {
				tgt = prev.tgt
			}
		}
	}
	if len(tgt.ms) > 0 && len(src.ms) > 0 && sc.sameActor(tgt.ms[0], src.ms) || betweenGroup {
		tgt = argGroup{}
	}
	if sy := seg.sayer; ownSource && len(tgt.ms) == 0 && violentCode(f.code) && sy >= 0 && len(sc.says[sy].group) > 0 &&
		sc.says[sy].tok < m.start && !sc.sameActor(sc.says[sy].group[0], src.ms) {
		// "Ukraine said Russia's invasion had drawn in a third
		// country": an attack named by its maker alone, in what its
		// victim says, is an attack on the speaker.
		tgt = argGroup{ms: sc.says[sy].group[:1], from: originAnaphor}
	}
	if sy := seg.sayer; !ownSource && sy >= 0 && len(sc.says[sy].group) > 0 && sc.says[sy].tok < m.start && m.start-sc.says[sy].tok <= 3 {
		// "India announced military aid to Armenia": what is announced
		// is the speaker's act.
		src = argGroup{ms: sc.says[sy].group, from: originDirect}
		ownSource = true
		if len(tgt.ms) > 0 && sc.sameActor(tgt.ms[0], src.ms) {
			tgt = argGroup{}
		}
	}
	if !ownSource {
		if g, ok := sc.blamedFor(f); ok {
			src, ownSource = g, true
			if len(tgt.ms) > 0 && sc.sameActor(tgt.ms[0], src.ms) {
				tgt = argGroup{}
			}
			if len(tgt.ms) == 0 {
				// A gerund takes a direct object: "shelling Ukraine".
				tgt = sc.objectGroup(m.head+1, limit, src.ms)
			}
		}
	}
	if !ownSource && m.gov >= 0 {
		src = sc.subject(sc.ms[m.gov].head, true)
		src.from = originCoordination
		ownSource = len(src.ms) > 0
		if len(tgt.ms) > 0 && len(src.ms) > 0 && sc.sameActor(tgt.ms[0], src.ms) {
			tgt = argGroup{}
		}
	}
	f.src, f.tgt = src, tgt
	if m.arg && !ownSource {
		// A noun that is a verb's argument is coded on its own only with
		// actors of its own: "condemned Russia's invasion of Ukraine",
		// not "condemned the invasion".
		return false
	}
	f.recip = f.recip || betweenGroup
	pair := len(src.ms) > 0 && len(tgt.ms) > 0 || f.recip && len(src.ms) >= 2
	if p.ref {
		// A referring noun is coded only with both its actors: "Chinese
		// drills near Taiwan".
		return pair
	}
	// An act named with its agent ("the threat by the United States")
	// is told as done by that agent even when it names no target.
	if p.mono && len(src.ms) > 0 && !pair {
		// A one-actor act named inside another's object is background:
		// "sanctions on Belarus over its support for Russia's war" tells
		// of no new war. Named as a subject or object of its own clause
		// ("said Russia's war was a tragedy", "criticised China's
		// silence"), it is coded.
		switch sc.before(sc.sm[src.ms[0]].ts) {
		case fw.for_, fw.over, fw.of, fw.against, fw.about:
			return false
		}
		return true
	}
	return pair || byAgent && len(src.ms) > 0
}

// verbIn reports a verb trigger coded in segment si.
func (sc *scratch) verbIn(si int) bool {
	for _, m := range sc.ms {
		if !m.consumed && !m.off && !m.noun && sc.segOf[m.head] == si {
			return true
		}
	}
	return false
}

// adjustRoles applies what the pattern says of its roles: a receiving
// subject, a reply to an earlier act, a civilian code, and a target found
// through an event noun that refers back.
func (sc *scratch) adjustRoles(f *frame, prev clauseArgs) {
	p := f.p
	if p.rev {
		// "Niger receives Russian military support": the subject is the
		// recipient.
		f.src, f.tgt = f.tgt, f.src
	}
	if p.reply && len(f.src.ms) > 0 {
		// "Manila may return the favour": to those who did it a favour
		// earlier in the sentence.
		if prev.ok && !sc.sameActor(prev.src.ms[0], f.src.ms) {
			f.tgt = prev.src
		} else {
			f.tgt = argGroup{}
		}
	}
	if p.civ != "" && len(f.src.ms) > 0 && sc.popular(f.src.ms[0]) {
		f.code = p.civ
	}
	if f.m.noun && f.code == "141" && len(f.src.ms) > 0 && !sc.popular(f.src.ms[0]) {
		// A state's protest ("drew protests from Serbia") is an official
		// complaint, a crowd's a demonstration.
		f.code = "114"
	}
	if len(f.tgt.ms) == 0 && len(f.src.ms) > 0 && (!f.recip || len(f.src.ms) == 1) {
		// "China remained silent on the deployment": the deployment told
		// of before, and whose it was. A reciprocal act of one actor
		// ("\"We have agreed to reopen the border,\" he said") has its
		// other party to find like any act.
		f.tgt = sc.eventAnaphor(f.m, f.seg, f.src)
		if len(f.tgt.ms) == 0 {
			f.tgt = sc.coupTarget(f.m.head+1, f.seg.end, f.src)
		}
		if len(f.tgt.ms) == 0 && f.src.from == originAnaphor {
			// "\"We raised our concerns,\" she told reporters" after a
			// visit to Beijing: a quoted act that names no one aims where
			// its speaker's last act did.
			f.tgt = sc.quotedTopic(0, f.src)
		}
		if c := f.code[:min(2, len(f.code))]; len(f.tgt.ms) == 0 && (c == "10" || c == "11" || c == "13") && !f.m.noun {
			// "Hanoi demanded compensation" after Vietnam accused
			// China: a demand, a complaint or a threat that names no
			// one goes on with its maker's quarrel of an earlier
			// sentence, and aims where that hostile act aimed. (Not a
			// rejection: what is rejected is often a third party's
			// offer.)
			f.tgt = sc.lastAim(f.src, sc.sent, true)
		}
	}
}

// track keeps the sentence's and the document's subjects for later
// pronouns, descriptions and "both sides".
func (sc *scratch) track(f *frame, st *sentenceState) {
	src := f.src
	// A source reached through a pronoun or a description ("the junta")
	// stays the topic as well: later pronouns refer to it.
	if len(src.ms) > 0 && src.from != originCoordination && st.lastSubj < 0 {
		st.lastSubj = f.i
		sc.remember(src)
	}
	if len(src.ms) > 0 && src.from == originDirect && !sc.subordinate(f.seg.lead) {
		sc.mainSubj = append(sc.mainSubj[:0], src.ms...)
	}
	if len(src.ms) >= 2 && src.from != originAnaphor {
		sc.rememberMulti(src)
	}
}

// qualifyFrame reads negation and modality, turns a "must" or "should" in
// someone's words into that speaker's demand or appeal, and an explicit
// refusal to yield or cooperate into the CAMEO rejection.
func (sc *scratch) qualifyFrame(f *frame) {
	m, seg := f.m, f.seg
	f.neg, f.mod = sc.qualify(m, f.src, seg, f.si)
	if f.alleged && f.mod == entente.Asserted {
		f.mod = entente.Reported
	}
	from := seg.start
	if len(f.src.ms) > 0 && f.src.from == originDirect && f.src.end > from && f.src.end <= m.start {
		from = f.src.end
	}
	if fam := sc.spokenDeontic(sc.cuesBefore(m, from), f.src, seg); fam != famNone {
		// "Russia said Sudan must return the helicopter" is Russia's
		// demand that Sudan return it (1053), asserted by the text.
		base := "020"
		if fam == famDemand {
			base = "100"
		}
		f.code = embedCode(fam, base, f.code)
		if len(f.src.ms) > 0 {
			f.tgt = f.src
		}
		f.src = argGroup{ms: sc.says[seg.sayer].group, from: originDirect}
		f.mod = entente.Asserted
	}
	if f.mod == entente.Hedged && !f.neg && sc.ownFuture(f, from) {
		// "\"We will work together against terrorism,\" he said": a
		// speaker who says it will cooperate states an intent (03).
		f.code = embedCode(famIntent, "030", f.code)
		f.mod = entente.Asserted
	}
	if f.neg && sc.refused(m) {
		// "refused to release the prisoners" is a refusal to yield
		// (1243), not a release that did not happen; the refusal itself
		// is stated, not expected.
		if rc, ok := refuseCode(f.code); ok {
			f.code, f.neg = rc, false
			if f.mod == entente.Hedged {
				f.mod = entente.Asserted
			}
		}
	}
}

// confidence weighs how the frame's act and actors were found (see the
// conf weights).
func confidence(f *frame) float64 {
	conf := confBase
	if len(f.src.ms) > 0 {
		conf += confSource
	}
	if len(f.tgt.ms) > 0 {
		conf += confTarget
	}
	if !f.m.noun {
		conf += confVerb
	}
	if f.p.literal >= 2 {
		conf += confPhrase
	}
	if f.src.from != originDirect {
		conf -= confIndirect
	}
	if f.tgt.from != originDirect {
		conf -= confIndirectT
	}
	if f.m.gap {
		conf -= confGap
	}
	return math.Round(math.Min(conf, confMax)*100) / 100
}

// emitPairs appends one event per pair of source and target (every
// ordered pair of the group for a reciprocal act), once per pair of
// states and act in the sentence, and records the act for later event
// nouns that refer back.
func (sc *scratch) emitPairs(dst []Extracted, text string, s Span, f *frame) []Extracted {
	toks := sc.tz.toks
	m := f.m
	plover, gold, _ := sc.d.CodeInfo(f.code)
	qs := sc.quantitiesFor(f.i)
	histFrom, histTFrom := len(sc.histM), len(sc.histT)
	emit := func(a, b int) {
		var sref, tref *entente.ActorRef
		if a >= 0 {
			sref = sc.ref(text, a)
		}
		if b >= 0 {
			tref = sc.ref(text, b)
		}
		// One event per pair of states and act in a sentence:
		// "Pyongyang" and "North Korea" in one sentence are one target.
		key := evKey{code: f.code, neg: f.neg}
		if sref != nil {
			key.src = keyOf(sref)
		}
		if tref != nil {
			key.tgt = keyOf(tref)
		}
		for _, k := range sc.seen {
			if k == key {
				return
			}
		}
		sc.seen = append(sc.seen, key)
		if a >= 0 && !f.neg {
			sc.histM = append(sc.histM, sc.mentionValue(a))
		}
		if b >= 0 && !f.neg {
			sc.histT = append(sc.histT, sc.mentionValue(b))
		}
		trig := Span{int(toks[m.start].start), int(toks[m.end-1].end)}
		dst = append(dst, Extracted{
			Start: s.Start, End: s.End, Text: text[s.Start:s.End],
			Source: sref, Target: tref, CAMEO: f.code, PLOVER: plover, Goldstein: gold,
			Negated: f.neg, Modality: f.mod, Quantities: qs, Confidence: f.conf, Trigger: trig,
		})
	}
	src, tgt := f.src, f.tgt
	switch {
	case f.recip && len(tgt.ms) == 0 && len(src.ms) >= 2:
		for _, a := range src.ms {
			for _, b := range src.ms {
				if a != b && sc.sm[a].m.Code != sc.sm[b].m.Code {
					emit(a, b)
				}
			}
		}
	case len(src.ms) == 0:
		for _, b := range tgt.ms {
			emit(-1, b)
		}
	case len(tgt.ms) == 0:
		for _, a := range src.ms {
			emit(a, -1)
		}
	default:
		for _, a := range src.ms {
			for _, b := range tgt.ms {
				if sc.sm[a].m.Code == sc.sm[b].m.Code {
					continue
				}
				emit(a, b)
			}
		}
	}
	if len(sc.histM) > histFrom {
		sc.hist = append(sc.hist, histEvent{code: f.code, sent: sc.sent, from: histFrom, to: len(sc.histM), tfrom: histTFrom, tto: len(sc.histT)})
	}
	return dst
}

// speakerFallback codes a sentence with nothing else to code as a
// statement by its speaker (or, after "did not say", a refusal to
// comment), and otherwise makes the first speaker the topic when no act
// named one.
func (sc *scratch) speakerFallback(dst []Extracted, text string, s Span, st *sentenceState) []Extracted {
	d := sc.d
	toks := sc.tz.toks
	if len(sc.says) == 0 {
		return dst
	}
	if len(dst) != st.before {
		if g := sc.says[0].group; len(g) > 0 && st.lastSubj < 0 {
			sc.remember(argGroup{ms: g})
			st.lastSubj = 0
		}
		return dst
	}
	sy := sc.says[0]
	if len(sy.group) == 0 {
		return dst
	}
	si := sc.segOf[sy.tok]
	tg := sc.objectGroup(sy.tok+1, len(toks), sy.group)
	sref := sc.ref(text, sy.group[0])
	var tref *entente.ActorRef
	conf := 0.6
	if len(tg.ms) > 0 {
		tref = sc.ref(text, tg.ms[0])
		conf = 0.7
	}
	// "China did not say how many soldiers died" declines to comment
	// (011); a negation elsewhere in the clause belongs to another verb
	// ("had not been told, officials said").
	code := "010"
	for _, c := range sc.cues {
		if k := d.pats[c.pat].kind; (k == kindNeg || k == kindRefuse) && c.end <= sy.tok && c.end >= sy.tok-1 && c.start >= sc.segs[si].start {
			code = "011"
		}
	}
	plover, gold, _ := d.CodeInfo(code)
	dst = append(dst, Extracted{
		Start: s.Start, End: s.End, Text: text[s.Start:s.End],
		Source: sref, Target: tref, CAMEO: code, PLOVER: plover, Goldstein: gold,
		Modality: entente.Asserted, Quantities: sc.quantitiesAll(), Confidence: conf,
		Trigger: Span{int(toks[sy.tok].start), int(toks[sy.tok].end)},
	})
	sc.remember(argGroup{ms: sy.group})
	return dst
}

// rememberTopic makes an actor that opens the sentence the topic later
// pronouns refer to, when no act of the sentence named its subject.
func (sc *scratch) rememberTopic(st *sentenceState) {
	toks := sc.tz.toks
	n := len(toks)
	if st.lastSubj >= 0 {
		return
	}
	if n > 0 && toks[0].ment >= 0 {
		sc.remember(argGroup{ms: []int{int(toks[0].ment)}})
	} else if n > 1 && toks[0].id == sc.d.fw.the && toks[1].ment >= 0 {
		sc.remember(argGroup{ms: []int{int(toks[1].ment)}})
	}
}

// nearestBefore returns the closest actor named before token k in the
// sentence, other than a place ("in Seoul"), as a group of one.
func (sc *scratch) nearestBefore(k int) argGroup {
	toks := sc.tz.toks
	for j := k - 1; j >= 0; j-- {
		t := &toks[j]
		if t.ment < 0 || j > 0 && toks[j-1].ment == t.ment {
			continue
		}
		if b := sc.before(j); b == sc.d.fw.in || b == sc.d.fw.at {
			continue
		}
		return argGroup{ms: []int{int(t.ment)}, from: originAnaphor, end: sc.sm[t.ment].te}
	}
	return argGroup{}
}

// conditionalDemands turns a refusal with a condition into the demand it
// is: "Iran will not resume talks unless the United States lifts
// sanctions" is Iran's demand that the United States lift them (10), and
// the lifting, only a condition, is no event. Events from dst[before:]
// are rewritten in place.
func (sc *scratch) conditionalDemands(dst []Extracted, before int) []Extracted {
	toks := sc.tz.toks
	fw := &sc.d.fw
	segAt := func(off int) int {
		for k := range toks {
			if int(toks[k].start) == off {
				return sc.segOf[k]
			}
		}
		return -1
	}
	var refusal *Extracted
	for k := before; k < len(dst); k++ {
		e := &dst[k]
		si := segAt(e.Trigger.Start)
		if si < 0 {
			continue
		}
		if lead := sc.segs[si].lead; lead != fw.unless && lead != fw.until {
			if e.Source != nil && (e.Negated || len(e.CAMEO) >= 2 && e.CAMEO[:2] == "12") {
				refusal = e
			}
			continue
		}
		if refusal == nil || e.Source == nil || keyOf(e.Source) == keyOf(refusal.Source) {
			continue
		}
		code := embedCode(famDemand, "100", e.CAMEO)
		plover, gold, _ := sc.d.CodeInfo(code)
		src, tgt := refusal.Source, e.Source
		*e = Extracted{
			Start: e.Start, End: e.End, Text: e.Text, Source: src, Target: tgt,
			CAMEO: code, PLOVER: plover, Goldstein: gold, Modality: entente.Asserted,
			Confidence: math.Min(e.Confidence, refusal.Confidence), Trigger: e.Trigger,
		}
	}
	return dst
}

// blamedFor finds, for an act told as a gerund after "for" or "of"
// ("refused to condemn Russia for shelling Ukraine", "accused Iran of
// arming rebels"), the one blamed, who is the one acting: the nearest
// actor before it in its clause. What one is accused of (112) is
// alleged, so the frame is marked to be reported; what one is condemned
// for is taken as done.
func (sc *scratch) blamedFor(f *frame) (argGroup, bool) {
	m, seg := f.m, f.seg
	toks := sc.tz.toks
	fw := &sc.d.fw
	if m.start <= seg.start || !strings.HasSuffix(sc.low(m.head), "ing") {
		return argGroup{}, false
	}
	at := m.start - 1 // the "for" or "of"
	if id := toks[at].id; id == fw.and || id == fw.or {
		// "of shelling Kharkiv and attacking Poland": the second gerund
		// is blamed on the same actor.
		at = -1
		for j := m.start - 2; j > 0 && toks[j].flags&fPunct == 0; j-- {
			if id := toks[j].id; (id == fw.for_ || id == fw.of) && strings.HasSuffix(sc.low(j+1), "ing") {
				at = j
				break
			}
		}
		if at < 0 {
			return argGroup{}, false
		}
	} else if id != fw.for_ && id != fw.of {
		return argGroup{}, false
	}
	if at >= 2 && sc.eachOther(at-2, at) {
		// "Armenia and Azerbaijan accused each other of violating the
		// ceasefire": each is accused, none is the one who did it.
		if g := sc.subject(at-2, false); len(g.ms) >= 2 {
			f.alleged = true
			return g, true
		}
		return argGroup{}, false
	}
	g := sc.nearestBefore(at)
	if len(g.ms) == 0 || sc.segOf[sc.sm[g.ms[0]].ts] != sc.segOf[at] {
		return argGroup{}, false
	}
	for _, v := range sc.ms {
		if !v.noun && v.end <= at && sc.segOf[v.head] == sc.segOf[at] && strings.HasPrefix(sc.d.pats[v.pat].code, "112") {
			f.alleged = true
		}
	}
	g.from = originDirect
	return g, true
}

// purposeDestination finds where a sending verb sends when its only place
// is named in the purpose clause: "Russia sent troops to fight in Syria"
// sends them to Syria, while the fighting, told by the purpose clause as
// an act of its own, is not aimed at Syria. It is used only for the
// sending (07) and deploying (15) acts whose purpose clause is coded too
// (purposeViolence).
func (sc *scratch) purposeDestination(f *frame, exclude []int) argGroup {
	toks := sc.tz.toks
	fw := &sc.d.fw
	m := f.m
	for j := range sc.ms {
		o := &sc.ms[j]
		if o == m || o.noun || o.consumed || o.start <= m.end || o.start == 0 || sc.segOf[o.head] != f.si {
			continue
		}
		if toks[o.start-1].id != fw.to || !purposeViolence(f.code, sc.d.pats[o.pat].code) {
			continue
		}
		g, _ := sc.prepObject(o.end, f.seg.end, exclude, fw.in, fw.into)
		return g
	}
	return argGroup{}
}

// violentCode reports a use of force (CAMEO 18, 19, 20).
func violentCode(code string) bool {
	return len(code) >= 2 && code[:2] >= "18" && code[:2] <= "20"
}

// reaction finds, for a noun that a reaction verb governs ("drew sharp
// criticism from Washington", "met with protests from Serbia"), the
// reaction's maker after "from", reporting false when the noun is not
// such a reaction.
func (sc *scratch) reaction(f *frame, limit int) (argGroup, bool) {
	m := f.m
	for _, c := range sc.cues {
		if sc.d.pats[c.pat].kind != kindReact || c.end > m.start || c.end < m.start-3 || c.start < f.seg.start {
			continue
		}
		f.react = c.start
		g, _ := sc.prepObject(m.head+1, limit, nil, sc.d.fw.from)
		return g, len(g.ms) > 0
	}
	return argGroup{}, false
}

// reactionTarget is the target of a reaction: the actor that opens the
// clause ("China faced criticism from the United States", "Kenya's
// recognition of Kosovo drew protests from Serbia"), else the makers of
// the earlier act the subject refers back to ("The decision drew
// criticism from Washington").
func (sc *scratch) reactionTarget(f *frame, src argGroup) argGroup {
	toks := sc.tz.toks
	k := f.seg.start
	if k < f.react && toks[k].id == sc.d.fw.the {
		k++
	}
	if k < f.react && toks[k].ment >= 0 && !sc.sameActor(int(toks[k].ment), src.ms) {
		mi := int(toks[k].ment)
		return argGroup{ms: []int{mi}, from: originDirect, end: sc.sm[mi].te}
	}
	return sc.eventAnaphorIn(f.seg.start, f.react, f.m, f.p.code, src)
}

// possessorTarget returns, for a role of an event noun told with "its" or
// "their" ("the killing of its soldiers", "intrusion into its waters"),
// the nearest actor before the noun that is not one of exclude (the
// noun's maker), or an empty group.
func (sc *scratch) possessorTarget(f *frame, limit int, exclude []int) argGroup {
	toks := sc.tz.toks
	fw := &sc.d.fw
	for k := f.m.head + 1; k+1 < limit; k++ {
		if id := toks[k+1].id; id != fw.its && id != fw.their || !sc.isPrep(toks[k].id) && toks[k].id != fw.of {
			continue
		}
		for j := f.m.start; j > 0; {
			g := sc.nearestBefore(j)
			if len(g.ms) == 0 {
				return argGroup{}
			}
			if !sc.sameActor(g.ms[0], exclude) {
				return g
			}
			j = sc.sm[g.ms[0]].ts
		}
		return argGroup{}
	}
	return argGroup{}
}

// passiveSense returns the code of the more specific pattern of a passive
// verb whose object, written after the verb in the dictionary, stands as
// the passive's subject: "the Dutch envoy was expelled by Venezuela"
// reads as "expelled .. envoy" (161), not the bare "expelled" (174). It
// returns "" when no such pattern fits.
func (sc *scratch) passiveSense(f *frame) string {
	toks := sc.tz.toks
	p := f.p
	if len(p.slots) != 1 || f.inner != nil {
		return ""
	}
	best, lit := "", 1
	for _, pi := range sc.d.byFirst[toks[f.m.head].id] {
		q := &sc.d.pats[pi]
		if q.kind != kindTrigger || q.noun || len(q.slots) != 3 || !q.slots[1].gap || q.literal <= lit {
			continue
		}
		last := &q.slots[2]
		for k := f.seg.start; k < f.m.start; k++ {
			if last.has(toks[k].id) {
				best, lit = q.code, q.literal
				break
			}
		}
	}
	return best
}

// ownFuture reports an act of cooperation (04 to 08) that its own actor,
// as the speaker, says it will do: hedged by "will" alone, with the
// frame's source the one who speaks.
func (sc *scratch) ownFuture(f *frame, from int) bool {
	if len(f.code) < 2 || f.code[:2] < "04" || f.code[:2] > "08" || len(f.src.ms) == 0 || !sc.onlyWill(f.m, from) {
		return false
	}
	for _, sy := range sc.says {
		if len(sy.group) > 0 && sc.sameActor(sy.group[0], f.src.ms) {
			return true
		}
	}
	return false
}

package coder

import (
	"slices"
	"strings"

	"entente"
)

// isBoundaryPunct lists separators that always end a clause.
func isBoundaryPunct(s string) bool {
	switch s {
	case ";", ":", "(", ")", "[", "]", "—", "–", "--":
		return true
	}
	return false
}

// segment cuts the sentence into clause-like segments. A comma separates
// clauses unless it separates the actors of a list ("The US, Australia and
// Japan"); "and" separates them only when a new act or a new subject
// follows ("signed a pact and sent troops"), so that lists of things
// ("aid and weapons to Ukraine") stay in one clause.
func (sc *scratch) segment() {
	toks := sc.tz.toks
	n := len(toks)
	fw := &sc.d.fw
	sc.segs = sc.segs[:0]
	if cap(sc.segOf) < n {
		sc.segOf = make([]int, n, 2*n)
	}
	sc.segOf = sc.segOf[:n]
	// Which tokens start a trigger, cue or speech verb.
	isAct := func(k int) bool {
		for _, m := range sc.ms {
			if m.start == k && !m.noun {
				return true
			}
		}
		for _, c := range sc.cues {
			if c.start == k {
				return true
			}
		}
		return false
	}
	cur := segment{start: 0, sayer: -1}
	cut := func(k int, lead int32, punct bool) {
		if k > cur.start {
			cur.end = k
			sc.segs = append(sc.segs, cur)
		}
		cur = segment{start: k, lead: lead, punct: punct, sayer: -1}
	}
	for k := 0; k < n; k++ {
		t := &toks[k]
		if t.ment >= 0 {
			continue
		}
		if t.flags&fPunct != 0 {
			s := sc.low(k)
			switch {
			case isBoundaryPunct(s):
				cut(k, 0, true)
			case s == ",":
				if !sc.listComma(k) {
					cut(k, 0, true)
				}
			}
			continue
		}
		switch t.id {
		case fw.after, fw.before, fw.while, fw.when, fw.because, fw.although, fw.though, fw.since,
			fw.whereas, fw.which, fw.who, fw.whom, fw.whose, fw.that, fw.if_, fw.unless, fw.but, fw.until:
			// "that" after a noun ("that deal") is harmless as a cut: no
			// actor hides between it and its noun.
			cut(k, t.id, false)
		case fw.yet:
			// ", yet its foreign ministry declined" opens a clause; "has
			// not yet condemned" is an adverb inside one.
			if k > 0 && (sc.low(k-1) == "," || toks[k-1].id == fw.and) {
				cut(k, t.id, false)
			}
		case fw.given:
			// ", given its arms purchases from Moscow" gives a reason in
			// the background: what it names is not news of the sentence.
			if k == 0 || sc.low(k-1) == "," {
				cut(k, t.id, false)
			}
		case fw.and, fw.or:
			if k > 0 && toks[k-1].ment >= 0 && sc.mentionNext(k+1) {
				if !sc.newClauseAfterObject(k) {
					continue // a list of actors
				}
				if sc.before(int(sc.sm[toks[k-1].ment].ts)) == fw.between {
					// "between Rwanda and Congo was praised": what
					// "between" opened needs the second of its pair, not
					// a new clause.
					continue
				}
			}
			j := k + 1
			for j < n && toks[j].id == fw.also {
				j++
			}
			if j < n && isAct(j) {
				cut(k, t.id, false)
			} else if j < n && toks[j].ment >= 0 {
				// "and China remained silent": a new subject with its act.
				e := sc.sm[toks[j].ment].te
				for e < n && e < j+6 && !isAct(e) && toks[e].flags&fPunct == 0 {
					e++
				}
				if e < n && isAct(e) {
					cut(k, t.id, false)
				}
			}
		}
	}
	cur.end = n
	sc.segs = append(sc.segs, cur)
	for si, s := range sc.segs {
		for k := s.start; k < s.end; k++ {
			sc.segOf[k] = si
		}
	}
}

// listComma reports a comma between two actors of a list: the actors
// after it must go on to an "and" or "or" and one more actor ("The US,
// Australia and Japan"), so that ", Britain said" stays a clause cut.
func (sc *scratch) listComma(k int) bool {
	toks := sc.tz.toks
	fw := &sc.d.fw
	if k == 0 || toks[k-1].ment < 0 {
		return false
	}
	j := k + 1
	for j < len(toks) {
		if toks[j].id == fw.and || toks[j].id == fw.or {
			return sc.mentionNext(j + 1)
		}
		if toks[j].id == fw.the {
			j++
			continue
		}
		if toks[j].ment < 0 {
			return false
		}
		j = sc.sm[toks[j].ment].te
		if j < len(toks) && sc.low(j) == "," {
			j++
		}
	}
	return false
}

// newClauseAfterObject reports an "and" at k between the object of a
// preposition and a new subject with its own act: "according to the Thai
// army, and Thailand launched airstrikes" is no list.
func (sc *scratch) newClauseAfterObject(k int) bool {
	toks := sc.tz.toks
	x := sc.sm[toks[k-1].ment].ts
	if x <= 0 || !sc.isPrep(sc.before(x)) {
		return false
	}
	j := k + 1
	if j < len(toks) && toks[j].id == sc.d.fw.the {
		j++
	}
	if j >= len(toks) || toks[j].ment < 0 {
		return false
	}
	e := sc.sm[toks[j].ment].te
	for _, m := range sc.ms {
		if !m.noun && m.start >= e && m.start <= e+2 {
			return true
		}
	}
	return false
}

// mentionNext reports whether a mention starts at j, an article allowed.
func (sc *scratch) mentionNext(j int) bool {
	toks := sc.tz.toks
	if j < len(toks) && toks[j].id == sc.d.fw.the {
		j++
	}
	return j < len(toks) && toks[j].ment >= 0
}

// speakerAfterQuote finds the speaker of a speech verb at k that follows
// a closing quotation ("\"Hungary is blocking aid,\" the Polish foreign
// minister said"): the actor between the quotation and the verb, never
// one inside the quotation. quoted is false when no quotation closes
// right before the speaker.
func (sc *scratch) speakerAfterQuote(k int) (argGroup, bool) {
	toks := sc.tz.toks
	for j := k - 1; j >= 0 && j >= k-8; j-- {
		if isQuote(sc.low(j)) {
			if j == 0 || sc.low(j-1) != "," && !(j+1 < k && sc.low(j+1) == ",") && sc.low(j-1) != "?" && sc.low(j-1) != "!" {
				return argGroup{}, false
			}
			for i := j + 1; i < k; i++ {
				if toks[i].ment >= 0 {
					return sc.copyGroup(sc.group(i, k), originDirect), true
				}
			}
			// "…," he said: the pronoun's speaker is found as usual.
			return argGroup{}, false
		}
	}
	return argGroup{}, false
}

// findSays records speech verbs and their speakers, and marks the
// segments after them as complements.
func (sc *scratch) findSays() {
	sc.says = sc.says[:0]
	for _, c := range sc.cues {
		if sc.d.pats[c.pat].kind != kindSay {
			continue
		}
		if c.start > 0 && sc.isBe(sc.tz.toks[c.start-1].id) {
			// "Seoul had not been told" reports no speech by Seoul.
			continue
		}
		g, quoted := sc.speakerAfterQuote(c.start)
		if !quoted {
			g = sc.subject(c.start, false)
		}
		if len(g.ms) == 0 && (c.start == 0 || sc.low(c.start-1) == "," || isQuote(sc.low(c.start-1))) {
			// "…, said the foreign ministry of Japan": the speaker follows.
			g = sc.objectGroup(c.end, sc.segs[sc.segOf[c.start]].end, nil)
		}
		sc.says = append(sc.says, sayCue{tok: c.start, group: append([]int(nil), g.ms...)})
		si := len(sc.says) - 1
		// The complement runs from after the verb to the end of the
		// sentence or the next speech verb.
		for k := sc.segOf[c.start]; k < len(sc.segs); k++ {
			if k == sc.segOf[c.start] {
				continue
			}
			sc.segs[k].sayer = si
		}
		// Words after the verb in its own segment are complement too
		// ("said Russia had …"); split the segment there.
		seg := sc.segOf[c.start]
		if c.end < sc.segs[seg].end {
			tail := sc.segs[seg]
			tail.start, tail.lead, tail.punct, tail.sayer = c.end, 0, false, si
			sc.segs[seg].end = c.end
			sc.segs = append(sc.segs, segment{})
			copy(sc.segs[seg+2:], sc.segs[seg+1:])
			sc.segs[seg+1] = tail
			for k := range sc.segOf {
				if sc.segOf[k] > seg || (sc.segOf[k] == seg && k >= c.end) {
					sc.segOf[k]++
				}
			}
		}
	}
}

// isBe reports a form of "to be".
func (sc *scratch) isBe(id int32) bool {
	fw := &sc.d.fw
	switch id {
	case fw.is, fw.are, fw.was, fw.were, fw.be, fw.been, fw.being:
		return true
	}
	return false
}

// isPrep lists prepositions after which an actor is not a subject.
func (sc *scratch) isPrep(id int32) bool {
	fw := &sc.d.fw
	switch id {
	case fw.in, fw.at, fw.to, fw.for_, fw.against, fw.with, fw.on, fw.from, fw.by, fw.over,
		fw.about, fw.into, fw.toward, fw.towards, fw.near, fw.between, fw.amid, fw.among,
		fw.across, fw.along, fw.behind, fw.under, fw.alongside, fw.upon, fw.than:
		return true
	}
	return false
}

// group collects the actors coordinated with the mention starting at token
// k, up to token limit.
func (sc *scratch) group(k, limit int) argGroup {
	toks := sc.tz.toks
	fw := &sc.d.fw
	g := argGroup{ms: sc.grp[:0]}
	mi := sc.specific(int(toks[k].ment))
	g.ms = append(g.ms, mi)
	j := sc.sm[mi].te
	for j < limit {
		c := j
		connected := false
		for c < limit && (sc.low(c) == "," || toks[c].id == fw.and || toks[c].id == fw.or || toks[c].id == fw.the) {
			if toks[c].id != fw.the {
				connected = true
			}
			c++
		}
		// "as well as"
		if c+2 < limit && toks[c].id == fw.as && toks[c+1].id == fw.well && toks[c+2].id == fw.as {
			c += 3
			connected = true
		}
		if !connected || c >= limit || toks[c].ment < 0 || toks[c].ment == toks[j-1].ment {
			break
		}
		mi = sc.specific(int(toks[c].ment))
		g.ms = append(g.ms, mi)
		j = sc.sm[mi].te
	}
	g.end = j
	sc.grp = g.ms[:0]
	// "Thai and Cambodian forces": a bare demonym in a list takes the role
	// of the last one, whose noun the whole list shares.
	if len(g.ms) >= 2 {
		last := sc.sm[g.ms[len(g.ms)-1]].m
		if last.Kind == entente.NameDemonym && last.Role != entente.RoleNone {
			for _, o := range g.ms[:len(g.ms)-1] {
				if om := &sc.sm[o]; om.m.Kind == entente.NameDemonym && om.m.Role == entente.RoleNone && om.ts >= 0 && sc.tz.toks[om.te-1].flags&fCap != 0 {
					om.role = last.Role
				}
			}
		}
	}
	return g
}

// roleKeep asks pseudoGroup to keep the roles the mentions had.
const roleKeep entente.Role = "keep"

// specific returns, for a possessive mention followed by another mention
// of the same state ("Cambodia's Hun Manet", "Japan's Kishida"), the
// second and more specific one; else mi.
func (sc *scratch) specific(mi int) int {
	sm := &sc.sm[mi]
	toks := sc.tz.toks
	if sm.te <= 0 || sm.te >= len(toks) || toks[sm.te-1].flags&fPoss == 0 && !sm.m.Possessive {
		return mi
	}
	if o := toks[sm.te].ment; o >= 0 && int(o) != mi && sm.m.Country != "" && sc.sm[o].m.Country == sm.m.Country {
		return int(o)
	}
	return mi
}

// mentionValue returns the mention mi with the role its list gives it.
func (sc *scratch) mentionValue(mi int) entente.Mention {
	sm := &sc.sm[mi]
	m := *sm.m
	if sm.role != entente.RoleNone && m.Role == entente.RoleNone {
		m.Role = sm.role
		m.Code += string(sm.role)
	}
	return m
}

// pseudoGroup makes a group of mentions from earlier sentences, appended
// to the sentence's mention list without a place on its tokens, with the
// role the referring phrase gives them ("both governments" are the
// governments, "both countries" the states) or roleKeep.
func (sc *scratch) pseudoGroup(ms []entente.Mention, from origin, role entente.Role) argGroup {
	g := argGroup{from: from, end: -1}
	for i := range ms {
		mv := ms[i]
		if role != roleKeep && mv.Country != "" && mv.Role != role {
			mv.Code = mv.Code[:len(mv.Code)-len(mv.Role)] + string(role)
			mv.Role = role
		}
		sc.pseudo = append(sc.pseudo, mv)
		sc.sm = append(sc.sm, sentMention{m: &sc.pseudo[len(sc.pseudo)-1], ts: -1, te: -1})
		g.ms = append(g.ms, len(sc.sm)-1)
	}
	return g
}

// decisionNouns are the nouns whose owner does the act of the infinitive
// that follows them: "Malaysia's decision to release the fishermen" is
// Malaysia's release.
var decisionNouns = map[string]bool{
	"decision": true, "plan": true, "plans": true, "move": true, "offer": true, "pledge": true, "promise": true,
	"bid": true, "attempt": true, "attempts": true, "effort": true, "efforts": true, "readiness": true,
	"willingness": true, "intention": true, "order": true, "choice": true, "refusal": true, "threat": true,
}

// decisionOwner returns, for a verb at head that is the infinitive of a
// decision noun with a possessive owner ("Malaysia's decision to release",
// "Australia's surprise move to return"), the owner as the verb's subject.
func (sc *scratch) decisionOwner(head int) (argGroup, bool) {
	toks := sc.tz.toks
	if head < 4 || toks[head-1].id != sc.d.fw.to || !decisionNouns[sc.low(head-2)] {
		return argGroup{}, false
	}
	for j := head - 3; j >= 1 && j >= head-5; j-- {
		if toks[j].flags&fPunct != 0 && toks[j].flags&fPoss == 0 {
			break
		}
		if toks[j].flags&fPoss != 0 && (toks[j].ment >= 0 || toks[j-1].ment >= 0) {
			mi := toks[j].ment
			if mi < 0 {
				mi = toks[j-1].ment
			}
			k := sc.sm[mi].ts
			if k < 0 {
				break
			}
			return sc.copyGroup(sc.group(k, head), originDirect), true
		}
	}
	return argGroup{}, false
}

// groupAnaphor reports "both sides" or "the two governments" at token k,
// which refer to the last subject of several actors, and returns the
// token after the phrase.
func (sc *scratch) groupAnaphor(k, limit int) (int, bool) {
	toks := sc.tz.toks
	fw := &sc.d.fw
	j := k
	switch {
	case toks[j].id == fw.both:
		j++
	case toks[j].id == fw.the && j+1 < limit && toks[j+1].id == fw.two:
		j += 2
	default:
		return 0, false
	}
	if j < limit && toks[j].ment < 0 {
		if _, ok := sc.d.groupNoun[toks[j].id]; ok {
			return j + 1, true
		}
	}
	return 0, false
}

// subject finds the actors acting at token head: the first actor of its
// clause that no preposition governs, a pronoun's antecedent, the subject
// of a coordinated clause, or the subject before a relative clause.
func (sc *scratch) subject(head int, inheritOK bool) argGroup {
	toks := sc.tz.toks
	fw := &sc.d.fw
	si := sc.segOf[head]
	seg := sc.segs[si]
	if g, ok := sc.decisionOwner(head); ok {
		return g
	}
	for k := seg.start; k < head; k++ {
		t := &toks[k]
		if t.ment >= 0 && (k == 0 || toks[k-1].ment != t.ment) {
			if k > seg.start && sc.isPrep(sc.before(k)) && !sc.speakerFor(k) {
				k = sc.sm[t.ment].te - 1
				continue
			}
			if k > seg.start && toks[k-1].id == fw.of {
				// "the foreign minister of Japan" is Japan; "one of the
				// allies of Russia" too. Accept.
			}
			return sc.copyGroup(sc.group(k, head), originDirect)
		}
		switch t.id {
		case fw.it, fw.they, fw.he, fw.she, fw.we, fw.its, fw.their, fw.his, fw.her:
			if k > seg.start && sc.isPrep(sc.before(k)) {
				continue
			}
			if (t.id == fw.his || t.id == fw.her) && (k+1 >= head || sc.d.roleNoun[toks[k+1].id] == entente.RoleNone && toks[k+1].id != fw.country) {
				// "his government" stands for a state; "his visit" or
				// "her" alone does not.
				continue
			}
			var g argGroup
			if seg.sayer >= 0 && len(sc.says[seg.sayer].group) > 0 {
				// "China said it opposed": in what someone said, a
				// pronoun is the speaker.
				g = argGroup{ms: append([]int(nil), sc.says[seg.sayer].group...), from: originAnaphor}
			} else if g = sc.quoteSpeaker(k); len(g.ms) == 0 {
				// "it did not criticise", "its foreign ministry
				// declined": the main subject so far in this sentence,
				// else the last one of the document.
				g = sc.pronoun(k)
			}
			if len(g.ms) > 0 {
				return sc.possessedRole(g, k, head)
			}
		case fw.both, fw.the:
			if j, ok := sc.groupAnaphor(k, head); ok && len(sc.lastMulti) > 0 {
				return sc.pseudoGroup(sc.lastMulti, originAnaphor, sc.d.groupNoun[toks[j-1].id])
			} else if ok && toks[k].id == fw.the {
				// "since Canada expelled an Indian diplomat, … the two
				// sides met": with no subject of several actors before,
				// the last two states named.
				if two := sc.lastTwoStates(int(toks[k].start)); len(two) == 2 {
					return sc.pseudoGroup(two, originAnaphor, sc.d.groupNoun[toks[j-1].id])
				}
			}
			if mv, role, ok := sc.kindDescription(k, head); ok {
				return sc.pseudoGroup([]entente.Mention{mv}, originAnaphor, role)
			}
			if mv, ok := sc.officeDescription(k, head); ok {
				return sc.pseudoGroup([]entente.Mention{mv}, originAnaphor, entente.RoleGOV)
			}
			if k > seg.start && sc.isPrep(sc.before(k)) && !sc.speakerFor(k) {
				continue
			}
			if role, ok := sc.definiteDescription(k, head); ok {
				// "The junta accused Paris": the state the text is about,
				// through its government.
				if g := sc.pronoun(k); len(g.ms) > 0 {
					var ms []entente.Mention
					for _, mi := range g.ms {
						if mv := sc.mentionValue(mi); mv.Country != "" {
							ms = append(ms, mv)
						}
					}
					if len(ms) > 0 {
						return sc.pseudoGroup(ms[:1], originAnaphor, role)
					}
				}
				// No subject before it: the dateline, the one state the
				// document names, or the one junta of the day.
				if mv, ok := sc.describedState(k, head); ok {
					return sc.pseudoGroup([]entente.Mention{mv}, originAnaphor, role)
				}
				return argGroup{from: originAnaphor, end: -1, unresolved: true}
			}
		}
	}
	if g := sc.relativeAntecedent(seg); len(g.ms) > 0 {
		return g
	}
	// Walk back over relative clauses and appositions ("China, which
	// accounts for 90 per cent of trade, remained silent") and to the
	// subject of a coordinated clause ("Japan expressed caution and urged").
	if seg.punct || seg.lead == fw.which || seg.lead == fw.who || seg.lead == fw.whose || seg.lead == fw.and || seg.lead == fw.but || seg.lead == fw.or {
		for p := si - 1; p >= 0 && p >= si-4; p-- {
			ps := sc.segs[p]
			if ps.lead == fw.which || ps.lead == fw.who || ps.lead == fw.whose || ps.lead == fw.whom || (ps.punct && (!sc.hasMention(ps) || sc.comitative(ps) || sc.appositive(ps))) {
				continue
			}
			if (ps.lead != 0 && ps.lead != fw.and && ps.lead != fw.but) || ps.sayer >= 0 && ps.sayer != seg.sayer {
				break
			}
			for k := ps.start; k < ps.end; k++ {
				if toks[k].ment >= 0 && (k == ps.start || !sc.isPrep(sc.before(k))) {
					return sc.copyGroup(sc.group(k, ps.end), originCoordination)
				}
				if sc.isPronoun(toks[k].id) && (k == ps.start || !sc.isPrep(toks[k-1].id)) {
					// "China said it was concerned and urged both
					// countries …": the coordinated clause's subject is
					// a pronoun.
					if ps.sayer >= 0 && len(sc.says[ps.sayer].group) > 0 {
						g := argGroup{ms: append([]int(nil), sc.says[ps.sayer].group...), from: originCoordination}
						return g
					}
					if g := sc.pronoun(k); len(g.ms) > 0 {
						g.from = originCoordination
						return g
					}
				}
			}
			break
		}
	}
	return argGroup{}
}

// relativeAntecedent returns, for a clause opened by "which" or "who",
// the actors named right before the relative pronoun, which it stands
// for: "backed by Washington and Tokyo, which both criticised Beijing".
func (sc *scratch) relativeAntecedent(seg segment) argGroup {
	toks := sc.tz.toks
	fw := &sc.d.fw
	if seg.lead != fw.which && seg.lead != fw.who || seg.start == 0 {
		return argGroup{}
	}
	j := seg.start - 1
	for j >= 0 && toks[j].flags&fPunct != 0 && sc.low(j) == "," {
		j--
	}
	if j < 0 || toks[j].ment < 0 {
		return argGroup{}
	}
	// Back to the first actor of the list the antecedent ends.
	k := int(sc.sm[toks[j].ment].ts)
	for k > 0 {
		p := k - 1
		if id := toks[p].id; (id == fw.and || id == fw.or || sc.low(p) == ",") && p > 0 && toks[p-1].ment >= 0 {
			k = int(sc.sm[toks[p-1].ment].ts)
			continue
		}
		break
	}
	// Found through the clause before, like a coordinated subject: the
	// relative clause shares that clause's target when it names none
	// ("condemned by the United States, which urged restraint").
	return sc.copyGroup(sc.group(k, seg.start), originCoordination)
}

func (sc *scratch) hasMention(s segment) bool {
	for k := s.start; k < s.end; k++ {
		if sc.tz.toks[k].ment >= 0 {
			return true
		}
	}
	return false
}

// copyGroup detaches a group from the shared buffer.
func (sc *scratch) copyGroup(g argGroup, from origin) argGroup {
	g.ms = append([]int(nil), g.ms...)
	g.from = from
	return g
}

// before returns the id of the word before token k, skipping an article.
func (sc *scratch) before(k int) int32 {
	toks := sc.tz.toks
	if k > 0 && (toks[k-1].id == sc.d.fw.the || toks[k-1].id == sc.d.fw.a || toks[k-1].id == sc.d.fw.an) {
		k--
	}
	if k == 0 {
		return 0
	}
	return toks[k-1].id
}

// pronoun resolves a pronoun at token k: the main subject so far in the
// sentence, else the sentence's opening actor before k, else the last
// subject of the document.
func (sc *scratch) pronoun(k int) argGroup {
	if len(sc.mainSubj) > 0 {
		return argGroup{ms: append([]int(nil), sc.mainSubj...), from: originAnaphor}
	}
	if g, ok := sc.cataphor(k); ok {
		return g
	}
	toks := sc.tz.toks
	// The words of a quotation the sentence opens with are not the
	// antecedent of the speaker after it: in "\"The American presence is
	// illegal,\" he said", "he" is not the United States.
	quoted := len(sc.segs) > 0 && sc.segs[0].end > 0 && isQuote(sc.low(0))
	if len(sc.segs) > 0 && !sc.subordinate(sc.segs[0].lead) && !quoted {
		for j := 0; j < k && j < sc.segs[0].end; j++ {
			if toks[j].ment >= 0 {
				if j > 0 && sc.isPrep(toks[j-1].id) {
					break
				}
				g := sc.copyGroup(sc.group(j, sc.segs[0].end), originAnaphor)
				return g
			}
		}
	}
	if len(sc.last) > 0 {
		return sc.antecedent()
	}
	return argGroup{}
}

// cataphor resolves a pronoun in a subordinate clause that opens the
// sentence to the subject of the main clause after it: "Before it
// announced the sanctions, Russia summoned the ambassador" — "it" is
// Russia, named later. The main clause must open with an actor right
// after the comma; else the pronoun is left to the earlier text.
func (sc *scratch) cataphor(k int) (argGroup, bool) {
	toks := sc.tz.toks
	if len(sc.segs) < 2 || k >= sc.segs[0].end || !sc.subordinate(sc.segs[0].lead) {
		return argGroup{}, false
	}
	// No actor of the clause itself stands before the pronoun.
	for j := sc.segs[0].start; j < k; j++ {
		if toks[j].ment >= 0 {
			return argGroup{}, false
		}
	}
	main := sc.segs[1]
	if main.lead != 0 && !main.punct {
		return argGroup{}, false
	}
	j := main.start
	for j < main.end && toks[j].flags&fPunct != 0 {
		j++
	}
	if j < main.end && (toks[j].id == sc.d.fw.the) {
		j++
	}
	if j >= main.end || toks[j].ment < 0 {
		return argGroup{}, false
	}
	return sc.copyGroup(sc.group(j, main.end), originAnaphor), true
}

// antecedent returns the last explicit subject of the document as a group
// of pseudo-mentions appended to the sentence's mention list.
func (sc *scratch) antecedent() argGroup {
	return sc.pseudoGroup(sc.last, originAnaphor, roleKeep)
}

// isPronoun lists the pronouns that stand for an actor.
func (sc *scratch) isPronoun(id int32) bool {
	fw := &sc.d.fw
	switch id {
	case fw.it, fw.they, fw.he, fw.she, fw.we, fw.its, fw.their:
		return true
	}
	return false
}

// possessedRole gives a pronoun's actors the role of the noun it
// possesses: "its foreign ministry" is the government, "their troops"
// the armed forces.
func (sc *scratch) possessedRole(g argGroup, k, limit int) argGroup {
	toks := sc.tz.toks
	fw := &sc.d.fw
	if toks[k].id != fw.its && toks[k].id != fw.their {
		return g
	}
	var role entente.Role
	for j := k + 1; j < limit && j <= k+3; j++ {
		if r, ok := sc.d.roleNoun[toks[j].id]; ok {
			role = r
			break
		}
	}
	if role == entente.RoleNone {
		return g
	}
	out := argGroup{from: g.from, end: g.end}
	for _, mi := range g.ms {
		mv := sc.mentionValue(mi)
		if mv.Role == entente.RoleNone && mv.Country != "" {
			mv.Role, mv.Code = role, mv.Code+string(role)
		}
		sc.pseudo = append(sc.pseudo, mv)
		sc.sm = append(sc.sm, sentMention{m: &sc.pseudo[len(sc.pseudo)-1], ts: -1, te: -1})
		out.ms = append(out.ms, len(sc.sm)-1)
	}
	return out
}

// objectGroup finds the first actors in [from, limit) other than those in
// exclude.
func (sc *scratch) objectGroup(from, limit int, exclude []int) argGroup {
	toks := sc.tz.toks
	for k := from; k < limit; k++ {
		t := &toks[k]
		if t.ment < 0 {
			// "urged both countries to": the last actors named together.
			if _, ok := sc.groupAnaphor(k, limit); ok && len(sc.lastMulti) > 0 {
				j, _ := sc.groupAnaphor(k, limit)
				g := sc.pseudoGroup(sc.lastMulti, originAnaphor, sc.d.groupNoun[toks[j-1].id])
				g.ms = slices.DeleteFunc(g.ms, func(mi int) bool { return sc.sameActor(mi, exclude) })
				if len(g.ms) > 0 {
					return g
				}
			}
			continue
		}
		if k > from && toks[k-1].ment == t.ment {
			continue
		}
		// Actors named as places ("at the United Nations", "in Seoul")
		// are where the act happened, not whom it was aimed at.
		// "The government in Niger" is Niger's, no place.
		if sc.sameActor(int(t.ment), exclude) || (k > from && (sc.before(k) == sc.d.fw.at || sc.before(k) == sc.d.fw.in && !sc.rulersIn(k))) {
			k = sc.sm[t.ment].te - 1
			continue
		}
		return sc.copyGroup(sc.group(k, limit), originDirect)
	}
	return argGroup{}
}

// rulersIn reports an actor at token k named after "in" by a noun for
// those who rule it or represent others to it: "the new government in
// Niger", "the junta in Burkina Faso", "its embassy in Damascus".
func (sc *scratch) rulersIn(k int) bool {
	toks := sc.tz.toks
	j := k - 1
	if j > 0 && (toks[j].id == sc.d.fw.the || toks[j].id == sc.d.fw.a) {
		j--
	}
	if j < 1 || toks[j].id != sc.d.fw.in {
		return false
	}
	switch sc.low(j - 1) {
	case "government", "regime", "junta", "authorities", "leadership", "rulers", "administration",
		"embassy", "embassies", "consulate", "consulates":
		return true
	}
	return false
}

// sameActor reports whether mention mi names the same actor, or an actor
// of the same state, as one in in: "Russia" and "Moscow's" are one side.
func (sc *scratch) sameActor(mi int, in []int) bool {
	a := sc.sm[mi].m
	for _, o := range in {
		b := sc.sm[o].m
		if b.Code == a.Code || (a.Country != "" && a.Country == b.Country) {
			return true
		}
	}
	return false
}

// prepObject finds an actor governed by one of preps in [from, limit).
func (sc *scratch) prepObject(from, limit int, exclude []int, preps ...int32) (argGroup, int) {
	toks := sc.tz.toks
	for k := from; k+1 < limit; k++ {
		id := toks[k].id
		hit := false
		for _, p := range preps {
			if id == p {
				hit = true
				break
			}
		}
		if !hit {
			continue
		}
		j := k + 1
		if j < limit && (toks[j].id == sc.d.fw.the || toks[j].id == sc.d.fw.a || toks[j].id == sc.d.fw.an) {
			j++
		}
		if j+1 < limit && toks[j].ment < 0 && (toks[j].flags&fNum != 0 || countWords[sc.low(j)]) && toks[j+1].ment >= 0 && sc.sm[toks[j+1].ment].m.Kind == entente.NameDemonym {
			// "the annexation of four Ukrainian regions": a count before
			// a demonym.
			j++
		}
		if j < limit && toks[j].ment >= 0 && !sc.sameActor(int(toks[j].ment), exclude) {
			return sc.copyGroup(sc.group(j, limit), originDirect), k
		}
	}
	return argGroup{}, -1
}

// countWords are the words of a count that may stand between a
// preposition and the demonym of its object.
var countWords = map[string]bool{
	"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true, "nine": true, "ten": true,
	"several": true, "some": true, "many": true, "dozens": true, "hundreds": true, "thousands": true, "more": true,
}

// popular reports a mention of civilians or the opposition rather than a
// state's institutions.
func (sc *scratch) popular(mi int) bool {
	switch sc.sm[mi].m.Role {
	case entente.RoleCVL, entente.RoleOPP:
		return true
	}
	return false
}

// keyOf is the identity of an event participant within a sentence: its
// state, or its code when it is no state.
func keyOf(a *entente.ActorRef) string {
	if a.Country != "" {
		return a.Country
	}
	return a.Code
}

// coordLead reports words that coordinate a clause with the one before.
func (sc *scratch) coordLead(lead int32) bool {
	fw := &sc.d.fw
	return lead == fw.and || lead == fw.but || lead == fw.or || lead == fw.yet
}

// eventAnaphor finds the target of an act whose object is a definite
// event noun with no actor of its own ("remained silent on the
// deployment", "condemned the launch", "welcomed the meeting"): the
// sources of the latest earlier event of a compatible kind, other than
// the act's own source. It returns an empty group when nothing fits.
func (sc *scratch) eventAnaphor(m *match, seg segment, src argGroup) argGroup {
	return sc.eventAnaphorIn(m.head+1, seg.end, m, sc.d.pats[m.pat].code, src)
}

// eventAnaphorIn is eventAnaphor over the tokens [from, to): after the act
// for its object, before it for the subject of a passive. own is the code
// of the referring act.
func (sc *scratch) eventAnaphorIn(from, to int, m *match, own string, src argGroup) argGroup {
	if len(sc.hist) == 0 {
		return argGroup{}
	}
	d := sc.d
	toks := sc.tz.toks
	fw := &d.fw
	for k := from; k < to; k++ {
		if id := toks[k].id; k == from && (id == fw.it || id == fw.this) && (k+1 >= len(toks) || toks[k+1].flags&fPunct != 0 || toks[k+1].id == fw.as || sc.isPrep(toks[k+1].id)) {
			// "Japan condemned it", "called this a provocation": a
			// pronoun object of an act aimed at events names the latest
			// act.
			return sc.histActors(nil, true, -1, own, src)
		}
		switch toks[k].id {
		case fw.the, fw.this, fw.these, fw.those, fw.such:
		default:
			continue
		}
		// The event noun is a match of its own ("condemned the launch"),
		// or sits inside the act's own pattern or its gap ("called the
		// attack a violation", "rejected the accusation"): then the
		// dictionary says what kinds of event the noun names, one per
		// sense ("the expulsions" names expelled diplomats, 161, as well
		// as expelled people, 174).
		var codes []string
		refAny, found := false, false
		for oi := range sc.ms {
			o := &sc.ms[oi]
			if oi == m.inner || o == m || !o.noun || o.start <= k || o.start > k+3 || sc.segOf[o.head] != sc.segOf[k] {
				continue
			}
			codes, refAny = sc.nounSenses(o.start, false)
			op := &d.pats[o.pat]
			if !slices.Contains(codes, op.code) {
				codes = append(codes, op.code)
			}
			refAny, found = refAny || op.refAny, true
			break
		}
		for j := k + 1; j < to && j <= k+3 && !found; j++ {
			if t := &toks[j]; t.ment >= 0 || t.flags&fPunct != 0 {
				break
			}
			codes, refAny = sc.nounSenses(j, true)
			found = len(codes) > 0 || refAny
		}
		if !found {
			continue
		}
		// The latest event of one of the noun's own codes first
		// ("rejected the accusation" names the accusation, not a later
		// criticism), then the latest compatible one.
		exact := -1
		for h := len(sc.hist) - 1; h >= 0 && sc.hist[h].sent >= sc.sent-histWindow && !refAny; h-- {
			if slices.Contains(codes, sc.hist[h].code) {
				exact = h
				break
			}
		}
		return sc.histActors(codes, refAny, exact, own, src)
	}
	return argGroup{}
}

// histActors returns the actors of the latest earlier event that a
// reference names: the event exact when it is not -1, else the latest one
// whose code is compatible with one of codes (any event when refAny),
// leaving out the referring act's own source src. Joining or echoing an
// act of the same kind as own ("Malaysia joined the condemnation") aims
// where that act aimed; any other act aimed at an event aims at those
// who did it.
func (sc *scratch) histActors(codes []string, refAny bool, exact int, own string, src argGroup) argGroup {
	sources := func(he *histEvent) argGroup {
		var out []entente.Mention
		who := sc.histM[he.from:he.to]
		if len(own) >= 2 && len(he.code) >= 2 && own[:2] == he.code[:2] && own[:2] != "05" && (!refAny || exact >= 0) {
			// Praise is the exception: welcoming a restoration of ties
			// welcomes the one who restored them. So is a noun that may
			// name any act ("condemned the remarks"): it names what was
			// said or done, not a stance to share.
			who = sc.histT[he.tfrom:he.tto]
		}
		for _, mv := range who {
			if !sc.sameAs(mv, src.ms) && !slices.ContainsFunc(out, func(x entente.Mention) bool { return x.Code == mv.Code }) {
				out = append(out, mv)
			}
		}
		if len(out) == 0 {
			return argGroup{}
		}
		return sc.pseudoGroup(out, originAnaphor, roleKeep)
	}
	if exact >= 0 {
		if g := sources(&sc.hist[exact]); len(g.ms) > 0 {
			return g
		}
	}
	for h := len(sc.hist) - 1; h >= 0 && sc.hist[h].sent >= sc.sent-histWindow; h-- {
		he := &sc.hist[h]
		if !refAny && !slices.ContainsFunc(codes, func(c string) bool { return compatible(c, he.code) }) {
			continue
		}
		if g := sources(he); len(g.ms) > 0 {
			return g
		}
	}
	return argGroup{}
}

// contentAnaphor returns the actors of the act that the words said
// between from and to open with, when they open with one that refers
// back: an event noun ("Iran said the deployment threatened regional
// security", "such actions violated international law") or a pronoun
// that a form of "to be" judges ("said this was a clear violation", "it
// was an unfriendly act"), which names the latest act of any kind.
func (sc *scratch) contentAnaphor(from, to int, src argGroup) argGroup {
	toks := sc.tz.toks
	fw := &sc.d.fw
	k := from
	for k < to && toks[k].flags&fPunct != 0 && isQuote(sc.low(k)) {
		k++ // a quotation's opening mark
	}
	if k < to && toks[k].id == fw.that {
		k++ // the complementizer
	}
	if k+1 >= to {
		return argGroup{}
	}
	if w := sc.low(k); (w == "this" || w == "it" || w == "that") && sc.isBe(toks[k+1].id) {
		return sc.histActors(nil, true, -1, "111", src)
	}
	if sc.mentionNext(k) {
		return argGroup{}
	}
	return sc.eventAnaphorIn(k, min(to, k+4), &match{inner: -1}, "111", src)
}

// nounSenses returns the codes of every noun pattern that opens with the
// word at token k ("expulsion" heads both "expulsion of .. diplomats",
// 161, and "expulsion", 174), and whether the word may name an earlier
// act of any kind ("the move"). With alone, the word must be an event
// noun by itself (a one-word pattern or a referring one), not only the
// head of a phrase ("mediator between" names people, not an act). The
// codes are in scratch memory, valid until the next call.
func (sc *scratch) nounSenses(k int, alone bool) (codes []string, refAny bool) {
	sc.senses = sc.senses[:0]
	if alone {
		ok := false
		for _, pi := range sc.d.byFirst[sc.tz.toks[k].id] {
			p := &sc.d.pats[pi]
			if p.kind == kindTrigger && p.noun && !p.skip && (len(p.slots) == 1 || p.ref) {
				ok = true
				break
			}
		}
		if !ok {
			return nil, false
		}
	}
	for _, pi := range sc.d.byFirst[sc.tz.toks[k].id] {
		p := &sc.d.pats[pi]
		// The word must be the noun itself, not a modifier that opens a
		// phrase ("military" of "military cooperation").
		if p.kind != kindTrigger || !p.noun || p.head != 0 || p.skip || !p.slots[0].noun && len(p.slots) > 1 {
			continue
		}
		if p.refAny {
			refAny = true
			continue
		}
		if !slices.Contains(sc.senses, p.code) {
			sc.senses = append(sc.senses, p.code)
		}
	}
	return sc.senses, refAny
}

// passiveAt reports a past participle after a form of "to be", across
// adverbs and negation: "was invaded", "were again blocked", "has been
// repeatedly criticised", "was not attacked".
func (sc *scratch) passiveAt(head int) bool {
	toks := sc.tz.toks
	if head == 0 {
		return false
	}
	if !sc.d.pastPart[toks[head].id] {
		// A participle the dictionary lists as a plain word ("backed"),
		// or one only the lemmatizer reads ("overrun", "struck" for a
		// verb listed by its base form), is passive only with its
		// agent: "was interested in" is not.
		lemma := sc.d.words[toks[head].id] != sc.low(head)
		if !strings.HasSuffix(sc.low(head), "ed") && !lemma || !sc.agentAfter(head) {
			return false
		}
	}
	for k := head - 1; k >= 0 && k >= head-3; k-- {
		if sc.isBe(toks[k].id) {
			return true
		}
		if !sc.adverb(k) {
			return false
		}
	}
	return false
}

// agentAfter reports "by" after the participle at head, across adverbs:
// "was shelled heavily by".
func (sc *scratch) agentAfter(head int) bool {
	toks := sc.tz.toks
	for k := head + 1; k < len(toks) && k <= head+3; k++ {
		if toks[k].id == sc.d.fw.by {
			return true
		}
		if !sc.adverb(k) {
			return false
		}
	}
	return false
}

// adverb reports a word that may stand between an auxiliary and its
// participle: an -ly adverb, a negation or a short adverb of time or
// degree.
func (sc *scratch) adverb(k int) bool {
	t := &sc.tz.toks[k]
	if t.ment >= 0 || t.flags&(fPunct|fNum|fCap) != 0 {
		return false
	}
	w := sc.low(k)
	switch w {
	case "not", "n't", "never", "also", "again", "already", "further", "still", "once", "twice", "since", "now", "just", "later", "then", "even", "first":
		return true
	case "so", "thus":
		// "has so far avoided"
		return k+1 < len(sc.tz.toks) && sc.low(k+1) == "far"
	case "far":
		return k > 0 && (sc.low(k-1) == "so" || sc.low(k-1) == "thus")
	}
	return len(w) > 4 && strings.HasSuffix(w, "ly")
}

// compatible reports whether an event noun coded ref can name an earlier
// event coded prior: the same CAMEO root, two acts of violence, or two
// moves of troops ("the deployment" after "sent soldiers").
func compatible(ref, prior string) bool {
	if len(ref) < 2 || len(prior) < 2 {
		return false
	}
	if ref[:2] == prior[:2] {
		return true
	}
	violent := func(c string) bool { return c[:2] == "18" || c[:2] == "19" || c[:2] == "20" }
	troops := func(c string) bool {
		return len(c) >= 3 && (c[:3] == "072" || c[:3] == "074" || c[:3] == "154")
	}
	// "The drills" (a show of force, 15) may name joint exercises
	// coded as military cooperation (062): "South Korea and the United
	// States were holding joint exercises. Pyongyang called the drills a
	// rehearsal for invasion."
	drills := func(c string) bool { return c[:2] == "15" || len(c) >= 3 && c[:3] == "062" }
	// "The agreement" may name what two states agreed to do (03) or a
	// deal of material cooperation (06).
	agreement := len(ref) >= 3 && ref[:3] == "057" && (prior[:2] == "03" || prior[:2] == "06")
	return violent(ref) && violent(prior) || troops(ref) && troops(prior) || drills(ref) && drills(prior) || agreement
}

// sameAs reports whether mention value mv names the same actor or state
// as a mention of the group.
func (sc *scratch) sameAs(mv entente.Mention, in []int) bool {
	for _, o := range in {
		b := sc.sm[o].m
		if b.Code == mv.Code || (mv.Country != "" && mv.Country == b.Country) {
			return true
		}
	}
	return false
}

// rememberMulti keeps a subject of several actors for "both sides".
func (sc *scratch) rememberMulti(g argGroup) {
	sc.lastMultiTmp = sc.lastMultiTmp[:0]
	for _, mi := range g.ms {
		sc.lastMultiTmp = append(sc.lastMultiTmp, sc.mentionValue(mi))
	}
	sc.lastMulti, sc.lastMultiTmp = sc.lastMultiTmp, sc.lastMulti
}

// subordinate reports words that open a subordinate clause, whose subject
// is not the sentence's main one.
func (sc *scratch) subordinate(lead int32) bool {
	fw := &sc.d.fw
	switch lead {
	case fw.after, fw.before, fw.while, fw.when, fw.because, fw.although, fw.though, fw.since,
		fw.whereas, fw.if_, fw.unless, fw.which, fw.who, fw.whom, fw.whose:
		return true
	}
	return false
}

// remember keeps a subject as the antecedent of later pronouns.
func (sc *scratch) remember(g argGroup) {
	sc.lastTmp = sc.lastTmp[:0]
	for _, mi := range g.ms {
		sc.lastTmp = append(sc.lastTmp, sc.mentionValue(mi))
	}
	sc.last, sc.lastTmp = sc.lastTmp, sc.last
}

func (sc *scratch) ref(text string, mi int) *entente.ActorRef {
	m := sc.sm[mi].m
	t := m.Text
	if m.Start >= 0 && m.End <= len(text) && m.End > m.Start {
		t = text[m.Start:m.End]
	}
	code := m.Code
	if r := sc.sm[mi].role; r != entente.RoleNone && m.Role == entente.RoleNone {
		code += string(r)
	}
	return &entente.ActorRef{Code: code, Country: m.Country, Text: t}
}

// cueSet is what the cues before an act say of it.
type cueSet struct {
	neg, hedge, rec bool
	// deontic is famAppeal after "should", famDemand after "must".
	deontic family
}

// cuesBefore reads the cues between token from and the act m that no
// other act in between takes.
func (sc *scratch) cuesBefore(m *match, from int) cueSet {
	var cs cueSet
	for _, c := range sc.cues {
		if c.start < from || c.end > m.head || c.end > m.start+1 && c.start >= m.start {
			continue
		}
		// Another act between the cue and this one takes the cue.
		blocked := false
		for _, o := range sc.ms {
			if o.start >= c.end && o.end <= m.start && !o.consumed && !o.off {
				blocked = true
			}
		}
		if blocked {
			continue
		}
		switch sc.d.pats[c.pat].kind {
		case kindNeg, kindRefuse:
			cs.neg = true
		case kindHedge:
			cs.hedge = true
		case kindDoubt:
			cs.hedge, cs.neg = true, true
		case kindRec:
			cs.rec = true
			if cs.deontic == famNone {
				cs.deontic = famAppeal
			}
		case kindMust:
			cs.rec, cs.deontic = true, famDemand
		}
	}
	return cs
}

// spokenDeontic reports, for an act in what someone said under "must" or
// "should", the speech's family: a demand or an appeal by the speaker.
// The speaker must be an actor other than the one who is to act, and the
// act not negated ("must not attack" asks for no act the dictionary has).
func (sc *scratch) spokenDeontic(cs cueSet, src argGroup, seg segment) family {
	if cs.deontic == famNone || cs.neg || seg.sayer < 0 {
		return famNone
	}
	g := sc.says[seg.sayer].group
	if len(g) == 0 || len(src.ms) > 0 && sc.sameActor(g[0], src.ms) {
		return famNone
	}
	return cs.deontic
}

// qualify reads the cues before the act: negation and modality.
func (sc *scratch) qualify(m *match, src argGroup, seg segment, si int) (bool, entente.Modality) {
	d := sc.d
	from := seg.start
	if len(src.ms) > 0 && src.from == originDirect && src.end > from && src.end <= m.start {
		from = src.end
	}
	cs := sc.cuesBefore(m, from)
	neg, hedge, rec, rep := cs.neg, cs.hedge, cs.rec, false
	// Reported: the act sits in what someone else said, or the sentence
	// cites a source ("according to", "reportedly").
	other := func(g []int) bool {
		if len(g) == 0 || len(src.ms) == 0 {
			return len(g) > 0
		}
		for _, a := range g {
			if sc.sameActor(a, src.ms) {
				return false
			}
		}
		return true
	}
	if seg.sayer >= 0 {
		// An unnamed speaker ("Western officials say", "diplomats said")
		// vouches for the act as much as a named one.
		if g := sc.says[seg.sayer].group; len(g) == 0 || other(g) {
			rep = true
		}
	}
	for _, sy := range sc.says {
		// "Russia attacked Ukraine, Kyiv said.": a speech verb after the
		// act that introduces nothing of its own. "…, while Thailand said
		// it would not withdraw" has its own complement and vouches only
		// for that.
		if sy.tok > m.end && sc.segOf[sy.tok] != si && other(sy.group) && sc.segs[sc.segOf[sy.tok]].sayer < 0 && !sc.actAfter(sy.tok) {
			rep = true
		}
	}
	for _, c := range sc.cues {
		// "according to" covers the clauses before it, and the whole
		// sentence when it opens it.
		if d.pats[c.pat].kind == kindReport && (c.start == 0 || sc.segOf[c.start] >= si) {
			rep = true
		}
	}
	if m.noun && !hedge {
		// "China's blockade of Taiwan would be costly": a modal after an
		// event noun puts the event in a hypothetical.
		for k := m.end; k < seg.end; k++ {
			switch sc.low(k) {
			case "would", "could", "might", "may":
				hedge = true
			}
		}
	}
	if hedge && statedFuture(sc.d.pats[m.pat].code) && sc.onlyWill(m, from) {
		// A threat or a pledge is an act of speech about the future:
		// "we will respond firmly" is a threat made, not one expected.
		hedge = false
	}
	switch {
	case rec:
		return neg, entente.Recommended
	case hedge:
		return neg, entente.Hedged
	case rep:
		return neg, entente.Reported
	}
	return neg, entente.Asserted
}

// quantitiesFor returns the quantities of the act's clause, or of the
// whole sentence when the clause has none and this is its only act.
func (sc *scratch) quantitiesFor(i int) []entente.Quantity {
	if len(sc.quants) == 0 {
		return nil
	}
	m := &sc.ms[i]
	si := sc.segOf[m.head]
	var out []entente.Quantity
	for _, q := range sc.quants {
		if sc.segOf[q.start] == si {
			out = append(out, q.q)
		}
	}
	if out != nil {
		return out
	}
	// Attach each remaining quantity of an apposition ("China, with 90
	// per cent of North Korea's trade, remained silent") to the nearest
	// coded act. A quantity in a clause of its own ("Singapore, which
	// hosted the summit, spent US$15 million") belongs to no act.
	for _, q := range sc.quants {
		if !sc.apposition(sc.segOf[q.start]) {
			continue
		}
		best, bd := -1, 1<<30
		for j, o := range sc.ms {
			if o.consumed || o.off {
				continue
			}
			dd := o.head - q.start
			if dd < 0 {
				dd = -dd
			}
			if dd < bd {
				best, bd = j, dd
			}
		}
		if best == i {
			has := false
			for _, o := range sc.ms {
				if !o.consumed && !o.off && sc.segOf[o.head] == sc.segOf[q.start] {
					has = true
				}
			}
			if !has {
				out = append(out, q.q)
			}
		}
	}
	return out
}

// apposition reports a segment set off by a comma or parenthesis that
// opens with a preposition: ", with 90 per cent of its trade,".
func (sc *scratch) apposition(si int) bool {
	seg := sc.segs[si]
	if !seg.punct {
		return false
	}
	k := seg.start
	for k < seg.end && sc.tz.toks[k].flags&fPunct != 0 {
		k++
	}
	return k < seg.end && (sc.isPrep(sc.tz.toks[k].id) || sc.tz.toks[k].id == sc.d.fw.of)
}

// actAfter reports whether a trigger starts after token k.
func (sc *scratch) actAfter(k int) bool {
	for _, m := range sc.ms {
		if m.start > k && !sc.d.pats[m.pat].ref {
			return true
		}
	}
	return false
}

// refused reports an explicit refusal right before the act: "refused to
// release", "declined to resign", "rejected calls to withdraw", and a
// negated will, "would not withdraw", "won't release".
func (sc *scratch) refused(m *match) bool {
	for _, c := range sc.cues {
		if c.end > m.start || c.end < m.start-2 || sc.segOf[c.start] != sc.segOf[m.head] {
			continue
		}
		switch sc.d.pats[c.pat].kind {
		case kindRefuse:
			return true
		case kindNeg:
			if c.start > 0 {
				switch sc.low(c.start - 1) {
				case "will", "would", "wo":
					return true
				}
			}
		}
	}
	return false
}

func (sc *scratch) quantitiesAll() []entente.Quantity {
	var out []entente.Quantity
	for _, q := range sc.quants {
		out = append(out, q.q)
	}
	return out
}

// resolveEmbeds links appeals, intents, demands and threats to the act
// that is their content, and marks acts not coded on their own.
func (sc *scratch) resolveEmbeds() {
	d := sc.d
	toks := sc.tz.toks
	fw := &d.fw
	// Nouns that only refer back and acts told as background ("given its
	// arms purchases") are never coded on their own.
	for i := range sc.ms {
		m := &sc.ms[i]
		if p := &d.pats[m.pat]; p.ref && !sc.ownedNoun(m) || p.skip || sc.segs[sc.segOf[m.head]].lead == fw.given {
			m.off = true
		}
	}
	for i := range sc.ms {
		m := &sc.ms[i]
		p := &d.pats[m.pat]
		if p.embed == famNone || m.consumed || m.off {
			continue
		}
		for j := i + 1; j < len(sc.ms); j++ {
			o := &sc.ms[j]
			if o.start-m.end > 8 {
				break
			}
			if d.pats[o.pat].ref || d.pats[o.pat].skip {
				continue
			}
			if os, ms := sc.segOf[o.head], sc.segOf[m.head]; os != ms {
				// "demanded that Russia withdraw": the content may sit in
				// the that-clause right after the verb.
				if os != ms+1 || sc.segs[os].lead != fw.that || (p.embed != famAppeal && p.embed != famDemand) {
					break
				}
				m.inner = j
				o.consumed = true
				break
			}
			// The content is a noun, an infinitive, or a gerund right
			// after the pattern: "interested in restoring talks".
			gerund := o.start == m.end || o.start == m.end+1 && strings.HasSuffix(sc.low(m.end), "ing")
			if o.noun || (o.start > 0 && toks[o.start-1].id == fw.to) || gerund && sc.low(m.end-1) == "in" {
				m.inner = j
				o.consumed = true
				break
			}
		}
	}
	// A use of force told with its means ("wounded two soldiers in a bomb
	// attack", "was killed in a car bomb explosion") is that attack: the
	// verb takes the noun's more specific code and the noun is not coded
	// apart.
	for i := range sc.ms {
		v := &sc.ms[i]
		if v.noun || v.consumed || v.off || d.pats[v.pat].code != "190" {
			continue
		}
		for j := i + 1; j < len(sc.ms); j++ {
			o := &sc.ms[j]
			if !o.noun || o.off || sc.segOf[o.head] != sc.segOf[v.head] || o.start < 2 {
				continue
			}
			in := o.start - 1
			if id := toks[in].id; id == fw.a || id == fw.an || id == fw.the {
				in--
			}
			if toks[in].id == fw.in && violentCode(d.pats[o.pat].code) && d.pats[o.pat].code != "190" {
				v.means, o.off = j, true
			}
			break
		}
	}
	// Purpose clauses ("met to discuss") are not coded on their own, except
	// the use of force that sending troops serves; nouns that are
	// arguments of a verb ("condemned Pyongyang's deployment") are coded
	// only with actors of their own.
	for i := range sc.ms {
		m := &sc.ms[i]
		if m.consumed {
			continue
		}
		for j := 0; j < i; j++ {
			v := &sc.ms[j]
			if v.consumed || v.noun || d.pats[v.pat].skip || sc.segOf[v.head] != sc.segOf[m.head] {
				continue
			}
			switch {
			case m.noun && d.pats[v.pat].embed != famNone:
				// "offered to host talks between India and China": the
				// talks are the content of an offer, not yet held.
				m.off = true
			case m.noun && len(d.pats[v.pat].code) >= 3 && d.pats[v.pat].code[:3] == "010":
				// "India announced military aid to Armenia": the
				// announcement is the aid; the noun takes the verb's
				// subject and the statement is not coded apart.
				m.gov, v.off = j, true
			case m.noun && m.start > 0 && toks[m.start-1].id == fw.and && attitude(d.pats[v.pat].code):
				// "expressed support for Mali and concern over French
				// troop movements": a second object of the same verb is a
				// second act of its subject.
				m.arg, m.gov = true, j
			case m.noun:
				m.arg = true
			case m.start > 0 && toks[m.start-1].id == fw.to:
				// "sent troops to fight alongside Russia" tells of the
				// fighting too; "met to discuss" does not need a second
				// meeting. "welcomed Malaysia's decision to release the
				// fishermen" is no purpose: the release is Malaysia's act.
				if m.start > 1 && decisionNouns[sc.low(m.start-2)] && m.head == m.start {
					if _, ok := sc.decisionOwner(m.head); ok {
						continue
					}
				}
				if !purposeViolence(d.pats[v.pat].code, d.pats[m.pat].code) {
					m.off = true
				}
			}
		}
	}
}

// ownedNoun reports a referring event noun that names its maker right
// before it ("Chinese drills near Taiwan", "Russia's exercises"): then it
// tells of an event of its own, coded when it names a target too.
func (sc *scratch) ownedNoun(m *match) bool {
	p := &sc.d.pats[m.pat]
	if p.refAny || m.start == 0 {
		return false
	}
	k := m.start - 1
	if k > 0 && sc.tz.toks[k].ment < 0 && sc.d.adjective[sc.tz.toks[k].id] {
		k-- // "Russian naval drills"
	}
	t := &sc.tz.toks[k]
	if t.ment < 0 {
		return false
	}
	mv := sc.sm[t.ment].m
	return mv.Possessive || mv.Kind == entente.NameDemonym
}

// purposeViolence reports a purpose clause that is an act of its own:
// force used by the troops or weapons a verb sends or deploys ("sent
// troops to fight", "deployed warships to blockade").
func purposeViolence(verb, purpose string) bool {
	if len(verb) < 2 || len(purpose) < 2 {
		return false
	}
	switch verb[:2] {
	case "07", "15", "19":
	default:
		return false
	}
	switch purpose[:2] {
	case "18", "19", "20":
		return true
	}
	return false
}

// definiteDescription reports "the junta", "the military government",
// "the foreign ministry" at token k (before limit): a phrase naming a
// state's institution without naming the state, which refers to the state
// the text is about. It returns the role the phrase gives.
func (sc *scratch) definiteDescription(k, limit int) (entente.Role, bool) {
	toks := sc.tz.toks
	for j := k + 1; j < limit && j <= k+3; j++ {
		t := &toks[j]
		if t.ment >= 0 || t.flags&(fPunct|fNum|fCap) != 0 {
			return entente.RoleNone, false
		}
		switch sc.low(j) {
		case "junta", "regime", "government", "administration", "authorities", "ministry", "leadership", "cabinet":
			return entente.RoleGOV, true
		case "army", "armed", "generals":
			return entente.RoleMIL, true
		}
	}
	return entente.RoleNone, false
}

// officeWords are the offices a definite description names a person by:
// "the minister", "the president", "the prime minister".
var officeWords = map[string]bool{
	"minister": true, "president": true, "premier": true, "chancellor": true, "prime": true,
	"spokesperson": true, "spokesman": true, "spokeswoman": true, "ambassador": true, "envoy": true,
}

// officeSynonyms returns the titles a description by word may take up:
// "the envoy" is the ambassador or high commissioner named before, and
// "the ambassador" an envoy.
func officeSynonyms(word string) []string {
	switch word {
	case "envoy", "ambassador":
		return []string{"ambassador", "envoy", "high commissioner", "chargé", "charge d"}
	}
	return []string{word}
}

// officeDescription resolves "the minister" (or "the president", "the
// envoy"…) at token k before limit to the state of the last office-holder
// of that title named before it in the document: after "Ukraine's foreign
// minister visited Warsaw", "the minister" is Ukraine's, not Poland's.
// It does not guess when no such office was named.
func (sc *scratch) officeDescription(k, limit int) (entente.Mention, bool) {
	toks := sc.tz.toks
	if k+1 >= limit || toks[k].id != sc.d.fw.the || toks[k+1].ment >= 0 || !officeWords[sc.low(k+1)] {
		return entente.Mention{}, false
	}
	if k+2 < len(toks) && (toks[k+2].id == sc.d.fw.of || toks[k+2].ment >= 0) {
		return entente.Mention{}, false // "the minister of Japan" names its state
	}
	word := sc.low(k + 1)
	at := int(toks[k].start)
	for i := len(sc.ments) - 1; i >= 0; i-- {
		mv := sc.ments[i]
		if mv.Start >= at || mv.Country == "" || mv.End > len(sc.docText) {
			continue
		}
		after := sc.docText[mv.End:min(len(sc.docText), mv.End+30)]
		if cut := strings.IndexAny(after, ",.;:"); cut >= 0 {
			after = after[:cut]
		}
		low, lowAfter := strings.ToLower(mv.Text), strings.ToLower(after)
		for _, w := range officeSynonyms(word) {
			if strings.Contains(low, w) || strings.Contains(lowAfter, w) {
				mv.Role, mv.Code = entente.RoleNone, mv.Country
				return mv, true
			}
		}
	}
	return entente.Mention{}, false
}

// lastTwoStates returns the last two distinct states named before byte
// offset at in the document, or fewer.
func (sc *scratch) lastTwoStates(at int) []entente.Mention {
	var out []entente.Mention
	for i := len(sc.ments) - 1; i >= 0 && len(out) < 2; i-- {
		mv := sc.ments[i]
		if mv.Start >= at || mv.Country == "" || len(out) == 1 && out[0].Country == mv.Country {
			continue
		}
		mv.Role, mv.Code = entente.RoleNone, mv.Country
		out = append(out, mv)
	}
	return out
}

// kindStates are the states a description by kind can name: "the
// island", "the kingdom", "the emirate". Written for entente in issue 11's
// fifth round from the states' geography and constitutions.
var kindStates = map[string][]string{
	"island":      {"TWN", "CUB", "CYP", "LKA", "MDG", "JAM", "MLT", "ISL", "IRL", "SGP", "BHR", "MUS", "TTO", "BRB", "DOM", "HTI", "TLS", "PNG"},
	"archipelago": {"PHL", "IDN", "JPN", "MDV", "FJI", "SLB", "VUT", "BHS", "CPV", "COM", "SYC", "KIR", "MHL", "FSM", "TON", "TUV", "NZL"},
	"kingdom":     {"SAU", "MAR", "JOR", "BHR", "THA", "GBR", "ESP", "NLD", "BEL", "SWE", "NOR", "DNK", "BTN", "KHM", "LSO", "SWZ", "TON"},
	"emirate":     {"QAT", "KWT", "ARE"},
	"city-state":  {"SGP"},
}

// kindDescription resolves "the island" (or "the kingdom", "the
// emirate"…) at token k before limit to the state of that kind named last
// before it in the document: after "China held drills around Taiwan",
// "the island's defence ministry" is Taiwan's, not China's.
func (sc *scratch) kindDescription(k, limit int) (entente.Mention, entente.Role, bool) {
	toks := sc.tz.toks
	if k+1 >= limit || toks[k].id != sc.d.fw.the || toks[k+1].ment >= 0 {
		return entente.Mention{}, entente.RoleNone, false
	}
	kinds, ok := kindStates[sc.low(k+1)]
	if !ok {
		return entente.Mention{}, entente.RoleNone, false
	}
	at := int(toks[k].start)
	for i := len(sc.ments) - 1; i >= 0; i-- {
		if mv := sc.ments[i]; mv.Start < at && slices.Contains(kinds, mv.Country) {
			role := entente.RoleNone
			if r, ok := sc.definiteDescription(k+1, limit); ok {
				role = r
			}
			mv.Role, mv.Code = entente.RoleNone, mv.Country
			return mv, role, true
		}
	}
	return entente.Mention{}, entente.RoleNone, false
}

// speakerFor reports an actor at token k that a speaker noun governs
// through "for" or "of": "a spokesperson for the military government",
// "officials of the ministry". The actor is who speaks.
func (sc *scratch) speakerFor(k int) bool {
	if k < 2 {
		return false
	}
	fw := &sc.d.fw
	if p := sc.before(k); p != fw.for_ && p != fw.of {
		return false
	}
	j := k - 1
	for j > 0 && sc.tz.toks[j].id != fw.for_ && sc.tz.toks[j].id != fw.of {
		j--
	}
	switch sc.low(j - 1) {
	case "spokesperson", "spokesman", "spokeswoman", "official", "officials", "envoy", "representative", "minister", "ambassador", "adviser", "advisor":
		return true
	}
	return false
}

// appositive reports a parenthetical noun phrase or participle whose
// actors are all governed by prepositions: ", a former ambassador to
// Washington,", ", now an adviser to the Kazakh president," or ", armed by
// Iran," describes the subject before it and names no subject of its own.
func (sc *scratch) appositive(ps segment) bool {
	k, ok := sc.firstWord(ps)
	if !ok {
		return false
	}
	toks := sc.tz.toks
	switch w := sc.low(k); {
	case w == "a", w == "an", w == "now", w == "formerly", w == "once", w == "himself", w == "herself", w == "then":
	case len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")):
		// A participle: ", armed by Iran,", ", speaking in Geneva,".
	default:
		return false
	}
	seen := false
	for j := k; j < ps.end; j++ {
		if t := &toks[j]; t.ment >= 0 && (j == 0 || toks[j-1].ment != t.ment) {
			// "a critic of Russia" describes; "the president of France"
			// names the subject's state.
			of := sc.before(j) == sc.d.fw.of && j >= 2 && !officeWords[sc.low(j-2)]
			if !sc.isPrep(sc.before(j)) && !of {
				return false
			}
			seen = true
		}
	}
	return seen
}

// comitative reports a parenthetical that adds company, not a subject:
// ", along with the African Union," ", like Japan," ", including
// France,". Those it names share the act only in the text's view, so they
// are left out rather than guessed.
func (sc *scratch) comitative(ps segment) bool {
	k, ok := sc.firstWord(ps)
	if !ok {
		return false
	}
	switch sc.low(k) {
	case "along", "together", "alongside", "like", "unlike", "including", "besides":
		return true
	}
	return false
}

// firstWord finds the first token of a parenthetical segment that is not
// punctuation: the commas and dashes that open it say nothing of its kind.
func (sc *scratch) firstWord(ps segment) (int, bool) {
	k := ps.start
	for k < ps.end && sc.tz.toks[k].flags&fPunct != 0 {
		k++
	}
	return k, k < ps.end
}

// evaluations codes what a speaker's words say of another actor: "Niger's
// junta said the American presence was illegal" is criticism (111) of the
// United States, not a neutral statement; "Lithuania said Moscow was
// waging a hybrid war" accuses (112) Russia of the violence it reports.
// Events coded in the sentence so far are dst[before:].
func (sc *scratch) evaluations(dst []Extracted, text string, s Span, before int) []Extracted {
	toks := sc.tz.toks
	for _, sy := range sc.says {
		if len(sy.group) == 0 {
			continue
		}
		speaker := sc.ref(text, sy.group[0])
		// The words said: after the verb when the speaker leads ("X said
		// …"), else the sentence before the speaker ("…, X said").
		from, to := sy.tok+1, len(toks)
		if sc.sm[sy.group[0]].ts > sy.tok || sy.tok > 0 && sc.segs[sc.segOf[sy.tok]].start > 0 && sc.segOf[sy.tok] > 0 && sc.sm[sy.group[0]].ts >= sc.segs[sc.segOf[sy.tok]].start {
			from, to = 0, sc.segs[sc.segOf[sy.tok]].start
		}
		code := ""
		var target *entente.ActorRef
		tmi := -1 // the target's mention, when the sentence places it
		evalIn := func(from, to int) bool {
			for _, c := range sc.cues {
				if sc.d.pats[c.pat].kind == kindEval && c.start >= from && c.end <= to {
					return true
				}
			}
			return false
		}
		if from > 0 && sc.nestedNaming(sy, to) {
			// "said China's foreign minister had called the visit a
			// provocation": the judgement is China's (namings).
			continue
		}
		if evalIn(from, to) {
			code = "111"
		} else if si := sc.segOf[sy.tok]; from > 0 && si > 0 && sc.segs[si].punct && evalIn(0, sc.segs[si].start) {
			// "\"The presence is illegal,\" he said": the speaker is a
			// pronoun, placed nowhere, after the words said.
			code, from, to = "111", 0, sc.segs[si].start
		}
		// The words may judge an earlier act they refer back to: "Iran
		// said the deployment threatened regional security", "Moscow
		// said it was an unfriendly act". Breaking a norm is a judgement
		// too when an act, not an actor, does it ("such actions violated
		// international law").
		spk := argGroup{ms: sy.group}
		back := sc.contentAnaphor(from, to, spk)
		if code == "" && len(back.ms) > 0 && sc.normBroken(from, to) {
			code = "111"
		}
		if code != "" {
			if len(back.ms) > 0 {
				target, tmi = sc.ref(text, back.ms[0]), back.ms[0]
			} else if g := sc.objectGroup(from, to, sy.group); len(g.ms) > 0 {
				target, tmi = sc.ref(text, g.ms[0]), g.ms[0]
			} else if g := sc.quotedTopic(from, spk); len(g.ms) > 0 {
				target, tmi = sc.ref(text, g.ms[0]), g.ms[0]
			} else if g := sc.coupTarget(from, to, spk); len(g.ms) > 0 {
				// "said the coup was unacceptable": its makers.
				target, tmi = sc.ref(text, g.ms[0]), g.ms[0]
			}
		} else {
			// A reported use of force by another actor is an accusation;
			// so is any hostile act in a speaker's own quoted words
			// ("\"Hungary is blocking aid to Ukraine,\" the Polish
			// foreign minister said").
			quoted := from == 0 && len(toks) > 0 && isQuote(sc.low(0))
			for k := before; k < len(dst); k++ {
				e := &dst[k]
				if e.Source == nil || e.Negated || e.Modality != entente.Reported && !(quoted && e.Modality == entente.Asserted) || len(e.CAMEO) < 2 || e.CAMEO[:2] > "20" {
					continue
				}
				if e.CAMEO[:2] < "18" && !(quoted && e.CAMEO[:2] >= "12" && e.CAMEO[:2] != "14") {
					continue
				}
				if from == 0 && !quoted || keyOf(e.Source) == keyOf(speaker) {
					continue
				}
				code, target = "112", e.Source
				break
			}
		}
		if code == "" || target != nil && keyOf(target) == keyOf(speaker) || sc.criticised(dst[before:], speaker, target) {
			continue
		}
		plover, gold, _ := sc.d.CodeInfo(code)
		conf := 0.7
		if target != nil {
			conf = 0.8
		}
		dst = append(dst, Extracted{
			Start: s.Start, End: s.End, Text: text[s.Start:s.End],
			Source: speaker, Target: target, CAMEO: code, PLOVER: plover, Goldstein: gold,
			Modality: entente.Asserted, Confidence: conf,
			Trigger: Span{int(toks[sy.tok].start), int(toks[sy.tok].end)},
		})
		// A judgement is an act later words may refer to ("condemned
		// the remarks") or carry on from ("\"We have lodged a
		// protest\"" after it).
		from0, tfrom0 := len(sc.histM), len(sc.histT)
		sc.histM = append(sc.histM, sc.mentionValue(sy.group[0]))
		if tmi >= 0 {
			sc.histT = append(sc.histT, sc.mentionValue(tmi))
		} else if target != nil {
			// The target came from an event, not a placed mention.
			actor := target.Country
			if actor == "" {
				actor = target.Code
			}
			sc.histT = append(sc.histT, entente.Mention{Actor: actor, Country: target.Country, Code: target.Code, Text: target.Text})
		}
		sc.hist = append(sc.hist, histEvent{code: code, sent: sc.sent, from: from0, to: len(sc.histM), tfrom: tfrom0, tto: len(sc.histT)})
	}
	return sc.namings(dst, text, s, before)
}

// nestedNaming reports, in the words said after speech verb sy (up to
// token to), a naming verb whose subject is an actor other than the
// speaker.
func (sc *scratch) nestedNaming(sy sayCue, to int) bool {
	for _, c := range sc.cues {
		if sc.d.pats[c.pat].kind != kindEval || c.start <= sy.tok || c.end > to {
			continue
		}
		if verb := sc.namingVerb(sy.tok+1, c.start); verb >= 0 && len(sc.clauseSubject(sy.tok+1, verb, sy.group).ms) > 0 {
			return true
		}
	}
	return false
}

// quotedTopic returns, for a judgement quoted from a speaker that names
// no one ("\"The dam is a threat to our existence,\" he said"), the
// actor the speaker's latest act in the document aimed at: a quotation
// goes on about what its speaker was telling of. from is where the words
// said begin; they must open with a quotation mark.
func (sc *scratch) quotedTopic(from int, spk argGroup) argGroup {
	if from != 0 || len(sc.tz.toks) == 0 || !isQuote(sc.low(0)) {
		return argGroup{}
	}
	return sc.lastAim(spk, sc.sent, false)
}

// lastAim returns the actor that spk's latest act told before sentence
// before aimed at (within histWindow sentences), or an empty group. With
// hostile, only a conflictual act (CAMEO 10 and above) counts.
func (sc *scratch) lastAim(spk argGroup, before int, hostile bool) argGroup {
	for h := len(sc.hist) - 1; h >= 0 && sc.hist[h].sent >= sc.sent-histWindow; h-- {
		he := &sc.hist[h]
		if he.sent >= before || hostile && he.code < "10" {
			continue
		}
		if !slices.ContainsFunc(sc.histM[he.from:he.to], func(mv entente.Mention) bool { return sc.sameAs(mv, spk.ms) }) {
			continue
		}
		for _, mv := range sc.histT[he.tfrom:he.tto] {
			if !sc.sameAs(mv, spk.ms) {
				return sc.pseudoGroup([]entente.Mention{mv}, originAnaphor, roleKeep)
			}
		}
	}
	return argGroup{}
}

// normBroken reports an act of breaking a norm (CAMEO 128: "violated",
// "a breach") among the triggers between tokens from and to.
func (sc *scratch) normBroken(from, to int) bool {
	for _, m := range sc.ms {
		if m.start >= from && m.end <= to && strings.HasPrefix(sc.d.pats[m.pat].code, "128") {
			return true
		}
	}
	return false
}

// attitude reports a verbal act whose verb may carry several objects
// that are acts of its own: statements, approval and disapproval
// ("expressed support for A and concern over B").
func attitude(code string) bool {
	if len(code) < 2 {
		return false
	}
	switch code[:2] {
	case "01", "05", "11":
		return true
	}
	return false
}

// namingVerb returns the naming verb ("called", "branded") at most
// eight words before the judgement at cue and not before from, or -1.
func (sc *scratch) namingVerb(from, cue int) int {
	for k := cue - 1; k >= from && k >= cue-8; k-- {
		switch sc.low(k) {
		case "called", "calling", "calls", "branded", "branding", "described", "describing", "labelled", "labeled", "termed":
			return k
		}
	}
	return -1
}

// namings codes a judgement given by naming: "Kenya called Russia's
// decision a stab in the back", "calling them a distraction". The one
// who names criticises (111) the actor named, or whose act is named.
func (sc *scratch) namings(dst []Extracted, text string, s Span, before int) []Extracted {
	toks := sc.tz.toks
	for _, c := range sc.cues {
		if sc.d.pats[c.pat].kind != kindEval {
			continue
		}
		seg := sc.segs[sc.segOf[c.start]]
		verb := sc.namingVerb(seg.start, c.start)
		if verb < 0 {
			continue
		}
		mod := entente.Asserted
		var src argGroup
		if seg.sayer >= 0 {
			// What someone said is evaluations' unless it reports
			// another's naming: "Japan said China's foreign minister had
			// called the visit a provocation" is China's judgement, told
			// by Japan.
			sy := sc.says[seg.sayer]
			if src = sc.clauseSubject(sy.tok+1, verb, sy.group); len(src.ms) == 0 {
				continue
			}
			mod = entente.Reported
		} else {
			src = sc.subject(verb, true)
		}
		if len(src.ms) == 0 {
			continue
		}
		speaker := sc.ref(text, src.ms[0])
		var target *entente.ActorRef
		if g := sc.objectGroup(verb+1, c.start, src.ms); len(g.ms) > 0 {
			target = sc.ref(text, g.ms[0])
		} else if g := sc.eventAnaphorIn(verb+1, c.start, &match{inner: -1}, "111", src); len(g.ms) > 0 {
			target = sc.ref(text, g.ms[0])
		} else if g := sc.coupTarget(verb+1, c.start, src); len(g.ms) > 0 {
			// "called the coup unacceptable": its makers.
			target = sc.ref(text, g.ms[0])
		}
		if target != nil && keyOf(target) == keyOf(speaker) || sc.criticised(dst[before:], speaker, target) {
			continue
		}
		plover, gold, _ := sc.d.CodeInfo("111")
		conf := 0.7
		if target != nil {
			conf = 0.8
		}
		dst = append(dst, Extracted{
			Start: s.Start, End: s.End, Text: text[s.Start:s.End],
			Source: speaker, Target: target, CAMEO: "111", PLOVER: plover, Goldstein: gold,
			Modality: mod, Confidence: conf,
			Trigger: Span{int(toks[verb].start), int(toks[c.end-1].end)},
		})
	}
	return dst
}

// criticised reports whether evs already hold criticism by speaker of
// target (any target when target is nil), so a judgement adds nothing.
func (sc *scratch) criticised(evs []Extracted, speaker, target *entente.ActorRef) bool {
	for _, e := range evs {
		if e.Source == nil || keyOf(e.Source) != keyOf(speaker) || e.Negated || len(e.CAMEO) < 2 || e.CAMEO[:2] != "11" {
			continue
		}
		if target == nil || e.Target == nil || keyOf(e.Target) == keyOf(target) {
			return true
		}
	}
	return false
}

// quoteSpeaker returns, for "we" or "our" at token k inside a quotation
// that a later speech verb attributes ("\"We will respond firmly,\" the
// ministry said"), the speaker; else an empty group.
func (sc *scratch) quoteSpeaker(k int) argGroup {
	if w := sc.low(k); w != "we" && w != "our" {
		return argGroup{}
	}
	for _, sy := range sc.says {
		if sy.tok > k && len(sy.group) > 0 {
			return argGroup{ms: append([]int(nil), sy.group...), from: originAnaphor}
		}
	}
	return argGroup{}
}

// statedFuture reports acts made by stating a future act: threats (13)
// and intents (03).
func statedFuture(code string) bool {
	return len(code) >= 2 && (code[:2] == "13" || code[:2] == "03")
}

// onlyWill reports whether the only hedge before m (from token from) is
// "will" or "shall".
func (sc *scratch) onlyWill(m *match, from int) bool {
	found := false
	for _, c := range sc.cues {
		if c.start < from || c.end > m.head || sc.d.pats[c.pat].kind != kindHedge {
			continue
		}
		switch sc.low(c.start) {
		case "will", "shall", "'ll":
			found = true
		default:
			return false
		}
	}
	return found
}

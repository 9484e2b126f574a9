package coder

import (
	"math"

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
			fw.whereas, fw.which, fw.who, fw.whom, fw.whose, fw.that, fw.if_, fw.unless, fw.but:
			// "that" after a noun ("that deal") is harmless as a cut: no
			// actor hides between it and its noun.
			cut(k, t.id, false)
		case fw.and, fw.or:
			if k > 0 && toks[k-1].ment >= 0 && sc.mentionNext(k+1) {
				continue // a list of actors
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

// mentionNext reports whether a mention starts at j, an article allowed.
func (sc *scratch) mentionNext(j int) bool {
	toks := sc.tz.toks
	if j < len(toks) && toks[j].id == sc.d.fw.the {
		j++
	}
	return j < len(toks) && toks[j].ment >= 0
}

// findSays records speech verbs and their speakers, and marks the
// segments after them as complements.
func (sc *scratch) findSays() {
	sc.says = sc.says[:0]
	for _, c := range sc.cues {
		if sc.d.pats[c.pat].kind != kindSay {
			continue
		}
		g := sc.subject(c.start, false)
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
	mi := int(toks[k].ment)
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
		mi = int(toks[c].ment)
		g.ms = append(g.ms, mi)
		j = sc.sm[mi].te
	}
	g.end = j
	sc.grp = g.ms[:0]
	return g
}

// subject finds the actors acting at token head: the first actor of its
// clause that no preposition governs, a pronoun's antecedent, the subject
// of a coordinated clause, or the subject before a relative clause.
func (sc *scratch) subject(head int, inheritOK bool) argGroup {
	toks := sc.tz.toks
	fw := &sc.d.fw
	si := sc.segOf[head]
	seg := sc.segs[si]
	for k := seg.start; k < head; k++ {
		t := &toks[k]
		if t.ment >= 0 && (k == 0 || toks[k-1].ment != t.ment) {
			if k > seg.start && sc.isPrep(sc.before(k)) {
				k = sc.sm[t.ment].te - 1
				continue
			}
			if k > seg.start && toks[k-1].id == fw.of {
				// "the foreign minister of Japan" is Japan; "one of the
				// allies of Russia" too. Accept.
			}
			return sc.copyGroup(sc.group(k, head), 0)
		}
		switch t.id {
		case fw.it, fw.they, fw.he, fw.she, fw.we, fw.its, fw.their:
			// "it did not criticise", "its foreign ministry declined":
			// the main subject so far in this sentence, else the last
			// one of the document.
			if g := sc.pronoun(k); len(g.ms) > 0 {
				return g
			}
		}
	}
	// Walk back over relative clauses and appositions ("China, which
	// accounts for 90 per cent of trade, remained silent") and to the
	// subject of a coordinated clause ("Japan expressed caution and urged").
	if seg.punct || seg.lead == fw.which || seg.lead == fw.who || seg.lead == fw.whose || seg.lead == fw.and || seg.lead == fw.but || seg.lead == fw.or {
		for p := si - 1; p >= 0 && p >= si-4; p-- {
			ps := sc.segs[p]
			if ps.lead == fw.which || ps.lead == fw.who || ps.lead == fw.whose || ps.lead == fw.whom || (ps.punct && !sc.hasMention(ps)) {
				continue
			}
			if (ps.lead != 0 && ps.lead != fw.and && ps.lead != fw.but) || ps.sayer >= 0 && ps.sayer != seg.sayer {
				break
			}
			for k := ps.start; k < ps.end; k++ {
				if toks[k].ment >= 0 && (k == ps.start || !sc.isPrep(toks[k-1].id)) {
					return sc.copyGroup(sc.group(k, ps.end), 1)
				}
			}
			break
		}
	}
	return argGroup{}
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
func (sc *scratch) copyGroup(g argGroup, from int) argGroup {
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
		return argGroup{ms: append([]int(nil), sc.mainSubj...), from: 1}
	}
	toks := sc.tz.toks
	if len(sc.segs) > 0 && !sc.subordinate(sc.segs[0].lead) {
		for j := 0; j < k && j < sc.segs[0].end; j++ {
			if toks[j].ment >= 0 {
				if j > 0 && sc.isPrep(toks[j-1].id) {
					break
				}
				g := sc.copyGroup(sc.group(j, sc.segs[0].end), 1)
				return g
			}
		}
	}
	if len(sc.last) > 0 {
		return sc.antecedent()
	}
	return argGroup{}
}

// antecedent returns the last explicit subject of the document as a group
// of pseudo-mentions appended to the sentence's mention list.
func (sc *scratch) antecedent() argGroup {
	g := argGroup{from: 1}
	for i := range sc.last {
		sc.sm = append(sc.sm, sentMention{m: &sc.last[i], ts: -1, te: -1})
		g.ms = append(g.ms, len(sc.sm)-1)
	}
	return g
}

// objectGroup finds the first actors in [from, limit) other than those in
// exclude.
func (sc *scratch) objectGroup(from, limit int, exclude []int) argGroup {
	toks := sc.tz.toks
	for k := from; k < limit; k++ {
		t := &toks[k]
		if t.ment < 0 || (k > from && toks[k-1].ment == t.ment) {
			continue
		}
		// Actors named as places ("at the United Nations", "in Seoul")
		// are where the act happened, not whom it was aimed at.
		if sc.sameActor(int(t.ment), exclude) || (k > from && (sc.before(k) == sc.d.fw.at || sc.before(k) == sc.d.fw.in)) {
			k = sc.sm[t.ment].te - 1
			continue
		}
		return sc.copyGroup(sc.group(k, limit), 0)
	}
	return argGroup{}
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
		if j < limit && toks[j].ment >= 0 && !sc.sameActor(int(toks[j].ment), exclude) {
			return sc.copyGroup(sc.group(j, limit), 0), k
		}
	}
	return argGroup{}, -1
}

// assemble turns the sentence's triggers into events.
func (sc *scratch) assemble(dst []Extracted, text string, s Span) []Extracted {
	d := sc.d
	toks := sc.tz.toks
	fw := &d.fw
	n := len(toks)
	sc.seen = sc.seen[:0]
	sc.resolveEmbeds()
	hasVerb := func(si int) bool {
		for _, m := range sc.ms {
			if !m.consumed && !m.off && !m.noun && sc.segOf[m.head] == si {
				return true
			}
		}
		return false
	}
	type clauseArgs struct {
		src, tgt argGroup
		ok       bool
	}
	var prev clauseArgs
	before := len(dst)
	lastSubj := -1
	for i := range sc.ms {
		m := &sc.ms[i]
		if m.consumed || m.off {
			continue
		}
		p := &d.pats[m.pat]
		si := sc.segOf[m.head]
		seg := sc.segs[si]
		code := p.code
		var inner *match
		if m.inner >= 0 {
			inner = &sc.ms[m.inner]
			code = embedCode(p.embed, p.code, d.pats[inner.pat].code)
		}
		var src, tgt argGroup
		passive := false
		if !m.noun {
			if m.head > 0 {
				b := toks[m.head-1].id
				if (b == fw.is || b == fw.are || b == fw.was || b == fw.were || b == fw.be || b == fw.been || b == fw.being) && d.pastPart[toks[m.head].id] {
					passive = true
				}
			}
			src = sc.subject(m.head, true)
			if len(src.ms) == 0 && (seg.lead == fw.and || seg.lead == fw.but || seg.lead == fw.or || seg.punct) && prev.ok {
				// A coordinated verb phrase shares the subject: "sold Russia
				// dual-use goods but held back lethal aid".
				src = prev.src
				src.from = 1
				if !sc.hasMention(segment{start: m.end, end: seg.end}) {
					tgt = prev.tgt
				}
			}
			if len(tgt.ms) == 0 {
				// From the head on: the gap of "expelled Russian diplomats"
				// holds the target.
				from, limit := m.head+1, seg.end
				switch {
				case inner != nil && (p.embed == famAppeal || p.embed == famDemand):
					// The one appealed to stands before the content.
					limit = inner.start
				case inner != nil:
					from = inner.start
				}
				tgt = sc.objectGroup(from, limit, src.ms)
				if len(tgt.ms) == 0 && inner != nil {
					tgt = sc.objectGroup(inner.start, sc.segs[sc.segOf[inner.head]].end, src.ms)
				}
			}
			if passive {
				agent, _ := sc.prepObject(m.end, seg.end, nil, fw.by)
				src, tgt = agent, src
				if len(tgt.ms) > 0 && len(src.ms) > 0 && sc.sameActor(src.ms[0], tgt.ms) {
					tgt = argGroup{}
				}
			}
		} else {
			// Nouns: "Russia's invasion of Ukraine", "the Chinese
			// shelling", "sanctions on Iran by the EU".
			for k := m.start - 1; k >= seg.start && k >= m.start-4; k-- {
				t := &toks[k]
				if t.ment >= 0 {
					sm := &sc.sm[t.ment]
					if sm.m.Possessive || sm.m.Kind == entente.NameDemonym || k == m.start-1 || (sm.te < n && toks[sm.te-1].flags&fPoss != 0) {
						src = sc.copyGroup(argGroup{ms: []int{int(t.ment)}, end: sm.te}, 0)
					}
					break
				}
				if t.id == fw.its || t.id == fw.their {
					src = sc.pronoun(k)
					break
				}
				if t.flags&fPunct != 0 || sc.isPrep(t.id) {
					break
				}
			}
			if len(src.ms) == 0 {
				src, _ = sc.prepObject(m.end, seg.end, nil, fw.by)
			}
			ofG, ofAt := sc.prepObject(m.end, seg.end, src.ms, fw.of)
			tgt, _ = sc.prepObject(m.end, seg.end, src.ms, fw.to, fw.on, fw.against, fw.with, fw.toward, fw.towards, fw.into, fw.in, fw.at, fw.over, fw.for_, fw.from)
			switch {
			case len(ofG.ms) > 0 && len(src.ms) == 0 && len(tgt.ms) > 0:
				src = ofG // "the deployment of North Korean troops to Russia"
			case len(ofG.ms) > 0 && (len(tgt.ms) == 0 || ofAt < m.end+4):
				if len(tgt.ms) == 0 || !sc.sameActor(ofG.ms[0], src.ms) {
					tgt = ofG // "the invasion of Ukraine"
				}
			}
			if len(src.ms) == 0 && !hasVerb(si) {
				src = sc.subject(m.head, true)
				if len(tgt.ms) == 0 && (seg.lead == fw.and || seg.lead == fw.but) && prev.ok {
					tgt = prev.tgt
				}
				if len(src.ms) == 0 && (seg.lead == fw.and || seg.lead == fw.but || seg.punct) && prev.ok {
					src = prev.src
					src.from = 1
					if len(tgt.ms) == 0 {
						tgt = prev.tgt
					}
				}
			}
			if len(tgt.ms) > 0 && len(src.ms) > 0 && sc.sameActor(tgt.ms[0], src.ms) {
				tgt = argGroup{}
			}
			if !p.mono && (len(src.ms) == 0 || len(tgt.ms) == 0) {
				continue
			}
		}
		if !m.noun {
			prev = clauseArgs{src: src, tgt: tgt, ok: len(src.ms) > 0}
		}
		if len(src.ms) == 0 && len(tgt.ms) == 0 {
			continue
		}
		if len(src.ms) > 0 && src.from == 0 && lastSubj < 0 {
			lastSubj = i
			sc.remember(src)
		}
		if len(src.ms) > 0 && src.from == 0 && !sc.subordinate(seg.lead) {
			sc.mainSubj = append(sc.mainSubj[:0], src.ms...)
		}
		neg, mod := sc.qualify(m, src, seg, si)
		conf := 0.55
		if len(src.ms) > 0 {
			conf += 0.2
		}
		if len(tgt.ms) > 0 {
			conf += 0.15
		}
		if !m.noun {
			conf += 0.05
		}
		if p.literal >= 2 {
			conf += 0.05
		}
		if src.from > 0 {
			conf -= 0.1
		}
		if m.gap {
			conf -= 0.05
		}
		conf = math.Round(math.Min(conf, 0.99)*100) / 100
		plover, gold, _ := d.CodeInfo(code)
		qs := sc.quantitiesFor(i)
		emit := func(a, b int) {
			var sref, tref *entente.ActorRef
			if a >= 0 {
				sref = sc.ref(text, a)
			}
			if b >= 0 {
				tref = sc.ref(text, b)
			}
			key := evKey{code: code, neg: neg}
			if sref != nil {
				key.src = sref.Code
			}
			if tref != nil {
				key.tgt = tref.Code
			}
			for _, k := range sc.seen {
				if k == key {
					return
				}
			}
			sc.seen = append(sc.seen, key)
			trig := Span{int(toks[m.start].start), int(toks[m.end-1].end)}
			dst = append(dst, Extracted{
				Start: s.Start, End: s.End, Text: text[s.Start:s.End],
				Source: sref, Target: tref, CAMEO: code, PLOVER: plover, Goldstein: gold,
				Negated: neg, Modality: mod, Quantities: qs, Confidence: conf, Trigger: trig,
			})
		}
		switch {
		case p.recip && len(tgt.ms) == 0 && len(src.ms) >= 2:
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
	}
	// A sentence with nothing else to code is a statement by its speaker.
	if len(dst) == before && len(sc.says) > 0 {
		sy := sc.says[0]
		if len(sy.group) > 0 {
			plover, gold, _ := d.CodeInfo("010")
			si := sc.segOf[sy.tok]
			limit := n
			tg := sc.objectGroup(sy.tok+1, limit, sy.group)
			_ = si
			a := sy.group[0]
			sref := sc.ref(text, a)
			var tref *entente.ActorRef
			conf := 0.6
			if len(tg.ms) > 0 {
				tref = sc.ref(text, tg.ms[0])
				conf = 0.7
			}
			neg := false
			for _, c := range sc.cues {
				if d.pats[c.pat].kind == kindNeg && c.end <= sy.tok && c.start >= sc.segs[si].start {
					neg = true
				}
			}
			dst = append(dst, Extracted{
				Start: s.Start, End: s.End, Text: text[s.Start:s.End],
				Source: sref, Target: tref, CAMEO: "010", PLOVER: plover, Goldstein: gold,
				Negated: neg, Modality: entente.Asserted, Quantities: sc.quantitiesAll(), Confidence: conf,
				Trigger: Span{int(toks[sy.tok].start), int(toks[sy.tok].end)},
			})
			sc.remember(argGroup{ms: sy.group})
		}
	} else if len(sc.says) > 0 && lastSubj < 0 {
		if g := sc.says[0].group; len(g) > 0 {
			sc.remember(argGroup{ms: g})
			lastSubj = 0
		}
	}
	// A sentence that opens with an actor makes it the topic later
	// pronouns refer to, even when nothing in it was coded.
	if lastSubj < 0 && len(dst) == before && n > 0 && toks[0].ment >= 0 {
		sc.remember(argGroup{ms: []int{int(toks[0].ment)}})
	} else if lastSubj < 0 && len(dst) == before && n > 1 && toks[0].id == fw.the && toks[1].ment >= 0 {
		sc.remember(argGroup{ms: []int{int(toks[1].ment)}})
	}
	return dst
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
		sc.lastTmp = append(sc.lastTmp, *sc.sm[mi].m)
	}
	sc.last, sc.lastTmp = sc.lastTmp, sc.last
}

func (sc *scratch) ref(text string, mi int) *entente.ActorRef {
	m := sc.sm[mi].m
	t := m.Text
	if m.Start >= 0 && m.End <= len(text) && m.End > m.Start {
		t = text[m.Start:m.End]
	}
	return &entente.ActorRef{Code: m.Code, Country: m.Country, Text: t}
}

// qualify reads the cues before the act: negation and modality.
func (sc *scratch) qualify(m *match, src argGroup, seg segment, si int) (bool, entente.Modality) {
	d := sc.d
	from := seg.start
	if len(src.ms) > 0 && src.from == 0 && src.end > from && src.end <= m.start {
		from = src.end
	}
	neg, hedge, rec, rep := false, false, false, false
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
		switch d.pats[c.pat].kind {
		case kindNeg:
			neg = true
		case kindHedge:
			hedge = true
		case kindRec:
			rec = true
		}
	}
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
	if seg.sayer >= 0 && other(sc.says[seg.sayer].group) {
		rep = true
	}
	for _, sy := range sc.says {
		if sy.tok > m.end && sc.segOf[sy.tok] != si && other(sy.group) && sc.segs[sc.segOf[sy.tok]].sayer < 0 {
			rep = true // "Russia attacked Ukraine, Kyiv said."
		}
	}
	for _, c := range sc.cues {
		if d.pats[c.pat].kind == kindReport {
			rep = true
		}
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
	// Attach each remaining quantity to the nearest coded act.
	for _, q := range sc.quants {
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
	for i := range sc.ms {
		m := &sc.ms[i]
		p := &d.pats[m.pat]
		if p.embed == famNone || m.consumed {
			continue
		}
		for j := i + 1; j < len(sc.ms); j++ {
			o := &sc.ms[j]
			if o.start-m.end > 8 {
				break
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
			if o.noun || (o.start > 0 && toks[o.start-1].id == fw.to) {
				m.inner = j
				o.consumed = true
				break
			}
		}
	}
	// Purpose clauses ("sent troops to fight alongside Russia") and nouns
	// that are arguments of a verb ("condemned Pyongyang's deployment") are
	// not coded on their own.
	for i := range sc.ms {
		m := &sc.ms[i]
		if m.consumed {
			continue
		}
		for j := 0; j < i; j++ {
			v := &sc.ms[j]
			if v.consumed || v.noun || sc.segOf[v.head] != sc.segOf[m.head] {
				continue
			}
			if m.noun || (m.start > 0 && toks[m.start-1].id == fw.to) {
				m.off = true
			}
		}
	}
}

package registry

import (
	"math"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"entente"
)

// scratch holds the per-call buffers of FindMentions; pooling them keeps
// the steady state free of allocations.
type scratch struct {
	toks []token
	fold []byte
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{toks: make([]token, 0, 256), fold: make([]byte, 0, 64)}
}}

// maxPooledTokens bounds the token buffer returned to the pool, so that one
// huge document does not pin its buffer for the life of the process.
const maxPooledTokens = 1 << 16

// FindMentions appends the actor mentions in text, as of day on, to dst and
// returns it; it implements entente.Resolver. At each word it takes the
// longest phrase naming an actor valid that day (a zero on prefers actors,
// names and leaders valid today). Mentions do not overlap and come in text
// order.
//
// Spans: a leading article ("the") is never part of a span. A possessive
// suffix ("Pyongyang's", "the Philippines'") is always inside the span and
// sets Possessive. Role phrases extend the span: "Chinese coast guard",
// "Russia's foreign ministry", "government of China".
//
// Matching folds case and accents for phrases of four letters or more and
// is case-sensitive below ("US", "PRC"); "U.S." matches "US". A phrase that
// names two actors equally well on the day ("Queen Elizabeth" as head of
// state of several realms) gives no mention rather than a guess.
//
// Role is the phrase's CAMEO role: GOV for capitals, metonyms, institutions
// and leaders unless names.tsv says otherwise, or that of a role phrase.
// Code is the actor's CAMEO code with the role appended for states
// ("USAGOV", "CHNMIL", "PRK"); an organisation's CAMEO code ("IGOUNO")
// takes no suffix. Country is the ISO3 code the state had on the day, its
// entente code when it has none (Kosovo), and "" for organisations.
func (r *Registry) FindMentions(text string, on time.Time, dst []entente.Mention) []entente.Mention {
	if r == nil || r.idx == nil || text == "" || len(text) > math.MaxInt32 {
		// Token offsets are 32-bit; no article comes near 2 GiB.
		return dst
	}
	x := r.idx
	sc := scratchPool.Get().(*scratch)
	toks, fold := x.voc.tokenize(text, sc.toks[:0], sc.fold[:0], false)
	anyDay := on.IsZero()
	var d int32
	if !anyDay {
		d = dayNum(day(on))
	}
	lastEnd := 0
	for i := 0; i < len(toks); {
		id := toks[i].id
		if id < 0 || len(x.first[id]) == 0 {
			i++
			continue
		}
		m, next, ok := r.matchAt(text, toks, i, d, anyDay, lastEnd)
		if !ok {
			// next skips the words of a stop phrase, else just this word.
			i = next
			continue
		}
		dst = append(dst, m)
		lastEnd = m.End
		i = next
	}
	if cap(toks) <= maxPooledTokens {
		sc.toks, sc.fold = toks[:0], fold[:0]
		scratchPool.Put(sc)
	}
	return dst
}

// sameLetters compares a word as written, ignoring the periods of an
// abbreviation, with the letters of a case-sensitive phrase token.
func sameLetters(s, want string) bool {
	j := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			continue
		}
		if j >= len(want) || s[i] != want[j] {
			return false
		}
		j++
	}
	return j == len(want)
}

// matches reports whether the phrase is written at ts.
func (p *phrase) matches(text string, ts []token) bool {
	last := len(ts) - 1
	for j := range ts {
		t := &ts[j]
		pt := &p.toks[j]
		if t.id != pt.id || j > 0 && gapBefore(text, ts, j) != pt.gap {
			return false
		}
		// Inside a phrase a possessive must be where the name has one
		// ("People's Republic"); the last word may add one ("Russia's").
		if j < last && t.poss != pt.poss || j == last && pt.poss && !t.poss {
			return false
		}
		if p.exact != nil && !sameLetters(text[t.start:t.end], p.exact[j]) {
			return false
		}
	}
	return true
}

// matches reports whether a role phrase is written at ts: words joined by
// spaces or hyphens, with no possessive but on the last.
func (p *rolePhrase) matches(text string, ts []token) bool {
	for j := range ts {
		t := &ts[j]
		if t.id != p.toks[j] || j > 0 && gapBefore(text, ts, j) != gapJoin || j < len(ts)-1 && t.poss {
			return false
		}
	}
	return true
}

// stopSense is what pickSense returns for a stop phrase.
const stopSense = -2

// pickSense chooses the sense of a phrase on day d: the valid one of lowest
// priority, preferring current senses when no day is given. It returns -1
// when none is valid or two actors tie, since guessing between Congo and
// Congo would code the wrong state.
func (r *Registry) pickSense(p *phrase, d int32, anyDay bool) int32 {
	x := r.idx
	best, bestKey, tie := int32(-1), 0, false
	for _, si := range p.sense {
		s := &x.senses[si]
		if s.actor == stopActor {
			return stopSense
		}
		key := int(s.prio)
		if anyDay {
			if !s.cur {
				key += 64
			}
		} else if !s.valid.has(d) || !r.info[s.actor].valid.has(d) {
			continue
		}
		switch {
		case best < 0 || key < bestKey:
			best, bestKey, tie = si, key, false
		case key == bestKey && x.senses[best].actor != s.actor:
			tie = true
		}
	}
	if tie {
		return -1
	}
	return best
}

// matchAt tries the phrases starting at token i, longest first, and builds
// the mention of the first that names a valid actor. It returns the index
// of the token after the mention.
func (r *Registry) matchAt(text string, toks []token, i int, d int32, anyDay bool, lastEnd int) (entente.Mention, int, bool) {
	x := r.idx
	// Names are proper nouns: a word in lower case ("male", "turkey",
	// "china" as porcelain) starts no mention, unless the name itself is
	// written so ("de la Rua", "von der Leyen").
	c, _ := utf8.DecodeRuneInString(text[toks[i].start:])
	lower := unicode.IsLower(c)
	for _, pi := range x.first[toks[i].id] {
		p := &x.phrases[pi]
		n := len(p.toks)
		if lower && p.proper || i+n > len(toks) || !p.matches(text, toks[i:i+n]) {
			continue
		}
		si := r.pickSense(p, d, anyDay)
		if si == stopSense {
			return entente.Mention{}, i + n, false
		}
		if si < 0 {
			continue
		}
		m, next := r.mention(text, toks, i, i+n, si, d, anyDay, lastEnd)
		return m, next, true
	}
	return entente.Mention{}, i + 1, false
}

// mention builds the mention of sense si named by toks[i:j], extended by a
// role phrase after or before it.
func (r *Registry) mention(text string, toks []token, i, j int, si int32, d int32, anyDay bool, lastEnd int) (entente.Mention, int) {
	x := r.idx
	s := &x.senses[si]
	last := &toks[j-1]
	start, end := int(toks[i].start), int(last.end)
	poss := last.poss
	if poss {
		end = int(last.possEnd)
	}
	role := s.role
	after, before := -1, -1
	next := j
	if j < len(toks) && toks[j].id >= 0 && len(x.after[toks[j].id]) > 0 && gapBefore(text, toks, j) == gapJoin {
		for _, ri := range x.after[toks[j].id] {
			rp := &x.roleP[ri]
			k := j + len(rp.toks)
			if k <= len(toks) && rp.matches(text, toks[j:k]) {
				after, role, next = int(ri), rp.role, k
				t := &toks[k-1]
				end = int(t.end)
				if t.poss {
					end, poss = int(t.possEnd), true
				}
				break
			}
		}
	}
	if i > 0 && toks[i-1].id >= 0 && len(x.before[toks[i-1].id]) > 0 && gapBefore(text, toks, i) == gapJoin {
		for _, ri := range x.before[toks[i-1].id] {
			rp := &x.roleP[ri]
			k := i - len(rp.toks)
			if k >= 0 && int(toks[k].start) >= lastEnd && rp.matches(text, toks[k:i]) {
				before, start = int(ri), int(toks[k].start)
				if after < 0 {
					role = rp.role
				}
				break
			}
		}
	}
	why := s.why
	if after >= 0 || before >= 0 {
		why = r.roleWhy(si, after, before)
	}
	return entente.Mention{
		Start:      start,
		End:        end,
		Text:       text[start:end],
		Actor:      r.actors[s.actor].Code,
		Country:    r.country(s.actor, d, anyDay),
		Role:       x.roles[role],
		Code:       r.actorCode(s.actor, role, d, anyDay),
		Kind:       s.kind,
		Why:        why,
		Possessive: poss,
	}, next
}

// roleWhy explains a mention qualified by role phrases, building the
// sentence on first use and caching it.
func (r *Registry) roleWhy(si int32, after, before int) string {
	key := uint64(uint32(si))<<32 | uint64(uint16(after+1))<<16 | uint64(uint16(before+1))
	r.whyMu.RLock()
	w, ok := r.why[key]
	r.whyMu.RUnlock()
	if ok {
		return w
	}
	x := r.idx
	var sb strings.Builder
	sb.WriteString(x.senses[si].why)
	for _, ri := range []int{before, after} {
		if ri < 0 {
			continue
		}
		rp := &x.roleP[ri]
		sb.WriteString("; '")
		sb.WriteString(rp.text)
		sb.WriteString("' marks its ")
		sb.WriteString(roleWords(x.roles[rp.role]))
	}
	w = sb.String()
	r.whyMu.Lock()
	if r.why == nil {
		r.why = make(map[uint64]string)
	}
	r.why[key] = w
	r.whyMu.Unlock()
	return w
}

// byPhrase resolves a whole string as one indexed phrase. It reports
// ok=false when no phrase matches on the day, so ByName can try codes.
func (r *Registry) byPhrase(text string, on time.Time) (entente.Actor, bool, error) {
	x := r.idx
	toks, _ := x.voc.tokenize(text, nil, nil, false)
	if len(toks) > 1 && toks[0].id == x.the {
		toks = toks[1:]
	}
	if len(toks) == 0 || toks[0].id < 0 {
		return entente.Actor{}, false, nil
	}
	anyDay := on.IsZero()
	var d int32
	if !anyDay {
		d = dayNum(on)
	}
	best, bestKey := []int32(nil), 0
	for _, pi := range x.first[toks[0].id] {
		p := &x.phrases[pi]
		if len(p.toks) != len(toks) {
			continue
		}
		same := true
		for k := range toks {
			if toks[k].id != p.toks[k].id {
				same = false
				break
			}
		}
		if !same {
			continue
		}
		for _, si := range p.sense {
			s := &x.senses[si]
			if s.actor == stopActor {
				continue
			}
			key := int(s.prio)
			if anyDay {
				if !s.cur {
					key += 64
				}
			} else if !s.valid.has(d) || !r.info[s.actor].valid.has(d) {
				continue
			}
			switch {
			case best == nil || key < bestKey:
				best, bestKey = []int32{s.actor}, key
			case key == bestKey:
				best = append(best, s.actor)
			}
		}
	}
	if best == nil {
		return entente.Actor{}, false, nil
	}
	first := best[0]
	for _, a := range best[1:] {
		if a != first {
			return entente.Actor{}, true, r.ambiguous(text, on, best)
		}
	}
	return r.actors[first], true, nil
}

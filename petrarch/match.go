package petrarch

import (
	"sort"
	"strings"
)

// beForms are the auxiliaries that make a past participle passive.
var beForms = map[string]bool{"IS": true, "ARE": true, "WAS": true, "WERE": true, "BE": true, "BEEN": true, "BEING": true, "'S": true, "AM": true}

// binding is what a pattern's actor elements matched.
type binding struct {
	source, target []string
	compound       bool
	compoundCodes  []string
	compoundAfter  bool
	// lastPos is where the element after the last one matched would start;
	// upperEnd keeps it for the part after the verb.
	lastPos, upperEnd int
}

// codeVerb codes the verb at leaf i: finds its dictionary form, its default
// source (the subject) and target (the first actor after it), tries the
// block's patterns and builds the events.
func (s *sentence) codeVerb(i int) []Coded {
	form, first, last, ok := s.findVerb(i)
	if !ok {
		return nil
	}
	source := s.subject(i)
	target := s.object(i, last)
	if s.passive(i) {
		if by := s.byAgent(i, last); by != nil {
			source, target = by, source
		}
	}
	code := form.code
	var patLine int64
	for _, p := range sortedPatterns(form.block) {
		var b binding
		if !s.matchSeq(p.Upper, 0, last+1, 1, &b) {
			continue
		}
		b.upperEnd = b.lastPos
		lower := reversed(p.Lower)
		if !s.matchSeq(lower, 0, first-1, -1, &b) {
			continue
		}
		code, patLine = p.Code, p.Line
		if b.source != nil {
			source = b.source
		}
		if b.target != nil {
			if b.source == nil && sameCodes(b.target, source) {
				// "Falastur noted that Cirith Ungol regretted": the pattern
				// took the verb's subject as its target, so the source is
				// the subject of the clause above.
				source = s.subjectAbove(i)
			}
			target = b.target
		}
		if vp := s.leaves[i].Parent; !anyCoded(target) && len(p.Upper) > 0 && vp != nil && b.upperEnd > vp.To {
			// A pattern that reached past the verb's own phrase (a parse
			// that cut "launched a new bombing and shelling offensive" in
			// two) finds its target after the words it matched.
			target = s.actorFrom(b.upperEnd)
		}
		if b.compound && b.compoundAfter {
			// "* WITH %": the compound after the verb is the target.
			target = b.compoundCodes
		} else if b.compound {
			// "%" marks a compound actor acting on itself: its members are
			// each other's targets.
			source, target = b.compoundCodes, nil
		}
		break
	}
	if code == "" || strings.Trim(code, "-") == "" {
		return nil
	}
	verb := strings.Join(form.words, " ")
	var out []Coded
	emit := func(src, tgt, c string) {
		if c == "" {
			return
		}
		if s.opts.RequireDyad && (!coded(src) || !coded(tgt)) {
			return
		}
		if src == "" {
			src = "---"
		}
		if tgt == "" {
			tgt = "---"
		}
		// No self-dyads, for agents without a country too: "police
		// arrived, police" is not police acting on police (a fuzz finding;
		// the validation records score the same with or without it).
		if src == tgt && src != "---" {
			return
		}
		out = append(out, Coded{Source: src, Target: tgt, Code: c, Verb: verb, Pattern: patLine})
	}
	fwd, back, paired := strings.Cut(code, ":")
	pairs := [][2]string{}
	if !anyReal(target) && len(realOnly(source)) > 1 {
		// A compound subject without an object acts on itself: "Gondor and
		// Osgiliath renewed ties" is each towards the other.
		src := realOnly(source)
		for _, a := range src {
			for _, b := range src {
				if a != b {
					pairs = append(pairs, [2]string{a, b})
				}
			}
		}
		for _, p := range pairs {
			emit(p[0], p[1], fwd)
		}
		return out
	}
	if len(source) == 0 {
		source = []string{""}
	}
	if len(target) == 0 {
		if !s.hasObject(i, last) {
			// Without any noun phrase after it ("an official said today",
			// where "today" is NP-TMP) a verb has no object, not an unknown
			// one, and PETRARCH codes nothing.
			return nil
		}
		target = []string{""}
	}
	for _, a := range source {
		for _, b := range target {
			emit(a, b, fwd)
			if paired {
				emit(b, a, back)
			}
		}
	}
	return out
}

func realOnly(cs []string) []string {
	var out []string
	for _, c := range cs {
		if realActor(c) {
			out = append(out, c)
		}
	}
	return out
}

func reversed(t []Tok) []Tok {
	out := make([]Tok, len(t))
	for i := range t {
		out[len(t)-1-i] = t[i]
	}
	return out
}

// sortedPatterns orders a block's patterns most specific first: more
// elements first, file order among equals, as TABARI tries them.
func sortedPatterns(b *VerbBlock) []Pattern {
	ps := append([]Pattern(nil), b.Patterns...)
	sort.SliceStable(ps, func(i, j int) bool {
		return len(ps[i].Lower)+len(ps[i].Upper) > len(ps[j].Lower)+len(ps[j].Upper)
	})
	return ps
}

// findVerb finds the dictionary form of the verb at leaf i, with the span
// of its words.
func (s *sentence) findVerb(i int) (verbForm, int, int, bool) {
	for _, f := range s.d.verbIx[s.words[i]] {
		first := i - f.head
		last := first + len(f.words) - 1
		if first < 0 || last >= len(s.words) {
			continue
		}
		ok := true
		for k, w := range f.words {
			if s.words[first+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return f, first, last, true
		}
	}
	return verbForm{}, 0, 0, false
}

// subject finds the source of the verb at leaf i: climbing from the verb,
// the first noun phrase standing before it in an enclosing phrase.
func (s *sentence) subject(i int) []string {
	n := s.leaves[i]
	for p := n.Parent; p != nil; n, p = p, p.Parent {
		idx := kidIndex(p, n)
		for k := idx - 1; k >= 0; k-- {
			sib := p.Kids[k]
			if isNP(sib) {
				if pronoun(sib) {
					// "Ethiopia indicated it would act": the pronoun stands
					// for the subject further up.
					break
				}
				if c := s.npCodes(sib); len(c) > 0 {
					return c
				}
				return s.newActor([]*node{sib})
			}
		}
	}
	return nil
}

func kidIndex(p, n *node) int {
	for k, c := range p.Kids {
		if c == n {
			return k
		}
	}
	return -1
}

// object finds the default target: the first noun phrase with an actor
// after the verb's last word inside the verb's phrase.
func (s *sentence) object(i, last int) []string {
	vp := s.leaves[i].Parent
	if vp == nil {
		return nil
	}
	var found []string
	var walk func(n *node) bool
	walk = func(n *node) bool {
		if n.To <= last+0 || n.leaf() {
			return false
		}
		if n.From > last && isNP(n) {
			if c := s.npCodes(n); anyCoded(c) {
				found = c
				return true
			}
		}
		for _, k := range n.Kids {
			if walk(k) {
				return true
			}
		}
		return false
	}
	walk(vp)
	if found == nil && s.opts.NewActorLength > 0 {
		// No known actor: the first noun phrase short enough to be named by
		// its words is a new one.
		var walkNew func(n *node) bool
		walkNew = func(n *node) bool {
			if n.To <= last || n.leaf() {
				return false
			}
			if n.From > last && isNP(n) {
				if c := s.newActor([]*node{n}); c != nil {
					found = c
					return true
				}
			}
			for _, k := range n.Kids {
				if walkNew(k) {
					return true
				}
			}
			return false
		}
		walkNew(vp)
	}
	return found
}

func sameCodes(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// subjectAbove skips the verb's own subject and returns the subject of the
// clause above it.
func (s *sentence) subjectAbove(i int) []string {
	n := s.leaves[i]
	skipped := false
	for p := n.Parent; p != nil; n, p = p, p.Parent {
		for k := kidIndex(p, n) - 1; k >= 0; k-- {
			if sib := p.Kids[k]; isNP(sib) && !pronoun(sib) {
				if !skipped {
					skipped = true
					break
				}
				return s.npCodes(sib)
			}
		}
	}
	return nil
}

// actorFrom returns the first coded noun phrase starting at or after leaf p.
func (s *sentence) actorFrom(p int) []string {
	for ; p >= 0 && p < len(s.words); p++ {
		if np := s.maxNP(p, 1); np != nil {
			return s.npCodes(np)
		}
	}
	return nil
}

// hasObject says whether a plain noun phrase follows the verb inside its
// verb phrase, coded or not.
func (s *sentence) hasObject(i, last int) bool {
	vp := s.leaves[i].Parent
	var walk func(n *node) bool
	walk = func(n *node) bool {
		if n.leaf() || n.To <= last+1 {
			return false
		}
		if n.Label == "NP" && n.From > last {
			return true
		}
		for _, k := range n.Kids {
			if walk(k) {
				return true
			}
		}
		return false
	}
	return vp != nil && walk(vp)
}

// passive says the verb at leaf i is a past participle under a form of
// "be".
func (s *sentence) passive(i int) bool {
	if s.leaves[i].Label != "VBN" {
		return false
	}
	vp := s.leaves[i].Parent
	for p := vp.Parent; p != nil && p.Label == "VP"; p = p.Parent {
		for _, k := range p.Kids {
			if k.leaf() && strings.HasPrefix(k.Label, "VB") {
				if beForms[strings.ToUpper(k.Word)] {
					return true
				}
				break
			}
		}
	}
	return false
}

// byAgent finds the "by" phrase of a passive verb and its actor, looking
// inside the verb's phrase but not into clauses under it.
func (s *sentence) byAgent(i, last int) []string {
	var found []string
	var walk func(n *node) bool
	walk = func(n *node) bool {
		if n.leaf() || n.To <= last+1 && n != s.leaves[i].Parent {
			return false
		}
		if n.Label == "PP" && n.From > last && len(n.Kids) > 1 && n.Kids[0].leaf() && strings.EqualFold(n.Kids[0].Word, "by") {
			for _, kk := range n.Kids[1:] {
				if isNP(kk) {
					if c := s.npCodes(kk); anyReal(c) {
						found = c
						return true
					}
				}
			}
			return false
		}
		for _, k := range n.Kids {
			if k.Label == "S" || k.Label == "SBAR" {
				continue
			}
			if walk(k) {
				return true
			}
		}
		return false
	}
	walk(s.leaves[i].Parent)
	return found
}

// pronoun says a noun phrase is a bare personal pronoun.
func pronoun(np *node) bool {
	return len(np.Kids) == 1 && np.Kids[0].leaf() && np.Kids[0].Label == "PRP"
}

// coded says a code is usable for a dyad: an actor, or an agent of an
// unnamed one ("---EDU").
func coded(c string) bool { return c != "" && c != "---" }

func anyCoded(cs []string) bool {
	for _, c := range cs {
		if coded(c) {
			return true
		}
	}
	return false
}

// matchSeq matches pattern elements toks[k:] from position pos moving in
// direction dir (+1 after the verb, -1 before it), allowing words between
// elements unless an element is joined to the one before it.
func (s *sentence) matchSeq(toks []Tok, k, pos, dir int, b *binding) bool {
	if k == len(toks) {
		b.lastPos = pos
		return true
	}
	t := toks[k]
	if t.Kind == TokOpen || t.Kind == TokClose {
		return s.matchSeq(toks, k+1, pos, dir, b)
	}
	for p := pos; p >= 0 && p < len(s.words); p += dir {
		saved := *b
		if next, ok := s.matchOne(t, p, dir, b); ok && s.matchSeq(toks, k+1, next, dir, b) {
			return true
		}
		*b = saved
		if t.Joined {
			break
		}
	}
	return false
}

// matchOne matches one element at position p and returns where the next
// element starts.
func (s *sentence) matchOne(t Tok, p, dir int, b *binding) (int, bool) {
	switch t.Kind {
	case TokWord:
		if s.words[p] == t.Word {
			return p + dir, true
		}
	case TokSynset:
		for _, m := range s.d.synsetWords(t.Word) {
			if n, ok := s.matchWords(m, p, dir); ok {
				return n, true
			}
		}
	case TokSource, TokTarget, TokCompound:
		np := s.maxNP(p, dir)
		if np == nil {
			return 0, false
		}
		c := s.npCodes(np)
		switch t.Kind {
		case TokSource:
			b.source = c
		case TokTarget:
			b.target = c
		default:
			b.compound, b.compoundCodes, b.compoundAfter = true, c, dir > 0
		}
		if dir > 0 {
			return np.To, true
		}
		return np.From - 1, true
	case TokSkip:
		// "^" skips the rest of the noun phrase the match stands in: the
		// largest one starting (ending, before the verb) here, else the
		// smallest one around this word ("their ^ about": "Ent
		// populations").
		var best *node
		for n := s.leaves[p].Parent; n != nil; n = n.Parent {
			if dir > 0 && n.From != p || dir < 0 && n.To != p+1 {
				break
			}
			if isNP(n) {
				best = n
			}
		}
		if best == nil {
			for n := s.leaves[p].Parent; n != nil; n = n.Parent {
				if isNP(n) {
					best = n
					break
				}
			}
		}
		if best == nil {
			return 0, false
		}
		if dir > 0 {
			return best.To, true
		}
		return best.From - 1, true
	}
	return 0, false
}

// matchWords matches a run of adjacent words at p in direction dir; the
// last word may be a regular plural.
func (s *sentence) matchWords(ws []string, p, dir int) (int, bool) {
	n := len(ws)
	start := p
	if dir < 0 {
		start = p - n + 1
	}
	if start < 0 || start+n > len(s.words) {
		return 0, false
	}
	for k, w := range ws {
		got := s.words[start+k]
		if got != w && !(k == n-1 && isPluralOf(got, w)) {
			return 0, false
		}
	}
	if dir > 0 {
		return start + n, true
	}
	return start - 1, true
}

// synsetWords expands a synset into word runs, nested synsets included.
func (d *Dictionaries) synsetWords(name string) [][]string {
	return expandSynset(d.Verbs, name, 0)
}

func expandSynset(v *VerbDict, name string, depth int) [][]string {
	if v == nil || depth > 8 {
		return nil
	}
	var out [][]string
	for _, m := range v.Synsets[name] {
		runs := [][]string{nil}
		for _, t := range m {
			var next [][]string
			if t.Kind == TokSynset {
				for _, r := range runs {
					for _, e := range expandSynset(v, t.Word, depth+1) {
						next = append(next, append(append([]string(nil), r...), e...))
					}
				}
			} else {
				for _, r := range runs {
					next = append(next, append(append([]string(nil), r...), t.Word))
				}
			}
			runs = next
		}
		out = append(out, runs...)
	}
	return out
}

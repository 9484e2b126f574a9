package petrarch

import (
	"fmt"

	"entente"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Options are the PETRARCH configuration options that change coding. The
// zero value is not the default: use DefaultOptions.
type Options struct {
	// RequireDyad drops events that lack a source or a target actor
	// (PETRARCH's require_dyad, default true). When false the missing side
	// is written "---".
	RequireDyad bool
	// NewActorLength, when positive, codes an uncoded subject or object
	// noun phrase of at most this many words as a new actor named by its
	// text (PETRARCH's new_actor_length, default 0: off).
	NewActorLength int
}

// Validate checks the options.
func (o Options) Validate() error {
	if o.NewActorLength < 0 {
		return fmt.Errorf("petrarch options: new_actor_length %d is negative: %w", o.NewActorLength, entente.ErrInvalid)
	}
	return nil
}

// DefaultOptions are PETRARCH's defaults.
func DefaultOptions() Options { return Options{RequireDyad: true} }

// OptionsFrom reads a record's <Config> options over the defaults.
// Unknown options are ignored, as PETRARCH ignores options it does not use.
func OptionsFrom(m map[string]string) Options {
	o := DefaultOptions()
	if v, ok := m["require_dyad"]; ok {
		o.RequireDyad = strings.EqualFold(v, "true")
	}
	if v, ok := m["new_actor_length"]; ok {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			o.NewActorLength = n
		}
	}
	return o
}

// Coded is one event the coder found: PETRARCH's source, target and event
// codes, with the verb and the pattern line that produced it.
type Coded struct {
	Source  string `json:"source"`
	Target  string `json:"target"`
	Code    string `json:"code"`
	Verb    string `json:"verb,omitempty"`
	Pattern int64  `json:"pattern_line,omitempty"`
}

// Outcome of coding one sentence: events, or a discard, or a refusal.
type Outcome struct {
	Events []Coded `json:"events"`
	// Discard is "sentencediscard" or "storydiscard" when a discard phrase
	// stopped coding, the names PETRARCH's records use.
	Discard string `json:"discard,omitempty"`
	// Refused is "bad_input_parse" when the parse cannot be read.
	Refused string `json:"refused,omitempty"`
}

// verbForm is one way a verb appears in text: the words (several for
// "break down"), which of them is the verb, and the block it belongs to.
type verbForm struct {
	words     []string
	head      int
	block     *VerbBlock
	code      string
	generated bool
}

func (d *Dictionaries) indexVerbs() {
	d.verbIx = map[string][]verbForm{}
	if d.Verbs == nil {
		return
	}
	add := func(f verbForm) {
		key := f.words[f.head]
		for _, g := range d.verbIx[key] {
			if strings.Join(g.words, " ") == strings.Join(f.words, " ") && g.head == f.head && !g.generated {
				return
			}
		}
		d.verbIx[key] = append(d.verbIx[key], f)
	}
	for bi := range d.Verbs.Blocks {
		b := &d.Verbs.Blocks[bi]
		verbs := b.Verbs
		if len(verbs) == 0 {
			verbs = []Verb{{Words: strings.Split(b.Name, "_"), Head: 0}}
		}
		for _, v := range verbs {
			code := v.Code
			if code == "" {
				code = b.Code
			}
			add(verbForm{words: v.Words, head: v.Head, block: b, code: code})
			for _, f := range v.Forms {
				fw, fh := splitVerbWords(f)
				if len(fw) > 0 {
					add(verbForm{words: fw, head: fh, block: b, code: code})
				}
			}
			for _, g := range regularForms(v.Words[v.Head]) {
				w := append([]string(nil), v.Words...)
				w[v.Head] = g
				add(verbForm{words: w, head: v.Head, block: b, code: code, generated: true})
			}
		}
	}
	// Listed forms before generated ones, longer phrases before shorter.
	for k, fs := range d.verbIx {
		sort.SliceStable(fs, func(i, j int) bool {
			if len(fs[i].words) != len(fs[j].words) {
				return len(fs[i].words) > len(fs[j].words)
			}
			return !fs[i].generated && fs[j].generated
		})
		d.verbIx[k] = fs
	}
}

func splitVerbWords(s string) ([]string, int) {
	parts := strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return r == '_' || r == ' ' })
	head := 0
	var out []string
	for i, p := range parts {
		if strings.HasPrefix(p, "+") {
			head, p = i, p[1:]
		}
		if p != "" {
			out = append(out, p)
		}
	}
	if head >= len(out) {
		head = 0
	}
	return out, head
}

// regularForms spells the regular inflections of an English verb: -s,
// -es, -ed, -d, -ing, with y/ies/ied and a doubled final consonant.
func regularForms(w string) []string {
	if len(w) < 2 {
		return nil
	}
	last := w[len(w)-1]
	out := []string{w + "S", w + "ES", w + "ED", w + "ING"}
	switch {
	case last == 'E':
		out = append(out, w+"D", w[:len(w)-1]+"ING")
	case last == 'Y':
		out = append(out, w[:len(w)-1]+"IES", w[:len(w)-1]+"IED")
	case !strings.ContainsRune("AEIOUWXY", rune(last)) && strings.ContainsRune("AEIOU", rune(w[len(w)-2])):
		out = append(out, w+string(last)+"ED", w+string(last)+"ING")
	}
	return out
}

// sentence is a parsed record ready for matching.
type sentence struct {
	root   *node
	leaves []*node
	words  []string // upper case, one per leaf
	date   time.Time
	opts   Options
	d      *Dictionaries
	// actorAt and agentAt hold the dictionary match starting at a leaf.
	actorAt []match
	agentAt []match
	codes   map[*node][]string
}

type match struct {
	ref int32 // -1: none
	n   int
	// covered marks leaves inside a match that starts earlier.
	covered bool
}

// Code codes one record with the dictionaries. It needs the record's
// parse; a record without one is refused ("bad_input_parse").
func (d *Dictionaries) Code(rec Record) Outcome {
	return d.CodeParse(rec.Parse, rec.Date, OptionsFrom(rec.Options))
}

// CodeParse codes one sentence given as a Penn Treebank parse.
func (d *Dictionaries) CodeParse(parse string, date time.Time, opts Options) Outcome {
	root, leaves, err := parseTree(parse)
	if err != nil {
		return Outcome{Refused: "bad_input_parse"}
	}
	s := &sentence{root: root, leaves: leaves, date: date, opts: opts, d: d, codes: map[*node][]string{}}
	for _, l := range leaves {
		s.words = append(s.words, strings.ToUpper(l.Word))
	}
	if disc := s.discard(); disc != "" {
		return Outcome{Discard: disc}
	}
	s.actorAt = s.matchAll(d.actorIx)
	s.agentAt = s.matchAll(d.agentIx)
	var out Outcome
	seen := map[Coded]bool{}
	// A verb phrase that yields events owns the clauses inside it: "urged
	// Eriador to respond to Gondor" is one urging, and the verbs under a
	// coded verb are not coded again (the validation records expect this).
	coveredTo := -1
	for i, l := range leaves {
		if !strings.HasPrefix(l.Label, "VB") || i < coveredTo {
			continue
		}
		evs := s.codeVerb(i)
		if len(evs) > 0 && l.Parent != nil {
			coveredTo = l.Parent.To
		}
		for _, ev := range evs {
			k := Coded{Source: ev.Source, Target: ev.Target, Code: ev.Code}
			if seen[k] {
				continue
			}
			seen[k] = true
			out.Events = append(out.Events, ev)
		}
	}
	return out
}

func (s *sentence) discard() string {
	if s.d.Discards == nil {
		return ""
	}
	for i := range s.words {
		if ref, n := s.d.discardIx.longest(s.words, i); n > 0 {
			if s.d.Discards.Discards[ref].Story {
				return "storydiscard"
			}
			return "sentencediscard"
		}
	}
	return ""
}

func (s *sentence) matchAll(ix phraseIndex) []match {
	out := make([]match, len(s.words))
	for i := range out {
		out[i].ref = -1
	}
	for i := 0; i < len(s.words); {
		if ref, n := ix.longest(s.words, i); n > 0 && !s.caseClash(i, n) {
			out[i] = match{ref: ref, n: n}
			for k := i + 1; k < i+n; k++ {
				out[k].covered = true
			}
			i += n
			continue
		}
		i++
	}
	return out
}

// caseClash says a one-word match of at most three letters is written in
// mixed case in the text: dictionaries are upper case, and "Un" in "Kim
// Jong Un" is not the UN, nor "Us" the United States.
func (s *sentence) caseClash(i, n int) bool {
	if n != 1 || len(s.words[i]) > 3 {
		return false
	}
	w := s.leaves[i].Word
	return w != strings.ToUpper(w)
}

// realActor says a code names an actor, not only an agent of an unknown one.
func realActor(c string) bool { return c != "" && !strings.HasPrefix(c, "---") }

func anyReal(cs []string) bool {
	for _, c := range cs {
		if realActor(c) {
			return true
		}
	}
	return false
}

// isNP says whether a node is a noun phrase.
func isNP(n *node) bool { return n.Label == "NP" || strings.HasPrefix(n.Label, "NP-") }

// clausal nodes hold their own predicate: their actors are not the head
// noun's.
func clausal(n *node) bool {
	switch n.Label {
	case "PP", "SBAR", "VP", "S", "SINV", "SQ", "RRC", "PRN":
		return true
	}
	return false
}

// npCodes codes a noun phrase: the codes of each conjunct of a
// coordination, else the first actor of its head part with the agents
// there, else the actor of its first prepositional complement ("the
// ambassadors of Arnor") with the head's agents.
func (s *sentence) npCodes(np *node) []string {
	if c, ok := s.codes[np]; ok {
		return c
	}
	s.codes[np] = nil // guards against cycles while computing
	var out []string
	if segs := segments(np); len(segs) > 1 {
		for _, seg := range segs {
			var c []string
			if len(seg) == 1 && isNP(seg[0]) {
				c = s.npCodes(seg[0])
			} else {
				c = s.headCodes(seg)
			}
			if len(c) == 0 {
				c = s.newActor(seg)
			}
			out = append(out, c...)
		}
	} else {
		out = s.headCodes(np.Kids)
	}
	s.codes[np] = out
	return out
}

// headCodes codes the head part of a noun phrase given as its children.
func (s *sentence) headCodes(kids []*node) []string {
	actor := ""
	var pre, suf, inner []string
	var walk, walkKid func(n *node)
	walk = func(n *node) {
		if n.leaf() {
			i := n.From
			if m := s.actorAt[i]; m.ref >= 0 && actor == "" && len(inner) == 0 {
				actor = s.d.actorList[m.ref].CodeOn(s.date)
				if actor == "" {
					actor = "---"
				}
			}
			if m := s.agentAt[i]; m.ref >= 0 {
				a := s.d.agentList[m.ref]
				if a.Prefix {
					pre = append(pre, a.Code)
				} else {
					suf = append(suf, a.Code)
				}
			}
			return
		}
		for _, k := range n.Kids {
			walkKid(k)
		}
	}
	walkKid = func(k *node) {
		if clausal(k) {
			return
		}
		if isNP(k) && len(segments(k)) > 1 && actor == "" && len(inner) == 0 {
			// A coordination inside the head: its conjuncts are the actors.
			inner = append(inner, s.npCodes(k)...)
			return
		}
		walk(k)
	}
	for _, k := range kids {
		walkKid(k)
	}
	var bases []string
	if actor != "" {
		bases = append(bases, strings.Split(actor, "/")...)
	}
	bases = append(bases, inner...)
	if len(bases) == 0 {
		for _, k := range kids {
			if k.Label != "PP" {
				continue
			}
			for _, kk := range k.Kids {
				if isNP(kk) {
					if c := s.npCodes(kk); anyReal(c) {
						bases = c
					}
					break
				}
			}
			if len(bases) > 0 {
				break
			}
		}
	}
	if len(bases) == 0 && len(pre)+len(suf) > 0 {
		bases = []string{"---"}
	}
	var out []string
	for _, b := range bases {
		out = append(out, compose(pre, b, suf))
	}
	return out
}

// newActor names an uncoded noun phrase by its own words when the
// new_actor_length option allows phrases that short: the code is the
// upper-case text in quotes, possessive markers left out ("INJURY TOLL").
func (s *sentence) newActor(kids []*node) []string {
	if s.opts.NewActorLength <= 0 || len(kids) == 0 {
		return nil
	}
	var ws []string
	for _, k := range kids {
		for i := k.From; i < k.To; i++ {
			if s.leaves[i].Label == "POS" || !hasLetter(s.words[i]) {
				continue
			}
			ws = append(ws, s.words[i])
		}
	}
	if len(ws) == 0 || len(ws) > s.opts.NewActorLength {
		return nil
	}
	return []string{`"` + strings.Join(ws, " ") + `"`}
}

func hasLetter(w string) bool {
	for _, r := range w {
		if r >= 'A' && r <= 'Z' {
			return true
		}
	}
	return false
}

// compose attaches agent codes to an actor code, skipping an agent the code
// already carries (White House + officials stays USAGOV).
func compose(pre []string, base string, suf []string) string {
	c := base
	for _, p := range pre {
		if !strings.HasPrefix(c, p) {
			c = p + c
		}
	}
	for _, a := range suf {
		if len(c) >= 3 && strings.Contains(c[3:], a) {
			continue
		}
		c += a
	}
	return c
}

// segments splits a coordinated noun phrase ("Arnor, Osgiliath and
// Gondor", flat or with one NP per conjunct) into its conjuncts at the
// conjunction and the commas; a phrase without a conjunction is one
// segment.
func segments(np *node) [][]*node {
	hasCC := false
	for _, k := range np.Kids {
		if k.Label == "CC" {
			hasCC = true
		}
	}
	if !hasCC {
		return [][]*node{np.Kids}
	}
	var out [][]*node
	var cur []*node
	for _, k := range np.Kids {
		if k.Label == "CC" || k.Label == "," {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, k)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// maxNP returns the largest noun phrase starting (dir > 0) or ending (dir
// < 0) at leaf i that has actor codes, or nil.
func (s *sentence) maxNP(i, dir int) *node {
	var best *node
	for n := s.leaves[i].Parent; n != nil; n = n.Parent {
		if dir > 0 && n.From != i || dir < 0 && n.To != i+1 {
			break
		}
		if isNP(n) && anyReal(s.npCodes(n)) {
			best = n
		}
	}
	return best
}

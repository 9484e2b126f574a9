package coder

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"entente"
)

// The dictionary ships inside the binary so that coding needs no files at
// run time and every build codes the same way.
//
//go:embed dict/*.tsv
var embeddedDict embed.FS

// patKind tells what a dictionary pattern marks.
type patKind uint8

const (
	kindTrigger patKind = iota // names an event
	kindNeg                    // the following act did not happen
	kindRefuse                 // the following act was refused: a negation that CAMEO codes as a rejection for yielding and cooperation
	kindHedge                  // the following act is only expected or possible
	kindDoubt                  // the following act is expected not to happen: hedged and negated
	kindEval                   // a judgement ("illegal", "a provocation"): said of an actor, criticism
	kindRec                    // the following act is recommended
	kindMust                   // the following act is required: recommended, and a demand when someone says it
	kindReport                 // a third party vouches for the sentence
	kindSay                    // a verb of speech introducing a complement
	kindReact                  // a verb by which an act draws a reaction ("drew condemnation from")
)

var cueKinds = map[string]patKind{
	"neg": kindNeg, "refuse": kindRefuse, "hedge": kindHedge, "doubt": kindDoubt, "eval": kindEval, "rec": kindRec, "must": kindMust, "report": kindReport, "say": kindSay, "react": kindReact,
}

// family is the kind of act whose content is another trigger: an appeal,
// demand, intent or threat.
type family uint8

const (
	famNone family = iota
	famAppeal
	famDemand
	famIntent
	famThreaten
)

var families = map[string]family{
	"appeal": famAppeal, "demand": famDemand, "intent": famIntent, "threaten": famThreaten,
}

// slot is one position of a pattern: a set of word ids or a gap.
type slot struct {
	gap   bool
	words []int32 // sorted
	// seqs are alternatives of several words ("break/v_off"), each word a
	// set of forms.
	seqs [][][]int32
	verb bool // the slot holds a /v word: the pattern's head is a verb
	noun bool
}

func (s *slot) has(id int32) bool {
	if id == 0 {
		return false
	}
	_, ok := slices.BinarySearch(s.words, id)
	return ok
}

// pattern is one compiled dictionary line.
type pattern struct {
	kind    patKind
	code    string
	slots   []slot
	literal int  // number of non-gap slots, the match's strength
	head    int  // index of the head slot
	noun    bool // the head is a noun
	recip   bool
	mono    bool
	embed   family
	line    int
	// after: the target is sought after the whole match, not inside its
	// gaps ("back a UN motion that criticises Russia" targets Russia).
	after bool
	// reply: the act answers an earlier one, so its target is the
	// earlier act's source ("Manila may return the favour").
	reply bool
	// rev: the subject receives the act, so source and target swap
	// ("Niger receives Russian military support").
	rev bool
	// ref: the noun only refers back to an event told before ("the
	// launch", "the incident") and is never coded on its own; refAny
	// refers to an event of any kind ("the move").
	ref, refAny bool
	// anchor holds the words of the pattern's rarest later slot: one of
	// them must be in the sentence for the pattern to match, which spares
	// trying the gaps of most patterns at most words.
	anchor []int32
	// skip: the phrase names no event though its words would ("riot
	// police", "attack helicopter"); it only keeps other patterns off.
	skip bool
	// civ is the code used instead when the source is a popular actor
	// (civilians, opposition): "students protested" is a demonstration
	// (141), "Japan protested" an official complaint (114).
	civ string
}

// codeInfo is what codes.tsv says about a CAMEO code.
type codeInfo struct {
	plover    string
	goldstein float64
}

// Dict is the compiled event dictionary: vocabulary, patterns indexed by
// their first word, and the code table.
type Dict struct {
	vocab map[string]int32
	// fuzzy maps the one-letter deletions of long words to their ids
	// (-1 when two words share one), for typo-tolerant look-up.
	fuzzy    map[string]int32
	words    []string
	pastPart map[int32]bool // forms usable as past participles (passives)
	byFirst  map[int32][]int32
	pats     []pattern
	codes    map[string]codeInfo
	fw       funcWords
	// timeWord lists nouns of time ("this week", "last month") that never
	// make the word after them a noun.
	timeWord map[int32]bool
	// groupNoun lists the plural nouns of "both sides" and "the two
	// governments", which name the last actors mentioned together.
	groupNoun map[int32]entente.Role
	// roleNoun maps the nouns of "its foreign ministry" and "their
	// troops" to the role they give the possessor.
	roleNoun map[int32]entente.Role
	// adjective lists modifiers that also start patterns ("military
	// exercise"), so that "any military pressure" still reads as a noun.
	adjective map[int32]bool
	// baseForm marks the stems of the dictionary's verbs.
	baseForm map[int32]bool
	// irrLemma maps irregular past and participle forms to their lemmas,
	// and noLemma holds forms a pattern excludes: both for lemmaID.
	irrLemma map[string]string
	noLemma  map[string]bool
	// coups lists the coups of coups.tsv in date order, for "the coup".
	coups []coup
}

// Patterns reports how many patterns the dictionary holds.
func (d *Dict) Patterns() int { return len(d.pats) }

// CodeInfo returns the PLOVER category and Goldstein value of a CAMEO code.
func (d *Dict) CodeInfo(code string) (plover string, goldstein float64, ok bool) {
	ci, ok := d.codes[code]
	return ci.plover, ci.goldstein, ok
}

// id returns the vocabulary id of a lower-case word, 0 when unknown.
func (d *Dict) id(w string) int32 { return d.vocab[w] }

func (d *Dict) intern(w string) int32 {
	if id, ok := d.vocab[w]; ok {
		return id
	}
	id := int32(len(d.words))
	d.words = append(d.words, w)
	d.vocab[w] = id
	return id
}

// LoadDict compiles the dictionary in fsys, which must hold codes.tsv,
// irregular.tsv, verbs.tsv and cues.tsv under dict/. A nil fsys means the
// dictionary built into entente.
func LoadDict(fsys fs.FS) (*Dict, error) {
	if fsys == nil {
		fsys = embeddedDict
	}
	d := &Dict{
		vocab:    make(map[string]int32, 4096),
		words:    []string{""}, // id 0 is "unknown"
		pastPart: make(map[int32]bool, 1024),
		byFirst:  make(map[int32][]int32, 2048),
		codes:    make(map[string]codeInfo, 320),
	}
	d.fw = d.internFuncWords()
	d.timeWord = map[int32]bool{}
	for _, w := range []string{"week", "month", "year", "morning", "afternoon", "evening", "night", "weekend", "time", "spring", "summer", "autumn", "winter", "day"} {
		d.timeWord[d.intern(w)] = true
	}
	d.adjective = map[int32]bool{}
	for _, w := range []string{"military", "economic", "political", "diplomatic", "nuclear", "new", "further", "fresh",
		"possible", "armed", "joint", "unilateral", "sweeping", "major", "large", "massive", "deadly", "latest",
		"recent", "alleged", "reported", "planned", "proposed", "naval", "air", "cross-border", "missile"} {
		d.adjective[d.intern(w)] = true
	}
	d.baseForm = map[int32]bool{}
	d.noLemma = map[string]bool{}
	d.groupNoun = map[int32]entente.Role{}
	for _, w := range []string{"countries", "nations", "states", "neighbours", "neighbors"} {
		d.groupNoun[d.intern(w)] = entente.RoleNone
	}
	for _, w := range []string{"governments", "leaders", "men", "presidents", "ministers", "capitals", "delegations"} {
		d.groupNoun[d.intern(w)] = entente.RoleGOV
	}
	for _, w := range []string{"armies", "militaries", "forces"} {
		d.groupNoun[d.intern(w)] = entente.RoleMIL
	}
	for _, w := range []string{"sides", "parties", "rivals", "allies"} {
		d.groupNoun[d.intern(w)] = roleKeep
	}
	d.roleNoun = map[int32]entente.Role{}
	for _, w := range []string{"government", "ambassador", "ambassadors", "envoy", "envoys", "diplomats", "ministry", "minister",
		"president", "leader", "leadership", "officials", "cabinet", "embassy", "junta", "regime", "administration", "spokesman", "spokeswoman"} {
		d.roleNoun[d.intern(w)] = entente.RoleGOV
	}
	for _, w := range []string{"troops", "forces", "army", "military", "navy", "soldiers", "warships", "jets", "coast"} {
		d.roleNoun[d.intern(w)] = entente.RoleMIL
	}
	d.roleNoun[d.intern("police")] = entente.RoleCOP
	if err := d.loadCodes(fsys, "dict/codes.tsv"); err != nil {
		return nil, err
	}
	irr, err := loadIrregular(fsys, "dict/irregular.tsv")
	if err != nil {
		return nil, err
	}
	d.irrLemma = irregularLemmas(irr)
	if d.coups, err = loadCoups(fsys, "dict/coups.tsv"); err != nil {
		return nil, err
	}
	c := compiler{d: d, irr: irr, sets: map[string][]alt{}}
	if err := c.loadPatterns(fsys, "dict/verbs.tsv", true); err != nil {
		return nil, err
	}
	if err := c.loadPatterns(fsys, "dict/cues.tsv", false); err != nil {
		return nil, err
	}
	d.buildFuzzy()
	return d, nil
}

func readLines(fsys fs.FS, name string, fn func(line int, fields []string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("dictionary %s: %w", name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, header := 0, false
	for sc.Scan() {
		n++
		text := strings.TrimRight(sc.Text(), "\r ")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if !header {
			header = true // the first non-comment line names the columns
			continue
		}
		if err := fn(n, strings.Split(text, "\t")); err != nil {
			return &entente.InputError{File: name, Line: int64(n), Err: err}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("dictionary %s: %w", name, err)
	}
	return nil
}

func (d *Dict) loadCodes(fsys fs.FS, name string) error {
	return readLines(fsys, name, func(_ int, f []string) error {
		if len(f) != 3 {
			return fmt.Errorf("want code, plover, goldstein, got %d fields", len(f))
		}
		g, err := strconv.ParseFloat(f[2], 64)
		if err != nil || g < -10 || g > 10 {
			return fmt.Errorf("goldstein %q: want a number in -10..10", f[2])
		}
		if f[1] == "" {
			return errors.New("empty plover category")
		}
		d.codes[f[0]] = codeInfo{plover: f[1], goldstein: g}
		return nil
	})
}

// irregular forms: base → past and participle forms.
type irregular struct{ past, part []string }

func loadIrregular(fsys fs.FS, name string) (map[string]irregular, error) {
	m := map[string]irregular{}
	err := readLines(fsys, name, func(_ int, f []string) error {
		if len(f) != 3 {
			return fmt.Errorf("want base, past, participle, got %d fields", len(f))
		}
		m[f[0]] = irregular{past: strings.Split(f[1], "|"), part: strings.Split(f[2], "|")}
		return nil
	})
	return m, err
}

// alt is one alternative of a slot before interning.
type alt struct {
	forms []string
	part  []string // forms that are past participles
	verb  bool
	noun  bool
	seq   []alt // a multi-word alternative, word by word
}

type compiler struct {
	d    *Dict
	irr  map[string]irregular
	sets map[string][]alt
}

func (c *compiler) loadPatterns(fsys fs.FS, name string, triggers bool) error {
	return readLines(fsys, name, func(line int, f []string) error {
		if strings.HasPrefix(f[0], "@") {
			if len(f) != 2 {
				return errors.New("a set line is @NAME, alternatives")
			}
			alts, err := c.parseAlts(f[1])
			if err != nil {
				return err
			}
			c.sets[f[0]] = alts
			return nil
		}
		if len(f) < 2 || len(f) > 3 {
			return fmt.Errorf("want 2 or 3 fields, got %d", len(f))
		}
		p := pattern{line: line}
		if triggers {
			if _, ok := c.d.codes[f[0]]; !ok {
				return fmt.Errorf("code %q: not in codes.tsv", f[0])
			}
			p.kind, p.code = kindTrigger, f[0]
		} else {
			k, ok := cueKinds[f[0]]
			if !ok {
				return fmt.Errorf("cue kind %q: want neg, refuse, hedge, rec, must, report or say", f[0])
			}
			p.kind = k
		}
		if len(f) == 3 && f[2] != "" {
			for _, flag := range strings.Split(f[2], ",") {
				switch {
				case flag == "recip":
					p.recip = true
				case flag == "mono":
					p.mono = true
				case flag == "after":
					p.after = true
				case flag == "reply":
					p.reply = true
				case flag == "rev":
					p.rev = true
				case flag == "ref":
					p.ref = true
				case flag == "ref=any":
					p.ref, p.refAny = true, true
				case flag == "skip":
					p.skip = true
				case strings.HasPrefix(flag, "civ="):
					p.civ = strings.TrimPrefix(flag, "civ=")
					if _, ok := c.d.codes[p.civ]; !ok {
						return fmt.Errorf("flag %q: code not in codes.tsv", flag)
					}
				case strings.HasPrefix(flag, "embed="):
					fam, ok := families[strings.TrimPrefix(flag, "embed=")]
					if !ok {
						return fmt.Errorf("flag %q: unknown family", flag)
					}
					p.embed = fam
				default:
					return fmt.Errorf("flag %q: want recip, mono, after, reply, rev, ref, ref=any, skip, civ=CODE or embed=FAMILY", flag)
				}
			}
		}
		if err := c.compile(&p, f[1]); err != nil {
			return err
		}
		p.anchor = anchorWords(&p)
		idx := int32(len(c.d.pats))
		c.d.pats = append(c.d.pats, p)
		first := slices.Clone(p.slots[0].words)
		for _, seq := range p.slots[0].seqs {
			first = append(first, seq[0]...)
		}
		slices.Sort(first)
		for _, w := range slices.Compact(first) {
			c.d.byFirst[w] = append(c.d.byFirst[w], idx)
		}
		return nil
	})
}

// anchorWords returns the words of the literal slot after the first with
// the fewest alternatives (for a phrase alternative, its first word), or
// nil when the pattern has one literal slot.
func anchorWords(p *pattern) []int32 {
	var best []int32
	for i := 1; i < len(p.slots); i++ {
		s := &p.slots[i]
		if s.gap {
			continue
		}
		ws := slices.Clone(s.words)
		for _, seq := range s.seqs {
			ws = append(ws, seq[0]...)
		}
		if best == nil || len(ws) < len(best) {
			best = ws
		}
	}
	return best
}

func (c *compiler) compile(p *pattern, src string) error {
	fields := strings.Fields(src)
	if len(fields) == 0 {
		return errors.New("empty pattern")
	}
	p.head = -1
	for i, f := range fields {
		if f == ".." {
			if i == 0 || i == len(fields)-1 {
				return errors.New("a pattern cannot start or end with a gap")
			}
			p.slots = append(p.slots, slot{gap: true})
			continue
		}
		alts, err := c.parseAlts(f)
		if err != nil {
			return err
		}
		var s slot
		for _, a := range alts {
			if a.seq != nil {
				var seq [][]int32
				for _, w := range a.seq {
					var ids []int32
					for _, form := range w.forms {
						ids = append(ids, c.d.intern(form))
					}
					slices.Sort(ids)
					seq = append(seq, ids)
					s.verb = s.verb || w.verb
					s.noun = s.noun || w.noun
				}
				s.seqs = append(s.seqs, seq)
				continue
			}
			for _, form := range a.forms {
				s.words = append(s.words, c.d.intern(form))
			}
			if a.verb && len(a.forms) > 0 {
				c.d.baseForm[c.d.intern(a.forms[0])] = true
			}
			for _, form := range a.part {
				c.d.pastPart[c.d.intern(form)] = true
			}
			s.verb = s.verb || a.verb
			s.noun = s.noun || a.noun
		}
		slices.Sort(s.words)
		s.words = slices.Compact(s.words)
		if p.head < 0 && (s.verb || s.noun) {
			p.head = len(p.slots)
		}
		p.slots = append(p.slots, s)
		p.literal++
	}
	// A pattern with a /v slot is headed by that verb, even when a /n slot
	// comes first; a pattern of plain words is a noun phrase.
	for i, s := range p.slots {
		if s.verb {
			p.head = i
			break
		}
	}
	if p.head < 0 {
		p.head = 0
	}
	p.noun = !p.slots[p.head].verb
	return nil
}

func (c *compiler) parseAlts(src string) ([]alt, error) {
	var out []alt
	for _, a := range strings.Split(src, "|") {
		if a == "" {
			return nil, fmt.Errorf("empty alternative in %q", src)
		}
		if strings.Contains(a, "_") {
			// "break/v_off": a phrase as one alternative.
			var seq []alt
			for _, w := range strings.Split(a, "_") {
				sub, err := c.parseAlts(w)
				if err != nil {
					return nil, err
				}
				if len(sub) != 1 || sub[0].seq != nil {
					return nil, fmt.Errorf("phrase %q: each word must be plain, /v or /n", a)
				}
				seq = append(seq, sub[0])
			}
			out = append(out, alt{seq: seq})
			continue
		}
		if strings.HasPrefix(a, "@") {
			set, ok := c.sets[a]
			if !ok {
				return nil, fmt.Errorf("set %s: not defined above", a)
			}
			out = append(out, set...)
			continue
		}
		word, pos, _ := strings.Cut(a, "/")
		// "give/v!given" drops a form that is mostly something else
		// ("given its arms purchases" is no gift).
		pos, excl, _ := strings.Cut(pos, "!")
		if word != strings.ToLower(word) {
			return nil, fmt.Errorf("word %q: write patterns in lower case", word)
		}
		switch pos {
		case "":
			out = append(out, alt{forms: []string{word}})
		case "v":
			forms, part := verbForms(word, c.irr)
			if excl != "" {
				drop := strings.Split(excl, "!")
				for _, f := range drop {
					c.d.noLemma[f] = true
				}
				forms = slices.DeleteFunc(forms, func(f string) bool { return slices.Contains(drop, f) })
				part = slices.DeleteFunc(part, func(f string) bool { return slices.Contains(drop, f) })
			}
			out = append(out, alt{forms: forms, part: part, verb: true})
		case "n":
			out = append(out, alt{forms: nounForms(word), noun: true})
		default:
			return nil, fmt.Errorf("word %q: want /v or /n", a)
		}
	}
	return out, nil
}

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

// verbForms inflects a verb. Where English spelling is ambiguous (doubling
// the final consonant) both spellings are produced: the one that is not a
// word never occurs in text and costs nothing.
func verbForms(base string, irr map[string]irregular) (forms, part []string) {
	if base == "be" {
		return []string{"be", "is", "are", "am", "was", "were", "been", "being"}, []string{"been"}
	}
	add := func(s ...string) { forms = append(forms, s...) }
	add(base)
	n := len(base)
	last := base[n-1]
	// Third person singular.
	switch {
	case strings.HasSuffix(base, "s"), strings.HasSuffix(base, "x"), strings.HasSuffix(base, "z"),
		strings.HasSuffix(base, "ch"), strings.HasSuffix(base, "sh"), strings.HasSuffix(base, "o"):
		add(base + "es")
	case last == 'y' && n > 1 && !isVowel(base[n-2]):
		add(base[:n-1] + "ies")
	default:
		add(base + "s")
	}
	// -ing and regular past.
	cvc := n >= 3 && !isVowel(last) && strings.IndexByte("wxy", last) < 0 && isVowel(base[n-2]) && !isVowel(base[n-3])
	switch {
	case strings.HasSuffix(base, "ie"):
		add(base[:n-2] + "ying")
	case last == 'e' && !strings.HasSuffix(base, "ee") && !strings.HasSuffix(base, "ye") && !strings.HasSuffix(base, "oe"):
		add(base[:n-1] + "ing")
	default:
		add(base + "ing")
	}
	if cvc {
		add(base + string(last) + "ing")
	}
	if ir, ok := irr[base]; ok {
		add(ir.past...)
		add(ir.part...)
		part = append(part, ir.part...)
		return forms, part
	}
	var past []string
	switch {
	case last == 'e':
		past = append(past, base+"d")
	case last == 'y' && n > 1 && !isVowel(base[n-2]):
		past = append(past, base[:n-1]+"ied")
	default:
		past = append(past, base+"ed")
	}
	if cvc || strings.HasSuffix(base, "l") {
		past = append(past, base+string(last)+"ed")
	}
	add(past...)
	return forms, past
}

func nounForms(w string) []string {
	n := len(w)
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return []string{w, w + "es"}
	case w[n-1] == 'y' && n > 1 && !isVowel(w[n-2]):
		return []string{w, w[:n-1] + "ies"}
	}
	return []string{w, w + "s"}
}

// funcWords holds the ids of the grammatical words the coder reasons with.
type funcWords struct {
	to, of, by, with, for_, on, against, in, at, from, into, toward, towards, upon,
	over, about, alongside, near, between, amid, among, across, along, behind, under,
	and, or, but, as, well, the, a, an, poss, that, which, who, whom, whose,
	after, before, while, when, because, although, though, since, whereas, if_, unless,
	it, they, he, she, its, their, his, her, this, these, those, any, no, some,
	according, said, says, say, more, than, about2, nearly, almost, some2, over2, up,
	per, cent, percent, pct, million, billion, trillion, thousand, hundred, bn, mn, m, k,
	we, i, you, there, country, government, regime, also, has, have, had, is, are, was, were, be, been, being,
	yet, given, both, two, each, such, either, until, once int32
}

func (d *Dict) internFuncWords() funcWords {
	i := d.intern
	return funcWords{
		to: i("to"), of: i("of"), by: i("by"), with: i("with"), for_: i("for"), on: i("on"),
		against: i("against"), in: i("in"), at: i("at"), from: i("from"), into: i("into"),
		toward: i("toward"), towards: i("towards"), upon: i("upon"), over: i("over"), about: i("about"),
		alongside: i("alongside"), near: i("near"), between: i("between"), amid: i("amid"),
		among: i("among"), across: i("across"), along: i("along"), behind: i("behind"), under: i("under"),
		and: i("and"), or: i("or"), but: i("but"), as: i("as"), well: i("well"), the: i("the"),
		a: i("a"), an: i("an"), poss: i("'s"), that: i("that"), which: i("which"), who: i("who"),
		whom: i("whom"), whose: i("whose"), after: i("after"), before: i("before"), while: i("while"),
		when: i("when"), because: i("because"), although: i("although"), though: i("though"),
		since: i("since"), whereas: i("whereas"), if_: i("if"), unless: i("unless"),
		it: i("it"), they: i("they"), he: i("he"), she: i("she"), its: i("its"), their: i("their"),
		his: i("his"), her: i("her"), this: i("this"), these: i("these"), those: i("those"),
		any: i("any"), no: i("no"), some: i("some"), according: i("according"), said: i("said"),
		says: i("says"), say: i("say"), more: i("more"), than: i("than"), nearly: i("nearly"),
		almost: i("almost"), up: i("up"), per: i("per"), cent: i("cent"), percent: i("percent"),
		pct: i("pct"), million: i("million"), billion: i("billion"), trillion: i("trillion"),
		thousand: i("thousand"), hundred: i("hundred"), bn: i("bn"), mn: i("mn"), m: i("m"), k: i("k"),
		we: i("we"), i: i("i"), you: i("you"), there: i("there"), country: i("country"),
		government: i("government"), regime: i("regime"), also: i("also"), has: i("has"),
		have: i("have"), had: i("had"), is: i("is"), are: i("are"), was: i("was"), were: i("were"),
		be: i("be"), been: i("been"), being: i("being"),
		yet: i("yet"), given: i("given"), both: i("both"), two: i("two"), each: i("each"), such: i("such"),
		either: i("either"), until: i("until"), once: i("once"),
	}
}

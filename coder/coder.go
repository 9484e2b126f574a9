// Package coder turns news and analysis text into coded events with their
// evidence: it splits sentences, tokenises, finds actor mentions through an
// entente.Resolver, matches an authored event dictionary of verbs, their
// inflections and nominalisations to full CAMEO codes, and records what
// the text says about each act — done, refused, only expected, recommended
// or reported by someone else — and the quantities attached to it.
//
// The coder is a shallow parser on purpose: no parser server, no model to
// load, tens of thousands of sentences per second on one core. It finds the
// source of an act as the first actor of its clause (or the actor a pronoun
// or a coordinated verb phrase points back to), the target as the first
// other actor after the act, and the actors of a noun ("Pyongyang's
// deployment of troops to Russia") from possessives and prepositions.
//
// Some references reach across sentences, within one document: a pronoun
// names the last subject (in reported speech, the speaker); "both sides"
// and "the two governments" name the last actors named together; and a
// definite event noun with no actor of its own ("China remained silent on
// the deployment") names the latest earlier event of its kind, whose
// source becomes the act's target. An explicit refusal to meet, cooperate,
// give aid or yield is the CAMEO rejection of it ("refused to release" is
// 1243); a refusal of anything else is the act, negated.
package coder

import (
	"fmt"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/jdkato/prose/v2"

	"entente"
)

// Config tunes the coder. The zero value is not valid; start from
// DefaultConfig.
type Config struct {
	// Dict is a file system holding dict/codes.tsv, dict/irregular.tsv,
	// dict/verbs.tsv and dict/cues.tsv; nil uses the built-in dictionary.
	Dict fs.FS
	// MaxGap is the most words a ".." in a pattern may skip.
	MaxGap int
	// MinConfidence drops events coded with less confidence.
	MinConfidence float64
	// Workers is how many goroutines CodeAll and CodeReader code with;
	// 0 means one per CPU (GOMAXPROCS).
	Workers int
	// ChunkBytes is the size above which CodeAll cuts a document into
	// chunks coded in parallel, and the size of the chunks CodeReader
	// reads. The default, 256 KiB, is far above any article.
	ChunkBytes int
	// NoTagging turns the part-of-speech tagger off, so that the frame
	// stages read by word position alone, as before the tagger; it is
	// there to compare the two and to code faster when accuracy matters
	// less.
	NoTagging bool
	// ExpandGroups adds, beside an event whose source or target is a
	// group of states ("the G7", "ASEAN"), one event per member on the
	// day (groups.go).
	ExpandGroups bool
}

// DefaultConfig returns the settings entente codes with.
func DefaultConfig() Config { return Config{MaxGap: 6, ChunkBytes: 256 << 10, ExpandGroups: true} }

// Validate reports settings the coder cannot work with.
func (c Config) Validate() error {
	if c.MaxGap < 0 || c.MaxGap > 12 {
		return fmt.Errorf("coder config: max gap %d: want 0..12: %w", c.MaxGap, entente.ErrInvalid)
	}
	if c.MinConfidence < 0 || c.MinConfidence > 1 || math.IsNaN(c.MinConfidence) {
		return fmt.Errorf("coder config: min confidence %v: want 0..1: %w", c.MinConfidence, entente.ErrInvalid)
	}
	if c.Workers < 0 {
		return fmt.Errorf("coder config: workers %d: want 0 (one per CPU) or more: %w", c.Workers, entente.ErrInvalid)
	}
	if c.ChunkBytes < 4096 {
		return fmt.Errorf("coder config: chunk bytes %d: want at least 4096: %w", c.ChunkBytes, entente.ErrInvalid)
	}
	return nil
}

// Coder codes documents. It is safe for concurrent use.
type Coder struct {
	cfg  Config
	dict *Dict
	res  entente.Resolver
	pool sync.Pool
}

// New compiles the dictionary and returns a coder that finds actors
// through res.
func New(cfg Config, res entente.Resolver) (*Coder, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if res == nil {
		return nil, fmt.Errorf("coder: no actor resolver: %w", entente.ErrInvalid)
	}
	d, err := LoadDict(cfg.Dict)
	if err != nil {
		return nil, fmt.Errorf("coder: %w", err)
	}
	var tagger *prose.Model
	if !cfg.NoTagging {
		if tagger, err = loadTagger(); err != nil {
			return nil, fmt.Errorf("coder: part-of-speech model: %w", err)
		}
	}
	c := &Coder{cfg: cfg, dict: d, res: res}
	c.pool.New = func() any { return &scratch{d: d, maxGap: cfg.MaxGap, tagger: tagger} }
	return c, nil
}

// Dict returns the compiled dictionary.
func (c *Coder) Dict() *Dict { return c.dict }

// Extracted is one coded event with the sentence that is its evidence.
// Offsets are bytes into the document text.
type Extracted struct {
	Doc        string
	Sentence   int
	Start, End int
	Text       string
	Source     *entente.ActorRef
	Target     *entente.ActorRef
	CAMEO      string
	PLOVER     string
	Goldstein  float64
	Negated    bool
	Modality   entente.Modality
	Quantities []entente.Quantity
	Confidence float64
	// Trigger is the span of the words that named the act, for
	// explanations; it is not part of the jsonl output.
	Trigger Span
	// Via is the registry code of the group an event was expanded from
	// ("G7"): the text names the group, this member belongs to it.
	Via string
	// Provenance says who coded the event when the rules did not
	// ("adjudicated by MODEL at URL", adjudicate.go); empty for the rules.
	Provenance string
}

// Code codes every sentence of doc. Events come in text order.
func (c *Coder) Code(doc entente.Document) ([]Extracted, error) {
	return c.AppendCode(nil, doc), nil
}

// AppendCode appends the events of doc to dst, so that a caller coding
// many documents can reuse one slice.
func (c *Coder) AppendCode(dst []Extracted, doc entente.Document) []Extracted {
	first := len(dst)
	sc := c.pool.Get().(*scratch)
	defer c.pool.Put(sc)
	sc.reset()
	sc.day = doc.Date
	text := doc.Text
	sc.ments = c.res.FindMentions(text, doc.Date, sc.ments[:0])
	// The resolver promises text order; a wrong order must not lose
	// mentions, so sort when needed.
	if !sort.SliceIsSorted(sc.ments, func(i, j int) bool { return sc.ments[i].Start < sc.ments[j].Start }) {
		sort.SliceStable(sc.ments, func(i, j int) bool { return sc.ments[i].Start < sc.ments[j].Start })
	}
	sc.sents = SplitSentences(text, sc.sents[:0])
	sc.dateline = datelineMention(text, sc.ments)
	mi := 0
	for si, s := range sc.sents {
		for mi < len(sc.ments) && sc.ments[mi].Start < s.Start {
			mi++
		}
		mj := mi
		for mj < len(sc.ments) && sc.ments[mj].Start < s.End {
			mj++
		}
		before := len(dst)
		sc.sent = si
		dst = sc.codeSentence(dst, text, s, sc.ments[mi:mj])
		for k := before; k < len(dst); k++ {
			e := &dst[k]
			e.Doc, e.Sentence = doc.ID, si
			if e.Confidence < c.cfg.MinConfidence {
				dst = append(dst[:k], dst[k+1:]...)
				k--
			}
		}
		mi = mj
	}
	return c.expandGroups(dst, first, doc.Date)
}

// Event turns an extracted event into a stored one dated day, with the
// sentence as its evidence.
func (e Extracted) Event(day entente.Document) entente.Event {
	ev := entente.Event{
		Date:       day.Date,
		CAMEO:      e.CAMEO,
		PLOVER:     e.PLOVER,
		Goldstein:  e.Goldstein,
		Negated:    e.Negated,
		Modality:   e.Modality,
		Quantities: e.Quantities,
		Confidence: e.Confidence,
		Provenance: e.Provenance,
		Evidence: []entente.Evidence{{
			Source: day.ID, Document: day.ID, Start: e.Start, End: e.End, Text: e.Text,
		}},
	}
	if e.Source != nil {
		ev.Source = *e.Source
	}
	if e.Target != nil {
		ev.Target = *e.Target
	}
	return ev
}

// match is a dictionary pattern found in a sentence.
type match struct {
	pat        int32
	start, end int // token span, end exclusive
	head       int // token of the head word
	gap        bool
	noun       bool // the head reads as a noun ("the sinking of")
	// Set while assembling events.
	consumed bool // content of an appeal, intent, demand or threat
	inner    int  // index of the match this one embeds, -1 if none
	off      bool // not coded on its own (purpose clause, background)
	arg      bool // a noun that is a verb's argument: coded only with actors of its own
	// gov is the verb whose subject a noun argument takes when it has no
	// source of its own, -1 if none: the second object of "expressed
	// support for A and concern over B", the object of "announced
	// military aid to Armenia".
	gov int
	// means is the match of the attack a generic use of force was made
	// with ("wounded two soldiers in a bomb attack"), -1 if none: its
	// code is the act's.
	means int
}

// sentMention is a mention located on the sentence's tokens.
type sentMention struct {
	m      *entente.Mention
	ts, te int // token span, end exclusive (a following "'s" included)
	// role is a role the mention takes from the list it stands in: "Thai"
	// in "Thai and Cambodian forces" names Thailand's forces.
	role entente.Role
}

// segment is a clause-like stretch of tokens between boundaries.
type segment struct {
	start, end int
	lead       int32 // id of the boundary word it starts with, 0 if none
	punct      bool  // it starts with a comma or other separator
	sayer      int   // index into says of the speech verb it follows, -1 if none
}

// histEvent is an event coded earlier in the document, kept so that a
// later "the deployment" or "the incident" can name whose act it was.
type histEvent struct {
	code     string
	sent     int // sentence it was told in
	from, to int // its sources, in scratch.histM
	// tfrom, tto are its targets, in scratch.histT: joining an act
	// ("joined the condemnation") aims where the act aimed.
	tfrom, tto int
}

// histWindow is how many sentences back an event noun may refer: far
// enough for the paragraph that discusses an incident, near enough that
// "the attack" of a long report does not reach an unrelated one.
const histWindow = 15

type sayCue struct {
	tok   int
	group []int // sayer mentions
}

// origin tells how the actors of an argument were found; an argument
// found indirectly is coded with less confidence.
type origin uint8

const (
	// originDirect: named in the act's own clause.
	originDirect origin = iota
	// originAnaphor: a pronoun, a definite description ("the junta"), a
	// group phrase ("both sides") or an event noun pointing back.
	originAnaphor
	// originCoordination: shared with a coordinated clause or verb
	// phrase, or the subject before a relative clause or apposition.
	originCoordination
)

// argGroup is the actors of one argument (one or several coordinated).
type argGroup struct {
	ms   []int  // indexes into sc.sm
	from origin // how found
	end  int    // token after the group
	// unresolved: a definite description ("the ministry", "the junta")
	// stands for the actor, but no state of the document, its dateline
	// or its date resolves it; the act is not coded rather than coded
	// without its source.
	unresolved bool
}

// scratch holds every buffer one coding call needs.
type scratch struct {
	d      *Dict
	tagger *prose.Model // nil when tagging is off
	tagBuf []byte
	maxGap int
	tz     tokenizer
	ments  []entente.Mention
	sents  []Span
	sm     []sentMention
	ms     []match
	cues   []match
	segs   []segment
	segOf  []int
	says   []sayCue
	quants []quant
	pos    [16]int
	grp    []int
	// mainSubj is the subject of the last main clause in the sentence.
	mainSubj []int
	seen     []evKey
	// senses holds the codes nounSenses returns.
	senses []string
	// Antecedent for pronouns: the last explicit subject in the document.
	last    []entente.Mention
	lastTmp []entente.Mention
	// lastMulti is the last subject of several actors, which "both sides"
	// and "the two governments" refer to.
	lastMulti    []entente.Mention
	lastMultiTmp []entente.Mention
	// quoted is the speaker of the last attributed quotation, who goes on
	// speaking in a following sentence that is all quotation.
	quoted []entente.Mention
	// hist lists the document's events so far with their sources; sent is
	// the index of the sentence being coded.
	hist  []histEvent
	sent  int
	histM []entente.Mention
	histT []entente.Mention
	// present marks the vocabulary ids of the sentence being matched.
	present []bool
	// pseudo holds copies of mentions from earlier sentences that this
	// sentence refers to (antecedents); entries are never changed while
	// the sentence is coded, so pointers to them stay valid.
	pseudo []entente.Mention
	// day is the document's date, for descriptions read by date ("the
	// coup").
	day time.Time
	// dateline is the index in ments of the state a wire report's
	// dateline names ("NIAMEY, Aug 3 (Reuters) -"), -1 if none.
	dateline int
}

type evKey struct {
	src, tgt, code string
	neg            bool
}

func (sc *scratch) reset() {
	sc.last = sc.last[:0]
	sc.lastMulti = sc.lastMulti[:0]
	sc.quoted = sc.quoted[:0]
	sc.hist, sc.histM, sc.histT = sc.hist[:0], sc.histM[:0], sc.histT[:0]
}

// low returns the lower-cased form of token i without copying. The string
// must not outlive the sentence.
func (sc *scratch) low(i int) string {
	t := &sc.tz.toks[i]
	if t.hi == t.lo {
		return ""
	}
	return unsafe.String(&sc.tz.arena[t.lo], int(t.hi-t.lo))
}

func (sc *scratch) codeSentence(dst []Extracted, text string, s Span, ments []entente.Mention) []Extracted {
	d := sc.d
	sc.tz.tokenize(d, text, s.Start, s.End)
	sc.mainSubj = sc.mainSubj[:0]
	sc.pseudo = sc.pseudo[:0]
	toks := sc.tz.toks
	n := len(toks)
	if n == 0 {
		return dst
	}
	sc.placeMentions(ments)
	sc.maybeTag(text)
	sc.matchPatterns()
	sc.segment()
	sc.findSays()
	sc.carryQuote()
	sc.quants = sc.findQuantities(text, sc.quants[:0])
	return sc.assemble(dst, text, s)
}

// placeMentions marks the tokens each mention covers; a possessive "'s"
// after a mention belongs to it.
func (sc *scratch) placeMentions(ments []entente.Mention) {
	toks := sc.tz.toks
	n := len(toks)
	sc.sm = sc.sm[:0]
	ti := 0
	for k := range ments {
		m := &ments[k]
		for ti < n && int(toks[ti].start) < m.Start {
			ti++
		}
		ts := ti
		for ti < n && int(toks[ti].start) < m.End {
			toks[ti].ment = int16(len(sc.sm))
			toks[ti].flags &^= fRole
			if ti > ts && toks[ti].flags&(fCap|fNum|fPunct|fPoss) == 0 {
				toks[ti].flags |= fRole
			}
			ti++
		}
		if ti == ts {
			continue
		}
		if m.Kind == entente.NameCapital && sc.namesDocument(ts, ti) {
			// "the Treaty of Moscow", "the Minsk agreements": a document
			// named after a city is not that city's government.
			for k := ts; k < ti; k++ {
				toks[k].ment, toks[k].flags = -1, toks[k].flags&^fRole
			}
			continue
		}
		if ti < n && int(toks[ti].start) == m.End && sc.low(ti) == "$" {
			// "US$300 million" names a currency, not the United States.
			for k := ts; k < ti; k++ {
				toks[k].ment, toks[k].flags = -1, toks[k].flags&^fRole
			}
			continue
		}
		te := ti
		if te < n && toks[te].flags&fPoss != 0 {
			toks[te].ment = int16(len(sc.sm))
			te++
			ti++
		}
		sc.sm = append(sc.sm, sentMention{m: m, ts: ts, te: te})
	}
}

// matchPatterns finds triggers and cues, left to right, longest first.
func (sc *scratch) matchPatterns() {
	d := sc.d
	toks := sc.tz.toks
	n := len(toks)
	sc.ms, sc.cues = sc.ms[:0], sc.cues[:0]
	names := sc.namesCapitalised()
	// Mark the words present, for the patterns' anchors; unmark them on
	// the way out so the set is empty for the next sentence.
	if len(sc.present) < len(d.words) {
		sc.present = make([]bool, len(d.words))
	}
	for i := range toks {
		sc.present[toks[i].id] = true
	}
	defer func() {
		for i := range toks {
			sc.present[toks[i].id] = false
		}
	}()
	for i := 0; i < n; i++ {
		t := &toks[i]
		if t.ment >= 0 || t.id == 0 {
			continue
		}
		if names && t.flags&fCap != 0 && i > 0 && !sc.opensPhrase(i) {
			// A capitalised word inside a sentence belongs to a name
			// ("Asia-Pacific Economic Cooperation", "Amnesty
			// International", "Emergency Relief Coordinator"), not an act.
			continue
		}
		cands := d.byFirst[t.id]
		if len(cands) == 0 {
			continue
		}
		var best, bestCue match
		best.pat, bestCue.pat = -1, -1
		nounCtx := sc.nounReading(i)
		for _, pi := range cands {
			p := &d.pats[pi]
			if !sc.anchored(p) {
				continue
			}
			end, ok := sc.matchFrom(p, 0, i)
			if !ok {
				continue
			}
			if ns := len(p.slots); p.kind == kindTrigger && p.embed == famNone && ns > 2 && p.slots[ns-2].gap && end < n && toks[end-1].id == d.fw.to && (toks[end].pos == posBase || d.baseForm[toks[end].id]) {
				// A pattern that ends in the preposition "to" after a gap
				// does not take an infinitive's "to": "welcomed
				// Australia's decision to return the fishermen" welcomes
				// no visitor.
				continue
			}
			if ns := len(p.slots); p.kind == kindTrigger && ns > 2 && p.slots[ns-2].gap && end < n && sc.isPrep(toks[end-1].id) && sc.timeAt(end) {
				// A pattern that ends in a preposition of direction
				// after a gap does not take one of time: "fired a missile
				// on Monday" fires at no one. (A verb's own particle,
				// "called on", is left to the pattern.)
				continue
			}
			m := match{pat: pi, start: i, end: end, head: sc.pos[p.head], gap: end-i > p.literal, inner: -1, gov: -1, means: -1, noun: p.noun}
			if p.kind == kindTrigger && !p.noun && d.pastPart[toks[m.head].id] && sc.determined(m.head, false) {
				// A participle after a determiner is an adjective: "the
				// detained president" reports no detention.
				continue
			}
			if p.kind == kindTrigger && !p.noun && toks[m.head].pos == posAdj && m.end == m.head+1 && !sc.predicateAt(m.head) {
				// The tagger reads a one-word verb pattern as an
				// adjective: "an armed group", "a concerned
				// neighbour", "disputed islands" report no act.
				continue
			}
			if p.kind == kindTrigger {
				if best.pat < 0 || sc.better(p, &d.pats[best.pat], m.end, best.end, nounCtx) {
					best = m
				}
			} else if bestCue.pat < 0 || p.literal > d.pats[bestCue.pat].literal {
				bestCue = m
			}
		}
		switch {
		case best.pat < 0 && bestCue.pat < 0:
			continue
		case best.pat < 0:
			sc.cues = append(sc.cues, bestCue)
			i = bestCue.end - 1
		case bestCue.pat < 0:
			best.noun = sc.readAsNoun(&best)
			sc.ms = append(sc.ms, best)
			i = best.end - 1
		default:
			lt, lc := d.pats[best.pat].literal, d.pats[bestCue.pat].literal
			// On a tie the cue wins when an act follows it: "refused to
			// condemn" is a refusal cue, "refused the offer" a rejection.
			if lc > lt || (lc == lt && sc.triggerAhead(bestCue.end)) {
				sc.cues = append(sc.cues, bestCue)
				i = bestCue.end - 1
			} else {
				best.noun = sc.readAsNoun(&best)
				sc.ms = append(sc.ms, best)
				i = best.end - 1
			}
		}
	}
}

// anchored reports whether the sentence holds one of the pattern's anchor
// words (or the pattern has none).
func (sc *scratch) anchored(p *pattern) bool {
	if p.anchor == nil {
		return true
	}
	for _, w := range p.anchor {
		if sc.present[w] {
			return true
		}
	}
	return false
}

// namesCapitalised reports whether capitals in the sentence mark names:
// false for headlines in title case or capitals, where every word has one.
func (sc *scratch) namesCapitalised() bool {
	words, caps := 0, 0
	for i := range sc.tz.toks {
		t := &sc.tz.toks[i]
		if t.flags&(fPunct|fNum|fPoss) != 0 || t.ment >= 0 {
			continue
		}
		words++
		if t.flags&fCap != 0 {
			caps++
		}
	}
	return caps*2 < words
}

// opensPhrase reports a token that may be capitalised for position alone:
// after an opening quote, a colon or a dash.
func (sc *scratch) opensPhrase(i int) bool {
	switch sc.low(i - 1) {
	case "\"", "“", "‘", "'", ":", "—", "–", "-", "(":
		return true
	}
	return false
}

// better ranks two trigger patterns matching at the same word: more
// literal words first, then the match that reaches further ("handed over
// 700 kg of medicine" is aid, not an extradition), then the longer code.
func (sc *scratch) better(p, q *pattern, pEnd, qEnd int, nounCtx bool) bool {
	if p.literal != q.literal {
		return p.literal > q.literal
	}
	if pEnd != qEnd {
		return pEnd > qEnd
	}
	if len(p.code) != len(q.code) {
		return len(p.code) > len(q.code)
	}
	if p.noun != q.noun {
		return p.noun == nounCtx
	}
	return false
}

// nounContext reports whether the word at i reads as a noun: after an
// article, a possessive or a demonym ("the attack", "Russia's invasion",
// "Chinese shelling").
func (sc *scratch) nounContext(i int) bool {
	if i == 0 {
		return false
	}
	d := sc.d
	// A past form after "the junta" is a verb; "an armed attack" is a
	// noun.
	if sc.determined(i, !d.pastPart[sc.tz.toks[i].id]) {
		return true
	}
	p := &sc.tz.toks[i-1]
	if p.ment < 0 && p.id != d.fw.to && sc.isPrep(p.id) {
		// A preposition governs a noun phrase: "amid sanctions by the
		// United States".
		return true
	}
	if p.ment >= 0 {
		// "Chinese shelling" reads as a noun. After a role word the verb
		// comes: "Chinese troops clashed", "the Russian ambassador
		// accused"; but a bare verb stem there is a noun, as in "Russian
		// military support".
		// A past form after a bare demonym is a verb too: "Serbians
		// demonstrated".
		m := sc.sm[p.ment].m
		if m.Kind != entente.NameDemonym {
			return false
		}
		id := sc.tz.toks[i].id
		if p.flags&fCap != 0 {
			return !d.pastPart[id]
		}
		return d.baseForm[id]
	}
	return false
}

// determined reports a word that a determiner or a possessive governs,
// directly or across one modifier: "the attack", "Russia's invasion",
// "any military pressure", "the detained president".
//
// With loose, the modifier may be any word that starts no pattern ("an
// armed attack"); without, only a known adjective, since "the junta
// ordered" has a noun, not a modifier, between.
func (sc *scratch) determined(i int, loose bool) bool {
	if i == 0 {
		return false
	}
	d := sc.d
	fw := &d.fw
	toks := sc.tz.toks
	p := &toks[i-1]
	switch p.id {
	case fw.the, fw.a, fw.an, fw.this, fw.these, fw.those, fw.its, fw.their, fw.his, fw.her, fw.any, fw.no, fw.some, fw.poss:
		return true
	}
	if p.flags&fPoss != 0 {
		return true
	}
	// One lower-case modifier between: a known adjective, or any word
	// that starts no pattern ("an armed attack"), but never a noun of
	// time ("this week condemned").
	if i+1 < len(toks) && strings.HasSuffix(sc.low(i), "ing") && !d.adjective[p.id] {
		// "the resolution condemning Russia": an -ing form with an
		// object after a noun is a participle, not a noun.
		if nx := &toks[i+1]; nx.ment >= 0 || nx.id == fw.the || nx.id == fw.a || nx.id == fw.an {
			return false
		}
	}
	if i >= 2 && p.ment < 0 && p.flags&(fCap|fPunct|fNum) == 0 && !sc.isPrep(p.id) && !d.timeWord[p.id] &&
		(d.adjective[p.id] || loose && len(d.byFirst[p.id]) == 0) {
		switch toks[i-2].id {
		case fw.the, fw.a, fw.an, fw.its, fw.their, fw.this, fw.any, fw.no, fw.some:
			return true
		}
	}
	return false
}

// triggerAhead reports whether a trigger pattern starts within a few words
// after token i.
func (sc *scratch) triggerAhead(i int) bool {
	d := sc.d
	toks := sc.tz.toks
	for k := i; k < len(toks) && k < i+4; k++ {
		if toks[k].flags&fPunct != 0 {
			return false
		}
		for _, pi := range d.byFirst[toks[k].id] {
			p := &d.pats[pi]
			if p.kind != kindTrigger {
				continue
			}
			if _, ok := sc.matchFrom(p, 0, k); ok {
				return true
			}
		}
	}
	return false
}

// matchFrom matches slots[si:] of p at token j and returns the token after
// the match. Gaps are non-greedy and never cross punctuation.
func (sc *scratch) matchFrom(p *pattern, si, j int) (int, bool) {
	if si == len(p.slots) {
		return j, true
	}
	toks := sc.tz.toks
	s := &p.slots[si]
	if s.gap {
		for k := j; k <= j+sc.maxGap && k < len(toks); k++ {
			if k > j && (toks[k-1].flags&fPunct != 0 && isClausePunct(sc.low(k-1)) || sc.gapStop(toks[k-1].id)) {
				break
			}
			if end, ok := sc.matchFrom(p, si+1, k); ok {
				return end, true
			}
		}
		return 0, false
	}
	if j >= len(toks) || (toks[j].ment >= 0 && (si == 0 || toks[j].flags&fRole == 0)) {
		return 0, false
	}
	if si < len(sc.pos) {
		sc.pos[si] = j
	}
	if s.has(toks[j].id) {
		if end, ok := sc.matchFrom(p, si+1, j+1); ok {
			return end, true
		}
	}
	for _, seq := range s.seqs {
		k := j
		for _, ids := range seq {
			if k >= len(toks) || (toks[k].ment >= 0 && (si == 0 || toks[k].flags&fRole == 0)) {
				break
			}
			if _, ok := slices.BinarySearch(ids, toks[k].id); !ok || toks[k].id == 0 {
				break
			}
			k++
		}
		if k-j == len(seq) {
			if end, ok := sc.matchFrom(p, si+1, k); ok {
				return end, true
			}
		}
	}
	return 0, false
}

// gapStop lists words a gap never skips: they start another clause.
func (sc *scratch) gapStop(id int32) bool {
	fw := &sc.d.fw
	switch id {
	case fw.and, fw.but, fw.or, fw.that, fw.which, fw.who, fw.while, fw.after, fw.before, fw.because:
		return true
	}
	return false
}

// isClausePunct lists the marks a gap never crosses; quotes, currency
// signs and hyphens may sit inside a phrase ("a $500 million loan").
func isClausePunct(s string) bool {
	switch s {
	case ",", ";", ":", "(", ")", "[", "]", ".", "!", "?", "—", "–", "--":
		return true
	}
	return false
}

func isQuote(s string) bool {
	return s == "\"" || s == "“" || s == "”" || s == "'" || s == "‘"
}

// Acts returns the CAMEO codes of the acts named in text, in order,
// whether or not their actors were found: the event-type half of coding,
// used to score the dictionary on sentences whose actors the registry
// does not know.
func (c *Coder) Acts(text string, on time.Time) []string {
	sc := c.pool.Get().(*scratch)
	defer c.pool.Put(sc)
	sc.reset()
	sc.ments = c.res.FindMentions(text, on, sc.ments[:0])
	var out []string
	for _, s := range SplitSentences(text, nil) {
		sc.tz.tokenize(sc.d, text, s.Start, s.End)
		sc.mainSubj = sc.mainSubj[:0]
		sc.pseudo = sc.pseudo[:0]
		sc.placeMentions(sc.ments)
		sc.matchPatterns()
		sc.segment()
		sc.findSays()
		sc.resolveEmbeds()
		for _, m := range sc.ms {
			if m.consumed || m.off {
				continue
			}
			p := &sc.d.pats[m.pat]
			code := p.code
			if m.means >= 0 {
				code = sc.d.pats[sc.ms[m.means].pat].code
			}
			if m.inner >= 0 {
				code = embedCode(p.embed, p.code, sc.d.pats[sc.ms[m.inner].pat].code)
			}
			if sc.refused(&m) {
				if rc, ok := refuseCode(code); ok {
					code = rc
				}
			}
			// "X said Y must act": X's demand. The speaker is known here
			// only as words, so any speech counts.
			seg := sc.segs[sc.segOf[m.head]]
			if cs := sc.cuesBefore(&m, seg.start); seg.sayer >= 0 && !cs.neg && cs.deontic != famNone {
				base := "020"
				if cs.deontic == famDemand {
					base = "100"
				}
				code = embedCode(cs.deontic, base, code)
			}
			out = append(out, code)
		}
		if len(sc.ms) == 0 && len(sc.says) > 0 {
			out = append(out, "010")
		}
	}
	return out
}

// namesDocument reports a capital at tokens [ts, te) that names a treaty,
// an agreement or a process: "Treaty of Moscow", "Minsk agreements",
// "the Astana format".
func (sc *scratch) namesDocument(ts, te int) bool {
	if te < len(sc.tz.toks) {
		switch sc.low(te) {
		case "agreement", "agreements", "accord", "accords", "protocol", "protocols", "treaty", "declaration",
			"format", "process", "memorandum", "convention", "conventions", "communique", "communiqué", "framework", "understanding":
			return true
		}
	}
	if ts >= 2 && sc.low(ts-1) == "of" {
		switch sc.low(ts - 2) {
		case "treaty", "protocol", "convention", "declaration", "accords", "accord", "agreement", "peace", "congress", "statute":
			return true
		}
	}
	return false
}

// carryQuote attributes a sentence that is all quotation to the speaker
// of the quotation before ("\"We will respond,\" the ministry said. \"The
// drills are a provocation.\""), and remembers the speaker of an
// attributed quotation for the next sentence.
func (sc *scratch) carryQuote() {
	toks := sc.tz.toks
	quoted := false
	for k := range toks {
		if isQuote(sc.low(k)) {
			quoted = true
			break
		}
	}
	if !quoted {
		sc.quoted = sc.quoted[:0]
		return
	}
	for _, sy := range sc.says {
		if len(sy.group) > 0 {
			sc.quoted = sc.quoted[:0]
			for _, mi := range sy.group {
				sc.quoted = append(sc.quoted, sc.mentionValue(mi))
			}
			return
		}
	}
	if len(sc.says) > 0 || len(sc.quoted) == 0 || len(toks) == 0 || !isQuote(sc.low(0)) {
		return
	}
	g := sc.pseudoGroup(sc.quoted, originAnaphor, roleKeep)
	sc.says = append(sc.says, sayCue{tok: 0, group: g.ms})
	for k := range sc.segs {
		sc.segs[k].sayer = 0
	}
}

// predicateAt reports a word that stands where a clause's verb stands:
// after its subject or an auxiliary, across adverbs ("Brazil has so far
// condemned", "Brazil so far condemned"), whatever the tagger says.
func (sc *scratch) predicateAt(i int) bool {
	toks := sc.tz.toks
	fw := &sc.d.fw
	k := i - 1
	for k >= 0 && sc.adverb(k) {
		k--
	}
	if k < 0 || k == i-1 {
		// Only across adverbs: right after its subject the tagger's
		// reading stands ("the disputed islands", "an armed group").
		return false
	}
	t := &toks[k]
	switch t.id {
	case fw.has, fw.have, fw.had:
		return true
	}
	return t.ment >= 0 && !sc.sm[t.ment].m.Possessive && t.flags&fPoss == 0
}

// timeAt reports a time expression at token k: a day of the week, a
// month, a date, or a noun of time ("on Monday", "in March", "on 3 May",
// "at night").
func (sc *scratch) timeAt(k int) bool {
	toks := sc.tz.toks
	if k < len(toks) && toks[k].id == sc.d.fw.the {
		k++
	}
	if k >= len(toks) {
		return false
	}
	if toks[k].flags&fNum != 0 || sc.d.timeWord[toks[k].id] {
		return true
	}
	switch sc.low(k) {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "dawn", "dusk", "midnight":
		return true
	}
	return false
}

package registry

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"entente"
)

// Dates inside the index are day numbers (days since 1970-01-01) so that a
// validity check on every candidate is an integer comparison.
const (
	minDay = math.MinInt32
	maxDay = math.MaxInt32
)

// dspan is a closed interval of day numbers.
type dspan struct{ from, to int32 }

// spans is a set of day intervals; empty means always.
type spans []dspan

// dayNum turns a UTC midnight into its day number.
func dayNum(t time.Time) int32 {
	u := t.Unix()
	d := u / 86400
	if u%86400 < 0 {
		d--
	}
	return int32(max(min(d, maxDay-1), minDay+1))
}

func periodSpan(p entente.Period) dspan {
	s := dspan{minDay, maxDay}
	if !p.From.IsZero() {
		s.from = dayNum(p.From)
	}
	if !p.To.IsZero() {
		s.to = dayNum(p.To)
	}
	return s
}

func toSpans(s entente.Spells) spans {
	if len(s) == 0 {
		return nil
	}
	out := make(spans, len(s))
	for i, p := range s {
		out[i] = periodSpan(p)
	}
	return out
}

func (s spans) has(d int32) bool {
	if len(s) == 0 {
		return true
	}
	for _, p := range s {
		if d >= p.from && d <= p.to {
			return true
		}
	}
	return false
}

// open reports whether the spans run into the present.
func (s spans) open() bool { return len(s) == 0 || s[len(s)-1].to == maxDay }

// dated is one time-bounded code of an actor with the CAMEO codes it makes
// with each role, precomputed so that a mention costs no concatenation.
type dated struct {
	valid spans
	value string
	codes []string // by role index
}

// actorInfo is what mention finding needs of an actor, in index form.
type actorInfo struct {
	valid    spans
	cur      bool
	state    bool
	iso3     []dated
	cameo    []dated
	fallback []string // codes by role when no CAMEO code applies on the day
}

// variant picks the code valid on day d; with no date, the current one.
func variant(list []dated, d int32, anyDay bool) *dated {
	switch {
	case len(list) == 0:
		return nil
	case len(list) == 1 && (anyDay || list[0].valid.has(d)):
		return &list[0]
	case anyDay:
		for i := range list {
			if list[i].valid.open() {
				return &list[i]
			}
		}
		return &list[len(list)-1]
	}
	for i := range list {
		if list[i].valid.has(d) {
			return &list[i]
		}
	}
	return nil
}

// sense is one actor a phrase may refer to, with when and how.
// stopActor marks the sense of a stop phrase, which names no actor.
const stopActor = -1

type sense struct {
	actor  int32
	office int32 // index into offices for a leader's name, else -1
	kind   entente.NameKind
	role   uint8 // index into index.roles
	prio   uint8 // lower wins when several senses are valid
	cur    bool  // valid today: chosen first when no date is given
	valid  spans // the name's or the term's own validity
	why    string
}

// ptok is one word of a phrase: its interned form, the gap class before it
// and whether a possessive follows it ("People's Republic").
type ptok struct {
	id   int32
	gap  uint8
	poss bool
}

// phrase is a token sequence that names one or more actors.
type phrase struct {
	toks  []ptok
	exact []string // letters as written, per token, for short phrases matched case-sensitively
	sense []int32
	// proper is set when every spelling of the phrase starts with a
	// capital, so a lower-case word in text cannot start it.
	proper bool
}

// rolePhrase is an institution phrase that qualifies a state mention. Its
// words are always joined by spaces or hyphens.
type rolePhrase struct {
	text  string
	toks  []int32
	role  uint8
	after bool
}

// index resolves running text. Phrases are found through their first
// token; role phrases through the token next to the mention they qualify.
type index struct {
	voc     *vocab
	the     int32
	phrases []phrase
	senses  []sense
	byKey   map[string]int32
	keyBuf  []byte
	// ptokArena backs the phrases' token slices, a few thousand small
	// slices that would otherwise be as many allocations.
	ptokArena []ptok
	first     [][]int32 // token id → phrases starting with it, longest first
	roleP     []rolePhrase
	after     [][]int32 // token id → after-phrases starting with it, longest first
	before    [][]int32 // token id → before-phrases ending with it, longest first
	roles     []entente.Role
	roleIdx   map[entente.Role]uint8
}

// newIndex starts an index for about n phrases; sizing its maps up front
// spares rehashing while it is built.
func newIndex(n int) *index {
	x := &index{voc: newVocab(), byKey: make(map[string]int32, n), roleIdx: make(map[entente.Role]uint8)}
	x.voc.ids = make(map[string]int32, n)
	x.the = x.voc.id([]byte("the"), true)
	return x
}

func (x *index) addRole(r entente.Role) uint8 {
	if i, ok := x.roleIdx[r]; ok {
		return i
	}
	i := uint8(len(x.roles))
	x.roles = append(x.roles, r)
	x.roleIdx[r] = i
	return i
}

// collectRoles numbers every role the registry uses. There are at most a
// few dozen CAMEO roles, so a uint8 index is plenty; the loader stops
// numbering at 255 rather than wrap.
func (r *Registry) collectRoles(b *builder) {
	x := r.idx
	for _, role := range []entente.Role{entente.RoleNone, entente.RoleGOV, entente.RoleMIL, entente.RoleCOP, entente.RoleJUD,
		entente.RoleLEG, entente.RoleSPY, entente.RoleBUS, entente.RoleMED, entente.RoleOPP, entente.RoleREB, entente.RoleCVL, entente.RoleIGO} {
		x.addRole(role)
	}
	for _, n := range b.names {
		if len(x.roles) < 255 {
			x.addRole(n.name.Role)
		}
	}
	for _, e := range b.roles {
		if len(x.roles) < 255 {
			x.addRole(e.role)
		}
	}
}

// roleCodes precomputes base+role for every role. CAMEO codes of
// organisations ("IGOUNO") take no role suffix, so for them every role
// gives the bare code; the mention still carries the role.
func (x *index) roleCodes(base string, withRole bool) []string {
	out := make([]string, len(x.roles))
	for i, role := range x.roles {
		out[i] = base
		if withRole {
			out[i] = base + string(role)
		}
	}
	return out
}

func (r *Registry) buildInfo() {
	x := r.idx
	r.info = make([]actorInfo, len(r.actors))
	for i, a := range r.actors {
		in := &r.info[i]
		in.valid = toSpans(a.Valid)
		in.cur = isCurrent(a.Valid)
		in.state = a.Kind == entente.KindState
		for _, c := range a.Codes {
			switch c.Scheme {
			case entente.SchemeISO3:
				in.iso3 = append(in.iso3, dated{valid: toSpans(c.Valid), value: c.Value})
			case entente.SchemeCAMEO:
				in.cameo = append(in.cameo, dated{valid: toSpans(c.Valid), value: c.Value, codes: x.roleCodes(c.Value, in.state)})
			}
		}
		byStart := func(p, q dated) int {
			return cmp.Compare(firstDay(p.valid), firstDay(q.valid))
		}
		slices.SortFunc(in.iso3, byStart)
		slices.SortFunc(in.cameo, byStart)
		in.fallback = x.roleCodes(a.Code, in.state)
	}
}

func firstDay(s spans) int32 {
	if len(s) == 0 {
		return minDay
	}
	return s[0].from
}

// country is the ISO3 code of the state behind an actor on day d: its ISO3
// code then, its entente code when it has none (Kosovo), "" for
// organisations, blocs and regions.
func (r *Registry) country(ai int32, d int32, anyDay bool) string {
	in := &r.info[ai]
	if !in.state {
		return ""
	}
	if v := variant(in.iso3, d, anyDay); v != nil {
		return v.value
	}
	return r.actors[ai].Code
}

// actorCode is the CAMEO-style code of an actor with a role on day d.
func (r *Registry) actorCode(ai int32, role uint8, d int32, anyDay bool) string {
	in := &r.info[ai]
	if v := variant(in.cameo, d, anyDay); v != nil {
		return v.codes[role]
	}
	return in.fallback[role]
}

// Sense priorities: when several actors are valid for one phrase on a day,
// the lowest wins, and a tie between different actors is ambiguous.
func kindPrio(k entente.NameKind) uint8 {
	switch k {
	case entente.NameOfficial:
		return 0
	case entente.NameAlias, entente.NameCode:
		return 1
	case entente.NameDemonym:
		return 2
	case entente.NameCapital, entente.NameMetonym, entente.NameInstitution:
		return 3
	}
	return 4
}

// officeWords names an office in a sentence.
func officeWords(r entente.OfficeRole) string {
	if r == entente.Spokesperson {
		return "foreign ministry spokesperson"
	}
	return strings.ReplaceAll(string(r), "_", " ")
}

func (r *Registry) buildIndex(b *builder) {
	x := r.idx
	// About one phrase per name and two per office (a person and an
	// alias), with room for plural demonyms.
	n := len(b.names) + len(b.names)/4 + 2*len(r.offices)
	x.phrases = make([]phrase, 0, n)
	x.senses = make([]sense, 0, n)
	var toks []token
	var fold []byte
	for _, n := range b.names {
		ai := r.byCode[n.name.Actor]
		s := sense{
			actor: ai, office: -1, kind: n.name.Kind, role: x.roleIdx[n.name.Role],
			prio: kindPrio(n.name.Kind), cur: isCurrent(n.name.Valid) && r.info[ai].cur,
			valid: toSpans(n.name.Valid), why: n.why,
		}
		if strings.IndexByte(n.name.Text, '(') < 0 {
			toks, fold = x.add(n.name.Text, s, toks, fold)
		} else {
			for _, text := range nameVariants(n.name.Text) {
				toks, fold = x.add(text, s, toks, fold)
			}
		}
		if n.name.Kind == entente.NameDemonym {
			if p := pluralDemonym(n.name.Text); p != "" {
				s.why += " (plural)"
				toks, fold = x.add(p, s, toks, fold)
			}
		}
	}
	for oi, o := range r.offices {
		ai := r.byCode[o.Actor]
		// A state's leader speaks for its government; the head of an
		// organisation is the organisation, whose CAMEO code takes no role.
		role := x.roleIdx[entente.RoleGOV]
		if o.Role == entente.ServiceChief {
			// A service chief speaks for the armed forces, not the cabinet.
			role = x.roleIdx[entente.RoleMIL]
		}
		if !r.info[ai].state {
			role = x.roleIdx[entente.RoleNone]
		}
		s := sense{
			actor: ai, office: int32(oi), kind: entente.NameLeader, role: role,
			prio: 4 + uint8(slices.Index(officeRoles, o.Role)), cur: o.Term.To.IsZero() && r.info[ai].cur,
			valid: spans{periodSpan(o.Term)},
			why:   o.Person + ", " + officeWords(o.Role) + " of " + o.Actor + " " + o.Term.String(),
		}
		texts := append([]string{o.Person}, o.Aliases...)
		for k, t := range texts {
			if !slices.Contains(texts[:k], t) {
				toks, fold = x.add(t, s, toks, fold)
			}
		}
	}
	// Stop phrases name places or groups that merely contain an actor's
	// name ("Latin America", "Indian Ocean", "African American"): matched
	// like names, longest first, they consume their words and yield nothing.
	for _, text := range b.stops {
		toks, fold = x.add(text, sense{actor: stopActor, office: -1, prio: 0, cur: true}, toks, fold)
	}
	for _, e := range b.roles {
		toks, fold = x.voc.tokenize(e.phrase, toks[:0], fold, true)
		if len(toks) > 1 && toks[0].id == x.the {
			toks = toks[1:]
		}
		rp := rolePhrase{text: e.phrase, role: x.roleIdx[e.role], after: e.after}
		for _, t := range toks {
			rp.toks = append(rp.toks, t.id)
		}
		if len(rp.toks) > 0 && !slices.ContainsFunc(x.roleP, func(q rolePhrase) bool {
			return q.after == rp.after && slices.Equal(q.toks, rp.toks)
		}) {
			x.roleP = append(x.roleP, rp)
		}
	}
	x.finish()
}

// add indexes one phrase for one sense. A leading "the" is dropped, since
// the article is optional in text and never part of a span.
func (x *index) add(text string, s sense, toks []token, fold []byte) ([]token, []byte) {
	toks, fold = x.voc.tokenize(text, toks[:0], fold, true)
	if len(toks) > 1 && toks[0].id == x.the {
		toks = toks[1:]
	}
	if len(toks) == 0 || len(toks) == 1 && toks[0].id == x.the {
		// A name that is only an article would match every "the".
		return toks, fold
	}
	letters := 0
	for _, t := range toks {
		for _, c := range text[t.start:t.end] {
			if unicode.IsLetter(c) {
				letters++
			}
		}
	}
	// The key is built first so that a phrase already indexed (the same
	// words for another actor or kind) costs no allocation.
	key := x.keyBuf[:0]
	for k, t := range toks {
		key = strconv.AppendInt(key, int64(t.id), 10)
		key = append(key, '/', '0'+gapBefore(text, toks, k))
		if t.poss {
			key = append(key, '\'')
		}
		// Phrases of fewer than four letters ("US", "UK", "PRC") are matched
		// case-sensitively, or "us" and "un-" would be countries.
		if letters < 4 {
			key = append(key, '=')
			for _, c := range []byte(text[t.start:t.end]) {
				if c != '.' {
					key = append(key, c)
				}
			}
		}
		key = append(key, ' ')
	}
	x.keyBuf = key
	pi, ok := x.byKey[string(key)]
	if !ok {
		n := len(toks)
		if cap(x.ptokArena)-len(x.ptokArena) < n {
			x.ptokArena = make([]ptok, 0, max(n, 4096))
		}
		p := phrase{toks: x.ptokArena[len(x.ptokArena) : len(x.ptokArena)+n : len(x.ptokArena)+n]}
		x.ptokArena = x.ptokArena[:len(x.ptokArena)+n]
		for k, t := range toks {
			p.toks[k] = ptok{t.id, gapBefore(text, toks, k), t.poss}
			if letters < 4 {
				p.exact = append(p.exact, strings.ReplaceAll(text[t.start:t.end], ".", ""))
			}
		}
		p.proper = true
		pi = int32(len(x.phrases))
		x.byKey[string(key)] = pi
		x.phrases = append(x.phrases, p)
	}
	ph := &x.phrases[pi]
	if c, _ := utf8.DecodeRuneInString(text[toks[0].start:]); unicode.IsLower(c) {
		ph.proper = false
	}
	for _, si := range ph.sense {
		o := &x.senses[si]
		if o.actor == s.actor && o.office == s.office && o.kind == s.kind && o.role == s.role && slices.Equal(o.valid, s.valid) {
			return toks, fold
		}
	}
	ph.sense = append(ph.sense, int32(len(x.senses)))
	x.senses = append(x.senses, s)
	return toks, fold
}

// finish builds the lookup tables once the vocabulary is complete.
func (x *index) finish() {
	n := len(x.voc.words)
	x.first = make([][]int32, n)
	for pi, p := range x.phrases {
		x.first[p.toks[0].id] = append(x.first[p.toks[0].id], int32(pi))
		slices.SortStableFunc(x.phrases[pi].sense, func(a, b int32) int {
			return cmp.Compare(x.senses[a].prio, x.senses[b].prio)
		})
	}
	longestFirst := func(lists [][]int32, length func(int32) int) {
		for _, l := range lists {
			slices.SortStableFunc(l, func(a, b int32) int { return cmp.Compare(length(b), length(a)) })
		}
	}
	longestFirst(x.first, func(i int32) int { return len(x.phrases[i].toks) })
	x.after = make([][]int32, n)
	x.before = make([][]int32, n)
	for i, rp := range x.roleP {
		if rp.after {
			x.after[rp.toks[0]] = append(x.after[rp.toks[0]], int32(i))
		} else {
			last := rp.toks[len(rp.toks)-1]
			x.before[last] = append(x.before[last], int32(i))
		}
	}
	rl := func(i int32) int { return len(x.roleP[i].toks) }
	longestFirst(x.after, rl)
	longestFirst(x.before, rl)
	x.byKey, x.keyBuf, x.ptokArena = nil, nil, nil
	x.voc.seal()
	x.voc.ids = nil // sealed lookups use the table
}

// pluralDemonym returns the plural of a demonym used as a noun ("Russians",
// "Filipinos", "Pakistanis"), or "" where English does not add an s
// ("Chinese", "British", "Swiss").
func pluralDemonym(s string) string {
	l := strings.ToLower(s)
	for _, suf := range []string{"an", "i", "o"} {
		if strings.HasSuffix(l, suf) {
			return s + "s"
		}
	}
	return ""
}

// nameVariants splits a name with a parenthesis, "Holy See (Vatican City
// State)", into the name without it and the words inside, since text writes
// either but hardly ever both with the brackets.
func nameVariants(text string) []string {
	open := strings.IndexByte(text, '(')
	if open < 0 {
		return []string{text}
	}
	end := strings.IndexByte(text[open:], ')')
	if end < 0 {
		return []string{text}
	}
	end += open
	var out []string
	if outside := strings.Join(strings.Fields(text[:open]+" "+text[end+1:]), " "); hasWord(outside) {
		out = append(out, outside)
	}
	if inside := strings.TrimSpace(text[open+1 : end]); hasWord(inside) {
		out = append(out, inside)
	}
	return out
}

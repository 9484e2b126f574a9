package coalition

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"entente"
	"entente/measures"
)

// Registry is what the engine needs of the actor registry; the built-in
// *registry.Registry satisfies it.
type Registry interface {
	entente.Resolver
	// Members lists the memberships of a group in force on a day.
	Members(group string, on time.Time) []entente.Membership
	// GroupsOf lists the groups a state belonged to on a day.
	GroupsOf(member string, on time.Time) []entente.Membership
}

// Vote choices in the compact matrix; 0 means no recorded vote.
const (
	cNone    int8 = 0
	cYes     int8 = 1
	cAbstain int8 = 2
	cNo      int8 = 3
)

// Classes are the three outcomes the model predicts, in matrix order.
var Classes = []entente.VoteChoice{entente.VoteYes, entente.VoteAbstain, entente.VoteNo}

func choiceCode(c entente.VoteChoice) int8 {
	switch c {
	case entente.VoteYes:
		return cYes
	case entente.VoteAbstain:
		return cAbstain
	case entente.VoteNo:
		return cNo
	}
	return cNone
}

// rollCall is a stored roll call with what the engine derives from it once.
type rollCall struct {
	entente.RollCall
	key   string  // normalised resolution symbol
	terms []int32 // sorted distinct term ids of its text (rollCallText)
	// titleTerms are those of its own title alone, which tell a
	// same-series repeat.
	titleTerms []int32
	issues     uint8 // bit set of issue codes
	day        int32 // days since 1970-01-01
}

// session gathers the roll calls of one General Assembly session.
type session struct {
	num         int
	first, last int // roll-call index range [first, last]
	lastDay     int32
}

// History is an in-memory snapshot of everything the engine reads, cut at
// Until: nothing dated on or after Until is loaded. Feature computations cut
// again at each motion's date, so a backtest can load once and predict
// every roll call from its own past.
type History struct {
	Until time.Time
	reg   Registry
	src   entente.Reader

	codes []string
	idx   map[string]int

	rcs   []rollCall
	byKey map[string][]int
	byID  map[string]int
	votes [][]int8 // roll call × country

	sessions    []session
	sessionLast map[int]int32

	terms map[string]int32

	// ideal[session][country] is the ideal point (NaN when missing);
	// idealKnown[session] is the day the session's estimates may be used.
	ideal      map[int][]float64
	idealKnown map[int]int32
	idealEv    map[int]map[int]entente.Evidence

	// panel holds the dyadic facts (trade, arms, security ties, curated
	// dependence figures) and the rules that read them; its state indices
	// are the History's.
	panel  *measures.Panel
	events []entente.Event

	// unMembers caches members by day; featurizers building cases on
	// several cores share it under membersMu (a pointer, since a
	// scenario copies the History and gives the copy a map of its own).
	unMembers map[int32][]bool
	membersMu *sync.Mutex
	docs      map[string]string
}

// LoadConfig says what to load.
type LoadConfig struct {
	// Until is the exclusive cut: nothing dated on or after it is loaded.
	Until time.Time
	// From is the first roll-call day to load; zero loads everything.
	From time.Time
	// EventWindow is how far before Until events are read (default two years).
	EventWindow time.Duration
	// Panel are the rules of the dyadic panel (Config.Panel); zero fields
	// take measures' defaults.
	Panel measures.PanelRules
	// IssueTitleMatch is Config.IssueTitleMatch: a roll call without
	// issue codes takes those of the earlier roll call whose own title is
	// at least this alike (inheritIssues); 0 leaves it without.
	IssueTitleMatch float64
}

// Validate reports a configuration that cannot work.
func (c LoadConfig) Validate() error {
	if c.Until.IsZero() {
		return fmt.Errorf("load: until date is required: %w", entente.ErrInvalid)
	}
	if !c.From.IsZero() && !c.From.Before(c.Until) {
		return fmt.Errorf("load: from %s is not before until %s: %w", c.From.Format(entente.DateLayout), c.Until.Format(entente.DateLayout), entente.ErrInvalid)
	}
	return nil
}

func dayNum(t time.Time) int32 {
	if t.IsZero() {
		return math.MinInt32
	}
	return int32(t.Unix() / 86400)
}

func fromDay(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Load reads a snapshot from the store, through its entente.BulkReader
// fast path when it has one.
func Load(ctx context.Context, src entente.Reader, reg Registry, cfg LoadConfig) (*History, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.EventWindow == 0 {
		cfg.EventWindow = 2 * 365 * 24 * time.Hour
	}
	h := &History{
		Until: cfg.Until, reg: reg, src: src,
		idx: map[string]int{}, byKey: map[string][]int{}, byID: map[string]int{}, terms: map[string]int32{},
		ideal: map[int][]float64{}, idealKnown: map[int]int32{}, idealEv: map[int]map[int]entente.Evidence{},
		unMembers: map[int32][]bool{}, membersMu: &sync.Mutex{},
	}
	// Every state the registry knows gets an index, so that matrices can be
	// sized once; votes by codes outside the registry add to the end.
	type lister interface{ Actors() []entente.Actor }
	if l, ok := reg.(lister); ok {
		for _, a := range l.Actors() {
			if a.Kind == entente.KindState {
				h.country(a.Code)
			}
		}
	}
	rcs, err := src.RollCalls(ctx, entente.RollCallFilter{From: cfg.From, To: cfg.Until})
	if err != nil {
		return nil, fmt.Errorf("load roll calls: %w", err)
	}
	for _, rc := range rcs {
		if !rc.Date.Before(cfg.Until) || rc.Date.IsZero() {
			continue
		}
		r := rollCall{RollCall: rc, day: dayNum(rc.Date)}
		r.key, _ = ResolutionKey(rc.Resolution)
		// The UNBIS subjects of the UN's own files place a roll call as its
		// title does.
		text, title := rollCallText(rc)
		r.terms, r.titleTerms = h.termIDs(text), h.termIDs(title)
		r.issues = issueBits(rc.Issues)
		h.rcs = append(h.rcs, r)
	}
	sort.SliceStable(h.rcs, func(i, j int) bool { return h.rcs[i].day < h.rcs[j].day })
	h.inheritIssues(cfg.IssueTitleMatch)
	for i, r := range h.rcs {
		h.byID[r.ID] = i
		if r.key != "" {
			h.byKey[r.key] = append(h.byKey[r.key], i)
		}
	}
	fast, _ := src.(entente.BulkReader)
	if err := h.loadVotes(ctx, fast, cfg); err != nil {
		return nil, err
	}
	h.buildSessions()
	if err := h.loadTies(ctx, fast, cfg); err != nil {
		return nil, err
	}
	evFrom := cfg.Until.Add(-cfg.EventWindow)
	for _, prefix := range []string{"01", "04", "05", "11", "12"} {
		es, err := src.Events(ctx, entente.EventFilter{From: evFrom, To: cfg.Until, CAMEOPrefix: prefix, Limit: 200000})
		if err != nil && !errors.Is(err, entente.ErrUnsupported) {
			return nil, fmt.Errorf("load events: %w", err)
		}
		for _, e := range es {
			if e.Date.Before(cfg.Until) {
				h.events = append(h.events, e)
			}
		}
	}
	return h, nil
}

func (h *History) country(code string) int {
	if i, ok := h.idx[code]; ok {
		return i
	}
	i := len(h.codes)
	h.codes = append(h.codes, code)
	h.idx[code] = i
	for r := range h.votes {
		h.votes[r] = append(h.votes[r], cNone)
	}
	return i
}

func (h *History) loadVotes(ctx context.Context, fast entente.BulkReader, cfg LoadConfig) error {
	h.votes = make([][]int8, len(h.rcs))
	for i := range h.votes {
		h.votes[i] = make([]int8, len(h.codes))
	}
	add := func(rcID, country string, choice entente.VoteChoice) {
		r, ok := h.byID[rcID]
		if !ok {
			return
		}
		c := h.country(country)
		h.votes[r][c] = choiceCode(choice)
	}
	if fast != nil {
		if err := fast.ScanVotes(ctx, cfg.From, cfg.Until, add); err != nil {
			return fmt.Errorf("load votes: %w", err)
		}
		return nil
	}
	vs, err := h.src.Votes(ctx, entente.VoteFilter{From: cfg.From, To: cfg.Until})
	if err != nil {
		return fmt.Errorf("load votes: %w", err)
	}
	for _, v := range vs {
		add(v.RollCall, v.Country, v.Choice)
	}
	return nil
}

func (h *History) buildSessions() {
	// A session's roll calls need not be contiguous in date order (a vote
	// recorded late), so its last day is kept apart.
	h.sessionLast = map[int]int32{}
	for _, r := range h.rcs {
		if last, ok := h.sessionLast[r.Session]; !ok || r.day > last {
			h.sessionLast[r.Session] = r.day
		}
	}
	for i, r := range h.rcs {
		n := len(h.sessions)
		if n > 0 && h.sessions[n-1].num == r.Session {
			h.sessions[n-1].last = i
			h.sessions[n-1].lastDay = max(h.sessions[n-1].lastDay, r.day)
			continue
		}
		h.sessions = append(h.sessions, session{num: r.Session, first: i, last: i, lastDay: r.day})
	}
}

func (h *History) loadTies(ctx context.Context, fast entente.BulkReader, cfg LoadConfig) error {
	until := dayNum(cfg.Until)
	fromYear := 0
	if !cfg.From.IsZero() {
		fromYear = cfg.From.Year() - 6
	}
	toYear := cfg.Until.Year()
	read := func(kind string, from, to int) ([]entente.Tie, error) {
		ts, err := h.src.Ties(ctx, entente.TieFilter{KindPrefix: kind, FromYear: from, ToYear: to})
		if err != nil {
			return nil, fmt.Errorf("load %s ties: %w", kind, err)
		}
		return ts, nil
	}
	// Ideal points: a session's estimates may be used only once the
	// session is over and none of its votes is on or after the cut.
	ips, err := read(string(entente.TieIdealPoint), 0, 0)
	if err != nil {
		return err
	}
	for _, t := range ips {
		s, _ := strconv.Atoi(t.Attrs["session"])
		if s == 0 {
			s = t.Year - 1945
		}
		known := dayNum(t.Period.To) + 1
		if t.Period.To.IsZero() {
			known = dayNum(entente.Day(t.Year+1, time.September, 1))
		}
		if known >= until {
			continue
		}
		if _, ok := h.ideal[s]; !ok {
			h.ideal[s] = nil
		}
		c := h.country(t.A)
		for len(h.ideal[s]) < len(h.codes) {
			h.ideal[s] = append(h.ideal[s], math.NaN())
		}
		h.ideal[s][c] = t.Value
		h.idealKnown[s] = known
		if h.idealEv[s] == nil {
			h.idealEv[s] = map[int]entente.Evidence{}
		}
		h.idealEv[s][c] = t.Evidence
	}
	// Any session with a roll call on or after the cut is withheld whole,
	// even when its estimate period says otherwise.
	future, err := h.src.RollCalls(ctx, entente.RollCallFilter{From: cfg.Until})
	if err != nil {
		return fmt.Errorf("load roll calls after the cut: %w", err)
	}
	for _, r := range future {
		delete(h.ideal, r.Session)
	}
	p, err := measures.BuildPanel(ctx, h.src, measures.PanelConfig{FromYear: fromYear, ToYear: toYear, Until: cfg.Until, Codes: h.codes, PanelRules: cfg.Panel})
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	for _, c := range p.Codes()[len(h.codes):] {
		h.country(c)
	}
	h.panel = p
	h.padIdeal()
	return nil
}

func (h *History) padIdeal() {
	for s := range h.ideal {
		for len(h.ideal[s]) < len(h.codes) {
			h.ideal[s] = append(h.ideal[s], math.NaN())
		}
	}
}

// sessionHasVotesFrom reports whether the session has a roll call on or
// after day d.
func (h *History) sessionHasVotesFrom(num int, d int32) bool {
	last, ok := h.sessionLast[num]
	return ok && last >= d
}

// members returns the UN members on a day as a mask over country indices.
func (h *History) members(d int32) []bool {
	h.membersMu.Lock()
	defer h.membersMu.Unlock()
	if m, ok := h.unMembers[d]; ok && len(m) == len(h.codes) {
		return m
	}
	m := make([]bool, len(h.codes))
	for _, ms := range h.reg.Members("UN", fromDay(d)) {
		if ms.Status != "" && ms.Status != "member" {
			continue
		}
		if i, ok := h.idx[ms.Member]; ok {
			m[i] = true
		}
	}
	h.unMembers[d] = m
	return m
}

func issueBits(issues []string) uint8 {
	var b uint8
	for _, is := range issues {
		if i := slices.Index(Issues, strings.ToLower(is)); i >= 0 {
			b |= 1 << i
		}
	}
	return b
}

// stopwords are left out of similarity: they are in every title.
var stopwords = map[string]bool{
	"the": true, "of": true, "and": true, "in": true, "on": true, "to": true, "a": true, "for": true, "by": true,
	"resolution": true, "adopted": true, "general": true, "assembly": true, "with": true, "its": true, "an": true,
	"at": true, "as": true, "from": true, "be": true, "is": true, "that": true, "which": true, "this": true,
}

// tokens splits text into lower-case words, without stopwords and the
// "resolution / adopted by the General Assembly" boilerplate.
func tokens(text string) []string {
	text = strings.ToLower(text)
	if i := strings.Index(text, ": resolution"); i >= 0 {
		text = text[:i]
	}
	f := strings.FieldsFunc(text, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	out := f[:0]
	for _, w := range f {
		// Numbers are sessions, agenda items and document symbols
		// ("a/73/251 101hh"), which differ between repeats of one
		// resolution, more often than they are part of its subject.
		if len(w) < 2 || stopwords[w] || strings.ContainsAny(w, "0123456789") {
			continue
		}
		// Crude stemming: plural and possessive endings.
		if len(w) > 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	return out
}

func (h *History) termIDs(text string) []int32 {
	var ids []int32
	for _, w := range tokens(text) {
		id, ok := h.terms[w]
		if !ok {
			id = int32(len(h.terms))
			h.terms[w] = id
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// lookupTerms maps text to known term ids, ignoring words never seen.
func (h *History) lookupTerms(text string) []int32 {
	var ids []int32
	for _, w := range tokens(text) {
		if id, ok := h.terms[w]; ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Countries returns the codes the snapshot knows, in index order.
func (h *History) Countries() []string { return slices.Clone(h.codes) }

// RollCalls returns the number of roll calls loaded.
func (h *History) RollCalls() int { return len(h.rcs) }

// fitDay is FitDay of asof with the last roll call the snapshot holds
// before it: a History loaded from Config.LoadFrom of that fit day holds
// it, since the fit day is at most a year after it.
func (h *History) fitDay(asof time.Time) time.Time {
	d := dayNum(asof)
	// The roll calls are sorted by day: the first at or after d ends the
	// ones before it.
	n, _ := slices.BinarySearchFunc(h.rcs, d, func(r rollCall, d int32) int { return cmp.Compare(r.day, d) })
	if n == 0 {
		return FitDay(asof, time.Time{})
	}
	return FitDay(asof, fromDay(h.rcs[n-1].day))
}

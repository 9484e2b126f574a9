package measures

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"entente"
)

// UN alignment compares the recorded votes of two states on the roll calls
// of a General Assembly session on which both voted yes, no or abstain
// (absences and non-votes are left out: the unvotes data record none).
//
//   - Share of identical votes: identical / common roll calls.
//   - Cohen's kappa: (po − pe) / (1 − pe), with po the share identical and
//     pe = Σ_k pA(k)·pB(k) the agreement two states with the same vote
//     frequencies would reach by chance (Häge 2011). Undefined when pe = 1.
//   - S-score (Signorino & Ritter 1999) as used for UN votes: votes coded
//     yes = 1, abstain = 0.5, no = 0, S = 1 − 2·Σ|a−b| / n, from −1 (always
//     opposed) to 1 (always identical).
//   - Ideal-point distance: |θA − θB| of the Bailey–Strezhnev–Voeten
//     estimates for the session (the idealpoint ties the importer writes,
//     Year = the session's start year).
//
// Session n opens in September of year 1945+n; the dyad timeline shows a
// session under that year.

// SessionYear is the year session n opens.
func SessionYear(session int) int { return 1945 + session }

// YearSession is the session opening in year y.
func YearSession(y int) int { return y - 1945 }

// Seat is a permanent seat of the Security Council and the actor codes that
// held it: the Soviet seat passed to Russia, China's from the Republic of
// China (Taiwan) to the People's Republic in 1971.
type Seat struct {
	Code    string   `json:"code"`
	Holders []string `json:"holders"`
}

// P5 lists the permanent members' seats, in the order output shows them.
var P5 = []Seat{
	{"USA", []string{"USA"}},
	{"GBR", []string{"GBR"}},
	{"FRA", []string{"FRA"}},
	{"RUS", []string{"RUS", "SUN"}},
	{"CHN", []string{"CHN", "TWN"}},
}

// voteIndex maps the vote choices compared to 0 (yes), 1 (abstain), 2 (no).
func voteIndex(c entente.VoteChoice) (int, bool) {
	switch c {
	case entente.VoteYes:
		return 0, true
	case entente.VoteAbstain:
		return 1, true
	case entente.VoteNo:
		return 2, true
	}
	return 0, false
}

// Agreement is the voting agreement of A and B in one session.
type Agreement struct {
	A       string `json:"a"`
	B       string `json:"b"`
	Session int    `json:"session"`
	Year    int    `json:"year"`
	// RollCalls is the number of roll calls of the session in the store;
	// Votes those on which both A and B voted yes, no or abstain.
	RollCalls int      `json:"rollcalls"`
	Votes     int      `json:"votes"`
	Identical int      `json:"identical"`
	Share     Fraction `json:"share"`
	Kappa     *float64 `json:"kappa"`
	SScore    *float64 `json:"s_score"`
	// Table counts the common votes by A's choice (rows) and B's
	// (columns), in the order yes, abstain, no.
	Table [3][3]int `json:"table"`
	// Evidence names the vote sources; RollCallIDs the roll calls compared.
	RollCallIDs []string           `json:"rollcall_ids"`
	Evidence    []entente.Evidence `json:"evidence"`
}

// HasData reports whether A and B voted on any common roll call.
func (g Agreement) HasData() bool { return g.Votes > 0 }

// agreement computes the measures from two vote maps (roll call → choice)
// over the roll calls listed.
func agreement(a, b string, session int, rcs []string, va, vb map[string]entente.Vote) Agreement {
	g := Agreement{A: a, B: b, Session: session, Year: SessionYear(session), RollCalls: len(rcs), RollCallIDs: []string{}}
	var ev evidenceSet
	var dist float64
	sources := map[string]bool{}
	for _, id := range rcs {
		x, okA := va[id]
		y, okB := vb[id]
		if !okA || !okB {
			continue
		}
		i, okI := voteIndex(x.Choice)
		j, okJ := voteIndex(y.Choice)
		if !okI || !okJ {
			continue
		}
		g.Table[i][j]++
		g.Votes++
		if i == j {
			g.Identical++
		}
		dist += math.Abs(float64(i-j)) / 2
		g.RollCallIDs = append(g.RollCallIDs, id)
		sources[x.Evidence.Source] = true
		sources[y.Evidence.Source] = true
	}
	g.Share = Fraction{float64(g.Identical), float64(g.Votes)}
	// The votes compared are many; the evidence names their sources and
	// how to find them, and RollCallIDs lists the roll calls.
	for _, src := range sortedKeys(sources) {
		ev.add(entente.Evidence{Source: src, Text: fmt.Sprintf("votes of %s and %s on the %d roll calls of session %d listed in rollcall_ids", a, b, g.Votes, session)})
	}
	g.Evidence = ev.slice()
	if g.Votes == 0 {
		return g
	}
	n := float64(g.Votes)
	s := 1 - 2*dist/n
	g.SScore = &s
	po := float64(g.Identical) / n
	var pe float64
	for k := 0; k < 3; k++ {
		var ra, cb int
		for l := 0; l < 3; l++ {
			ra += g.Table[k][l]
			cb += g.Table[l][k]
		}
		pe += float64(ra) / n * float64(cb) / n
	}
	if pe < 1 {
		k := (po - pe) / (1 - pe)
		g.Kappa = &k
	}
	return g
}

// sessionVotes holds the votes of some states in some sessions.
type sessionVotes struct {
	// rollcalls[session] lists roll-call IDs in date order.
	rollcalls map[int][]string
	// votes[country][rollcall] is the vote.
	votes map[string]map[string]entente.Vote
}

// forSeat merges the votes of a seat's holders (they never overlap).
func (sv *sessionVotes) forSeat(holders []string) map[string]entente.Vote {
	if len(holders) == 1 {
		return sv.votes[holders[0]]
	}
	m := map[string]entente.Vote{}
	for _, h := range holders {
		for id, v := range sv.votes[h] {
			m[id] = v
		}
	}
	return m
}

// loadVotes loads the roll calls of sessions from..to and the votes of
// countries on them (all countries when none are given).
func (e *Engine) loadVotes(ctx context.Context, from, to int, countries []string) (*sessionVotes, error) {
	sv := &sessionVotes{rollcalls: map[int][]string{}, votes: map[string]map[string]entente.Vote{}}
	var rcs []entente.RollCall
	var err error
	if from == to {
		rcs, err = e.r.RollCalls(ctx, entente.RollCallFilter{Session: from})
	} else {
		// Session n sits between January of the year it opens and the end
		// of the next; the window spares reading every roll call.
		rcs, err = e.r.RollCalls(ctx, entente.RollCallFilter{From: entente.Day(SessionYear(from), 1, 1), To: entente.Day(SessionYear(to)+2, 1, 1)})
	}
	if err != nil {
		return nil, fmt.Errorf("roll calls: %w", err)
	}
	var first, last time.Time
	n := 0
	for _, rc := range rcs {
		if rc.Session < from || rc.Session > to {
			continue
		}
		sv.rollcalls[rc.Session] = append(sv.rollcalls[rc.Session], rc.ID)
		n++
		if !rc.Date.IsZero() && (first.IsZero() || rc.Date.Before(first)) {
			first = rc.Date
		}
		if rc.Date.After(last) {
			last = rc.Date
		}
	}
	if n == 0 {
		return sv, nil
	}
	f := entente.VoteFilter{Countries: countries}
	if from == to && n <= 500 {
		f.RollCalls = sv.rollcalls[from]
	} else if !first.IsZero() {
		f.From, f.To = first, last.AddDate(0, 0, 1)
	}
	vs, err := e.r.Votes(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("votes: %w", err)
	}
	for _, v := range vs {
		m := sv.votes[v.Country]
		if m == nil {
			m = map[string]entente.Vote{}
			sv.votes[v.Country] = m
		}
		m[v.RollCall] = v
	}
	return sv, nil
}

// VoteAgreement computes the agreement of a and b in a session.
func (e *Engine) VoteAgreement(ctx context.Context, a, b string, session int) (Agreement, error) {
	if err := checkDyad(a, b); err != nil {
		return Agreement{}, err
	}
	if session < 1 {
		return Agreement{}, fmt.Errorf("session %d: want 1 or later: %w", session, entente.ErrInvalid)
	}
	sv, err := e.loadVotes(ctx, session, session, expandSeats(a, b))
	if err != nil {
		return Agreement{}, err
	}
	return agreement(a, b, session, sv.rollcalls[session], sv.forSeat(holdersOf(a)), sv.forSeat(holdersOf(b))), nil
}

// holdersOf returns the codes whose votes count as a's: a P5 seat's
// holders when a names the seat, else a alone.
func holdersOf(a string) []string {
	for _, s := range P5 {
		if s.Code == a {
			return s.Holders
		}
	}
	return []string{a}
}

// expandSeats lists the codes whose votes the comparison of codes needs.
func expandSeats(codes ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range codes {
		for _, h := range holdersOf(c) {
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	return out
}

// IdealPoints is the ideal-point distance of A and B in one session.
type IdealPoints struct {
	A       string   `json:"a"`
	B       string   `json:"b"`
	Session int      `json:"session"`
	Year    int      `json:"year"`
	PointA  *float64 `json:"point_a"`
	PointB  *float64 `json:"point_b"`
	// Distance is |θA − θB|, nil unless both are estimated.
	Distance *float64 `json:"distance"`
	// Measure is the estimate used ("all", or "fp" where the release has
	// no "all" estimate).
	Measure  string             `json:"measure,omitempty"`
	Evidence []entente.Evidence `json:"evidence"`
}

// HasData reports whether the distance is defined.
func (p IdealPoints) HasData() bool { return p.Distance != nil }

// idealData holds ideal-point ties by country and year.
type idealData map[string]map[int]entente.Tie

func (e *Engine) loadIdealPoints(ctx context.Context, countries []string, from, to int) (idealData, error) {
	d := idealData{}
	for _, c := range countries {
		ts, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieIdealPoint), A: c, FromYear: from, ToYear: to})
		if err != nil {
			return nil, fmt.Errorf("ideal points: %w", err)
		}
		if d[c] == nil {
			d[c] = map[int]entente.Tie{}
		}
		for _, t := range ts {
			if t.Kind == entente.TieIdealPoint && t.Year >= from && t.Year <= to {
				d[c][t.Year] = t
			}
		}
	}
	return d, nil
}

func (d idealData) distance(a, b string, year int) IdealPoints {
	p := IdealPoints{A: a, B: b, Year: year, Session: YearSession(year)}
	var ev evidenceSet
	if t, ok := d[a][year]; ok {
		v := t.Value
		p.PointA, p.Measure = &v, t.Attrs["measure"]
		ev.add(t.Evidence)
	}
	if t, ok := d[b][year]; ok {
		v := t.Value
		p.PointB = &v
		if p.Measure == "" || t.Attrs["measure"] != p.Measure {
			p.Measure = joinMeasure(p.Measure, t.Attrs["measure"])
		}
		ev.add(t.Evidence)
	}
	if p.PointA != nil && p.PointB != nil {
		dist := math.Abs(*p.PointA - *p.PointB)
		p.Distance = &dist
	}
	p.Evidence = ev.slice()
	return p
}

func joinMeasure(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || a == b:
		return a
	}
	return a + "/" + b
}

// IdealPointDistance returns the ideal-point distance of a and b in a
// session.
func (e *Engine) IdealPointDistance(ctx context.Context, a, b string, session int) (IdealPoints, error) {
	if err := checkDyad(a, b); err != nil {
		return IdealPoints{}, err
	}
	y := SessionYear(session)
	d, err := e.loadIdealPoints(ctx, []string{a, b}, y, y)
	if err != nil {
		return IdealPoints{}, err
	}
	return d.distance(a, b, y), nil
}

// SessionAlignment is A's alignment with one partner in a session.
type SessionAlignment struct {
	Agreement   Agreement   `json:"agreement"`
	IdealPoints IdealPoints `json:"ideal_points"`
	P5          bool        `json:"p5,omitempty"`
}

// Alignment is how every state voted relative to A in one session, most
// aligned first, and A's agreement with each permanent member.
type Alignment struct {
	A        string             `json:"a"`
	Session  int                `json:"session"`
	Year     int                `json:"year"`
	Partners []SessionAlignment `json:"partners"`
	P5       []Agreement        `json:"p5"`
}

// AlignmentOf ranks every state by its agreement with a in session (0:
// the latest session in which a voted): share of identical votes first,
// then kappa, then code. States with an ideal point but no common votes
// (sessions after the vote data end) are ranked by ideal-point distance
// after those with votes.
func (e *Engine) AlignmentOf(ctx context.Context, a string, session int) (Alignment, error) {
	if a == "" {
		return Alignment{}, fmt.Errorf("alignment: actor is required: %w", entente.ErrInvalid)
	}
	if session == 0 {
		s, err := e.latestSession(ctx, a)
		if err != nil {
			return Alignment{}, err
		}
		session = s
	}
	if session < 1 {
		return Alignment{}, fmt.Errorf("alignment of %s: no session with votes or ideal points in the store: %w", a, entente.ErrNotFound)
	}
	out := Alignment{A: a, Session: session, Year: SessionYear(session), Partners: []SessionAlignment{}, P5: []Agreement{}}
	sv, err := e.loadVotes(ctx, session, session, nil)
	if err != nil {
		return out, err
	}
	y := SessionYear(session)
	ips, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieIdealPoint), FromYear: y, ToYear: y})
	if err != nil {
		return out, fmt.Errorf("ideal points: %w", err)
	}
	id := idealData{}
	for _, t := range ips {
		if t.Kind == entente.TieIdealPoint && t.Year == y {
			if id[t.A] == nil {
				id[t.A] = map[int]entente.Tie{}
			}
			id[t.A][y] = t
		}
	}
	rcs := sv.rollcalls[session]
	mine := sv.forSeat(holdersOf(a))
	partners := map[string]bool{}
	for c := range sv.votes {
		partners[c] = true
	}
	for c := range id {
		partners[c] = true
	}
	delete(partners, a)
	isP5 := map[string]bool{}
	for _, s := range P5 {
		for _, h := range s.Holders {
			isP5[h] = true
		}
	}
	for _, c := range sortedKeys(partners) {
		sa := SessionAlignment{Agreement: agreement(a, c, session, rcs, mine, sv.votes[c]), IdealPoints: id.distance(a, c, y), P5: isP5[c]}
		if !sa.Agreement.HasData() && !sa.IdealPoints.HasData() {
			continue
		}
		out.Partners = append(out.Partners, sa)
	}
	sort.SliceStable(out.Partners, func(i, j int) bool {
		pi, pj := out.Partners[i], out.Partners[j]
		if pi.Agreement.HasData() != pj.Agreement.HasData() {
			return pi.Agreement.HasData()
		}
		if pi.Agreement.HasData() {
			si, sj := pi.Agreement.Share.Or(0), pj.Agreement.Share.Or(0)
			if si != sj {
				return si > sj
			}
			ki, kj := deref(pi.Agreement.Kappa), deref(pj.Agreement.Kappa)
			if ki != kj {
				return ki > kj
			}
		} else if di, dj := deref(pi.IdealPoints.Distance), deref(pj.IdealPoints.Distance); di != dj {
			return di < dj
		}
		return pi.Agreement.B < pj.Agreement.B
	})
	for _, s := range P5 {
		if s.Code == a {
			continue
		}
		out.P5 = append(out.P5, agreement(a, s.Code, session, rcs, mine, sv.forSeat(s.Holders)))
	}
	return out, nil
}

func deref(p *float64) float64 {
	if p == nil {
		return math.Inf(1)
	}
	return *p
}

// latestSession returns the latest session in which a voted, else the
// latest with an ideal point for a, else 0.
func (e *Engine) latestSession(ctx context.Context, a string) (int, error) {
	rcs, err := e.r.RollCalls(ctx, entente.RollCallFilter{})
	if err != nil {
		return 0, fmt.Errorf("roll calls: %w", err)
	}
	best := 0
	if len(rcs) > 0 {
		// A state casts a few thousand votes in all: reading them is cheaper
		// than a query per session.
		vs, err := e.r.Votes(ctx, entente.VoteFilter{Countries: holdersOf(a)})
		if err != nil {
			return 0, fmt.Errorf("votes: %w", err)
		}
		session := make(map[string]int, len(rcs))
		for _, rc := range rcs {
			session[rc.ID] = rc.Session
		}
		for _, v := range vs {
			if s := session[v.RollCall]; s > best {
				best = s
			}
		}
	}
	ips, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieIdealPoint), A: a})
	if err != nil {
		return 0, fmt.Errorf("ideal points: %w", err)
	}
	// Prefer vote data: ideal points alone are used only past the votes.
	if best == 0 {
		for _, t := range ips {
			if s := YearSession(t.Year); s > best {
				best = s
			}
		}
	}
	return best, nil
}

// DyadAlignment is A and B's alignment in one session: their agreement,
// their ideal-point distance, and A's agreement with each permanent member.
type DyadAlignment struct {
	Session     int         `json:"session"`
	Year        int         `json:"year"`
	Agreement   Agreement   `json:"agreement"`
	IdealPoints IdealPoints `json:"ideal_points"`
	P5          []Agreement `json:"p5"`
	// P5FromIdealPoints holds A's agreement with the US, Russia and China
	// as the ideal-point release reports it (USAgree, RUSSAgree,
	// ChinaAgree), for sessions past the vote data.
	P5FromIdealPoints map[string]float64 `json:"p5_from_ideal_points,omitempty"`
}

// DyadAlignment returns the alignment of a and b in every session from..to
// with votes or ideal points for both.
func (e *Engine) DyadAlignment(ctx context.Context, a, b string, from, to int) ([]DyadAlignment, error) {
	if err := checkDyad(a, b); err != nil {
		return nil, err
	}
	if from < 1 || to < from {
		return nil, fmt.Errorf("sessions %d..%d: want 1 <= from <= to: %w", from, to, entente.ErrInvalid)
	}
	return e.dyadAlignment(ctx, a, b, from, to, true)
}

func (e *Engine) dyadAlignment(ctx context.Context, a, b string, from, to int, skipEmpty bool) ([]DyadAlignment, error) {
	codes := []string{a, b}
	for _, s := range P5 {
		codes = append(codes, s.Code)
	}
	sv, err := e.loadVotes(ctx, from, to, expandSeats(codes...))
	if err != nil {
		return nil, err
	}
	id, err := e.loadIdealPoints(ctx, []string{a, b}, SessionYear(from), SessionYear(to))
	if err != nil {
		return nil, err
	}
	va, vb := sv.forSeat(holdersOf(a)), sv.forSeat(holdersOf(b))
	seats := make([]map[string]entente.Vote, len(P5))
	for i, seat := range P5 {
		seats[i] = sv.forSeat(seat.Holders)
	}
	out := []DyadAlignment{}
	for s := from; s <= to; s++ {
		y := SessionYear(s)
		da := DyadAlignment{Session: s, Year: y, Agreement: agreement(a, b, s, sv.rollcalls[s], va, vb), IdealPoints: id.distance(a, b, y), P5: []Agreement{}}
		if skipEmpty && !da.Agreement.HasData() && !da.IdealPoints.HasData() {
			continue
		}
		for i, seat := range P5 {
			if seat.Code == a {
				continue
			}
			da.P5 = append(da.P5, agreement(a, seat.Code, s, sv.rollcalls[s], va, seats[i]))
		}
		if t, ok := id[a][y]; ok {
			for attr, code := range map[string]string{"usagree": "USA", "russagree": "RUS", "chinaagree": "CHN"} {
				if v, ok := attrFloat(t, attr); ok {
					if da.P5FromIdealPoints == nil {
						da.P5FromIdealPoints = map[string]float64{}
					}
					da.P5FromIdealPoints[code] = v
				}
			}
		}
		out = append(out, da)
	}
	return out, nil
}

package coalition

import (
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"entente"
)

// The silence tests build a small History by hand on the real registry, so
// that bloc memberships are real and every vote and event is known. The
// state under test is Oman (OMN), whose blocs in 2020 are its subregion
// (Western Asia), the GCC, the Arab League and the Non-Aligned Movement;
// the motion targets Iran. The GCC has six members in 2020 (BHR, KWT, OMN,
// QAT, SAU, ARE per registry/data/memberships.tsv), so Oman has five GCC
// partners: two thirds of them is four. The Arab League and the Non-Aligned
// Movement are too large for a handful of reports to reach two thirds.

const silenceTol = 1e-9

var (
	silenceQueryDate = entente.Day(2020, time.March, 1)
	silenceGCC       = []string{"SAU", "ARE", "QAT", "KWT", "BHR"} // Oman's GCC partners
)

// newSilenceHistory returns an empty History over every registry state.
func newSilenceHistory(t *testing.T) *History {
	t.Helper()
	reg := loadRegistry(t)
	h := &History{
		Until: silenceQueryDate.AddDate(1, 0, 0), reg: reg,
		idx: map[string]int{}, byKey: map[string][]int{}, byID: map[string]int{},
		unMembers: map[int32][]bool{}, membersMu: &sync.Mutex{}, docs: map[string]string{},
	}
	for _, a := range reg.Actors() {
		if a.Kind == entente.KindState {
			h.country(a.Code)
		}
	}
	return h
}

// silenceIdx returns the index of a registry state in h.
func silenceIdx(t *testing.T, h *History, code string) int {
	t.Helper()
	i, ok := h.idx[code]
	if !ok {
		t.Fatalf("%s is not a registry state", code)
	}
	return i
}

// silenceAddRC appends a roll call with the given votes and returns its index.
func silenceAddRC(t *testing.T, h *History, id string, date time.Time, votes map[string]entente.VoteChoice) int {
	t.Helper()
	rc := entente.RollCall{ID: id, Session: date.Year() - 1945, Date: date, Resolution: "A/RES/" + id, Title: "Test resolution " + id,
		Evidence: entente.Evidence{Source: "test:votes", File: id + ".csv", Line: 1}}
	h.rcs = append(h.rcs, rollCall{RollCall: rc, day: dayNum(date)})
	row := make([]int8, len(h.codes))
	for code, v := range votes {
		row[silenceIdx(t, h, code)] = choiceCode(v)
	}
	h.votes = append(h.votes, row)
	h.byID[id] = len(h.rcs) - 1
	return len(h.rcs) - 1
}

// silenceQuery is a motion on the query day against the targets.
func silenceQuery(t *testing.T, h *History, targets ...string) *query {
	t.Helper()
	q := &query{day: dayNum(silenceQueryDate), date: silenceQueryDate, self: -1}
	for _, c := range targets {
		q.targets = append(q.targets, silenceIdx(t, h, c))
	}
	return q
}

// silenceEvent is an event by src against tgt ("" for none), daysBefore
// days before the query day, with one piece of evidence.
func silenceEvent(src, tgt, cameo string, daysBefore int, negated bool, text string) entente.Event {
	d := silenceQueryDate.AddDate(0, 0, -daysBefore)
	return entente.Event{
		ID: src + "-" + tgt + "-" + cameo + "-" + d.Format(entente.DateLayout), Date: d,
		Source: entente.ActorRef{Code: src, Country: src}, Target: entente.ActorRef{Code: tgt, Country: tgt},
		CAMEO: cameo, Negated: negated, Modality: entente.Asserted, Confidence: 0.8,
		Evidence: []entente.Evidence{{Source: "test:news", Document: "doc-" + src + "-" + d.Format(entente.DateLayout), Text: text}},
	}
}

// condemnations are non-negated 112 ("accuse") events by each state
// against the target, daysBefore days before the query day.
func condemnations(states []string, target string, daysBefore int) []entente.Event {
	var out []entente.Event
	for _, s := range states {
		out = append(out, silenceEvent(s, target, "112", daysBefore, false, s+" condemned "+target+"."))
	}
	return out
}

// hedged marks events as possible rather than done.
func hedged(es []entente.Event) []entente.Event {
	for i := range es {
		es[i].Modality = entente.Hedged
	}
	return es
}

func silenceKinds(recs []Silence) []SilenceKind {
	var out []SilenceKind
	for _, r := range recs {
		out = append(out, r.Kind)
	}
	return out
}

// checkSilences runs the featurizer for the state and checks the score and
// the kinds of the records, and that silenceScore and the unexplained call
// agree with the explained one.
func checkSilences(t *testing.T, f *featurizer, q *query, c int, wantScore float64, wantKinds []SilenceKind) []Silence {
	t.Helper()
	score, recs := f.silences(q, c, true)
	if math.Abs(score-wantScore) > silenceTol {
		t.Errorf("score = %v, want %v (records %+v)", score, wantScore, recs)
	}
	if got := silenceKinds(recs); !slices.Equal(got, wantKinds) {
		t.Errorf("kinds = %v, want %v (records %+v)", got, wantKinds, recs)
	}
	quiet, none := f.silences(q, c, false)
	if math.Abs(quiet-score) > silenceTol || len(none) != 0 {
		t.Errorf("unexplained = %v with %d records, want %v with none", quiet, len(none), score)
	}
	if s := f.silenceScore(q, c); math.Abs(s-score) > silenceTol {
		t.Errorf("silenceScore = %v, want %v", s, score)
	}
	return recs
}

// TestFeaturizer_SilencesSetup checks the registry facts the other silence
// tests rely on, so that a registry change fails here and not obscurely.
func TestFeaturizer_SilencesSetup(t *testing.T) {
	h := newSilenceHistory(t)
	f := newFeaturizer(h, DefaultConfig())
	year := silenceQueryDate.Year()
	omn := silenceIdx(t, h, "OMN")
	groups := f.groupsOf(omn, year)
	if !slices.Contains(groups, "GCC") {
		t.Fatalf("groups of OMN in %d = %v, want GCC among them", year, groups)
	}
	var gcc []string
	for _, m := range f.groupMembers("GCC", year) {
		gcc = append(gcc, h.codes[m])
	}
	slices.Sort(gcc)
	if want := []string{"ARE", "BHR", "KWT", "OMN", "QAT", "SAU"}; !slices.Equal(gcc, want) {
		t.Fatalf("GCC members in %d = %v, want %v", year, gcc, want)
	}
	for _, g := range groups {
		if g == "GCC" || strings.HasPrefix(g, "region:") {
			continue
		}
		if n := len(f.groupMembers(g, year)); n < 9 {
			t.Errorf("bloc %s of OMN has %d members: five condemning partners could reach two thirds of it", g, n)
		}
	}
	if !h.members(dayNum(silenceQueryDate))[omn] || h.members(dayNum(entente.Day(1970, time.December, 1)))[omn] {
		t.Errorf("OMN should be a UN member in 2020 and not in 1970")
	}
	aus := silenceIdx(t, h, "AUS")
	var quad []string
	for _, m := range f.groupMembers("QUAD", year) {
		quad = append(quad, h.codes[m])
	}
	slices.Sort(quad)
	if want := []string{"AUS", "IND", "JPN", "USA"}; !slices.Equal(quad, want) || !slices.Contains(f.groupsOf(aus, year), "QUAD") {
		t.Fatalf("QUAD members in %d = %v, want %v with AUS a member", year, quad, want)
	}
}

// TestFeaturizer_SilencesVotes covers the vote-based silence: a state that
// abstained or cast no vote on a similar roll call that one of its blocs
// backed (at least three partners voting, two thirds of them yes).
func TestFeaturizer_SilencesVotes(t *testing.T) {
	yes, abst, no := entente.VoteYes, entente.VoteAbstain, entente.VoteNo
	// partners gives the GCC partners' votes, in silenceGCC order, plus
	// Oman's own (none when "").
	partners := func(omn entente.VoteChoice, vs ...entente.VoteChoice) map[string]entente.VoteChoice {
		m := map[string]entente.VoteChoice{}
		for i, v := range vs {
			m[silenceGCC[i]] = v
		}
		if omn != "" {
			m["OMN"] = omn
		}
		return m
	}
	type rcSpec struct {
		date   time.Time
		votes  map[string]entente.VoteChoice
		weight float64
	}
	d2018 := entente.Day(2018, time.December, 17)
	tests := []struct {
		name      string
		rcs       []rcSpec
		wantScore float64
		wantKinds []SilenceKind
		detail    []string // substrings of the first record's detail
	}{
		{
			name:      "abstained while bloc voted yes",
			rcs:       []rcSpec{{d2018, partners(abst, yes, yes, yes, yes, yes), 1}},
			wantScore: 1, wantKinds: []SilenceKind{SilenceAbstained},
			detail: []string{"abstained", "5 yes, 0 abstain, 0 no"},
		},
		{
			name:      "absent while a member",
			rcs:       []rcSpec{{d2018, partners("", yes, yes, yes, yes, yes), 1}},
			wantScore: 1, wantKinds: []SilenceKind{SilenceAbsent},
			detail: []string{"was absent from the vote on"},
		},
		{
			name:      "voted yes with its bloc",
			rcs:       []rcSpec{{d2018, partners(yes, yes, yes, yes, yes, yes), 1}},
			wantScore: 0,
		},
		{
			name:      "voted no is opposition, not silence",
			rcs:       []rcSpec{{d2018, partners(no, yes, yes, yes, yes, yes), 1}},
			wantScore: 0,
		},
		{
			name:      "exactly two thirds of partners yes",
			rcs:       []rcSpec{{d2018, partners(abst, yes, yes, abst), 1}},
			wantScore: 1, wantKinds: []SilenceKind{SilenceAbstained},
			detail: []string{"2 yes, 1 abstain, 0 no"},
		},
		{
			name:      "four of five partners yes",
			rcs:       []rcSpec{{d2018, partners(abst, yes, yes, yes, yes, no), 1}},
			wantScore: 1, wantKinds: []SilenceKind{SilenceAbstained},
			detail: []string{"4 yes, 0 abstain, 1 no"},
		},
		{
			name:      "only two partners voted",
			rcs:       []rcSpec{{d2018, partners(abst, yes, yes), 1}},
			wantScore: 0,
		},
		{
			name:      "fewer than two thirds of partners yes",
			rcs:       []rcSpec{{d2018, partners(abst, yes, yes, yes, no, no), 1}},
			wantScore: 0,
		},
		{
			name: "no vote before it was a UN member",
			rcs:  []rcSpec{{entente.Day(1970, time.December, 1), partners("", yes, yes, yes, yes, yes), 1}},
			// Oman joined the UN on 1971-10-07: not voting before that is
			// no silence and no expectation either.
			wantScore: 0,
		},
		{
			name: "weighted share",
			rcs: []rcSpec{
				{entente.Day(2018, time.December, 17), partners(abst, yes, yes, yes, yes, yes), 1},      // silent, expected
				{entente.Day(2017, time.December, 19), partners("", yes, yes, yes, yes, yes), 0.5},      // silent, expected
				{entente.Day(2016, time.December, 19), partners(yes, yes, yes, yes, yes, yes), 0.25},    // expected
				{entente.Day(2015, time.December, 17), partners(abst, yes, yes, no, no, abst), 2},       // not expected
				{entente.Day(1970, time.December, 1), partners("", yes, yes, yes, yes, yes), 4},         // not a member
				{entente.Day(2014, time.December, 18), partners(abst, yes, yes), 8},                     // too few voted
				{entente.Day(2013, time.December, 18), partners(no, yes, yes, yes, yes, yes), 0.25},     // expected
				{entente.Day(2012, time.December, 20), partners(abst, abst, abst, abst, abst, abst), 3}, // not expected
			},
			wantScore: (1 + 0.5) / (1 + 0.5 + 0.25 + 0.25),
			wantKinds: []SilenceKind{SilenceAbstained, SilenceAbsent},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newSilenceHistory(t)
			f := newFeaturizer(h, DefaultConfig())
			q := silenceQuery(t, h) // no target: only votes count
			for i, r := range tt.rcs {
				id := "rc" + string(rune('a'+i))
				q.similar = append(q.similar, simRC{rc: silenceAddRC(t, h, id, r.date, r.votes), weight: r.weight})
			}
			recs := checkSilences(t, f, q, silenceIdx(t, h, "OMN"), tt.wantScore, tt.wantKinds)
			for _, r := range recs {
				if len(r.Evidence) != 1 {
					t.Errorf("record %+v: want one piece of evidence, its roll call's", r)
					continue
				}
				i, ok := h.byID[strings.TrimSuffix(r.Evidence[0].File, ".csv")]
				if !ok || r.Country != "OMN" || r.Evidence[0] != h.rcs[i].Evidence || !r.Date.Equal(h.rcs[i].Date) {
					t.Errorf("record %+v: want OMN with a similar roll call's evidence and date", r)
				}
			}
			if len(tt.detail) > 0 && len(recs) > 0 {
				for _, s := range tt.detail {
					if !strings.Contains(recs[0].Detail, s) {
						t.Errorf("detail %q: want %q in it", recs[0].Detail, s)
					}
				}
			}
		})
	}
}

// TestFeaturizer_SilencesText covers text records of silence (CAMEO 011)
// about the motion's target in the year before the query day.
func TestFeaturizer_SilencesText(t *testing.T) {
	tests := []struct {
		name      string
		events    []entente.Event
		docs      map[string]string
		wantScore float64
		wantKinds []SilenceKind
	}{
		{
			name:      "silent about the target",
			events:    []entente.Event{silenceEvent("OMN", "IRN", "011", 30, false, "Oman remained silent on Iran.")},
			wantScore: 0.5, wantKinds: []SilenceKind{SilenceText},
		},
		{
			name:      "sentence names the target",
			events:    []entente.Event{silenceEvent("OMN", "", "011", 30, false, "Oman declined to comment on Iran's missile tests.")},
			wantScore: 0.5, wantKinds: []SilenceKind{SilenceText},
		},
		{
			name:      "article names the target",
			events:    []entente.Event{silenceEvent("OMN", "", "011", 30, false, "Oman declined to comment.")},
			docs:      map[string]string{"doc-OMN-" + silenceQueryDate.AddDate(0, 0, -30).Format(entente.DateLayout): "Iran fired missiles at a tanker. Oman declined to comment."},
			wantScore: 0.5, wantKinds: []SilenceKind{SilenceText},
		},
		{
			name:      "a day before the query",
			events:    []entente.Event{silenceEvent("OMN", "IRN", "011", 1, false, "Oman remained silent on Iran.")},
			wantScore: 0.5, wantKinds: []SilenceKind{SilenceText},
		},
		{
			name:      "364 days before the query",
			events:    []entente.Event{silenceEvent("OMN", "IRN", "011", 364, false, "Oman remained silent on Iran.")},
			wantScore: 0.5, wantKinds: []SilenceKind{SilenceText},
		},
		{
			name:   "on the query day is not known yet",
			events: []entente.Event{silenceEvent("OMN", "IRN", "011", 0, false, "Oman remained silent on Iran.")},
		},
		{
			name:   "after the query day is not known yet",
			events: []entente.Event{silenceEvent("OMN", "IRN", "011", -10, false, "Oman remained silent on Iran.")},
		},
		{
			name:   "more than a year before",
			events: []entente.Event{silenceEvent("OMN", "IRN", "011", 400, false, "Oman remained silent on Iran.")},
		},
		{
			name:   "about an unrelated country",
			events: []entente.Event{silenceEvent("OMN", "FRA", "011", 30, false, "Oman remained silent on France's pension reform.")},
		},
		{
			name:   "untargeted and naming only an unrelated country",
			events: []entente.Event{silenceEvent("OMN", "", "011", 30, false, "Oman declined to comment on Brazil's election.")},
		},
		{
			name:   "another state's silence",
			events: []entente.Event{silenceEvent("SAU", "IRN", "011", 30, false, "Saudi Arabia remained silent on Iran.")},
		},
		{
			name: "each record counts",
			events: []entente.Event{
				silenceEvent("OMN", "IRN", "011", 30, false, "Oman remained silent on Iran."),
				silenceEvent("OMN", "IRN", "011", 60, false, "Oman declined to comment on Iran."),
			},
			wantScore: 1, wantKinds: []SilenceKind{SilenceText, SilenceText},
		},
		{
			// The coder codes "Oman did not remain silent on Iran" as a
			// negated 011: the state spoke, which is no silence.
			name:   "negated silence is no silence",
			events: []entente.Event{silenceEvent("OMN", "IRN", "011", 30, true, "Oman did not remain silent on Iran.")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newSilenceHistory(t)
			h.events = tt.events
			for k, v := range tt.docs {
				h.docs[k] = v
			}
			f := newFeaturizer(h, DefaultConfig())
			q := silenceQuery(t, h, "IRN")
			c := silenceIdx(t, h, "OMN")
			recs := checkSilences(t, f, q, c, tt.wantScore, tt.wantKinds)
			for i, r := range recs {
				e := tt.events[i]
				if r.Country != "OMN" || !r.Date.Equal(e.Date) || !slices.Equal(r.Evidence, e.Evidence) {
					t.Errorf("record %+v: want OMN on %s with the event's evidence", r, e.Date.Format(entente.DateLayout))
				}
			}
		})
	}
}

// TestFeaturizer_SilencesRefused covers texts saying the state refused to
// condemn the target: negated CAMEO 11x and 12x events.
func TestFeaturizer_SilencesRefused(t *testing.T) {
	tests := []struct {
		name      string
		events    []entente.Event
		wantScore float64
		wantKinds []SilenceKind
	}{
		{
			name:      "refused to condemn (111)",
			events:    []entente.Event{silenceEvent("OMN", "IRN", "111", 20, true, "Oman refused to condemn Iran.")},
			wantScore: 0.5, wantKinds: []SilenceKind{SilenceRefused},
		},
		{
			name:      "refused to accuse (112)",
			events:    []entente.Event{silenceEvent("OMN", "IRN", "112", 20, true, "Oman would not accuse Iran.")},
			wantScore: 0.5, wantKinds: []SilenceKind{SilenceRefused},
		},
		{
			name:      "refused to reject (12x)",
			events:    []entente.Event{silenceEvent("OMN", "IRN", "120", 20, true, "Oman refused to reject Iran's proposal.")},
			wantScore: 0.5, wantKinds: []SilenceKind{SilenceRefused},
		},
		{
			name:      "untargeted refusal naming the target",
			events:    []entente.Event{silenceEvent("OMN", "", "111", 20, true, "Oman refused to condemn the attack by Iran.")},
			wantScore: 0.5, wantKinds: []SilenceKind{SilenceRefused},
		},
		{
			name:   "condemned, not refused",
			events: []entente.Event{silenceEvent("OMN", "IRN", "111", 20, false, "Oman condemned Iran.")},
		},
		{
			name:   "refusal about an unrelated country",
			events: []entente.Event{silenceEvent("OMN", "FRA", "111", 20, true, "Oman refused to condemn France.")},
		},
		{
			name:   "negated act outside 11x and 12x",
			events: []entente.Event{silenceEvent("OMN", "IRN", "043", 20, true, "Oman did not visit Iran.")},
		},
		{
			name:   "refusal on the query day is not known yet",
			events: []entente.Event{silenceEvent("OMN", "IRN", "111", 0, true, "Oman refused to condemn Iran.")},
		},
		{
			name:   "another state's refusal",
			events: []entente.Event{silenceEvent("QAT", "IRN", "111", 20, true, "Qatar refused to condemn Iran.")},
		},
		{
			name: "silent and refused",
			events: []entente.Event{
				silenceEvent("OMN", "IRN", "011", 40, false, "Oman remained silent on Iran."),
				silenceEvent("OMN", "IRN", "111", 20, true, "Oman refused to condemn Iran."),
			},
			wantScore: 1, wantKinds: []SilenceKind{SilenceText, SilenceRefused},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newSilenceHistory(t)
			h.events = tt.events
			f := newFeaturizer(h, DefaultConfig())
			recs := checkSilences(t, f, silenceQuery(t, h, "IRN"), silenceIdx(t, h, "OMN"), tt.wantScore, tt.wantKinds)
			for i, r := range recs {
				if e := tt.events[i]; !slices.Equal(r.Evidence, e.Evidence) || !r.Date.Equal(e.Date) {
					t.Errorf("record %+v: want the event's date and evidence", r)
				}
			}
		})
	}
}

// TestFeaturizer_SilencesNotJoined covers the rule that a state did not
// join its partners: at least three, and at least two thirds, of a bloc's
// other members reported condemning the target at least a week before the
// query day and within the year, while the state did not.
func TestFeaturizer_SilencesNotJoined(t *testing.T) {
	quadPartners := []string{"IND", "JPN", "USA"} // Australia's QUAD partners
	cat := func(ess ...[]entente.Event) []entente.Event { return slices.Concat(ess...) }
	tests := []struct {
		name      string
		state     string
		events    []entente.Event
		wantScore float64
		wantKinds []SilenceKind
		wantWho   int // partners named in the record
	}{
		{
			name: "four of five partners",
			// Two thirds of five others is 3.33: four reach it.
			state: "OMN", events: condemnations(silenceGCC[:4], "IRN", 30),
			wantScore: 0.25, wantKinds: []SilenceKind{SilenceNotJoined}, wantWho: 4,
		},
		{
			name: "all five partners", state: "OMN", events: condemnations(silenceGCC, "IRN", 30),
			wantScore: 0.25, wantKinds: []SilenceKind{SilenceNotJoined}, wantWho: 5,
		},
		{
			name: "a partner counts once", state: "OMN",
			events:    cat(condemnations(silenceGCC[:4], "IRN", 30), condemnations(silenceGCC[:4], "IRN", 60)),
			wantScore: 0.25, wantKinds: []SilenceKind{SilenceNotJoined}, wantWho: 4,
		},
		{
			name: "three of three partners in a four-member bloc", state: "AUS", events: condemnations(quadPartners, "IRN", 30),
			wantScore: 0.25, wantKinds: []SilenceKind{SilenceNotJoined}, wantWho: 3,
		},
		{
			name: "eight days before the query", state: "OMN", events: condemnations(silenceGCC[:4], "IRN", 8),
			wantScore: 0.25, wantKinds: []SilenceKind{SilenceNotJoined}, wantWho: 4,
		},
		{
			name: "exactly seven days before the query", state: "OMN", events: condemnations(silenceGCC[:4], "IRN", 7),
			wantScore: 0.25, wantKinds: []SilenceKind{SilenceNotJoined}, wantWho: 4,
		},
		{
			name: "own condemnation after the query day is not known yet", state: "OMN",
			events:    cat(condemnations(silenceGCC[:4], "IRN", 30), condemnations([]string{"OMN"}, "IRN", -3)),
			wantScore: 0.25, wantKinds: []SilenceKind{SilenceNotJoined}, wantWho: 4,
		},
		{
			name: "silent as well", state: "OMN",
			events:    cat(condemnations(silenceGCC[:4], "IRN", 30), []entente.Event{silenceEvent("OMN", "IRN", "011", 30, false, "Oman remained silent on Iran.")}),
			wantScore: 0.75, wantKinds: []SilenceKind{SilenceText, SilenceNotJoined}, wantWho: 4,
		},
		{
			// Two of three others is two thirds, but fewer than three.
			name: "only two partners in a four-member bloc", state: "AUS", events: condemnations(quadPartners[:2], "IRN", 30),
		},
		{
			name: "only two partners", state: "OMN", events: condemnations(silenceGCC[:2], "IRN", 30),
		},
		{
			// Three is enough in number but short of two thirds of five.
			name: "three of five partners", state: "OMN", events: condemnations(silenceGCC[:3], "IRN", 30),
		},
		{
			name: "statements all within the last week", state: "OMN",
			events: cat(condemnations(silenceGCC[:2], "IRN", 1), condemnations(silenceGCC[2:], "IRN", 6)),
		},
		{
			name: "a statement of the last week does not tip the count", state: "OMN",
			events: cat(condemnations(silenceGCC[:3], "IRN", 30), condemnations(silenceGCC[3:4], "IRN", 2)),
		},
		{
			name: "statements on or after the query day", state: "OMN",
			events: cat(condemnations(silenceGCC[:2], "IRN", 0), condemnations(silenceGCC[2:], "IRN", -5)),
		},
		{
			name: "statements more than a year old", state: "OMN", events: condemnations(silenceGCC, "IRN", 400),
		},
		{
			name: "the state condemned the target itself", state: "OMN",
			events: cat(condemnations(silenceGCC, "IRN", 30), condemnations([]string{"OMN"}, "IRN", 100)),
		},
		{
			name: "the state condemned it in the last week", state: "OMN",
			events: cat(condemnations(silenceGCC, "IRN", 30), condemnations([]string{"OMN"}, "IRN", 2)),
		},
		{
			name: "partners condemned another country", state: "OMN", events: condemnations(silenceGCC, "FRA", 30),
		},
		{
			name: "partners refused to condemn", state: "OMN",
			events: []entente.Event{
				silenceEvent("SAU", "IRN", "111", 30, true, ""), silenceEvent("ARE", "IRN", "111", 30, true, ""),
				silenceEvent("QAT", "IRN", "111", 30, true, ""), silenceEvent("KWT", "IRN", "111", 30, true, ""),
			},
		},
		{
			name: "partners acted otherwise than condemning", state: "OMN",
			events: []entente.Event{
				silenceEvent("SAU", "IRN", "043", 30, false, ""), silenceEvent("ARE", "IRN", "043", 30, false, ""),
				silenceEvent("QAT", "IRN", "043", 30, false, ""), silenceEvent("KWT", "IRN", "043", 30, false, ""),
			},
		},
		{
			// "Saudi Arabia may condemn Iran" is not a statement made.
			name: "partners only hedged", state: "OMN", events: hedged(condemnations(silenceGCC, "IRN", 30)),
		},
		{
			// Region groups never count: Oman's Western Asia neighbours
			// outside the GCC condemning Iran make no record.
			name: "neighbours are no bloc", state: "OMN", events: condemnations([]string{"TUR", "ISR", "JOR", "IRQ"}, "IRN", 30),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newSilenceHistory(t)
			h.events = tt.events
			f := newFeaturizer(h, DefaultConfig())
			recs := checkSilences(t, f, silenceQuery(t, h, "IRN"), silenceIdx(t, h, tt.state), tt.wantScore, tt.wantKinds)
			for _, r := range recs {
				if r.Kind != SilenceNotJoined {
					continue
				}
				if r.Country != tt.state || !r.Date.Equal(silenceQueryDate) || len(r.Evidence) != tt.wantWho {
					t.Errorf("record %+v: want %s on the query day with %d pieces of evidence", r, tt.state, tt.wantWho)
				}
				if !strings.Contains(r.Detail, "IRN") || strings.Count(r.Detail, ",")+1 < tt.wantWho {
					t.Errorf("detail %q: want %d partners condemning IRN", r.Detail, tt.wantWho)
				}
			}
		})
	}
}

// TestFeaturizer_SilencesOfTarget checks that a target of the motion is
// never found silent about itself, whatever its bloc partners said.
func TestFeaturizer_SilencesOfTarget(t *testing.T) {
	h := newSilenceHistory(t)
	h.events = append(condemnations([]string{"SAU", "ARE", "BHR", "KWT"}, "QAT", 30),
		silenceEvent("QAT", "QAT", "011", 30, false, "Qatar remained silent."))
	f := newFeaturizer(h, DefaultConfig())
	checkSilences(t, f, silenceQuery(t, h, "QAT"), silenceIdx(t, h, "QAT"), 0, nil)
}

// TestFeaturizer_SilencesAimedElsewhere checks that a refusal or silence
// aimed at another country does not count because the target is named in
// passing.
func TestFeaturizer_SilencesAimedElsewhere(t *testing.T) {
	h := newSilenceHistory(t)
	h.events = []entente.Event{
		silenceEvent("OMN", "USA", "111", 30, true, "Oman refused to condemn the United States over its sanctions on Iran."),
		silenceEvent("OMN", "USA", "011", 40, false, "Oman stayed silent on the US sanctions against Iran."),
	}
	f := newFeaturizer(h, DefaultConfig())
	checkSilences(t, f, silenceQuery(t, h, "IRN"), silenceIdx(t, h, "OMN"), 0, nil)
}

// TestFeaturizer_SilenceScoreCap checks that the score never exceeds 1,
// however many records add to it.
func TestFeaturizer_SilenceScoreCap(t *testing.T) {
	many := []entente.Event{
		silenceEvent("OMN", "IRN", "011", 10, false, "Oman remained silent on Iran."),
		silenceEvent("OMN", "IRN", "011", 20, false, "Oman declined to comment on Iran."),
		silenceEvent("OMN", "IRN", "111", 30, true, "Oman refused to condemn Iran."),
	}
	tests := []struct {
		name      string
		votes     bool // a similar roll call on which Oman abstained while the GCC voted yes
		events    []entente.Event
		wantKinds []SilenceKind
	}{
		{name: "three text records", events: many, wantKinds: []SilenceKind{SilenceText, SilenceText, SilenceRefused}},
		{name: "text records and not joined", events: slices.Concat(many, condemnations(silenceGCC, "IRN", 30)),
			wantKinds: []SilenceKind{SilenceText, SilenceText, SilenceRefused, SilenceNotJoined}},
		{name: "votes and text", votes: true, events: many[:1], wantKinds: []SilenceKind{SilenceAbstained, SilenceText}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newSilenceHistory(t)
			h.events = tt.events
			f := newFeaturizer(h, DefaultConfig())
			q := silenceQuery(t, h, "IRN")
			if tt.votes {
				votes := map[string]entente.VoteChoice{"OMN": entente.VoteAbstain}
				for _, p := range silenceGCC {
					votes[p] = entente.VoteYes
				}
				q.similar = []simRC{{rc: silenceAddRC(t, h, "rca", entente.Day(2018, time.December, 17), votes), weight: 1}}
			}
			checkSilences(t, f, q, silenceIdx(t, h, "OMN"), 1, tt.wantKinds)
		})
	}
}

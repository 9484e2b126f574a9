// Package coalitiontest builds the synthetic world the coalition engine is
// tested on: eleven sessions (2006-2016) of four recurring resolutions voted
// by the real UN membership along fixed lines, with ideal points, alliances
// and arms deliveries, so that the right answer for a new motion is known.
// The CLI's end-to-end tests use it too.
package coalitiontest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"entente"
	"entente/registry"
)

// The synthetic world: eleven sessions (2006-2016) of four recurring
// resolutions voted by the real UN membership along fixed lines, so that
// the right answer for a new motion is known.
var (
	West   = []string{"USA", "GBR", "FRA", "DEU", "CAN", "AUS", "JPN", "NLD", "SWE", "NOR", "ITA", "ESP", "POL", "KOR", "NZL", "BEL", "DNK"}
	Rivals = []string{"RUS", "CHN", "CUB", "SYR", "PRK", "BLR", "VEN", "IRN", "NIC", "ZWE"}
	Hedges = []string{"IND", "BRA", "ZAF", "IDN", "EGY", "NGA", "VNM", "THA", "MYS", "SGP", "PHL", "PAK", "KAZ", "ARM"}
)

// camp sorts a state into the world's voting lines; the unaligned rest
// split by a seeded coin fixed per state, so their behaviour is sticky.
func Camp(code string) string {
	switch {
	case slices.Contains(West, code):
		return "west"
	case slices.Contains(Rivals, code):
		return "rival"
	case slices.Contains(Hedges, code):
		return "hedge"
	}
	var seed uint64
	for _, ch := range code {
		seed = seed*131 + uint64(ch)
	}
	r := rand.New(rand.NewPCG(7, seed))
	if r.IntN(3) == 0 {
		return "hedge"
	}
	return "other"
}

type worldResolution struct {
	title  string
	issues []string
	vote   func(code, camp string) entente.VoteChoice
}

var worldResolutions = []worldResolution{
	{"Situation of human rights in the Islamic Republic of Iran", []string{"hr"}, func(code, c string) entente.VoteChoice {
		switch c {
		case "west":
			return entente.VoteYes
		case "rival":
			return entente.VoteNo
		case "hedge":
			return entente.VoteAbstain
		}
		return entente.VoteYes
	}},
	{"Necessity of ending the economic, commercial and financial embargo imposed by the United States of America against Cuba", []string{"ec"}, func(code, c string) entente.VoteChoice {
		if code == "USA" || code == "ISR" {
			return entente.VoteNo
		}
		return entente.VoteYes
	}},
	{"Humanitarian consequences of nuclear weapons and nuclear disarmament", []string{"nu", "di"}, func(code, c string) entente.VoteChoice {
		switch {
		case code == "USA" || code == "GBR" || code == "FRA" || code == "RUS":
			return entente.VoteNo
		case c == "west":
			return entente.VoteAbstain
		}
		return entente.VoteYes
	}},
	{"Rights of the child", []string{"hr"}, func(code, c string) entente.VoteChoice {
		if code == "USA" {
			return entente.VoteNo
		}
		return entente.VoteYes
	}},
}

// Options adds what the no-leakage test needs.
type Options struct {
	// Poison adds, on and after cut, data that would change the answer if
	// it leaked: flipped votes, ideal points of sessions holding them,
	// ties and events.
	Poison bool
	Cut    time.Time
	// Session70 adds ideal points for session 70 (2015-16).
	Session70 bool
}

func idealOf(c string) float64 {
	switch Camp(c) {
	case "west":
		return 2
	case "rival":
		return -1.5
	case "hedge":
		return -0.4
	}
	return 0.2
}

// Write writes the synthetic world to a store in one transaction.
func Write(t testing.TB, st entente.Store, reg *registry.Registry, opt Options) {
	t.Helper()
	ctx := context.Background()
	src := entente.Source{ID: "synthetic:world", Dataset: "synthetic", Release: "1", Title: "synthetic world", Publisher: "test", Licence: "test", Citation: "test", Imported: time.Unix(0, 0).UTC()}
	var rcs []entente.RollCall
	var votes []entente.Vote
	var ties []entente.Tie
	var events []entente.Event
	ev := entente.Evidence{Source: src.ID, File: "world", Line: 1}
	rcid := 1
	addRC := func(year int, day time.Time, res worldResolution, flip bool) {
		session := year - 1945
		rc := entente.RollCall{ID: "unga:" + strconv.Itoa(rcid), Session: session, Date: day,
			Resolution: fmt.Sprintf("A/RES/%d/%d", session, 100+rcid), Title: res.title + " : resolution / adopted by the General Assembly",
			Issues: res.issues, Evidence: ev}
		rcid++
		rcs = append(rcs, rc)
		for _, ms := range reg.Members("UN", day) {
			c := ms.Member
			v := res.vote(c, Camp(c))
			if flip {
				v = map[entente.VoteChoice]entente.VoteChoice{entente.VoteYes: entente.VoteNo, entente.VoteNo: entente.VoteYes, entente.VoteAbstain: entente.VoteYes}[v]
			}
			votes = append(votes, entente.Vote{RollCall: rc.ID, Country: c, Choice: v, Evidence: ev})
		}
	}
	for year := 2006; year <= 2016; year++ {
		for i, res := range worldResolutions {
			addRC(year, entente.Day(year, time.November, 10+3*i), res, false)
		}
		session := year - 1945
		if session == 70 && !opt.Session70 {
			continue
		}
		for _, ms := range reg.Members("UN", entente.Day(year, time.October, 1)) {
			ties = append(ties, entente.Tie{Kind: entente.TieIdealPoint, A: ms.Member, Year: year,
				Period: entente.Period{From: entente.Day(year, time.September, 1), To: entente.Day(year+1, time.August, 31)},
				Value:  idealOf(ms.Member), Attrs: map[string]string{"session": strconv.Itoa(session)}, Evidence: ev})
		}
	}
	for year := 2006; year <= 2012; year++ {
		for _, p := range [][2]string{{"RUS", "BLR"}, {"BLR", "RUS"}, {"CHN", "PRK"}, {"PRK", "CHN"}} {
			ties = append(ties, entente.Tie{Kind: entente.TieAllianceDefense, A: p[0], B: p[1], Year: year,
				Period: entente.Period{From: entente.Day(year, 1, 1), To: entente.Day(year, 12, 31)}, Value: 1, Evidence: ev})
		}
	}
	for year := 2010; year <= 2016; year++ {
		for _, p := range []struct {
			a, b string
			v    float64
		}{{"RUS", "IND", 800}, {"USA", "IND", 200}, {"RUS", "ARM", 50}, {"USA", "PHL", 40}} {
			ties = append(ties, entente.Tie{Kind: entente.TieArmsTransfer, A: p.a, B: p.b, Year: year, Value: p.v,
				Period: entente.Period{From: entente.Day(year, 1, 1), To: entente.Day(year, 12, 31)}, Evidence: ev})
		}
	}
	if opt.Poison {
		// Votes after the cut flip every line; a roll call of session 70
		// dated after the cut withholds that session's ideal points.
		for i, res := range worldResolutions {
			addRC(opt.Cut.Year(), opt.Cut.AddDate(0, 0, i), res, true)
		}
		late := worldResolutions[0]
		rcs0 := len(rcs)
		addRC(2015, opt.Cut.AddDate(0, 0, 10), late, true)
		rcs[rcs0].Session = 70
		for _, ms := range reg.Members("UN", opt.Cut) {
			ties = append(ties, entente.Tie{Kind: entente.TieIdealPoint, A: ms.Member, Year: opt.Cut.Year() - 1,
				Period: entente.Period{From: entente.Day(opt.Cut.Year()-1, time.September, 1), To: entente.Day(opt.Cut.Year(), time.August, 31)},
				Value:  -idealOf(ms.Member), Attrs: map[string]string{"session": strconv.Itoa(opt.Cut.Year() - 1 - 1945)}, Evidence: ev})
			if !opt.Session70 {
				ties = append(ties, entente.Tie{Kind: entente.TieIdealPoint, A: ms.Member, Year: 2015,
					Period: entente.Period{From: entente.Day(2015, time.September, 1), To: entente.Day(2016, time.August, 31)},
					Value:  -idealOf(ms.Member), Attrs: map[string]string{"session": "70"}, Evidence: ev})
			}
		}
		ties = append(ties,
			entente.Tie{Kind: entente.TieTreaty, A: "IND", B: "IRN", Period: entente.Period{From: opt.Cut}, Value: 1, Attrs: map[string]string{"name": "future pact", "signed": opt.Cut.Format(entente.DateLayout)}, Evidence: ev},
			entente.Tie{Kind: entente.TieArmsTransfer, A: "IRN", B: "BRA", Year: opt.Cut.Year(), Value: 5000, Period: entente.Period{From: entente.Day(opt.Cut.Year(), 1, 1), To: entente.Day(opt.Cut.Year(), 12, 31)}, Evidence: ev},
			entente.Tie{Kind: entente.TieDependence, A: "ZAF", B: "IRN", Year: opt.Cut.Year(), Value: 0.9, Unit: "share", Period: entente.Period{From: entente.Day(opt.Cut.Year(), 1, 1), To: entente.Day(opt.Cut.Year(), 12, 31)}, Attrs: map[string]string{"type": "trade_share"}, Evidence: ev},
		)
		for _, c := range []string{"GBR", "FRA", "DEU", "IND"} {
			events = append(events, entente.Event{ID: "ev-" + c, Date: opt.Cut, Source: entente.ActorRef{Code: c, Country: c}, Target: entente.ActorRef{Code: "IRN", Country: "IRN"},
				CAMEO: "111", PLOVER: "ACCUSE", Goldstein: -2, Negated: c == "IND", Modality: entente.Asserted, Confidence: 1, Evidence: []entente.Evidence{ev}})
		}
	}
	err := st.Update(ctx, func(tx entente.Tx) error {
		if err := tx.PutSource(ctx, src); err != nil {
			return err
		}
		if err := tx.AppendRollCalls(ctx, rcs); err != nil {
			return err
		}
		if err := tx.AppendVotes(ctx, votes); err != nil {
			return err
		}
		if err := tx.AppendTies(ctx, ties); err != nil {
			return err
		}
		if len(events) > 0 {
			return tx.AppendEvents(ctx, events)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Package storetest is the contract every entente.Store implementation must
// pass. Each implementation's tests call Run with a constructor for a fresh,
// empty store; a distributed engine runs exactly the same cases.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"entente"
)

// Opener returns a fresh, empty store for one test case. The suite closes it.
type Opener func(t *testing.T) entente.Store

// Run runs the whole contract.
func Run(t *testing.T, open Opener) {
	cases := []struct {
		name string
		fn   func(t *testing.T, s entente.Store)
	}{
		{"SourceRoundTrip", testSourceRoundTrip},
		{"SourceNotFound", testSourceNotFound},
		{"RollbackOnError", testRollbackOnError},
		{"RollbackOnCancel", testRollbackOnCancel},
		{"DeleteSourceRemovesRows", testDeleteSource},
		{"RegistryReplace", testRegistryReplace},
		{"VotesAndRollCalls", testVotes},
		{"RollCallMetaAndMerge", testRollCallMeta},
		{"TiesFilter", testTies},
		{"EventsWithEvidence", testEvents},
		{"EventProvenance", testEventProvenance},
		{"DocumentIdempotent", testDocuments},
		{"ReadYourWritesInTx", testReadInTx},
		{"InvalidRowsRejected", testInvalidRows},
		{"BulkReadsMatchReader", testBulkReads},
		{"ConcurrentReads", testConcurrentReads},
		{"ArtifactsReplaceAndPrune", testArtifacts},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			c.fn(t, s)
		})
	}
}

func day(y int, m time.Month, d int) time.Time { return entente.Day(y, m, d) }

func source(id string) entente.Source {
	return entente.Source{
		ID: id, Dataset: "test", Release: "1", Title: "Test data", Publisher: "entente tests",
		Licence: "CC0", Citation: "entente tests (2026)", File: "t.csv", Checksum: "abc", Rows: 2,
		Coverage: entente.Period{From: day(2000, 1, 1), To: day(2001, 12, 31)},
		Imported: day(2026, 1, 2),
	}
}

func mustUpdate(t *testing.T, s entente.Store, fn func(entente.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("update: %v", err)
	}
}

func testSourceRoundTrip(t *testing.T, s entente.Store) {
	want := source("test:1")
	mustUpdate(t, s, func(tx entente.Tx) error { return tx.PutSource(context.Background(), want) })
	got, err := s.Source(context.Background(), "test:1")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != want.ID || got.Citation != want.Citation || got.Rows != 2 || !got.Coverage.From.Equal(want.Coverage.From) ||
		!got.Coverage.To.Equal(want.Coverage.To) || !got.Imported.Equal(want.Imported) {
		t.Errorf("source = %+v, want %+v", got, want)
	}
	// Putting it again replaces, not duplicates.
	want.Rows = 5
	mustUpdate(t, s, func(tx entente.Tx) error { return tx.PutSource(context.Background(), want) })
	all, err := s.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Rows != 5 {
		t.Errorf("sources after replace = %+v", all)
	}
}

func testSourceNotFound(t *testing.T, s entente.Store) {
	_, err := s.Source(context.Background(), "nope")
	if !errors.Is(err, entente.ErrNotFound) {
		t.Errorf("Source(nope) error = %v, want ErrNotFound", err)
	}
	err = s.Update(context.Background(), func(tx entente.Tx) error { return tx.DeleteSource(context.Background(), "nope") })
	if !errors.Is(err, entente.ErrNotFound) {
		t.Errorf("DeleteSource(nope) error = %v, want ErrNotFound", err)
	}
}

func sampleRows(src string) ([]entente.RollCall, []entente.Vote, []entente.Tie) {
	ev := entente.Evidence{Source: src, File: "t.csv", Line: 2}
	rcs := []entente.RollCall{{ID: "unga:1", Session: 68, Date: day(2014, 3, 27), Resolution: "A/RES/68/262",
		Short: "Territorial integrity of Ukraine", Issues: []string{"co"}, Important: true, Evidence: ev}}
	votes := []entente.Vote{
		{RollCall: "unga:1", Country: "USA", Choice: entente.VoteYes, Evidence: ev},
		{RollCall: "unga:1", Country: "RUS", Choice: entente.VoteNo, Evidence: ev},
		{RollCall: "unga:1", Country: "CHN", Choice: entente.VoteAbstain, Evidence: ev},
	}
	ties := []entente.Tie{
		{Kind: entente.TieAllianceDefense, A: "CHN", B: "PRK", Period: entente.Period{From: day(1961, 7, 11)}, Value: 1,
			Attrs: map[string]string{"version": "4.1"}, Evidence: ev},
		{Kind: entente.TieTradeFlow, A: "PRK", B: "CHN", Year: 2014, Value: 4022.5, Unit: "USD million", Evidence: ev},
		{Kind: entente.TieTradeFlow, A: "USA", B: "CHN", Year: 2014, Value: 466.7, Unit: "USD million", Evidence: ev,
			Attrs: map[string]string{"reporter": "CHN", "mirror": "true", "estimate": "true"}},
	}
	return rcs, votes, ties
}

func writeSample(t *testing.T, s entente.Store, src string) {
	t.Helper()
	rcs, votes, ties := sampleRows(src)
	mustUpdate(t, s, func(tx entente.Tx) error {
		ctx := context.Background()
		if err := tx.PutSource(ctx, source(src)); err != nil {
			return err
		}
		if err := tx.AppendRollCalls(ctx, rcs); err != nil {
			return err
		}
		if err := tx.AppendVotes(ctx, votes); err != nil {
			return err
		}
		return tx.AppendTies(ctx, ties)
	})
}

func testRollbackOnError(t *testing.T, s entente.Store) {
	rcs, votes, _ := sampleRows("test:1")
	boom := errors.New("boom")
	err := s.Update(context.Background(), func(tx entente.Tx) error {
		ctx := context.Background()
		if err := tx.PutSource(ctx, source("test:1")); err != nil {
			return err
		}
		if err := tx.AppendRollCalls(ctx, rcs); err != nil {
			return err
		}
		if err := tx.AppendVotes(ctx, votes); err != nil {
			return err
		}
		return fmt.Errorf("line 3: %w", boom)
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update error = %v, want the function's error", err)
	}
	assertEmpty(t, s)
}

func testRollbackOnCancel(t *testing.T, s entente.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	_, votes, _ := sampleRows("test:1")
	err := s.Update(ctx, func(tx entente.Tx) error {
		if err := tx.PutSource(ctx, source("test:1")); err != nil {
			return err
		}
		if err := tx.AppendVotes(ctx, votes); err != nil {
			return err
		}
		cancel()
		return nil
	})
	if err == nil {
		t.Fatal("Update after cancel succeeded, want an error")
	}
	assertEmpty(t, s)
}

func assertEmpty(t *testing.T, s entente.Store) {
	t.Helper()
	ctx := context.Background()
	srcs, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	votes, err := s.Votes(ctx, entente.VoteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	rcs, err := s.RollCalls(ctx, entente.RollCallFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs)+len(votes)+len(rcs) != 0 {
		t.Errorf("store not empty after rollback: %d sources, %d votes, %d roll calls", len(srcs), len(votes), len(rcs))
	}
}

func testDeleteSource(t *testing.T, s entente.Store) {
	writeSample(t, s, "test:1")
	writeSample(t, s, "test:2")
	counts, err := s.CountRows(context.Background(), "test:1")
	if err != nil {
		t.Fatal(err)
	}
	if counts["votes"] != 3 || counts["ties"] != 3 || counts["rollcalls"] != 1 {
		t.Errorf("CountRows(test:1) = %v", counts)
	}
	mustUpdate(t, s, func(tx entente.Tx) error { return tx.DeleteSource(context.Background(), "test:1") })
	votes, err := s.Votes(context.Background(), entente.VoteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != 3 {
		t.Errorf("votes after delete = %d, want 3 (only test:2 left)", len(votes))
	}
	for _, v := range votes {
		if v.Evidence.Source != "test:2" {
			t.Errorf("vote from deleted source survived: %+v", v)
		}
	}
	if _, err := s.Source(context.Background(), "test:1"); !errors.Is(err, entente.ErrNotFound) {
		t.Errorf("deleted source still there: %v", err)
	}
}

func testRegistryReplace(t *testing.T, s entente.Store) {
	reg := entente.RegistryData{
		Version: "reg-1",
		Actors: []entente.Actor{
			{Code: "RUS", Kind: entente.KindState, Name: "Russia", Valid: entente.Spells{{To: day(1922, 12, 29)}, {From: day(1991, 12, 26)}},
				Codes: []entente.Code{{Scheme: entente.SchemeCOWNum, Value: "365", Valid: entente.Spells{{From: day(1991, 12, 26)}}}}},
			{Code: "SUN", Kind: entente.KindState, Name: "Soviet Union", Valid: entente.Spells{{From: day(1922, 12, 30), To: day(1991, 12, 25)}}},
		},
		Names:       []entente.Name{{Actor: "RUS", Text: "the Kremlin", Kind: entente.NameMetonym, Role: entente.RoleGOV}},
		Offices:     []entente.Office{{Actor: "RUS", Role: entente.HeadOfState, Person: "Vladimir Putin", Aliases: []string{"Putin"}, Term: entente.Period{From: day(2012, 5, 7)}}},
		Memberships: []entente.Membership{{Group: "UN", Member: "RUS", Status: "member", Period: entente.Period{From: day(1991, 12, 24)}}},
	}
	mustUpdate(t, s, func(tx entente.Tx) error { return tx.ReplaceRegistry(context.Background(), reg) })
	reg.Version = "reg-2"
	reg.Actors = reg.Actors[:1]
	mustUpdate(t, s, func(tx entente.Tx) error { return tx.ReplaceRegistry(context.Background(), reg) })
	v, err := s.RegistryVersion(context.Background())
	if err != nil || v != "reg-2" {
		t.Errorf("RegistryVersion = %q, %v; want reg-2", v, err)
	}
	actors, err := s.Actors(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(actors) != 1 || actors[0].Code != "RUS" || len(actors[0].Valid) != 2 || actors[0].CodeIn(entente.SchemeCOWNum, day(2000, 1, 1)) != "365" {
		t.Errorf("actors after replace = %+v", actors)
	}
	ms, err := s.Memberships(context.Background(), entente.MembershipFilter{Group: "UN", On: day(1990, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 0 {
		t.Errorf("UN members on 1990-01-01 = %+v, want none (RUS joined 1991)", ms)
	}
	ms, err = s.Memberships(context.Background(), entente.MembershipFilter{Member: "RUS", On: day(2020, 1, 1)})
	if err != nil || len(ms) != 1 {
		t.Errorf("RUS memberships on 2020 = %+v, %v", ms, err)
	}
}

func testVotes(t *testing.T, s entente.Store) {
	writeSample(t, s, "test:1")
	ctx := context.Background()
	rcs, err := s.RollCalls(ctx, entente.RollCallFilter{From: day(2014, 1, 1), To: day(2015, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rcs) != 1 || rcs[0].Resolution != "A/RES/68/262" || !rcs[0].Date.Equal(day(2014, 3, 27)) || len(rcs[0].Issues) != 1 || !rcs[0].Important {
		t.Errorf("roll calls = %+v", rcs)
	}
	rcs, err = s.RollCalls(ctx, entente.RollCallFilter{To: day(2014, 3, 27)})
	if err != nil || len(rcs) != 0 {
		t.Errorf("roll calls before 2014-03-27 = %+v, %v; want none (To is exclusive)", rcs, err)
	}
	votes, err := s.Votes(ctx, entente.VoteFilter{Countries: []string{"RUS", "CHN"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != 2 || votes[0].Country != "CHN" || votes[0].Choice != entente.VoteAbstain || votes[1].Choice != entente.VoteNo {
		t.Errorf("votes = %+v", votes)
	}
	if votes[0].Evidence.Line != 2 || votes[0].Evidence.File != "t.csv" {
		t.Errorf("vote evidence = %+v", votes[0].Evidence)
	}
	votes, err = s.Votes(ctx, entente.VoteFilter{To: day(2014, 1, 1)})
	if err != nil || len(votes) != 0 {
		t.Errorf("votes before 2014 = %d, %v; want none", len(votes), err)
	}
}

// testRollCallMeta checks that what the UN's resolution files add to a roll
// call reads back whole, and that a roll call two sources store under one
// ID reads back once, led by the row stored first, with the other's
// evidence in MoreEvidence and its votes counted once.
func testRollCallMeta(t *testing.T, s entente.Store) {
	writeSample(t, s, "test:1")
	ctx := context.Background()
	ev := entente.Evidence{Source: "test:2", File: "74.json", Line: 7}
	rich := entente.RollCall{
		ID: "unga:1", Session: 68, Date: day(2014, 3, 27), Resolution: "A/RES/68/262", Title: "Territorial integrity of Ukraine",
		Sponsors: []string{"CAN", "CRI"}, AdditionalSponsors: []string{"USA"}, SponsorNote: "SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY",
		Subjects: []string{"UKRAINE", "TERRITORIAL INTEGRITY"}, Committee: "", AgendaItem: "Agenda item 33 (b)",
		AgendaTitle: "Prevention of armed conflict", Draft: "A/68/L.39", Record: "A/68/PV.80",
		Counts:       &entente.VoteCounts{Yes: 100, No: 11, Abstain: 58},
		MoreEvidence: []entente.Evidence{{Source: "test:3", File: "x.csv", Line: 9}},
		Evidence:     ev,
	}
	mustUpdate(t, s, func(tx entente.Tx) error {
		if err := tx.PutSource(ctx, source("test:2")); err != nil {
			return err
		}
		if err := tx.AppendRollCalls(ctx, []entente.RollCall{rich}); err != nil {
			return err
		}
		// A vote only the second source records (an absent member).
		return tx.AppendVotes(ctx, []entente.Vote{{RollCall: "unga:1", Country: "FRA", Choice: entente.VoteAbsent, Evidence: ev}})
	})
	rcs, err := s.RollCalls(ctx, entente.RollCallFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rcs) != 1 {
		t.Fatalf("roll calls = %d, want the two rows of unga:1 read as one", len(rcs))
	}
	got := rcs[0]
	if got.Evidence.Source != "test:1" || got.Short != "Territorial integrity of Ukraine" || !got.Important {
		t.Errorf("merged roll call lost the first row's fields: %+v", got)
	}
	if fmt.Sprint(got.Sponsors, got.AdditionalSponsors, got.Subjects) != "[CAN CRI] [USA] [UKRAINE TERRITORIAL INTEGRITY]" ||
		got.SponsorNote != rich.SponsorNote || got.AgendaItem != rich.AgendaItem || got.AgendaTitle != rich.AgendaTitle ||
		got.Draft != rich.Draft || got.Record != rich.Record || got.Committee != "" {
		t.Errorf("merged roll call fields = %+v", got)
	}
	if got.Counts == nil || *got.Counts != *rich.Counts {
		t.Errorf("counts = %+v, want %+v", got.Counts, rich.Counts)
	}
	if len(got.MoreEvidence) != 2 || got.MoreEvidence[0] != ev || got.MoreEvidence[1].Source != "test:3" {
		t.Errorf("more evidence = %+v, want the second row's evidence and its own", got.MoreEvidence)
	}
	votes, err := s.Votes(ctx, entente.VoteFilter{From: day(2014, 1, 1), To: day(2015, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != 4 {
		t.Errorf("votes in 2014 = %d, want 4 (a roll call with two rows must not double its votes)", len(votes))
	}
	if b, ok := s.(entente.BulkReader); ok {
		n := 0
		if err := b.ScanVotes(ctx, time.Time{}, day(2015, 1, 1), func(string, string, entente.VoteChoice) { n++ }); err != nil {
			t.Fatal(err)
		}
		if n != 4 {
			t.Errorf("ScanVotes = %d votes, want 4", n)
		}
	}
	// Deleting the source that led leaves the other row as the roll call.
	mustUpdate(t, s, func(tx entente.Tx) error { return tx.DeleteSource(ctx, "test:1") })
	rcs, err = s.RollCalls(ctx, entente.RollCallFilter{IDs: []string{"unga:1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rcs) != 1 || rcs[0].Evidence != ev || rcs[0].Draft != "A/68/L.39" {
		t.Errorf("after deleting the first source: %+v", rcs)
	}
}

func testTies(t *testing.T, s entente.Store) {
	writeSample(t, s, "test:1")
	ctx := context.Background()
	cases := []struct {
		name string
		f    entente.TieFilter
		want int
	}{
		{"all", entente.TieFilter{}, 3},
		{"alliances", entente.TieFilter{KindPrefix: "alliance."}, 1},
		{"dyad either order", entente.TieFilter{A: "PRK", B: "CHN", Either: true}, 2},
		{"directed", entente.TieFilter{A: "PRK", B: "CHN"}, 1},
		{"year window", entente.TieFilter{KindPrefix: "trade.", FromYear: 2014, ToYear: 2014}, 2},
		{"year before", entente.TieFilter{KindPrefix: "trade.", ToYear: 2013}, 0},
		{"open alliance in 2000", entente.TieFilter{KindPrefix: "alliance.", FromYear: 2000, ToYear: 2000}, 1},
		{"alliance before it began", entente.TieFilter{KindPrefix: "alliance.", ToYear: 1950}, 0},
		{"limit", entente.TieFilter{Limit: 2}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Ties(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != c.want {
				t.Errorf("Ties(%+v) = %d ties, want %d: %+v", c.f, len(got), c.want, got)
			}
		})
	}
	got, _ := s.Ties(ctx, entente.TieFilter{KindPrefix: "alliance."})
	if len(got) == 1 && (got[0].Attrs["version"] != "4.1" || !got[0].Period.From.Equal(day(1961, 7, 11)) || !got[0].Period.To.IsZero()) {
		t.Errorf("alliance tie = %+v", got[0])
	}
}

func testEvents(t *testing.T, s entente.Store) {
	ctx := context.Background()
	ev1 := entente.Evidence{Source: "doc:a", Document: "doc:a", Start: 10, End: 80, Text: "China remained silent on the deployment."}
	ev2 := entente.Evidence{Source: "doc:b", Document: "doc:b", Start: 0, End: 40, Text: "Beijing did not comment."}
	e := entente.Event{ID: "ev1", Date: day(2024, 11, 1), Source: entente.ActorRef{Code: "CHNGOV", Country: "CHN", Text: "China"},
		Target: entente.ActorRef{Code: "PRK", Country: "PRK", Text: "North Korea"}, CAMEO: "011", PLOVER: "CONSULT", Goldstein: -0.1,
		Negated: false, Modality: entente.Asserted, Quantities: []entente.Quantity{{Value: 10000, Unit: "soldiers", Text: "10,000 soldiers"}},
		Confidence: 0.8, Evidence: []entente.Evidence{ev1}}
	mustUpdate(t, s, func(tx entente.Tx) error {
		if err := tx.AppendEvents(ctx, []entente.Event{e}); err != nil {
			return err
		}
		return tx.AddEvidence(ctx, "ev1", []entente.Evidence{ev2})
	})
	got, err := s.Events(ctx, entente.EventFilter{SourceCountry: "CHN", TargetCountry: "PRK", From: day(2024, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("events = %+v", got)
	}
	g := got[0]
	if g.CAMEO != "011" || g.Source.Code != "CHNGOV" || len(g.Quantities) != 1 || g.Quantities[0].Value != 10000 || len(g.Evidence) != 2 ||
		g.Evidence[1].Text != ev2.Text || g.Evidence[0].End != 80 {
		t.Errorf("event = %+v", g)
	}
	sums, err := s.SummarizeEvents(ctx, entente.EventFilter{SourceCountry: "CHN"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 1 || sums[0].Year != 2024 || sums[0].Events != 1 || sums[0].PLOVER != "CONSULT" || sums[0].GoldsteinSum != -0.1 {
		t.Errorf("SummarizeEvents = %+v", sums)
	}
	none, err := s.Events(ctx, entente.EventFilter{CAMEOPrefix: "19"})
	if err != nil || len(none) != 0 {
		t.Errorf("events with root 19 = %+v, %v", none, err)
	}
}

// testEventProvenance stores events coded by an adjudicator beside events
// coded by rule, one by one and in a batch large enough for a bulk path,
// and reads each back with its provenance (or none); deleting the source
// removes them.
func testEventProvenance(t *testing.T, s entente.Store) {
	ctx := context.Background()
	const prov = "adjudicated by test-model"
	mk := func(id string, p string) entente.Event {
		return entente.Event{ID: id, Date: day(2024, 11, 3), Source: entente.ActorRef{Code: "MYS", Country: "MYS"},
			Target: entente.ActorRef{Code: "RUS", Country: "RUS"}, CAMEO: "111", PLOVER: "DISAPPROVE", Modality: entente.Asserted,
			Confidence: 0.6, Provenance: p,
			Evidence: []entente.Evidence{{Source: "doc:prov", Document: "doc:prov", Text: "Malaysia joined the condemnation."}}}
	}
	small := []entente.Event{mk("pv:1", prov), mk("pv:2", "")}
	var big []entente.Event
	for i := range 2000 {
		p := ""
		if i == 1500 {
			p = prov + " (batch)"
		}
		big = append(big, mk(fmt.Sprintf("pv:b%04d", i), p))
	}
	mustUpdate(t, s, func(tx entente.Tx) error {
		if err := tx.PutSource(ctx, entente.Source{ID: "doc:prov", Dataset: "documents"}); err != nil {
			return err
		}
		if err := tx.AppendEvents(ctx, small); err != nil {
			return err
		}
		return tx.AppendEvents(ctx, big)
	})
	got, err := s.Events(ctx, entente.EventFilter{SourceCountry: "MYS"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2002 {
		t.Fatalf("events = %d, want 2002", len(got))
	}
	want := map[string]string{"pv:1": prov, "pv:b1500": prov + " (batch)"}
	for _, e := range got {
		if e.Provenance != want[e.ID] {
			t.Errorf("event %s: provenance %q, want %q", e.ID, e.Provenance, want[e.ID])
		}
	}
	mustUpdate(t, s, func(tx entente.Tx) error { return tx.DeleteSource(ctx, "doc:prov") })
	n, err := s.CountRows(ctx, "doc:prov")
	if err != nil {
		t.Fatal(err)
	}
	for table, c := range n {
		if c != 0 {
			t.Errorf("after deleting the source, %s holds %d rows", table, c)
		}
	}
}

func testDocuments(t *testing.T, s entente.Store) {
	ctx := context.Background()
	d := entente.Document{ID: "doc:1", Title: "Silence in Beijing", Date: day(2024, 11, 2), Checksum: "x", Text: "Beijing said nothing."}
	for i := 0; i < 2; i++ {
		mustUpdate(t, s, func(tx entente.Tx) error { return tx.PutDocument(ctx, d) })
	}
	got, err := s.Document(ctx, "doc:1")
	if err != nil || got.Title != d.Title || got.Text != d.Text || !got.Date.Equal(d.Date) {
		t.Errorf("Document = %+v, %v", got, err)
	}
	all, err := s.Documents(ctx)
	if err != nil || len(all) != 1 {
		t.Errorf("Documents = %d documents, %v; want 1 after putting the same one twice", len(all), err)
	}
	if _, err := s.Document(ctx, "doc:2"); !errors.Is(err, entente.ErrNotFound) {
		t.Errorf("Document(doc:2) error = %v, want ErrNotFound", err)
	}
}

func testReadInTx(t *testing.T, s entente.Store) {
	ctx := context.Background()
	_, votes, _ := sampleRows("test:1")
	mustUpdate(t, s, func(tx entente.Tx) error {
		if err := tx.AppendVotes(ctx, votes); err != nil {
			return err
		}
		got, err := tx.Votes(ctx, entente.VoteFilter{})
		if err != nil {
			return err
		}
		if len(got) != 3 {
			return fmt.Errorf("votes seen inside the transaction = %d, want 3", len(got))
		}
		return nil
	})
}

func testInvalidRows(t *testing.T, s entente.Store) {
	ctx := context.Background()
	cases := []struct {
		name string
		fn   func(tx entente.Tx) error
	}{
		{"source without id", func(tx entente.Tx) error { return tx.PutSource(ctx, entente.Source{Dataset: "x"}) }},
		{"vote without country", func(tx entente.Tx) error {
			return tx.AppendVotes(ctx, []entente.Vote{{RollCall: "r", Choice: entente.VoteYes, Evidence: entente.Evidence{Source: "s"}}})
		}},
		{"tie without evidence", func(tx entente.Tx) error {
			return tx.AppendTies(ctx, []entente.Tie{{Kind: entente.TieTradeFlow, A: "USA", B: "CHN"}})
		}},
		{"event without evidence", func(tx entente.Tx) error { return tx.AppendEvents(ctx, []entente.Event{{ID: "e"}}) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := s.Update(ctx, c.fn)
			if !errors.Is(err, entente.ErrInvalid) {
				t.Errorf("error = %v, want ErrInvalid", err)
			}
		})
	}
	assertEmpty(t, s)
}

// testBulkReads checks that a store offering the BulkReader fast path
// yields exactly what Votes and Ties yield; stores without it skip.
func testBulkReads(t *testing.T, s entente.Store) {
	b, ok := s.(entente.BulkReader)
	if !ok {
		t.Skip("store has no BulkReader fast path")
	}
	writeSample(t, s, "test:1")
	ctx := context.Background()
	votes, err := s.Votes(ctx, entente.VoteFilter{From: day(2014, 1, 1), To: day(2015, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]entente.VoteChoice{}
	for _, v := range votes {
		want[v.RollCall+" "+v.Country] = v.Choice
	}
	got := map[string]entente.VoteChoice{}
	if err := b.ScanVotes(ctx, day(2014, 1, 1), day(2015, 1, 1), func(rc, c string, ch entente.VoteChoice) { got[rc+" "+c] = ch }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(got) == 0 {
		t.Errorf("ScanVotes = %v, Votes = %v", got, want)
	}
	n := 0
	if err := b.ScanVotes(ctx, time.Time{}, day(2014, 3, 27), func(string, string, entente.VoteChoice) { n++ }); err != nil || n != 0 {
		t.Errorf("ScanVotes before 2014-03-27 = %d rows, %v; want none (to is exclusive)", n, err)
	}
	ties, err := s.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieTradeFlow), FromYear: 2014, ToYear: 2014})
	if err != nil {
		t.Fatal(err)
	}
	var gotTies []string
	if err := b.ScanTieValues(ctx, entente.TieTradeFlow, 2014, 0, func(a, b string, y int, v float64) {
		gotTies = append(gotTies, fmt.Sprintf("%s-%s %d %.1f", a, b, y, v))
	}); err != nil {
		t.Fatal(err)
	}
	if len(gotTies) != len(ties) || len(ties) != 2 {
		t.Errorf("ScanTieValues = %v, Ties = %d rows", gotTies, len(ties))
	}
	if ts, ok := s.(entente.TradeScanner); ok {
		var want, got []string
		for _, t := range ties {
			want = append(want, fmt.Sprintf("%s-%s %d %.1f %s %q %v %v", t.A, t.B, t.Year, t.Value, t.Evidence.Source, t.Attrs["reporter"], t.Attrs["mirror"] == "true", t.Attrs["estimate"] == "true"))
		}
		if err := ts.ScanTradeFlows(ctx, 2014, 0, func(r entente.TradeRow) {
			got = append(got, fmt.Sprintf("%s-%s %d %.1f %s %q %v %v", r.A, r.B, r.Year, r.Value, r.Source, r.Reporter, r.Mirror, r.Estimate))
		}); err != nil {
			t.Fatal(err)
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) || len(got) == 0 {
			t.Errorf("ScanTradeFlows = %v, Ties = %v", got, want)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := b.ScanVotes(cctx, time.Time{}, day(2030, 1, 1), func(string, string, entente.VoteChoice) {}); err == nil {
		t.Error("ScanVotes with a cancelled context succeeded")
	}
}

func testArtifacts(t *testing.T, s entente.Store) {
	ctx := context.Background()
	if _, err := s.Artifact(ctx, "model", "k1"); !errors.Is(err, entente.ErrNotFound) {
		t.Fatalf("Artifact before any put: %v, want ErrNotFound", err)
	}
	put := func(key string, d int, body string, keep int) {
		t.Helper()
		mustUpdate(t, s, func(tx entente.Tx) error {
			return tx.PutArtifact(ctx, entente.Artifact{Kind: "model", Key: key, Created: day(2026, 1, d), Body: []byte(body)}, keep)
		})
	}
	put("k1", 1, "one", 0)
	put("k1", 2, "one again", 0)
	a, err := s.Artifact(ctx, "model", "k1")
	if err != nil || string(a.Body) != "one again" || !a.Created.Equal(day(2026, 1, 2)) {
		t.Errorf("Artifact k1 = %+v, %v; want the replacement", a, err)
	}
	put("k2", 3, "two", 2)
	put("k3", 4, "three", 2)
	if _, err := s.Artifact(ctx, "model", "k1"); !errors.Is(err, entente.ErrNotFound) {
		t.Errorf("oldest artifact kept past the limit: %v", err)
	}
	for _, k := range []string{"k2", "k3"} {
		if _, err := s.Artifact(ctx, "model", k); err != nil {
			t.Errorf("Artifact %s: %v", k, err)
		}
	}
	err = s.Update(ctx, func(tx entente.Tx) error { return tx.PutArtifact(ctx, entente.Artifact{Kind: "model"}, 0) })
	if !errors.Is(err, entente.ErrInvalid) {
		t.Errorf("PutArtifact without a key: %v, want ErrInvalid", err)
	}
}

// testConcurrentReads checks the Store's promise that reads run side by
// side: several goroutines reading at once see what one reading alone
// sees, and a read begun while a bulk scan is still delivering its rows
// returns instead of waiting for the scan (a store that serialised reads
// would wait for ever here, so the nested read has a deadline).
func testConcurrentReads(t *testing.T, s entente.Store) {
	writeSample(t, s, "test:1")
	ctx := context.Background()
	read := func() (string, error) {
		ties, err := s.Ties(ctx, entente.TieFilter{})
		if err != nil {
			return "", err
		}
		votes, err := s.Votes(ctx, entente.VoteFilter{})
		if err != nil {
			return "", err
		}
		return fmt.Sprint(ties, votes), nil
	}
	want, err := read()
	if err != nil {
		t.Fatal(err)
	}
	const readers = 4
	got := make([]string, readers)
	errs := make([]error, readers)
	var wg sync.WaitGroup
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = read()
		}()
	}
	wg.Wait()
	for i := range readers {
		if errs[i] != nil || got[i] != want {
			t.Errorf("reader %d: error %v, same rows as one reader alone: %v", i, errs[i], got[i] == want)
		}
	}
	ts, ok := s.(entente.TradeScanner)
	if !ok {
		return
	}
	var nested []entente.Tie
	var nestedErr error
	rows := 0
	err = ts.ScanTradeFlows(ctx, 0, 0, func(entente.TradeRow) {
		rows++
		if rows > 1 {
			return
		}
		dctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		nested, nestedErr = s.Ties(dctx, entente.TieFilter{KindPrefix: "alliance."})
	})
	if err != nil || rows == 0 {
		t.Fatalf("ScanTradeFlows: %d rows, %v", rows, err)
	}
	if nestedErr != nil || len(nested) == 0 {
		t.Errorf("Ties read while a trade scan delivers rows: %d ties, %v", len(nested), nestedErr)
	}
}

package importer

import (
	"context"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/importer/internal/memstore"
)

// importDGACMFixture imports files with the built-in registry, which knows
// the UN's short names and who was a member on each day.
func importDGACMFixture(t *testing.T, st *memstore.Store, paths ...string) Report {
	t.Helper()
	im, err := New(st, Config{Registry: testRegistry(t), Clock: entente.FixedClock(testNow), BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := im.Import(context.Background(), "", paths...)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

// TestParseDGACMDate covers the three spellings of adoption_date.
func TestParseDGACMDate(t *testing.T) {
	want := entente.Day(2024, time.September, 22)
	for _, tt := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-09-22 00:00:00", want, true},
		{"22 September 2024", want, true},
		{"22\u00a0September 2024", want, true},
		{" 22  September\u00a02024 ", want, true},
		{"September 22, 2024", want, true},
		{"22/09/2024", time.Time{}, false},
		{"", time.Time{}, false},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDGACMDate(tt.in)
			if (err == nil) != tt.ok || !got.Equal(tt.want) {
				t.Errorf("parseDGACMDate(%q) = %v, %v; want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

// TestDGACM_LaterSession imports a file written in the spelling of session
// 79 and later (no-break space in dates, TÜRKİYE, an emergency special
// session's symbol), which must import unchanged.
func TestDGACM_LaterSession(t *testing.T) {
	st := memstore.New()
	rep := importDGACMFixture(t, st, fixture("dgacm", "79.json"))
	f := rep.Files[0]
	if f.Kind != "unga-dgacm" || f.Status != Imported {
		t.Fatalf("file = %+v", f)
	}
	if f.Source.Rows != 3 || f.Stored["rollcalls"] != 2 {
		t.Errorf("rows %d, roll calls %d; want 3 read, 2 recorded votes", f.Source.Rows, f.Stored["rollcalls"])
	}
	if f.UnmappedRows() != 0 {
		t.Errorf("unmapped: %v", f.Unmapped)
	}
	notes := strings.Join(f.Notes, "\n")
	for _, want := range []string{
		"1 resolutions adopted without a vote",
		"A/RES/79/101 (1 repeats, line 1)",
		"A/RES/79/101: lists 5-3-2, counts 5-3-3",
		"A/RES/ES-11/7: lists 2-2-1, counts 2-2-1",
	} {
		if strings.HasPrefix(want, "A/RES/ES-11/7") {
			if strings.Contains(notes, want) {
				t.Errorf("notes warn about a roll call whose lists match: %s", want)
			}
			continue
		}
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	ctx := context.Background()
	rcs, err := st.RollCalls(ctx, entente.RollCallFilter{})
	if err != nil || len(rcs) != 2 {
		t.Fatalf("roll calls = %+v, %v", rcs, err)
	}
	hr, es := rcs[0], rcs[1]
	if hr.ID != "A/RES/79/101" || hr.Session != 79 || !hr.Date.Equal(entente.Day(2024, 12, 17)) || hr.Committee != "Third Committee" ||
		hr.Draft != "A/79/459/Add.3" || hr.Record != "A/79/PV.50" || hr.AgendaItem != "Agenda item 71 (c)" || hr.AgendaTitle == "" {
		t.Errorf("roll call = %+v", hr)
	}
	// "SINGA PORE" and "SOLOMON", "ISLANDS" repaired; "CHILE,DOMINICAN
	// REPUBLIC" split.
	if strings.Join(hr.Sponsors, " ") != "JPN SGP SLB" || strings.Join(hr.AdditionalSponsors, " ") != "PHL CHL DOM" {
		t.Errorf("sponsors %v, additional %v", hr.Sponsors, hr.AdditionalSponsors)
	}
	if strings.Join(hr.Subjects, "|") != "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA|HUMAN RIGHTS" {
		t.Errorf("subjects = %q", hr.Subjects)
	}
	if hr.Counts == nil || *hr.Counts != (entente.VoteCounts{Yes: 5, No: 3, Abstain: 3}) {
		t.Errorf("counts = %+v", hr.Counts)
	}
	// The emergency special session runs within the regular session 79.
	if es.ID != "A/RES/ES-11/7" || es.Session != 79 || es.Committee != "" || strings.Join(es.Sponsors, " ") != "UKR" ||
		!strings.Contains(es.SponsorNote, "ON BEHALF OF") {
		t.Errorf("emergency session roll call = %+v", es)
	}
	votes, err := st.Votes(ctx, entente.VoteFilter{RollCalls: []string{hr.ID}})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]entente.VoteChoice{}
	tally := map[entente.VoteChoice]int{}
	for _, v := range votes {
		by[v.Country] = v.Choice
		tally[v.Choice]++
	}
	for c, want := range map[string]entente.VoteChoice{
		"TUR": entente.VoteYes, "SWZ": entente.VoteYes, "PHL": entente.VoteYes, "PRK": entente.VoteNo, "CHN": entente.VoteNo,
		"BOL": entente.VoteAbstain, "IND": entente.VoteAbstain, "FRA": entente.VoteAbsent, "VEN": entente.VoteAbsent,
	} {
		if by[c] != want {
			t.Errorf("%s: %q, want %q", c, by[c], want)
		}
	}
	members := 0
	for _, m := range testRegistry(t).Members("UN", hr.Date) {
		if m.Status == "member" {
			members++
		}
	}
	if members < 190 || len(votes) != members {
		t.Errorf("%d votes stored, want one per UN member (%d)", len(votes), members)
	}
	if tally[entente.VoteYes] != 5 || tally[entente.VoteNo] != 3 || tally[entente.VoteAbstain] != 2 {
		t.Errorf("tally = %v", tally)
	}

	// Re-importing the same file adds nothing.
	before := st.Updates()
	rep = importDGACMFixture(t, st, fixture("dgacm", "79.json"))
	if rep.Files[0].Status != Unchanged || st.Updates() != before {
		t.Errorf("re-import: %+v, %d updates", rep.Files[0], st.Updates()-before)
	}
}

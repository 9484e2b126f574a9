package importer

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/importer/internal/memstore"
)

var testNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func newTestImporter(t *testing.T) (*Importer, *memstore.Store) {
	t.Helper()
	st := memstore.New()
	im, err := New(st, Config{Registry: newFakeMapper(), Clock: entente.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	return im, st
}

func fixture(parts ...string) string {
	return filepath.Join(append([]string{"testdata"}, parts...)...)
}

func unmappedKeys(r FileResult) []string {
	ks := slices.Collect(maps.Keys(r.Unmapped))
	sort.Strings(ks)
	return ks
}

func TestImporter_Import(t *testing.T) {
	ctx := context.Background()
	type want struct {
		kind     string
		release  string
		rows     int64
		stored   map[string]int64
		unmapped []string
	}
	tests := []struct {
		name  string
		kind  string
		paths []string
		want  []want
		check func(t *testing.T, st *memstore.Store)
	}{
		{
			name:  "unvotes roll calls then votes",
			paths: []string{fixture("unvotes", "un_roll_calls.csv"), fixture("unvotes", "un_votes.csv")},
			want: []want{
				{kind: "unvotes-rollcalls", release: "0.3.0", rows: 3, stored: map[string]int64{"rollcalls": 3}},
				{kind: "unvotes-votes", release: "0.3.0", rows: 11, stored: map[string]int64{"votes": 10}, unmapped: []string{"name Zanzibar"}},
			},
			check: func(t *testing.T, st *memstore.Store) {
				rcs, _ := st.RollCalls(ctx, entente.RollCallFilter{IDs: []string{"unga:6000"}})
				if len(rcs) != 1 || !slices.Equal(rcs[0].Issues, []string{"hr", "co"}) || rcs[0].Important || rcs[0].Session != 74 {
					t.Errorf("roll call 6000 = %+v, want issues hr, co; session 74; not important", rcs)
				}
				votes, _ := st.Votes(ctx, entente.VoteFilter{RollCalls: []string{"unga:3"}})
				got := map[string]entente.VoteChoice{}
				for _, v := range votes {
					got[v.Country] = v.Choice
				}
				// RU in 1946 is the Soviet seat: followed through COW 365.
				if got["SUN"] != entente.VoteNo || got["RUS"] != "" {
					t.Errorf("1946 votes = %v, want the RU vote as SUN", got)
				}
				votes, _ = st.Votes(ctx, entente.VoteFilter{RollCalls: []string{"unga:5309"}, Countries: []string{"RUS", "DEU"}})
				if len(votes) != 2 || votes[0].Country != "DEU" || votes[1].Choice != entente.VoteNo || votes[1].Evidence.Line != 7 {
					t.Errorf("5309 votes = %+v", votes)
				}
				// "NA" is Namibia's code, not a missing value.
				votes, _ = st.Votes(ctx, entente.VoteFilter{Countries: []string{"NAM"}})
				if len(votes) != 1 {
					t.Errorf("Namibia votes = %d, want 1", len(votes))
				}
			},
		},
		{
			name:  "UN Digital Library votes",
			paths: []string{fixture("undl", "2025_1_22_ga_voting.csv")},
			want:  []want{{kind: "undl-votes", release: "2025-01-22", rows: 8, stored: map[string]int64{"rollcalls": 2, "votes": 7}, unmapped: []string{"iso3 XXX"}}},
			check: func(t *testing.T, st *memstore.Store) {
				rcs, _ := st.RollCalls(ctx, entente.RollCallFilter{})
				if len(rcs) != 2 || rcs[1].Resolution != "A/RES/ES-11/1" || rcs[1].Session != 76 || rcs[0].ID != "undl:767565" {
					t.Errorf("roll calls = %+v", rcs)
				}
			},
		},
		{
			name:  "ideal points, older release then newer",
			paths: []string{fixture("idealpoints")},
			want: []want{
				{kind: "idealpoints", release: "2024-06", rows: 4, stored: map[string]int64{"ties": 3}},
				{kind: "idealpoints", release: "2025-07", rows: 3, stored: map[string]int64{"ties": 3}},
			},
			check: func(t *testing.T, st *memstore.Store) {
				srcs, _ := st.Sources(ctx)
				if len(srcs) != 1 || srcs[0].ID != "unga-idealpoints:2025-07" {
					t.Errorf("sources = %v, want only the July 2025 release", srcs)
				}
				ties, _ := st.Ties(ctx, entente.TieFilter{KindPrefix: "idealpoint", A: "PRK"})
				if len(ties) != 2 || ties[0].Value != -1.52 || ties[1].Attrs["measure"] != "fp" || ties[1].Value != -1.7 {
					t.Errorf("PRK ideal points = %+v", ties)
				}
			},
		},
		{
			name:  "COW alliances",
			paths: []string{fixture("alliances", "cow_alliance_v4.1_ddy.csv")},
			want:  []want{{kind: "cow-alliance", release: "4.1", rows: 6, stored: map[string]int64{"ties": 13}, unmapped: []string{"cown 999"}}},
			check: func(t *testing.T, st *memstore.Store) {
				ties, _ := st.Ties(ctx, entente.TieFilter{KindPrefix: string(entente.TieAllianceDefense), A: "CHN", B: "PRK"})
				if len(ties) != 2 || ties[0].Year != 1961 || ties[0].Evidence.Line != 2 {
					t.Errorf("CHN-PRK defence = %+v", ties)
				}
				ties, _ = st.Ties(ctx, entente.TieFilter{KindPrefix: "alliance.", A: "SUN", B: "PRK"})
				if len(ties) != 3 {
					t.Errorf("SUN-PRK ties = %d, want 3 (1961: defence, non-aggression, entente; 1995 is RUS)", len(ties))
				}
			},
		},
		{
			name:  "ATOP alliances",
			paths: []string{fixture("alliances", "atop_5.1_ddy.csv")},
			want:  []want{{kind: "atop", release: "5.1", rows: 4, stored: map[string]int64{"ties": 10}}},
			check: func(t *testing.T, st *memstore.Store) {
				ties, _ := st.Ties(ctx, entente.TieFilter{KindPrefix: "alliance.consultation", A: "RUS", B: "PRK"})
				if len(ties) != 1 || ties[0].Year != 2018 {
					t.Errorf("RUS-PRK consultation = %+v", ties)
				}
			},
		},
		{
			name:  "COW trade",
			paths: []string{fixture("trade")},
			want: []want{
				{kind: "cow-trade-dyadic", release: "4.0", rows: 4, stored: map[string]int64{"ties": 5}, unmapped: []string{"cown 999"}},
				{kind: "cow-trade-national", release: "4.0", rows: 3, stored: map[string]int64{"ties": 2}},
			},
			check: func(t *testing.T, st *memstore.Store) {
				ties, _ := st.Ties(ctx, entente.TieFilter{KindPrefix: "trade.flow", A: "USA", B: "CHN"})
				if len(ties) != 1 || ties[0].Value != 472525 {
					t.Errorf("USA imports from CHN = %+v", ties)
				}
				ties, _ = st.Ties(ctx, entente.TieFilter{KindPrefix: "trade.flow", A: "IND", B: "RUS"})
				if len(ties) != 0 {
					t.Errorf("NA flow stored: %+v", ties)
				}
				ties, _ = st.Ties(ctx, entente.TieFilter{KindPrefix: "trade.total", A: "PRK"})
				if len(ties) != 1 || ties[0].Value != 2800 || ties[0].Attrs["partial"] != "true" {
					t.Errorf("PRK total = %+v", ties)
				}
			},
		},
		{
			name:  "SIPRI register and TIV table",
			paths: []string{fixture("sipri")},
			want: []want{
				{kind: "sipri-register", release: "2025-03-10", rows: 7, stored: map[string]int64{"ties": 6}, unmapped: []string{"name Houthi rebels (Yemen)*", "name unknown supplier(s)"}},
				{kind: "sipri-tiv", release: "2022-08", rows: 3, stored: map[string]int64{"ties": 2}, unmapped: []string{"name Unknown recipient(s)", "name Unknown supplier(s)"}},
			},
			check: func(t *testing.T, st *memstore.Store) {
				ties, _ := st.Ties(ctx, entente.TieFilter{KindPrefix: "arms.order", A: "RUS", B: "IND"})
				if len(ties) != 1 || ties[0].Value != 480 || ties[0].Attrs["description"] != "SAM system, long range" || ties[0].Evidence.Line != 10 {
					t.Errorf("RUS-IND order = %+v", ties)
				}
				ties, _ = st.Ties(ctx, entente.TieFilter{KindPrefix: "arms.order", A: "IRN"})
				if len(ties) != 1 || ties[0].B != "" || ties[0].Attrs["recipient_unmapped"] != "true" {
					t.Errorf("IRN order to an armed group = %+v", ties)
				}
				ties, _ = st.Ties(ctx, entente.TieFilter{KindPrefix: "arms.order", A: "GBR", B: "NATO"})
				if len(ties) != 1 {
					t.Errorf("GBR order to NATO** = %+v", ties)
				}
			},
		},
		{
			name:  "GDELT 2.0 with lookups",
			paths: []string{fixture("gdelt")},
			want:  []want{{kind: "gdelt2", release: "2.0", rows: 4, stored: map[string]int64{"events": 4}, unmapped: []string{"cameo EUR"}}},
			check: func(t *testing.T, st *memstore.Store) {
				evs, _ := st.Events(ctx, entente.EventFilter{SourceCountry: "CHN", TargetCountry: "RUS"})
				if len(evs) != 1 || evs[0].ID != "gdelt:1000001" || evs[0].CAMEO != "013" || evs[0].Goldstein != 0.4 ||
					evs[0].Source.Code != "CHN" || evs[0].Target.Text != "RUSSIA" || evs[0].Mentions != 10 || evs[0].Tone != -1.5 ||
					evs[0].Evidence[0].Line != 1 || evs[0].Evidence[0].File != "20240101000000.export.CSV" {
					t.Errorf("CHN→RUS = %+v", evs)
				}
				evs, _ = st.Events(ctx, entente.EventFilter{CAMEOPrefix: "13"})
				if len(evs) != 1 || evs[0].PLOVER != "THREATEN" {
					t.Errorf("threats = %+v", evs)
				}
			},
		},
		{
			name:  "GDELT 1.0 with and without SOURCEURL",
			paths: []string{fixture("gdelt1")},
			want: []want{
				{kind: "gdelt1", release: "1.0", rows: 1, stored: map[string]int64{"events": 1}},
				{kind: "gdelt1", release: "1.0", rows: 2, stored: map[string]int64{"events": 2}},
			},
		},
		{
			name:  "ICEWS, R package and Dataverse layouts",
			paths: []string{fixture("icews", "icews_sample.csv"), fixture("icews", "events.2018.tab")},
			want: []want{
				{kind: "icews", release: "dataverse", rows: 3, stored: map[string]int64{"events": 3}, unmapped: []string{"name Atlantis"}},
				{kind: "icews", release: "dataverse", rows: 1, stored: map[string]int64{"events": 1}},
			},
			check: func(t *testing.T, st *memstore.Store) {
				evs, _ := st.Events(ctx, entente.EventFilter{SourceCountry: "PRK"})
				if len(evs) != 1 || evs[0].Source.Code != "PRKMIL" || evs[0].Goldstein != -4.4 || evs[0].Target.Country != "" {
					t.Errorf("PRK events = %+v", evs)
				}
				evs, _ = st.Events(ctx, entente.EventFilter{SourceCountry: "USA", TargetCountry: "PRK"})
				if len(evs) != 1 || evs[0].ID != "icews:9" {
					t.Errorf("Dataverse layout = %+v", evs)
				}
			},
		},
		{
			name:  "COW reference tables",
			paths: []string{fixture("cowstates"), fixture("nmc"), fixture("igo")},
			want: []want{
				{kind: "cow-states", release: "2016", rows: 3, stored: map[string]int64{"ties": 3}},
				{kind: "cow-majors", release: "2016", rows: 2, stored: map[string]int64{"ties": 2}},
				{kind: "gw-states", release: "2017", rows: 2, stored: map[string]int64{"ties": 2}},
				{kind: "cow-capitals", release: "2026-07", rows: 2, stored: map[string]int64{"ties": 2}},
				{kind: "cow-contiguity", release: "3.2", rows: 4, stored: map[string]int64{"ties": 3}},
				{kind: "cow-nmc", release: "7.0", rows: 3, stored: map[string]int64{"ties": 3}},
				{kind: "cow-igo-dyadic", release: "3.0", rows: 2, stored: map[string]int64{"ties": 1}},
				{kind: "cow-igo-national", release: "3.0", rows: 1, stored: map[string]int64{"ties": 1}},
			},
			check: func(t *testing.T, st *memstore.Store) {
				ties, _ := st.Ties(ctx, entente.TieFilter{KindPrefix: string(TieCapital), A: "PRK"})
				if len(ties) != 1 || ties[0].Attrs["capital"] != "Pyongyang" || ties[0].Attrs["lat"] != "39.0194" {
					t.Errorf("PRK capital = %+v", ties)
				}
				ties, _ = st.Ties(ctx, entente.TieFilter{KindPrefix: "capability", A: "PRK"})
				if len(ties) != 1 || ties[0].Attrs["cinc_missing"] != "true" || ties[0].Attrs["milper"] != "1190" {
					t.Errorf("PRK capability = %+v", ties)
				}
			},
		},
		{
			name:  "crosswalk compared with the registry",
			paths: []string{fixture("crosswalk")},
			want: []want{
				{kind: "countrycode", release: "1.8.0", rows: 4, stored: map[string]int64{}},
				{kind: "countrycode-panel", release: "1.8.0", rows: 3, stored: map[string]int64{}},
			},
		},
		{
			name:  "explicit kind",
			kind:  "cow-nmc",
			paths: []string{fixture("nmc", "cow_nmc.csv")},
			want:  []want{{kind: "cow-nmc", release: "7.0", rows: 3, stored: map[string]int64{"ties": 3}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			im, st := newTestImporter(t)
			rep, err := im.Import(ctx, tt.kind, tt.paths...)
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			var got []FileResult
			for _, f := range rep.Files {
				if f.Status == Imported {
					got = append(got, f)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("imported %d files, want %d: %+v", len(got), len(tt.want), rep.Files)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Kind != w.kind || g.Source.Release != w.release || g.Source.Rows != w.rows {
					t.Errorf("file %d (%s): kind %s release %s rows %d, want %s %s %d", i, g.Path, g.Kind, g.Source.Release, g.Source.Rows, w.kind, w.release, w.rows)
				}
				if !maps.Equal(g.Stored, w.stored) {
					t.Errorf("file %d (%s): stored %v, want %v", i, g.Path, g.Stored, w.stored)
				}
				if k := unmappedKeys(g); !slices.Equal(k, w.unmapped) {
					t.Errorf("file %d (%s): unmapped %v, want %v", i, g.Path, k, w.unmapped)
				}
				if len(g.Source.Checksum) != 64 || g.Source.Licence == "" || g.Source.Citation == "" || !g.Source.Imported.Equal(testNow) {
					t.Errorf("file %d (%s): source lacks checksum, licence, citation or time: %+v", i, g.Path, g.Source)
				}
			}
			if tt.check != nil {
				tt.check(t, st)
			}
		})
	}
}

func TestImporter_Idempotent(t *testing.T) {
	ctx := context.Background()
	im, st := newTestImporter(t)
	dir := fixture("alliances")
	if _, err := im.Import(ctx, "", dir); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Ties(ctx, entente.TieFilter{})
	rep, err := im.Import(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		if f.Status != Unchanged {
			t.Errorf("second import of %s: %s, want unchanged", f.Path, f.Status)
		}
	}
	after, _ := st.Ties(ctx, entente.TieFilter{})
	if len(after) != len(before) {
		t.Errorf("ties after second import = %d, want %d", len(after), len(before))
	}

	// The same file under another name is still the same file.
	tmp := t.TempDir()
	copyFile(t, fixture("alliances", "atop_5.1_ddy.csv"), filepath.Join(tmp, "atop_5.1_ddy (copy).csv"))
	rep, err = im.Import(ctx, "", tmp)
	if err != nil || rep.Files[0].Status != Unchanged {
		t.Errorf("renamed copy: %+v, %v; want unchanged", rep.Files, err)
	}
}

func TestImporter_SameReleaseChanged(t *testing.T) {
	ctx := context.Background()
	im, st := newTestImporter(t)
	tmp := t.TempDir()
	p := filepath.Join(tmp, "cow_nmc.csv")
	copyFile(t, fixture("nmc", "cow_nmc.csv"), p)
	if _, err := im.Import(ctx, "", p); err != nil {
		t.Fatal(err)
	}
	// A corrected file of the same release replaces the rows of the first.
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "0.139", "0.140", 1)), 0o644)
	rep, err := im.Import(ctx, "", p)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files[0].Status != Imported || !slices.Equal(rep.Files[0].Replaced, []string{"cow-nmc:7.0"}) {
		t.Errorf("changed file: %+v", rep.Files[0])
	}
	ties, _ := st.Ties(ctx, entente.TieFilter{KindPrefix: "capability"})
	if len(ties) != 3 {
		t.Errorf("capability ties = %d, want 3", len(ties))
	}
}

func TestImporter_OlderReleaseSkipped(t *testing.T) {
	ctx := context.Background()
	im, st := newTestImporter(t)
	if _, err := im.Import(ctx, "", fixture("idealpoints", "Idealpoints_July2025.csv")); err != nil {
		t.Fatal(err)
	}
	rep, err := im.Import(ctx, "", fixture("idealpoints", "IdealpointestimatesAll_Jun2024.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files[0].Status != Skipped || !strings.Contains(rep.Files[0].Reason, "older") {
		t.Errorf("older release: %+v, want skipped as older", rep.Files[0])
	}
	srcs, _ := st.Sources(ctx)
	if len(srcs) != 1 || srcs[0].Release != "2025-07" {
		t.Errorf("sources = %+v", srcs)
	}
}

func TestImporter_UnknownKind(t *testing.T) {
	im, _ := newTestImporter(t)
	_, err := im.Import(context.Background(), "nonsense", fixture("nmc"))
	var ue *entente.UsageError
	if !errors.As(err, &ue) || !strings.Contains(ue.Hint, "cow-alliance") {
		t.Errorf("err = %v, want a usage error listing the kinds", err)
	}
}

func TestImporter_DirectorySkips(t *testing.T) {
	im, _ := newTestImporter(t)
	tmp := t.TempDir()
	os.WriteFile(filepath.Join(tmp, "PROVENANCE.md"), []byte("# notes\n"), 0o644)
	os.WriteFile(filepath.Join(tmp, "random.csv"), []byte("a,b\n1,2\n"), 0o644)
	copyFile(t, fixture("unvotes", "un_roll_call_issues.csv"), filepath.Join(tmp, "un_roll_call_issues.csv"))
	rep, err := im.Import(context.Background(), "", tmp)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, f := range rep.Files {
		if f.Status != Skipped {
			t.Errorf("%s: %s, want skipped", f.Path, f.Status)
		}
		reasons[filepath.Base(f.Path)] = f.Reason
	}
	for file, want := range map[string]string{"PROVENANCE.md": "documentation", "random.csv": "not a recognised", "un_roll_call_issues.csv": "read together"} {
		if !strings.Contains(reasons[file], want) {
			t.Errorf("%s skipped because %q, want %q", file, reasons[file], want)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		path string
		want string
	}{
		{fixture("unvotes", "un_roll_calls.csv"), "unvotes-rollcalls"},
		{fixture("unvotes", "un_votes.csv"), "unvotes-votes"},
		{fixture("unvotes", "un_roll_call_issues.csv"), "unvotes-issues"},
		{fixture("undl", "2025_1_22_ga_voting.csv"), "undl-votes"},
		{fixture("idealpoints", "IdealpointestimatesAll_Jun2024.csv"), "idealpoints"},
		{fixture("idealpoints", "Idealpoints_July2025.csv"), "idealpoints"},
		{fixture("alliances", "cow_alliance_v4.1_ddy.csv"), "cow-alliance"},
		{fixture("alliances", "atop_5.1_ddy.csv"), "atop"},
		{fixture("trade", "cow_trade_ndy_4.0.csv"), "cow-trade-dyadic"},
		{fixture("trade", "cow_trade_sy_4.0.csv"), "cow-trade-national"},
		{fixture("sipri", "sipri_trade_register_2020-2024_generated-2025-03-10.csv"), "sipri-register"},
		{fixture("sipri", "sipri_tiv_dyad_year.csv"), "sipri-tiv"},
		{fixture("gdelt", "20240101000000.export.CSV"), "gdelt2"},
		{fixture("gdelt", "lookups", "CAMEO.eventcodes.txt"), "cameo-lookup"},
		{fixture("gdelt1", "20140101.export.CSV"), "gdelt1"},
		{fixture("gdelt1", "20120101.export.CSV"), "gdelt1"},
		{fixture("icews", "icews_sample.csv"), "icews"},
		{fixture("icews", "events.2018.tab"), "icews"},
		{fixture("cowstates", "cow_states.csv"), "cow-states"},
		{fixture("cowstates", "cow_majors.csv"), "cow-majors"},
		{fixture("cowstates", "gw_states.csv"), "gw-states"},
		{fixture("cowstates", "cow_capitals.csv"), "cow-capitals"},
		{fixture("cowstates", "cow_contdir.csv"), "cow-contiguity"},
		{fixture("nmc", "cow_nmc.csv"), "cow-nmc"},
		{fixture("igo", "cow_igo_ndy.csv"), "cow-igo-dyadic"},
		{fixture("igo", "cow_igo_sy.csv"), "cow-igo-national"},
		{fixture("crosswalk", "codelist.csv"), "countrycode"},
		{fixture("crosswalk", "codelist_panel.csv"), "countrycode-panel"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			k, err := Detect(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if k.Name != tt.want {
				t.Errorf("Detect = %s, want %s", k.Name, tt.want)
			}
		})
	}
}

func TestCompareRelease(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"4.1", "4.1", 0}, {"4.9", "4.10", -1}, {"2025-07", "2024-06", 1}, {"5.1", "5", 1}, {"2026-02-12", "2025-03-10", 1},
	}
	for _, tt := range tests {
		if got := compareRelease(tt.a, tt.b); got != tt.want {
			t.Errorf("compareRelease(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

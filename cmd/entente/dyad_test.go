package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"entente"
	"entente/duckdb"
)

// measuresDB writes a small store for the dyad, leverage and align
// commands: COW-style trade of China and North Korea in 2013–2014, an ATOP
// alliance, SIPRI deliveries, six roll calls of session 69, ideal points
// and a few events. The commands add the curated facts themselves.
func measuresDB(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	ctx := context.Background()
	s, err := duckdb.Open(ctx, duckdb.Config{Path: db, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	line := int64(0)
	ev := func(src string) entente.Evidence {
		line++
		return entente.Evidence{Source: src, File: "test.csv", Line: line}
	}
	yp := func(y int) entente.Period {
		return entente.Period{From: entente.Day(y, 1, 1), To: entente.Day(y, 12, 31)}
	}
	flow := func(a, b string, y int, v float64) entente.Tie {
		return entente.Tie{Kind: entente.TieTradeFlow, A: a, B: b, Year: y, Period: yp(y), Value: v, Unit: "US$ million", Evidence: ev("cow-trade.dyadic:4.0")}
	}
	total := func(a string, y int, imp, exp float64) entente.Tie {
		return entente.Tie{Kind: entente.TieTradeTotal, A: a, Year: y, Period: yp(y), Value: imp + exp, Unit: "US$ million",
			Attrs: map[string]string{"imports": strconv.FormatFloat(imp, 'g', -1, 64), "exports": strconv.FormatFloat(exp, 'g', -1, 64)}, Evidence: ev("cow-trade.national:4.0")}
	}
	var ties []entente.Tie
	for _, y := range []int{2013, 2014} {
		ties = append(ties, flow("CHN", "PRK", y, 2845), flow("PRK", "CHN", y, 3883), flow("RUS", "PRK", y, 10), flow("PRK", "RUS", y, 90),
			total("PRK", y, 4879.3, 3287.4), total("CHN", y, 2519304.5, 2818426.75), total("RUS", y, 285843.5, 497614.9))
		ties = append(ties, entente.Tie{Kind: entente.TieIdealPoint, A: "CHN", Year: y, Period: yp(y), Value: -0.6, Attrs: map[string]string{"measure": "all"}, Evidence: ev("unga-idealpoints:2024-06")},
			entente.Tie{Kind: entente.TieIdealPoint, A: "PRK", Year: y, Period: yp(y), Value: -1.5, Attrs: map[string]string{"measure": "all", "usagree": "0.1", "russagree": "0.8", "chinaagree": "0.85"}, Evidence: ev("unga-idealpoints:2024-06")})
	}
	for y := 2010; y <= 2018; y++ {
		for _, d := range [][2]string{{"CHN", "PRK"}, {"PRK", "CHN"}} {
			ties = append(ties, entente.Tie{Kind: entente.TieAllianceDefense, A: d[0], B: d[1], Year: y, Period: yp(y), Value: 1, Evidence: ev("atop:5.1")})
		}
	}
	ties = append(ties, entente.Tie{Kind: entente.TieArmsTransfer, A: "RUS", B: "PRK", Year: 2010, Period: yp(2010), Value: 4, Unit: "TIV million", Evidence: ev("sipri.tiv:2022")},
		entente.Tie{Kind: entente.TieArmsTransfer, A: "RUS", B: "CHN", Year: 2013, Period: yp(2013), Value: 900, Unit: "TIV million", Evidence: ev("sipri.tiv:2022")})
	var rcs []entente.RollCall
	var votes []entente.Vote
	choices := map[string]string{"CHN": "yyynay", "PRK": "yynnay", "USA": "nnnyyn", "GBR": "nnayyn", "RUS": "yyanay", "FRA": "nnayyn"}
	for i := 0; i < 6; i++ {
		id := fmt.Sprintf("unga:%d", 900+i)
		rcs = append(rcs, entente.RollCall{ID: id, Session: 69, Date: entente.Day(2014, 10, 1+i), Evidence: ev("unvotes.rollcalls:0.3.0")})
		for c, cs := range choices {
			ch := map[byte]entente.VoteChoice{'y': entente.VoteYes, 'n': entente.VoteNo, 'a': entente.VoteAbstain}[cs[i]]
			votes = append(votes, entente.Vote{RollCall: id, Country: c, Choice: ch, Evidence: ev("unvotes.votes:0.3.0")})
		}
	}
	var events []entente.Event
	for i, e := range []struct {
		src, tgt, plover string
		g                float64
		neg              bool
	}{{"USA", "PRK", "THREATEN", -4.4, false}, {"USA", "PRK", "SANCTION", -8, false}, {"USA", "PRK", "CONSULT", 1, false},
		{"CHN", "PRK", "CONSULT", 1, false}, {"CHN", "PRK", "ACCUSE", -2, true}, {"PRK", "CHN", "AGREE", 3.4, false}} {
		events = append(events, entente.Event{ID: fmt.Sprintf("ev%d", i), Date: entente.Day(2014, 5, 1+i),
			Source: entente.ActorRef{Code: e.src, Country: e.src}, Target: entente.ActorRef{Code: e.tgt, Country: e.tgt},
			CAMEO: "000", PLOVER: e.plover, Goldstein: e.g, Negated: e.neg, Modality: entente.Asserted, Confidence: 1,
			Evidence: []entente.Evidence{ev("gdelt2:test")}})
	}
	srcs := []entente.Source{}
	for id, years := range map[string][2]int{"cow-trade.dyadic:4.0": {1870, 2014}, "cow-trade.national:4.0": {1870, 2014}, "atop:5.1": {1815, 2018},
		"sipri.tiv:2022": {1950, 2021}, "unvotes.rollcalls:0.3.0": {1946, 2019}, "unvotes.votes:0.3.0": {1946, 2019},
		"unga-idealpoints:2024-06": {1946, 2023}, "gdelt2:test": {2014, 2014}} {
		srcs = append(srcs, entente.Source{ID: id, Dataset: strings.SplitN(id, ":", 2)[0], Release: "test",
			Coverage: entente.Period{From: entente.Day(years[0], 1, 1), To: entente.Day(years[1], 12, 31)}})
	}
	err = s.Update(ctx, func(tx entente.Tx) error {
		for _, src := range srcs {
			if err := tx.PutSource(ctx, src); err != nil {
				return err
			}
		}
		if err := tx.AppendTies(ctx, ties); err != nil {
			return err
		}
		if err := tx.AppendRollCalls(ctx, rcs); err != nil {
			return err
		}
		if err := tx.AppendVotes(ctx, votes); err != nil {
			return err
		}
		return tx.AppendEvents(ctx, events)
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestMain_Dyad(t *testing.T) {
	db := measuresDB(t)
	cases := []struct {
		name   string
		args   []string
		golden string
		want   []string
	}{
		{name: "table", args: []string{"dyad", "CHN", "North Korea", "--from", "2013", "--to", "2024"}, golden: "dyad_chn_prk.txt"},
		{name: "csv", args: []string{"dyad", "PRK", "CHN", "--from", "2014", "--to", "2014", "--format", "csv"}, golden: "dyad_prk_chn.csv"},
		{name: "weights change the score", args: []string{"dyad", "PRK", "CHN", "--from", "2024", "--to", "2024", "--weights", "trade=1,asymmetry=0,arms=0,supplier=0,security=0,hostility=0"},
			want: []string{"0.98 (5)", "Weights: trade=1,asymmetry=0,arms=0,supplier=0,security=0,hostility=0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, db, c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if c.golden != "" {
				golden(t, c.golden, out)
			}
		})
	}

	out, errOut, code := run(t, db, "dyad", "RUS", "PRK", "--from", "2024", "--to", "2024", "--format", "json")
	if code != 0 {
		t.Fatalf("json: exit %d: %s", code, errOut)
	}
	var d struct {
		A, B  string
		Years []struct {
			Security []struct {
				Type    string
				Curated bool
			}
		}
		Facts []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if d.A != "RUS" || len(d.Years) != 1 || len(d.Years[0].Security) != 1 || !d.Years[0].Security[0].Curated {
		t.Errorf("json: %+v", d)
	}
	ids := []string{}
	for _, f := range d.Facts {
		ids = append(ids, f.ID)
	}
	if strings.Join(ids, ",") != "prk-rus-troops-2024,rus-prk-csp-2024" {
		t.Errorf("curated facts %v", ids)
	}
}

func TestMain_Leverage(t *testing.T) {
	db := measuresDB(t)
	out, errOut, code := run(t, db, "leverage", "PRK", "--year", "2014")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "leverage_prk_2014.txt", out)

	out, errOut, code = run(t, db, "leverage", "PRK", "--year", "2014", "--explain", "Russia")
	if code != 0 || !strings.Contains(out, "Leverage of RUS (Russia) over PRK (North Korea) in 2014: 0.305") {
		t.Errorf("--explain Russia: exit %d\n%s%s", code, out, errOut)
	}

	out, _, code = run(t, db, "leverage", "North Korea", "--year", "2024", "--format", "csv")
	if code != 0 {
		t.Fatal("csv failed")
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "iso3,name,score,level,label,trade,asymmetry,arms,supplier,security,hostility,trade_year,arms_year,security_year,events_year,carried,trade_why") {
		t.Errorf("csv header %s", lines[0])
	}
	if !strings.HasPrefix(lines[1], "CHN,China,") || !strings.HasPrefix(lines[2], "RUS,Russia,") {
		t.Errorf("csv ranking:\n%s", out)
	}
	// Every row says the year of each input and which are carried from an
	// earlier year: the fixture's trade ends in 2014, SIPRI in 2021, ATOP
	// in 2018; China's 2024 trade share is a curated 2023 figure, Russia's
	// security tie the curated 2024 treaty.
	header := strings.Split(lines[0], ",")
	col := func(row []string, name string) string {
		for i, h := range header {
			if h == name && i < len(row) {
				return row[i]
			}
		}
		return "(no column " + name + ")"
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		row       int
		col, want string
	}{
		{1, "trade_year", "2023"}, {1, "arms_year", "2021"}, {1, "carried", "trade arms"},
		{2, "trade_year", "2014"}, {2, "security_year", "2024"}, {2, "carried", "trade arms"},
	} {
		if got := col(rows[c.row], c.col); got != c.want {
			t.Errorf("csv row %d (%s) %s = %q, want %q", c.row, rows[c.row][0], c.col, got, c.want)
		}
	}
	out, _, _ = run(t, db, "leverage", "PRK", "--year", "2024", "--explain", "0")
	if !strings.Contains(out, "2014< 2021< 2024* –") {
		t.Errorf("table: Russia's row does not give the carried years 2014< 2021< 2024* –:\n%s", out)
	}

	// A weights file overrides the defaults the same way.
	wf := filepath.Join(t.TempDir(), "weights.txt")
	if err := os.WriteFile(wf, []byte("# events only\ntrade=0\nasymmetry=0\narms=0\nsupplier=0\nsecurity=0\nhostility=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = run(t, db, "leverage", "PRK", "--year", "2014", "--weights", wf, "--format", "json")
	if code != 0 {
		t.Fatalf("weights file: exit %d: %s", code, errOut)
	}
	var r struct {
		Holders []struct {
			Holder string
			Score  float64
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Holders) != 1 || r.Holders[0].Holder != "USA" || r.Holders[0].Score < 0.66 || r.Holders[0].Score > 0.67 {
		t.Errorf("events-only ranking %+v", r.Holders)
	}
}

func TestMain_Align(t *testing.T) {
	db := measuresDB(t)
	out, errOut, code := run(t, db, "align", "PRK")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "align_prk.txt", out)
	out, errOut, code = run(t, db, "align", "PRK", "--with", "China")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "align_prk_chn.txt", out)
	out, _, _ = run(t, db, "align", "PRK", "--with", "CHN", "--session", "69", "--format", "csv")
	if !strings.Contains(out, "69,2014,6,5,83.3%,") {
		t.Errorf("csv:\n%s", out)
	}
}

func TestMain_MeasuresErrors(t *testing.T) {
	db := measuresDB(t)
	cases := []errorCase{
		{"dyad one actor", []string{"dyad", "CHN"}, 2, []string{"dyad takes two actors", "hint:"}},
		{"dyad unknown actor", []string{"dyad", "CHN", "Narnia"}, 1, []string{`no state matches "Narnia"`}},
		{"dyad suggests states, not leaders", []string{"dyad", "CHN", "XYZ"}, 1, []string{`no state matches "XYZ"`, "hint: closest states:"}},
		{"leverage in the future", []string{"leverage", "PRK", "--year", "2031"}, 2, []string{"--year 2031 is in the future (today is 2026-11-26)"}},
		{"dyad in the future", []string{"dyad", "CHN", "PRK", "--to", "2030"}, 2, []string{"--to 2030 is in the future"}},
		{"align session in the future", []string{"align", "PRK", "--session", "99"}, 2, []string{"--session 99 is in the future: session 99 opens in 2044"}},
		{"dyad same actor", []string{"dyad", "PRK", "North Korea"}, 2, []string{"are both PRK"}},
		{"dyad years reversed", []string{"dyad", "CHN", "PRK", "--from", "2020", "--to", "2010"}, 2, []string{"--from 2020 is after --to 2010"}},
		{"dyad bad year", []string{"dyad", "CHN", "PRK", "--from", "last year"}, 2, []string{"is not a year"}},
		{"bad weights", []string{"leverage", "PRK", "--weights", "gdp=1"}, 2, []string{"unknown term", "hint: use --weights trade=0.25"}},
		{"weights not a file", []string{"leverage", "PRK", "--weights", "/no/such/file"}, 2, []string{"neither name=value pairs nor a readable file"}},
		{"negative top", []string{"leverage", "PRK", "--top", "-1"}, 2, []string{"must not be negative"}},
		{"explain a state without leverage", []string{"leverage", "PRK", "--year", "2014", "--explain", "Tuvalu"}, 1, []string{"TUV holds no leverage over PRK in 2014"}},
		{"align session and range", []string{"align", "PRK", "--with", "CHN", "--session", "69", "--from", "60"}, 2, []string{"not both"}},
		{"align range without partner", []string{"align", "PRK", "--from", "60"}, 2, []string{"need --with"}},
		{"align nothing", []string{"align", "TUV"}, 1, []string{"no UN votes or ideal points for TUV", "hint: import them"}},
	}
	runErrorCases(t, db, cases)
}

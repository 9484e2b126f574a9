package measures_test

import (
	"context"
	"strings"
	"testing"

	"entente"
	"entente/curated"
	"entente/measures"
)

func securityFixture(t testing.TB) fill {
	cur, src, err := curated.Load()
	if err != nil {
		t.Fatal(err)
	}
	src.Coverage = entente.Period{From: entente.Day(1961, 1, 1), To: entente.Day(2025, 12, 31)}
	var ties []entente.Tie
	ties = append(ties, ally(entente.TieAllianceDefense, "cow-alliance:4.1", "CHN", "PRK", 1961, 2012)...)
	ties = append(ties, ally(entente.TieAllianceNonAggress, "cow-alliance:4.1", "CHN", "PRK", 1961, 2012)...)
	ties = append(ties, ally(entente.TieAllianceDefense, "atop:5.1", "CHN", "PRK", 1961, 2018)...)
	ties = append(ties, ally(entente.TieAllianceConsult, "atop:5.1", "RUS", "PRK", 2000, 2018)...)
	ties = append(ties, ally(entente.TieAllianceDefense, "atop:5.1", "USA", "PHL", 1952, 1980)...)
	ties = append(ties, ally(entente.TieAllianceDefense, "atop:5.1", "USA", "PHL", 1983, 2018)...)
	ties = append(ties, ally(entente.TieAllianceEntente, "cow-alliance:4.1", "USA", "CUB", 1950, 1960)...)
	ties = append(ties, cur...)
	reg := entente.RegistryData{Version: "test", Memberships: []entente.Membership{
		{Group: "NATO", Member: "USA", Status: "member", Period: entente.Period{From: entente.Day(1949, 8, 24)}},
		{Group: "NATO", Member: "GBR", Status: "member", Period: entente.Period{From: entente.Day(1949, 8, 24)}},
		{Group: "NATO", Member: "SWE", Status: "member", Period: entente.Period{From: entente.Day(2024, 3, 7)}},
	}}
	return fill{
		Sources:  []entente.Source{source("cow-alliance:4.1", 1816, 2012), source("atop:5.1", 1815, 2018), src},
		Ties:     ties,
		Registry: &reg,
	}
}

func labels(ts []measures.SecurityTie) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Label())
	}
	return strings.Join(out, "; ")
}

func TestSecurityInYear_Compute(t *testing.T) {
	e := engine(t, openStore(t, securityFixture(t)))
	ctx := context.Background()
	tests := []struct {
		name     string
		a, b     string
		year     int
		want     string
		evidence int
	}{
		{"CHN-PRK 2000", "CHN", "PRK", 2000,
			"defence (atop 1961-2018); defence (cow-alliance 1961-2012); nonaggression (cow-alliance 1961-2012); defence (curated 1961-)", 7},
		{"CHN-PRK 2024 carries spells past the data", "CHN", "PRK", 2024,
			"defence (atop 1961-2018, data end 2018); defence (cow-alliance 1961-2012, data end 2012); nonaggression (cow-alliance 1961-2012, data end 2012); defence (curated 1961-)", 7},
		{"PRK-RUS 2010", "PRK", "RUS", 2010, "consultation (atop 2000-2018)", 2},
		{"PRK-RUS 2024 adds the 2024 treaty", "PRK", "RUS", 2024, "consultation (atop 2000-2018, data end 2018); defence (curated 2024-)", 3},
		{"USA-PHL gap year", "USA", "PHL", 1981, "", 0},
		{"USA-CUB after the spell ended", "USA", "CUB", 1970, "", 0},
		{"FIN-USA through NATO", "FIN", "USA", 2024, "defence (curated via NATO 2023-)", 1},
		{"USA-FIN the other way", "USA", "FIN", 2024, "defence (curated via NATO 2023-)", 1},
		{"FIN-SWE both joined", "FIN", "SWE", 2024, "defence (curated via NATO 2024-)", 2},
		{"FIN-USA before accession", "FIN", "USA", 2022, "", 0},
		{"AUS-USA partnership", "AUS", "USA", 2022, "security (curated 2021-)", 1},
		{"FIN-NATO itself", "FIN", "NATO", 2024, "defence (curated 2023-)", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.SecurityInYear(ctx, tt.a, tt.b, tt.year)
			if err != nil {
				t.Fatal(err)
			}
			if l := labels(got); l != tt.want {
				t.Errorf("got  %s\nwant %s", l, tt.want)
			}
			n := 0
			for _, s := range got {
				n += len(s.Evidence)
			}
			if n != tt.evidence {
				t.Errorf("evidence %d, want %d", n, tt.evidence)
			}
		})
	}
}

func TestSecurityTies_Spells(t *testing.T) {
	e := engine(t, openStore(t, securityFixture(t)))
	got, err := e.SecurityTies(context.Background(), "PHL", "USA")
	if err != nil {
		t.Fatal(err)
	}
	if l := labels(got); l != "defence (atop 1952-1980); defence (atop 1983-2018)" {
		t.Errorf("spells %s", l)
	}
	for _, s := range got {
		if len(s.Evidence) != 2 || s.Evidence[0].Source != "atop:5.1" {
			t.Errorf("spell %s cites %v, want its first and last dyad-year", s.Label(), s.Evidence)
		}
	}
}

func TestSecurityTie_Strength(t *testing.T) {
	for typ, want := range map[string]float64{"defence": 1, "offense": 1, "neutrality": 0.5, "nonaggression": 0.25, "entente": 0.25,
		"consultation": 0.25, "security": 0.5, "partnership": 0.25, "other": 0} {
		if got := (measures.SecurityTie{Type: typ}).Strength(); got != want {
			t.Errorf("%s: %v, want %v", typ, got, want)
		}
	}
}

// TestSecurityTie_Multilateral checks that a pledge of non-aggression two
// states share with a third (the Treaty of Amity and Cooperation binds the
// USA, the DPRK and Indonesia among others) is marked multilateral and
// gives no leverage, while a bilateral one keeps its weight.
func TestSecurityTie_Multilateral(t *testing.T) {
	var ties []entente.Tie
	for _, d := range [][2]string{{"USA", "PRK"}, {"USA", "IDN"}, {"PRK", "IDN"}} {
		ties = append(ties, ally(entente.TieAllianceNonAggress, "atop:5.1", d[0], d[1], 2009, 2018)...)
	}
	ties = append(ties, ally(entente.TieAllianceNonAggress, "atop:5.1", "RUS", "PRK", 2000, 2018)...)
	e := engine(t, openStore(t, fill{Sources: []entente.Source{source("atop:5.1", 1815, 2018)}, Ties: ties}))
	ctx := context.Background()
	tests := []struct {
		name     string
		a, b     string
		want     string
		strength float64
	}{
		{"multilateral", "USA", "PRK", "nonaggression (atop 2009-2018, multilateral, 3+ parties)", 0},
		{"bilateral", "RUS", "PRK", "nonaggression (atop 2000-2018)", 0.25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.SecurityInYear(ctx, tt.a, tt.b, 2015)
			if err != nil {
				t.Fatal(err)
			}
			if labels(got) != tt.want || len(got) != 1 || got[0].Strength() != tt.strength {
				t.Errorf("SecurityInYear(%s, %s) = %q (strength %v), want %q (%v)", tt.a, tt.b, labels(got), got, tt.want, tt.strength)
			}
		})
	}
}

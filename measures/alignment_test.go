package measures_test

import (
	"context"
	"fmt"
	"testing"

	"entente"
)

// alignmentFixture: six roll calls of session 70; GBR missed the sixth.
// Expected values worked by hand:
//
//	USA–GBR: 5 common, 4 identical (0.8); pe = (2·2+1·2+2·1)/25 = 0.32,
//	         kappa = (0.8−0.32)/0.68 = 0.705882; S = 1 − 2·0.5/5 = 0.8.
//	USA–CUB: 6 common, 1 identical; pe = (2·4+1·0+3·2)/36 = 0.388889,
//	         kappa = (1/6−0.388889)/0.611111 = −0.363636; S = 1 − 2·4.5/6 = −0.5.
func alignmentFixture() fill {
	src := "unvotes.votes:0.3.0"
	votes := map[string][3]string{
		"1": {"yes", "yes", "no"},
		"2": {"no", "no", "yes"},
		"3": {"no", "abstain", "yes"},
		"4": {"yes", "yes", "yes"},
		"5": {"abstain", "abstain", "no"},
		"6": {"no", "", "yes"},
	}
	f := fill{Sources: []entente.Source{source(src, 1946, 2019), source("unga-idealpoints:2024-06", 1946, 2023)}}
	for i := 1; i <= 6; i++ {
		id := fmt.Sprint(i)
		f.RollCalls = append(f.RollCalls, entente.RollCall{ID: "unga:" + id, Session: 70, Date: entente.Day(2015, 12, i), Evidence: ev("unvotes.rollcalls:0.3.0")})
		for j, c := range []string{"USA", "GBR", "CUB"} {
			if v := votes[id][j]; v != "" {
				f.Votes = append(f.Votes, entente.Vote{RollCall: "unga:" + id, Country: c, Choice: entente.VoteChoice(v), Evidence: ev(src)})
			}
		}
	}
	// One roll call of session 69 that must not leak into 70.
	f.RollCalls = append(f.RollCalls, entente.RollCall{ID: "unga:0", Session: 69, Date: entente.Day(2014, 12, 1), Evidence: ev("unvotes.rollcalls:0.3.0")})
	f.Votes = append(f.Votes, entente.Vote{RollCall: "unga:0", Country: "USA", Choice: entente.VoteYes, Evidence: ev(src)},
		entente.Vote{RollCall: "unga:0", Country: "CUB", Choice: entente.VoteYes, Evidence: ev(src)})
	for c, v := range map[string]float64{"USA": 3.0, "GBR": 2.0, "CUB": -1.5} {
		f.Ties = append(f.Ties, entente.Tie{Kind: entente.TieIdealPoint, A: c, Year: 2015, Value: v,
			Attrs: map[string]string{"session": "70", "measure": "all", "usagree": "0.25"}, Evidence: ev("unga-idealpoints:2024-06")})
	}
	return f
}

func TestVoteAgreement_Compute(t *testing.T) {
	e := engine(t, openStore(t, alignmentFixture()))
	ctx := context.Background()
	tests := []struct {
		name                 string
		a, b                 string
		session              int
		votes, identical     int
		share, kappa, sscore float64
	}{
		{"USA-GBR", "USA", "GBR", 70, 5, 4, 0.8, 0.705882, 0.8},
		{"USA-CUB", "USA", "CUB", 70, 6, 1, 1.0 / 6, -0.363636, -0.5},
		{"CUB-USA is symmetric", "CUB", "USA", 70, 6, 1, 1.0 / 6, -0.363636, -0.5},
		{"session 69", "USA", "CUB", 69, 1, 1, 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := e.VoteAgreement(ctx, tt.a, tt.b, tt.session)
			if err != nil {
				t.Fatal(err)
			}
			if g.Votes != tt.votes || g.Identical != tt.identical || !near(value(g.Share), tt.share, 1e-9) {
				t.Errorf("votes %d identical %d share %v, want %d %d %v", g.Votes, g.Identical, value(g.Share), tt.votes, tt.identical, tt.share)
			}
			if g.SScore == nil || !near(*g.SScore, tt.sscore, 1e-6) {
				t.Errorf("S = %v, want %v", g.SScore, tt.sscore)
			}
			if tt.votes > 1 && (g.Kappa == nil || !near(*g.Kappa, tt.kappa, 1e-6)) {
				t.Errorf("kappa = %v, want %v", g.Kappa, tt.kappa)
			}
			if tt.session == 69 && g.Kappa != nil {
				t.Errorf("kappa with no variation = %v, want undefined", *g.Kappa)
			}
			if len(g.RollCallIDs) != tt.votes || len(g.Evidence) == 0 {
				t.Errorf("roll calls %v evidence %v", g.RollCallIDs, g.Evidence)
			}
		})
	}
}

func TestAlignmentOf_Rank(t *testing.T) {
	e := engine(t, openStore(t, alignmentFixture()))
	got, err := e.AlignmentOf(context.Background(), "USA", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Session != 70 || len(got.Partners) != 2 || got.Partners[0].Agreement.B != "GBR" || got.Partners[1].Agreement.B != "CUB" {
		t.Fatalf("session %d partners %+v", got.Session, got.Partners)
	}
	if d := got.Partners[0].IdealPoints.Distance; d == nil || *d != 1.0 {
		t.Errorf("USA-GBR ideal-point distance %v, want 1", d)
	}
	if !got.Partners[0].P5 || got.Partners[1].P5 {
		t.Errorf("P5 flags %v %v", got.Partners[0].P5, got.Partners[1].P5)
	}
	if len(got.P5) != 4 || got.P5[0].B != "GBR" || got.P5[0].Votes != 5 || got.P5[1].Votes != 0 {
		t.Errorf("P5 agreement %+v", got.P5)
	}
}

func TestDyadAlignment_Sessions(t *testing.T) {
	e := engine(t, openStore(t, alignmentFixture()))
	got, err := e.DyadAlignment(context.Background(), "USA", "CUB", 60, 80)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Session != 69 || got[1].Session != 70 {
		t.Fatalf("sessions %+v", got)
	}
	s70 := got[1]
	if s70.Agreement.Votes != 6 || s70.IdealPoints.Distance == nil || *s70.IdealPoints.Distance != 4.5 {
		t.Errorf("session 70: %+v", s70)
	}
	if s70.P5[0].B != "GBR" || s70.P5[0].Votes != 5 || s70.P5FromIdealPoints["USA"] != 0.25 {
		t.Errorf("P5: %+v %v", s70.P5, s70.P5FromIdealPoints)
	}
}

package measures

import (
	"context"
	"testing"
	"time"

	"entente"
)

// fakeBulk serves fixed tie values and votes.
type fakeBulk struct {
	ties  []entente.Tie
	votes map[string]map[string]entente.VoteChoice
}

func (f fakeBulk) ScanVotes(ctx context.Context, from, to time.Time, fn func(string, string, entente.VoteChoice)) error {
	for rc, vs := range f.votes {
		for c, v := range vs {
			fn(rc, c, v)
		}
	}
	return nil
}

func (f fakeBulk) ScanTieValues(ctx context.Context, kind entente.TieKind, from, to int, fn func(a, b string, year int, v float64)) error {
	for _, t := range f.ties {
		if t.Kind == kind && t.Year >= from && (to == 0 || t.Year <= to) {
			fn(t.A, t.B, t.Year, t.Value)
		}
	}
	return nil
}

func TestShareEdges(t *testing.T) {
	bulk := fakeBulk{ties: []entente.Tie{
		{Kind: entente.TieArmsTransfer, A: "RUS", B: "IND", Year: 2020, Value: 60},
		{Kind: entente.TieArmsTransfer, A: "FRA", B: "IND", Year: 2020, Value: 30},
		{Kind: entente.TieArmsTransfer, A: "USA", B: "IND", Year: 2019, Value: 10},
		{Kind: entente.TieArmsTransfer, A: "USA", B: "IND", Year: 2010, Value: 1000}, // outside the window
	}}
	got, err := shareEdges(context.Background(), bulk, entente.TieArmsTransfer, 2016, 2020, 0.25, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []NetworkEdge{{A: "IND", B: "FRA", Weight: 0.3}, {A: "IND", B: "RUS", Weight: 0.6}}
	if len(got) != len(want) {
		t.Fatalf("edges %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].A != want[i].A || got[i].B != want[i].B || abs(got[i].Weight-want[i].Weight) > 1e-9 {
			t.Errorf("edge %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestCommunities(t *testing.T) {
	// Two cliques joined by one weak edge are two blocs.
	var edges []NetworkEdge
	for _, g := range [][]string{{"A1", "A2", "A3", "A4"}, {"B1", "B2", "B3", "B4"}} {
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				edges = append(edges, NetworkEdge{A: g[i], B: g[j], Weight: 1})
			}
		}
	}
	edges = append(edges, NetworkEdge{A: "A1", B: "B1", Weight: 0.1})
	nodes, n, q := communities(edges)
	if n != 2 || q <= 0.3 {
		t.Fatalf("%d communities, modularity %.2f; want 2 blocs", n, q)
	}
	of := map[string]int{}
	for _, nd := range nodes {
		of[nd.Code] = nd.Community
	}
	for _, c := range []string{"A2", "A3", "A4"} {
		if of[c] != of["A1"] {
			t.Errorf("%s not with A1", c)
		}
	}
	if of["B1"] == of["A1"] {
		t.Error("the blocs merged")
	}
	if nodes, n, _ := communities(nil); len(nodes) != 0 || n != 0 {
		t.Errorf("empty graph: %v %d", nodes, n)
	}
}

func TestVoteEdges(t *testing.T) {
	votes := map[string]map[string]entente.VoteChoice{}
	for i, rc := range []string{"r1", "r2", "r3", "r4"} {
		no := entente.VoteNo
		if i == 3 {
			no = entente.VoteYes
		}
		votes[rc] = map[string]entente.VoteChoice{"USA": entente.VoteYes, "GBR": entente.VoteYes, "RUS": entente.VoteNo, "CHN": no}
	}
	got, err := voteEdges(context.Background(), fakeBulk{votes: votes}, 2015, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].A != "GBR" || got[0].B != "USA" {
		t.Errorf("edges %+v, want GBR–USA only (CHN–RUS agree on 3 of 4)", got)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

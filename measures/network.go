package measures

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"entente"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// Network ties: what links two states in a network view.
const (
	NetAlliance = "alliance" // an alliance in force that year (COW, ATOP)
	NetArms     = "arms"     // the supplier's share of the recipient's arms imports over the arms window, at least the threshold
	NetTrade    = "trade"    // the partner's share of the state's imports that year, at least the threshold
	NetVotes    = "votes"    // the share of identical UN votes in the session opening that year, at least the threshold
)

// NetworkTies lists the ties in the order menus show them, with the
// default threshold of each.
var NetworkTies = []string{NetAlliance, NetArms, NetTrade, NetVotes}

// DefaultThreshold is the threshold a network uses when none is given.
func DefaultThreshold(tie string) float64 {
	switch tie {
	case NetArms:
		return 0.25
	case NetTrade:
		return 0.10
	case NetVotes:
		return 0.95
	}
	return 0
}

// NetworkNode is a state in a network and the community (bloc) it falls in.
type NetworkNode struct {
	Code      string `json:"code"`
	Community int    `json:"community"`
	Degree    int    `json:"degree"`
}

// NetworkEdge links two states; for directed ties (arms, trade) A depends
// on B (A imports from B).
type NetworkEdge struct {
	A      string  `json:"a"`
	B      string  `json:"b"`
	Weight float64 `json:"weight"`
}

// Network is the graph of one tie in one year with its communities,
// found by Louvain modularity maximisation (gonum) on the undirected
// weighted graph with a fixed seed, so that the same data gives the same
// blocs.
type Network struct {
	Tie         string        `json:"tie"`
	Year        int           `json:"year"`
	Threshold   float64       `json:"threshold"`
	Nodes       []NetworkNode `json:"nodes"`
	Edges       []NetworkEdge `json:"edges"`
	Communities int           `json:"communities"`
	Modularity  float64       `json:"modularity"`
	Source      string        `json:"source"`
}

// Network builds the network of a tie in a year. Arms, trade and votes
// need the store's bulk reader (entente.BulkReader) and return
// ErrUnsupported without it; an unknown tie is ErrInvalid.
func (e *Engine) Network(ctx context.Context, tie string, year int, threshold float64) (Network, error) {
	n := Network{Tie: tie, Year: year, Threshold: threshold, Nodes: []NetworkNode{}, Edges: []NetworkEdge{}}
	bulk, _ := e.r.(entente.BulkReader)
	var err error
	switch tie {
	case NetAlliance:
		n.Edges, err = e.allianceEdges(ctx, year)
		n.Source = "COW and ATOP alliances in force"
	case NetArms, NetTrade, NetVotes:
		if bulk == nil {
			return n, fmt.Errorf("network %s: the store has no bulk reader: %w", tie, entente.ErrUnsupported)
		}
		switch tie {
		case NetArms:
			n.Edges, err = shareEdges(ctx, bulk, entente.TieArmsTransfer, year-e.cfg.ArmsWindow+1, year, threshold, true)
			n.Source = fmt.Sprintf("SIPRI TIV %d–%d", year-e.cfg.ArmsWindow+1, year)
		case NetTrade:
			n.Edges, err = shareEdges(ctx, bulk, entente.TieTradeFlow, year, year, threshold, false)
			n.Source = fmt.Sprintf("dyadic trade %d", year)
		default:
			n.Edges, err = voteEdges(ctx, bulk, year, threshold)
			n.Source = fmt.Sprintf("UN General Assembly session %d", YearSession(year))
		}
	default:
		return n, fmt.Errorf("network: unknown tie %q (want one of %v): %w", tie, NetworkTies, entente.ErrInvalid)
	}
	if err != nil {
		return n, fmt.Errorf("network %s %d: %w", tie, year, err)
	}
	n.Nodes, n.Communities, n.Modularity = communities(n.Edges)
	return n, nil
}

func (e *Engine) allianceEdges(ctx context.Context, year int) ([]NetworkEdge, error) {
	ties, err := e.r.Ties(ctx, entente.TieFilter{KindPrefix: "alliance.", FromYear: year, ToYear: year})
	if err != nil {
		return nil, err
	}
	mid := entente.Day(year, 7, 1)
	seen := map[[2]string]bool{}
	out := []NetworkEdge{}
	for _, t := range ties {
		if t.B == "" || t.A == t.B {
			continue
		}
		if t.Year != 0 && t.Year != year || t.Year == 0 && !t.Period.Contains(mid) {
			continue
		}
		k := [2]string{t.A, t.B}
		if k[0] > k[1] {
			k[0], k[1] = k[1], k[0]
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, NetworkEdge{A: k[0], B: k[1], Weight: 1})
	}
	sortEdges(out)
	return out, nil
}

// shareEdges links A to B when B's share of A's flows of the kind over
// the years is at least threshold. For arms rows A supplies B; for trade
// rows A imports from B.
func shareEdges(ctx context.Context, bulk entente.BulkReader, kind entente.TieKind, from, to int, threshold float64, supplierFirst bool) ([]NetworkEdge, error) {
	flows := map[[2]string]float64{}
	totals := map[string]float64{}
	err := bulk.ScanTieValues(ctx, kind, from, to, func(a, b string, _ int, v float64) {
		if a == "" || b == "" || a == b || v <= 0 {
			return
		}
		dep, on := a, b
		if supplierFirst {
			dep, on = b, a
		}
		flows[[2]string{dep, on}] += v
		totals[dep] += v
	})
	if err != nil {
		return nil, err
	}
	out := []NetworkEdge{}
	for k, v := range flows {
		if s := v / totals[k[0]]; s >= threshold {
			out = append(out, NetworkEdge{A: k[0], B: k[1], Weight: s})
		}
	}
	sortEdges(out)
	return out, nil
}

// voteEdges links states whose share of identical votes (yes, no or
// abstain) over the session's common roll calls is at least threshold;
// pairs with fewer than minCommonVotes common votes are left out.
func voteEdges(ctx context.Context, bulk entente.BulkReader, year int, threshold float64) ([]NetworkEdge, error) {
	from, to := time.Date(year, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(year+1, 9, 1, 0, 0, 0, 0, time.UTC)
	byRC := map[string]map[string]entente.VoteChoice{}
	err := bulk.ScanVotes(ctx, from, to, func(rc, country string, c entente.VoteChoice) {
		if c != entente.VoteYes && c != entente.VoteNo && c != entente.VoteAbstain {
			return
		}
		m := byRC[rc]
		if m == nil {
			m = map[string]entente.VoteChoice{}
			byRC[rc] = m
		}
		m[country] = c
	})
	if err != nil {
		return nil, err
	}
	type pair struct{ same, all int }
	pairs := map[[2]string]*pair{}
	for _, votes := range byRC {
		codes := make([]string, 0, len(votes))
		for c := range votes {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		for i, a := range codes {
			for _, b := range codes[i+1:] {
				p := pairs[[2]string{a, b}]
				if p == nil {
					p = &pair{}
					pairs[[2]string{a, b}] = p
				}
				p.all++
				if votes[a] == votes[b] {
					p.same++
				}
			}
		}
	}
	out := []NetworkEdge{}
	for k, p := range pairs {
		if p.all < minCommonVotes {
			continue
		}
		if s := float64(p.same) / float64(p.all); s >= threshold {
			out = append(out, NetworkEdge{A: k[0], B: k[1], Weight: s})
		}
	}
	sortEdges(out)
	return out, nil
}

func sortEdges(es []NetworkEdge) {
	sort.Slice(es, func(i, j int) bool {
		if es[i].A != es[j].A {
			return es[i].A < es[j].A
		}
		return es[i].B < es[j].B
	})
}

// communities finds the blocs of the undirected weighted graph of the
// edges (weights of both directions added).
func communities(edges []NetworkEdge) ([]NetworkNode, int, float64) {
	ids := map[string]int64{}
	var codes []string
	id := func(c string) int64 {
		if v, ok := ids[c]; ok {
			return v
		}
		ids[c] = int64(len(codes))
		codes = append(codes, c)
		return ids[c]
	}
	for _, e := range edges {
		id(e.A)
		id(e.B)
	}
	nodes := []NetworkNode{}
	if len(codes) == 0 {
		return nodes, 0, 0
	}
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for i := range codes {
		g.AddNode(simple.Node(int64(i)))
	}
	degree := make([]int, len(codes))
	for _, e := range edges {
		u, v := simple.Node(ids[e.A]), simple.Node(ids[e.B])
		w := e.Weight
		if old := g.WeightedEdge(u.ID(), v.ID()); old != nil {
			w += old.Weight()
		} else {
			degree[u]++
			degree[v]++
		}
		g.SetWeightedEdge(g.NewWeightedEdge(u, v, w))
	}
	reduced := community.Modularize(g, 1, rand.NewPCG(1, 2))
	comms := reduced.Communities()
	// Number communities largest first, then by their first code, so
	// that colours are stable between runs.
	sort.SliceStable(comms, func(i, j int) bool {
		if len(comms[i]) != len(comms[j]) {
			return len(comms[i]) > len(comms[j])
		}
		return minCode(comms[i], codes) < minCode(comms[j], codes)
	})
	for ci, c := range comms {
		for _, nd := range c {
			nodes = append(nodes, NetworkNode{Code: codes[nd.ID()], Community: ci, Degree: degree[nd.ID()]})
		}
	}
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].Code < nodes[j].Code })
	return nodes, len(comms), community.Q(g, comms, 1)
}

func minCode(ns []graph.Node, codes []string) string {
	m := ""
	for _, n := range ns {
		if c := codes[n.ID()]; m == "" || c < m {
			m = c
		}
	}
	return m
}

// minCommonVotes is the least number of common votes that makes a voting
// agreement an edge: fewer say little about a pair.
const minCommonVotes = 3

package coder_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"entente/coder"
	"entente/coder/codertest"
)

// groupCoder codes through the built-in registry with group expansion
// switched as asked.
func groupCoder(t *testing.T, expand bool) *coder.Coder {
	t.Helper()
	realCoderFor(t) // loads the registry once
	cfg := coder.DefaultConfig()
	cfg.ExpandGroups = expand
	c, err := coder.New(cfg, realReg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// viaSides lists, for the events expanded through a group, the expanded
// side's country, sorted.
func viaSides(evs []coder.Extracted, group string, source bool) []string {
	var out []string
	for _, e := range evs {
		if e.Via != group {
			continue
		}
		if source && e.Source != nil {
			out = append(out, e.Source.Country)
		}
		if !source && e.Target != nil {
			out = append(out, e.Target.Country)
		}
	}
	slices.Sort(out)
	return out
}

func TestCoder_ExpandGroups(t *testing.T) {
	c := groupCoder(t, true)
	tests := []struct {
		name   string
		text   string
		date   string
		group  string
		source bool     // the group is the source (else the target)
		want   []string // member countries expanded, sorted
	}{
		{"ASEAN before Vietnam joined", "ASEAN condemned China.", "1995-07-27", "ASEAN", true,
			[]string{"BRN", "IDN", "MYS", "PHL", "SGP", "THA"}},
		{"ASEAN on Vietnam's accession day", "ASEAN condemned China.", "1995-07-28", "ASEAN", true,
			[]string{"BRN", "IDN", "MYS", "PHL", "SGP", "THA", "VNM"}},
		{"ASEAN in 2024: ten members, Timor-Leste an observer", "ASEAN condemned China.", "2024-06-01", "ASEAN", true,
			[]string{"BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"}},
		{"the Quad", "The Quad criticized China.", "2023-05-20", "QUAD", true,
			[]string{"AUS", "IND", "JPN", "USA"}},
		{"the Quad lapsed in 2010", "The Quad criticized China.", "2010-01-01", "", true, nil},
		{"BRICS before the 2024 enlargement", "BRICS criticized the United States.", "2023-12-31", "BRICS", true,
			[]string{"BRA", "CHN", "IND", "RUS", "ZAF"}},
		{"BRICS after the 2024 enlargement", "BRICS criticized the United States.", "2024-01-01", "BRICS", true,
			[]string{"ARE", "BRA", "CHN", "EGY", "ETH", "IND", "IRN", "RUS", "ZAF"}},
		{"a group as target", "Russia criticized the G7.", "2024-06-01", "G7", false,
			[]string{"CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA"}},
		{"no self-dyad: ASEAN urging a member", "ASEAN urged Myanmar to end the violence.", "2024-06-01", "ASEAN", true,
			[]string{"BRN", "IDN", "KHM", "LAO", "MYS", "PHL", "SGP", "THA", "VNM"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := code(t, c, tt.text, tt.date)
			if len(evs) == 0 {
				t.Fatalf("no events for %q", tt.text)
			}
			if tt.group == "" {
				for _, e := range evs {
					if e.Via != "" {
						t.Errorf("event expanded via %s on %s, want none", e.Via, tt.date)
					}
				}
				return
			}
			got := viaSides(evs, tt.group, tt.source)
			if !slices.Equal(got, tt.want) {
				t.Errorf("members of %s on %s = %v, want %v", tt.group, tt.date, got, tt.want)
			}
			// The group event itself stays, first, with no Via; every
			// member event keeps its act, qualifiers and evidence.
			g := evs[0]
			if g.Via != "" {
				t.Errorf("first event is expanded (via %s); want the group event first", g.Via)
			}
			for _, e := range evs[1:] {
				if e.Via == "" {
					continue
				}
				if e.CAMEO != g.CAMEO || e.Start != g.Start || e.End != g.End || e.Negated != g.Negated || e.Modality != g.Modality {
					t.Errorf("member event %+v differs from its group event %+v beyond the actor", e, g)
				}
				if e.Source != nil && e.Target != nil && e.Source.Country == e.Target.Country {
					t.Errorf("self-dyad %s → %s via %s", e.Source.Code, e.Target.Code, e.Via)
				}
			}
		})
	}
}

func TestCoder_ExpandGroupsOff(t *testing.T) {
	evs := code(t, groupCoder(t, false), "The G7 condemned Russia.", "2024-06-01")
	if len(evs) != 1 || evs[0].Via != "" {
		t.Errorf("with expansion off: %d events (%v), want the group event alone", len(evs), summary(evs))
	}
}

// A resolver that cannot list members (the test resolver) leaves group
// events as they are.
func TestCoder_ExpandGroupsWithoutMembers(t *testing.T) {
	c, err := coder.New(coder.DefaultConfig(), codertest.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range code(t, c, "NATO condemned Russia.", "2024-06-01") {
		if e.Via != "" {
			t.Errorf("event expanded via %s through a resolver without members", e.Via)
		}
	}
}

// The jsonl record of a member event carries "via"; a plain event has no
// such key, so the contract only grows.
func TestExtracted_MarshalJSONVia(t *testing.T) {
	evs := code(t, groupCoder(t, true), "The G7 condemned Russia.", "2024-06-01")
	var buf bytes.Buffer
	if err := coder.WriteJSONL(&buf, evs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 8 {
		t.Fatalf("%d jsonl lines, want the G7 event and 7 member events:\n%s", len(lines), buf.String())
	}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		via, has := m["via"]
		if i == 0 && has {
			t.Errorf("group event has via %v", via)
		}
		if i > 0 && via != "G7" {
			t.Errorf("line %d: via = %v, want G7", i, via)
		}
	}
	var first map[string]any
	_ = json.Unmarshal([]byte(lines[1]), &first)
	src, _ := first["source"].(map[string]any)
	g7 := []string{"CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA"}
	if country, _ := src["country"].(string); src["text"] != "G7" || !slices.Contains(g7, country) {
		t.Errorf("member source = %v, want a G7 state quoting the words \"G7\"", src)
	}
}

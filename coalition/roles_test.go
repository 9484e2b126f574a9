package coalition

import (
	"slices"
	"testing"
	"time"

	"entente"
)

// TestFeaturizer_InferRoles checks the targets and beneficiaries read from
// a recorded roll call's title when no analogue says how the named states
// voted: a country examined is a target, a state a situation is in or a
// place belongs to is a beneficiary, and neither a verbatim record of the
// President's words nor a list of states gives any.
func TestFeaturizer_InferRoles(t *testing.T) {
	tests := []struct {
		name, title     string
		targets, benefs []string
	}{
		{"human rights examined", "Situation of human rights in the Islamic Republic of Iran", []string{"IRN"}, nil},
		{"situation supported", "The situation in Afghanistan", nil, []string{"AFG"}},
		{"embargo against", "Necessity of ending the economic, commercial and financial embargo imposed by the United States of America against Cuba", []string{"USA"}, []string{"CUB"}},
		{"place of a state", "Situation of human rights in the Autonomous Republic of Crimea and the city of Sevastopol (Ukraine)", nil, []string{"UKR"}},
		{"verbatim record", "The Acting President: May I take it that the Assembly wishes to adopt the draft submitted by Norway and Senegal?", nil, nil},
		{"list of states", "Amendment by Argentina, Chile, Mexico, Norway and Senegal", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newSilenceHistory(t)
			r := silenceAddRC(t, h, "r1", entente.Day(2018, time.December, 6), nil)
			h.rcs[r].Title = tt.title
			f := newFeaturizer(h, DefaultConfig())
			targets, benefs := f.inferRoles(r, nil)
			codes := func(xs []int) []string {
				var out []string
				for _, x := range xs {
					out = append(out, h.codes[x])
				}
				return out
			}
			if got := codes(targets); !slices.Equal(got, tt.targets) {
				t.Errorf("targets = %v, want %v", got, tt.targets)
			}
			if got := codes(benefs); !slices.Equal(got, tt.benefs) {
				t.Errorf("beneficiaries = %v, want %v", got, tt.benefs)
			}
		})
	}
}

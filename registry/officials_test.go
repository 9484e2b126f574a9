package registry

import (
	"slices"
	"strings"
	"testing"

	"entente"
)

// uncoveredHeads names the UN members whose head of state or government
// is deliberately not listed on the coverage day, with the reason. Every
// other member must have both on that day.
var uncoveredHeads = map[string]string{
	"AND/head_of_state": "the co-princes are the French president and the Bishop of Urgell; listing Macron here would make his name ambiguous",
	"SMR/head_of_state": "the two Captains Regent change every six months",
	"LBN/head_of_state": "the presidency was vacant from 2022-10-31 to 2025-01-09",
}

// TestRegistry_OfficialsCoverage checks, with the registry's own date
// logic (OfficesOn), that every UN member has a head of state and a head of
// government on a day in the middle of the period the news is read for.
func TestRegistry_OfficialsCoverage(t *testing.T) {
	r := embedded(t)
	on := d("2024-06-01")
	members := 0
	for _, a := range r.Actors() {
		if a.Kind != entente.KindState || a.UN != entente.UNMember || !a.ValidOn(on) {
			continue
		}
		members++
		held := map[entente.OfficeRole]bool{}
		for _, o := range r.OfficesOn(a.Code, on) {
			held[o.Role] = true
		}
		for _, role := range []entente.OfficeRole{entente.HeadOfState, entente.HeadOfGovernment} {
			key := a.Code + "/" + string(role)
			if _, excused := uncoveredHeads[key]; excused {
				if held[role] {
					t.Errorf("%s is listed as uncovered but has a holder on %s: remove the exception", key, on.Format(entente.DateLayout))
				}
				continue
			}
			if !held[role] {
				t.Errorf("%s (%s) has no %s on %s", a.Code, a.Name, role, on.Format(entente.DateLayout))
			}
		}
	}
	if members != 193 {
		t.Errorf("found %d UN members valid on %s, want 193", members, on.Format(entente.DateLayout))
	}
}

// TestRegistry_OfficialResolution checks dated resolutions of the offices
// beyond heads and foreign ministers: a name resolves to its state, with
// the role its office implies, only within the term.
func TestRegistry_OfficialResolution(t *testing.T) {
	r := embedded(t)
	tests := []struct {
		name  string
		text  string
		on    string
		actor string       // "" = no leader mention at all
		role  entente.Role // CAMEO role of the mention
		why   string       // words the explanation must hold
	}{
		{"Austin defence 2022", "Lloyd Austin", "2022-03-01", "USA", entente.RoleGOV, "defence minister"},
		{"Austin before his term", "Lloyd Austin", "2019-03-01", "", "", ""},
		{"Shoigu defence 2023", "Shoigu", "2023-06-01", "RUS", entente.RoleGOV, "defence minister"},
		{"Shoigu 2024-06 not defence", "Shoigu", "2024-06-01", "", "", ""},
		{"Belousov defence 2024-06", "Belousov", "2024-06-01", "RUS", entente.RoleGOV, "defence minister"},
		{"Zakharova spokesperson", "Maria Zakharova", "2022-03-01", "RUS", entente.RoleGOV, "foreign ministry spokesperson"},
		{"Gerasimov service chief", "Gerasimov", "2022-03-01", "RUS", entente.RoleMIL, "service chief"},
		{"Zaluzhnyi service chief 2023", "Zaluzhnyi", "2023-01-01", "UKR", entente.RoleMIL, "service chief"},
		{"Syrskyi service chief 2024-06", "Syrskyi", "2024-06-01", "UKR", entente.RoleMIL, "service chief"},
		{"Mao Ning spokesperson", "Mao Ning", "2023-06-01", "CHN", entente.RoleGOV, "foreign ministry spokesperson"},
		{"Kagame head of state", "Kagame", "2024-06-01", "RWA", entente.RoleGOV, "head of state"},
		{"Nehammer after his term", "Karl Nehammer", "2025-06-01", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := r.FindMentions(tt.text, d(tt.on), nil)
			var leaders []entente.Mention
			for _, m := range ms {
				if m.Kind == entente.NameLeader {
					leaders = append(leaders, m)
				}
			}
			if tt.actor == "" {
				if len(leaders) != 0 {
					t.Errorf("FindMentions(%q, %s) = %s, want no leader mention", tt.text, tt.on, describe(leaders))
				}
				return
			}
			if len(leaders) != 1 || leaders[0].Actor != tt.actor || leaders[0].Role != tt.role || !strings.Contains(leaders[0].Why, tt.why) {
				t.Errorf("FindMentions(%q, %s) = %s, want one %s%s mention whose reason says %q", tt.text, tt.on, describe(ms), tt.actor, tt.role, tt.why)
			}
		})
	}
}

// officialStates counts, per office, the states holding it on one day;
// the closing note reports these figures (go test -run OfficialCounts -v).
func TestRegistry_OfficialCounts(t *testing.T) {
	r := embedded(t)
	for _, day := range []string{"2018-01-01", "2024-06-01", "2026-11-30"} {
		on := d(day)
		counts := map[entente.OfficeRole][]string{}
		for _, a := range r.Actors() {
			if a.Kind != entente.KindState || !a.ValidOn(on) {
				continue
			}
			for _, o := range r.OfficesOn(a.Code, on) {
				if !slices.Contains(counts[o.Role], a.Code) {
					counts[o.Role] = append(counts[o.Role], a.Code)
				}
			}
		}
		for _, role := range officeRoles {
			t.Logf("%s %-18s %3d states", day, role, len(counts[role]))
		}
	}
	if len(r.Data().Offices) == 0 {
		t.Fatal("no offices loaded")
	}
}

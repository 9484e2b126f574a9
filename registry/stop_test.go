package registry

import (
	"strings"
	"testing"

	"entente"
)

// TestRegistry_FindMentionsNotActors checks the phrases that contain an
// actor's name without naming it, and lower-case words that spell one.
func TestRegistry_FindMentionsNotActors(t *testing.T) {
	r := embedded(t)
	on := entente.Day(2024, 11, 1)
	cases := []struct {
		text string
		want string // actor codes of the mentions, space-separated
	}{
		{"Trade with Latin America grew", ""},
		{"Ships crossed the Indian Ocean", ""},
		{"African American voters turned out", ""},
		{"Patrols in the South China Sea increased while China protested", "CHN"},
		{"a male soldier and a turkey dinner", ""},
		{"The Indian government and Latin American states", "IND"},
		{"Male announced a new policy", "MDV"},
		{"The Washington Post reported that Washington disagreed", "USA"},
		{"Mexico City and the Gulf of Mexico", "MEX"},
		{"von der Leyen met Xi Jinping", "EU CHN"},
		{"the Korean Peninsula and North Korea", "PRK"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			var got []string
			for _, m := range r.FindMentions(c.text, on, nil) {
				got = append(got, m.Actor)
			}
			if s := strings.Join(got, " "); s != c.want {
				t.Errorf("FindMentions(%q) actors = %q, want %q", c.text, s, c.want)
			}
		})
	}
}

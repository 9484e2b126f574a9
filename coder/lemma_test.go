package coder

import "testing"

func TestDict_LemmaID(t *testing.T) {
	d, err := LoadDict(nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		form, want string // want "" means no lemma of the dictionary
	}{
		{"panicked", ""},          // "panic" is no verb of the dictionary
		{"condemning", "condemn"}, // known already, but a lemma all the same
		{"seizes", "seize"},
		{"allied", ""},
		{"given", ""}, // excluded by "give/v!given": never brought back
		{"xylophones", ""},
		{"cat", ""}, // too short to read as an inflection
	}
	for _, tc := range cases {
		t.Run(tc.form, func(t *testing.T) {
			got := ""
			if id := d.lemmaID(tc.form); id > 0 {
				got = d.words[id]
			}
			if got != tc.want {
				t.Errorf("lemmaID(%q) = %q, want %q", tc.form, got, tc.want)
			}
		})
	}
}

func TestLemmaCandidates(t *testing.T) {
	irr := irregularLemmas(map[string]irregular{"seek": {past: []string{"sought"}, part: []string{"sought"}}})
	cases := []struct {
		form string
		want string // a lemma that must be among the candidates
	}{
		{"sought", "seek"},
		{"banned", "ban"},
		{"cancelled", "cancel"},
		{"seized", "seize"},
		{"agreed", "agree"},
		{"denying", "deny"},
		{"panicking", "panic"},
		{"trafficked", "traffic"},
		{"reaches", "reach"},
		{"allies", "ally"},
		{"bombing", "bomb"},
	}
	for _, tc := range cases {
		t.Run(tc.form, func(t *testing.T) {
			got := lemmaCandidates(tc.form, irr)
			for _, g := range got {
				if g == tc.want {
					return
				}
			}
			t.Errorf("lemmaCandidates(%q) = %v, want %q among them", tc.form, got, tc.want)
		})
	}
}

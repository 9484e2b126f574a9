package coalition

import (
	"testing"

	"entente"
)

// TestRollCallText reads one resolution in each source's layout: its own
// title and headings come out, the agenda entry and the Digital Library's
// suffix do not.
func TestRollCallText(t *testing.T) {
	tests := []struct {
		name            string
		rc              entente.RollCall
		wantText, title string
	}{
		{
			name:     "digital library title with a UNBIS heading",
			rc:       entente.RollCall{Short: "AFGHANISTAN SITUATION", Title: "The situation in Afghanistan : resolution / adopted by the General Assembly"},
			wantText: "AFGHANISTAN SITUATION The situation in Afghanistan",
			title:    "The situation in Afghanistan",
		},
		{
			name: "agenda entry of sessions 71-73",
			rc: entente.RollCall{Short: "The situation in Afghanistan : resolution / adopted by the General Assembly",
				Title: "A/73/251 40 - The situation in Afghanistan. - AFGHANISTAN SITUATION"},
			wantText: "The situation in Afghanistan AFGHANISTAN SITUATION",
			title:    "The situation in Afghanistan",
		},
		{
			name:     "agenda entry naming another item",
			rc:       entente.RollCall{Short: "Division for Palestinian Rights of the Secretariat", Title: "A/73/251 39 - Question of Palestine. - PALESTINE QUESTION"},
			wantText: "Division for Palestinian Rights of the Secretariat PALESTINE QUESTION",
			title:    "Division for Palestinian Rights of the Secretariat",
		},
		{
			name:     "the UN's own files",
			rc:       entente.RollCall{Short: "The situation in Afghanistan", Title: "The situation in Afghanistan", Subjects: []string{"Governance", "Afghanistan Situation", "127n"}},
			wantText: " The situation in Afghanistan Governance Afghanistan Situation 127n",
			title:    "The situation in Afghanistan",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, title := rollCallText(tt.rc)
			if text != tt.wantText || title != tt.title {
				t.Errorf("rollCallText = %q, %q; want %q, %q", text, title, tt.wantText, tt.title)
			}
		})
	}
}

// TestTokens_DropNumbers keeps document symbols and agenda items out of
// the terms: they differ between repeats of one resolution.
func TestTokens_DropNumbers(t *testing.T) {
	got := tokens("a/73/251 101hh - Nuclear disarmament 2013 covid-19")
	want := []string{"nuclear", "disarmament", "covid"}
	if len(got) != len(want) {
		t.Fatalf("tokens = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("tokens = %q, want %q", got, want)
		}
	}
}

// TestHistory_InheritIssues gives a roll call without issue codes those of
// the latest earlier roll call with a title alike enough, and never those
// of a later one or of another subject.
func TestHistory_InheritIssues(t *testing.T) {
	rc := func(day int32, issues uint8, terms ...int32) rollCall {
		return rollCall{day: day, issues: issues, titleTerms: terms}
	}
	tests := []struct {
		name string
		rcs  []rollCall
		want []uint8
	}{
		{"repeat takes the codes", []rollCall{rc(1, 0b10, 1, 2, 3), rc(2, 0, 1, 2, 3)}, []uint8{0b10, 0b10}},
		{"the latest of equal matches", []rollCall{rc(1, 0b01, 1, 2, 3), rc(2, 0b10, 1, 2, 3), rc(3, 0, 1, 2, 3)}, []uint8{0b01, 0b10, 0b10}},
		{"the closest title before the latest", []rollCall{rc(1, 0b01, 1, 2, 3), rc(2, 0b10, 1, 2, 4), rc(3, 0, 1, 2, 3)}, []uint8{0b01, 0b10, 0b01}},
		{"another subject stays without", []rollCall{rc(1, 0b10, 1, 2, 3), rc(2, 0, 4, 5, 6)}, []uint8{0b10, 0}},
		{"a later roll call is never read", []rollCall{rc(1, 0, 1, 2, 3), rc(2, 0b10, 1, 2, 3)}, []uint8{0, 0b10}},
		{"nor one of the same day", []rollCall{rc(1, 0b10, 1, 2, 3), rc(1, 0, 1, 2, 3)}, []uint8{0b10, 0}},
		{"one word changed of five", []rollCall{rc(1, 0b10, 1, 2, 3, 4, 5), rc(2, 0, 1, 2, 3, 4, 6)}, []uint8{0b10, 0b10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &History{rcs: tt.rcs}
			h.inheritIssues(DefaultConfig().IssueTitleMatch)
			for i, r := range h.rcs {
				if r.issues != tt.want[i] {
					t.Errorf("roll call %d: issues %b, want %b", i, r.issues, tt.want[i])
				}
			}
		})
	}
}

package registry

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"entente"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // tokens as word[flags] separated by spaces; flags: p possessive, a abbreviation; gap before as -, ., ,, or | (other)
	}{
		{"plain", "China and Russia", "china _and _russia"},
		{"abbreviation kept whole at sentence end", "the U.S. Then", "the _us[a] _then"},
		{"abbreviation of three", "the U.S.S.R. fell", "the _ussr[a] _fell"},
		{"single initial is no abbreviation", "J. Smith", "j .smith"},
		{"possessive", "Russia's army", "russia[p] _army"},
		{"curly possessive", "Russia’s army", "russia[p] _army"},
		{"plural possessive", "the Philippines' navy", "the _philippines[p] _navy"},
		{"closing quote is no possessive", "'the Philippines', said", "the _philippines |said"},
		{"apostrophe inside a word", "Côte d’Ivoire", "cote _d'ivoire"},
		{"hyphen joins", "Guinea-Bissau", "guinea _bissau"},
		{"comma gap", "Washington, D.C.", "washington ,dc[a]"},
		{"period gap", "St. Lucia", "st .lucia"},
		{"paragraph break", "China\n\nRussia", "china |russia"},
		{"digits", "G20 and 10,000", "g20 _and _10 ,000"},
		{"accents", "Türkiye São Tomé", "turkiye _sao _tome"},
		{"abbreviation possessive", "the U.S.'s view", "the _us[ap] _view"},
		{"other scripts", "Россия и 中国", "россия _и _中国"},
		{"combining accents", "Sa\u0303o Tome\u0301", "sao _tome"},
		{"combining accent after s is no possessive", "x’s\u0301 y", "x's _y"},
	}
	v := newVocab()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, _ := v.tokenize(tt.in, nil, nil, true)
			var parts []string
			for i, tk := range toks {
				var sb strings.Builder
				if i > 0 {
					sb.WriteString(map[uint8]string{gapJoin: "_", gapPeriod: ".", gapComma: ",", gapOther: "|"}[gapBefore(tt.in, toks, i)])
				}
				sb.WriteString(v.words[tk.id])
				flags := ""
				if tk.abbr {
					flags += "a"
				}
				if tk.poss {
					flags += "p"
				}
				if flags != "" {
					sb.WriteString("[" + flags + "]")
				}
				parts = append(parts, sb.String())
				if tk.start < 0 || int(tk.end) > len(tt.in) || tk.start >= tk.end || tk.possEnd < tk.end || int(tk.possEnd) > len(tt.in) {
					t.Errorf("token %d bounds %d..%d..%d out of order", i, tk.start, tk.end, tk.possEnd)
				}
			}
			if got := strings.Join(parts, " "); got != tt.want {
				t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if len(latinFold) != 0x180-0xC0 {
		t.Errorf("latinFold has %d entries, want %d", len(latinFold), 0x180-0xC0)
	}
}

// mentionCase is one resolution expectation: the mentions found in text on
// a day, written as "text=CODE" with optional "/actor", "+poss" and
// "@country" markers checked where given.
type mentionCase struct {
	name string
	text string
	on   string
	want []string
}

var mentionCases = []mentionCase{
	{"leader in term", "Duterte ordered the coast guard out.", "2020-01-01", []string{"Duterte=PHLGOV"}},
	{"leader out of term", "Duterte ordered the coast guard out.", "2023-01-01", nil},
	{"Moscow on the last Soviet day", "Moscow protested.", "1991-12-25", []string{"Moscow=SUNGOV"}},
	{"Moscow on the first Russian day", "Moscow protested.", "1991-12-26", []string{"Moscow=RUSGOV"}},
	{"Kremlin on the last Soviet day", "A statement from the Kremlin followed.", "1991-12-25", []string{"Kremlin=SUNGOV"}},
	{"Kremlin on the first Russian day", "A statement from the Kremlin followed.", "1991-12-26", []string{"Kremlin=RUSGOV"}},
	{"Czechoslovakia before the split", "Czechoslovakia and Slovakia", "1992-12-31", []string{"Czechoslovakia=CSK"}},
	{"Czechoslovakia after the split", "Czechoslovakia and Slovakia", "1993-01-01", []string{"Slovakia=SVK"}},
	{"Prague before and after", "Prague objected.", "1992-12-31", []string{"Prague=CSKGOV"}},
	{"Prague after the split", "Prague objected.", "1993-01-01", []string{"Prague=CZEGOV"}},
	{"South Sudan before independence", "Juba and Khartoum talked.", "2011-07-08", []string{"Khartoum=SDNGOV"}},
	{"South Sudan from independence", "South Sudan and Sudan signed.", "2011-07-09", []string{"South Sudan=SSD", "Sudan=SDN"}},
	{"Sanaa in North Yemen", "Sanaa refused.", "1990-05-21", []string{"Sanaa=YEMGOV/YAR@YEM"}},
	{"Sanaa in unified Yemen", "Sanaa refused.", "1990-05-22", []string{"Sanaa=YEMGOV/YEM@YEM"}},
	{"Aden in South Yemen", "Aden refused.", "1990-05-21", []string{"Aden=YMDGOV@YMD"}},
	{"Montenegro before independence", "Montenegro voted.", "2006-06-02", nil},
	{"Montenegro independent", "Montenegro voted.", "2006-06-03", []string{"Montenegro=MNE"}},
	{"Belgrade before Serbia", "Belgrade objected.", "2006-06-04", []string{"Belgrade=SCGGOV/YUG@SCG"}},
	{"Belgrade after Serbia", "Belgrade objected.", "2006-06-05", []string{"Belgrade=SRBGOV"}},
	{"demonym with role after", "Ships of the Chinese coast guard fired water cannon.", "2024-03-05", []string{"Chinese coast guard=CHNMIL"}},
	{"possessive capital", "Pyongyang's deployment of troops", "2024-11-01", []string{"Pyongyang's=PRKGOV+poss"}},
	{"possessive name with role", "Russia's foreign ministry said", "2024-11-01", []string{"Russia's foreign ministry=RUSGOV+poss"}},
	{"demonym troops", "North Korean troops arrived in Kursk.", "2024-11-01", []string{"North Korean troops=PRKMIL"}},
	{"role before", "the government of China declined", "2024-11-01", []string{"government of China=CHNGOV"}},
	{"armed forces before", "the armed forces of Russia advanced", "2024-11-01", []string{"armed forces of Russia=RUSMIL"}},
	{"list", "The US, Australia and Japan issued a joint statement.", "2024-01-01", []string{"US=USA", "Australia=AUS", "Japan=JPN"}},
	{"abbreviation at sentence end", "The talks were held in the U.S. China did not attend.", "2024-01-01", []string{"U.S.=USA", "China=CHN"}},
	{"short names need capitals", "He told us the un-run camp was closed.", "2024-01-01", nil},
	{"formal name", "the Democratic People's Republic of Korea", "2024-01-01", []string{"Democratic People's Republic of Korea=PRK"}},
	{"hyphenated name beats its first word", "Guinea-Bissau and Guinea", "2024-01-01", []string{"Guinea-Bissau=GNB", "Guinea=GIN"}},
	{"accent-free spelling", "Cote d'Ivoire", "2024-01-01", []string{"Cote d'Ivoire=CIV"}},
	{"organisation", "NATO and ASEAN", "2024-01-01", []string{"NATO=/NATO@", "ASEAN=/ASEAN@"}},
	{"organisation with role", "NATO troops crossed", "2024-01-01", []string{"NATO troops=/NATO@"}},
	{"Kosovo has no iso3", "Kosovo declared independence.", "2008-02-17", []string{"Kosovo=KSV@XKX"}},
}

// checkMentions compares found mentions with the case and checks the
// invariants every result must keep.
func checkMentions(t *testing.T, r *Registry, tc mentionCase) {
	t.Helper()
	ms := r.FindMentions(tc.text, d(tc.on), nil)
	checkInvariants(t, tc.text, ms)
	var got []string
	for _, m := range ms {
		got = append(got, m.Text+"="+m.Code)
	}
	if len(ms) != len(tc.want) {
		t.Fatalf("FindMentions(%q, %s) = %q, want %q\n%s", tc.text, tc.on, got, tc.want, describe(ms))
	}
	for i, w := range tc.want {
		m := ms[i]
		text, rest, _ := strings.Cut(w, "=")
		code := rest
		wantPoss := false
		country, actor := "", ""
		if c, p, ok := strings.Cut(code, "@"); ok {
			code, country = c, p
			if country == "" {
				country = "-"
			}
		}
		if c, ok := strings.CutSuffix(code, "+poss"); ok {
			code, wantPoss = c, true
		}
		if c, a, ok := strings.Cut(code, "/"); ok {
			code, actor = c, a
		}
		if m.Text != text || code != "" && m.Code != code || m.Possessive != wantPoss {
			t.Errorf("mention %d = %q %s poss=%v, want %q %s poss=%v", i, m.Text, m.Code, m.Possessive, text, code, wantPoss)
		}
		if actor != "" && m.Actor != actor {
			t.Errorf("mention %d actor %s, want %s", i, m.Actor, actor)
		}
		switch {
		case country == "-" && m.Country != "":
			t.Errorf("mention %d country %q, want none", i, m.Country)
		case country != "" && country != "-" && m.Country != country:
			t.Errorf("mention %d country %q, want %q", i, m.Country, country)
		}
		if m.Why == "" || m.Kind == "" {
			t.Errorf("mention %d lacks Why or Kind: %+v", i, m)
		}
	}
}

func describe(ms []entente.Mention) string {
	var sb strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&sb, "  [%d:%d] %q %s %s %s poss=%v: %s\n", m.Start, m.End, m.Text, m.Actor, m.Code, m.Kind, m.Possessive, m.Why)
	}
	return sb.String()
}

// checkInvariants holds for any text: spans in bounds, matching Text, in
// order and not overlapping.
func checkInvariants(t testing.TB, text string, ms []entente.Mention) {
	t.Helper()
	prev := 0
	for i, m := range ms {
		if m.Start < prev || m.End <= m.Start || m.End > len(text) {
			t.Fatalf("mention %d span %d..%d out of order or bounds (previous end %d, text %d bytes)", i, m.Start, m.End, prev, len(text))
		}
		if m.Text != text[m.Start:m.End] {
			t.Fatalf("mention %d text %q differs from span %q", i, m.Text, text[m.Start:m.End])
		}
		if m.Actor == "" || m.Code == "" {
			t.Fatalf("mention %d lacks actor or code: %+v", i, m)
		}
		prev = m.End
	}
}

func TestRegistry_FindMentions(t *testing.T) {
	registries(t, func(t *testing.T, r *Registry) {
		for _, tc := range mentionCases {
			t.Run(tc.name, func(t *testing.T) { checkMentions(t, r, tc) })
		}
	})
}

func TestRegistry_FindMentionsWhy(t *testing.T) {
	r := mini(t)
	tests := []struct {
		text, on, want string
	}{
		{"Duterte", "2020-01-01", "Rodrigo Duterte, head of state of PHL 2016-06-30..2022-06-30"},
		{"Pyongyang", "2020-01-01", "capital of North Korea, taken as its government"},
		{"the Kremlin", "2020-01-01", "the Kremlin: metonym for the government of Russia"},
		{"Chinese", "2020-01-01", "demonym of China"},
		{"Filipinos", "2020-01-01", "demonym of Philippines (plural)"},
		{"the Chinese coast guard", "2020-01-01", "demonym of China; 'coast guard' marks its military"},
		{"the Pentagon", "2020-01-01", "the Pentagon: institution of United States, taken as its military"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ms := r.FindMentions(tt.text, d(tt.on), nil)
			if len(ms) != 1 || ms[0].Why != tt.want {
				t.Errorf("FindMentions(%q) = \n%s want one with Why %q", tt.text, describe(ms), tt.want)
			}
		})
	}
}

// TestRegistry_FindMentionsRoles checks roles and the codes they make:
// states take the role as a suffix, organisations keep their bare CAMEO
// code.
func TestRegistry_FindMentionsRoles(t *testing.T) {
	r := mini(t)
	tests := []struct {
		text string
		role entente.Role
		code string
	}{
		{"the Chinese coast guard", entente.RoleMIL, "CHNMIL"},
		{"Beijing", entente.RoleGOV, "CHNGOV"},
		{"China", entente.RoleNone, "CHN"},
		{"the Pentagon", entente.RoleMIL, "USAMIL"},
		{"NATO troops", entente.RoleMIL, "IGOWSTNAT"},
		{"ASEAN", entente.RoleNone, "ASEAN"},
		{"Xi", entente.RoleGOV, "CHNGOV"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ms := r.FindMentions(tt.text, d("2024-01-01"), nil)
			if len(ms) != 1 || ms[0].Role != tt.role || ms[0].Code != tt.code {
				t.Errorf("FindMentions(%q) =\n%s want role %q code %s", tt.text, describe(ms), tt.role, tt.code)
			}
		})
	}
}

// TestRegistry_FindMentionsDatedCapitals checks that a capital dated in
// names.tsv replaces the undated one derived from states.tsv.
func TestRegistry_FindMentionsDatedCapitals(t *testing.T) {
	r := mini(t)
	tests := []struct {
		text, on, want string
	}{
		{"Berlin", "1980-01-01", ""},
		{"Berlin", "2000-01-01", "DEUGOV"},
		{"Bonn", "1980-01-01", "DEUGOV"},
		{"Bonn", "2000-01-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text+"/"+tt.on, func(t *testing.T) {
			ms := r.FindMentions(tt.text, d(tt.on), nil)
			got := ""
			if len(ms) == 1 {
				got = ms[0].Code
			}
			if len(ms) > 1 || got != tt.want {
				t.Errorf("FindMentions(%q, %s) =\n%s want %q", tt.text, tt.on, describe(ms), tt.want)
			}
		})
	}
}

func TestRegistry_FindMentionsUndated(t *testing.T) {
	r := mini(t)
	tests := []struct {
		text string
		want string
	}{
		{"Moscow", "RUSGOV"},             // current holder of the capital
		{"Putin", "RUSGOV"},              // current term first
		{"Gorbachev", "SUNGOV"},          // only term, though past
		{"Serbia and Montenegro", "SCG"}, // only sense, though past
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ms := r.FindMentions(tt.text, time.Time{}, nil)
			if len(ms) != 1 || ms[0].Code != tt.want {
				t.Errorf("FindMentions(%q, undated) =\n%s want %s", tt.text, describe(ms), tt.want)
			}
		})
	}
}

func TestRegistry_FindMentionsAppends(t *testing.T) {
	r := mini(t)
	dst := []entente.Mention{{Text: "kept"}}
	dst = r.FindMentions("China and Japan", d("2020-01-01"), dst)
	if len(dst) != 3 || dst[0].Text != "kept" || dst[2].Actor != "JPN" {
		t.Errorf("FindMentions did not append to dst: %+v", dst)
	}
	var res entente.Resolver = r
	if _, ok := res.Actor("CHN"); !ok {
		t.Error("Resolver.Actor(CHN) missing")
	}
}

// TestRegistry_FindMentionsAllocs checks that steady-state mention finding
// allocates nothing when dst has room (the explanation cache is warm).
func TestRegistry_FindMentionsAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items, so pooled buffers are reallocated")
	}
	r := mini(t)
	text := benchText
	on := d("2024-11-01")
	dst := r.FindMentions(text, on, nil)
	allocs := testing.AllocsPerRun(50, func() { dst = r.FindMentions(text, on, dst[:0]) })
	if allocs != 0 {
		t.Errorf("FindMentions allocates %.1f times per call, want 0", allocs)
	}
}

// FuzzFindMentions checks on arbitrary text and days that mention finding
// never panics and keeps its invariants.
func FuzzFindMentions(f *testing.F) {
	for _, tc := range mentionCases {
		f.Add(tc.text, int64(d(tc.on).Unix()/86400))
	}
	for _, s := range []string{"", "U.", "U.S", "'s", "’s", "Russia'", "Russia’", "-China-", "A.B.C.D.E.", "\xff\xfe", "Côte d’", "the the the",
		"Guinea-", "the government of", "coast guard coast guard", "China's's", "U.S.’s", "Philippines' "} {
		f.Add(s, int64(0))
	}
	// The fixture is always there; the real registry adds thousands of
	// phrases and role phrases to exercise.
	regs := []*Registry{mini(f)}
	if r, err := Load(); err == nil {
		regs = append(regs, r)
	}
	f.Fuzz(func(t *testing.T, text string, days int64) {
		var on time.Time
		if days != 0 {
			on = time.Unix((days%200000)*86400, 0).UTC()
		}
		for _, r := range regs {
			ms := r.FindMentions(text, on, nil)
			checkInvariants(t, text, ms)
			if utf8.ValidString(text) {
				for _, m := range ms {
					if !utf8.ValidString(m.Text) {
						t.Fatalf("mention %q cuts a character", m.Text)
					}
				}
			}
		}
	})
}

// TestRegistry_FindMentionsConcurrent exercises the shared explanation
// cache and scratch pool from several goroutines; run it with -race.
func TestRegistry_FindMentionsConcurrent(t *testing.T) {
	r := mini(t)
	want := describe(r.FindMentions(benchText, d("2024-11-01"), nil))
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				if got := describe(r.FindMentions(benchText, d("2024-11-01"), nil)); got != want {
					errs <- got
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("concurrent FindMentions differs:\n%s\nwant\n%s", got, want)
	}
}

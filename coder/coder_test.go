package coder_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entente"
	"entente/coder"
	"entente/coder/codertest"
	"entente/ingest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func newCoder(t testing.TB) *coder.Coder {
	t.Helper()
	c, err := coder.New(coder.DefaultConfig(), codertest.Default())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// want is the expected coding of one sentence: events as
// "SOURCE CAMEO TARGET" with "-" for a missing actor, plus the qualifiers
// of the first event.
type want struct {
	events   []string
	negated  bool
	modality entente.Modality
}

func code(t *testing.T, c *coder.Coder, text, date string) []coder.Extracted {
	t.Helper()
	d, err := entente.ParseDate(date)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := c.Code(entente.Document{ID: "doc:test", Text: text, Date: d})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func summary(evs []coder.Extracted) []string {
	var out []string
	for _, e := range evs {
		s, tg := "-", "-"
		if e.Source != nil {
			s = e.Source.Code
		}
		if e.Target != nil {
			tg = e.Target.Code
		}
		out = append(out, s+" "+e.CAMEO+" "+tg)
	}
	return out
}

func TestCoder_Code(t *testing.T) {
	c := realCoderFor(t)
	cases := []struct {
		name string
		text string
		want want
	}{
		// Negation cues: the act is stored as negated, never as the act.
		{"refused to", "China refused to condemn Russia.", want{[]string{"CHN 111 RUS"}, true, entente.Asserted}},
		{"declined to", "India declined to criticise Moscow.", want{[]string{"IND 111 RUSGOV"}, true, entente.Asserted}},
		{"did not", "Japan did not sanction Iran.", want{[]string{"JPN 163 IRN"}, true, entente.Asserted}},
		{"has not", "Beijing has not condemned Pyongyang.", want{[]string{"CHNGOV 111 PRKGOV"}, true, entente.Asserted}},
		{"held back on", "China held back on military aid to Russia.", want{[]string{"CHN 072 RUS"}, true, entente.Asserted}},
		{"held back", "China sold Russia dual-use goods but held back lethal aid.", want{[]string{"CHN 061 RUS", "CHN 072 RUS"}, false, entente.Asserted}},
		{"stopped short of", "Turkey stopped short of condemning Russia's invasion.", want{[]string{"TUR 111 RUS"}, true, entente.Asserted}},
		{"never", "Vietnam never recognised Taiwan.", want{[]string{"VNM 054 TWN"}, true, entente.Asserted}},
		{"without", "Brazil abstained without criticising Russia.", want{[]string{"BRA 111 RUS"}, true, entente.Asserted}},
		// Silence is its own act, 011, with its target when named.
		{"remained silent on", "China remained silent on North Korea's deployment.", want{[]string{"CHN 011 PRK"}, false, entente.Asserted}},
		{"declined to comment", "Malaysia declined to comment on the clash.", want{[]string{"MYS 011 -"}, false, entente.Asserted}},
		// Hedges.
		// "Unlikely to" expects the act not to happen: hedged and negated.
		{"unlikely to", "India is unlikely to condemn Russia.", want{[]string{"IND 111 RUS"}, true, entente.Hedged}},
		{"may", "Seoul may supply weapons to Ukraine.", want{[]string{"KORGOV 072 UKR"}, false, entente.Hedged}},
		{"could", "The Philippines could condemn China.", want{[]string{"PHL 111 CHN"}, false, entente.Hedged}},
		{"is expected to", "Japan is expected to sanction Russia.", want{[]string{"JPN 163 RUS"}, false, entente.Hedged}},
		// Recommendations.
		{"should", "Washington should court Singapore.", want{nil, false, ""}},
		{"should act", "Analysts argue that the United States should sanction China.", want{[]string{"USA 163 CHN"}, false, entente.Recommended}},
		{"ought to", "Australia ought to criticise Beijing.", want{[]string{"AUS 111 CHNGOV"}, false, entente.Recommended}},
		{"must", "Russia must withdraw its troops from Ukraine.", want{[]string{"RUS 0874 UKR"}, false, entente.Recommended}},
		{"is urged to", "Pakistan is urged to condemn the attack on India.", want{[]string{"PAK 111 IND"}, false, entente.Recommended}},
		// Reported speech.
		{"said that", "Seoul said that North Korea sent troops to Russia.", want{[]string{"PRK 072 RUS"}, false, entente.Reported}},
		{"trailing said", "Russia attacked Ukraine, Britain said.", want{[]string{"RUS 190 UKR"}, false, entente.Reported}},
		{"own statement", "China said it opposed the sanctions on Iran.", want{[]string{"CHN 110 IRN"}, false, entente.Asserted}},
		{"according to", "North Korea shelled the island, according to Seoul.", want{[]string{"PRK 194 -"}, false, entente.Reported}},
		// Actors: lists, possessives, demonyms, leaders, passives.
		{"list of sources", "The US, Australia and Japan expressed support for the Philippines.", want{[]string{"USA 051 PHL", "AUS 051 PHL", "JPN 051 PHL"}, false, entente.Asserted}},
		{"reciprocal", "Russia and North Korea signed a mutual defence pact.", want{[]string{"RUS 057 PRK", "PRK 057 RUS"}, false, entente.Asserted}},
		{"possessive noun", "Putin's visit to Pyongyang worried Seoul.", want{[]string{"RUSGOV 042 PRKGOV"}, false, entente.Asserted}},
		{"demonym", "The Chinese coast guard fired water cannon at a Philippine boat.", want{[]string{"CHNMIL 194 PHL"}, false, entente.Asserted}},
		{"passive", "Ukraine was invaded by Russia.", want{[]string{"RUS 190 UKR"}, false, entente.Asserted}},
		{"treaty named after a city", "The Treaty of Moscow was signed by Germany and Poland.", want{[]string{"DEU 057 POL", "POL 057 DEU"}, false, entente.Asserted}},
		{"agreements named after a city", "Moscow condemned the Minsk agreements.", want{[]string{"RUSGOV 111 -"}, false, entente.Asserted}},
		{"abbreviated names", "N. Korea condemned S. Korea.", want{[]string{"PRK 111 KOR"}, false, entente.Asserted}},
		// Senses and relational predicates.
		{"tighten ties", "China and Russia tightened ties.", want{[]string{"CHN 050 RUS", "RUS 050 CHN"}, false, entente.Asserted}},
		{"tighten sanctions", "The United States tightened sanctions on Iran.", want{[]string{"USA 163 IRN"}, false, entente.Asserted}},
		{"rely on for arms", "India relies on Russia for arms.", want{[]string{"RUS 062 IND"}, false, entente.Asserted}},
		{"largest trading partner", "China is North Korea's largest trading partner.", want{[]string{"CHN 061 PRK"}, false, entente.Asserted}},
		{"typo", "Japan critcised China.", want{[]string{"JPN 111 CHN"}, false, entente.Asserted}},
		{"relative clause", "China, which accounts for most of the trade, remained silent.", want{[]string{"CHN 011 -"}, false, entente.Asserted}},
		{"pronoun", "After North Korea shelled the island, China stopped short of condemning Pyongyang, and it did not criticise Kim Jong Un.", want{[]string{"PRK 194 -", "CHN 111 PRKGOV"}, true, entente.Asserted}},
		// Appeals, intents and threats take their content.
		{"urge to release", "Japan urged North Korea to release the abductees.", want{[]string{"JPN 0253 PRK"}, false, entente.Asserted}},
		{"pledge aid", "Japan pledged to send humanitarian aid to Ukraine.", want{[]string{"JPN 0333 UKR"}, false, entente.Asserted}},
		{"threaten force", "Pyongyang threatened to attack South Korea.", want{[]string{"PRKGOV 1384 KOR"}, false, entente.Asserted}},
		{"demand that", "The United States demanded that Russia withdraw from Ukraine.", want{[]string{"USA 1056 RUS"}, false, entente.Asserted}},
		// Refusing to yield is a rejection of its own (CAMEO 124), not a
		// release that did not happen; refusing to condemn stays a
		// negated condemnation.
		{"refused to release", "North Korea refused to release the detained sailors.", want{[]string{"PRK 1243 -"}, false, entente.Asserted}},
		{"declined to resign", "Thailand's prime minister declined to resign.", want{[]string{"THAGOV 1231 -"}, false, entente.Asserted}},
		// The act of a motion is the motion's; the background after
		// "given" is no event.
		{"join a motion against", "India is unlikely to join a motion against Russia, given its arms purchases from Moscow.", want{[]string{"IND 111 RUS"}, true, entente.Hedged}},
		{"back a motion that", "Niger is unlikely to back a UN motion that criticises Russia.", want{[]string{"NER 111 RUS"}, true, entente.Hedged}},
		// An event noun with no actor of its own refers back to the
		// latest event of its kind, whose source becomes the target.
		{"silent on the deployment", "North Korea sent about 10,000 soldiers to Russia. China remained silent on the deployment.", want{[]string{"PRK 072 RUS", "CHN 011 PRK"}, false, entente.Asserted}},
		{"condemned the launch", "North Korea test-fired a missile. Japan condemned the launch.", want{[]string{"PRK 150 -", "JPN 111 PRK"}, false, entente.Asserted}},
		{"welcomed the meeting", "Putin and Kim Jong Un met in Pyongyang. China welcomed the meeting.", want{[]string{"RUSGOV 040 PRKGOV", "PRKGOV 040 RUSGOV", "CHN 051 RUSGOV", "CHN 051 PRKGOV"}, false, entente.Asserted}},
		{"own act is no referent", "China fired water cannon at a Philippine boat. Beijing defended the action.", want{[]string{"CHN 194 PHL", "CHNGOV 052 -"}, false, entente.Asserted}},
		// "stopped short of condemning" is exactly one negated 111.
		{"stopped short of, article", "After North Korea shelled Yeonpyeong Island in 2010, China stopped short of condemning Pyongyang, and it did not criticise the sinking of the Cheonan either.", want{[]string{"PRK 194 -", "CHN 111 PRKGOV"}, true, entente.Asserted}},
		// A preposition of time is no direction; one the pattern spells
		// brings the target even when it reads as a place.
		{"time is no target", "North Korea fired a missile on Monday.", want{[]string{"PRK 150 -"}, false, entente.Asserted}},
		{"pattern preposition", "Russia fired missiles at Kyiv on Monday.", want{[]string{"RUS 194 UKRGOV"}, false, entente.Asserted}},
		// Answering an earlier act.
		{"return the favour", "The US and Japan expressed support for the Philippines, and Manila may return the favour.", want{[]string{"USA 051 PHL", "JPN 051 PHL", "PHLGOV 051 USA", "PHLGOV 051 JPN"}, false, entente.Hedged}},
		// Receiving: the giver is the source.
		{"receives", "Niger, whose junta receives Russian military support, will probably abstain.", want{[]string{"RUSMIL 072 NER"}, false, entente.Asserted}},
		// Role words inside mentions complete patterns and lend their
		// role to a list.
		{"role word in pattern", "Cambodia expelled Thai diplomats.", want{[]string{"KHM 161 THAGOV"}, false, entente.Asserted}},
		{"role of a list", "Thai and Cambodian forces exchanged fire.", want{[]string{"THAMIL 193 KHMMIL", "KHMMIL 193 THAMIL"}, false, entente.Asserted}},
		{"both sides", "Indian and Chinese troops clashed. Both sides agreed to disengage.", want{[]string{"INDMIL 190 CHNMIL", "CHNMIL 190 INDMIL", "INDMIL 0356 CHNMIL", "CHNMIL 0356 INDMIL"}, false, entente.Asserted}},
		{"both countries", "Thai and Cambodian forces clashed. China urged both countries to resolve the dispute.", want{[]string{"THAMIL 190 KHMMIL", "KHMMIL 190 THAMIL", "CHN 027 THA", "CHN 027 KHM"}, false, entente.Asserted}},
		{"possessive and person", "Cambodia's Hun Manet praised the mediators.", want{[]string{"KHMGOV 051 -"}, false, entente.Asserted}},
		// One event per pair of states and act in a sentence.
		{"its foreign ministry", "China remained silent, and its foreign ministry declined to comment.", want{[]string{"CHN 011 -"}, false, entente.Asserted}},
		{"its ambassador", "Russia rejected the text. Its ambassador accused Ukraine of lying.", want{[]string{"RUS 120 -", "RUSGOV 112 UKR"}, false, entente.Asserted}},
		// Civilians protest in the street, governments by note.
		{"students protested", "Iranian students protested against the government.", want{[]string{"IRNCVL 141 -"}, false, entente.Asserted}},
		{"government protested", "Japan protested to China over the survey ship.", want{[]string{"JPN 114 CHN"}, false, entente.Asserted}},
		// Speech: a pronoun in what someone said is the speaker; a
		// passive "told" is no speech; a later "said" with its own
		// complement vouches only for that.
		// "would not withdraw" refuses to de-escalate (1246).
		{"said it", "Thailand said it would not withdraw troops from the frontier.", want{[]string{"THA 1246 -"}, false, entente.Asserted}},
		{"would not condemn", "India said it would not condemn Russia.", want{[]string{"IND 111 RUS"}, true, entente.Hedged}},
		{"told", "Seoul had not been told in advance.", want{nil, false, ""}},
		{"while X said", "Cambodia praised the mediators, while Thailand said it would not withdraw troops.", want{[]string{"KHM 051 -", "THA 1246 -"}, false, entente.Asserted}},
		{"according to, then a new clause", "Cambodia fired rockets into Thai territory, according to the Thai army, and Thailand launched airstrikes on Cambodian military targets.", want{[]string{"KHM 194 THA", "THA 195 KHMMIL"}, false, entente.Asserted}},
		{"unnamed speaker", "Western officials say Chinese firms supplied machine tools worth US$300 million.", want{[]string{"CHNBUS 061 -"}, false, entente.Reported}},
		// A participle after a determiner is an adjective.
		{"the detained president", "The European Union expressed concern over the fate of the detained president.", want{[]string{"IGOEUREEC 110 -"}, false, entente.Asserted}},
		// A state saying another must or should act demands or appeals;
		// an unnamed speaker only recommends.
		{"said must", "Russia said Sudan must return the helicopter.", want{[]string{"RUS 1053 SDN"}, false, entente.Asserted}},
		{"said should", "Japan said China should release the detained journalist.", want{[]string{"JPN 0253 CHN"}, false, entente.Asserted}},
		{"says must, speaker acts", "France said it must expel four diplomats.", want{[]string{"FRA 161 -"}, false, entente.Recommended}},
		// Agreeing to a ceasefire commits to one.
		{"agree to ceasefire", "Armenia and Azerbaijan agreed to a ceasefire.", want{[]string{"ARM 0356 AZE", "AZE 0356 ARM"}, false, entente.Asserted}},
		// Capitalised words inside a sentence are names, not acts.
		{"names are no acts", "Amnesty International criticised Egypt.", want{[]string{"- 111 EGY"}, false, entente.Asserted}},
		// Nothing to code.
		{"no actor", "The weather was calm.", want{nil, false, ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			evs := code(t, c, tc.text, "2024-12-02")
			got := summary(evs)
			if strings.Join(got, ", ") != strings.Join(tc.want.events, ", ") {
				t.Fatalf("events = %q, want %q", got, tc.want.events)
			}
			if len(evs) == 0 {
				return
			}
			// The qualifiers checked are those of the event the case is about.
			e := evs[len(evs)-1]
			if tc.name == "held back" {
				if !evs[1].Negated || evs[0].Negated {
					t.Errorf("negated = %v, %v; want false, true", evs[0].Negated, evs[1].Negated)
				}
				return
			}
			if e.Negated != tc.want.negated {
				t.Errorf("negated = %v, want %v", e.Negated, tc.want.negated)
			}
			if e.Modality != tc.want.modality {
				t.Errorf("modality = %q, want %q", e.Modality, tc.want.modality)
			}
		})
	}
}

func TestCoder_CodeQuantities(t *testing.T) {
	c := newCoder(t)
	cases := []struct {
		text  string
		value float64
		unit  string
		qtext string
	}{
		{"North Korea sent about 10,000 soldiers to Russia.", 10000, "soldier", "10,000 soldiers"},
		{"The US sent US$300 million in military aid to Ukraine.", 3e8, "USD", "US$300 million"},
		{"China sold goods worth $2.5bn to Russia.", 2.5e9, "USD", "$2.5bn"},
		{"China, with 90 per cent of North Korea's trade, remained silent.", 90, "percent", "90 per cent of North Korea's trade"},
		{"The EU sanctioned Russia over 40% of its exports.", 40, "percent", "40% of its exports"},
		{"India bought 36 fighter jets from France.", 36, "jet", "36 fighter jets"},
	}
	for _, tc := range cases {
		t.Run(tc.qtext, func(t *testing.T) {
			evs := code(t, c, tc.text, "2024-12-02")
			if len(evs) == 0 || len(evs[0].Quantities) == 0 {
				t.Fatalf("no quantity in %+v", evs)
			}
			q := evs[0].Quantities[0]
			if q.Value != tc.value || q.Unit != tc.unit || q.Text != tc.qtext {
				t.Errorf("quantity = %+v, want %v %s %q", q, tc.value, tc.unit, tc.qtext)
			}
		})
	}
}

func TestCoder_CodeDateAware(t *testing.T) {
	c := newCoder(t)
	// Trump names the United States only within his terms.
	if got := summary(code(t, c, "Trump condemned Iran.", "2019-01-01")); len(got) != 1 || got[0] != "USAGOV 111 IRN" {
		t.Errorf("2019: %q", got)
	}
	if got := summary(code(t, c, "Trump condemned Iran.", "2022-01-01")); len(got) != 1 || got[0] != "- 111 IRN" {
		t.Errorf("2022: %q, want the act without its source", got)
	}
}

func TestSplitSentences(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"abbreviations", "The U.S. and the U.N. met. Mr. Kim left.", []string{"The U.S. and the U.N. met.", "Mr. Kim left."}},
		{"initials", "John F. Kennedy spoke. Then he left.", []string{"John F. Kennedy spoke.", "Then he left."}},
		{"acronym ends sentence", "Sanctions came from the U.S. The move angered Moscow.", []string{"Sanctions came from the U.S.", "The move angered Moscow."}},
		{"acronym before name", "The U.S. State Department said so.", []string{"The U.S. State Department said so."}},
		{"numbers", "It cost $3.5 million. Fine.", []string{"It cost $3.5 million.", "Fine."}},
		{"quotes", "\"We refuse,\" he said. \"Never.\" Then silence.", []string{"\"We refuse,\" he said.", "\"Never.\"", "Then silence."}},
		{"question", "Will China act? Nobody knows.", []string{"Will China act?", "Nobody knows."}},
		{"paragraphs", "Heading without stop\n\nBody text here.", []string{"Heading without stop", "Body text here."}},
		{"wrapped line", "A sentence that\nwraps. Next one.", []string{"A sentence that\nwraps.", "Next one."}},
		{"titles", "Gen. Milley and Dr. Lee met Sen. Kim.", []string{"Gen. Milley and Dr. Lee met Sen. Kim."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range coder.SplitSentences(tc.text, nil) {
				got = append(got, tc.text[s.Start:s.End])
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	if _, err := coder.New(coder.Config{MaxGap: -1}, codertest.Default()); !errors.Is(err, entente.ErrInvalid) {
		t.Errorf("bad config: err = %v, want ErrInvalid", err)
	}
	if _, err := coder.New(coder.DefaultConfig(), nil); !errors.Is(err, entente.ErrInvalid) {
		t.Errorf("no resolver: err = %v, want ErrInvalid", err)
	}
}

// TestCoder_CodeGolden codes the test articles with the real registry, as
// entente extract does, and compares the jsonl with the golden files; go
// test ./coder -update rewrites them. Every line of the golden files has
// been read for wrong codes, actors, negation and modality; see
// testdata/golden/README.md for what is known to be imperfect.
func TestCoder_CodeGolden(t *testing.T) {
	c := realCoderFor(t)
	rd, err := ingest.NewReader(ingest.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/articles/*.txt")
	if len(files) < 8 {
		t.Fatalf("want at least 8 articles, found %d", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ins, err := rd.ParseInputs(f, raw, "")
			if err != nil || len(ins) != 1 {
				t.Fatalf("read: %v (%d docs)", err, len(ins))
			}
			evs, _ := c.Code(ins[0].Doc)
			coder.Shift(evs, ins[0].Offset)
			for _, e := range evs {
				if string(raw[e.Start:e.End]) != e.Text {
					t.Errorf("offsets %d:%d do not locate %q in the file", e.Start, e.End, e.Text)
				}
			}
			var buf bytes.Buffer
			if err := coder.WriteJSONL(&buf, evs); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", name+".jsonl")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./coder -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("jsonl differs from %s (run go test ./coder -update and review the diff):\n%s", golden, buf.String())
			}
		})
	}
}

// TestCoder_CodeAnaphorWindow checks that an event noun refers back only
// within a window of sentences: "the deployment" twenty sentences after
// the troops were sent names nobody's deployment.
func TestCoder_CodeAnaphorWindow(t *testing.T) {
	c := realCoderFor(t)
	for _, tc := range []struct {
		filler int
		want   string
	}{{3, "CHN 011 PRK"}, {20, "CHN 011 -"}} {
		text := "North Korea sent about 10,000 soldiers to Russia. " +
			strings.Repeat("The weather was calm. ", tc.filler) +
			"China remained silent on the deployment."
		got := summary(code(t, c, text, "2024-12-02"))
		if len(got) != 2 || got[1] != tc.want {
			t.Errorf("%d sentences between: %q, want the second event %q", tc.filler, got, tc.want)
		}
	}
}

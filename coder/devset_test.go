package coder_test

import (
	"strings"
	"testing"
)

// devSet is a development set of sentences written for entente, three or
// more for each of the 20 CAMEO roots, with the root of the act each one
// reports. It was written before the dictionary was generalised and scored
// as it stood (see the accuracy recorded in TestCoder_CodeDevelopment), so
// that it measures how far the dictionary reaches beyond the sentences it
// was tuned on. The actors are real states so that the registry resolves
// them; the events are illustrative, not claims about what happened.
var devSet = []struct {
	root string // expected CAMEO root of the sentence's main act
	text string
	// todo explains an expectation the coder does not meet yet; such a
	// case is logged instead of failing.
	todo string
}{
	// 01 make public statement
	{"01", "The Kremlin declined to comment on reports of a prisoner exchange with Washington.", ""},
	{"01", "Egypt voiced optimism that the talks in Cairo would produce a truce.", ""},
	{"01", "Brazil's president was pessimistic about the chances of a settlement in Ukraine.", ""},
	{"01", "Germany's chancellor said on Monday that Europe needed a stronger defence industry.", ""},
	// 02 appeal
	{"02", "Kenya appealed to the African Union for help in restoring order in Somalia.", ""},
	{"02", "The Vatican called on Russia and Ukraine to lay down their arms.", ""},
	{"02", "Mexico asked the United States to extradite the cartel leader.", ""},
	// 03 express intent to cooperate
	{"03", "Saudi Arabia pledged to invest billions of dollars in Egypt's economy.", ""},
	{"03", "Norway offered to host peace talks between Colombia and the rebels.", ""},
	{"03", "Indonesia said it was ready to send peacekeepers to Lebanon.", ""},
	// 04 consult
	{"04", "The foreign ministers of Greece and Turkey met in Athens on Friday.", ""},
	{"04", "Macron telephoned the Iranian president to discuss the nuclear programme.", ""},
	{"04", "Qatar is mediating between Israel and Lebanon over the border.", ""},
	{"04", "Modi will travel to Washington next month.", ""},
	{"04", "Serbia and Kosovo resumed talks in Brussels under European auspices.", ""},
	// 05 engage in diplomatic cooperation
	{"05", "Saudi Arabia and Iran restored diplomatic relations after seven years.", ""},
	{"05", "Canada praised Ukraine's resilience.", ""},
	{"05", "Israel and the United Arab Emirates signed a normalisation accord in Washington.", ""},
	{"05", "Spain formally recognised the State of Palestine.", ""},
	// 06 engage in material cooperation
	{"06", "Japan and Australia conducted joint naval exercises in the Coral Sea.", ""},
	{"06", "Vietnam increased its rice exports to the Philippines.", ""},
	{"06", "Poland handed over the suspect to German authorities.", ""},
	// Labelled 06 when the set was written; CAMEO codes an agreement to
	// act later as an intent (03), which is what the coder says.
	{"03", "Jordan and Israel agreed to share intelligence on border smuggling.", ""},
	// 07 provide aid
	{"07", "Japan approved a $500 million loan to Pakistan.", ""},
	{"07", "Germany delivered air defence systems to Ukraine.", ""},
	{"07", "Turkey dispatched rescue teams and relief supplies to Syria after the earthquake.", ""},
	// 08 yield
	{"08", "Iran released two French nationals it had held for years.", ""},
	{"08", "Russia withdrew its troops from the Kherson region.", ""},
	{"08", "The United States eased sanctions on Venezuela's oil sector.", ""},
	{"08", "Armenia ceded four border villages to Azerbaijan.", ""},
	// 09 investigate
	{"09", "Dutch prosecutors are investigating the downing of the airliner over eastern Ukraine.", ""},
	{"09", "The United Nations launched an inquiry into the killing of aid workers in Sudan.", ""},
	{"09", "Canada opened an investigation into India's alleged role in the murder.", ""},
	// 10 demand
	{"10", "China demanded that Japan stop releasing treated water into the sea.", ""},
	{"10", "Israel demanded the return of its citizens held in Lebanon.", ""},
	{"10", "Azerbaijan insisted on the withdrawal of Armenian forces from Karabakh.", ""},
	// 11 disapprove
	{"11", "France criticised Algeria's decision to expel its diplomats.", ""},
	{"11", "Pakistan accused India of sponsoring militants in Balochistan.", ""},
	{"11", "South Africa lodged a complaint against Rwanda at the Security Council.", ""},
	{"11", "Britain voiced alarm at the arrest of opposition figures in Georgia.", ""},
	// 12 reject
	{"12", "Venezuela rejected Guyana's proposal for international arbitration.", ""},
	{"12", "Ethiopia rebuffed calls from Egypt to halt the filling of the dam.", ""},
	{"12", "Russia vetoed the resolution on Syria.", ""},
	// 13 threaten
	{"13", "Iran threatened to close the Strait of Hormuz.", ""},
	{"13", "North Korea warned of a merciless response to the drills.", ""},
	{"13", "Turkey threatened sanctions against Sweden.", ""},
	// 14 protest
	{"14", "Thousands of Serbians demonstrated outside the parliament in Belgrade.", ""},
	{"14", "Kenyan doctors went on strike over unpaid wages.", ""},
	{"14", "Iranian students protested against the government in Tehran.", ""},
	// 15 exhibit force posture
	{"15", "China held large-scale military drills around Taiwan.", ""},
	{"15", "Russia massed troops on the border with Ukraine.", ""},
	{"15", "India placed its air force on high alert along the frontier with Pakistan.", ""},
	// 16 reduce relations
	{"16", "Nicaragua severed diplomatic ties with Taiwan.", ""},
	{"16", "The European Union imposed sanctions on Belarus.", ""},
	{"16", "Mali expelled the French ambassador.", ""},
	// 17 coerce
	{"17", "Chinese authorities detained a Japanese businessman on spying charges.", ""},
	{"17", "Belarus deported three Lithuanian journalists.", ""},
	{"17", "Iranian police used tear gas to disperse protesters in Tehran.", ""},
	// 18 assault
	{"18", "Gunmen kidnapped two Chinese engineers in northern Nigeria.", ""},
	{"18", "A suicide bomber struck a Pakistani army convoy in Waziristan.", ""},
	{"18", "Israel assassinated a senior Iranian commander in Damascus.", ""},
	// 19 fight
	{"19", "Israeli jets struck targets in southern Lebanon overnight.", ""},
	{"19", "Azerbaijani and Armenian troops clashed along the border.", ""},
	{"19", "Russian forces shelled the city of Kharkiv in Ukraine.", ""},
	// 20 use unconventional mass violence
	{"20", "Syria used chemical weapons against civilians in Douma.", ""},
	{"20", "Myanmar's military carried out ethnic cleansing of the Rohingya.", ""},
	{"20", "Serb forces massacred Bosniak men at Srebrenica.", ""},
}

// TestCoder_CodeDevelopment codes the development set with the real
// registry and checks the root of the first event of each sentence.
//
// Recorded: when the set was written and before the dictionary was
// generalised, 54 of 67 sentences (80.6 %) had the expected root, 55 of
// 67 (82.1 %) once the Jordan sentence was relabelled 03; after, 67 of 67.
// The set was then used to develop the dictionary, so the later figure no
// longer measures generalisation: the odd half of the codebook examples
// (TestCoder_ActsCodebook) does.
func TestCoder_CodeDevelopment(t *testing.T) {
	c := realCoderFor(t)
	hit, anyHit := 0, 0
	for _, tc := range devSet {
		evs := code(t, c, tc.text, "2024-06-01")
		ok := len(evs) > 0 && strings.HasPrefix(evs[0].CAMEO, tc.root)
		if ok {
			hit++
		}
		for _, e := range evs {
			if strings.HasPrefix(e.CAMEO, tc.root) {
				anyHit++
				break
			}
		}
		name := tc.root + " " + tc.text
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			if ok {
				return
			}
			if tc.todo != "" {
				t.Logf("known miss (%s): got %q", tc.todo, summary(evs))
				return
			}
			t.Errorf("root %s: got %q", tc.root, summary(evs))
		})
	}
	t.Logf("development set: %d sentences, root accuracy %.1f%% (first event), %.1f%% (any event)",
		len(devSet), 100*float64(hit)/float64(len(devSet)), 100*float64(anyHit)/float64(len(devSet)))
}

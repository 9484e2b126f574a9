package coder_test

import (
	"fmt"
	"strings"
	"testing"

	"entente"
	"entente/coder"
)

// phenomenonCases are regression suites, one per linguistic phenomenon
// the coder must read, written for entente. Each sentence lists every
// event it should yield as "SOURCE ROOT TARGET" (actor code prefixes, "-"
// for none, "*" for any) with optional qualifiers "neg", "hedged",
// "reported" or "recommended". A case passes when every expected event is
// coded and nothing else is.
var phenomenonCases = map[string][]struct {
	text string
	want []string
}{
	"voice": {
		{"Philippine supply boats were blocked by Chinese coast guard vessels.", []string{"CHN 19 PHL"}},
		{"Philippine supply boats were again blocked by Chinese vessels near the shoal.", []string{"CHN 19 PHL"}},
		{"The Ukrainian convoy was also attacked by Russian drones.", []string{"RUS 19 UKR"}},
		{"China was accused by the Philippines of reckless manoeuvres.", []string{"PHL 11 CHN"}},
		{"Manila was backed by Washington and Tokyo.", []string{"USA 05 PHL", "JPN 05 PHL"}},
		{"Iran was strongly condemned by France.", []string{"FRA 11 IRN"}},
		{"The Cuban embassy was not attacked by protesters.", []string{"- 19 CUB neg"}},
		{"Japan has been repeatedly criticised by North Korea.", []string{"PRK 11 JPN"}},
		{"Vietnam was invited by India to join the exercises.", []string{"IND 02 VNM"}},
		{"Serbia condemned Kosovo.", []string{"SRB 11 KSV"}},
		// Participles only the lemmatizer or the typo reader finds.
		{"The Ukrainian convoy was attackd by Russian drones.", []string{"RUS 19 UKR"}},
		{"Ukrainian towns were struck overnight by Russian drones.", []string{"RUS 19 UKR"}},
		{"Venezuelan officials were sanctionned by the United States.", []string{"USA 16 VEN"}},
	},
	"nominal": {
		{"The deployment of North Korean troops to Russia continued.", []string{"PRK 07 RUS"}},
		{"Talks between Russia and North Korea continued in Pyongyang.", []string{"RUS 04 PRK", "PRK 04 RUS"}},
		{"Amid sanctions by the United States on Iran, oil exports fell.", []string{"USA 16 IRN"}},
		{"Germany condemned Russia's invasion of Ukraine.", []string{"DEU 11 RUS", "RUS 19 UKR"}},
		{"Japan welcomed the agreement between Vietnam and the Philippines.", []string{"JPN 05 VNM", "JPN 05 PHL", "VNM 05 PHL", "PHL 05 VNM"}},
		{"China's blockade of Taiwan would be costly.", []string{"CHN 19 TWN hedged"}},
		{"Egypt criticised Israel's strikes on Lebanon.", []string{"EGY 11 ISR", "ISR 19 LBN"}},
		{"The expulsion of French diplomats by Mali angered Paris.", []string{"MLI 16 FRA"}},
		{"Russia's invasion of Ukraine began in 2022.", []string{"RUS 19 UKR"}},
		{"India announced military aid to Armenia.", []string{"IND 07 ARM"}},
		// An attack named by its maker alone, in its victim's words.
		{"Georgia said Russia's occupation had lasted fifteen years.", []string{"RUS 19 GEO reported", "GEO 11 RUS"}},
	},
	"reference": {
		{"Mali's military government expelled the French ambassador. The junta accused Paris of arming rebels.", []string{"MLI 16 FRA", "MLI 11 FRA"}},
		{"Niger's junta ended its military agreement with the United States. A spokesperson for the military government accused Washington of threats.", []string{"NER 16 USA", "NER 11 USA"}},
		{"Egypt accused Ethiopia of filling the dam. Ethiopia rejected the accusation.", []string{"EGY 11 ETH", "ETH 01 EGY"}},
		{"North Korea fired a missile. Japan condemned the launch.", []string{"PRK 15 *", "JPN 11 PRK"}},
		{"China held military drills near Taiwan. The exercises were condemned by the United States.", []string{"CHN 15 TWN", "USA 11 CHN"}},
		{"The European Union imposed sanctions on Belarus. The measures were welcomed by Ukraine.", []string{"IGOEUREEC 16 BLR", "UKR 05 IGOEUREEC"}},
		{"Brazil, which shares a border with Venezuela, urged Caracas to negotiate.", []string{"BRA 02 VEN"}},
		{"Germany met France in Berlin. It later criticised Russia.", []string{"DEU 04 FRA", "DEU 11 RUS"}},
		{"Israel struck a consulate in Damascus. Syria called the attack a violation of its sovereignty.", []string{"ISR 19 *", "SYR 11 ISR"}},
		{"Russia and China condemned the strike.", []string{"RUS 11 *", "CHN 11 *"}},
		{"Before it announced new sanctions on Iran, the United States consulted its allies.", []string{"USA 16 IRN", "USA 04 -"}},
		{"Niger's military seized power in July 2023. Nigeria condemned the coup.", []string{"NGA 11 NER"}},
		{"France condemned the coup in Myanmar.", []string{"FRA 11 MMR"}},
		{"Germany and France condemned North Korea. Malaysia is unlikely to join the condemnation.", []string{"DEU 11 PRK", "FRA 11 PRK", "MYS 11 PRK neg,hedged"}},
		{"Japan's foreign minister criticised China on Monday.\n\n\"The drills are dangerous. We call on Beijing to stop them.\"", []string{"JPN 11 CHN", "JPN 02 CHN"}},
		// Definite descriptions with no state named before them: the
		// dateline, the one state of the text, the one junta of the day;
		// else no event.
		{"MOSCOW (Reuters) - The foreign ministry summoned the British ambassador on Tuesday.", []string{"RUS 11 GBR"}},
		{"New sanctions on Iran took effect on Monday. The foreign ministry accused the United States of economic terrorism.", []string{"IRN 11 USA"}},
		{"[2025-10-20] The junta expelled the French ambassador.", []string{"MDG 16 FRA"}},
		{"[2023-08-10] The junta accused France of plotting an invasion.", nil},
		// A pronoun object and a judgement by naming, added after the
		// fourth round's rules.
		{"North Korea fired a ballistic missile on Monday. Japan condemned it.", []string{"PRK 15 *", "JPN 11 PRK"}},
		{"Iran seized a British tanker in the Gulf. London called the seizure piracy.", []string{"IRN 17 GBR", "GBR 11 IRN"}},
		{"Kenya's president said his government would send 1,000 police officers to Haiti. The deployment was welcomed by Washington.", []string{"KEN 07 HTI hedged", "USA 05 KEN"}},
		{"Algeria cut diplomatic ties with Morocco in 2021. Rabat said the decision was completely unjustified.", []string{"DZA 16 MAR", "MAR 11 DZA"}},
		{"The foreign ministry summoned the British ambassador on Tuesday.", nil},
		// "The drills" names joint exercises coded as cooperation.
		{"South Korea and the United States held joint exercises. Pyongyang called the drills a rehearsal for invasion.", []string{"KOR 06 USA", "USA 06 KOR", "PRK 11 KOR", "PRK 11 USA"}},
	},
	"coordination": {
		{"Burkina Faso expressed support for Mali and concern over French troop movements.", []string{"BFA 05 MLI", "BFA 11 FRA"}},
		{"Belarus condemned the sanctions and warned of retaliation.", []string{"BLR 11 *", "BLR 13 *"}},
		{"Chad closed its border with Sudan and deployed troops along it.", []string{"TCD 19 SDN", "TCD 15 SDN"}},
		{"South Korea, Japan and the United States condemned North Korea.", []string{"KOR 11 PRK", "JPN 11 PRK", "USA 11 PRK"}},
		{"Sudan, along with the African Union, called on Ethiopia to negotiate.", []string{"SDN 02 ETH"}},
		{"Mexico, along with Norway, urged Colombia to resume talks.", []string{"MEX 02 COL"}},
		{"Venezuela's president dismissed the appeal and threatened Guyana with sanctions.", []string{"VEN 12 *", "VEN 13 GUY"}},
		{"India rejected the allegations and expelled six Canadian diplomats.", []string{"IND 01 *", "IND 16 CAN"}},
		{"Australia and Papua New Guinea signed a security agreement.", []string{"AUS 05 PNG", "PNG 05 AUS"}},
		{"Russia sent troops to fight in Syria.", []string{"RUS 07 SYR", "RUS 19 *"}},
		{"Ukraine accused Russia of shelling Kharkiv and attacking Poland.", []string{"UKR 11 RUS", "RUS 19 * reported", "RUS 19 POL reported"}},
		// A reaction verb ("drew", "faced") must not hide a meeting.
		{"India's prime minister met with the Russian president in Moscow.", []string{"IND 04 RUS"}},
	},
	"scope": {
		{"India refused to condemn Russia.", []string{"IND 11 RUS neg"}},
		{"New Delhi is unlikely to criticise Moscow.", []string{"IND 11 RUS neg,hedged"}},
		{"India abstained on the resolution condemning Russia.", []string{"IND 11 RUS neg"}},
		{"Iran said it was interested in restoring talks with the United States.", []string{"IRN 03 USA"}},
		{"Helsinki did not accuse Russia directly.", []string{"FIN 11 RUS neg"}},
		{"China remained silent.", []string{"CHN 01 -"}},
		{"Turkey stopped short of condemning Russia.", []string{"TUR 11 RUS neg"}},
		{"Japan did not sanction Iran.", []string{"JPN 16 IRN neg"}},
		{"Germany may send tanks to Ukraine.", []string{"DEU 07 UKR hedged"}},
		{"Hungary has not yet ratified Sweden's membership.", []string{"HUN * SWE neg"}},
		{"India refused to condemn Russia for shelling Ukraine.", []string{"IND 11 RUS neg", "RUS 19 UKR"}},
		{"Iran will not resume talks unless the United States lifts sanctions.", []string{"IRN 12 *", "IRN 10 USA"}},
		{"Malaysia is unlikely to join the condemnation.", []string{"MYS 11 - neg,hedged"}},
		{"Iran said it was interested in restoring ties with Egypt.", []string{"IRN 03 EGY"}},
		{"Turkey will not lift its veto unless Sweden extradites the suspects.", []string{"TUR 12 *", "TUR 10 SWE"}},
		{"China refused to condemn Israel for bombing Gaza.", []string{"CHN 11 ISR neg", "ISR * PSE"}},
	},
	"reported": {
		{"North Korea has sent about 10,000 soldiers to Russia, the Pentagon said.", []string{"PRK 07 RUS reported"}},
		{"Lithuania said Moscow was waging a hybrid war against Europe.", []string{"LTU 11 RUS", "RUS 19 * reported"}},
		{"Niger's junta said the American presence was illegal.", []string{"NER 11 USA"}},
		{"Mexico's president said the threat by the United States was unacceptable.", []string{"MEX 11 USA", "USA 13 *"}},
		{"Kenya called Russia's decision a stab in the back.", []string{"KEN 11 RUS"}},
		{"\"We will respond firmly,\" the Chinese foreign ministry said.", []string{"CHN 13 *"}},
		{"Afghanistan's government is illegitimate, Pakistan's foreign minister told reporters.", []string{"PAK 11 AFG"}},
		{"Iran criticised the talks, calling them a distraction.", []string{"IRN 11 *"}},
		{"China said it opposed the formation of exclusive blocs.", []string{"CHN 11 *"}},
		{"Russia said Sudan must return the helicopter.", []string{"RUS 10 SDN"}},
		{"Pakistan told reporters the Afghan government was illegitimate.", []string{"PAK 11 AFG"}},
		{"\"We will not speculate,\" the Finnish prime minister told reporters. \"We will respond firmly to any provocation.\"", []string{"FIN 01 *", "FIN 13 *"}},
		{"\"The drills are a provocation,\" China's foreign ministry said. \"We urge Japan to stop.\"", []string{"CHN 11 *", "CHN 02 JPN"}},
		// Reported trespass is criticism; a refusal reported by others.
		{"Beijing said the Philippine boats had intruded into its waters.", []string{"CHN 11 PHL"}},
		{"Hungary had earlier blocked a stricter package, according to diplomats.", []string{"HUN 12 - reported"}},
		// A quoted act that names no one aims where its speaker's last
		// act did (added after the fourth round's rules).
		{"Australia's foreign minister visited Beijing on Wednesday.\n\n\"We raised our concerns about the detention of Australian citizens,\" she told reporters.", []string{"AUS 04 CHN", "AUS 11 CHN"}},
		// The speaker after a quotation is not an actor inside it.
		{"A spokesperson for Niger's military government accused Washington of threats. \"The American presence is illegal,\" he said.", []string{"NER 11 USA", "NER 11 USA"}},
	},
}

// generalCases were written in issue 11's fourth round, before the coder
// was changed for them, to measure how the rules reach sentences they
// were not fitted to: event anaphora ("the move", "the decision", "such
// actions", "it" standing for an act, "drew condemnation from"), event
// nouns with their roles inside a verb's object, speakers carried across
// sentences and paragraphs, and scope. They are scored with the suite of
// their phenomenon, and their own pass rate is logged apart.
var generalCases = map[string][]struct {
	text string
	want []string
}{
	"reference": {
		{"Algeria recalled its ambassador from Spain on Saturday. Madrid criticised the decision.", []string{"DZA 16 ESP", "ESP 11 DZA"}},
		{"Turkey launched air strikes on northern Iraq on Wednesday. Baghdad condemned the operation as a breach of its sovereignty.", []string{"TUR 19 IRQ", "IRQ 11 TUR"}},
		{"The United States deployed two aircraft carriers to the eastern Mediterranean. Iran said the deployment threatened regional security.", []string{"USA 15 *", "IRN 11 USA"}},
		{"Egypt and Sudan signed a defence pact in Cairo. Ethiopia denounced the agreement.", []string{"EGY 05 SDN", "SDN 05 EGY", "ETH 11 EGY", "ETH 11 SDN"}},
		{"Israeli jets struck Syrian army positions overnight. Damascus said such actions violated international law.", []string{"ISR 19 SYR", "SYR 11 ISR"}},
		{"North Korea test-fired a cruise missile on Sunday. South Korea said this was a clear violation of UN resolutions.", []string{"PRK * *", "KOR 11 PRK"}},
		{"Azerbaijan detained seven Russian citizens in Baku. Moscow said it was an unfriendly act.", []string{"AZE 17 RUS", "RUS 11 AZE"}},
		{"Russia announced the deployment of tactical nuclear weapons to Belarus. The announcement drew condemnation from Poland and Lithuania.", []string{"RUS * BLR", "POL 11 RUS", "LTU 11 RUS"}},
		{"Saudi Arabia reopened its embassy in Damascus. The move was welcomed by Egypt and Jordan.", []string{"SAU 05 SYR", "EGY 05 SAU", "JOR 05 SAU"}},
		{"China imposed export controls on American chipmakers. The decision drew sharp criticism from Washington.", []string{"CHN 16 USA", "USA 11 CHN"}},
		{"Lithuania expelled two Belarusian diplomats on Thursday. Minsk called the expulsions a hostile act.", []string{"LTU 16 BLR", "BLR 11 LTU"}},
		{"India and China agreed to resume border patrols. Nepal welcomed the agreement.", []string{"IND 03 CHN", "CHN 03 IND", "NPL 05 IND", "NPL 05 CHN"}},
		{"A Ukrainian drone hit an oil refinery in Russia on Tuesday.\n\nThe Kremlin condemned the attack as terrorism.", []string{"UKR 19 RUS", "RUS 11 UKR"}},
		{"Poland summoned the Russian ambassador on Friday. Moscow dismissed the step as theatre.", []string{"POL 11 RUS", "RUS 12 POL"}},
		{"Venezuela seized two Guyanese fishing boats. Georgetown protested the seizure.", []string{"VEN 17 GUY", "GUY 11 VEN"}},
		{"Hungary vetoed the new aid package for Ukraine. The step was criticised by Poland.", []string{"HUN 12 *", "POL 11 HUN"}},
	},
	"nominal": {
		{"Manila condemned Beijing's seizure of Filipino fishing boats.", []string{"PHL 11 CHN", "CHN 17 PHL"}},
		{"The European Union welcomed the resumption of talks between Serbia and Kosovo.", []string{"IGOEUREEC 05 SRB", "IGOEUREEC 05 KSV", "SRB 04 KSV", "KSV 04 SRB"}},
		{"Shares in Taipei fell amid Chinese drills near Taiwan.", []string{"CHN 15 TWN"}},
		{"Vietnam criticised China's deployment of a survey ship to its waters.", []string{"VNM 11 CHN", "CHN 15 VNM"}},
		{"Mexico criticised Washington's sanctions against Cuba.", []string{"MEX 11 USA", "USA 16 CUB"}},
		{"The Indian prime minister's visit to Kyiv was criticised by Moscow.", []string{"IND 04 UKR", "RUS 11 IND"}},
		{"Australia welcomed China's lifting of tariffs on Australian wine.", []string{"AUS 05 CHN", "CHN 08 AUS"}},
		{"Tensions rose after the downing of a Turkish jet by Syrian forces.", []string{"SYR 19 TUR"}},
		{"Kenya's recognition of Kosovo drew protests from Serbia.", []string{"KEN 05 KSV", "SRB 11 KEN"}},
		{"Oman hosted indirect talks between Iran and the United States.", []string{"IRN 04 USA", "USA 04 IRN", "OMN 04 IRN", "OMN 04 USA"}},
		{"Colombia denounced the killing of its soldiers by Venezuelan troops.", []string{"COL 11 VEN", "VEN 19 COL"}},
		{"Japan protested against the Chinese coast guard's intrusion into its territorial waters.", []string{"JPN 11 CHN", "CHN * JPN"}},
	},
	"reported": {
		{"\"We condemn the coup in Gabon in the strongest terms,\" the Kenyan foreign ministry said.", []string{"KEN 11 GAB"}},
		{"Brazil's foreign minister met his Chinese counterpart in Beijing on Tuesday.\n\n\"We call on Russia to withdraw its troops,\" he told reporters afterwards.", []string{"BRA 04 CHN", "BRA 02 RUS"}},
		{"Iran has supplied drones to Russia, according to British intelligence.", []string{"IRN 07 RUS reported"}},
		{"Moscow's ambassador told reporters that the Moldovan government was a puppet of the West.", []string{"RUS 11 MDA"}},
		{"Egypt's foreign minister criticised Ethiopia on Monday. \"The dam is a threat to our existence,\" he said. \"We call on Addis Ababa to sign a binding agreement.\"", []string{"EGY 11 ETH", "EGY 02 ETH"}},
		{"Chinese warships sailed near the Japanese islands, Tokyo said.", []string{"CHN 15 JPN reported"}},
		{"South Korea's defence ministry said North Korea had fired artillery shells near the border.", []string{"PRK 19 * reported", "KOR 11 PRK"}},
		{"Tehran is ready to resume nuclear talks with Washington, Iran's foreign minister said.", []string{"IRN 03 USA"}},
	},
	"scope": {
		{"Indonesia declined to criticise China over the incident.", []string{"IDN 11 CHN neg"}},
		{"Brazil has so far avoided condemning Russia.", []string{"BRA 11 RUS neg"}},
		{"South Africa could expel the Israeli ambassador.", []string{"ZAF 16 ISR hedged"}},
		{"Armenia will not sign the peace treaty unless Azerbaijan withdraws its troops.", []string{"ARM 12 *", "ARM 10 AZE"}},
		{"Japan has no plans to impose sanctions on Russia.", []string{"JPN 16 RUS neg"}},
		{"Nigeria is expected to recognise the new government in Niger.", []string{"NGA 05 NER hedged"}},
		{"Poland did not rule out sending troops to Ukraine.", []string{"POL 07 UKR hedged"}},
		{"Mexico threatened to suspend cooperation with the United States if tariffs were imposed.", []string{"MEX 13 USA"}},
		{"Ghana is unlikely to recognise the junta in Burkina Faso.", []string{"GHA 05 BFA neg,hedged"}},
	},
	"coordination": {
		{"Norway and Ireland recognised Palestine and urged other European states to follow.", []string{"NOR 05 PSE", "IRL 05 PSE", "NOR 02 *", "IRL 02 *"}},
		{"Canada expelled four Chinese diplomats and summoned Beijing's ambassador.", []string{"CAN 16 CHN", "CAN 11 CHN"}},
		{"Russia blamed Ukraine for the attack and vowed revenge.", []string{"RUS 11 UKR", "RUS 13 *"}},
	},
}

// heldOutCases were written in the same round after the rules for
// generalCases were in place, and scored once before any further change,
// to see how far those rules reach sentences they were not written for.
var heldOutCases = map[string][]struct {
	text string
	want []string
}{
	"voice": {
		{"Two Thai soldiers were wounded by Cambodian fire on Sunday.", []string{"KHM 19 THA"}},
		{"The Armenian delegation was received by the Iranian president in Tehran.", []string{"IRN 04 ARM"}},
		{"Sanctions against Syria were lifted by the United States last year.", []string{"USA 08 SYR"}},
		{"The Dutch envoy was expelled by Venezuela on Friday.", []string{"VEN 16 NLD"}},
	},
	"nominal": {
		{"Rwanda rejected the deployment of Burundian troops to Congo.", []string{"RWA 12 *", "BDI * COD"}},
		{"Indonesia welcomed Australia's decision to return the fishermen.", []string{"IDN 05 AUS", "AUS 08 IDN"}},
		{"Pakistan condemned India's strikes on its territory.", []string{"PAK 11 IND", "IND 19 PAK"}},
		{"Chad protested the killing of its citizens by Sudanese militias.", []string{"TCD 11 SDN", "SDN 18 TCD"}},
	},
	"reference": {
		{"Guatemala recognised Taiwan in a joint statement. China condemned the move.", []string{"GTM 05 TWN", "CHN 11 GTM"}},
		{"Niger expelled the French ambassador on Tuesday. Paris called the expulsion illegal.", []string{"NER 16 FRA", "FRA 11 NER"}},
		{"Russia shelled the Ukrainian city of Sumy overnight. Kyiv said the attack was a war crime.", []string{"RUS 19 UKR", "UKR 11 RUS"}},
		{"Israel and Morocco signed a trade agreement. The deal drew criticism from Algeria.", []string{"ISR 05 MAR", "MAR 05 ISR", "DZA 11 ISR", "DZA 11 MAR"}},
		{"South Korea suspended the military agreement with the North. Pyongyang said the step was dangerous.", []string{"KOR 16 PRK", "PRK 11 KOR"}},
	},
	"reported": {
		{"Cuba has allowed Chinese spy stations on its territory, American officials said.", []string{"CUB * CHN reported"}},
		{"\"Ethiopia's plans are a threat to the region,\" the Eritrean information minister said.", []string{"ERI 11 ETH"}},
		{"Ghana's president met his Togolese counterpart on Monday. \"We will work together against terrorism,\" he said.", []string{"GHA 04 TGO", "GHA 03 *"}},
		{"Kazakhstan's foreign minister told reporters that Russia's war was a tragedy.", []string{"KAZ 11 RUS", "RUS 19 * reported"}},
	},
	"scope": {
		{"Saudi Arabia has so far declined to join the sanctions against Russia.", []string{"SAU 16 RUS neg"}},
		{"Bangladesh is unlikely to recognise the Taliban government.", []string{"BGD 05 AFG neg,hedged"}},
		{"Greece would veto Turkey's accession if Ankara refused to recognise Cyprus.", []string{"GRC 12 TUR hedged"}},
		{"Egypt may mediate between Sudan and South Sudan.", []string{"EGY 04 SDN hedged", "EGY 04 SSD hedged"}},
	},
	"coordination": {
		{"Chile and Peru signed a border agreement and agreed to share intelligence.", []string{"CHL 05 PER", "PER 05 CHL", "CHL 03 PER", "PER 03 CHL"}},
		{"Serbia recalled its ambassador from Montenegro and accused Podgorica of discrimination.", []string{"SRB 16 MNE", "SRB 11 MNE"}},
		{"Iran seized a Greek tanker and detained its crew.", []string{"IRN 17 GRC", "IRN 17 GRC"}},
	},
}

// precisionCases were written in issue 11's fifth round, before the
// coder was changed for them, aimed at what a rule-based coder emits
// wrongly on unseen text: events from background clauses ("since the
// 2022 invasion"), actors in appositions and titles ("the ambassador to
// the United States", "a former envoy to Moscow") taken as sources or
// targets, comitatives ("alongside", "accompanied by"), hypotheticals and
// questions, datelines and bylines, lists of attendees, quoted third
// parties, self-dyads, definite descriptions that point to the wrong
// state ("the island", "the South", "Congo" beside its Great Lakes
// neighbours), and event nouns with their roles. A nil want expects no
// event. They are scored with the suite of their phenomenon, and their
// own pass rate is logged apart.
var precisionCases = map[string][]struct {
	text string
	want []string
}{
	"reference": {
		// Titles and appositions name no second party.
		{"Kenya's ambassador to the United States condemned the coup in Sudan.", []string{"KEN 11 SDN"}},
		{"Mexico's foreign minister, a former ambassador to Washington, met Canada's prime minister in Ottawa.", []string{"MEX 04 CAN"}},
		{"The former envoy to Moscow, now an adviser to the Kazakh president, said the talks had stalled.", nil},
		// Datelines, bylines and headlines.
		{"BEIRUT (Reuters) - Israel struck targets in southern Lebanon on Sunday.", []string{"ISR 19 LBN"}},
		{"By Ana Costa in Brasília\n\nArgentina recalled its ambassador from Venezuela on Friday.", []string{"ARG 16 VEN"}},
		{"Russia, China veto UN resolution\n\nUNITED NATIONS (AP) - Russia and China vetoed a Security Council resolution on Sudan on Tuesday.", []string{"RUS 12 *", "CHN 12 *"}},
		{"By Staff Writer, Seoul\n\nJapan protested to China over a buoy placed near the Senkaku Islands.", []string{"JPN 11 CHN"}},
		// Self-dyads: a state's own officials and bodies.
		{"Pakistan's army chief met Prime Minister Shehbaz Sharif in Islamabad.", nil},
		{"South Korea's president dismissed his defence minister on Friday.", nil},
		{"Thailand's defence ministry criticised the Thai foreign ministry's handling of the border talks.", nil},
		// Definite descriptions and short names read in context.
		{"China held large-scale drills around Taiwan on Thursday. The island's defence ministry condemned the exercises.", []string{"CHN 15 TWN", "TWN 11 CHN"}},
		{"Angola mediated between Rwanda and Congo after clashes near Goma.", []string{"AGO 04 RWA", "AGO 04 COD"}},
		{"Uganda deployed troops to eastern Congo on Monday.", []string{"UGA * COD"}},
		{"Congo's president received Gabon's foreign minister in Brazzaville.", []string{"COG 04 GAB"}},
		{"North Korea fired artillery shells near the border island on Friday. The South said it would respond sternly.", []string{"PRK 19 *", "KOR 13 *"}},
		{"Sudan's prime minister visited the North on Monday.", nil},
		{"Ukraine's foreign minister visited Warsaw on Monday. The minister criticised Hungary's stance on sanctions.", []string{"UKR 04 POL", "UKR 11 HUN"}},
	},
	"coordination": {
		// Comitatives, attendees and hosts.
		{"Speaking alongside his French counterpart, the Indian foreign minister criticised Pakistan.", []string{"IND 11 PAK"}},
		{"Leaders of Kenya, Uganda, Tanzania and Rwanda attended the summit.", nil},
		{"Qatar hosted the foreign ministers of Egypt, Jordan and Saudi Arabia in Doha on Sunday.", []string{"QAT 04 EGY", "QAT 04 JOR", "QAT 04 SAU"}},
		{"Among those present at the signing in Riyadh were the foreign ministers of Jordan and Egypt.", nil},
		{"India and Pakistan exchanged fire along the border on Tuesday. Both sides accused each other of starting it.", []string{"IND 19 PAK", "PAK 19 IND", "IND 11 PAK", "PAK 11 IND"}},
	},
	"scope": {
		// Questions and hypotheticals.
		{"Will India condemn Russia at the summit?", []string{"IND 11 RUS hedged"}},
		{"If Serbia recognised Kosovo, Russia would veto the deal.", []string{"RUS 12 * hedged"}},
		{"Had Japan imposed sanctions on Iran, oil prices would have risen.", nil},
		{"Analysts asked whether Egypt would expel the Israeli ambassador.", []string{"EGY 16 ISR hedged"}},
		// Background clauses.
		{"After last year's talks in Geneva failed, Armenia accused Azerbaijan of stalling.", []string{"ARM 11 AZE"}},
		{"Since the 2022 invasion, Moldova has repeatedly criticised Russia.", []string{"MDA 11 RUS"}},
		{"Two years after the coup in Niger, Benin reopened its border with its neighbour.", []string{"BEN * NER"}},
		{"Relations have been frosty since Canada expelled an Indian diplomat last year, but the two sides met in Ottawa on Friday.", []string{"CAN 16 IND", "CAN 04 IND", "IND 04 CAN"}},
	},
	"reported": {
		// Quoted third parties and reported judgements.
		{"Japan's prime minister said China's foreign minister had called the visit a provocation.", []string{"CHN 11 * reported"}},
		{"Quoting an Iranian diplomat, Reuters reported that Tehran had agreed to resume talks with Washington.", []string{"IRN 03 USA reported"}},
		{"Chile's president said Venezuela's election was a fraud.", []string{"CHL 11 VEN"}},
		{"Senegal's prime minister said France's military presence was a humiliation.", []string{"SEN 11 FRA"}},
		{"Serbia has allowed Russian troops to train on its soil, Croatian officials said.", []string{"SRB * RUS reported"}},
		{"\"Hungary is blocking Europe's help to Ukraine,\" the Polish foreign minister said.", []string{"POL 11 HUN", "HUN 12 *"}},
	},
	"nominal": {
		{"Thailand welcomed Malaysia's decision to release the Thai fishermen.", []string{"THA 05 MYS", "MYS 08 THA"}},
		{"Japan welcomed South Korea's lifting of export restrictions on Japanese firms.", []string{"JPN 05 KOR", "KOR 08 JPN"}},
		{"The Philippines protested China's construction of an airstrip on the reef.", []string{"PHL 11 CHN"}},
		{"Germany condemned Iran's execution of a German citizen.", []string{"DEU 11 IRN", "IRN * DEU"}},
		{"Fiji's prime minister welcomed Australia's pledge of climate funding for Tuvalu.", []string{"FJI 05 AUS", "AUS * TUV"}},
	},
	"voice": {
		{"The Brazilian ambassador in Buenos Aires was summoned by Argentina's foreign ministry.", []string{"ARG 11 BRA"}},
		{"Russia's ambassador to Israel was summoned by the Israeli foreign ministry.", []string{"ISR 11 RUS"}},
		{"Kenyan peacekeepers in Haiti were attacked by gangs on Sunday.", []string{"* 19 KEN"}},
		{"Mongolia was visited by the Chinese premier, who was accompanied by Russian officials.", []string{"CHN 04 MNG"}},
	},
}

// precisionHeldOut were written in the fifth round after the rules for
// precisionCases were in place and scored once before any further change:
// the same kinds of trap in other words and other regions.
var precisionHeldOut = map[string][]struct {
	text string
	want []string
}{
	"voice": {
		{"The Estonian consul in St Petersburg was detained by Russian security services.", []string{"RUS 17 EST"}},
		{"Lebanese border posts were shelled by Israeli artillery on Tuesday.", []string{"ISR 19 LBN"}},
		{"Peru's ambassador to Mexico was expelled by the Mexican government.", []string{"MEX 16 PER"}},
		{"Several Malaysian fishing boats were seized by the Indonesian navy.", []string{"IDN 17 MYS"}},
	},
	"nominal": {
		{"Sweden condemned Iran's detention of a Swedish diplomat.", []string{"SWE 11 IRN", "IRN 17 SWE"}},
		{"Argentina welcomed Chile's decision to reopen the border crossing.", []string{"ARG 05 CHL", "CHL 08 ARG"}},
		{"Poland protested Belarus's expulsion of Polish journalists.", []string{"POL 11 BLR", "BLR 17 POL"}},
		{"Vietnam protested the detention of Vietnamese fishermen by Chinese maritime forces.", []string{"VNM 11 CHN", "CHN 17 VNM"}},
	},
	"reference": {
		{"KINSHASA (Reuters) - Congo recalled its ambassador from Rwanda on Monday.", []string{"COD 16 RWA"}},
		{"South Korea and the United States held talks in Seoul. The North warned of consequences.", []string{"KOR 04 USA", "USA 04 KOR", "PRK 13 *"}},
		{"Saudi Arabia restored ties with Iran in March. The kingdom later hosted Iran's foreign minister.", []string{"SAU * IRN", "SAU 04 IRN"}},
		{"The Philippine president met Japan's prime minister in Tokyo. The president later criticised China.", []string{"PHL 04 JPN", "PHL 11 CHN"}},
		{"Brazil's president reshuffled his cabinet on Tuesday.", nil},
		{"Kenya's president, a vocal critic of Russia, visited Kyiv on Sunday.", []string{"KEN 04 UKR"}},
	},
	"coordination": {
		{"Foreign ministers from Spain, Portugal and Morocco attended a conference in Rabat.", nil},
		{"Accompanied by Emirati officials, the Sudanese army chief visited Cairo.", []string{"SDN 04 EGY"}},
		{"Oman, alongside Qatar, mediated between Iran and the United States.", []string{"OMN 04 IRN", "OMN 04 USA"}},
		{"Leaders of Brazil, India and South Africa attended the G20 summit in Rio.", nil},
	},
	"scope": {
		{"Could Japan expel Chinese diplomats over the incident?", []string{"JPN 16 CHN hedged"}},
		{"Should Ankara block the deal, Stockholm would look elsewhere.", nil},
		{"After years of tension following the 2017 blockade, Qatar restored relations with Bahrain.", []string{"QAT * BHR"}},
		{"Reporters asked whether India would join the sanctions against Russia.", []string{"IND 16 RUS hedged"}},
	},
	"reported": {
		{"Mongolia's president said Russia's demands were a threat to his country.", []string{"MNG 11 RUS"}},
		{"\"China is arming Russia,\" the Lithuanian foreign minister told reporters.", []string{"LTU 11 CHN", "CHN 07 RUS"}},
		{"Citing Western intelligence officials, the newspaper said Iran had shipped missiles to Russia.", []string{"IRN 07 RUS reported"}},
		{"Peru's foreign minister said Bolivia's president had called the election a fraud.", []string{"BOL 11 * reported"}},
	},
}

// roundSixCases were written in issue 11's sixth round, before the coder
// was changed for them, weighted to event nouns with their roles and to
// reference across sentences and paragraphs, plus the failures the fifth
// round left (a demonym in lower-case-folded matching, an appositive
// participle's agent, a protest's maker as the target of its rejection,
// an agentless welcome, "the North" of a divided state). A nil want
// expects no event. They are scored with the suite of their phenomenon,
// and their own pass rate is logged apart.
var roundSixCases = map[string][]struct {
	text string
	want []string
}{
	"nominal": {
		{"Lithuania condemned the deployment of Russian nuclear weapons to Belarus.", []string{"LTU 11 RUS", "RUS * BLR"}},
		{"Talks between Armenia and Azerbaijan resumed in Almaty on Friday.", []string{"ARM 04 AZE", "AZE 04 ARM"}},
		{"Bond prices in Caracas fell amid new sanctions by Washington on Venezuela's oil sector.", []string{"USA 16 VEN"}},
		{"The expulsion of three Estonian diplomats by Russia drew a protest from Tallinn.", []string{"RUS 16 EST", "EST 11 RUS"}},
		{"Kyiv condemned Russia's annexation of four Ukrainian regions.", []string{"UKR 11 RUS", "RUS * UKR"}},
		{"Algeria welcomed the withdrawal of French troops from Niger.", []string{"DZA 05 FRA", "FRA * NER"}},
		{"China praised Malaysia's mediation between Thailand and Cambodia.", []string{"CHN 05 MYS", "MYS 04 THA", "MYS 04 KHM"}},
		{"Jordan denounced Israel's seizure of Palestinian land in the West Bank.", []string{"JOR 11 ISR", "ISR * PSE"}},
		{"Turkey demanded an end to Israel's blockade of Gaza.", []string{"TUR 10 ISR", "ISR * PSE"}},
		{"The Philippines protested the use of water cannon by Chinese coast guard ships against its supply boats.", []string{"PHL 11 CHN", "CHN * PHL"}},
		{"Washington cautiously welcomed the rapprochement between Saudi Arabia and Iran.", []string{"USA 05 SAU", "USA 05 IRN", "SAU * IRN", "IRN * SAU"}},
		{"Tensions grew amid the blockade of Armenian villages by Azerbaijani forces.", []string{"AZE * ARM"}},
		{"Sanctions imposed by the European Union on Iranian drone makers took effect on Monday.", []string{"IGOEUREEC 16 IRN"}},
		// Written to expect no beneficiary; revised when the rule was
		// made principled (in a text about two states only, the one
		// who welcomes a concession naming no one is its beneficiary),
		// and counted as failing in the figure before the change.
		{"Nepal welcomed India's decision to repatriate the stranded workers.", []string{"NPL 05 IND", "IND 08 NPL"}},
		{"Nepal welcomed India's decision to repatriate the stranded workers, a Chinese official said.", []string{"NPL 05 IND reported", "IND 08 - reported"}},
		// Nouns that name no act between states.
		{"Talks on the new budget stalled in Brasilia on Tuesday.", nil},
		{"The deployment of the new weather satellite was delayed by a storm.", nil},
	},
	"reference": {
		{"Kenya's foreign ministry summoned the Ugandan high commissioner on Monday. In a statement, the ministry said Kampala had detained two Kenyan activists without charge.", []string{"KEN 11 UGA", "UGA 17 KEN reported"}},
		{"Burkina Faso's junta ordered the French military attache to leave the country. It accused him of subversive activities.", []string{"BFA 16 FRA", "BFA 11 FRA"}},
		{"Turkey's president said on Tuesday that Israel was a terrorist state. Israel's foreign ministry condemned the remarks.", []string{"TUR 11 ISR", "ISR 11 TUR"}},
		{"Ecuadorian police raided the Mexican embassy in Quito on Friday.\n\nBrazil and Colombia called the raid a violation of international law.", []string{"ECU * MEX", "BRA 11 ECU", "COL 11 ECU"}},
		{"Moldova expelled a Russian diplomat on Tuesday. Moscow called the move a provocation.", []string{"MDA 16 RUS", "RUS 11 MDA"}},
		{"Estonia's foreign ministry summoned Russia's charge d'affaires on Monday.\n\nThe ministry said Russian aircraft had violated Estonian airspace twice this month.", []string{"EST 11 RUS", "RUS * EST reported"}},
		{"Vietnam's coast guard said Chinese vessels had rammed a fishing boat near the Paracel Islands. Hanoi demanded compensation. It also lodged a formal protest with Beijing.", []string{"CHN * * reported", "VNM 11 CHN", "VNM 10 CHN"}},
		{"Norway's foreign ministry summoned Iran's ambassador on Wednesday. The ambassador rejected the protest.", []string{"NOR 11 IRN", "IRN 12 NOR"}},
		{"Israel's prime minister was welcomed in Budapest on Thursday.", []string{"HUN 04 ISR"}},
		{"The Polish foreign minister accused Belarus of orchestrating the migrant crisis.", []string{"POL 11 BLR"}},
		{"China's top legislator visited the North this week, weeks after South Korea's president met Chinese leaders in Beijing.", []string{"CHN 04 PRK", "KOR 04 CHN"}},
		{"In its sharpest statement yet, Brazil condemned Israel's offensive in Gaza.", []string{"BRA 11 ISR", "ISR 19 PSE"}},
		{"Soldiers seized power in Gabon on Wednesday. Cameroon's government called the coup unacceptable.", []string{"CMR 11 GAB"}},
	},
	"reported": {
		{"Colombia's president met his Venezuelan counterpart in Caracas on Saturday.\n\n\"We have agreed to reopen the border fully,\" he told reporters.\n\n\"We urge Washington to lift its sanctions on Venezuela.\"", []string{"COL 04 VEN", "COL 03 VEN", "COL 02 USA"}},
		{"\"This is a grave provocation,\" Japan's chief cabinet secretary said of the missile launch by North Korea. \"We have lodged a strong protest.\"", []string{"PRK * *", "JPN 11 PRK"}},
		{"Kenya's president said the ruling party would hold its congress in May.", nil},
	},
	"voice": {
		{"Serbia, backed by Russia, rejected the resolution on Srebrenica.", []string{"RUS 05 SRB", "SRB 12 *"}},
		{"The decision was widely welcomed.", nil},
	},
	"scope": {
		{"Although it has condemned the invasion, Brazil has not joined the sanctions against Russia.", []string{"BRA 11 *", "BRA 16 RUS neg"}},
	},
	"coordination": {
		{"Chinese and Indian troops clashed in the Galwan valley. New Delhi blamed Beijing for the violence.", []string{"CHN 19 IND", "IND 19 CHN", "IND 11 CHN"}},
	},
}

// roundSixHeldOut were written in the sixth round after the rules for
// roundSixCases were in place, and scored once before any further change:
// the same kinds of construction in other words and other regions.
var roundSixHeldOut = map[string][]struct {
	text string
	want []string
}{
	"nominal": {
		{"Georgia protested the deployment of Russian border guards to South Ossetia.", []string{"GEO 11 RUS"}},
		{"Negotiations between Egypt and Ethiopia over the dam collapsed in December.", []string{"EGY 04 ETH", "ETH 04 EGY"}},
		{"Caracas condemned Washington's seizure of a Venezuelan cargo plane.", []string{"VEN 11 USA", "USA 17 VEN"}},
		{"Qatar's mediation between Rwanda and Congo was praised by the African Union.", []string{"QAT 04 RWA", "QAT 04 COD", "* 05 QAT"}},
		{"Ghana welcomed Nigeria's decision to reopen its border with Benin.", []string{"GHA 05 NGA", "NGA 08 BEN"}},
		{"Oil prices rose amid fresh sanctions by the European Union against Russian shipping.", []string{"IGOEUREEC 16 RUS"}},
	},
	"reference": {
		{"Chile's foreign ministry summoned Argentina's ambassador on Friday. The envoy dismissed the complaint as a misunderstanding.", []string{"CHL 11 ARG", "ARG 12 CHL"}},
		{"Saudi Arabia's crown prince was received in Paris on Tuesday.", []string{"FRA 04 SAU"}},
		{"Armenia, supported by France, accused Azerbaijan of violating the ceasefire.", []string{"FRA 05 ARM", "ARM 11 AZE", "AZE * * reported"}},
		{"The Swedish prime minister criticised Hungary's delay on NATO membership.", []string{"SWE 11 HUN"}},
		// Two golds corrected after the one scoring (counted as failing
		// there): an officer who is no diplomat is expelled as a person
		// (17, not 16), and genocide is mass violence (20, not 19).
		{"Mauritania expelled a Malian military officer on Sunday. It accused him of spying.", []string{"MRT 17 MLI", "MRT 11 MLI"}},
		{"Brazil's president said on Monday that Israel was committing genocide in Gaza. Israel's foreign ministry called the remarks shameful.", []string{"BRA 11 ISR", "ISR 20 PSE reported", "ISR 11 BRA"}},
	},
	"reported": {
		{"Peru's foreign minister met her Bolivian counterpart in La Paz on Monday.\n\n\"We have agreed to strengthen border controls,\" she said.", []string{"PER 04 BOL", "PER 03 BOL"}},
		{"South Korea's foreign ministry said North Korean soldiers had crossed the demarcation line. Seoul lodged a protest.", []string{"PRK * KOR reported", "KOR 11 PRK"}},
	},
}

// TestCoder_Phenomena runs the suite of each phenomenon and requires at
// least 90 % of each to pass; failures are logged so that a regression
// names the sentence it broke.
//
// Recorded with go test ./coder -run TestCoder_Phenomena -v: before the
// changes of issue 11, voice 2/10, nominal 1/10, reference 3/10,
// coordination 5/10, scope 7/10, reported 4/10; after, voice 10/10,
// nominal 9/10, reference 10/10, coordination 9/10, scope 10/10,
// reported 9/10. Two cases of quotations carried across sentences were
// added to the reported suite afterwards (reported 11/12), then two
// to scope (a refusal with the act blamed, a conditional refusal) and
// one to coordination (two acts one is accused of): scope 12/12,
// coordination 10/11. Issue 11's second round fixed the two open cases
// (the sending's destination in its purpose clause, now with the fighting
// as a second act in the gold; a threat named with its agent) and added
// four scope cases, one reported, five reference: voice 10/10, nominal
// 10/10, reference 15/15, coordination 11/11, scope 16/16, reported
// 13/13. The third round added definite descriptions with no state named
// before them (dateline, the text's one state, the day's one junta, and
// two that must abstain), participles only the lemmatizer reads, an
// event anaphor across codes, a quote's speaker and an attack in its
// victim's words, reported trespass and a reported blocking: voice
// 13/13, nominal 11/11, reference 21/21, coordination 11/11, scope 16/16,
// reported 16/16. The fourth round wrote the 48 generalCases first (21
// passed), then changed the rules until all 48 passed; then it wrote the
// 24 heldOutCases and scored them before any further change (10 passed;
// 18 after the rules below them were generalised); one case guards "met
// with" against the reaction verbs and five more came from probing after
// the rules were in: voice 17/17, nominal 25/27, reference 45/46,
// coordination 18/18, scope 28/29, reported 27/29. The held-out
// cases still missed need the registry ("the Taliban government",
// "Congo" in an African Great Lakes story, "the North" for North Korea)
// or knowledge the text leaves implicit (whose fishermen were returned).
// The fifth round wrote the 45 precisionCases first (18 passed before any
// change: voice 4/4, nominal 3/5, reference 6/17, coordination 2/5, scope
// 3/8, reported 0/6), changed the rules until 41 passed, then wrote the 26
// precisionHeldOut cases and scored them once (20 passed), and
// generalised three rules after that (23): voice 25/25, nominal 34/36,
// reference 68/69, coordination 27/27, scope 40/41, reported 37/39. Still
// missed: "Polish" is no name in the registry (it folds case), whose
// neighbour Benin reopened its border with, a visit to "the North" of
// Sudan, and a quoted charge of arming an aggressor as criticism.
// The sixth round wrote the 36 roundSixCases first (21 passed before any
// change), changed the rules until 34 passed (one gold, the Nepal case,
// revised with the beneficiary rule and a three-state twin added), then
// wrote the 14 roundSixHeldOut cases and scored them once (8 passed; 12
// after two more general rules and two gold corrections): voice 27/27,
// nominal 58/59, reference 87/88, coordination 28/28, scope 42/42,
// reported 41/44. Still missed: a noun act inside an embedded one ("an
// end to Israel's blockade of Gaza"), a passive "received in Paris" with
// no pattern for the bare verb, soldiers "crossing the demarcation line"
// (no pattern), a domestic statement coded 010, and arming an aggressor.
func TestCoder_Phenomena(t *testing.T) {
	c := realCoderFor(t)
	for _, ph := range []string{"voice", "nominal", "reference", "coordination", "scope", "reported"} {
		t.Run(ph, func(t *testing.T) {
			cases := phenomenonCases[ph]
			older := len(cases)
			cases = append(cases[:older:older], generalCases[ph]...)
			general := len(cases)
			cases = append(cases, heldOutCases[ph]...)
			held := len(cases)
			cases = append(cases, precisionCases[ph]...)
			prec := len(cases)
			cases = append(cases, precisionHeldOut[ph]...)
			six := len(cases)
			cases = append(cases, roundSixCases[ph]...)
			sixHeld := len(cases)
			cases = append(cases, roundSixHeldOut[ph]...)
			pass, newPass, heldPass, precPass, precHeld, sixPass, sixHeldPass := 0, 0, 0, 0, 0, 0, 0
			for ci, tc := range cases {
				// A case read on another day than 2024-06-01 opens
				// with it: "[2025-10-20] The junta…".
				text, day := tc.text, "2024-06-01"
				if strings.HasPrefix(text, "[") && len(text) > 13 && text[11] == ']' {
					text, day = text[13:], text[1:11]
				}
				evs := code(t, c, text, day)
				if problem := phenomenonCheck(tc.want, evs); problem != "" {
					t.Logf("FAIL %q: %s; got %v", tc.text, problem, describe(evs))
					continue
				}
				pass++
				switch {
				case ci >= sixHeld:
					sixHeldPass++
				case ci >= six:
					sixPass++
				case ci >= prec:
					precHeld++
				case ci >= held:
					precPass++
				case ci >= general:
					heldPass++
				case ci >= older:
					newPass++
				}
			}
			rate := float64(pass) / float64(len(cases))
			t.Logf("%s: %d/%d (%.0f%%); of them written in the fourth round: %d/%d, held out: %d/%d, fifth round (precision): %d/%d, its held-out: %d/%d, sixth round (nouns, reference): %d/%d, its held-out: %d/%d", ph, pass, len(cases), 100*rate, newPass, general-older, heldPass, held-general, precPass, prec-held, precHeld, six-prec, sixPass, sixHeld-six, sixHeldPass, len(cases)-sixHeld)
			if rate < 0.9-1e-9 {
				t.Errorf("%s: %d of %d pass, want at least 90%%", ph, pass, len(cases))
			}
		})
	}
}

// describe renders coded events with their qualifiers.
func describe(evs []coder.Extracted) []string {
	out := summary(evs)
	for i, e := range evs {
		if e.Negated {
			out[i] += " neg"
		}
		if e.Modality != "asserted" {
			out[i] += " " + string(e.Modality)
		}
	}
	return out
}

// phenomenonCheck returns what is wrong with evs against want, or "".
func phenomenonCheck(want []string, evs []coder.Extracted) string {
	used := make([]bool, len(evs))
	for _, w := range want {
		fs := strings.Fields(w)
		g := goldEvent{source: fs[0], root: fs[1], target: fs[2]}
		if len(fs) > 3 {
			g.quals = strings.Split(fs[3], ",")
		}
		found := false
		for k, e := range evs {
			if used[k] {
				continue
			}
			if g.root == "*" {
				g2 := g
				g2.root = e.CAMEO[:2]
				if !g2.matches(e) {
					continue
				}
			} else if !g.matches(e) {
				continue
			}
			used[k], found = true, true
			break
		}
		if !found {
			return fmt.Sprintf("missing %s", w)
		}
	}
	// Every other event must repeat one expected (another mention of the
	// same state); anything else is wrong.
	for k, e := range evs {
		if used[k] {
			continue
		}
		dup := false
		for j, o := range evs {
			if used[j] && o.CAMEO[:2] == e.CAMEO[:2] && sameState(o.Source, e.Source) && sameState(o.Target, e.Target) {
				dup = true
			}
		}
		if !dup {
			return fmt.Sprintf("unexpected %s", summary(evs[k : k+1])[0])
		}
	}
	return ""
}

func sameState(a, b *entente.ActorRef) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Code[:min(3, len(a.Code))] == b.Code[:min(3, len(b.Code))]
}

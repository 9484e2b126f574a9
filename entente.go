// Package entente holds the domain vocabulary of entente: the actors whose
// ties it tracks, the sources and evidence every figure rests on, and the
// interfaces the adapters (store, importers, coder, faces) implement. It
// imports only the standard library so that every other package can depend on
// it without pulling in a driver.
package entente

import (
	"fmt"
	"strings"
	"time"
)

// DateLayout is the one date format entente reads and writes.
const DateLayout = "2006-01-02"

// ParseDate reads a YYYY-MM-DD date as a UTC midnight. A bare year "YYYY"
// is taken as its first day, because analysts often type just the year.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) == 4 {
		t, err := time.Parse("2006", s)
		if err != nil {
			return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD: %w", s, ErrInvalid)
		}
		return t.UTC(), nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD: %w", s, ErrInvalid)
	}
	return t.UTC(), nil
}

// Day returns the UTC midnight of the given calendar day.
func Day(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}

// Period is a closed interval of days. A zero From means "since always" and a
// zero To means "still in force"; both ends are inclusive because the public
// datasets state membership spells as first and last day.
type Period struct {
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
}

// Contains reports whether day d lies within the period. A zero d means "no
// date given" and is contained in every period, so undated lookups see
// everything.
func (p Period) Contains(d time.Time) bool {
	if d.IsZero() {
		return true
	}
	if !p.From.IsZero() && d.Before(p.From) {
		return false
	}
	if !p.To.IsZero() && d.After(p.To) {
		return false
	}
	return true
}

// Overlaps reports whether two periods share at least one day.
func (p Period) Overlaps(q Period) bool {
	if !p.To.IsZero() && !q.From.IsZero() && q.From.After(p.To) {
		return false
	}
	if !q.To.IsZero() && !p.From.IsZero() && p.From.After(q.To) {
		return false
	}
	return true
}

// String renders the period as "FROM..TO" with open ends left empty.
func (p Period) String() string {
	var b strings.Builder
	if !p.From.IsZero() {
		b.WriteString(p.From.Format(DateLayout))
	}
	b.WriteString("..")
	if !p.To.IsZero() {
		b.WriteString(p.To.Format(DateLayout))
	}
	return b.String()
}

// Spells is a set of disjoint periods, for actors and codes whose validity is
// interrupted (Germany before 1945 and after 1949, Russia outside the Soviet
// years).
type Spells []Period

// Contains reports whether any spell contains d. An empty set means always.
func (s Spells) Contains(d time.Time) bool {
	if len(s) == 0 {
		return true
	}
	for _, p := range s {
		if p.Contains(d) {
			return true
		}
	}
	return false
}

// ActorKind tells what sort of entity an actor is.
type ActorKind string

const (
	KindState  ActorKind = "state"  // a sovereign or de facto state, current or historical
	KindIGO    ActorKind = "igo"    // an intergovernmental organisation with a secretariat (UN, NATO)
	KindBloc   ActorKind = "bloc"   // a grouping without a treaty body (BRICS, G77, Quad)
	KindRegion ActorKind = "region" // a UN geoscheme region or subregion
)

// UNStatus is a state's standing at the United Nations.
type UNStatus string

const (
	UNMember   UNStatus = "member"
	UNObserver UNStatus = "observer"
	UNNone     UNStatus = "none"
)

// Actor is a state, organisation, bloc or region entente tracks. Code is the
// stable identifier entente uses everywhere: the ISO 3166-1 alpha-3 code for
// states that have one, the ISO 3166-3 code for dissolved states (SUN, CSK,
// YUG, DDR, YMD), and a registry code for the rest (XKX for Kosovo, RVN for
// South Vietnam, NATO, ASEAN).
type Actor struct {
	Code     string    `json:"code"`
	Kind     ActorKind `json:"kind"`
	Name     string    `json:"name"`
	FullName string    `json:"full_name,omitempty"`
	// Valid lists the spells during which the actor existed as such.
	Valid Spells `json:"valid,omitempty"`
	// Codes in other schemes, each possibly bounded in time: COW 365 is the
	// USSR until 1991-12-25 and Russia from the day after.
	Codes        []Code   `json:"codes,omitempty"`
	UN           UNStatus `json:"un_status,omitempty"`
	Region       string   `json:"region,omitempty"`    // UN geoscheme region, e.g. "Asia"
	Subregion    string   `json:"subregion,omitempty"` // e.g. "Eastern Asia"
	Capital      string   `json:"capital,omitempty"`
	Predecessors []string `json:"predecessors,omitempty"`
	Successors   []string `json:"successors,omitempty"`
	Note         string   `json:"note,omitempty"`
}

// ValidOn reports whether the actor existed on day d (zero d: ever).
func (a Actor) ValidOn(d time.Time) bool { return a.Valid.Contains(d) }

// CodeIn returns the actor's code in the scheme on day d, or "" when it has
// none then.
func (a Actor) CodeIn(scheme CodeScheme, d time.Time) string {
	for _, c := range a.Codes {
		if c.Scheme == scheme && c.Valid.Contains(d) {
			return c.Value
		}
	}
	return ""
}

// CodeScheme names a country-code system.
type CodeScheme string

const (
	SchemeISO3   CodeScheme = "iso3"   // ISO 3166-1 alpha-3 (and ISO 3166-3 for dissolved states)
	SchemeISO2   CodeScheme = "iso2"   // ISO 3166-1 alpha-2
	SchemeISONum CodeScheme = "isonum" // ISO 3166-1 numeric, same as UN M49 for countries
	SchemeCOWNum CodeScheme = "cown"   // Correlates of War numeric state code
	SchemeCOWAbb CodeScheme = "cowc"   // Correlates of War alpha state abbreviation
	SchemeGWNum  CodeScheme = "gwn"    // Gleditsch–Ward numeric
	SchemeGWAbb  CodeScheme = "gwc"    // Gleditsch–Ward alpha
	SchemeCAMEO  CodeScheme = "cameo"  // CAMEO country/IGO code as used by GDELT and PETRARCH
)

// Schemes lists every code scheme, in the order tables show them.
var Schemes = []CodeScheme{SchemeISO3, SchemeISO2, SchemeISONum, SchemeCOWNum, SchemeCOWAbb, SchemeGWNum, SchemeGWAbb, SchemeCAMEO}

// Code is one identifier of an actor in one scheme, valid during Valid.
type Code struct {
	Scheme CodeScheme `json:"scheme"`
	Value  string     `json:"value"`
	Valid  Spells     `json:"valid,omitempty"`
}

// NameKind tells how a name refers to its actor; resolution explains itself
// with it.
type NameKind string

const (
	NameOfficial    NameKind = "name"        // "China", "People's Republic of China"
	NameAlias       NameKind = "alias"       // "PRC", "the US", "Burma"
	NameDemonym     NameKind = "demonym"     // "Chinese", "North Korean"
	NameCapital     NameKind = "capital"     // "Beijing", "Pyongyang" used as metonyms
	NameMetonym     NameKind = "metonym"     // "the Kremlin", "Zhongnanhai", "Foggy Bottom"
	NameInstitution NameKind = "institution" // "the State Department", "the Pentagon"
	NameLeader      NameKind = "leader"      // "Duterte", "Kim Jong Un"
	NameCode        NameKind = "code"        // "PRK", "US" written as codes
)

// Name is one way text may refer to an actor, with the CAMEO role the phrase
// implies (a capital implies the government, "the Pentagon" the military).
type Name struct {
	Actor string   `json:"actor"`
	Text  string   `json:"text"`
	Kind  NameKind `json:"kind"`
	Role  Role     `json:"role,omitempty"`
	Valid Spells   `json:"valid,omitempty"`
}

// Role is a CAMEO-style role code that qualifies a country code: USAGOV is
// the government of the United States, CHNMIL China's armed forces.
type Role string

const (
	RoleNone Role = ""
	RoleGOV  Role = "GOV" // government, ministries, heads of state
	RoleMIL  Role = "MIL" // armed forces
	RoleCOP  Role = "COP" // police and internal security
	RoleJUD  Role = "JUD" // judiciary
	RoleLEG  Role = "LEG" // legislature
	RoleSPY  Role = "SPY" // intelligence services
	RoleBUS  Role = "BUS" // business
	RoleMED  Role = "MED" // media
	RoleOPP  Role = "OPP" // political opposition
	RoleREB  Role = "REB" // rebels
	RoleCVL  Role = "CVL" // civilians
	RoleIGO  Role = "IGO" // the actor is itself an organisation
)

// OfficeRole is a post whose holders the registry records.
type OfficeRole string

const (
	HeadOfState      OfficeRole = "head_of_state"
	HeadOfGovernment OfficeRole = "head_of_government"
	ForeignMinister  OfficeRole = "foreign_minister"
	DefenceMinister  OfficeRole = "defence_minister"
	InteriorMinister OfficeRole = "interior_minister"
	// Spokesperson is the foreign ministry's spokesperson, the voice in
	// which most official reactions reach the news.
	Spokesperson OfficeRole = "spokesperson"
	// ServiceChief is the head of the armed forces' command (chief of the
	// general staff, chairman of the joint chiefs): the military's voice.
	ServiceChief OfficeRole = "service_chief"
)

// Office is one person's term in a post of a state. Names listed in Aliases
// ("Duterte", "Rodrigo Duterte") resolve to the state only within Term.
type Office struct {
	Actor   string     `json:"actor"`
	Role    OfficeRole `json:"role"`
	Person  string     `json:"person"`
	Aliases []string   `json:"aliases,omitempty"`
	Term    Period     `json:"term"`
}

// Membership is an actor's membership of an organisation, bloc or region.
type Membership struct {
	Group  string `json:"group"`
	Member string `json:"member"`
	Status string `json:"status"` // "member", "observer", "partner", "suspended"
	Period Period `json:"period"`
	Note   string `json:"note,omitempty"`
}

// Source is a dataset release or a document collection that rows come from.
// Every figure entente prints can be traced back to one.
type Source struct {
	ID        string    `json:"id"`      // stable key, e.g. "unvotes:2020" or "doc:9f3a…"
	Dataset   string    `json:"dataset"` // e.g. "unvotes", "cow-alliance", "gdelt2"
	Release   string    `json:"release"` // publisher's version, e.g. "4.1"
	Title     string    `json:"title"`
	Publisher string    `json:"publisher"`
	Licence   string    `json:"licence"`
	Citation  string    `json:"citation"`
	URL       string    `json:"url,omitempty"`
	File      string    `json:"file,omitempty"`
	Checksum  string    `json:"checksum,omitempty"` // SHA-256 of the file as read
	Rows      int64     `json:"rows"`
	Coverage  Period    `json:"coverage"`
	Curated   bool      `json:"curated,omitempty"` // authored facts shipped with entente
	Imported  time.Time `json:"imported"`
}

// Evidence points at what a fact rests on: a dataset row (Source, File, Line)
// or a span of a document (Document, Start, End, Text).
type Evidence struct {
	Source   string `json:"source"`
	File     string `json:"file,omitempty"`
	Line     int64  `json:"line,omitempty"`
	Document string `json:"document,omitempty"`
	Start    int    `json:"start,omitempty"`
	End      int    `json:"end,omitempty"`
	Text     string `json:"text,omitempty"`
}

// String renders evidence as a citation an analyst can follow.
func (e Evidence) String() string {
	if e.Document != "" {
		return fmt.Sprintf("%s[%d:%d] %q", e.Document, e.Start, e.End, e.Text)
	}
	if e.File != "" {
		return fmt.Sprintf("%s %s:%d", e.Source, e.File, e.Line)
	}
	return e.Source
}

// Document is an article or report ingested as text.
type Document struct {
	ID          string    `json:"id"` // "doc:" + first 16 hex digits of the SHA-256 of the text
	Title       string    `json:"title"`
	Author      string    `json:"author,omitempty"`
	Publisher   string    `json:"publisher,omitempty"`
	Date        time.Time `json:"date"`
	URL         string    `json:"url,omitempty"`
	Checksum    string    `json:"checksum"`
	Text        string    `json:"text"`
	DuplicateOf string    `json:"duplicate_of,omitempty"` // near-duplicate (syndicated copy) of this document
}

// Modality says how firmly a text asserts an event.
type Modality string

const (
	Asserted    Modality = "asserted"
	Hedged      Modality = "hedged"
	Recommended Modality = "recommended"
	Reported    Modality = "reported"
)

// Quantity is a number attached to an event: "10,000 soldiers",
// "US$300 million", "90 per cent".
type Quantity struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	Text  string  `json:"text"`
}

// ActorRef is an event participant: a CAMEO-style code (country + role),
// the state behind it and the text that named it.
type ActorRef struct {
	Code    string `json:"code"`
	Country string `json:"country"` // ISO3 of the state behind the actor, "" if none
	Text    string `json:"text"`
}

// Event is a coded interaction: who did what to whom, when, per which
// evidence. Negated events (refused to condemn) are stored as such and never
// counted as the act.
type Event struct {
	ID         string     `json:"id"`
	Date       time.Time  `json:"date"`
	Source     ActorRef   `json:"source"`
	Target     ActorRef   `json:"target"`
	CAMEO      string     `json:"cameo"`
	PLOVER     string     `json:"plover"`
	Goldstein  float64    `json:"goldstein"`
	Negated    bool       `json:"negated"`
	Modality   Modality   `json:"modality"`
	Quantities []Quantity `json:"quantities,omitempty"`
	Confidence float64    `json:"confidence"`
	Mentions   int        `json:"mentions,omitempty"` // articles reporting it, where the source says
	Tone       float64    `json:"tone,omitempty"`
	Evidence   []Evidence `json:"evidence"`
	// Provenance says who coded the event when the coder's rules did not
	// ("adjudicated by MODEL"); empty for events coded by rule or
	// imported from a dataset.
	Provenance string `json:"provenance,omitempty"`
}

// TieKind names a typed dyadic relation.
type TieKind string

const (
	TieAllianceDefense    TieKind = "alliance.defense"
	TieAllianceNeutrality TieKind = "alliance.neutrality"
	TieAllianceNonAggress TieKind = "alliance.nonaggression"
	TieAllianceEntente    TieKind = "alliance.entente"
	TieAllianceConsult    TieKind = "alliance.consultation"
	TieAllianceOffense    TieKind = "alliance.offense"
	TieTradeFlow          TieKind = "trade.flow"    // Value: imports of A from B, US$ millions
	TieTradeTotal         TieKind = "trade.total"   // national totals (B empty)
	TieArmsTransfer       TieKind = "arms.transfer" // Value: SIPRI TIV millions delivered by A to B
	TieArmsOrder          TieKind = "arms.order"    // a register entry: A supplies B
	TieContiguity         TieKind = "contiguity"
	TieTreaty             TieKind = "treaty"     // curated treaties and partnerships
	TieDependence         TieKind = "dependence" // curated headline figures (share of trade)
	TieDeployment         TieKind = "deployment"
	TieCapability         TieKind = "capability" // COW NMC national figures (B empty)
	TieIdealPoint         TieKind = "idealpoint" // UNGA ideal point of A in a session (B empty)
)

// Tie is a typed, dated, valued relation from A to B (B empty for national
// attributes). Attrs carries dataset-specific fields by name.
type Tie struct {
	Kind     TieKind           `json:"kind"`
	A        string            `json:"a"`
	B        string            `json:"b,omitempty"`
	Period   Period            `json:"period"`
	Year     int               `json:"year,omitempty"`
	Value    float64           `json:"value"`
	Unit     string            `json:"unit,omitempty"`
	Attrs    map[string]string `json:"attrs,omitempty"`
	Evidence Evidence          `json:"evidence"`
}

// VoteChoice is a state's recorded position on a roll call.
type VoteChoice string

const (
	VoteYes     VoteChoice = "yes"
	VoteNo      VoteChoice = "no"
	VoteAbstain VoteChoice = "abstain"
	VoteAbsent  VoteChoice = "absent" // present in the body but did not vote
)

// ParseVoteChoice reads the spellings the public datasets use.
func ParseVoteChoice(s string) (VoteChoice, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "1":
		return VoteYes, nil
	case "no", "n", "3":
		return VoteNo, nil
	case "abstain", "abstention", "a", "2":
		return VoteAbstain, nil
	case "absent", "non-voting", "not voting", "x", "8", "9":
		return VoteAbsent, nil
	}
	return "", fmt.Errorf("vote %q: want yes, no, abstain or absent: %w", s, ErrInvalid)
}

// RollCall is one recorded vote of the UN General Assembly.
type RollCall struct {
	ID         string    `json:"id"` // "unga:" + rcid, or the UN document symbol
	Session    int       `json:"session"`
	Date       time.Time `json:"date"`
	Resolution string    `json:"resolution"` // "A/RES/68/262" or the dataset's "R/68/262"
	Short      string    `json:"short"`
	Title      string    `json:"title"`
	Issues     []string  `json:"issues,omitempty"` // me, nu, di, hr, co, ec
	Important  bool      `json:"important,omitempty"`
	Amendment  bool      `json:"amendment,omitempty"`
	Paragraph  bool      `json:"paragraph,omitempty"`
	Evidence   Evidence  `json:"evidence"`

	// What the UN's own resolution files (DGACM) add; empty for the
	// Voeten data, which does not carry them.

	// Sponsors are the actor codes of the draft's original sponsors.
	Sponsors []string `json:"sponsors,omitempty"`
	// AdditionalSponsors are the actor codes of states that joined the
	// sponsors after the draft was tabled.
	AdditionalSponsors []string `json:"additional_sponsors,omitempty"`
	// SponsorNote is a sponsor that is not a state, as the UN wrote it
	// ("SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY"), or the
	// group a sponsor acted for ("ON BEHALF OF ... THE GROUP OF 77 AND
	// CHINA").
	SponsorNote string `json:"sponsor_note,omitempty"`
	// Subjects are UNBIS Thesaurus terms ("NUCLEAR DISARMAMENT").
	Subjects []string `json:"subjects,omitempty"`
	// Committee is the Main Committee whose report carried the draft
	// ("Third Committee"); "" for drafts taken up in plenary.
	Committee   string `json:"committee,omitempty"`
	AgendaItem  string `json:"agenda_item,omitempty"`  // "Agenda item 72 (b)"
	AgendaTitle string `json:"agenda_title,omitempty"` // the agenda item's name
	// Draft is the originating document symbol ("A/75/L.41" or a committee
	// report such as "A/75/478/Add.2").
	Draft string `json:"draft,omitempty"`
	// Record is the verbatim record of the meeting ("A/75/PV.46").
	Record string `json:"record,omitempty"`
	// Counts are the official yes/no/abstain counts; nil when the source
	// gives none.
	Counts *VoteCounts `json:"counts,omitempty"`
	// MoreEvidence cites the same roll call in other sources (the Voeten
	// data and DGACM both record session 74).
	MoreEvidence []Evidence `json:"more_evidence,omitempty"`
}

// VoteCounts are the official tallies of a recorded vote.
type VoteCounts struct {
	Yes     int `json:"yes"`
	No      int `json:"no"`
	Abstain int `json:"abstain"`
}

// Vote is one state's vote on one roll call.
type Vote struct {
	RollCall string     `json:"rollcall"`
	Country  string     `json:"country"` // actor code
	Choice   VoteChoice `json:"vote"`
	Evidence Evidence   `json:"evidence"`
}

// MergeRollCalls folds roll calls that share an ID into one, keeping the
// order of first appearance. Two sources that record the same vote (the
// Voeten data and the UN's own DGACM files for session 74) store it under
// one ID, each row citing its own file; readers return it once. The first
// row gives the fields it has and its Evidence; later rows fill the fields
// it lacks and add their Evidence and MoreEvidence to MoreEvidence.
func MergeRollCalls(rcs []RollCall) []RollCall {
	at := make(map[string]int, len(rcs))
	out := rcs[:0:0]
	for _, rc := range rcs {
		i, seen := at[rc.ID]
		if !seen {
			at[rc.ID] = len(out)
			out = append(out, rc)
			continue
		}
		m := &out[i]
		fill := func(dst *string, src string) {
			if *dst == "" {
				*dst = src
			}
		}
		fill(&m.Resolution, rc.Resolution)
		fill(&m.Short, rc.Short)
		fill(&m.Title, rc.Title)
		fill(&m.SponsorNote, rc.SponsorNote)
		fill(&m.Committee, rc.Committee)
		fill(&m.AgendaItem, rc.AgendaItem)
		fill(&m.AgendaTitle, rc.AgendaTitle)
		fill(&m.Draft, rc.Draft)
		fill(&m.Record, rc.Record)
		if m.Session == 0 {
			m.Session = rc.Session
		}
		if m.Date.IsZero() {
			m.Date = rc.Date
		}
		if len(m.Issues) == 0 {
			m.Issues = rc.Issues
		}
		if len(m.Sponsors) == 0 {
			m.Sponsors = rc.Sponsors
		}
		if len(m.AdditionalSponsors) == 0 {
			m.AdditionalSponsors = rc.AdditionalSponsors
		}
		if len(m.Subjects) == 0 {
			m.Subjects = rc.Subjects
		}
		if m.Counts == nil {
			m.Counts = rc.Counts
		}
		m.Important = m.Important || rc.Important
		m.Amendment = m.Amendment || rc.Amendment
		m.Paragraph = m.Paragraph || rc.Paragraph
		// A full slice expression, so that appending never writes into the
		// caller's backing array.
		more := m.MoreEvidence[:len(m.MoreEvidence):len(m.MoreEvidence)]
		m.MoreEvidence = append(append(more, rc.Evidence), rc.MoreEvidence...)
	}
	return out
}

package registry

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"entente"
)

// Column lists of the registry files, as data/README.md specifies them.
var (
	statesColumns      = []string{"code", "name", "full_name", "valid", "iso2", "iso3", "isonum", "cown", "cowc", "gwn", "gwc", "cameo", "un", "region", "subregion", "capital", "predecessors", "successors", "note"}
	blocsColumns       = []string{"code", "kind", "name", "full_name", "cameo", "valid", "aliases", "note"}
	namesColumns       = []string{"actor", "kind", "text", "role", "valid"}
	rolesColumns       = []string{"phrase", "role", "position"}
	leadersColumns     = []string{"actor", "role", "person", "aliases", "from", "to"}
	membershipsColumns = []string{"group", "member", "status", "from", "to", "note"}
	stopColumns        = []string{"phrase", "note"}
)

// optional marks trailing columns a record may leave out altogether.
func optional(cols ...string) map[string]bool {
	m := make(map[string]bool, len(cols))
	for _, c := range cols {
		m[c] = true
	}
	return m
}

// origin remembers where an actor was defined, for errors found later.
type origin struct {
	file string
	line int64
}

// builder accumulates a registry while files are read.
type builder struct {
	errs    *errList
	actors  []entente.Actor
	origins []origin
	where   map[string]int // code → index into actors while loading
	names   []nameEntry
	offices []entente.Office
	members []entente.Membership
	roles   []roleEntry
	stops   []string
}

// nameEntry is a name with the explanation a mention through it gives.
type nameEntry struct {
	name entente.Name
	why  string
	// capital marks a capital derived from states.tsv, which gives way to
	// any names.tsv row for the same actor and text (that row may date it).
	capital bool
}

// roleEntry is one row of roles.tsv.
type roleEntry struct {
	phrase string
	role   entente.Role
	after  bool
}

// build parses the six files and assembles the registry.
func build(raw map[string][]byte) (*Registry, error) {
	var errs errList
	states := parseTable("states.tsv", raw["states.tsv"], statesColumns, optional("predecessors", "successors", "note"), &errs)
	blocs := parseTable("blocs.tsv", raw["blocs.tsv"], blocsColumns, optional("aliases", "note"), &errs)
	names := parseTable("names.tsv", raw["names.tsv"], namesColumns, optional("role", "valid"), &errs)
	roles := parseTable("roles.tsv", raw["roles.tsv"], rolesColumns, nil, &errs)
	leaders := parseTable("leaders.tsv", raw["leaders.tsv"], leadersColumns, optional("aliases", "to"), &errs)
	members := parseTable("memberships.tsv", raw["memberships.tsv"], membershipsColumns, optional("note"), &errs)
	// abbreviations.tsv adds names in the columns of names.tsv.
	var abbrevs *table
	if data, ok := raw["abbreviations.tsv"]; ok {
		abbrevs = parseTable("abbreviations.tsv", data, namesColumns, optional("role", "valid"), &errs)
	}
	var stops *table
	if data, ok := raw["stopphrases.tsv"]; ok {
		stops = parseTable("stopphrases.tsv", data, stopColumns, optional("note"), &errs)
	}
	if err := errs.err(); err != nil {
		// A wrong header or column count leaves records unread, and
		// checking references against a partial registry would bury the
		// real fault under false "unknown actor" errors.
		return nil, err
	}
	b := &builder{errs: &errs, where: make(map[string]int, len(states.records)+len(blocs.records)+64)}
	// Sizing the growing slices up front saves a tenth of the load time
	// otherwise spent copying them as they grow.
	b.names = make([]nameEntry, 0, 3*len(states.records)+4*len(blocs.records)+len(names.records))
	b.members = make([]entente.Membership, 0, 3*len(states.records)+len(members.records))
	b.loadStates(states)
	b.loadBlocs(blocs)
	b.deriveRegions()
	b.checkSuccession()
	b.loadNames(names)
	if abbrevs != nil {
		b.loadNames(abbrevs)
	}
	b.dropListedCapitals()
	b.loadRoles(roles)
	b.loadLeaders(leaders)
	b.loadMemberships(members)
	if stops != nil {
		for _, rec := range stops.records {
			phrase := stops.get(rec, "phrase")
			if !hasWord(phrase) {
				b.errs.add(stops.file, rec.line, "phrase", fmt.Errorf("%q has no letters", phrase))
				continue
			}
			b.stops = append(b.stops, phrase)
		}
	}
	b.checkCodes()
	if err := errs.err(); err != nil {
		return nil, err
	}
	return b.finish()
}

// validCode reports whether s can be an entente code: upper-case letters,
// digits and underscores.
func validCode(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// validRole reports whether s is empty or a three-letter CAMEO role code.
func validRole(s string) bool {
	if s == "" {
		return true
	}
	if len(s) != 3 {
		return false
	}
	for _, c := range []byte(s) {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// hasWord reports whether text contains a letter or digit, so that it can
// be matched in running text at all.
func hasWord(text string) bool {
	return strings.IndexFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// addActor registers a new actor, refusing a duplicate code.
func (b *builder) addActor(a entente.Actor, o origin) bool {
	if j, dup := b.where[a.Code]; dup {
		prev := b.origins[j]
		b.errs.add(o.file, o.line, "code", fmt.Errorf("duplicate code %q (first defined at %s:%d): %w", a.Code, prev.file, prev.line, entente.ErrConflict))
		return false
	}
	b.where[a.Code] = len(b.actors)
	b.actors = append(b.actors, a)
	b.origins = append(b.origins, o)
	return true
}

// schemeColumns pairs the states.tsv code columns with their schemes.
var schemeColumns = []struct {
	col    string
	scheme entente.CodeScheme
}{
	{"iso3", entente.SchemeISO3}, {"iso2", entente.SchemeISO2}, {"isonum", entente.SchemeISONum},
	{"cown", entente.SchemeCOWNum}, {"cowc", entente.SchemeCOWAbb},
	{"gwn", entente.SchemeGWNum}, {"gwc", entente.SchemeGWAbb}, {"cameo", entente.SchemeCAMEO},
}

func (b *builder) loadStates(t *table) {
	for _, rec := range t.records {
		bad := false
		fail := func(field string, err error) {
			b.errs.add(t.file, rec.line, field, err)
			bad = true
		}
		a := entente.Actor{Kind: entente.KindState}
		a.Code = t.get(rec, "code")
		if !validCode(a.Code) {
			fail("code", fmt.Errorf("code %q: want upper-case letters, digits or _", a.Code))
		}
		a.Name = t.get(rec, "name")
		if a.Name == "" || !hasWord(a.Name) {
			fail("name", errors.New("empty"))
		}
		a.FullName = t.get(rec, "full_name")
		var err error
		if a.Valid, err = ParseSpells(t.get(rec, "valid")); err != nil {
			fail("valid", err)
		}
		for _, sc := range schemeColumns {
			codes, err := ParseCodeCell(t.get(rec, sc.col), sc.scheme, a.Valid)
			if err != nil {
				fail(sc.col, err)
				continue
			}
			a.Codes = append(a.Codes, codes...)
		}
		// CAMEO writes states with their ISO3 codes, so a state whose cameo
		// cell is empty gets its ISO3 codes as CAMEO codes too; importers
		// of GDELT then find it by ByCode(cameo, ...).
		if t.get(rec, "cameo") == "" {
			for _, c := range a.Codes {
				if c.Scheme == entente.SchemeISO3 {
					c.Scheme = entente.SchemeCAMEO
					c.Valid = slices.Clone(c.Valid)
					a.Codes = append(a.Codes, c)
				}
			}
		}
		switch un := t.get(rec, "un"); un {
		case "":
		case string(entente.UNMember), string(entente.UNObserver), string(entente.UNNone):
			a.UN = entente.UNStatus(un)
		default:
			fail("un", fmt.Errorf("%q: want member, observer or none", un))
		}
		a.Region = t.get(rec, "region")
		a.Subregion = t.get(rec, "subregion")
		if a.Subregion != "" && a.Region == "" {
			fail("region", errors.New("empty while subregion is set"))
		}
		a.Capital = t.get(rec, "capital")
		a.Predecessors = ParseList(t.get(rec, "predecessors"))
		a.Successors = ParseList(t.get(rec, "successors"))
		a.Note = t.get(rec, "note")
		// A row with a bad field still defines its code, so that names and
		// leaders citing it do not add false "unknown actor" errors.
		if !validCode(a.Code) || !b.addActor(a, origin{t.file, rec.line}) || bad {
			continue
		}
		b.names = append(b.names, nameEntry{name: entente.Name{Actor: a.Code, Text: a.Name, Kind: entente.NameOfficial}, why: "name of " + a.Name})
		if a.FullName != "" && a.FullName != a.Name {
			b.names = append(b.names, nameEntry{name: entente.Name{Actor: a.Code, Text: a.FullName, Kind: entente.NameOfficial}, why: "formal name of " + a.Name})
		}
		// The capital is a name too: "Pyongyang" stands for the government
		// of North Korea. A cell that is not a plain place name (notes in
		// parentheses, several cities) is left to names.tsv.
		if c := a.Capital; c != "" && plainPlace(c) {
			b.names = append(b.names, nameEntry{entente.Name{Actor: a.Code, Text: c, Kind: entente.NameCapital, Role: entente.RoleGOV}, capitalWhy(a.Name, entente.RoleGOV), true})
		}
	}
}

// plainPlace reports whether a capital cell is a bare place name.
func plainPlace(s string) bool {
	return hasWord(s) && !strings.ContainsAny(s, "()/;|[]")
}

func (b *builder) loadBlocs(t *table) {
	for _, rec := range t.records {
		bad := false
		fail := func(field string, err error) {
			b.errs.add(t.file, rec.line, field, err)
			bad = true
		}
		a := entente.Actor{Code: t.get(rec, "code"), Name: t.get(rec, "name"), FullName: t.get(rec, "full_name"), Note: t.get(rec, "note")}
		if !validCode(a.Code) {
			fail("code", fmt.Errorf("code %q: want upper-case letters, digits or _", a.Code))
		}
		switch k := entente.ActorKind(t.get(rec, "kind")); k {
		case entente.KindIGO, entente.KindBloc:
			a.Kind = k
		default:
			fail("kind", fmt.Errorf("%q: want igo or bloc", k))
		}
		if a.Name == "" || !hasWord(a.Name) {
			fail("name", errors.New("empty"))
		}
		var err error
		if a.Valid, err = ParseSpells(t.get(rec, "valid")); err != nil {
			fail("valid", err)
		}
		codes, err := ParseCodeCell(t.get(rec, "cameo"), entente.SchemeCAMEO, a.Valid)
		if err != nil {
			fail("cameo", err)
		}
		a.Codes = codes
		aliases := ParseList(t.get(rec, "aliases"))
		for _, al := range aliases {
			if !hasWord(al) {
				fail("aliases", fmt.Errorf("alias %q has no letters", al))
			}
		}
		if !validCode(a.Code) || !b.addActor(a, origin{t.file, rec.line}) || bad {
			continue
		}
		b.names = append(b.names, nameEntry{name: entente.Name{Actor: a.Code, Text: a.Name, Kind: entente.NameOfficial}, why: "name of " + a.Name})
		if a.FullName != "" && a.FullName != a.Name {
			b.names = append(b.names, nameEntry{name: entente.Name{Actor: a.Code, Text: a.FullName, Kind: entente.NameOfficial}, why: "formal name of " + a.Name})
		}
		for _, al := range aliases {
			b.names = append(b.names, nameEntry{name: entente.Name{Actor: a.Code, Text: al, Kind: entente.NameAlias}, why: "alias of " + a.Name})
		}
	}
}

// RegionCode is the actor code of a UN geoscheme region or subregion: the
// name upper-cased with spaces and hyphens as underscores, "EASTERN_ASIA".
func RegionCode(name string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(strings.TrimSpace(name)) {
		switch {
		case r == ' ' || r == '-':
			sb.WriteByte('_')
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_':
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// deriveRegions makes an actor of every region and subregion named in
// states.tsv and a membership of each state in both, over the state's
// validity.
func (b *builder) deriveRegions() {
	n := len(b.actors)
	for i := 0; i < n; i++ {
		s := b.actors[i]
		if s.Kind != entente.KindState {
			continue
		}
		o := b.origins[i]
		for _, level := range []struct{ name, parent, field string }{{s.Region, "", "region"}, {s.Subregion, s.Region, "subregion"}} {
			if level.name == "" {
				continue
			}
			code := RegionCode(level.name)
			j, ok := b.where[code]
			switch {
			case !ok:
				b.where[code] = len(b.actors)
				b.actors = append(b.actors, entente.Actor{Code: code, Kind: entente.KindRegion, Name: level.name, Region: level.parent, Note: "UN M49 geoscheme, derived from states.tsv"})
				b.origins = append(b.origins, o)
			case b.actors[j].Kind != entente.KindRegion:
				b.errs.add(o.file, o.line, level.field, fmt.Errorf("region %q has code %s, already used by %s: %w", level.name, code, b.origins[j].file, entente.ErrConflict))
				continue
			case b.actors[j].Name != level.name:
				b.errs.add(o.file, o.line, level.field, fmt.Errorf("region %q and %q both make code %s: %w", level.name, b.actors[j].Name, code, entente.ErrConflict))
				continue
			}
			periods := []entente.Period(s.Valid)
			if len(periods) == 0 {
				periods = []entente.Period{{}}
			}
			for _, p := range periods {
				b.members = append(b.members, entente.Membership{Group: code, Member: s.Code, Status: "member", Period: p, Note: "UN M49 geoscheme"})
			}
		}
	}
}

// checkSuccession checks that predecessors and successors name actors.
func (b *builder) checkSuccession() {
	for i, a := range b.actors {
		if a.Kind != entente.KindState {
			continue
		}
		o := b.origins[i]
		for _, f := range []struct {
			field string
			codes []string
		}{{"predecessors", a.Predecessors}, {"successors", a.Successors}} {
			for _, c := range f.codes {
				if _, ok := b.where[c]; !ok {
					b.errs.add(o.file, o.line, f.field, fmt.Errorf("unknown actor %q", c))
				}
			}
		}
	}
}

// actorRef checks an actor code cell of a record.
func (b *builder) actorRef(t *table, rec record, field string) (string, bool) {
	code := t.get(rec, field)
	if _, ok := b.where[code]; !ok {
		b.errs.add(t.file, rec.line, field, fmt.Errorf("unknown actor %q", code))
		return code, false
	}
	return code, true
}

// kindOrder ranks name kinds in the order Data lists them.
func kindOrder(k entente.NameKind) int {
	switch k {
	case entente.NameOfficial:
		return 0
	case entente.NameAlias:
		return 1
	case entente.NameDemonym:
		return 2
	case entente.NameCapital:
		return 3
	case entente.NameMetonym:
		return 4
	case entente.NameInstitution:
		return 5
	case entente.NameLeader:
		return 6
	}
	return 7
}

var nameKinds = []entente.NameKind{
	entente.NameOfficial, entente.NameAlias, entente.NameDemonym, entente.NameCapital,
	entente.NameMetonym, entente.NameInstitution, entente.NameLeader, entente.NameCode,
}

func (b *builder) loadNames(t *table) {
	for _, rec := range t.records {
		code, ok := b.actorRef(t, rec, "actor")
		n := entente.Name{Actor: code, Text: t.get(rec, "text"), Kind: entente.NameKind(t.get(rec, "kind")), Role: entente.Role(t.get(rec, "role"))}
		if !slices.Contains(nameKinds, n.Kind) {
			b.errs.add(t.file, rec.line, "kind", fmt.Errorf("%q: want one of %v", n.Kind, nameKinds))
			ok = false
		}
		if !hasWord(n.Text) {
			b.errs.add(t.file, rec.line, "text", fmt.Errorf("%q has no letters", n.Text))
			ok = false
		}
		if !validRole(string(n.Role)) {
			b.errs.add(t.file, rec.line, "role", fmt.Errorf("%q: want a three-letter CAMEO role such as GOV or MIL", n.Role))
			ok = false
		}
		var err error
		if n.Valid, err = ParseSpells(t.get(rec, "valid")); err != nil {
			b.errs.add(t.file, rec.line, "valid", err)
			ok = false
		}
		if !ok {
			continue
		}
		// Capitals, metonyms and institutions stand for the government
		// unless the row says otherwise.
		if n.Role == "" && (n.Kind == entente.NameCapital || n.Kind == entente.NameMetonym || n.Kind == entente.NameInstitution) {
			n.Role = entente.RoleGOV
		}
		b.names = append(b.names, nameEntry{name: n, why: b.nameWhy(n)})
	}
}

// dropListedCapitals removes capitals derived from states.tsv where
// names.tsv lists the same text for the same actor: its row says when the
// city was the capital ("Bonn" until 1990), which the derived one does not.
func (b *builder) dropListedCapitals() {
	caps := make(map[string][]int)
	for i, n := range b.names {
		if n.capital {
			caps[n.name.Actor] = append(caps[n.name.Actor], i)
		}
	}
	drop := make(map[int]bool)
	for _, n := range b.names {
		if n.capital {
			continue
		}
		for _, ci := range caps[n.name.Actor] {
			if !drop[ci] && sameFolded(n.name.Text, b.names[ci].name.Text) {
				drop[ci] = true
			}
		}
	}
	kept := b.names[:0]
	for i, n := range b.names {
		if !drop[i] {
			kept = append(kept, n)
		}
	}
	b.names = kept
}

// sameFolded compares two names as the matcher would: ignoring case and
// accents. Folding allocates, so plain case-insensitive equality and
// different ASCII strings are settled first.
func sameFolded(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	ascii := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return false
			}
		}
		return true
	}
	if ascii(a) && ascii(b) {
		return false
	}
	return foldString(a) == foldString(b)
}

// roleWords names a CAMEO role in a sentence.
func roleWords(r entente.Role) string {
	switch r {
	case entente.RoleGOV:
		return "government"
	case entente.RoleMIL:
		return "military"
	case entente.RoleCOP:
		return "police"
	case entente.RoleJUD:
		return "judiciary"
	case entente.RoleLEG:
		return "legislature"
	case entente.RoleSPY:
		return "intelligence services"
	case entente.RoleBUS:
		return "business"
	case entente.RoleMED:
		return "media"
	case entente.RoleOPP:
		return "opposition"
	case entente.RoleREB:
		return "rebels"
	case entente.RoleCVL:
		return "civilians"
	case entente.RoleIGO:
		return "organisation"
	case "PTY":
		return "party"
	}
	return "role " + string(r)
}

func capitalWhy(actorName string, role entente.Role) string {
	return "capital of " + actorName + ", taken as its " + roleWords(role)
}

// nameWhy writes the sentence a mention through name n gives as its reason.
func (b *builder) nameWhy(n entente.Name) string {
	an := b.actors[b.where[n.Actor]].Name
	switch n.Kind {
	case entente.NameOfficial:
		return "name of " + an
	case entente.NameAlias:
		return "alias of " + an
	case entente.NameDemonym:
		return "demonym of " + an
	case entente.NameCapital:
		return capitalWhy(an, n.Role)
	case entente.NameMetonym:
		return n.Text + ": metonym for the " + roleWords(n.Role) + " of " + an
	case entente.NameInstitution:
		return n.Text + ": institution of " + an + ", taken as its " + roleWords(n.Role)
	case entente.NameCode:
		return "code of " + an
	case entente.NameLeader:
		return n.Text + ": leader of " + an
	}
	return string(n.Kind) + " of " + an
}

func (b *builder) loadRoles(t *table) {
	for _, rec := range t.records {
		e := roleEntry{phrase: t.get(rec, "phrase"), role: entente.Role(t.get(rec, "role"))}
		ok := true
		if !hasWord(e.phrase) {
			b.errs.add(t.file, rec.line, "phrase", fmt.Errorf("%q has no letters", e.phrase))
			ok = false
		}
		if e.role == "" || !validRole(string(e.role)) {
			b.errs.add(t.file, rec.line, "role", fmt.Errorf("%q: want a three-letter CAMEO role such as GOV or MIL", e.role))
			ok = false
		}
		switch pos := t.get(rec, "position"); pos {
		case "after":
			e.after = true
		case "before":
		default:
			b.errs.add(t.file, rec.line, "position", fmt.Errorf("%q: want after or before", pos))
			ok = false
		}
		if ok {
			b.roles = append(b.roles, e)
		}
	}
}

// officeRoles is ordered by precedence: where one name matches several
// offices, the earlier role wins (see the index's priorities).
var officeRoles = []entente.OfficeRole{entente.HeadOfState, entente.HeadOfGovernment, entente.ForeignMinister,
	entente.DefenceMinister, entente.InteriorMinister, entente.Spokesperson, entente.ServiceChief}

func (b *builder) loadLeaders(t *table) {
	for _, rec := range t.records {
		code, ok := b.actorRef(t, rec, "actor")
		o := entente.Office{Actor: code, Role: entente.OfficeRole(t.get(rec, "role")), Person: t.get(rec, "person"), Aliases: ParseList(t.get(rec, "aliases"))}
		if !slices.Contains(officeRoles, o.Role) {
			b.errs.add(t.file, rec.line, "role", fmt.Errorf("%q: want one of %v", o.Role, officeRoles))
			ok = false
		}
		if !hasWord(o.Person) {
			b.errs.add(t.file, rec.line, "person", fmt.Errorf("%q has no letters", o.Person))
			ok = false
		}
		for _, al := range o.Aliases {
			if !hasWord(al) {
				b.errs.add(t.file, rec.line, "aliases", fmt.Errorf("alias %q has no letters", al))
				ok = false
			}
		}
		from, err := ParseDate(t.get(rec, "from"))
		if err != nil {
			b.errs.add(t.file, rec.line, "from", err)
			ok = false
		}
		to, err := parseOptDate(t.get(rec, "to"))
		if err != nil {
			b.errs.add(t.file, rec.line, "to", err)
			ok = false
		} else if !to.IsZero() && to.Before(from) {
			b.errs.add(t.file, rec.line, "to", fmt.Errorf("term ends %s before it starts %s: %w", to.Format(entente.DateLayout), from.Format(entente.DateLayout), entente.ErrInvalid))
			ok = false
		}
		if ok {
			o.Term = entente.Period{From: from, To: to}
			b.offices = append(b.offices, o)
		}
	}
}

var membershipStatuses = []string{"member", "observer", "partner", "suspended"}

func (b *builder) loadMemberships(t *table) {
	// Spells of one member in one group never overlap (the file's
	// convention; a suspension splits a spell): an overlap would count the
	// member twice on a day.
	type spell struct {
		p    entente.Period
		line int64
	}
	type pair struct{ group, member string }
	seen := make(map[pair][]spell)
	for _, rec := range t.records {
		group, ok := b.actorRef(t, rec, "group")
		if ok {
			if k := b.actors[b.where[group]].Kind; k != entente.KindIGO && k != entente.KindBloc {
				b.errs.add(t.file, rec.line, "group", fmt.Errorf("%q is a %s, not an organisation or bloc", group, k))
				ok = false
			}
		}
		member, mok := b.actorRef(t, rec, "member")
		ok = ok && mok
		m := entente.Membership{Group: group, Member: member, Status: t.get(rec, "status"), Note: t.get(rec, "note")}
		if !slices.Contains(membershipStatuses, m.Status) {
			b.errs.add(t.file, rec.line, "status", fmt.Errorf("%q: want one of %v", m.Status, membershipStatuses))
			ok = false
		}
		var err error
		if m.Period.From, err = parseOptDate(t.get(rec, "from")); err != nil {
			b.errs.add(t.file, rec.line, "from", err)
			ok = false
		}
		if m.Period.To, err = parseOptDate(t.get(rec, "to")); err != nil {
			b.errs.add(t.file, rec.line, "to", err)
			ok = false
		}
		if ok && !m.Period.From.IsZero() && !m.Period.To.IsZero() && m.Period.To.Before(m.Period.From) {
			b.errs.add(t.file, rec.line, "to", fmt.Errorf("membership ends before it starts: %w", entente.ErrInvalid))
			ok = false
		}
		if !ok {
			continue
		}
		k := pair{m.Group, m.Member}
		for _, o := range seen[k] {
			if o.p.Overlaps(m.Period) {
				b.errs.add(t.file, rec.line, "from", fmt.Errorf("%s in %s overlaps the spell on line %d: %w", m.Member, m.Group, o.line, entente.ErrConflict))
				ok = false
			}
		}
		seen[k] = append(seen[k], spell{m.Period, rec.line})
		if ok {
			b.members = append(b.members, m)
		}
	}
}

// spellsOverlap reports whether two spell lists share a day; empty lists
// mean always.
func spellsOverlap(a, b entente.Spells) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	for _, p := range a {
		for _, q := range b {
			if p.Overlaps(q) {
				return true
			}
		}
	}
	return false
}

// checkCodes refuses a code held by two actors on the same day: ByCode
// could not tell which one a dataset row means.
func (b *builder) checkCodes() {
	type holder struct {
		actor int
		code  entente.Code
	}
	seen := make(map[codeKey][]holder, 8*len(b.actors))
	for i, a := range b.actors {
		for _, c := range a.Codes {
			key := codeKey{c.Scheme, c.Value}
			for _, h := range seen[key] {
				if h.actor != i && spellsOverlap(h.code.Valid, c.Valid) {
					o := b.origins[i]
					field := string(c.Scheme)
					if o.file == "blocs.tsv" {
						field = "cameo"
					}
					b.errs.add(o.file, o.line, field, fmt.Errorf("%s %s also held by %s (%s:%d) on overlapping days: %w",
						c.Scheme, c.Value, b.actors[h.actor].Code, b.origins[h.actor].file, b.origins[h.actor].line, entente.ErrConflict))
				}
			}
			seen[key] = append(seen[key], holder{i, c})
		}
	}
}

// finish sorts what was loaded and builds the indexes.
func (b *builder) finish() (*Registry, error) {
	r := &Registry{}
	order := make([]int, len(b.actors))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(b.actors[x].Code, b.actors[y].Code) })
	r.actors = make([]entente.Actor, len(order))
	r.byCode = make(map[string]int32, len(order))
	r.codes = make(map[codeKey][]codeRef, 8*len(order))
	for k, i := range order {
		a := b.actors[i]
		r.actors[k] = a
		r.byCode[a.Code] = int32(k)
		for ci, c := range a.Codes {
			key := codeKey{c.Scheme, c.Value}
			r.codes[key] = append(r.codes[key], codeRef{int32(k), int32(ci)})
		}
	}

	slices.SortStableFunc(b.offices, func(x, y entente.Office) int {
		return cmp.Or(cmp.Compare(x.Actor, y.Actor), comparePeriod(x.Term, y.Term),
			cmp.Compare(slices.Index(officeRoles, x.Role), slices.Index(officeRoles, y.Role)))
	})
	r.offices = b.offices
	r.officesOf = make(map[string][]int32)
	for i, o := range r.offices {
		r.officesOf[o.Actor] = append(r.officesOf[o.Actor], int32(i))
	}

	r.memberships, r.byGroup, r.byMember = sortMemberships(b.members)

	// Names are ordered by actor, kind, text and role; sorting a
	// permutation avoids moving the large structs, and equal names end up
	// side by side, so repeats (a name in both states.tsv and names.tsv)
	// are dropped without a map. Undated rows come first among equals.
	order = order[:0]
	for i := range b.names {
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(i, j int) int {
		// Early returns rather than cmp.Or, which would compare every
		// field of every pair.
		x, y := &b.names[i].name, &b.names[j].name
		if c := strings.Compare(x.Actor, y.Actor); c != 0 {
			return c
		}
		if c := cmp.Compare(kindOrder(x.Kind), kindOrder(y.Kind)); c != 0 {
			return c
		}
		if c := strings.Compare(x.Text, y.Text); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Role, y.Role); c != 0 {
			return c
		}
		return cmp.Compare(len(x.Valid), len(y.Valid))
	})
	sortedNames := make([]nameEntry, len(order))
	for k, i := range order {
		sortedNames[k] = b.names[i]
	}
	b.names = sortedNames
	r.names = make([]entente.Name, 0, len(b.names))
	for k, n := range b.names {
		if k > 0 && len(n.name.Valid) == 0 {
			p := &b.names[k-1].name
			if p.Actor == n.name.Actor && p.Kind == n.name.Kind && p.Text == n.name.Text && p.Role == n.name.Role {
				continue
			}
		}
		r.names = append(r.names, n.name)
	}

	r.extraNames = make(map[string][]int32)
	for i, a := range r.actors {
		if a.Kind == entente.KindRegion {
			k := foldString(a.Name)
			r.extraNames[k] = append(r.extraNames[k], int32(i))
		}
	}

	r.idx = newIndex(len(b.names) + 2*len(b.offices))
	r.collectRoles(b)
	r.buildInfo()
	r.buildIndex(b)
	return r, nil
}

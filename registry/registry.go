// Package registry is entente's built-in actor registry: states current and
// historical, organisations and blocs, UN geoscheme regions, their codes in
// every scheme over time, the names text uses for them, leaders with their
// terms and memberships with their dates. It is authored as TSV files
// (data/*.tsv, described in data/README.md) embedded in the binary, and it
// resolves codes, names and running text to actors as of a given day.
//
// Besides what the files say, the loader derives:
//
//   - names from states.tsv and blocs.tsv: each name and full name, each
//     bloc alias, and each state's capital (role GOV, valid whenever the
//     state is; a names.tsv row for the same capital takes precedence);
//   - plural demonyms for mentions ("Russians", "Filipinos", "Pakistanis")
//     from demonyms ending in -an, -i or -o;
//   - CAMEO codes for states with an empty cameo cell: their ISO3 codes;
//   - a region actor for every UN geoscheme region and subregion named in
//     states.tsv (code from RegionCode), with each state a member over its
//     validity.
//
// Names with a parenthesis ("Holy See (Vatican City State)") are matched
// in text as the name without it and as the words inside it.
//
// A Registry is immutable once loaded and safe for concurrent use.
package registry

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"entente"
)

//go:embed data/*.tsv
var dataFS embed.FS

// dataFiles lists the registry files in the order they are hashed for Version.
var dataFiles = []string{"states.tsv", "blocs.tsv", "names.tsv", "roles.tsv", "leaders.tsv", "memberships.tsv"}

// optionalFiles may be absent from a registry folder (small test fixtures
// leave them out); when present they are hashed after dataFiles.
var optionalFiles = []string{"stopphrases.tsv", "abbreviations.tsv"}

// Registry holds the loaded actors and the indexes that resolve codes,
// names and text to them.
type Registry struct {
	version     string
	actors      []entente.Actor // ordered by code
	byCode      map[string]int32
	info        []actorInfo // parallel to actors
	names       []entente.Name
	offices     []entente.Office // ordered by actor, start, role
	officesOf   map[string][]int32
	memberships []entente.Membership // ordered by group, member, start
	byGroup     map[string][]int32
	byMember    map[string][]int32
	codes       map[codeKey][]codeRef
	extraNames  map[string][]int32 // folded region names for ByName

	// suggest is built on the first call of Suggest: it serves error
	// messages only, and building it would add a tenth to every load.
	suggestOnce sync.Once
	suggest     []suggestion

	idx *index

	// whyMu guards why, the explanations of role-qualified mentions built
	// on first use: precomputing every name × role phrase pairing would
	// cost load time for combinations text rarely contains.
	whyMu sync.RWMutex
	why   map[uint64]string
}

// codeKey is a code value in a scheme, normalised by NormalizeCode.
type codeKey struct {
	scheme entente.CodeScheme
	value  string
}

// codeRef points at one code of one actor.
type codeRef struct {
	actor int32
	code  int32
}

// Load reads the registry embedded in the binary.
func Load() (*Registry, error) {
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	return LoadFS(sub)
}

// LoadFS reads a registry from the six files at the root of fsys. Every
// problem found is reported as an *entente.InputError naming file, line and
// field (several are joined), so an author can fix a file in one pass.
func LoadFS(fsys fs.FS) (*Registry, error) {
	var errs errList
	raw := make(map[string][]byte, len(dataFiles))
	h := sha256.New()
	for _, f := range dataFiles {
		b := readFile(fsys, f, &errs)
		raw[f] = b
		// Name and length frame each file so that moving a line from one
		// file to the next changes the version.
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(b))
		h.Write(b)
	}
	for _, f := range optionalFiles {
		if _, err := fs.Stat(fsys, f); err != nil {
			continue
		}
		b := readFile(fsys, f, &errs)
		raw[f] = b
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(b))
		h.Write(b)
	}
	if err := errs.err(); err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	r, err := build(raw)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	r.version = "reg-" + hex.EncodeToString(h.Sum(nil))[:8]
	return r, nil
}

// Version identifies the registry contents: "reg-" and the first eight hex
// digits of a SHA-256 over the data files, so stored data can say which
// registry coded it.
func (r *Registry) Version() string { return r.version }

// Data returns the registry in the shape the store keeps it. The slices are
// fresh copies; the actors' inner slices are shared and must not be changed.
func (r *Registry) Data() entente.RegistryData {
	return entente.RegistryData{
		Version:     r.version,
		Actors:      slices.Clone(r.actors),
		Names:       slices.Clone(r.names),
		Offices:     slices.Clone(r.offices),
		Memberships: slices.Clone(r.memberships),
	}
}

// Actors lists every actor ordered by code: states, organisations, blocs
// and derived regions. The slice is a copy; inner slices must not be
// changed.
func (r *Registry) Actors() []entente.Actor { return slices.Clone(r.actors) }

// Actor returns the actor with the registry code. Lower-case codes are
// accepted because analysts type them.
func (r *Registry) Actor(code string) (entente.Actor, bool) {
	if r == nil {
		return entente.Actor{}, false
	}
	i, ok := r.byCode[code]
	if !ok {
		i, ok = r.byCode[strings.ToUpper(strings.TrimSpace(code))]
	}
	if !ok {
		return entente.Actor{}, false
	}
	return r.actors[i], true
}

// day reduces a time to the calendar day it falls on, in its own location,
// as a UTC midnight. Periods hold UTC midnights, so a noon timestamp on the
// last day of a term is still within it.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return entente.Day(y, m, d)
}

// dateString renders a lookup date for error messages.
func dateString(on time.Time) string {
	if on.IsZero() {
		return "any date"
	}
	return on.Format(entente.DateLayout)
}

// isCurrent reports whether spells run into the present: empty, or the
// last one open-ended. Lookups without a date prefer current holders.
func isCurrent(s entente.Spells) bool {
	return len(s) == 0 || s[len(s)-1].To.IsZero()
}

// lastEnd returns the last day of the spells, zero when open-ended.
func lastEnd(s entente.Spells) time.Time {
	if len(s) == 0 {
		return time.Time{}
	}
	return s[len(s)-1].To
}

// laterEnd orders ends with open (zero) as the latest.
func laterEnd(a, b time.Time) bool {
	switch {
	case a.IsZero():
		return !b.IsZero()
	case b.IsZero():
		return false
	}
	return a.After(b)
}

// ByCode finds the actor holding a code on day on. A zero on prefers the
// current holder, then the one that held it last, so "365" alone is Russia.
// It returns an error wrapping entente.ErrNotFound when no actor held the
// code then, and entente.ErrInvalid for a malformed code.
func (r *Registry) ByCode(scheme entente.CodeScheme, value string, on time.Time) (entente.Actor, error) {
	a, _, err := r.byCode2(scheme, value, on)
	return a, err
}

func (r *Registry) byCode2(scheme entente.CodeScheme, value string, on time.Time) (entente.Actor, int32, error) {
	if !slices.Contains(entente.Schemes, scheme) {
		return entente.Actor{}, -1, fmt.Errorf("code scheme %q: want one of %v: %w", scheme, entente.Schemes, entente.ErrInvalid)
	}
	v, err := NormalizeCode(scheme, value)
	if err != nil {
		return entente.Actor{}, -1, err
	}
	on = day(on)
	best := int32(-1)
	var bestCur bool
	var bestEnd time.Time
	for _, ref := range r.codes[codeKey{scheme, v}] {
		a := &r.actors[ref.actor]
		c := a.Codes[ref.code]
		if !on.IsZero() {
			if c.Valid.Contains(on) && a.ValidOn(on) {
				return *a, ref.actor, nil
			}
			continue
		}
		cur := isCurrent(c.Valid) && isCurrent(a.Valid)
		end := lastEnd(c.Valid)
		if best < 0 || cur && !bestCur || cur == bestCur && laterEnd(end, bestEnd) {
			best, bestCur, bestEnd = ref.actor, cur, end
		}
	}
	if best < 0 {
		return entente.Actor{}, -1, fmt.Errorf("%s code %q on %s: %w", scheme, value, dateString(on), entente.ErrNotFound)
	}
	return r.actors[best], best, nil
}

// codeIn returns the actor's code in a scheme on day on; a zero on prefers
// the current code, then the latest.
func codeIn(a entente.Actor, scheme entente.CodeScheme, on time.Time) string {
	if !on.IsZero() {
		return a.CodeIn(scheme, on)
	}
	best := -1
	for i, c := range a.Codes {
		if c.Scheme != scheme {
			continue
		}
		if best < 0 || laterEnd(lastEnd(c.Valid), lastEnd(a.Codes[best].Valid)) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return a.Codes[best].Value
}

// Convert translates a code from one scheme to another as of day on:
// Convert(cown, "365", iso3, 1990-01-01) is "SUN", on 1992-01-01 "RUS".
func (r *Registry) Convert(from entente.CodeScheme, value string, to entente.CodeScheme, on time.Time) (string, error) {
	if !slices.Contains(entente.Schemes, to) {
		return "", fmt.Errorf("convert to scheme %q: want one of %v: %w", to, entente.Schemes, entente.ErrInvalid)
	}
	a, err := r.ByCode(from, value, on)
	if err != nil {
		return "", fmt.Errorf("convert: %w", err)
	}
	on = day(on)
	v := codeIn(a, to, on)
	if v == "" {
		return "", fmt.Errorf("convert %s %q: %s has no %s code on %s: %w", from, value, a.Code, to, dateString(on), entente.ErrNotFound)
	}
	return v, nil
}

// Members lists the memberships of a group in force on day on (zero: all),
// ordered by member then start.
func (r *Registry) Members(group string, on time.Time) []entente.Membership {
	return r.pickMemberships(r.byGroup[group], on)
}

// GroupsOf lists the groups an actor belonged to on day on (zero: all),
// including its UN geoscheme region and subregion, ordered by group then
// start.
func (r *Registry) GroupsOf(member string, on time.Time) []entente.Membership {
	return r.pickMemberships(r.byMember[member], on)
}

func (r *Registry) pickMemberships(ids []int32, on time.Time) []entente.Membership {
	on = day(on)
	var out []entente.Membership
	for _, i := range ids {
		if m := r.memberships[i]; m.Period.Contains(on) {
			out = append(out, m)
		}
	}
	return out
}

// Offices lists every recorded term of office of a state's leaders ordered
// by start, then role.
func (r *Registry) Offices(actor string) []entente.Office {
	return r.OfficesOn(actor, time.Time{})
}

// OfficesOn lists the terms of office of a state's leaders that include day
// on (zero: all).
func (r *Registry) OfficesOn(actor string, on time.Time) []entente.Office {
	on = day(on)
	var out []entente.Office
	for _, i := range r.officesOf[actor] {
		if o := r.offices[i]; o.Term.Contains(on) {
			out = append(out, o)
		}
	}
	return out
}

// ByName resolves a string that is, as a whole, one name, alias, demonym,
// capital, leader's name or code of an actor, case-insensitively and as of
// day on (zero: preferring current senses). Names come first, then entente
// codes, then ISO and COW codes, then region names. It returns errors
// wrapping entente.ErrNotFound or entente.ErrAmbiguous (naming the
// candidates).
func (r *Registry) ByName(text string, on time.Time) (entente.Actor, error) {
	text = strings.TrimSpace(text)
	on = day(on)
	if text == "" {
		return entente.Actor{}, fmt.Errorf("name %q: empty: %w", text, entente.ErrInvalid)
	}
	if v := nameVariants(text); len(v) > 0 && v[0] != text {
		text = v[0] // "Holy See (Vatican City State)" is indexed as "Holy See"
	}
	if a, ok, err := r.byPhrase(text, on); ok || err != nil {
		return a, err
	}
	if i, ok := r.byCode[strings.ToUpper(text)]; ok && r.actors[i].ValidOn(on) {
		return r.actors[i], nil
	}
	for _, s := range []entente.CodeScheme{entente.SchemeISO3, entente.SchemeISO2, entente.SchemeCOWAbb} {
		if a, err := r.ByCode(s, text, on); err == nil {
			return a, nil
		}
	}
	var cands []int32
	for _, i := range r.extraNames[foldString(text)] {
		if r.actors[i].ValidOn(on) {
			cands = append(cands, i)
		}
	}
	switch len(cands) {
	case 0:
		return entente.Actor{}, fmt.Errorf("name %q on %s: %w", text, dateString(on), entente.ErrNotFound)
	case 1:
		return r.actors[cands[0]], nil
	}
	return entente.Actor{}, r.ambiguous(text, on, cands)
}

func (r *Registry) ambiguous(text string, on time.Time, cands []int32) error {
	codes := make([]string, 0, len(cands))
	for _, i := range cands {
		codes = append(codes, r.actors[i].Code)
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	return fmt.Errorf("name %q on %s may be %s: %w", text, dateString(on), strings.Join(codes, ", "), entente.ErrAmbiguous)
}

// foldString folds a whole string the way tokens are folded: lower-case,
// accents stripped.
func foldString(s string) string {
	var b []byte
	for _, r := range s {
		if r < 0x80 {
			b = append(b, lowerASCII(byte(r)))
		} else {
			b = appendFold(b, r)
		}
	}
	return string(b)
}

// sortMemberships orders memberships by group, member, start and returns
// the index lists by group and by member. It sorts a permutation rather than
// the structs, which is several times faster for thousands of rows.
func sortMemberships(ms []entente.Membership) (sorted []entente.Membership, byGroup, byMember map[string][]int32) {
	order := make([]int32, len(ms))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int {
		a, b := &ms[i], &ms[j]
		if c := strings.Compare(a.Group, b.Group); c != 0 {
			return c
		}
		if c := strings.Compare(a.Member, b.Member); c != 0 {
			return c
		}
		return comparePeriod(a.Period, b.Period)
	})
	sorted = make([]entente.Membership, len(ms))
	byGroup = make(map[string][]int32)
	byMember = make(map[string][]int32)
	for k, i := range order {
		sorted[k] = ms[i]
		m := &sorted[k]
		byGroup[m.Group] = append(byGroup[m.Group], int32(k))
		byMember[m.Member] = append(byMember[m.Member], int32(k))
	}
	// GroupsOf promises group order, which the global order already gives
	// within one member.
	return sorted, byGroup, byMember
}

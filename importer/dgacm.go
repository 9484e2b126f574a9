package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"entente"
)

// The UN Department for General Assembly and Conference Management (DGACM)
// publishes the adopted resolutions of each General Assembly session as
// JSON Lines, one resolution per line (GitHub UNxml/GAresolutions,
// data_extract/74.json …). The fields entente reads:
//
//	symbol                      A/RES/75/183, A/RES/ES-11/1
//	title, adoption_date        the date in one of three spellings:
//	                            "2019-10-10 00:00:00", "21 September 2020",
//	                            "22\u00a0September 2024" (no-break space)
//	adoption_type               "By a recorded vote", "Without a vote", ""
//	MS_in_favour, MS_against,   member states as the UN wrote their names
//	MS_abstaining               that day (TÜRKİYE, SWAZILAND …)
//	MS_*_count                  official counts, as strings
//	sponsors,                   states, or a phrase such as "SUBMITTED BY
//	additional_sponsors         THE PRESIDENT OF THE GENERAL ASSEMBLY"
//	subjects                    [term, "UNBIS Thesaurus"] pairs
//	committee, agenda_item, agenda_item_name, originating_document, pv
//
// Only resolutions adopted by a recorded vote become roll calls; members in
// none of the three lists (absent, or barred under Article 19) are stored as
// VoteAbsent. A roll call the store already holds from another source (the
// Voeten data cover session 74) is stored under that roll call's ID, so that
// readers see one roll call citing both files; only the votes the other
// source lacks are added, and disagreements are reported.

// dgacmDataset is the Source.Dataset of the DGACM files.
const dgacmDataset = "unga.dgacm"

var kindDGACM = &Kind{
	Name:           "unga-dgacm",
	Dataset:        dgacmDataset,
	Title:          "Machine-readable General Assembly resolutions (data extract)",
	Publisher:      "United Nations, Department for General Assembly and Conference Management (DGACM)",
	Licence:        "Unofficial copies for informational purposes only; acknowledge the United Nations as the source",
	Citation:       "United Nations, DGACM, Machine-readable General Assembly resolutions, https://github.com/UNxml/GAresolutions",
	URL:            "https://github.com/UNxml/GAresolutions",
	Layout:         "JSON Lines, one adopted resolution per line: symbol, adoption_date, adoption_type, MS_in_favour/MS_against/MS_abstaining (+ _count), sponsors, additional_sponsors, subjects, committee, agenda_item, agenda_item_name, originating_document, pv (74.json … per session)",
	defaultRelease: "data_extract",
	// Each file is one session: none replaces another.
	partitioned: true,
	// After the Voeten roll calls and votes, so that the roll calls both
	// record are merged rather than stored twice.
	order: 13,
	detect: func(s *sniff) int {
		h := bytes.TrimSpace(s.head)
		if len(h) > 0 && h[0] == '{' && bytes.Contains(h, []byte(`"symbol"`)) &&
			(bytes.Contains(h, []byte(`"adoption_type"`)) || bytes.Contains(h, []byte(`"MS_in_favour"`))) {
			return 40
		}
		return 0
	},
	parse: parseDGACM,
}

// dgacmLine is one resolution as the file writes it. Fields later files
// add are ignored.
type dgacmLine struct {
	Symbol       string            `json:"symbol"`
	Title        string            `json:"title"`
	AdoptionDate string            `json:"adoption_date"`
	AdoptionType string            `json:"adoption_type"`
	Draft        string            `json:"originating_document"`
	Committee    string            `json:"committee"`
	AgendaItem   string            `json:"agenda_item"`
	AgendaName   string            `json:"agenda_item_name"`
	PV           string            `json:"pv"`
	Yes          []string          `json:"MS_in_favour"`
	No           []string          `json:"MS_against"`
	Abstain      []string          `json:"MS_abstaining"`
	YesCount     json.RawMessage   `json:"MS_in_favour_count"`
	NoCount      json.RawMessage   `json:"MS_against_count"`
	AbstainCount json.RawMessage   `json:"MS_abstaining_count"`
	Sponsors     []string          `json:"sponsors"`
	AddSponsors  []string          `json:"additional_sponsors"`
	Subjects     []json.RawMessage `json:"subjects"`
	line         int64
	day          time.Time
	counts       entente.VoteCounts
	hasCounts    bool
}

// dgacmDateLayouts are the spellings of adoption_date seen in the files
// (no-break spaces are turned into spaces first).
var dgacmDateLayouts = []string{"2006-01-02 15:04:05", "2006-01-02", "2 January 2006", "January 2, 2006", "2 Jan 2006"}

// parseDGACMDate reads an adoption date in any of the files' spellings.
func parseDGACMDate(s string) (time.Time, error) {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
	for _, l := range dgacmDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return entente.Day(t.Year(), t.Month(), t.Day()), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want 2019-10-10 00:00:00 or 21 September 2020)", clip(s))
}

// dgacmCount reads an official count, written as a string ("123") or a
// number; empty means none given.
func dgacmCount(raw json.RawMessage) (int, bool, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" || s == `""` {
		return 0, false, nil
	}
	if uq, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(uq)
	}
	// Session 74 writes "N.A." where no vote was taken.
	if s == "" || strings.EqualFold(s, "N.A.") || strings.EqualFold(s, "NA") {
		return 0, false, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, false, fmt.Errorf("%q is not a count", clip(s))
	}
	return n, true, nil
}

// cleanUNName turns a name as the files write it into one the registry
// reads: no-break spaces and runs of spaces become one space.
func cleanUNName(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

var reResSession = regexp.MustCompile(`^A/RES/(\d+)/`)

// recordedVote reports whether a resolution was adopted by a recorded vote.
// An empty adoption type is taken from the lists.
func (l *dgacmLine) recordedVote() bool {
	t := strings.ToLower(l.AdoptionType)
	switch {
	case strings.Contains(t, "recorded vote"):
		return true
	case strings.Contains(t, "without a vote"), strings.Contains(t, "consensus"), strings.Contains(t, "acclamation"):
		return false
	}
	return len(l.Yes)+len(l.No)+len(l.Abstain) > 0
}

// readDGACM reads every line of the file. Session files are small (a few
// MB), and reading them whole lets the importer look in the store for the
// roll calls they share with other sources before it writes anything.
func readDGACM(j *job, in *input) ([]*dgacmLine, error) {
	ls := newLines(in)
	var out []*dgacmLine
	for {
		b, err := ls.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		b = bytes.TrimSpace(b)
		if ls.line == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		if len(b) == 0 {
			continue
		}
		l := &dgacmLine{line: ls.line}
		if err := json.Unmarshal(b, l); err != nil {
			field := ""
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				field = te.Field
			}
			return nil, &entente.InputError{File: j.path, Line: ls.line, Field: field, Err: fmt.Errorf("not a resolution record: %w", err)}
		}
		fail := func(field string, err error) error {
			return &entente.InputError{File: j.path, Line: ls.line, Field: field, Err: err}
		}
		l.Symbol = cleanUNName(l.Symbol)
		if l.Symbol == "" {
			return nil, fail("symbol", errors.New("empty resolution symbol"))
		}
		if l.day, err = parseDGACMDate(l.AdoptionDate); err != nil {
			return nil, fail("adoption_date", err)
		}
		for _, c := range []struct {
			field string
			raw   json.RawMessage
			dst   *int
		}{{"MS_in_favour_count", l.YesCount, &l.counts.Yes}, {"MS_against_count", l.NoCount, &l.counts.No}, {"MS_abstaining_count", l.AbstainCount, &l.counts.Abstain}} {
			n, ok, err := dgacmCount(c.raw)
			if err != nil {
				return nil, fail(c.field, err)
			}
			*c.dst = n
			l.hasCounts = l.hasCounts || ok
		}
		out = append(out, l)
	}
}

// subjectTerms reads the subjects: [term, thesaurus] pairs, or plain terms.
func subjectTerms(raw []json.RawMessage) []string {
	var out []string
	for _, r := range raw {
		var pair []string
		if json.Unmarshal(r, &pair) == nil {
			if len(pair) > 0 && strings.TrimSpace(pair[0]) != "" {
				out = append(out, cleanUNName(pair[0]))
			}
			continue
		}
		var term string
		if json.Unmarshal(r, &term) == nil && strings.TrimSpace(term) != "" {
			out = append(out, cleanUNName(term))
		}
	}
	return out
}

// dgacmCommittee returns the Main Committee, "" for plenary drafts.
func dgacmCommittee(s string) string {
	s = cleanUNName(s)
	l := strings.ToLower(s)
	if l == "" || strings.HasPrefix(l, "without reference") || l == "n.a." || l == "plenary" {
		return ""
	}
	return s
}

// dgacmDraft returns the first document symbol of originating_document
// ("A/75/L.5 and A/75/L.5/Add.1" → "A/75/L.5").
func dgacmDraft(s string) string {
	s = cleanUNName(s)
	if i := strings.Index(s, " and "); i > 0 {
		s = s[:i]
	}
	if strings.EqualFold(s, "N.A.") {
		return ""
	}
	return s
}

// otherRollCall is a roll call another source stored for the same vote.
type otherRollCall struct {
	rc    entente.RollCall
	votes map[string]entente.VoteChoice
}

// storedRollCalls finds the roll calls of other sources that the file's
// recorded votes may repeat (same resolution symbol and day), with their
// votes. It reads the transaction, so it runs before anything is written.
func storedRollCalls(j *job, lines []*dgacmLine) (map[string][]*otherRollCall, error) {
	want := map[string]bool{}
	var from, to time.Time
	for _, l := range lines {
		if !l.recordedVote() {
			continue
		}
		want[l.Symbol+"|"+l.day.Format(entente.DateLayout)] = true
		if from.IsZero() || l.day.Before(from) {
			from = l.day
		}
		if to.IsZero() || l.day.After(to) {
			to = l.day
		}
	}
	out := map[string][]*otherRollCall{}
	if len(want) == 0 {
		return out, nil
	}
	rcs, err := j.tx.RollCalls(j.ctx, entente.RollCallFilter{From: from, To: to.AddDate(0, 0, 1)})
	if err != nil {
		return nil, fmt.Errorf("read roll calls: %w", err)
	}
	var ids []string
	byID := map[string]*otherRollCall{}
	for _, rc := range rcs {
		if strings.HasPrefix(rc.Evidence.Source, dgacmDataset+":") {
			continue
		}
		k := cleanUNName(rc.Resolution) + "|" + rc.Date.Format(entente.DateLayout)
		if !want[k] {
			continue
		}
		o := &otherRollCall{rc: rc, votes: map[string]entente.VoteChoice{}}
		out[k] = append(out[k], o)
		byID[rc.ID] = o
		ids = append(ids, rc.ID)
	}
	if len(ids) == 0 {
		return out, nil
	}
	vs, err := j.tx.Votes(j.ctx, entente.VoteFilter{RollCalls: ids})
	if err != nil {
		return nil, fmt.Errorf("read votes: %w", err)
	}
	for _, v := range vs {
		if o := byID[v.RollCall]; o != nil {
			o.votes[v.Country] = v.Choice
		}
	}
	return out, nil
}

// memberRoster lists the members of a group on a day; *registry.Registry
// implements it. Without one, absent members cannot be told.
type memberRoster interface {
	Members(group string, on time.Time) []entente.Membership
}

// unMembers returns the UN member states on a day, per the registry.
func unMembers(j *job, day time.Time, cache map[time.Time][]string) ([]string, bool) {
	r, ok := j.cfg.Registry.(memberRoster)
	if !ok {
		return nil, false
	}
	if ms, ok := cache[day]; ok {
		return ms, true
	}
	var out []string
	for _, m := range r.Members("UN", day) {
		if m.Status == "" || m.Status == "member" {
			out = append(out, m.Member)
		}
	}
	sort.Strings(out)
	cache[day] = out
	return out, true
}

// sponsorList maps the sponsors of a resolution to actor codes. Entries
// that are not a state are kept as the note; states acting for a group
// ("CUBA, ON BEHALF OF THE STATES MEMBERS … OF THE GROUP OF 77") count as
// sponsors and the group goes to the note. Entries the files split or
// mistype ("SOLOMON", "ISLANDS"; "GE RMANY"; "CHILE,DOMINICAN REPUBLIC")
// are repaired where the repair names a state; what still maps to nothing
// is returned as unmapped.
func sponsorList(j *job, entries []string, day time.Time) (codes, notes, unmapped []string) {
	seen := map[string]bool{}
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	try := func(s string) string { return j.maps.lookup("", s, day) }
	for i := 0; i < len(entries); i++ {
		e := cleanUNName(entries[i])
		if e == "" {
			continue
		}
		if c := try(e); c != "" {
			add(c)
			continue
		}
		// A state acting for a group.
		if k := strings.Index(e, "ON BEHALF OF"); k > 0 {
			head := strings.TrimRight(strings.TrimSpace(e[:k]), ",( ")
			if c := try(head); c != "" {
				add(c)
				notes = append(notes, e)
				continue
			}
		}
		// A name cut in two across entries.
		if i+1 < len(entries) {
			if c := try(e + " " + cleanUNName(entries[i+1])); c != "" {
				add(c)
				i++
				continue
			}
		}
		// A stray space inside a word.
		if c := repairSpace(e, try); c != "" {
			add(c)
			continue
		}
		// Several states in one entry.
		if parts := splitStates(e, try); parts != nil {
			for _, c := range parts {
				add(c)
			}
			continue
		}
		if strings.Contains(e, " BY ") || strings.HasPrefix(e, "ON THE BASIS") || strings.HasPrefix(e, "SUBMITTED") ||
			strings.HasPrefix(e, "INTRODUCED") || len(strings.Fields(e)) > 6 {
			notes = append(notes, e)
			continue
		}
		unmapped = append(unmapped, e)
	}
	return codes, notes, unmapped
}

// repairSpace tries the name with each single space removed.
func repairSpace(s string, try func(string) string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			if c := try(s[:i] + s[i+1:]); c != "" {
				return c
			}
		}
	}
	return ""
}

// splitStates splits an entry naming several states at commas or " AND ",
// when every part names one.
func splitStates(s string, try func(string) string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' })
	var pieces []string
	for _, p := range parts {
		pieces = append(pieces, strings.Split(p, " AND ")...)
	}
	if len(pieces) < 2 {
		return nil
	}
	var out []string
	for _, p := range pieces {
		c := try(strings.TrimSpace(p))
		if c == "" {
			return nil
		}
		out = append(out, c)
	}
	return out
}

// maxNoted bounds the examples a note lists.
const maxNoted = 8

// noteList renders up to maxNoted items and how many more there are.
func noteList(items []string) string {
	if len(items) <= maxNoted {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:maxNoted], "; ") + fmt.Sprintf("; and %d more", len(items)-maxNoted)
}

func parseDGACM(j *job, in *input) error {
	lines, err := readDGACM(j, in)
	if err != nil {
		return err
	}
	others, err := storedRollCalls(j, lines)
	if err != nil {
		return err
	}
	var (
		seenSymbol                                = map[string]int64{}
		members                                   = map[time.Time][]string{}
		withoutVote, emptyLists, merged, noRoster int
		dupNotes, countNotes, bothNotes, disagree []string
		onlyHere, unmappedSponsors                []string
		absentStored                              int64
	)
	for _, l := range lines {
		j.rows++
		j.cov.day(l.day)
		if prev, dup := seenSymbol[l.Symbol]; dup {
			return &entente.InputError{File: j.path, Line: l.line, Field: "symbol", Err: fmt.Errorf("resolution %s already given on line %d", l.Symbol, prev)}
		}
		seenSymbol[l.Symbol] = l.line
		if !l.recordedVote() {
			withoutVote++
			continue
		}
		session := sessionOn(l.day)
		if m := reResSession.FindStringSubmatch(l.Symbol); m != nil {
			session, _ = strconv.Atoi(m[1])
		}
		sponsors, sNotes, sMiss := sponsorList(j, l.Sponsors, l.day)
		added, aNotes, aMiss := sponsorList(j, l.AddSponsors, l.day)
		for _, u := range append(sMiss, aMiss...) {
			unmappedSponsors = append(unmappedSponsors, l.Symbol+" "+strconv.Quote(u))
		}
		rc := entente.RollCall{
			ID:                 l.Symbol,
			Session:            session,
			Date:               l.day,
			Resolution:         l.Symbol,
			Short:              cleanUNName(l.Title),
			Title:              cleanUNName(l.Title),
			Sponsors:           sponsors,
			AdditionalSponsors: added,
			SponsorNote:        strings.Join(append(sNotes, aNotes...), "; "),
			Subjects:           subjectTerms(l.Subjects),
			Committee:          dgacmCommittee(l.Committee),
			AgendaItem:         cleanUNName(l.AgendaItem),
			AgendaTitle:        cleanUNName(l.AgendaName),
			Draft:              dgacmDraft(l.Draft),
			Record:             cleanUNName(l.PV),
			Evidence:           j.evidence(l.line),
		}
		if l.hasCounts {
			c := l.counts
			rc.Counts = &c
		}

		// The country lists, each state once.
		choices := map[string]entente.VoteChoice{}
		var order []string
		dups := 0
		listed := map[entente.VoteChoice]int{}
		for _, list := range []struct {
			names  []string
			choice entente.VoteChoice
		}{{l.Yes, entente.VoteYes}, {l.No, entente.VoteNo}, {l.Abstain, entente.VoteAbstain}} {
			for _, n := range list.names {
				name := cleanUNName(n)
				if name == "" {
					continue
				}
				code, ok := j.maps.name(name, l.day)
				if !ok {
					continue
				}
				if prev, dup := choices[code]; dup {
					if prev == list.choice {
						dups++
					} else {
						bothNotes = append(bothNotes, fmt.Sprintf("%s: %s listed as %s and %s (kept %s)", l.Symbol, code, prev, list.choice, prev))
					}
					continue
				}
				choices[code] = list.choice
				order = append(order, code)
				listed[list.choice]++
			}
		}
		if dups > 0 {
			dupNotes = append(dupNotes, fmt.Sprintf("%s (%d repeats, line %d)", l.Symbol, dups, l.line))
		}
		if len(order) == 0 {
			emptyLists++
		} else if l.hasCounts && (listed[entente.VoteYes] != l.counts.Yes || listed[entente.VoteNo] != l.counts.No || listed[entente.VoteAbstain] != l.counts.Abstain) {
			countNotes = append(countNotes, fmt.Sprintf("%s: lists %d-%d-%d, counts %d-%d-%d", l.Symbol,
				listed[entente.VoteYes], listed[entente.VoteNo], listed[entente.VoteAbstain], l.counts.Yes, l.counts.No, l.counts.Abstain))
		}
		// Members in none of the lists did not vote. Without lists (a
		// recorded vote whose lists the file leaves empty) nobody is
		// marked absent: the votes are unknown, not missing.
		if len(order) > 0 {
			ms, ok := unMembers(j, l.day, members)
			if !ok {
				noRoster++
			}
			for _, m := range ms {
				if _, in := choices[m]; !in {
					choices[m] = entente.VoteAbsent
					order = append(order, m)
					absentStored++
				}
			}
		}

		// The same vote stored by another source: one roll call.
		var other *otherRollCall
		if cands := others[l.Symbol+"|"+l.day.Format(entente.DateLayout)]; len(cands) > 0 {
			other = pickRollCall(cands, choices)
		}
		if other != nil {
			merged++
			rc.ID = other.rc.ID
		}
		if err := j.rollcall(rc); err != nil {
			return err
		}
		sort.Strings(order)
		for _, code := range order {
			choice := choices[code]
			if other != nil {
				if theirs, ok := other.votes[code]; ok {
					if theirs != choice {
						disagree = append(disagree, fmt.Sprintf("%s %s: %s here, %s in %s", l.Symbol, code, choice, theirs, other.rc.Evidence.Source))
					}
					continue
				}
				if choice != entente.VoteAbsent {
					onlyHere = append(onlyHere, fmt.Sprintf("%s %s %s", l.Symbol, code, choice))
				}
			}
			if err := j.vote(entente.Vote{RollCall: rc.ID, Country: code, Choice: choice, Evidence: j.evidence(l.line)}); err != nil {
				return err
			}
		}
	}
	if withoutVote > 0 {
		j.note("%d resolutions adopted without a vote: not roll calls, not stored", withoutVote)
	}
	if emptyLists > 0 {
		j.note("%d recorded votes with empty country lists: stored as roll calls without votes", emptyLists)
	}
	if len(dupNotes) > 0 {
		j.note("%d roll calls list a state more than once; each state kept once: %s", len(dupNotes), noteList(dupNotes))
	}
	if len(bothNotes) > 0 {
		j.note("%d states listed with two different votes: %s", len(bothNotes), noteList(bothNotes))
	}
	if len(countNotes) > 0 {
		j.note("%d roll calls whose lists disagree with the official counts: %s", len(countNotes), noteList(countNotes))
	}
	if absentStored > 0 {
		j.note("%d votes of members in none of the lists stored as absent", absentStored)
	}
	if noRoster > 0 {
		j.note("the registry lists no UN members: members in none of the lists not stored as absent")
	}
	if merged > 0 {
		j.note("%d roll calls already stored from another source: stored as one roll call with evidence from both", merged)
	}
	if len(disagree) > 0 {
		j.note("%d votes disagree with the other source: %s", len(disagree), noteList(disagree))
	}
	if len(onlyHere) > 0 {
		j.note("%d votes recorded here but not in the other source (added): %s", len(onlyHere), noteList(onlyHere))
	}
	if len(unmappedSponsors) > 0 {
		j.note("%d sponsor entries name no state: %s", len(unmappedSponsors), noteList(unmappedSponsors))
	}
	return nil
}

// pickRollCall chooses, among the other source's roll calls on the same
// resolution and day, the vote on the whole text (not an amendment or a
// paragraph) that agrees best with the lists.
func pickRollCall(cands []*otherRollCall, choices map[string]entente.VoteChoice) *otherRollCall {
	var best *otherRollCall
	bestScore := -1
	for _, c := range cands {
		score := 0
		if !c.rc.Amendment && !c.rc.Paragraph {
			score += 1 << 20
		}
		for code, v := range c.votes {
			if choices[code] == v {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

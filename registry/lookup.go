package registry

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"entente"
)

// Lookup finds the actor a query names: an entente code, a code in any
// scheme (bare numbers are taken as COW codes, the convention of the
// datasets analysts hold; "COW 365", "ISO 643" or "GW 365" name the scheme),
// or a name. It returns ErrNotFound when nothing matches and ErrAmbiguous
// when a name fits several actors equally well. The CLI's actor arguments
// and the HTTP API's actor parameters both go through it.
func (r *Registry) Lookup(q string, on time.Time) (entente.Actor, error) {
	q = strings.TrimSpace(q)
	if a, ok := r.Actor(strings.ToUpper(q)); ok {
		return a, nil
	}
	if _, err := strconv.Atoi(q); err == nil {
		return r.ByCode(entente.SchemeCOWNum, q, on)
	}
	if m := schemeCode.FindStringSubmatch(q); m != nil {
		return r.ByCode(schemePrefixes[strings.ToUpper(m[1])], strings.ToUpper(m[2]), on)
	}
	if a, err := r.ByName(q, on); err == nil || !errors.Is(err, entente.ErrNotFound) {
		return a, err
	}
	for _, s := range []entente.CodeScheme{entente.SchemeISO3, entente.SchemeISO2, entente.SchemeCOWAbb, entente.SchemeGWAbb} {
		if a, err := r.ByCode(s, strings.ToUpper(q), on); err == nil {
			return a, nil
		}
	}
	return entente.Actor{}, fmt.Errorf("actor %q: %w", q, entente.ErrNotFound)
}

// schemePrefixes maps the words analysts put before a code to its scheme.
var schemePrefixes = map[string]entente.CodeScheme{
	"COW": entente.SchemeCOWNum, "GW": entente.SchemeGWNum, "ISO": entente.SchemeISONum,
	"M49": entente.SchemeISONum, "CAMEO": entente.SchemeCAMEO,
}

var (
	schemeCode = regexp.MustCompile(`(?i)^(cow|gw|iso|m49|cameo)[\s:-]*([0-9a-z]{2,5})$`)
	// inYear and onDay end a search such as "COW 365 in 1980" or "Duterte
	// on 2020-01-01": the day the query is about.
	inYear = regexp.MustCompile(`(?i)\s+(?:in|as of)\s+(\d{4})$`)
	onDay  = regexp.MustCompile(`(?i)\s+(?:on|as of)\s+(\d{4}-\d{2}-\d{2})$`)
)

// Search is what a search box entry resolves to.
type Search struct {
	// Query is the entry without its date clause; On the day it is about
	// (the clause's, else the day given, else zero: any day).
	Query string    `json:"query"`
	On    time.Time `json:"on"`
	// Actor is set when the whole query names one actor.
	Actor *entente.Actor `json:"actor,omitempty"`
	// Mentions are the actors the query mentions when it is a phrase
	// ("the Kremlin and Beijing").
	Mentions []entente.Mention `json:"mentions"`
	// Suggestions are the closest names when nothing matched.
	Suggestions []string `json:"suggestions"`
}

// Search resolves a search box entry, date-aware: a trailing "in 1980" or
// "on 2020-01-01" sets the day (else on). It never fails on a query that
// matches nothing: the result then lists suggestions.
func (r *Registry) Search(q string, on time.Time) Search {
	q = strings.TrimSpace(q)
	if m := onDay.FindStringSubmatch(q); m != nil {
		if d, err := entente.ParseDate(m[1]); err == nil {
			on, q = d, strings.TrimSpace(q[:len(q)-len(m[0])])
		}
	} else if m := inYear.FindStringSubmatch(q); m != nil {
		y, _ := strconv.Atoi(m[1])
		on, q = entente.Day(y, 7, 1), strings.TrimSpace(q[:len(q)-len(m[0])])
	}
	s := Search{Query: q, On: on, Mentions: []entente.Mention{}, Suggestions: []string{}}
	if q == "" {
		return s
	}
	if a, err := r.Lookup(q, on); err == nil {
		s.Actor = &a
	}
	s.Mentions = r.FindMentions(q, on, s.Mentions)
	if s.Actor == nil && len(s.Mentions) == 0 {
		s.Suggestions = append(s.Suggestions, r.Suggest(q, 5)...)
	}
	return s
}

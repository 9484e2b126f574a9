package petrarch

import (
	"errors"
	"sort"
	"time"

	"entente"
)

// CodeLookup finds an entente actor by a code in a scheme on a day; the
// registry implements it. It returns entente.ErrNotFound when no actor has
// the code then.
type CodeLookup interface {
	ByCode(scheme entente.CodeScheme, value string, on time.Time) (entente.Actor, error)
}

// Mapping ties one dictionary code of one actor entry to the entente actor
// it names, or says that the registry does not know it.
type Mapping struct {
	Phrase string    `json:"phrase"`
	Code   string    `json:"code"`
	On     time.Time `json:"on"`
	Actor  string    `json:"actor,omitempty"` // entente code, "" when unknown
	Known  bool      `json:"known"`
	File   string    `json:"file"`
	Line   int64     `json:"line"`
}

// MapActors maps every code of every actor entry to the registry through
// its CAMEO codes, on the day the code is valid (the start of a dated
// restriction, its end when it only has one, else on). The country part of
// a code is its first three letters ("GONGOV" is GON's government);
// IGO codes are tried whole first ("IGOUNO"). Entries the registry does not
// know are returned with Known false, never dropped.
func (d *Dictionaries) MapActors(reg CodeLookup, on time.Time) ([]Mapping, error) {
	var out []Mapping
	for _, ad := range d.Actors {
		for _, a := range ad.Actors {
			for _, c := range a.Codes {
				day := on
				switch {
				case !c.From.IsZero():
					day = c.From
				case !c.To.IsZero():
					day = c.To
				}
				m := Mapping{Phrase: a.Phrases[0].String(), Code: c.Code, On: day, File: ad.File, Line: a.Line}
				for _, try := range candidates(c.Code) {
					act, err := reg.ByCode(entente.SchemeCAMEO, try, day)
					if err == nil {
						m.Actor, m.Known = act.Code, true
						break
					}
					if !errors.Is(err, entente.ErrNotFound) && !errors.Is(err, entente.ErrInvalid) {
						return nil, err
					}
				}
				out = append(out, m)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Known && !out[j].Known })
	return out, nil
}

func candidates(code string) []string {
	if len(code) <= 3 {
		return []string{code}
	}
	return []string{code, code[:3]}
}

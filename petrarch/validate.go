package petrarch

import (
	"sort"
	"strings"
	"unicode"
)

// Half names the held-out split of the validation records: records whose
// id ends in an even number ("DEMO-00", "COMPOUND-07B" is odd) and the
// rest. The coder was tuned on the even half only; the odd half is the
// held-out estimate.
type Half string

const (
	HalfEven Half = "even"
	HalfOdd  Half = "odd"
)

// HalfOf returns the half a record id falls in: the number after the last
// "-" (letters after it ignored) decides; ids without one are odd.
func HalfOf(id string) Half {
	i := strings.LastIndexByte(id, '-')
	tail := id[i+1:]
	end := 0
	for end < len(tail) && unicode.IsDigit(rune(tail[end])) {
		end++
	}
	if end == 0 {
		return HalfOdd
	}
	if (tail[end-1]-'0')%2 == 0 {
		return HalfEven
	}
	return HalfOdd
}

// Result is one record's verdict.
type Result struct {
	ID       string     `json:"id"`
	Category string     `json:"category"`
	Half     Half       `json:"half"`
	Pass     bool       `json:"pass"`
	Expected []Expected `json:"expected"`
	Got      Outcome    `json:"got"`
}

// Rate is a pass count over a number of records.
type Rate struct {
	Name   string `json:"name"`
	Passed int    `json:"passed"`
	Total  int    `json:"total"`
}

// Report is the outcome of a validation run over the scored records.
type Report struct {
	Results    []Result `json:"results"`
	Categories []Rate   `json:"categories"`
	Halves     []Rate   `json:"halves"`
	Total      Rate     `json:"total"`
}

// Validate codes every scored record (sentence="true") and compares the
// events with the expected ones. A record passes when the coded events
// equal the expected set exactly; a record expecting no events passes when
// none is coded; a record expecting an error passes when the coder refuses
// or discards the sentence with that name.
func (d *Dictionaries) Validate(recs *Records) Report {
	return d.validate(recs, d.Code)
}

// ValidateText is Validate with each record's parse ignored: the sentences
// are coded from their text alone (CodeText), to measure the parse-free
// coder on the same records.
func (d *Dictionaries) ValidateText(recs *Records) Report {
	return d.validate(recs, func(rec Record) Outcome {
		return d.CodeText(rec.Text, rec.Date, OptionsFrom(rec.Options))
	})
}

func (d *Dictionaries) validate(recs *Records, code func(Record) Outcome) Report {
	var rep Report
	cats := map[string]*Rate{}
	halves := map[Half]*Rate{HalfEven: {Name: string(HalfEven)}, HalfOdd: {Name: string(HalfOdd)}}
	for _, rec := range recs.Records {
		if !rec.Scored {
			continue
		}
		got := code(rec)
		r := Result{ID: rec.ID, Category: rec.Category, Half: HalfOf(rec.ID), Expected: rec.Expected, Got: got}
		r.Pass = passes(rec.Expected, got)
		rep.Results = append(rep.Results, r)
		c := cats[rec.Category]
		if c == nil {
			c = &Rate{Name: rec.Category}
			cats[rec.Category] = c
		}
		for _, rt := range []*Rate{c, halves[r.Half], &rep.Total} {
			rt.Total++
			if r.Pass {
				rt.Passed++
			}
		}
	}
	rep.Total.Name = "total"
	for _, c := range cats {
		rep.Categories = append(rep.Categories, *c)
	}
	sort.Slice(rep.Categories, func(i, j int) bool { return rep.Categories[i].Name < rep.Categories[j].Name })
	rep.Halves = []Rate{*halves[HalfEven], *halves[HalfOdd]}
	return rep
}

func passes(want []Expected, got Outcome) bool {
	wantSet := map[Coded]bool{}
	for _, e := range want {
		switch {
		case e.Error != "":
			return got.Discard == e.Error || got.Refused == e.Error
		case e.NoEvents:
			return got.Discard == "" && got.Refused == "" && len(got.Events) == 0
		}
		wantSet[Coded{Source: e.Source, Target: e.Target, Code: e.Code}] = true
	}
	if got.Discard != "" || got.Refused != "" {
		return false
	}
	gotSet := map[Coded]bool{}
	for _, e := range got.Events {
		gotSet[Coded{Source: e.Source, Target: e.Target, Code: e.Code}] = true
	}
	if len(gotSet) != len(wantSet) {
		return false
	}
	for k := range wantSet {
		if !gotSet[k] {
			return false
		}
	}
	return true
}

package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"entente"
)

// dataInput is one kind of data a measure rests on, and the datasets that
// can provide it. Datasets are matched by name fragments so that a new
// importer of the same kind of data (IMF DOTS, Comtrade) is counted without
// editing this file.
type dataInput struct {
	Name string
	// Fragments of Source.Dataset that mark a dataset of this input.
	Fragments []string
	// Import says what to import when the input is missing.
	Import string
	// Counted is set for inputs that measures count within a window
	// (events): their figures are never carried past the data's end.
	Counted bool
}

var (
	inputTrade     = dataInput{Name: "trade", Fragments: []string{"cow-trade", "imf", "dots", "comtrade"}, Import: "COW trade, IMF DOTS or Comtrade"}
	inputArms      = dataInput{Name: "arms", Fragments: []string{"sipri"}, Import: "SIPRI arms transfers"}
	inputAlliances = dataInput{Name: "alliances", Fragments: []string{"cow-alliance", "atop"}, Import: "COW alliances or ATOP"}
	inputVotes     = dataInput{Name: "UN votes", Fragments: []string{"unvotes", "undl", "dgacm"}, Import: "UN General Assembly votes: unvotes, the UN Digital Library or DGACM"}
	inputIdeal     = dataInput{Name: "ideal points", Fragments: []string{"idealpoints"}, Import: "the Bailey–Strezhnev–Voeten ideal points"}
	inputEvents    = dataInput{Name: "events", Fragments: []string{"gdelt", "icews", "text"}, Import: "GDELT or ICEWS events, or articles with 'entente ingest'", Counted: true}
)

func (in dataInput) matches(dataset string) bool {
	for _, f := range in.Fragments {
		if strings.Contains(dataset, f) {
			return true
		}
	}
	return false
}

// coverage is what the store holds of one input: the datasets and the last
// year they cover.
type coverage struct {
	Input    string   `json:"input"`
	Datasets []string `json:"datasets"`
	// FirstYear and LastYear are 0 when the input has no data.
	FirstYear int `json:"first_year,omitempty"`
	LastYear  int `json:"last_year,omitempty"`
	// Note is the sentence printed under the answer.
	Note string `json:"note"`
}

// dataCoverage says, for each input, whether the store holds it and whether
// it reaches the year asked. carried tells how a measure treats years past
// its data: leverage reaches back to the latest figures (carried), the
// dyad timeline shows none. Curated facts are not counted: they are
// reported beside the figures they replace.
func dataCoverage(ctx context.Context, r entente.Reader, year int, carried bool, inputs ...dataInput) ([]coverage, error) {
	sources, err := r.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	out := make([]coverage, 0, len(inputs))
	for _, in := range inputs {
		c := coverage{Input: in.Name, Datasets: []string{}}
		seen := map[string]bool{}
		for _, s := range sources {
			if s.Curated || !in.matches(s.Dataset) {
				continue
			}
			if !seen[s.Dataset] {
				seen[s.Dataset] = true
				c.Datasets = append(c.Datasets, s.Dataset)
			}
			if f := s.Coverage.From; !f.IsZero() && (c.FirstYear == 0 || f.Year() < c.FirstYear) {
				c.FirstYear = f.Year()
			}
			if t := s.Coverage.To; !t.IsZero() && t.Year() > c.LastYear {
				c.LastYear = t.Year()
			}
		}
		sort.Strings(c.Datasets)
		names := strings.Join(c.Datasets, ", ")
		switch {
		case len(c.Datasets) == 0:
			c.Note = fmt.Sprintf("%s: no data in the store (import %s)", in.Name, in.Import)
		case c.LastYear == 0:
			c.Note = fmt.Sprintf("%s: %s (years not recorded)", in.Name, names)
		case c.LastYear < year && carried && !in.Counted:
			c.Note = fmt.Sprintf("%s: data end in %d (%s); %d figures carried from %d or earlier", in.Name, c.LastYear, names, year, c.LastYear)
		case c.LastYear < year:
			c.Note = fmt.Sprintf("%s: data end in %d (%s); no yearly figures after %d", in.Name, c.LastYear, names, c.LastYear)
		default:
			c.Note = fmt.Sprintf("%s: %d–%d (%s)", in.Name, c.FirstYear, c.LastYear, names)
		}
		out = append(out, c)
	}
	return out, nil
}

// missingAll reports whether none of the inputs has any data.
func missingAll(cs []coverage) bool {
	for _, c := range cs {
		if len(c.Datasets) > 0 {
			return false
		}
	}
	return true
}

// writeCoverage prints the notes under a table answer.
func writeCoverage(w io.Writer, cs []coverage) {
	fmt.Fprintln(w, "Data:")
	for _, c := range cs {
		say(w, "  "+c.Note)
	}
	if missingAll(cs) {
		say(w, "  No dataset is imported: figures rest on curated facts alone ('entente import PATH').")
	}
}

// warnCoverage puts the notes that matter (a missing input, or one that
// ends before the year asked) on stderr, for json and csv output whose
// stdout a program reads.
func warnCoverage(w io.Writer, cs []coverage, year int) {
	for _, c := range cs {
		if len(c.Datasets) == 0 || (c.LastYear != 0 && c.LastYear < year) {
			fmt.Fprintf(w, "entente: note: %s\n", c.Note)
		}
	}
}

// warnMissing puts one line above a table answer naming the inputs the
// store lacks, so that a score resting on curated facts alone is not read
// as if the datasets backed it. It prints nothing when every input is there.
func warnMissing(w io.Writer, cs []coverage) {
	var missing []string
	for _, c := range cs {
		if len(c.Datasets) == 0 {
			missing = append(missing, c.Input)
		}
	}
	if len(missing) == 0 {
		return
	}
	say(w, fmt.Sprintf("Warning: no %s data in the store; the figures below rest on what is there (curated facts, other inputs). See Data at the end.",
		joinAnd(missing)))
}

// joinAnd joins words as prose: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

package coder

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"entente"
)

// jsonActor is an actor in jsonl output: country is null for actors that
// are no state (an organisation or bloc).
type jsonActor struct {
	Code    string  `json:"code"`
	Country *string `json:"country"`
	Text    string  `json:"text"`
}

// jsonEvent fixes the fields and their order of one jsonl line.
type jsonEvent struct {
	Doc        string             `json:"doc"`
	Sentence   int                `json:"sentence"`
	Start      int                `json:"start"`
	End        int                `json:"end"`
	Text       string             `json:"text"`
	Source     *jsonActor         `json:"source"`
	Target     *jsonActor         `json:"target"`
	CAMEO      string             `json:"cameo"`
	PLOVER     string             `json:"plover"`
	Goldstein  float64            `json:"goldstein"`
	Negated    bool               `json:"negated"`
	Modality   entente.Modality   `json:"modality"`
	Quantities []entente.Quantity `json:"quantities"`
	Confidence float64            `json:"confidence"`
	Via        string             `json:"via,omitempty"`
	Provenance string             `json:"provenance,omitempty"`
}

func toJSONActor(a *entente.ActorRef) *jsonActor {
	if a == nil {
		return nil
	}
	j := &jsonActor{Code: a.Code, Text: a.Text}
	if a.Country != "" {
		c := a.Country
		j.Country = &c
	}
	return j
}

// MarshalJSON writes the event as one jsonl record of entente extract.
func (e Extracted) MarshalJSON() ([]byte, error) {
	q := e.Quantities
	if q == nil {
		q = []entente.Quantity{}
	}
	return json.Marshal(jsonEvent{
		Doc: e.Doc, Sentence: e.Sentence, Start: e.Start, End: e.End, Text: e.Text,
		Source: toJSONActor(e.Source), Target: toJSONActor(e.Target),
		CAMEO: e.CAMEO, PLOVER: e.PLOVER, Goldstein: e.Goldstein, Negated: e.Negated,
		Modality: e.Modality, Quantities: q, Confidence: e.Confidence, Via: e.Via, Provenance: e.Provenance,
	})
}

// WriteJSONL writes one JSON object per event per line.
func WriteJSONL(w io.Writer, evs []Extracted) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, e := range evs {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("write jsonl: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}

// WriteTable writes events as an aligned table for reading at a terminal.
func WriteTable(w io.Writer, evs []Extracted) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SENT\tSOURCE\tCAMEO\tTARGET\tPLOVER\tGOLD\tNEG\tMODALITY\tQUANTITIES\tCONF\tTEXT")
	for _, e := range evs {
		neg := ""
		if e.Negated {
			neg = "not"
		}
		var qs []string
		for _, q := range e.Quantities {
			qs = append(qs, q.Text)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%s\n",
			e.Sentence, actorCell(e.Source), e.CAMEO, actorCell(e.Target), e.PLOVER,
			strconv.FormatFloat(e.Goldstein, 'f', -1, 64), neg, e.Modality,
			strings.Join(qs, "; "), e.Confidence, clip(e.Text, 80))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

func actorCell(a *entente.ActorRef) string {
	if a == nil {
		return "-"
	}
	return a.Code
}

// clip shortens s to at most n runes for a table cell, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Shift moves the offsets of events by off bytes, for text that starts
// off bytes into the input (after a file's header).
func Shift(evs []Extracted, off int) {
	if off == 0 {
		return
	}
	for i := range evs {
		evs[i].Start += off
		evs[i].End += off
		evs[i].Trigger.Start += off
		evs[i].Trigger.End += off
	}
}

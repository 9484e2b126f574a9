package http

import (
	"errors"
	"fmt"
	nethttp "net/http"
	"strings"
	"time"

	"entente"
	"entente/coder"
	"entente/ingest"
)

// textRequest is a document given as pasted text or as a URL to fetch.
type textRequest struct {
	Text string `json:"text"`
	URL  string `json:"url"`
	// Title and Date complete pasted text without a header.
	Title string `json:"title"`
	Date  string `json:"date"`
}

// readDocuments reads the text request in r's body and turns it into
// documents. Pasted text is parsed like a plain-text file (an optional
// Title:/Date: header); a URL is fetched through the guarded client.
// Nothing here touches the disk.
func (s *Server) readDocuments(r *nethttp.Request) ([]entente.Document, error) {
	var req textRequest
	if err := readJSON(r, &req); err != nil {
		return nil, err
	}
	ctx := r.Context()
	if s.svc.Documents == nil {
		return nil, fmt.Errorf("text reading is not wired: %w", entente.ErrUnsupported)
	}
	text, link := strings.TrimSpace(req.Text), strings.TrimSpace(req.URL)
	switch {
	case text != "" && link != "":
		return nil, badParam("url", errors.New("give text or url, not both"))
	case link != "":
		if err := checkURL(link); err != nil {
			return nil, err
		}
		docs, err := s.svc.Documents.Read(ctx, link)
		if err != nil {
			if errors.Is(err, errPrivateAddr) {
				return nil, fmt.Errorf("%w: %s", errPrivateAddr, link)
			}
			return nil, fmt.Errorf("read %s: %w", link, err)
		}
		return docs, nil
	case text == "":
		return nil, badParam("text", errors.New("empty: paste text or give a url"))
	}
	d, err := ingest.ParseText("pasted", req.Text)
	if err != nil {
		return nil, err
	}
	if d.Title == "" {
		d.Title = req.Title
	}
	if on, err := bodyDate("date", req.Date); err != nil {
		return nil, err
	} else if !on.IsZero() {
		d.Date = on
	}
	if d.Date.IsZero() {
		d.Date = s.svc.Now().UTC().Truncate(24 * time.Hour)
	}
	return []entente.Document{ingest.NewDocument(d, []byte(req.Text))}, nil
}

// codedEvent is an extracted event with its trigger span, for highlighting.
type codedEvent struct {
	Sentence     int                `json:"sentence"`
	Start        int                `json:"start"`
	End          int                `json:"end"`
	Text         string             `json:"text"`
	Source       *entente.ActorRef  `json:"source"`
	Target       *entente.ActorRef  `json:"target"`
	CAMEO        string             `json:"cameo"`
	PLOVER       string             `json:"plover"`
	Goldstein    float64            `json:"goldstein"`
	Negated      bool               `json:"negated"`
	Modality     entente.Modality   `json:"modality"`
	Quantities   []entente.Quantity `json:"quantities"`
	Confidence   float64            `json:"confidence"`
	TriggerStart int                `json:"trigger_start"`
	TriggerEnd   int                `json:"trigger_end"`
}

// readingDoc is one document as the reading room shows it: its text, the
// actors it mentions and the events coded from it, offsets into Text.
type readingDoc struct {
	ID       string            `json:"id"`
	Title    string            `json:"title"`
	Date     time.Time         `json:"date"`
	URL      string            `json:"url,omitempty"`
	Text     string            `json:"text"`
	Mentions []entente.Mention `json:"mentions"`
	Events   []codedEvent      `json:"events"`
}

func (s *Server) extract(w nethttp.ResponseWriter, r *nethttp.Request) error {
	if s.svc.Coder == nil {
		return fmt.Errorf("the coder is not wired: %w", entente.ErrUnsupported)
	}
	docs, err := s.readDocuments(r)
	if err != nil {
		return err
	}
	out := make([]readingDoc, 0, len(docs))
	for _, d := range docs {
		rd := readingDoc{ID: d.ID, Title: d.Title, Date: d.Date, URL: d.URL, Text: d.Text,
			Mentions: s.svc.Registry.FindMentions(d.Text, d.Date, []entente.Mention{}), Events: []codedEvent{}}
		evs, err := s.svc.Coder.Code(d)
		if err != nil {
			return fmt.Errorf("code %s: %w", d.ID, err)
		}
		for _, e := range evs {
			rd.Events = append(rd.Events, codedFrom(e))
		}
		out = append(out, rd)
	}
	return writeJSON(w, nethttp.StatusOK, out)
}

func codedFrom(e coder.Extracted) codedEvent {
	q := e.Quantities
	if q == nil {
		q = []entente.Quantity{}
	}
	return codedEvent{Sentence: e.Sentence, Start: e.Start, End: e.End, Text: e.Text, Source: e.Source, Target: e.Target,
		CAMEO: e.CAMEO, PLOVER: e.PLOVER, Goldstein: e.Goldstein, Negated: e.Negated, Modality: e.Modality,
		Quantities: q, Confidence: e.Confidence, TriggerStart: e.Trigger.Start, TriggerEnd: e.Trigger.End}
}

package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"entente"
	"entente/coder"
)

// DocumentLister is implemented by stores that can list their documents.
// Near-duplicate detection compares a new document with every stored one
// when the store offers it, and with the documents of the same run only
// when it does not.
type DocumentLister interface {
	Documents(ctx context.Context) ([]entente.Document, error)
}

// Service ingests documents into a store.
type Service struct {
	cfg   Config
	store entente.Store
	coder *coder.Coder
	// adj, when set, adjudicates what the rules leave open; stats counts
	// what it did over the service's life.
	adj   *coder.Adjudicator
	stats coder.AdjudicationStats
}

// Adjudicate makes a ask about the sentences where the rules abstain or
// disagree in every document coded from now on (not in streamed files,
// whose text is not held). Adjudication is opt-in: without this call no
// endpoint is asked.
func (s *Service) Adjudicate(a *coder.Adjudicator) { s.adj = a }

// Adjudication counts what the adjudicator did so far.
func (s *Service) Adjudication() coder.AdjudicationStats { return s.stats }

// Coded is a document and the events coded from it, ready to store.
type Coded struct {
	Doc entente.Document
	// Events are the document's events with their IDs, merged by ID: an
	// event the text reports twice is one event with two evidence
	// entries, which keeps a long repetitive text small.
	Events []entente.Event
	// Rows is the number of events the coder found, before merging.
	Rows int
	// index finds an event of Events by ID.
	index map[string]int
	// text, when set, is a file not coded yet: Store codes it inside its
	// transaction and writes its events as they come (see Streamed).
	text *TextFile
}

// Streamed is a plain-text file to be coded while Store stores it. Its
// events are written to the transaction chunk by chunk instead of being
// held until the end, so that a file of hundreds of thousands of
// sentences needs the memory of one chunk's events, not of all of them;
// the whole file is still one transaction, so a failure stores nothing
// of it. The caller closes t after Store returns.
func Streamed(t *TextFile) Coded { return Coded{Doc: t.Doc, text: t} }

// add merges the coded events evs of the document into c.
func (c *Coded) add(evs []coder.Extracted) {
	if c.index == nil {
		c.index = map[string]int{}
	}
	c.Rows += len(evs)
	for _, x := range evs {
		e := x.Event(c.Doc)
		e.ID = EventID(e)
		if i, ok := c.index[e.ID]; ok {
			c.Events[i].Evidence = append(c.Events[i].Evidence, e.Evidence...)
			continue
		}
		c.index[e.ID] = len(c.Events)
		c.Events = append(c.Events, e)
	}
}

// longText is the length above which a document already read whole is
// still coded chunk by chunk: its events are merged as each chunk is
// coded, so the coder's rows for the whole text are never held at once.
const longText = 1 << 20

// Code codes docs on every core, then has the adjudicator, if any, look
// at what the rules left open. Without an adjudicator, a document longer
// than longText is coded as a stream of chunks.
func (s *Service) Code(ctx context.Context, docs []entente.Document) ([]Coded, error) {
	out := make([]Coded, len(docs))
	var short []entente.Document
	var at []int
	for i, d := range docs {
		out[i] = Coded{Doc: d}
		if s.adj == nil && len(d.Text) > longText {
			err := s.coder.CodeReader(ctx, strings.NewReader(d.Text), d, func(evs []coder.Extracted) error {
				out[i].add(evs)
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("ingest: code %s: %w", d.ID, err)
			}
			continue
		}
		short = append(short, d)
		at = append(at, i)
	}
	coded, err := s.coder.CodeAll(ctx, short)
	if err != nil {
		return nil, fmt.Errorf("ingest: code: %w", err)
	}
	for k, d := range short {
		evs := coded[k]
		coded[k] = nil
		if s.adj != nil {
			var st coder.AdjudicationStats
			evs, st, err = s.adj.Adjudicate(ctx, d, evs)
			s.stats.Add(st)
			if err != nil {
				return nil, fmt.Errorf("ingest: adjudicate %s: %w", d.ID, err)
			}
		}
		out[at[k]].add(evs)
	}
	return out, nil
}

// CodeText codes a long plain-text file as a stream, in bounded memory:
// the coder reads it in chunks and only the events (each with its
// sentence) are kept. The document is t.Doc, whose Text is the head of
// the file's text only.
func (s *Service) CodeText(ctx context.Context, t *TextFile) (Coded, error) {
	body, err := t.Body()
	if err != nil {
		return Coded{}, err
	}
	c := Coded{Doc: t.Doc}
	err = s.coder.CodeReader(ctx, body, t.Doc, func(evs []coder.Extracted) error {
		c.add(evs)
		return nil
	})
	if err != nil {
		return Coded{}, fmt.Errorf("ingest: code %s: %w", t.Doc.ID, err)
	}
	return c, nil
}

// NewService returns a service that codes with c and writes to store.
func NewService(cfg Config, store entente.Store, c *coder.Coder) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if store == nil || c == nil {
		return nil, fmt.Errorf("ingest: store and coder are required: %w", entente.ErrInvalid)
	}
	return &Service{cfg: cfg, store: store, coder: c}, nil
}

// Report counts what one ingest did.
type Report struct {
	Documents  int      `json:"documents"`  // new documents stored
	Unchanged  int      `json:"unchanged"`  // documents already stored, left as they were
	Duplicates int      `json:"duplicates"` // new documents linked as near-copies of another
	Events     int      `json:"events"`     // new events stored
	Evidence   int      `json:"evidence"`   // evidence added to events already known
	IDs        []string `json:"ids"`        // IDs of the documents read, in order
}

// EventID is the merge key of an event: the same date, source, target,
// CAMEO code and negation make the same event whichever document reports
// it, so a second report adds evidence instead of a second event.
func EventID(e entente.Event) string {
	date := ""
	if !e.Date.IsZero() {
		date = e.Date.Format(entente.DateLayout)
	}
	key := date + "|" + e.Source.Code + "|" + e.Target.Code + "|" + e.CAMEO + "|" + strconv.FormatBool(e.Negated)
	sum := sha256.Sum256([]byte(key))
	return "ev:" + hex.EncodeToString(sum[:])[:16]
}

// Ingest stores docs and their events in one transaction: a failure
// stores nothing. A document already stored is skipped whole, so
// re-ingesting changes nothing.
func (s *Service) Ingest(ctx context.Context, docs []entente.Document) (Report, error) {
	// Code every document first, on all cores, outside the transaction:
	// coding reads no store. Documents found already stored are coded
	// for nothing, which costs less than a second pass.
	coded, err := s.Code(ctx, docs)
	if err != nil {
		return Report{}, err
	}
	return s.Store(ctx, coded)
}

// Store stores coded documents and their events in one transaction, as
// Ingest does.
func (s *Service) Store(ctx context.Context, coded []Coded) (Report, error) {
	var rep Report
	err := s.store.Update(ctx, func(tx entente.Tx) error {
		rep = Report{}
		type known struct {
			id  string
			sig Signature
		}
		var prior []known
		if l, ok := tx.(DocumentLister); ok {
			stored, err := l.Documents(ctx)
			if err != nil {
				return fmt.Errorf("list documents: %w", err)
			}
			for _, d := range stored {
				if d.DuplicateOf == "" {
					prior = append(prior, known{d.ID, s.cfg.Sign(d.Text)})
				}
			}
		}
		// Events of this run by ID, to merge reports within the run.
		batch := map[string]int{}
		var events []entente.Event
		var streams []Coded
		for _, cd := range coded {
			d := cd.Doc
			if err := ctx.Err(); err != nil {
				return err
			}
			rep.IDs = append(rep.IDs, d.ID)
			if _, err := tx.Document(ctx, d.ID); err == nil {
				rep.Unchanged++
				continue
			} else if !errors.Is(err, entente.ErrNotFound) {
				return fmt.Errorf("look up %s: %w", d.ID, err)
			}
			if _, seen := batchDoc(rep.IDs[:len(rep.IDs)-1], d.ID); seen {
				rep.Unchanged++
				continue
			}
			sig := s.cfg.Sign(d.Text)
			best, bestSim := "", 0.0
			for _, p := range prior {
				if sim := Similarity(sig, p.sig); sim >= s.cfg.NearDuplicate && sim > bestSim {
					best, bestSim = p.id, sim
				}
			}
			if best != "" {
				d.DuplicateOf = best
				rep.Duplicates++
			} else {
				prior = append(prior, known{d.ID, sig})
			}
			if err := tx.PutDocument(ctx, d); err != nil {
				return err
			}
			rep.Documents++
			if cd.text != nil {
				// Coded after the documents read whole, whose events
				// are written first, below.
				cd.Doc = d
				streams = append(streams, cd)
				continue
			}
			if err := tx.PutSource(ctx, entente.Source{
				ID: d.ID, Dataset: "text", Title: d.Title, Publisher: d.Publisher, URL: d.URL,
				Checksum: d.Checksum, Rows: int64(cd.Rows), Coverage: entente.Period{From: d.Date, To: d.Date},
				Imported: s.cfg.Clock.Now(),
			}); err != nil {
				return err
			}
			for _, e := range cd.Events {
				// Clipped, so that merging evidence below never writes
				// into the coded events, which a retried transaction
				// reads again.
				e.Evidence = slices.Clip(e.Evidence)
				if i, ok := batch[e.ID]; ok {
					events[i].Evidence = append(events[i].Evidence, e.Evidence...)
					continue
				}
				batch[e.ID] = len(events)
				events = append(events, e)
			}
		}
		// Events already stored get the new evidence; the rest are new.
		var fresh []entente.Event
		for _, e := range events {
			stored, err := s.storedEvent(ctx, tx, e)
			if err != nil {
				return err
			}
			if stored == nil {
				fresh = append(fresh, e)
				continue
			}
			if err := s.addEvidence(ctx, tx, &rep, stored, e); err != nil {
				return err
			}
		}
		if len(fresh) > 0 {
			if err := tx.AppendEvents(ctx, fresh); err != nil {
				return err
			}
		}
		rep.Events = len(fresh)
		for _, e := range fresh {
			rep.Evidence += len(e.Evidence) - 1
		}
		if len(streams) == 0 {
			return nil
		}
		// Every event written so far, so that a streamed file's report
		// of one of them only adds evidence.
		written := make(map[string]bool, len(events))
		for _, e := range events {
			written[e.ID] = true
		}
		for _, cd := range streams {
			if err := s.storeStream(ctx, tx, &rep, written, cd); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Report{}, fmt.Errorf("ingest: %w", err)
	}
	return rep, nil
}

// storeStream codes the streamed file of cd and writes each chunk's
// events as they come: an event first seen is looked up in the store and
// appended or extended, a later report of it adds its evidence. Nothing
// of the file's events is kept but the set of IDs written.
func (s *Service) storeStream(ctx context.Context, tx entente.Tx, rep *Report, written map[string]bool, cd Coded) error {
	d := cd.Doc
	body, err := cd.text.Body()
	if err != nil {
		return err
	}
	rows := 0
	err = s.coder.CodeReader(ctx, body, d, func(evs []coder.Extracted) error {
		rows += len(evs)
		for _, x := range evs {
			e := x.Event(d)
			e.ID = EventID(e)
			if written[e.ID] {
				if err := tx.AddEvidence(ctx, e.ID, e.Evidence); err != nil {
					return err
				}
				rep.Evidence += len(e.Evidence)
				continue
			}
			written[e.ID] = true
			stored, err := s.storedEvent(ctx, tx, e)
			if err != nil {
				return err
			}
			if stored != nil {
				if err := s.addEvidence(ctx, tx, rep, stored, e); err != nil {
					return err
				}
				continue
			}
			if err := tx.AppendEvents(ctx, []entente.Event{e}); err != nil {
				return err
			}
			rep.Events++
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("code %s: %w", d.ID, err)
	}
	// The source row is written last, when the number of rows is known.
	return tx.PutSource(ctx, entente.Source{
		ID: d.ID, Dataset: "text", Title: d.Title, Publisher: d.Publisher, URL: d.URL,
		Checksum: d.Checksum, Rows: int64(rows), Coverage: entente.Period{From: d.Date, To: d.Date},
		Imported: s.cfg.Clock.Now(),
	})
}

// addEvidence adds to the stored event the evidence of e it does not
// have yet.
func (s *Service) addEvidence(ctx context.Context, tx entente.Tx, rep *Report, stored *entente.Event, e entente.Event) error {
	var add []entente.Evidence
	for _, ev := range e.Evidence {
		if !hasEvidence(stored.Evidence, ev) {
			add = append(add, ev)
		}
	}
	if len(add) == 0 {
		return nil
	}
	if err := tx.AddEvidence(ctx, e.ID, add); err != nil {
		return err
	}
	rep.Evidence += len(add)
	return nil
}

func batchDoc(ids []string, id string) (int, bool) {
	for i, x := range ids {
		if x == id {
			return i, true
		}
	}
	return 0, false
}

// storedEvent returns the stored event with e's ID, if any.
func (s *Service) storedEvent(ctx context.Context, tx entente.Tx, e entente.Event) (*entente.Event, error) {
	f := entente.EventFilter{SourceCountry: e.Source.Country, TargetCountry: e.Target.Country, CAMEOPrefix: e.CAMEO}
	if !e.Date.IsZero() {
		f.From, f.To = e.Date, e.Date.AddDate(0, 0, 1)
	}
	got, err := tx.Events(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("look up event %s: %w", e.ID, err)
	}
	for i := range got {
		if got[i].ID == e.ID {
			return &got[i], nil
		}
	}
	return nil, nil
}

func hasEvidence(list []entente.Evidence, ev entente.Evidence) bool {
	for _, x := range list {
		if x.Document == ev.Document && x.Start == ev.Start && x.End == ev.End {
			return true
		}
	}
	return false
}

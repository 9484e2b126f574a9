package entente

import (
	"context"
	"time"
)

// Store keeps entente's facts. The embedded default is DuckDB (package
// duckdb); a distributed engine implements the same interface, and one
// contract suite (package storetest) runs against every implementation.
//
// A Store's reads are safe for concurrent use, and one read may begin while
// another's rows are still being delivered (measures.BuildPanel reads ties
// while a trade scan runs): a store must not hold reads to one at a time.
// A Tx belongs to the goroutine that runs its Update.
type Store interface {
	Reader

	// Update runs fn in one transaction. Everything fn writes lands together
	// when fn returns nil, and nothing lands when fn returns an error or the
	// context is cancelled; Update then returns fn's error.
	Update(ctx context.Context, fn func(Tx) error) error

	// Close releases the store. It returns the first error from flushing.
	Close() error
}

// Tx writes within one transaction opened by Store.Update. Batches may be
// appended repeatedly so that importers stream files of any size. Every
// method returns ErrInvalid (wrapped) for rows missing a required field and
// ErrConflict for a source written twice in one transaction.
type Tx interface {
	Reader

	// PutSource records a dataset release or document collection. A source
	// already stored under the same ID is replaced (its rows stay).
	PutSource(ctx context.Context, s Source) error
	// DeleteSource removes a source and every row whose evidence cites it,
	// so a newer release can replace an older one. Returns ErrNotFound when
	// no such source exists.
	DeleteSource(ctx context.Context, id string) error

	// ReplaceRegistry replaces the stored actor registry wholesale.
	ReplaceRegistry(ctx context.Context, r RegistryData) error

	AppendRollCalls(ctx context.Context, rcs []RollCall) error
	AppendVotes(ctx context.Context, vs []Vote) error
	AppendTies(ctx context.Context, ts []Tie) error
	AppendEvents(ctx context.Context, es []Event) error
	// AddEvidence attaches further evidence to a stored event (another
	// document reporting it).
	AddEvidence(ctx context.Context, eventID string, evs []Evidence) error
	// PutDocument stores a document; one with the same ID is left as it is.
	PutDocument(ctx context.Context, d Document) error
	// PutArtifact stores a derived artifact (a fitted model), replacing one
	// of the same kind and key, and keeps only the keep most recent of its
	// kind (keep <= 0 keeps all). ErrInvalid when kind or key is empty.
	PutArtifact(ctx context.Context, a Artifact, keep int) error
}

// Artifact is something entente derived from the stored data and keeps to
// save recomputing it, such as a fitted coalition model. Its key names
// everything it was derived from, so a changed input means a new key and a
// stale artifact is never read back.
type Artifact struct {
	Kind    string
	Key     string
	Created time.Time
	Body    []byte
}

// RegistryData is the registry in the shape the store keeps it.
type RegistryData struct {
	Version     string
	Actors      []Actor
	Names       []Name
	Offices     []Office
	Memberships []Membership
}

// Reader answers queries. Filters with zero fields match everything. Slices
// come back in a stable order (documented per method) so that output is
// reproducible.
type Reader interface {
	// Sources lists stored sources ordered by ID.
	Sources(ctx context.Context) ([]Source, error)
	// Source returns one source; ErrNotFound when absent.
	Source(ctx context.Context, id string) (Source, error)
	// RegistryVersion returns the version of the stored registry, "" if none.
	RegistryVersion(ctx context.Context) (string, error)
	// Actors lists stored actors ordered by code.
	Actors(ctx context.Context) ([]Actor, error)
	// Memberships lists memberships matching f, ordered by group, member, start.
	Memberships(ctx context.Context, f MembershipFilter) ([]Membership, error)
	// RollCalls lists roll calls matching f ordered by date then ID.
	RollCalls(ctx context.Context, f RollCallFilter) ([]RollCall, error)
	// Votes lists votes matching f ordered by roll call then country.
	Votes(ctx context.Context, f VoteFilter) ([]Vote, error)
	// Ties lists ties matching f ordered by kind, A, B, start, year.
	Ties(ctx context.Context, f TieFilter) ([]Tie, error)
	// Events lists events matching f ordered by date then ID.
	Events(ctx context.Context, f EventFilter) ([]Event, error)
	// SummarizeEvents aggregates events matching f per year, directed dyad
	// (by country), PLOVER category and negation, ordered by those keys.
	// It is how measures read event affinity without loading every event.
	SummarizeEvents(ctx context.Context, f EventFilter) ([]EventSummary, error)
	// Document returns one document; ErrNotFound when absent.
	Document(ctx context.Context, id string) (Document, error)
	// Documents lists stored documents ordered by date then ID; ingestion
	// compares new articles with them to link syndicated copies.
	Documents(ctx context.Context) ([]Document, error)
	// CountRows counts the rows citing a source, by table name.
	CountRows(ctx context.Context, sourceID string) (map[string]int64, error)
	// Artifact returns a stored artifact; ErrNotFound when absent.
	Artifact(ctx context.Context, kind, key string) (Artifact, error)
}

// BulkReader is an optional fast path a Reader may offer for loads of
// hundreds of thousands of rows: votes and yearly dyadic tie values without
// their evidence. Callers type-assert a Reader to it and fall back to Votes
// and Ties when it is absent; both paths must yield the same rows.
type BulkReader interface {
	// ScanVotes calls fn for every vote on a roll call dated in [from, to)
	// (a zero from is open). It returns the context's error when cancelled
	// and wraps any storage error.
	ScanVotes(ctx context.Context, from, to time.Time, fn func(rollcall, country string, choice VoteChoice)) error
	// ScanTieValues calls fn for every tie of the kind whose year lies in
	// [fromYear, toYear] (toYear 0: no upper bound).
	ScanTieValues(ctx context.Context, kind TieKind, fromYear, toYear int, fn func(a, b string, year int, value float64)) error
}

// TradeScanner is an optional fast path for the trade figures of many
// flows: each trade.flow tie's value with what measures.TradeFigure's
// precedence between datasets and reports rests on (the source the
// evidence cites, the reporter, the mirror and estimate flags), without
// the rest of the evidence. Callers type-assert a Reader to it and fall
// back to Ties when it is absent; both paths must yield the same rows.
type TradeScanner interface {
	// ScanTradeFlows calls fn for every trade.flow tie whose year lies in
	// [fromYear, toYear] (toYear 0: no upper bound). It returns the
	// context's error when cancelled and wraps any storage error.
	ScanTradeFlows(ctx context.Context, fromYear, toYear int, fn func(TradeRow)) error
}

// TradeRow is one trade.flow tie as TradeScanner yields it: A imports
// from B in Year; Source is the evidence's Source ID; Reporter, Mirror and
// Estimate are the tie's "reporter", "mirror" and "estimate" attributes.
type TradeRow struct {
	A, B             string
	Year             int
	Value            float64
	Source           string
	Reporter         string
	Mirror, Estimate bool
}

// EventSummary is the aggregate of the events of one directed dyad in one
// year and PLOVER category, negated events apart.
type EventSummary struct {
	Year          int     `json:"year"`
	SourceCountry string  `json:"source_country"`
	TargetCountry string  `json:"target_country"`
	PLOVER        string  `json:"plover"`
	Negated       bool    `json:"negated"`
	Events        int64   `json:"events"`
	GoldsteinSum  float64 `json:"goldstein_sum"`
	Mentions      int64   `json:"mentions"`
}

// MembershipFilter selects memberships; On keeps those in force that day.
type MembershipFilter struct {
	Group  string
	Member string
	On     time.Time
}

// RollCallFilter selects roll calls dated in [From, To) (zero ends open).
type RollCallFilter struct {
	From, To   time.Time
	Session    int
	Resolution string
	IDs        []string
}

// VoteFilter selects votes by roll call, country and roll-call date window.
type VoteFilter struct {
	RollCalls []string
	Countries []string
	From, To  time.Time
}

// TieFilter selects ties by kind prefix ("alliance." matches every alliance
// type), dyad (unordered when Either is set) and year window.
type TieFilter struct {
	KindPrefix string
	A, B       string
	Either     bool
	FromYear   int
	ToYear     int
	Source     string
	Limit      int
}

// EventFilter selects events by dyad (country of source and target), date
// window [From, To), root code and negation.
type EventFilter struct {
	SourceCountry, TargetCountry string
	From, To                     time.Time
	CAMEOPrefix                  string
	Limit                        int
}

package entente

import "context"

// EventDeduplicator is an optional Tx capability: events are keyed by their
// publisher's id (GDELT's GLOBALEVENTID, ICEWS's Event ID), so the same
// event arriving from a second file must not be stored twice. Stores that
// can do it in one set operation implement it; the importer calls it when
// present.
type EventDeduplicator interface {
	// DropKnownEvents deletes the events citing source whose ids are
	// already held by events citing another source, and returns how many
	// it deleted. It returns no sentinel error; a failure is a storage
	// error and rolls the transaction back.
	DropKnownEvents(ctx context.Context, source string) (int64, error)
}

package duckdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/cgo"
	"strings"
	"sync"

	"entente"

	duck "github.com/duckdb/duckdb-go/v2"
)

// Large event batches reach DuckDB in data-chunk form rather than through
// Appender.AppendRow. AppendRow boxes each of the 24 values of a row into an
// interface and converts it back by reflection on the type; that was half of
// the import's CPU. The feed instead runs
//
//	INSERT INTO events SELECT * FROM entente_event_feed(handle)
//
// on the transaction's connection, in its own goroutine, while
// AppendEvents hands it batches. The table function writes each column of a
// 2048-row chunk with a typed setter, and DuckDB calls it from as many
// threads as it runs, so filling chunks, DuckDB's own insert work and the
// importer's parsing overlap. Only the events table has a feed: it is the
// one with millions of rows.

// feedFunction is the table function's name; it is registered once per
// connection and is stateless, the feed being found through the handle.
const feedFunction = "entente_event_feed"

// feedMinBatch is the smallest batch sent through the feed. A feed costs a
// statement; smaller batches (the coder's, the tests') go through the row
// appender, whose rows join the same table.
const feedMinBatch = 1024

// eventFeed is one running INSERT … SELECT and the batch it is reading.
type eventFeed struct {
	mu     sync.Mutex
	cond   *sync.Cond
	cur    []entente.Event // the batch being read; nil between batches
	next   int             // first row of cur not yet given to a chunk
	busy   int             // chunks of cur being filled
	closed bool            // no more batches: FillChunk ends the scan
	batch  chan struct{}   // closed when cur is entirely in chunks
	done   chan error      // the INSERT's result
	handle cgo.Handle
	stop   func() bool // detaches the context watch
}

// feedColumns are the events table's columns in table order.
var feedColumns = func() []duck.ColumnInfo {
	varchar, _ := duck.NewTypeInfo(duck.TYPE_VARCHAR)
	date, _ := duck.NewTypeInfo(duck.TYPE_DATE)
	double, _ := duck.NewTypeInfo(duck.TYPE_DOUBLE)
	boolean, _ := duck.NewTypeInfo(duck.TYPE_BOOLEAN)
	integer, _ := duck.NewTypeInfo(duck.TYPE_INTEGER)
	bigint, _ := duck.NewTypeInfo(duck.TYPE_BIGINT)
	cols := []struct {
		name string
		t    duck.TypeInfo
	}{
		{"id", varchar}, {"date", date}, {"src_code", varchar}, {"src_country", varchar}, {"src_text", varchar},
		{"tgt_code", varchar}, {"tgt_country", varchar}, {"tgt_text", varchar}, {"cameo", varchar}, {"plover", varchar},
		{"goldstein", double}, {"negated", boolean}, {"modality", varchar}, {"quantities", varchar}, {"confidence", double},
		{"mentions", integer}, {"tone", double}, {"ev_source", varchar}, {"ev_file", varchar}, {"ev_line", bigint},
		{"ev_document", varchar}, {"ev_start", integer}, {"ev_end", integer}, {"ev_text", varchar},
	}
	out := make([]duck.ColumnInfo, len(cols))
	for i, c := range cols {
		out[i] = duck.ColumnInfo{Name: c.name, T: c.t}
	}
	return out
}()

// feedTableFunction resolves the handle argument to the running feed.
var feedTableFunction = duck.ParallelChunkTableFunction{
	Config: duck.TableFunctionConfig{Arguments: []duck.TypeInfo{func() duck.TypeInfo {
		t, _ := duck.NewTypeInfo(duck.TYPE_BIGINT)
		return t
	}()}},
	BindArguments: func(_ map[string]any, args ...any) (duck.ParallelChunkTableSource, error) {
		h, ok := args[0].(int64)
		if !ok {
			return nil, fmt.Errorf("%s: want a feed handle, got %T", feedFunction, args[0])
		}
		f, ok := cgo.Handle(h).Value().(*eventFeed)
		if !ok {
			return nil, fmt.Errorf("%s: handle %d is not a feed", feedFunction, h)
		}
		return f, nil
	},
}

func (f *eventFeed) ColumnInfos() []duck.ColumnInfo { return feedColumns }

func (f *eventFeed) Cardinality() *duck.CardinalityInfo { return nil }

func (f *eventFeed) Init() duck.ParallelTableSourceInfo {
	return duck.ParallelTableSourceInfo{MaxThreads: 64}
}

func (f *eventFeed) NewLocalState() any { return nil }

// FillChunk takes the next rows of the current batch, waiting for one if
// there is none, and writes them column by column.
func (f *eventFeed) FillChunk(_ any, chunk duck.DataChunk) error {
	f.mu.Lock()
	for !f.closed && f.next == len(f.cur) {
		f.cond.Wait()
	}
	if f.next == len(f.cur) {
		f.mu.Unlock()
		return chunk.SetSize(0)
	}
	from := f.next
	to := min(from+duck.GetDataChunkCapacity(), len(f.cur))
	rows := f.cur[from:to]
	f.next = to
	f.busy++
	f.mu.Unlock()

	err := fillEvents(chunk, rows)

	f.mu.Lock()
	f.busy--
	if f.next == len(f.cur) && f.busy == 0 && f.cur != nil {
		f.cur = nil
		f.next = 0
		close(f.batch)
	}
	f.mu.Unlock()
	return err
}

// fillEvents writes events into a chunk: strings through the typed vector
// writer, the rest through the generic setter, neither boxing a value.
func fillEvents(chunk duck.DataChunk, es []entente.Event) error {
	if err := chunk.SetSize(len(es)); err != nil {
		return err
	}
	var str [len(feedVarchar)]duck.VectorWriter[string]
	for i, col := range feedVarchar {
		v, err := chunk.GetVector(col)
		if err != nil {
			return err
		}
		if str[i], err = duck.GetVectorWriter[string](v); err != nil {
			return err
		}
	}
	set := func(w duck.VectorWriter[string], r int, s string) {
		// Set fails only for a row outside the chunk, which cannot happen here.
		w.Set(r, s)
	}
	for r := range es {
		e := &es[r]
		ev := &e.Evidence[0]
		quantities := "[]"
		if len(e.Quantities) > 0 {
			b, _ := json.Marshal(e.Quantities)
			quantities = string(b)
		}
		set(str[0], r, e.ID)
		set(str[1], r, e.Source.Code)
		set(str[2], r, e.Source.Country)
		set(str[3], r, e.Source.Text)
		set(str[4], r, e.Target.Code)
		set(str[5], r, e.Target.Country)
		set(str[6], r, e.Target.Text)
		set(str[7], r, e.CAMEO)
		set(str[8], r, e.PLOVER)
		set(str[9], r, string(e.Modality))
		set(str[10], r, quantities)
		set(str[11], r, ev.Source)
		set(str[12], r, ev.File)
		set(str[13], r, ev.Document)
		set(str[14], r, ev.Text)
		var err error
		if e.Date.IsZero() {
			err = chunk.SetValue(1, r, nil)
		} else {
			err = duck.SetChunkValue(chunk, 1, r, e.Date)
		}
		err = errors.Join(err,
			duck.SetChunkValue(chunk, 10, r, e.Goldstein),
			duck.SetChunkValue(chunk, 11, r, e.Negated),
			duck.SetChunkValue(chunk, 14, r, e.Confidence),
			duck.SetChunkValue(chunk, 15, r, int32(e.Mentions)),
			duck.SetChunkValue(chunk, 16, r, e.Tone),
			duck.SetChunkValue(chunk, 19, r, ev.Line),
			duck.SetChunkValue(chunk, 21, r, int32(ev.Start)),
			duck.SetChunkValue(chunk, 22, r, int32(ev.End)))
		if err != nil {
			return fmt.Errorf("event %s: %w", e.ID, err)
		}
	}
	return nil
}

// feedVarchar are the VARCHAR columns, in the order fillEvents writes them.
var feedVarchar = [...]int{0, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 17, 18, 20, 23}

// startFeed registers the table function on the transaction's connection
// (once; a second registration is refused and harmless, the function being
// the same) and starts the INSERT that reads from the feed.
func (t *tx) startFeed(ctx context.Context) (*eventFeed, error) {
	if err := duck.RegisterTableUDF(t.conn, feedFunction, feedTableFunction); err != nil && !strings.Contains(err.Error(), "already exists") {
		return nil, fmt.Errorf("register %s: %w", feedFunction, err)
	}
	f := &eventFeed{done: make(chan error, 1)}
	f.cond = sync.NewCond(&f.mu)
	f.handle = cgo.NewHandle(f)
	// A cancelled import ends the scan, so that DuckDB's threads waiting
	// for a batch return; the transaction then rolls back.
	f.stop = context.AfterFunc(ctx, func() {
		f.mu.Lock()
		f.closed = true
		f.cond.Broadcast()
		f.mu.Unlock()
	})
	go func() {
		_, err := t.conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO events SELECT * FROM %s(%d)`, feedFunction, int64(f.handle)))
		f.done <- err
	}()
	return f, nil
}

// send hands a batch to the feed and returns once DuckDB has copied every
// row of it into chunks, so the caller may reuse the slice.
func (f *eventFeed) send(ctx context.Context, es []entente.Event) error {
	batch := make(chan struct{})
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return fmt.Errorf("append events: %w", context.Cause(ctx))
	}
	f.cur, f.next, f.batch = es, 0, batch
	f.cond.Broadcast()
	f.mu.Unlock()
	select {
	case <-batch:
		return nil
	case err := <-f.done:
		// The INSERT ended before reading the whole batch: it failed.
		f.done <- err
		if err == nil {
			err = context.Cause(ctx)
		}
		if err == nil {
			err = errors.New("the insert ended early")
		}
		return fmt.Errorf("append events: %w", err)
	}
}

// end closes the feed and waits for its INSERT to finish.
func (f *eventFeed) end() error {
	f.mu.Lock()
	f.closed = true
	f.cond.Broadcast()
	f.mu.Unlock()
	err := <-f.done
	f.stop()
	f.handle.Delete()
	if err != nil {
		return fmt.Errorf("append events: %w", err)
	}
	return nil
}

// endFeed finishes the transaction's feed, if one runs, before anything
// else uses the connection.
func (t *tx) endFeed() error {
	if t.feed == nil {
		return nil
	}
	err := t.feed.end()
	t.feed = nil
	return err
}

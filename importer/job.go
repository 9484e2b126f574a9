package importer

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync/atomic"
	"time"

	"entente"
)

// job is the import of one file inside one transaction: it batches rows to
// the store, tracks the dates covered and tallies unmapped codes.
type job struct {
	ctx  context.Context
	cfg  *Config
	tx   entente.Tx
	path string // as given, for error messages
	name string // base name, for evidence
	src  *entente.Source
	maps *mapper

	rows   int64 // data rows read from the file
	cov    coverage
	stored map[string]int64
	notes  []string

	// eventIDs finds events whose publisher id repeats within the file:
	// an event is stored once, under its first line.
	eventIDs dupTracker

	rollcalls []entente.RollCall
	votes     []entente.Vote
	ties      []entente.Tie
	events    []entente.Event

	w         *writer
	votePool  chan []entente.Vote
	tiePool   chan []entente.Tie
	eventPool chan []entente.Event
}

// reset prepares the job for a (new) transaction, so that a store retrying
// fn starts from nothing.
func (j *job) reset(tx entente.Tx) {
	j.tx = tx
	j.rows = 0
	j.cov = coverage{}
	j.stored = map[string]int64{}
	j.notes = nil
	j.eventIDs = dupTracker{}
	j.rollcalls, j.votes, j.ties, j.events = nil, nil, nil, nil
	j.votePool = make(chan []entente.Vote, 3)
	j.tiePool = make(chan []entente.Tie, 3)
	j.eventPool = make(chan []entente.Event, 3)
	j.maps.tally = map[string]int64{}
}

// evidence cites a line of the file being imported.
func (j *job) evidence(line int64) entente.Evidence {
	// Parsers cite each row once, right after counting it: a cheap place
	// to tell the progress display the true row count now and then.
	if j.rows&1023 == 0 && j.cfg.Progress != nil {
		reportRows(j.cfg.Progress, j.rows)
	}
	return entente.Evidence{Source: j.src.ID, File: j.name, Line: line}
}

// note records a finding for the report.
func (j *job) note(format string, args ...any) {
	j.notes = append(j.notes, fmt.Sprintf(format, args...))
}

func (j *job) rollcall(rc entente.RollCall) error {
	j.rollcalls = append(j.rollcalls, rc)
	if len(j.rollcalls) >= j.cfg.BatchSize {
		return j.flushRollCalls()
	}
	return nil
}

func (j *job) vote(v entente.Vote) error {
	j.votes = append(j.votes, v)
	if len(j.votes) >= j.cfg.BatchSize {
		return j.flushVotes()
	}
	return nil
}

func (j *job) tie(t entente.Tie) error {
	j.ties = append(j.ties, t)
	if len(j.ties) >= j.cfg.BatchSize {
		return j.flushTies()
	}
	return nil
}

func (j *job) event(e entente.Event) error {
	var line int64
	if len(e.Evidence) > 0 {
		line = e.Evidence[0].Line
	}
	if j.eventIDs.seen(maphash.String(j.eventIDs.Seed(), e.ID), line) {
		return nil
	}
	j.events = append(j.events, e)
	if len(j.events) >= j.cfg.BatchSize {
		return j.flushEvents()
	}
	return nil
}

// The store is written by a second goroutine while the parser reads on, so
// that parsing and appending overlap (the two cost about the same for GDELT).
// Batches go to the writer in order through a short queue; the parser may
// read the transaction only before its first batch is sent. The first
// store error stops the writer and is returned by the next send or by wait.

// writer is the goroutine that appends batches to the transaction.
type writer struct {
	queue  chan func() error
	done   chan struct{}
	err    error // set by the writer goroutine before done closes
	failed atomic.Bool
}

func (j *job) send(fn func() error) error {
	if j.w == nil {
		j.w = &writer{queue: make(chan func() error, 2), done: make(chan struct{})}
		go func(w *writer) {
			defer close(w.done)
			for fn := range w.queue {
				if w.failed.Load() {
					continue
				}
				if err := fn(); err != nil {
					w.err = err
					w.failed.Store(true)
				}
			}
		}(j.w)
	}
	if j.w.failed.Load() {
		return j.wait()
	}
	select {
	case j.w.queue <- fn:
		return nil
	case <-j.ctx.Done():
		return j.ctx.Err()
	}
}

// wait stops the writer after the batches already queued and returns its
// first error. With abandon set (the parser failed), queued batches are
// dropped: the transaction is rolled back anyway.
func (j *job) waitWriter(abandon bool) error {
	w := j.w
	if w == nil {
		return nil
	}
	j.w = nil
	if abandon {
		w.failed.Store(true)
	}
	close(w.queue)
	<-w.done
	if abandon {
		return nil
	}
	return w.err
}

func (j *job) wait() error { return j.waitWriter(false) }

// recycle hands an appended batch back for reuse, so that steady-state
// importing allocates no new batch slices.
func recycle[T any](pool chan []T, b []T) {
	clear(b)
	select {
	case pool <- b[:0]:
	default:
	}
}

func fresh[T any](pool chan []T, n int) []T {
	select {
	case b := <-pool:
		return b
	default:
		return make([]T, 0, n)
	}
}

func (j *job) flushRollCalls() error {
	if len(j.rollcalls) == 0 {
		return nil
	}
	b := j.rollcalls
	j.rollcalls = nil
	return j.send(func() error {
		if err := j.tx.AppendRollCalls(j.ctx, b); err != nil {
			return fmt.Errorf("store roll calls from %s: %w", j.path, err)
		}
		j.stored["rollcalls"] += int64(len(b))
		return nil
	})
}

func (j *job) flushVotes() error {
	if len(j.votes) == 0 {
		return nil
	}
	// Votes refer to roll calls: those read so far are stored first.
	if err := j.flushRollCalls(); err != nil {
		return err
	}
	b := j.votes
	j.votes = fresh(j.votePool, j.cfg.BatchSize)
	return j.send(func() error {
		if err := j.tx.AppendVotes(j.ctx, b); err != nil {
			return fmt.Errorf("store votes from %s: %w", j.path, err)
		}
		j.stored["votes"] += int64(len(b))
		recycle(j.votePool, b)
		return nil
	})
}

func (j *job) flushTies() error {
	if len(j.ties) == 0 {
		return nil
	}
	b := j.ties
	j.ties = fresh(j.tiePool, j.cfg.BatchSize)
	return j.send(func() error {
		if err := j.tx.AppendTies(j.ctx, b); err != nil {
			return fmt.Errorf("store ties from %s: %w", j.path, err)
		}
		j.stored["ties"] += int64(len(b))
		recycle(j.tiePool, b)
		return nil
	})
}

func (j *job) flushEvents() error {
	if len(j.events) == 0 {
		return nil
	}
	b := j.events
	j.events = fresh(j.eventPool, j.cfg.BatchSize)
	return j.send(func() error {
		if err := j.tx.AppendEvents(j.ctx, b); err != nil {
			return fmt.Errorf("store events from %s: %w", j.path, err)
		}
		j.stored["events"] += int64(len(b))
		recycle(j.eventPool, b)
		return nil
	})
}

// flush hands every pending row to the store, roll calls first because
// votes refer to them, and waits until the writer has appended them all.
func (j *job) flush() error {
	for _, f := range []func() error{j.flushRollCalls, j.flushVotes, j.flushTies, j.flushEvents} {
		if err := f(); err != nil {
			return err
		}
	}
	if err := j.wait(); err != nil {
		return err
	}
	return j.ctx.Err()
}

// coverage tracks the first and last day a file's rows speak of.
type coverage struct {
	from, to time.Time
}

func (c *coverage) day(d time.Time) {
	if d.IsZero() {
		return
	}
	if c.from.IsZero() || d.Before(c.from) {
		c.from = d
	}
	if c.to.IsZero() || d.After(c.to) {
		c.to = d
	}
}

func (c *coverage) span(p entente.Period) {
	c.day(p.From)
	c.day(p.To)
}

func (c *coverage) year(y int) {
	c.day(entente.Day(y, time.January, 1))
	c.day(entente.Day(y, time.December, 31))
}

func (c coverage) period() entente.Period { return entente.Period{From: c.from, To: c.to} }

// yearPeriod is the calendar year y as a period.
func yearPeriod(y int) entente.Period {
	return entente.Period{From: entente.Day(y, time.January, 1), To: entente.Day(y, time.December, 31)}
}

// mapper maps codes and names to actor codes through the registry, caching
// answers per code and day and tallying what it cannot map.
type mapper struct {
	reg   CodeMapper
	cache map[mapKey]string
	tally map[string]int64
}

type mapKey struct {
	scheme entente.CodeScheme // "" for names
	value  string
	day    int64
}

// maxMapCache bounds the mapper's cache so that memory stays flat however
// many days a file covers.
const maxMapCache = 1 << 18

func newMapper(reg CodeMapper) *mapper {
	return &mapper{reg: reg, cache: map[mapKey]string{}, tally: map[string]int64{}}
}

// lookup returns the actor code for a code (or, with scheme "", a name) on
// day on, or "" when the registry has none.
func (m *mapper) lookup(scheme entente.CodeScheme, value string, on time.Time) string {
	k := mapKey{scheme, value, on.Unix() / 86400}
	if c, ok := m.cache[k]; ok {
		return c
	}
	if len(m.cache) >= maxMapCache {
		// Answers are per code and day; a file spanning decades of
		// daily events would grow the cache without end.
		clear(m.cache)
	}
	var a entente.Actor
	var err error
	if scheme == "" {
		a, err = m.reg.ByName(value, on)
	} else {
		a, err = m.reg.ByCode(scheme, value, on)
	}
	code := ""
	if err == nil {
		code = a.Code
	}
	m.cache[k] = code
	return code
}

// code maps a code on a day, tallying a miss.
func (m *mapper) code(scheme entente.CodeScheme, value string, on time.Time) (string, bool) {
	if c := m.lookup(scheme, value, on); c != "" {
		return c, true
	}
	m.miss(string(scheme), value)
	return "", false
}

// name maps a country name on a day, tallying a miss.
func (m *mapper) name(text string, on time.Time) (string, bool) {
	if c := m.lookup("", text, on); c != "" {
		return c, true
	}
	m.miss("name", text)
	return "", false
}

// year maps a code used for a whole year. Codes change hands within a year
// (COW 365 is the USSR until 1991-12-25, Russia after; 260 West Germany
// until 1990-10-02), so the middle of the year is tried first, then its end
// and its start, and the first actor found is the one the row means.
func (m *mapper) year(scheme entente.CodeScheme, value string, y int) (string, bool) {
	for _, d := range []time.Time{entente.Day(y, time.July, 1), entente.Day(y, time.December, 31), entente.Day(y, time.January, 1)} {
		if c := m.lookup(scheme, value, d); c != "" {
			return c, true
		}
	}
	m.miss(string(scheme), value)
	return "", false
}

func (m *mapper) miss(scheme, value string) {
	m.tally[scheme+" "+value]++
}

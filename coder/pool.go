package coder

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"entente"
)

// task is a stretch of one document coded on its own: the whole document,
// or one chunk of a long one.
type task struct {
	doc      int // index into the documents
	off      int // byte offset of the chunk in the document's text
	sentence int // sentences of the document before the chunk
	text     string
}

// workers returns the goroutines to code with.
func (c *Coder) workers() int {
	if c.cfg.Workers > 0 {
		return c.cfg.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// CodeAll codes docs on Config.Workers goroutines and returns the events
// of each document, in document order, exactly as Code would. A document
// longer than Config.ChunkBytes is cut at blank lines into chunks coded
// in parallel; each chunk starts a fresh document context (pronouns and
// event nouns do not reach back across a cut), which only books and
// data dumps are long enough to notice. ctx stops the work early with
// its error.
func (c *Coder) CodeAll(ctx context.Context, docs []entente.Document) ([][]Extracted, error) {
	var tasks []task
	for i, d := range docs {
		tasks = c.appendTasks(tasks, i, d.Text)
	}
	results := make([][]Extracted, len(tasks))
	if err := c.run(ctx, len(tasks), func(k int) {
		t := tasks[k]
		d := docs[t.doc]
		d.Text = t.text
		evs := c.AppendCode(nil, d)
		fix(evs, t.off, t.sentence)
		results[k] = evs
	}); err != nil {
		return nil, err
	}
	out := make([][]Extracted, len(docs))
	for k, t := range tasks {
		out[t.doc] = append(out[t.doc], results[k]...)
	}
	return out, nil
}

// run calls work(0..n-1) on the coder's workers and waits; it returns
// ctx's error if ctx ends first.
func (c *Coder) run(ctx context.Context, n int, work func(k int)) error {
	w := min(c.workers(), n)
	if w <= 1 {
		for k := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			work(k)
		}
		return nil
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				work(k)
			}
		}()
	}
	var err error
feed:
	for k := range n {
		select {
		case next <- k:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return err
}

// appendTasks cuts text into chunks of about ChunkBytes at blank lines
// (at any line break when a paragraph is longer still) and appends a task
// for each.
func (c *Coder) appendTasks(tasks []task, doc int, text string) []task {
	off, sentence := 0, 0
	for len(text) > c.cfg.ChunkBytes {
		cut := chunkEnd(text, c.cfg.ChunkBytes)
		tasks = append(tasks, task{doc: doc, off: off, sentence: sentence, text: text[:cut]})
		sentence += len(SplitSentences(text[:cut], nil))
		off += cut
		text = text[cut:]
	}
	return append(tasks, task{doc: doc, off: off, sentence: sentence, text: text})
}

// chunkEnd returns where to cut text near size: after the last blank
// line before size, else after the last line break, else at size on a
// character boundary. The cut never splits a sentence that the splitter
// would keep whole, since a blank line always ends one.
func chunkEnd(text string, size int) int {
	if i := strings.LastIndex(text[:size], "\n\n"); i > 0 {
		return i + 2
	}
	if i := strings.LastIndexByte(text[:size], '\n'); i > 0 {
		return i + 1
	}
	for size > 1 && text[size]&0xC0 == 0x80 {
		size--
	}
	return size
}

// fix moves events of a chunk to the document's offsets and sentence
// numbers.
func fix(evs []Extracted, off, sentence int) {
	if off == 0 && sentence == 0 {
		return
	}
	Shift(evs, off)
	for i := range evs {
		evs[i].Sentence += sentence
	}
}

// ErrStop may be returned by a CodeReader callback to end reading early
// without an error.
var ErrStop = errors.New("coder: stop")

// CodeReader codes a long text read from r without holding it all: it
// reads chunks of about Config.ChunkBytes cut at blank lines, codes up to
// Config.Workers of them at once and hands emit the events of each chunk
// in text order, with offsets into the whole text. doc gives the ID and
// date; its Text is ignored. Memory stays near Workers×2 chunks whatever
// the length of the input. It returns the first error of r or emit
// (ErrStop from emit ends reading and is not returned).
func (c *Coder) CodeReader(ctx context.Context, r io.Reader, doc entente.Document, emit func([]Extracted) error) error {
	w := c.workers()
	type result struct {
		evs  []Extracted
		done chan struct{}
	}
	// pending holds the chunks in text order; the emitter waits for each.
	pending := make(chan *result, w)
	errc := make(chan error, 1)
	// stopped tells the reader that emit failed or asked to stop, so
	// that no more input is read.
	var stopped atomic.Bool
	go func() {
		var err error
		for res := range pending {
			<-res.done
			if err == nil {
				if err = emit(res.evs); err != nil {
					stopped.Store(true)
				}
			}
		}
		errc <- err
	}()
	sem := make(chan struct{}, w)
	br := bufio.NewReaderSize(r, 64<<10)
	off, sentence := 0, 0
	var carry []byte
	var readErr error
	for readErr == nil {
		if err := ctx.Err(); err != nil {
			readErr = err
			break
		}
		buf := make([]byte, len(carry), c.cfg.ChunkBytes+len(carry)+4096)
		copy(buf, carry)
		n, err := io.ReadFull(br, buf[len(buf):cap(buf)-4096])
		buf = buf[:len(buf)+n]
		last := err != nil
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			readErr = fmt.Errorf("read: %w", err)
			break
		}
		text := string(buf)
		cut := len(text)
		if !last {
			cut = chunkEnd(text, len(text)-1)
		}
		chunk := text[:cut]
		carry = append(carry[:0], text[cut:]...)
		res := &result{done: make(chan struct{})}
		pending <- res
		sem <- struct{}{}
		t := task{off: off, sentence: sentence, text: chunk}
		go func() {
			defer func() { <-sem; close(res.done) }()
			d := doc
			d.Text = t.text
			res.evs = c.AppendCode(nil, d)
			fix(res.evs, t.off, t.sentence)
		}()
		sentence += len(SplitSentences(chunk, nil))
		off += cut
		if last || stopped.Load() {
			break
		}
	}
	close(pending)
	err := <-errc
	if readErr != nil && !errors.Is(readErr, io.EOF) {
		return readErr
	}
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

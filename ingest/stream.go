package ingest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"unicode"

	"entente"
)

// StreamID is DocumentID for a text read from r, for texts too long to
// hold: it normalises as Normalize does, rune by rune, and hashes as it
// reads. A streamed file and the same text read whole get the same ID.
func StreamID(r io.Reader) (string, error) {
	h := sha256.New()
	br := bufio.NewReaderSize(r, 64<<10)
	out := bufio.NewWriterSize(h, 64<<10)
	space, wrote := false, false
	for {
		c, _, err := br.ReadRune()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		switch c {
		case '‘', '’', '‚', '′':
			c = '\''
		case '“', '”', '„', '″':
			c = '"'
		case '–', '—', '‒', '―':
			c = '-'
		case '\u00a0':
			c = ' '
		}
		if unicode.IsSpace(c) {
			space = true
			continue
		}
		if space && wrote {
			out.WriteByte(' ')
		}
		space, wrote = false, true
		out.WriteRune(unicode.ToLower(c))
	}
	if err := out.Flush(); err != nil {
		return "", err
	}
	return "doc:" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

// StreamHead is how much of a streamed text file is read for its header,
// and how much of its text a streamed document keeps in the store.
const StreamHead = 64 << 10

// TextFile is a plain-text file too long to read whole, opened to be
// coded as a stream. Doc has the header's fields, the ID of the whole
// text, the checksum of the whole file and, as Text, only the text's
// first StreamHead bytes (cut at a line break): the events keep their
// sentences as evidence, so the store need not hold the rest.
type TextFile struct {
	Doc entente.Document
	// BodyAt is the byte offset of the text in the file, after the header.
	BodyAt int64
	f      *os.File
}

// OpenText opens name for streaming. Close the result.
func OpenText(name string) (*TextFile, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, &entente.InputError{File: name, Err: err}
	}
	t, err := openText(name, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return t, nil
}

func openText(name string, f *os.File) (*TextFile, error) {
	fail := func(err error) (*TextFile, error) { return nil, &entente.InputError{File: name, Err: err} }
	head := make([]byte, StreamHead)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fail(err)
	}
	head = head[:n]
	// Cut the head at its last line break so that the header parser sees
	// whole lines and the kept text ends with a whole line.
	if i := bytes.LastIndexByte(head, '\n'); i > 0 {
		head = head[:i+1]
	}
	d, err := ParseText(name, string(head))
	if err != nil {
		return nil, err
	}
	t := &TextFile{Doc: d, BodyAt: int64(len(head) - len(d.Text)), f: f}
	// The checksum is of the whole file as read, the ID of the whole
	// normalised text, as NewDocument makes them for a file read whole.
	sum := sha256.New()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	if _, err := io.Copy(sum, f); err != nil {
		return fail(err)
	}
	t.Doc.Checksum = hex.EncodeToString(sum.Sum(nil))
	body, err := t.Body()
	if err != nil {
		return nil, err
	}
	if t.Doc.ID, err = StreamID(body); err != nil {
		return fail(err)
	}
	return t, nil
}

// Body returns the text after the header, from its start; each call
// starts again.
func (t *TextFile) Body() (io.Reader, error) {
	if _, err := t.f.Seek(t.BodyAt, io.SeekStart); err != nil {
		return nil, &entente.InputError{File: t.f.Name(), Err: err}
	}
	return t.f, nil
}

// Close closes the file.
func (t *TextFile) Close() error { return t.f.Close() }

package ingest

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"unicode"
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

// Package ingest turns files, folders, web pages and RSS/Atom feeds into
// entente documents, codes them into events and stores both, so that the
// same article ingested twice changes nothing, syndicated copies are linked
// to their original, and an event reported by several documents is stored
// once with each document as evidence.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"entente"
	"entente/feed"
	"entente/htmltext"
)

// Config tunes reading and de-duplication. Start from DefaultConfig.
type Config struct {
	// Timeout bounds one URL fetch.
	Timeout time.Duration
	// MaxBytes bounds a file or response; larger input is rejected rather
	// than truncated, so no document is stored half.
	MaxBytes int64
	// UserAgent is sent with URL fetches.
	UserAgent string
	// Client fetches URLs; nil builds one with Timeout.
	Client *http.Client
	// NearDuplicate is the estimated Jaccard similarity of word shingles
	// above which a document is linked as a copy of an earlier one.
	NearDuplicate float64
	// Shingle is the number of words in a shingle; Hashes the MinHash
	// signature length; Seed seeds the hash functions so that signatures
	// are the same on every run.
	Shingle int
	Hashes  int
	Seed    uint64
	// Clock stamps imports.
	Clock entente.Clock
	// MaxRedirects caps the redirects one fetch follows. Default 5.
	MaxRedirects int
	// AllowPrivate lets fetches reach loopback, private and link-local
	// addresses (an intranet, a test server). Off by default so that a
	// URL in a feed or a redirect cannot make entente probe the local
	// network. Applies only when Client is nil.
	AllowPrivate bool
}

// DefaultConfig returns the settings entente ingests with.
func DefaultConfig() Config {
	return Config{
		Timeout: 20 * time.Second, MaxBytes: 8 << 20, UserAgent: "entente/1 (+text ingest)", MaxRedirects: 5,
		NearDuplicate: 0.8, Shingle: 5, Hashes: 128, Seed: 0x656e74656e7465, Clock: entente.SystemClock{},
	}
}

// Validate reports unusable settings.
func (c Config) Validate() error {
	switch {
	case c.Timeout <= 0:
		return fmt.Errorf("ingest config: timeout %v: want > 0: %w", c.Timeout, entente.ErrInvalid)
	case c.MaxBytes <= 0:
		return fmt.Errorf("ingest config: max bytes %d: want > 0: %w", c.MaxBytes, entente.ErrInvalid)
	case c.NearDuplicate <= 0 || c.NearDuplicate > 1:
		return fmt.Errorf("ingest config: near-duplicate threshold %v: want (0, 1]: %w", c.NearDuplicate, entente.ErrInvalid)
	case c.Shingle < 1 || c.Shingle > 20:
		return fmt.Errorf("ingest config: shingle %d: want 1..20: %w", c.Shingle, entente.ErrInvalid)
	case c.Hashes < 8 || c.Hashes > 1024:
		return fmt.Errorf("ingest config: hashes %d: want 8..1024: %w", c.Hashes, entente.ErrInvalid)
	case c.Clock == nil:
		return fmt.Errorf("ingest config: no clock: %w", entente.ErrInvalid)
	case c.MaxRedirects < 0:
		return fmt.Errorf("ingest config: max redirects %d: want >= 0: %w", c.MaxRedirects, entente.ErrInvalid)
	}
	return nil
}

// Reader turns FILE|DIR|URL|FEED arguments into documents.
type Reader struct {
	cfg    Config
	client *http.Client
}

// NewReader returns a reader with cfg.
func NewReader(cfg Config) (*Reader, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := cfg.Client
	if c == nil {
		c = newClient(cfg)
	}
	return &Reader{cfg: cfg, client: c}, nil
}

// ErrPrivateAddress is returned (wrapped) for a fetch that would reach a
// loopback, private or link-local address while Config.AllowPrivate is off.
var ErrPrivateAddress = errors.New("private or loopback address refused")

// newClient builds the HTTP client fetches use: a whole-request timeout,
// capped redirects to http(s) only, and, unless allowed, no connections to
// private addresses. The address is checked after name resolution, at
// connect time, so a name resolving to 127.0.0.1 is refused too.
func newClient(cfg Config) *http.Client {
	dialer := &net.Dialer{Timeout: cfg.Timeout}
	if !cfg.AllowPrivate {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip, err := netip.ParseAddr(host); err == nil && !publicAddr(ip) {
				return fmt.Errorf("%s: %w", host, ErrPrivateAddress)
			}
			return nil
		}
	}
	return &http.Client{
		Timeout:   cfg.Timeout,
		Transport: &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: cfg.Timeout, ResponseHeaderTimeout: cfg.Timeout},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return fmt.Errorf("more than %d redirects: %w", cfg.MaxRedirects, entente.ErrInvalid)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: only http and https are fetched: %w", req.URL.Scheme, entente.ErrInvalid)
			}
			return nil
		},
	}
}

func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast()
}

// looksBinary reports content that is no text, page or feed: an image, an
// archive, a PDF. Such bytes would otherwise be "ingested" as a document
// of replacement characters.
func looksBinary(b []byte) (string, bool) {
	if len(b) == 0 {
		return "", false
	}
	ct := http.DetectContentType(b)
	if strings.HasPrefix(ct, "text/") || strings.Contains(ct, "xml") || strings.Contains(ct, "json") {
		return "", false
	}
	return ct, true
}

// textExts are the files a folder walk picks up.
var textExts = map[string]bool{
	".txt": true, ".text": true, ".md": true, ".html": true, ".htm": true, ".xhtml": true,
	".xml": true, ".rss": true, ".atom": true, ".feed": true,
}

// Input is a document with where its text starts in the bytes read: after
// the header of a plain-text file, so that byte offsets into the text can
// be reported as offsets into the file. HTML and feed items have offset 0:
// their offsets are into the extracted text.
type Input struct {
	Doc    entente.Document
	Offset int
}

// Read reads one argument: an http(s) URL (page or feed), a folder (every
// text, HTML or feed file in it, in name order) or a file.
func (r *Reader) Read(ctx context.Context, arg string) ([]entente.Document, error) {
	ins, err := r.ReadInputs(ctx, arg)
	if err != nil {
		return nil, err
	}
	docs := make([]entente.Document, len(ins))
	for i, in := range ins {
		docs[i] = in.Doc
	}
	return docs, nil
}

// ReadInputs is Read with the offset of each document's text.
func (r *Reader) ReadInputs(ctx context.Context, arg string) ([]Input, error) {
	if u, err := url.Parse(arg); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return r.fetch(ctx, arg)
	}
	if u, err := url.Parse(arg); err == nil && u.Scheme != "" && len(u.Scheme) > 1 && strings.Contains(arg, "://") {
		// file://, ftp:// and the like: a local file is named by its
		// path, and no other scheme is fetched.
		return nil, &entente.InputError{File: arg, Err: fmt.Errorf("%s:// is not fetched: give an http(s) URL or a local path", u.Scheme)}
	}
	st, err := os.Stat(arg)
	if err != nil {
		return nil, &entente.InputError{File: arg, Err: err}
	}
	if !st.IsDir() {
		b, err := r.readFile(arg)
		if err != nil {
			return nil, err
		}
		return r.ParseInputs(arg, b, "")
	}
	var files []string
	err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != arg && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && textExts[strings.ToLower(filepath.Ext(p))] {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, &entente.InputError{File: arg, Err: err}
	}
	sort.Strings(files)
	var docs []Input
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := r.readFile(f)
		if err != nil {
			return nil, err
		}
		ds, err := r.ParseInputs(f, b, "")
		if err != nil {
			return nil, err
		}
		docs = append(docs, ds...)
	}
	return docs, nil
}

func (r *Reader) readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, &entente.InputError{File: name, Err: err}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, r.cfg.MaxBytes+1))
	if err != nil {
		return nil, &entente.InputError{File: name, Err: err}
	}
	if int64(len(b)) > r.cfg.MaxBytes {
		return nil, &entente.InputError{File: name, Err: fmt.Errorf("larger than %d bytes", r.cfg.MaxBytes)}
	}
	return b, nil
}

func (r *Reader) fetch(ctx context.Context, u string) ([]Input, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, &entente.InputError{File: u, Err: err}
	}
	req.Header.Set("User-Agent", r.cfg.UserAgent)
	req.Header.Set("Accept", "text/html, application/rss+xml, application/atom+xml, application/xml, text/plain;q=0.8")
	resp, err := r.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			// Say which limit ended the fetch: the Go error names only the
			// context, which means nothing to the person who gave the URL.
			return nil, fmt.Errorf("fetch %s: no answer within %v (the fetch time limit): %w", u, r.cfg.Timeout, err)
		}
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: status %s: %w", u, resp.Status, entente.ErrNotFound)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, r.cfg.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	if int64(len(b)) > r.cfg.MaxBytes {
		return nil, &entente.InputError{File: u, Err: fmt.Errorf("response larger than %d bytes", r.cfg.MaxBytes)}
	}
	return r.ParseInputs(u, b, resp.Header.Get("Content-Type"))
}

// Kind is what a byte stream holds.
type Kind string

const (
	KindText Kind = "text"
	KindHTML Kind = "html"
	KindFeed Kind = "feed"
)

// Sniff tells a feed, an HTML page and plain text apart by content type,
// name and content.
func Sniff(name string, b []byte, contentType string) Kind {
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "rss"), strings.Contains(ct, "atom"):
		return KindFeed
	case strings.Contains(ct, "html"):
		return KindHTML
	}
	head := bytes.TrimLeft(b, " \t\r\n\ufeff")
	if len(head) > 512 {
		head = head[:512]
	}
	lower := bytes.ToLower(head)
	switch {
	case bytes.HasPrefix(lower, []byte("<?xml")) || bytes.HasPrefix(lower, []byte("<rss")) || bytes.HasPrefix(lower, []byte("<feed")):
		if feed.Detect(b) {
			return KindFeed
		}
		return KindHTML
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) || bytes.Contains(lower, []byte("<body")) || bytes.Contains(lower, []byte("<head")):
		return KindHTML
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return KindHTML
	case ".rss", ".atom":
		return KindFeed
	}
	return KindText
}

// Parse turns the bytes of one file or response into documents: one for
// a page or a text, one per item for a feed.
func (r *Reader) Parse(name string, b []byte, contentType string) ([]entente.Document, error) {
	ins, err := r.ParseInputs(name, b, contentType)
	if err != nil {
		return nil, err
	}
	docs := make([]entente.Document, len(ins))
	for i, in := range ins {
		docs[i] = in.Doc
	}
	return docs, nil
}

// ParseInputs is Parse with the offset of each document's text.
func (r *Reader) ParseInputs(name string, b []byte, contentType string) ([]Input, error) {
	if ct, bin := looksBinary(b); bin {
		return nil, &entente.InputError{File: name, Err: fmt.Errorf("binary content (%s), not a text, page or feed: %w", ct, entente.ErrUnsupported)}
	}
	if !utf8.Valid(b) {
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	switch Sniff(name, b, contentType) {
	case KindFeed:
		f, err := feed.Parse(bytes.NewReader(b))
		if err != nil {
			return nil, &entente.InputError{File: name, Err: err}
		}
		var docs []Input
		for i, it := range f.Items {
			text := it.Content
			if it.HTML {
				p, err := htmltext.Extract(strings.NewReader(text))
				if err != nil {
					if errors.Is(err, htmltext.ErrNoText) {
						continue // an item with a title only has nothing to code
					}
					return nil, &entente.InputError{File: name, Line: int64(i + 1), Field: "item", Err: err}
				}
				text = p.Text
			}
			if strings.TrimSpace(text) == "" {
				continue
			}
			docs = append(docs, Input{Doc: NewDocument(entente.Document{
				Title: it.Title, Author: it.Author, Publisher: f.Title, Date: it.Published, URL: it.Link,
				Text: text,
			}, []byte(text))})
		}
		return docs, nil
	case KindHTML:
		p, err := htmltext.Extract(bytes.NewReader(b))
		if err != nil {
			return nil, &entente.InputError{File: name, Err: err}
		}
		u := p.URL
		if u == "" && strings.Contains(name, "://") {
			u = name
		}
		return []Input{{Doc: NewDocument(entente.Document{
			Title: p.Title, Author: p.Author, Publisher: p.Publisher, Date: p.Date, URL: u, Text: p.Text,
		}, b)}}, nil
	}
	d, err := ParseText(name, string(b))
	if err != nil {
		return nil, err
	}
	// The body is the tail of the file, byte for byte.
	return []Input{{Doc: NewDocument(d, b), Offset: len(b) - len(d.Text)}}, nil
}

// frontKeys are the header fields a plain-text article may start with.
var frontKeys = map[string]bool{"title": true, "author": true, "publisher": true, "date": true, "url": true, "source": true}

// ParseText reads a plain-text article. It may open with a header of
// "Key: value" lines (Title, Author, Publisher, Date, URL) ended by a
// blank line; the text after it is kept byte for byte. Without
// a header the first line, when short, is the title.
// The returned text is always a suffix of s.
func ParseText(name, s string) (entente.Document, error) {
	var d entente.Document
	body := s
	if strings.HasPrefix(body, "\ufeff") {
		body = body[len("\ufeff"):]
	}
	rest := body
	header := false
	for {
		line, after, found := strings.Cut(rest, "\n")
		l := strings.TrimRight(line, "\r")
		if strings.TrimSpace(l) == "" {
			if header {
				body = after
			}
			break
		}
		k, v, ok := strings.Cut(l, ":")
		key := strings.ToLower(strings.TrimSpace(k))
		if !ok || !frontKeys[key] {
			break
		}
		header = true
		v = strings.TrimSpace(v)
		switch key {
		case "title":
			d.Title = v
		case "author":
			d.Author = v
		case "publisher", "source":
			d.Publisher = v
		case "url":
			d.URL = v
		case "date":
			t, err := entente.ParseDate(v)
			if err != nil {
				return d, &entente.InputError{File: name, Field: "date", Err: err}
			}
			d.Date = t
		}
		if !found {
			body = ""
			break
		}
		rest = after
	}
	if !header {
		if line, _, _ := strings.Cut(body, "\n"); len(line) < 160 && !strings.ContainsAny(strings.TrimSpace(line), ".!?") {
			d.Title = strings.TrimSpace(line)
		}
	}
	d.Text = body
	if strings.TrimSpace(d.Text) == "" {
		return d, &entente.InputError{File: name, Err: fmt.Errorf("no text")}
	}
	return d, nil
}

// NewDocument fills the ID and checksum of d: the checksum is the SHA-256
// of the bytes as read, the ID hashes the normalised text so that the
// same article read from a page, a feed or a file is one document.
func NewDocument(d entente.Document, raw []byte) entente.Document {
	sum := sha256.Sum256(raw)
	d.Checksum = hex.EncodeToString(sum[:])
	d.ID = DocumentID(d.Text)
	return d
}

// DocumentID is "doc:" and the first 16 hex digits of the SHA-256 of the
// normalised text.
func DocumentID(text string) string {
	sum := sha256.Sum256([]byte(Normalize(text)))
	return "doc:" + hex.EncodeToString(sum[:])[:16]
}

// Normalize folds the differences that copies of one text pick up on the
// way: runs of white space, typographic quotes and dashes, and case.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case '‘', '’', '‚', '′':
			r = '\''
		case '“', '”', '„', '″':
			r = '"'
		case '–', '—', '‒', '―':
			r = '-'
		case '\u00a0':
			r = ' '
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

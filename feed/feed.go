// Package feed parses RSS 2.0 and Atom feeds into items with their title,
// link, author, date and content, so that entente can ingest a publisher's
// feed as a list of documents.
package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"entente"
)

// Feed is a parsed feed.
type Feed struct {
	Title string
	Link  string
	Items []Item

	atomLinks []atomLink // the feed's links so far, while parsing Atom
}

// Item is one entry of a feed. Content is HTML when HTML is set (RSS
// descriptions and Atom content of type html), plain text otherwise.
type Item struct {
	Title     string
	Link      string
	Author    string
	GUID      string
	Published time.Time
	Content   string
	HTML      bool
}

// ErrNotFeed is returned for XML that is neither RSS nor Atom.
var ErrNotFeed = errors.New("not an RSS or Atom feed")

// Detect reports whether b looks like the start of an RSS or Atom feed.
func Detect(b []byte) bool {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	head = bytes.ToLower(head)
	return bytes.Contains(head, []byte("<rss")) || bytes.Contains(head, []byte("<feed")) || bytes.Contains(head, []byte("<rdf:rdf"))
}

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	Description string `xml:"description"`
	Encoded     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Author      string `xml:"author"`
	Creator     string `xml:"http://purl.org/dc/elements/1.1/ creator"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	DCDate      string `xml:"http://purl.org/dc/elements/1.1/ date"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
	Raw  string `xml:",innerxml"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

type atomEntry struct {
	Title     atomText   `xml:"title"`
	Links     []atomLink `xml:"link"`
	ID        string     `xml:"id"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Authors   []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Summary atomText `xml:"summary"`
	Content atomText `xml:"content"`
}

// DefaultMaxItems is how many items Parse accepts in one feed. Publishers'
// feeds hold tens of items; a feed of many thousands is a dump to be split,
// and each item becomes a document coded in the same transaction, so a
// limit keeps memory and time bounded.
const DefaultMaxItems = 1000

// ErrTooManyItems is returned (wrapped, with entente.ErrInvalid) for a feed
// holding more items than the limit.
var ErrTooManyItems = errors.New("too many items")

// Parse reads an RSS 2.0, RSS 1.0 or Atom feed of at most DefaultMaxItems
// items. It returns ErrNotFeed for other XML and entente.ErrInvalid
// (wrapped) for malformed feeds.
func Parse(r io.Reader) (*Feed, error) { return ParseLimit(r, DefaultMaxItems) }

// ParseLimit reads a feed of at most maxItems items (0: no limit). The feed
// is read token by token and each item decoded on its own, so memory grows
// with the items kept, not with what the XML decoder builds for the whole
// document; an oversized feed fails as soon as its item maxItems+1 starts.
func ParseLimit(r io.Reader, maxItems int) (*Feed, error) {
	d := newDecoder(r)
	var f *Feed
	kind := "" // "rss" or "atom" once the root element is read
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if kind == "" {
				return nil, fmt.Errorf("feed: no root element: %v: %w", err, entente.ErrInvalid)
			}
			return nil, fmt.Errorf("parse %s: %v: %w", kind, err, entente.ErrInvalid)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			depth--
		case xml.StartElement:
			depth++
			if kind == "" {
				switch t.Name.Local {
				case "rss", "RDF":
					kind = "rss"
				case "feed":
					kind = "atom"
				default:
					return nil, fmt.Errorf("root element <%s>: %w: %w", t.Name.Local, ErrNotFeed, entente.ErrInvalid)
				}
				f = &Feed{}
				continue
			}
			item := (kind == "rss" && t.Name.Local == "item") || (kind == "atom" && t.Name.Local == "entry")
			if item && maxItems > 0 && len(f.Items) >= maxItems {
				return nil, fmt.Errorf("feed holds more than %d items: %w: %w", maxItems, ErrTooManyItems, entente.ErrInvalid)
			}
			if err := decodeElement(d, t, kind, depth, f); err != nil {
				return nil, fmt.Errorf("parse %s: %v: %w", kind, err, entente.ErrInvalid)
			}
			if t.Name.Local != "channel" {
				// decodeElement consumed the element up to its end.
				depth--
			}
		}
	}
	if kind == "" {
		return nil, fmt.Errorf("feed: no root element: %w", entente.ErrInvalid)
	}
	return f, nil
}

// decodeElement reads one element below the root: an item or entry, the
// feed's title or link, or (RSS) the channel, whose children the caller
// goes on reading. Anything else is skipped.
func decodeElement(d *xml.Decoder, t xml.StartElement, kind string, depth int, f *Feed) error {
	switch {
	case kind == "rss" && t.Name.Local == "channel":
		return nil
	case kind == "rss" && t.Name.Local == "item":
		var it rssItem
		if err := d.DecodeElement(&it, &t); err != nil {
			return err
		}
		f.Items = append(f.Items, Item{
			Title: clean(it.Title), Link: strings.TrimSpace(it.Link), GUID: strings.TrimSpace(it.GUID),
			Author: clean(firstNonEmpty(it.Creator, it.Author)), Published: ParseDate(firstNonEmpty(it.PubDate, it.DCDate)),
			Content: firstNonEmpty(it.Encoded, it.Description), HTML: true,
		})
		return nil
	case kind == "rss" && depth == 3 && t.Name.Local == "title" && f.Title == "":
		var s string
		if err := d.DecodeElement(&s, &t); err != nil {
			return err
		}
		f.Title = clean(s)
		return nil
	case kind == "rss" && depth == 3 && t.Name.Local == "link" && t.Name.Space == "" && f.Link == "":
		var s string
		if err := d.DecodeElement(&s, &t); err != nil {
			return err
		}
		f.Link = strings.TrimSpace(s)
		return nil
	case kind == "atom" && t.Name.Local == "entry":
		var e atomEntry
		if err := d.DecodeElement(&e, &t); err != nil {
			return err
		}
		f.Items = append(f.Items, atomItem(e))
		return nil
	case kind == "atom" && depth == 2 && t.Name.Local == "title":
		var s atomText
		if err := d.DecodeElement(&s, &t); err != nil {
			return err
		}
		f.Title = clean(s.Body)
		return nil
	case kind == "atom" && depth == 2 && t.Name.Local == "link":
		var l atomLink
		if err := d.DecodeElement(&l, &t); err != nil {
			return err
		}
		f.atomLinks = append(f.atomLinks, l)
		f.Link = link(f.atomLinks)
		return nil
	}
	return d.Skip()
}

func atomItem(e atomEntry) Item {
	item := Item{
		Title: clean(e.Title.Body), Link: link(e.Links), GUID: strings.TrimSpace(e.ID),
		Published: ParseDate(firstNonEmpty(e.Published, e.Updated)),
	}
	for _, a := range e.Authors {
		if n := clean(a.Name); n != "" {
			item.Author = n
			break
		}
	}
	body := e.Content
	if strings.TrimSpace(body.Body) == "" && strings.TrimSpace(body.Raw) == "" {
		body = e.Summary
	}
	switch body.Type {
	case "xhtml":
		item.Content, item.HTML = body.Raw, true
	case "html", "text/html":
		item.Content, item.HTML = body.Body, true
	default:
		item.Content = body.Body
	}
	return item
}

// newDecoder is lenient the way browsers are: HTML entities such as
// &nbsp; are common in feeds and are not worth rejecting a feed for.
func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "utf8", "us-ascii", "ascii", "":
			return in, nil
		case "iso-8859-1", "latin1", "latin-1", "windows-1252":
			return latin1{in}, nil
		}
		return nil, fmt.Errorf("charset %q: %w", charset, entente.ErrUnsupported)
	}
	return d
}

// latin1 converts ISO-8859-1 bytes to UTF-8.
type latin1 struct{ r io.Reader }

func (l latin1) Read(p []byte) (int, error) {
	buf := make([]byte, len(p)/2+1)
	n, err := l.r.Read(buf)
	out := p[:0]
	for _, b := range buf[:n] {
		if b < 0x80 {
			out = append(out, b)
		} else {
			out = append(out, 0xc0|b>>6, 0x80|b&0x3f)
		}
	}
	return len(out), err
}

func link(ls []atomLink) string {
	for _, l := range ls {
		if l.Rel == "" || l.Rel == "alternate" {
			return strings.TrimSpace(l.Href)
		}
	}
	if len(ls) > 0 {
		return strings.TrimSpace(ls[0].Href)
	}
	return ""
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// ParseDate reads the date formats feeds use (RFC 822 and its variants in
// RSS, RFC 3339 in Atom) and returns the publisher's calendar day; zero when none
// fits.
func ParseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{
		time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
		"Mon, 02 Jan 2006 15:04 -0700", "Mon, 2 Jan 2006 15:04 MST", "2 Jan 2006 15:04:05 -0700",
		"02 Jan 2006 15:04:05 MST", time.RFC822Z, time.RFC822, time.RFC3339Nano, time.RFC3339,
		"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", "Mon, 2 Jan 2006",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			// The publisher's calendar day, not the UTC one.
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	return time.Time{}
}

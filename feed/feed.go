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

type rssDoc struct {
	Channel struct {
		Title string    `xml:"title"`
		Link  string    `xml:"link"`
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
	Items []rssItem `xml:"item"` // RSS 1.0 (RDF) puts items beside the channel
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

type atomDoc struct {
	Title   atomText    `xml:"title"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
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

// Parse reads an RSS 2.0, RSS 1.0 or Atom feed.
func Parse(r io.Reader) (*Feed, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read feed: %w", err)
	}
	root, err := rootName(data)
	if err != nil {
		return nil, err
	}
	switch root {
	case "rss", "RDF":
		var d rssDoc
		if err := newDecoder(data).Decode(&d); err != nil {
			return nil, fmt.Errorf("parse rss: %v: %w", err, entente.ErrInvalid)
		}
		f := &Feed{Title: clean(d.Channel.Title), Link: strings.TrimSpace(d.Channel.Link)}
		for _, it := range append(d.Channel.Items, d.Items...) {
			item := Item{
				Title: clean(it.Title), Link: strings.TrimSpace(it.Link), GUID: strings.TrimSpace(it.GUID),
				Author: clean(firstNonEmpty(it.Creator, it.Author)), Published: ParseDate(firstNonEmpty(it.PubDate, it.DCDate)),
				Content: firstNonEmpty(it.Encoded, it.Description), HTML: true,
			}
			f.Items = append(f.Items, item)
		}
		return f, nil
	case "feed":
		var d atomDoc
		if err := newDecoder(data).Decode(&d); err != nil {
			return nil, fmt.Errorf("parse atom: %v: %w", err, entente.ErrInvalid)
		}
		f := &Feed{Title: clean(d.Title.Body), Link: link(d.Links)}
		for _, e := range d.Entries {
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
			f.Items = append(f.Items, item)
		}
		return f, nil
	}
	return nil, fmt.Errorf("root element <%s>: %w: %w", root, ErrNotFeed, entente.ErrInvalid)
}

// newDecoder is lenient the way browsers are: HTML entities such as
// &nbsp; are common in feeds and are not worth rejecting a feed for.
func newDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
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

func rootName(data []byte) (string, error) {
	d := newDecoder(data)
	for {
		tok, err := d.Token()
		if err != nil {
			return "", fmt.Errorf("feed: no root element: %v: %w", err, entente.ErrInvalid)
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local, nil
		}
	}
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

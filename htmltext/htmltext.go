// Package htmltext extracts the main text of a news or analysis page and
// its metadata (title, author, publisher, date, canonical URL). Navigation,
// headers, footers, sidebars, scripts and forms are dropped; the article
// body is found as the <article> or <main> element, or else as the element
// whose paragraphs hold the most text that is not links.
package htmltext

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"entente"
)

// Page is what a page says about itself and its main text, paragraphs
// separated by blank lines.
type Page struct {
	Title     string
	Author    string
	Publisher string
	URL       string
	Date      time.Time
	Text      string
}

// ErrNoText is returned for a page without any readable text.
var ErrNoText = errors.New("no readable text")

// Extract reads an HTML page. It fails only when the page holds no text.
func Extract(r io.Reader) (Page, error) {
	root, err := html.Parse(r)
	if err != nil {
		return Page{}, fmt.Errorf("parse html: %w", err)
	}
	var p Page
	meta(root, &p)
	main := mainNode(root)
	var b builder
	if main != nil {
		b.blocks(main)
	}
	p.Text = b.String()
	if p.Text == "" {
		return p, fmt.Errorf("html: %w: %w", ErrNoText, entente.ErrInvalid)
	}
	return p, nil
}

// skipped elements never hold article text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Iframe: true, atom.Svg: true,
	atom.Button: true, atom.Select: true, atom.Template: true, atom.Object: true, atom.Embed: true,
	atom.Figure: true, atom.Canvas: true, atom.Audio: true, atom.Video: true, atom.Menu: true,
	atom.Dialog: true, atom.Head: true, atom.Input: true, atom.Textarea: true, atom.Label: true,
}

// boilerplate words in class and id attributes mark page furniture.
var boilerplate = []string{
	"nav", "menu", "footer", "header", "sidebar", "comments", "comment-", "share", "social", "cookie",
	"promo", "related", "advert", "banner", "newsletter", "breadcrumb", "subscribe", "popup",
	"modal", "masthead", "toolbar", "signup", "sponsor", "outbrain", "taboola", "byline-share",
}

func isBoilerplate(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if skipped[n.DataAtom] {
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			v := strings.ToLower(a.Val)
			for _, w := range boilerplate {
				if strings.Contains(v, w) && !strings.Contains(v, "article") && !strings.Contains(v, "content") {
					return true
				}
			}
		case "role":
			switch a.Val {
			case "navigation", "banner", "contentinfo", "complementary", "search", "menu", "dialog":
				return true
			}
		case "hidden", "aria-hidden":
			if a.Key == "hidden" || a.Val == "true" {
				return true
			}
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// meta reads the title, author, publisher, date and canonical URL.
func meta(root *html.Node, p *Page) {
	var ogTitle, title string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if title == "" {
					title = collapse(textOf(n))
				}
			case atom.Meta:
				key := strings.ToLower(attr(n, "property"))
				if key == "" {
					key = strings.ToLower(attr(n, "name"))
				}
				if key == "" {
					key = strings.ToLower(attr(n, "itemprop"))
				}
				val := collapse(attr(n, "content"))
				switch key {
				case "og:title", "twitter:title":
					if ogTitle == "" {
						ogTitle = val
					}
				case "author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author":
					if p.Author == "" && !strings.HasPrefix(val, "http") {
						p.Author = strings.TrimPrefix(val, "By ")
					}
				case "og:site_name", "publisher", "dc.publisher", "application-name":
					if p.Publisher == "" {
						p.Publisher = val
					}
				case "article:published_time", "og:published_time", "date", "pubdate", "publish-date",
					"dc.date", "dc.date.issued", "datepublished", "sailthru.date", "parsely-pub-date":
					if p.Date.IsZero() {
						p.Date = parseDate(val)
					}
				case "og:url":
					if p.URL == "" {
						p.URL = val
					}
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && attr(n, "href") != "" {
					p.URL = attr(n, "href")
				}
			case atom.Time:
				if p.Date.IsZero() {
					p.Date = parseDate(attr(n, "datetime"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	p.Title = ogTitle
	if p.Title == "" {
		p.Title = title
	}
}

// parseDate reads the date formats pages use; unknown ones give zero.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02", "20060102", time.RFC1123Z, time.RFC1123, "January 2, 2006", "2 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			// The calendar day where the page was published, as its
			// readers saw it, not the UTC day.
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t
		}
	}
	return time.Time{}
}

// mainNode finds the element that holds the article body.
func mainNode(root *html.Node) *html.Node {
	body := find(root, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = root
	}
	// An explicit article or main element, the longest one if several.
	var best *html.Node
	bestLen := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if isBoilerplate(n) {
			return
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Article || n.DataAtom == atom.Main || attr(n, "role") == "main" || attr(n, "itemprop") == "articleBody") {
			if l := paraText(n); l > bestLen {
				best, bestLen = n, l
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(body)
	if best != nil && bestLen > 0 {
		return best
	}
	// Else the parent of the paragraphs with the most text.
	scores := map[*html.Node]int{}
	var score func(n *html.Node)
	score = func(n *html.Node) {
		if isBoilerplate(n) {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.P && n.Parent != nil {
			l := utf8.RuneCountInString(collapse(textOf(n))) - linkText(n)
			if l > 0 {
				scores[n.Parent] += l
				if gp := n.Parent.Parent; gp != nil {
					scores[gp] += l / 2
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			score(c)
		}
	}
	score(body)
	bestLen = 0
	for n, s := range scores {
		if s > bestLen || (s == bestLen && best != nil && depth(n) < depth(best)) {
			best, bestLen = n, s
		}
	}
	if best != nil {
		return best
	}
	return body
}

func depth(n *html.Node) int {
	d := 0
	for ; n != nil; n = n.Parent {
		d++
	}
	return d
}

func paraText(n *html.Node) int {
	total := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if isBoilerplate(n) {
			return
		}
		if n.Type == html.TextNode {
			total += len(strings.TrimSpace(n.Data))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return total
}

func linkText(n *html.Node) int {
	total := 0
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			in = true
		}
		if n.Type == html.TextNode && in {
			total += utf8.RuneCountInString(strings.TrimSpace(n.Data))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(n, false)
	return total
}

func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && ok(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, ok); f != nil {
			return f
		}
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// collapse turns every run of white space (no-break spaces included) into
// one space and trims the ends.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' }), " ")
}

// blockAtoms start a new paragraph.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true,
	atom.Section: true, atom.Article: true, atom.Main: true, atom.Tr: true, atom.Dd: true,
	atom.Dt: true, atom.Ul: true, atom.Ol: true, atom.Table: true, atom.Br: true, atom.Hr: true,
	atom.Address: true, atom.Figcaption: true, atom.Body: true,
}

// builder writes paragraphs separated by blank lines.
type builder struct {
	out  strings.Builder
	para strings.Builder
}

func (b *builder) flush() {
	t := collapse(b.para.String())
	b.para.Reset()
	if t == "" {
		return
	}
	if b.out.Len() > 0 {
		b.out.WriteString("\n\n")
	}
	b.out.WriteString(t)
}

func (b *builder) blocks(n *html.Node) {
	if isBoilerplate(n) {
		return
	}
	block := n.Type == html.ElementNode && blockAtoms[n.DataAtom]
	if block {
		b.flush()
	}
	if n.Type == html.TextNode {
		b.para.WriteString(n.Data)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.blocks(c)
	}
	if block {
		b.flush()
	}
}

func (b *builder) String() string {
	b.flush()
	return b.out.String()
}

package feed_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"entente"
	"entente/feed"
)

func TestParse(t *testing.T) {
	cases := []struct {
		file  string
		title string
		items []feed.Item
	}{
		{"testdata/rss.xml", "Example Asia Desk", []feed.Item{
			{Title: "Japan lodges protest over missile launch", Link: "https://news.example/asia/1", GUID: "asia-1", Author: "B. Reporter",
				Published: entente.Day(2022, 11, 18), Content: "<p>Japan lodged a strong protest with Pyongyang.</p><p>Seoul condemned the launch.</p>", HTML: true},
			{Title: "Title only", Link: "https://news.example/asia/2", Published: entente.Day(2022, 11, 19),
				Content: "<p>China urged restraint&nbsp;on all sides.</p>", HTML: true},
		}},
		{"testdata/atom.xml", "Example Analysis", []feed.Item{
			{Title: "Beijing's silence", Link: "https://analysis.example/silence", GUID: "tag:analysis.example,2024:1", Author: "C. Analyst",
				Published: entente.Day(2024, 12, 2), Content: "<p>China remained silent on the deployment.</p>", HTML: true},
			{Title: "Plain entry", Link: "https://analysis.example/plain", Published: entente.Day(2024, 12, 3), Content: "India is unlikely to condemn Russia."},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := feed.Parse(f)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != tc.title || len(got.Items) != len(tc.items) {
				t.Fatalf("feed = %q with %d items", got.Title, len(got.Items))
			}
			for i, want := range tc.items {
				g := got.Items[i]
				g.Content = strings.TrimSpace(g.Content)
				if !g.Published.Equal(want.Published) {
					t.Errorf("item %d date = %v, want %v", i, g.Published, want.Published)
				}
				g.Published = want.Published
				if g != want {
					t.Errorf("item %d =\n%+v\nwant\n%+v", i, g, want)
				}
			}
		})
	}
}

func TestParse_notFeed(t *testing.T) {
	for _, s := range []string{"<html><body>x</body></html>", "", "not xml"} {
		if _, err := feed.Parse(strings.NewReader(s)); !errors.Is(err, entente.ErrInvalid) {
			t.Errorf("Parse(%q) err = %v, want ErrInvalid", s, err)
		}
	}
}

// TestParse_Hostile: hostile feeds finish quickly in bounded memory with
// an error wrapping entente.ErrInvalid, or parse without expanding what
// they should not (issue 15, item 3; issue 18, item 4).
func TestParse_Hostile(t *testing.T) {
	manyItems := func(n int) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>`)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "<item><title>t%d</title><link>http://x/%d</link><description>d%d</description></item>", i, i, i)
		}
		b.WriteString("</channel></rss>")
		return b.String()
	}
	laughs := `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>` +
		`<rss><channel><item><title>t</title><description>&lol3;&lol3;&lol3;</description></item></channel></rss>`
	cases := []struct {
		name    string
		feed    string
		wantErr error
		items   int
	}{
		{"100k items", manyItems(100_000), feed.ErrTooManyItems, 0},
		{"at the limit", manyItems(feed.DefaultMaxItems), nil, feed.DefaultMaxItems},
		{"entity expansion", laughs, nil, 1},
		{"deep nesting", "<rss><channel>" + strings.Repeat("<x>", 100_000) + strings.Repeat("</x>", 100_000) + "<item><title>t</title></item></channel></rss>", nil, 1},
		{"truncated", manyItems(3)[:200], entente.ErrInvalid, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := feed.Parse(strings.NewReader(c.feed))
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) || !errors.Is(err, entente.ErrInvalid) {
					t.Fatalf("err = %v, want %v and ErrInvalid", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Items) != c.items {
				t.Fatalf("%d items, want %d", len(f.Items), c.items)
			}
			for _, it := range f.Items {
				if len(it.Content) > 1000 {
					t.Errorf("item content of %d bytes: entities were expanded", len(it.Content))
				}
			}
		})
	}
}

// FuzzParse checks properties, not only the absence of panics: a feed
// either parses, within the item limit and with its item count stable
// when parsed again, or fails with entente.ErrInvalid.
func FuzzParse(f *testing.F) {
	f.Add("<rss><channel><item><title>x</title></item></channel></rss>")
	f.Add(`<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><link href="http://x"/><entry><title>e</title><content type="html">&lt;p&gt;x</content></entry></feed>`)
	f.Add(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel><title>c</title></channel><item><title>i</title></item></rdf:RDF>`)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := feed.Parse(strings.NewReader(s))
		if err != nil {
			if !errors.Is(err, entente.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if len(got.Items) > feed.DefaultMaxItems {
			t.Fatalf("%d items beyond the limit", len(got.Items))
		}
		again, err := feed.Parse(strings.NewReader(s))
		if err != nil || len(again.Items) != len(got.Items) || again.Title != got.Title {
			t.Fatalf("second parse differs: %v", err)
		}
	})
}

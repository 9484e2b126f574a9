package feed_test

import (
	"errors"
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

func FuzzParse(f *testing.F) {
	f.Add("<rss><channel><item><title>x</title></item></channel></rss>")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = feed.Parse(strings.NewReader(s))
	})
}

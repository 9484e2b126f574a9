package htmltext_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"entente"
	"entente/htmltext"
)

func TestExtract(t *testing.T) {
	f, err := os.Open("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := htmltext.Extract(f)
	if err != nil {
		t.Fatal(err)
	}
	want := "Seoul summons Russian envoy over troop deployment\n\n" +
		"South Korea summoned the Russian ambassador on Tuesday after reports that North Korean soldiers had reached the front.\n\n" +
		"The foreign ministry said it had strongly protested the cooperation between Moscow and Pyongyang.\n\n" +
		"China declined to comment."
	if p.Text != want {
		t.Errorf("text =\n%s\nwant\n%s", p.Text, want)
	}
	if p.Title != "Seoul summons Russian envoy over troop deployment" || p.Author != "A. Writer" || p.Publisher != "Example News" ||
		p.URL != "https://news.example/seoul-summons-envoy" || !p.Date.Equal(entente.Day(2024, 11, 5)) {
		t.Errorf("meta = %+v", p)
	}
}

func TestExtract_cases(t *testing.T) {
	cases := []struct {
		name, html, want string
		err              bool
	}{
		{"no article element", `<body><div id="menu"><a href="/">Home</a></div><div><p>First paragraph of the story.</p><p>Second one.</p></div><footer>f</footer></body>`, "First paragraph of the story.\n\nSecond one.", false},
		{"main element", `<body><main><h2>Head</h2><p>Body text.</p></main></body>`, "Head\n\nBody text.", false},
		{"empty", `<html><body><nav>only nav</nav></body></html>`, "", true},
		{"entities and breaks", `<p>Kim&#39;s visit<br>to Moscow &amp; Beijing</p>`, "Kim's visit\n\nto Moscow & Beijing", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := htmltext.Extract(strings.NewReader(tc.html))
			if tc.err {
				if !errors.Is(err, htmltext.ErrNoText) {
					t.Errorf("err = %v, want ErrNoText", err)
				}
				return
			}
			if err != nil || p.Text != tc.want {
				t.Errorf("text = %q, %v; want %q", p.Text, err, tc.want)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("<p>a</p>")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := htmltext.Extract(strings.NewReader(s))
		if err == nil && (!utf8.ValidString(p.Text) && utf8.ValidString(s)) {
			t.Fatalf("invalid UTF-8 text from valid input")
		}
	})
}

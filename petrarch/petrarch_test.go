package petrarch

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"entente"
	"entente/internal/shared"
)

func open(t testing.TB, parts ...string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(parts...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReadActors(t *testing.T) {
	d, err := ReadActors(open(t, "testdata", "actors.txt"), "actors.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Actors) != 3 || len(d.Warnings) != 0 {
		t.Fatalf("got %d actors, warnings %v", len(d.Actors), d.Warnings)
	}
	if !d.Actors[0].Phrases[0].Exact || d.Actors[1].Phrases[1].String() != "MINAS TIRITH" {
		t.Errorf("phrases: %+v %+v", d.Actors[0].Phrases, d.Actors[1].Phrases)
	}
	gollum := d.Actors[2]
	tests := []struct {
		day  string
		want string
	}{
		{"1995-05-31", "HOB"},
		{"1995-06-01", "HOBGOV"},
		{"1999-08-15", "HOBGOV"},
		{"1999-08-17", "HOBREB"},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			day, _ := time.Parse(time.DateOnly, tt.day)
			if got := gollum.CodeOn(day); got != tt.want {
				t.Errorf("CodeOn(%s) = %s, want %s", tt.day, got, tt.want)
			}
		})
	}
}

func TestReadActors_badLines(t *testing.T) {
	tests := []struct {
		name, in, field string
		line            int64
	}{
		{"bad date", "ARNOR [ARN]\n\t[ARN >9008223]\n", "date", 2},
		{"unclosed bracket", "ARNOR [ARN\n", "phrase", 1},
		{"stray bracket", "GONDOR [GON]\n+FAEROYENE]_\n", "synonym", 2},
		{"code before phrase", "\t[ARN]\n", "code", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadActors(strings.NewReader(tt.in), "x.txt")
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "x.txt:"+itoa(tt.line)+": field "+tt.field) {
				t.Errorf("warnings %v, want one at line %d field %s", d.Warnings, tt.line, tt.field)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestReadActors_unreadable(t *testing.T) {
	tests := []struct{ name, in string }{
		{"unclosed comment", "<!-- never closed\nARNOR [ARN]\n"},
		{"not utf-8", "ARNOR [\xff]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadActors(strings.NewReader(tt.in), "x.txt")
			var ie *entente.InputError
			if !errors.As(err, &ie) || ie.File != "x.txt" || ie.Line == 0 {
				t.Fatalf("err = %v, want an input error naming x.txt and a line", err)
			}
		})
	}
}

func TestReadVerbs(t *testing.T) {
	d, err := ReadVerbs(open(t, "testdata", "verbs.txt"), "verbs.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Blocks) != 2 || d.Patterns() != 3 || len(d.Synsets["TIETYPES"]) != 2 {
		t.Fatalf("blocks %d patterns %d synsets %v", len(d.Blocks), d.Patterns(), d.Synsets)
	}
	r := d.Blocks[0]
	if v := r.Verbs[1]; strings.Join(v.Words, " ") != "BEEF UP" || v.Head != 0 || len(v.Forms) != 2 {
		t.Errorf("multi-word verb %+v", v)
	}
	said := r.Patterns[1]
	if said.Code != "023" || len(said.Lower) != 2 || said.Lower[0].Kind != TokSource || len(said.Upper) != 1 || said.Upper[0].Kind != TokTarget {
		t.Errorf("pattern $ SAID * +: %+v", said)
	}
	in := r.Patterns[2]
	if len(in.Lower) != 1 || !in.Lower[0].Joined || in.Code != "075A" {
		t.Errorf("pattern IN_*: %+v", in)
	}
	if d.Blocks[1].Code != "032:033" {
		t.Errorf("paired code %q", d.Blocks[1].Code)
	}
}

func TestReadVerbs_errors(t *testing.T) {
	tests := []struct {
		name, in, field string
		line            int64
	}{
		{"pattern outside block", "- * TIES [064]\n", "pattern", 1},
		{"bad header", "--- [010] ---\n", "block", 1},
		{"duplicate synset", "&X\n+A\n&X\n+B\n", "synset", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadVerbs(strings.NewReader(tt.in), "v.txt")
			var ie *entente.InputError
			if !errors.As(err, &ie) || ie.Line != tt.line || ie.Field != tt.field || !errors.Is(err, entente.ErrInvalid) {
				t.Fatalf("err = %v, want v.txt:%d field %s", err, tt.line, tt.field)
			}
		})
	}
}

func TestReadVerbs_brokenPatterns(t *testing.T) {
	tests := []struct{ name, in string }{
		{"two verbs", "--- A [010] ---\nA\n- * * [010]\n"},
		{"no verb", "--- A [010] ---\nA\n- TIES [010]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadVerbs(strings.NewReader(tt.in), "v.txt")
			if err != nil {
				t.Fatal(err)
			}
			if d.Patterns() != 0 || len(d.Warnings) != 1 || !strings.HasPrefix(d.Warnings[0], "v.txt:3: field pattern") {
				t.Errorf("patterns %d warnings %v", d.Patterns(), d.Warnings)
			}
		})
	}
}

func TestReadAgents(t *testing.T) {
	d, err := ReadAgents(open(t, "testdata", "agents.txt"), "agents.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Agents) != 3 || len(d.Warnings) != 0 {
		t.Fatalf("agents %+v warnings %v", d.Agents, d.Warnings)
	}
	cong := d.Agents[1]
	if len(cong.Phrases) != 2 || cong.Phrases[1].String() != "CONGRESSMEN" || cong.Code != "LEG" || cong.Prefix {
		t.Errorf("substitution: %+v", cong)
	}
	if msf := d.Agents[2]; !msf.Prefix || msf.Code != "NGO" {
		t.Errorf("prefix agent: %+v", msf)
	}
}

func TestHalfOf(t *testing.T) {
	tests := map[string]Half{"DEMO-00": HalfEven, "COMPOUND-07B": HalfOdd, "SYNSET-22bb": HalfEven, "AFP0808020593-1b": HalfOdd, "X": HalfOdd}
	for id, want := range tests {
		t.Run(id, func(t *testing.T) {
			if got := HalfOf(id); got != want {
				t.Errorf("HalfOf(%s) = %s, want %s", id, got, want)
			}
		})
	}
}

// The pass counts the coder must keep on the two copies of PETRARCH's
// unit-test suite: raise them when the coder improves, never lower them.
// PETR.UnitTest.records.xml is PETRARCH2's copy (PETRARCH2 passes 88 of
// its 279 records here); petrarch1-classic is PETRARCH-1's own copy with
// its dictionaries (PETRARCH-1 passes all 276).
// textOnlyFloor is the same for the parse-free coder (CodeText) on
// PETRARCH2's copy.
const (
	unitTestFloor        = 263
	classicUnitTestFloor = 253
	textOnlyFloor        = 226
)

func TestDictionaries_ValidateUnitTests(t *testing.T) {
	tests := []struct {
		name, records, dicts string
		scored, floor        int
		textOnly             bool
	}{
		{"petrarch2 copy", "validation/PETR.UnitTest.records.xml", "dictionaries", 279, unitTestFloor, false},
		{"petrarch1 classic", "petrarch1-classic/PETR.UnitTest.records.xml", "petrarch1-classic", 276, classicUnitTestFloor, false},
		{"petrarch2 copy, text only", "validation/PETR.UnitTest.records.xml", "dictionaries", 279, textOnlyFloor, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := shared.Path(t, "petrarch2")
			f := open(t, dir, filepath.FromSlash(tt.records))
			recs, err := ReadRecords(f, f.Name())
			if err != nil {
				t.Fatal(err)
			}
			env := recs.Environment
			d, err := Load(filepath.Join(dir, tt.dicts), Files{Verbs: env.VerbFile, Actors: env.ActorFiles, Agents: env.AgentFile, Discards: env.DiscardFile})
			if err != nil {
				t.Fatal(err)
			}
			rep := d.Validate(recs)
			if tt.textOnly {
				rep = d.ValidateText(recs)
			}
			if rep.Total.Total != tt.scored {
				t.Errorf("scored records = %d, want %d", rep.Total.Total, tt.scored)
			}
			t.Logf("passed %d/%d; halves %+v", rep.Total.Passed, rep.Total.Total, rep.Halves)
			for _, c := range rep.Categories {
				if c.Passed < c.Total {
					t.Logf("category %s: %d/%d", c.Name, c.Passed, c.Total)
				}
			}
			if rep.Total.Passed < tt.floor {
				for _, r := range rep.Results {
					if !r.Pass {
						t.Logf("FAIL %s: want %+v got %+v", r.ID, r.Expected, r.Got)
					}
				}
				t.Fatalf("passed %d, below the floor %d", rep.Total.Passed, tt.floor)
			}
		})
	}
}

func TestLoad_phoenix(t *testing.T) {
	dir := filepath.Join(shared.Path(t, "petrarch2"), "dictionaries")
	d, err := Load(dir, PhoenixFiles())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range d.Actors {
		n += len(a.Actors)
	}
	if n < 20000 || len(d.Verbs.Blocks) < 390 || d.Verbs.Patterns() < 4500 || len(d.Agents.Agents) < 2000 || len(d.Issues.Issues) < 2500 {
		t.Errorf("actors %d blocks %d patterns %d agents %d issues %d", n, len(d.Verbs.Blocks), d.Verbs.Patterns(), len(d.Agents.Agents), len(d.Issues.Issues))
	}
	if len(d.Verbs.Transforms) != 8 {
		t.Errorf("transformations %d, want 8", len(d.Verbs.Transforms))
	}
}

func TestLoad_tabariVerbs(t *testing.T) {
	dir := filepath.Join(shared.Path(t, "petrarch2"), "dictionaries")
	d, err := ReadVerbs(open(t, dir, "CAMEO.verbpatterns.150430.txt"), "CAMEO.verbpatterns.150430.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Blocks) < 390 || d.Patterns() < 10000 {
		t.Errorf("blocks %d patterns %d", len(d.Blocks), d.Patterns())
	}
}

// BenchmarkLoad_phoenix loads the Phoenix dictionaries PETRARCH2 uses by
// default (target: < 0.3 s and < 100 MB allocated).
func BenchmarkLoad_phoenix(b *testing.B) {
	dir := filepath.Join(shared.Path(b, "petrarch2"), "dictionaries")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(dir, PhoenixFiles()); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDictionaries_CodeText(t *testing.T) {
	verbs, err := ReadVerbs(open(t, "testdata", "verbs.txt"), "verbs.txt")
	if err != nil {
		t.Fatal(err)
	}
	actors, err := ReadActors(open(t, "testdata", "actors.txt"), "actors.txt")
	if err != nil {
		t.Fatal(err)
	}
	agents, err := ReadAgents(open(t, "testdata", "agents.txt"), "agents.txt")
	if err != nil {
		t.Fatal(err)
	}
	d := New(verbs, []*ActorDict{actors}, agents, nil)
	day := time.Date(1996, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		want []string
	}{
		{"Arnor restored military ties with Gondor on Monday.", []string{"ARN GON 902"}},
		{"Gondor police arrived in Arnor.", []string{"GONCOP ARN 032", "ARN GONCOP 033"}},
		{"Smeagol restored order in Minas Tirith.", []string{"HOBGOV GON 064"}},
		{"Nobody restored anything.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, e := range d.CodeText(tt.text, day, DefaultOptions()).Events {
				got = append(got, e.Source+" "+e.Target+" "+e.Code)
			}
			if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReadActors_codeLines(t *testing.T) {
	tests := []struct {
		name, in string
		codes    int
	}{
		{"several dated codes on one line", "EEC\n\t[IGOEUREEC 630701-631231][IGOEUREEC 640101-641231] [IGOEUR]\n", 3},
		{"codes after the phrase", "UN_CHILDREN_FUND [IGOUNOKID >050501] [IGOUNO]\n", 2},
		{"TABARI ; comment", "CALENARDHON  [CAL] ;pas   10/22/91\n", 1},
		{"code on the next line", "ENT\n\t[ENT]\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadActors(strings.NewReader(tt.in), "x.txt")
			if err != nil || len(d.Warnings) != 0 {
				t.Fatalf("err %v warnings %v", err, d.Warnings)
			}
			if len(d.Actors) != 1 || len(d.Actors[0].Codes) != tt.codes {
				t.Errorf("actors %+v, want one with %d codes", d.Actors, tt.codes)
			}
		})
	}
}

// BenchmarkDictionaries_Code codes the 279 scored unit-test records from
// their parses, and from their text alone.
func BenchmarkDictionaries_Code(b *testing.B) {
	dir := shared.Path(b, "petrarch2")
	f := open(b, dir, "validation", "PETR.UnitTest.records.xml")
	recs, err := ReadRecords(f, f.Name())
	if err != nil {
		b.Fatal(err)
	}
	env := recs.Environment
	d, err := Load(filepath.Join(dir, "dictionaries"), Files{Verbs: env.VerbFile, Actors: env.ActorFiles, Agents: env.AgentFile, Discards: env.DiscardFile})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d.Validate(recs)
		}
	})
	b.Run("text", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d.ValidateText(recs)
		}
	})
}

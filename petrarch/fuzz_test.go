package petrarch

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente"
)

// checkInputError asserts the property every reader keeps: failure is an
// *entente.InputError naming the file and a line inside it (or 0 for the
// whole file), wrapping entente.ErrInvalid.
func checkInputError(t *testing.T, err error, name string, data []byte) {
	t.Helper()
	var ie *entente.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error is not an input error: %T %v", err, err)
	}
	if ie.File != name || !errors.Is(err, entente.ErrInvalid) {
		t.Fatalf("error %v names %q, want %q", err, ie.File, name)
	}
	if lines := int64(bytes.Count(data, []byte("\n"))) + 2; ie.Line < 0 || ie.Line > lines {
		t.Fatalf("error line %d outside the input's %d lines", ie.Line, lines)
	}
}

// checkWarnings asserts warnings locate a line of the input.
func checkWarnings(t *testing.T, ws []string, name string) {
	t.Helper()
	for _, w := range ws {
		if !strings.HasPrefix(w, name+":") {
			t.Fatalf("warning %q does not name %s", w, name)
		}
	}
}

func seed(f *testing.F, name string) {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte{})
}

func FuzzReadActors(f *testing.F) {
	seed(f, "actors.txt")
	f.Add([]byte("GOLLUM\n+SMEAGOL\n\t[HOB <950601]\n\t[HOBGOV 19950601-19990815]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadActors(bytes.NewReader(data), "a.txt")
		if err != nil {
			checkInputError(t, err, "a.txt", data)
			return
		}
		checkWarnings(t, d.Warnings, "a.txt")
		for _, a := range d.Actors {
			if len(a.Phrases) == 0 {
				t.Fatalf("actor without a phrase at line %d", a.Line)
			}
			for _, p := range a.Phrases {
				for _, w := range p.Words {
					if w == "" || w != strings.ToUpper(w) || strings.ContainsAny(w, " _") {
						t.Fatalf("word %q is not an upper-case word", w)
					}
				}
			}
			for _, c := range a.Codes {
				if !validCode(c.Code) {
					t.Fatalf("code %q kept though invalid", c.Code)
				}
				if !c.From.IsZero() && !c.To.IsZero() && c.To.Before(c.From) {
					t.Fatalf("code %q ends before it starts", c.Code)
				}
			}
		}
	})
}

func FuzzReadVerbs(f *testing.F) {
	seed(f, "verbs.txt")
	f.Add([]byte("--- A [010] ---\nA {AS}\n- $ * (TO {B C}) + [011:012]\n~ a (a b A) SAY = a b 015\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadVerbs(bytes.NewReader(data), "v.txt")
		if err != nil {
			checkInputError(t, err, "v.txt", data)
			return
		}
		checkWarnings(t, d.Warnings, "v.txt")
		for _, b := range d.Blocks {
			if b.Code == "" {
				t.Fatalf("block %s without a code", b.Name)
			}
			for _, v := range b.Verbs {
				if v.Head < 0 || v.Head >= len(v.Words) {
					t.Fatalf("verb %v head %d out of range", v.Words, v.Head)
				}
			}
			for _, p := range b.Patterns {
				if p.Code == "" {
					t.Fatalf("pattern at line %d without a code", p.Line)
				}
				for _, k := range append(append([]Tok(nil), p.Lower...), p.Upper...) {
					if k.Kind == TokWord && (k.Word == "" || k.Word == "*") {
						t.Fatalf("pattern at line %d keeps word %q", p.Line, k.Word)
					}
				}
			}
		}
		// Reading is deterministic.
		again, err := ReadVerbs(bytes.NewReader(data), "v.txt")
		if err != nil || len(again.Blocks) != len(d.Blocks) || again.Patterns() != d.Patterns() {
			t.Fatalf("second read differs: %v", err)
		}
	})
}

func FuzzReadAgents(f *testing.F) {
	seed(f, "agents.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadAgents(bytes.NewReader(data), "g.txt")
		if err != nil {
			checkInputError(t, err, "g.txt", data)
			return
		}
		checkWarnings(t, d.Warnings, "g.txt")
		for _, a := range d.Agents {
			if len(a.Phrases) == 0 || !validCode(a.Code) || strings.Contains(a.Code, "~") {
				t.Fatalf("agent at line %d: %+v", a.Line, a)
			}
			for _, p := range a.Phrases {
				if strings.Contains(p.String(), "!") && strings.Count(p.String(), "!") >= 2 {
					t.Fatalf("substitution marker left in %q", p.String())
				}
			}
		}
	})
}

func FuzzReadDiscards(f *testing.F) {
	f.Add([]byte("MONTHS LATER\n+TYPHOON   # story\nBASEBALL_\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadDiscards(bytes.NewReader(data), "d.txt")
		if err != nil {
			checkInputError(t, err, "d.txt", data)
			return
		}
		checkWarnings(t, d.Warnings, "d.txt")
		for _, x := range d.Discards {
			if len(x.Phrase.Words) == 0 {
				t.Fatalf("empty discard at line %d", x.Line)
			}
		}
	})
}

func FuzzReadIssues(f *testing.F) {
	f.Add([]byte("<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\nn:preschool [EARLY_EDUCATION]\nhead start\n~a head start\n</ISSUE>\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadIssues(bytes.NewReader(data), "i.txt")
		if err != nil {
			checkInputError(t, err, "i.txt", data)
			return
		}
		checkWarnings(t, d.Warnings, "i.txt")
		for _, is := range d.Issues {
			if len(is.Phrase.Words) == 0 || (!is.Exclude && is.Code == "") {
				t.Fatalf("issue at line %d: %+v", is.Line, is)
			}
		}
	})
}

func FuzzReadRecords(f *testing.F) {
	f.Add([]byte(`<Validation><Sentences><Config option="require_dyad" value="false"></Config>
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>Arnor restored ties with Gondor.</Text>
<Parse>(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (NNS ties)) (PP (IN with) (NP (NNP Gondor)))) (. .)))</Parse>
</Sentence></Sentences></Validation>`))
	verbs, _ := ReadVerbs(strings.NewReader("--- RESTORE [064] ---\nRESTORE\n- * TIES [0641]\n"), "v.txt")
	actors, _ := ReadActors(strings.NewReader("ARNOR [ARN]\nGONDOR [GON]\n"), "a.txt")
	d := New(verbs, []*ActorDict{actors}, nil, nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ReadRecords(bytes.NewReader(data), "r.xml")
		if err != nil {
			checkInputError(t, err, "r.xml", data)
			return
		}
		rep := d.Validate(recs)
		// Every scored record is judged once, and the rates add up.
		n := 0
		for _, r := range recs.Records {
			if r.Scored {
				n++
			}
		}
		if rep.Total.Total != n || rep.Halves[0].Total+rep.Halves[1].Total != n {
			t.Fatalf("judged %d of %d scored records", rep.Total.Total, n)
		}
		for _, r := range rep.Results {
			for _, e := range r.Got.Events {
				if e.Code == "" || e.Source == "" || e.Target == "" {
					t.Fatalf("record %s: incomplete event %+v", r.ID, e)
				}
			}
		}
	})
}

func FuzzParseTree(f *testing.F) {
	f.Add("(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (NNS ties))) (. .)))")
	f.Add("( (S (NP (PRP it))))")
	f.Fuzz(func(t *testing.T, s string) {
		root, leaves, err := parseTree(s)
		if err != nil {
			return
		}
		if root.From != 0 || root.To != len(leaves) {
			t.Fatalf("root spans [%d,%d), want [0,%d)", root.From, root.To, len(leaves))
		}
		for i, l := range leaves {
			if l.From != i || l.Word == "" || strings.ContainsAny(l.Word, "() \t\n") {
				t.Fatalf("leaf %d: %+v", i, l)
			}
		}
	})
}

func FuzzCodeText(f *testing.F) {
	f.Add("Arnor restored military ties with Gondor on Monday.")
	f.Add("Gondor police arrived in Arnor, and Smeagol's ( restored ) ties.")
	verbs, _ := ReadVerbs(strings.NewReader("&T\n+MILITARY\n--- RESTORE [064] ---\nRESTORE\n- * &T TIES [902]\n- $ * + [065]\n--- ARRIVE [032:033] ---\nARRIVE\n"), "v.txt")
	actors, _ := ReadActors(strings.NewReader("ARNOR [ARN]\nGONDOR [GON]\n+MINAS_TIRITH\n"), "a.txt")
	agents, _ := ReadAgents(strings.NewReader("POLICE [~COP]\n"), "g.txt")
	d := New(verbs, []*ActorDict{actors}, agents, nil)
	f.Fuzz(func(t *testing.T, text string) {
		out := d.CodeText(text, time.Time{}, DefaultOptions())
		// With require_dyad on, every event names both sides and a code.
		for _, e := range out.Events {
			if !coded(e.Source) || !coded(e.Target) || e.Code == "" || e.Source == e.Target {
				t.Fatalf("event %+v from %q", e, text)
			}
		}
	})
}

func FuzzCodeParse(f *testing.F) {
	f.Add("(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (JJ military) (NNS ties)) (PP (IN with) (NP (NNP Gondor) (CC and) (NNP Minas_Tirith)))) (. .)))")
	f.Add("(ROOT (S (NP (NNP Gondor)) (VP (VBD was) (VP (VBN restored) (PP (IN by) (NP (NNP Arnor)))))))")
	verbs, _ := ReadVerbs(strings.NewReader("&T\n+MILITARY\n--- RESTORE [064] ---\nRESTORE\n- * &T TIES [902]\n- $ * + [065]\n- % * ^ [066]\n- * WITH % [067:068]\n"), "v.txt")
	actors, _ := ReadActors(strings.NewReader("ARNOR [ARN]\nGONDOR [GON]\n+MINAS_TIRITH\n"), "a.txt")
	agents, _ := ReadAgents(strings.NewReader("POLICE [~COP]\nMSF [NGO~]\n"), "g.txt")
	d := New(verbs, []*ActorDict{actors}, agents, nil)
	f.Fuzz(func(t *testing.T, parse string) {
		for _, opts := range []Options{DefaultOptions(), {RequireDyad: false, NewActorLength: 3}} {
			out := d.CodeParse(parse, time.Time{}, opts)
			for _, e := range out.Events {
				if e.Code == "" || e.Source == "" || e.Target == "" {
					t.Fatalf("incomplete event %+v", e)
				}
				if opts.RequireDyad && (!coded(e.Source) || !coded(e.Target)) {
					t.Fatalf("require_dyad let through %+v", e)
				}
			}
		}
	})
}

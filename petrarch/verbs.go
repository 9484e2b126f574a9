package petrarch

import (
	"fmt"
	"io"
	"strings"

	"entente"
)

// TokKind tells what one element of a verb pattern matches.
type TokKind uint8

const (
	TokWord     TokKind = iota // a literal word (or stem, see Phrase.Exact)
	TokSynset                  // "&NAME": any member of the synset
	TokSource                  // "$": a noun phrase whose actor is the source
	TokTarget                  // "+": a noun phrase whose actor is the target
	TokCompound                // "%": a compound actor that is both source and target
	TokSkip                    // "^": skip one noun phrase
	TokOpen                    // "(" or "{" in CAMEO 2.0 patterns
	TokClose                   // ")" or "}"
)

// Tok is one element of a verb pattern. Joined says it was tied to the
// element before it with "_": the two must be adjacent in the sentence,
// while a blank lets other words stand between them.
type Tok struct {
	Kind   TokKind `json:"kind"`
	Word   string  `json:"word,omitempty"`
	Joined bool    `json:"joined,omitempty"`
}

// Pattern is one "- ... * ... [CODE]" line: Lower holds the elements
// before the verb "*" in sentence order, Upper those after it.
type Pattern struct {
	Lower []Tok  `json:"lower,omitempty"`
	Upper []Tok  `json:"upper,omitempty"`
	Code  string `json:"code"`
	Line  int64  `json:"line"`
	// Unbalanced says the pattern's "(" / "{" groups do not pair up.
	Unbalanced bool `json:"unbalanced,omitempty"`
}

// Verb is a verb line of a block: its words (several for "+BEEF_UP" or
// "KLM_NOP_+RST", with Head pointing at the verb itself), irregular forms
// from braces, and its own code when the line carries one.
type Verb struct {
	Words []string `json:"words"`
	Head  int      `json:"head"`
	Forms []string `json:"forms,omitempty"` // as written: multi-word forms keep their "_" and "+"
	Code  string   `json:"code,omitempty"`
	Line  int64    `json:"line"`
}

// VerbBlock is a "--- NAME [CODE] ---" block (or, in the older TABARI
// format, a verb line with its code and the patterns under it).
type VerbBlock struct {
	Name     string    `json:"name"`
	Code     string    `json:"code"`
	Verbs    []Verb    `json:"verbs"`
	Patterns []Pattern `json:"patterns,omitempty"`
	Line     int64     `json:"line"`
}

// Transform is a CAMEO 2.0 "~" transformation line, kept as written: the
// coder does not apply them (PETRARCH-1's dictionaries have none).
type Transform struct {
	Text string `json:"text"`
	Line int64  `json:"line"`
}

// VerbDict is a parsed verb dictionary.
type VerbDict struct {
	File       string             `json:"file"`
	Synsets    map[string][][]Tok `json:"synsets"`
	Blocks     []VerbBlock        `json:"blocks"`
	Transforms []Transform        `json:"transforms,omitempty"`
	// Warnings locate lines that were read but look wrong (unpaired
	// groups in a pattern); they are not errors because the published
	// dictionaries contain them.
	Warnings []string `json:"warnings,omitempty"`
}

// Patterns counts the patterns of every block.
func (d *VerbDict) Patterns() int {
	n := 0
	for _, b := range d.Blocks {
		n += len(b.Patterns)
	}
	return n
}

// ReadVerbs parses a verb dictionary in the TABARI/PETRARCH-1 format
// (PETR.Validate.verbs.txt, CAMEO.verbpatterns.150430.txt) or the CAMEO 2.0
// format (CAMEO.2.0.txt): "&SYNSET" lines with "+member" lines, verb blocks,
// verb lines with "{irregular forms}", "- pattern [CODE]" lines and "~"
// transformations. A pattern that cannot be read is left out and reported
// in Warnings as file:line: field pattern; any other bad line is an
// *entente.InputError with field "block", "verb", "pattern", "code" or
// "synset".
func ReadVerbs(r io.Reader, file string) (*VerbDict, error) {
	d := &VerbDict{File: file, Synsets: map[string][][]Tok{}}
	var block *VerbBlock
	synset := ""
	explicit := false
	err := scanLines(r, file, func(l line) error {
		bad := func(field string, err error) error {
			return &entente.InputError{File: file, Line: l.no, Field: field, Err: err}
		}
		t := l.text
		switch {
		case strings.HasPrefix(t, "---"):
			inner := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(t, "---"), "---"))
			// The closing "---" is customary, not required: the validation
			// verbs have "--- TROUBLED  [---]".
			head, code, tail, has, err := bracketed(inner)
			// A second code in the header ("--- DELAY [120] [031:031] ---",
			// in the validation verbs) is a leftover: the first one counts.
			if strings.HasPrefix(tail, "[") && strings.HasSuffix(tail, "]") && strings.Count(tail, "[") == 1 {
				tail = ""
			}
			// CAMEO.2.0.txt also has "--- DISGRACE [110]---  ---".
			tail = strings.Trim(tail, "- ")
			if err == nil && !has && !strings.ContainsAny(inner, "[]") {
				// "--- DEFEND" (CAMEO.verbpatterns.150430.txt): a block
				// without a code of its own codes only through patterns.
				head, code, has = inner, "---", true
			}
			if err != nil || !has || tail != "" {
				return bad("block", fmt.Errorf("block header %q is not --- NAME [CODE] ---", t))
			}
			ws, _ := words(head)
			if len(ws) == 0 {
				return bad("block", fmt.Errorf("block header %q has no name", t))
			}
			c, err := parseVerbCode(code)
			if err != nil {
				return bad("code", err)
			}
			d.Blocks = append(d.Blocks, VerbBlock{Name: strings.Join(ws, "_"), Code: c, Line: l.no})
			block, synset, explicit = &d.Blocks[len(d.Blocks)-1], "", true
		case strings.HasPrefix(t, "&"):
			name := strings.ToUpper(strings.TrimSuffix(strings.Fields(t)[0][1:], "_"))
			if name == "" || strings.ContainsAny(name, "[]{}()&+*$%^") {
				return bad("synset", fmt.Errorf("synset name %q is not &NAME", t))
			}
			if _, dup := d.Synsets[name]; dup {
				return bad("synset", fmt.Errorf("synset &%s is defined twice", name))
			}
			d.Synsets[name] = nil
			synset, block, explicit = name, nil, false
		case strings.HasPrefix(t, "~"):
			d.Transforms = append(d.Transforms, Transform{Text: t, Line: l.no})
		case strings.HasPrefix(t, "-"):
			if block == nil {
				return bad("pattern", fmt.Errorf("pattern %q stands outside a verb block", t))
			}
			p, err := parsePattern(t[1:], l.no)
			if err != nil {
				// The published dictionaries hold a few broken patterns
				// ("* COMMIT * AID"): the pattern is left out and reported.
				d.Warnings = append(d.Warnings, bad("pattern", err).Error())
				return nil
			}
			if p.Code == "" {
				p.Code = block.Code
			}
			if p.Unbalanced {
				d.Warnings = append(d.Warnings, fmt.Sprintf("%s:%d: pattern groups ( ) or { } do not pair up", file, l.no))
			}
			block.Patterns = append(block.Patterns, p)
		case synset != "" && strings.HasPrefix(t, "+"):
			toks, err := tokenize(t[1:])
			if err != nil {
				return bad("synset", err)
			}
			if len(toks) == 0 {
				return bad("synset", fmt.Errorf("empty synset member"))
			}
			for _, k := range toks {
				if k.Kind != TokWord && k.Kind != TokSynset {
					return bad("synset", fmt.Errorf("synset member %q holds a pattern marker", t))
				}
			}
			d.Synsets[synset] = append(d.Synsets[synset], toks)
		default:
			v, err := parseVerbLine(t, l.no)
			if err != nil {
				return bad("verb", err)
			}
			if !explicit && (block == nil || v.Code != "" || len(block.Patterns) > 0) {
				// The older TABARI layout: each coded verb line opens its own block.
				code := v.Code
				if code == "" {
					code = "---" // a verb line without a code codes only through patterns
				}
				d.Blocks = append(d.Blocks, VerbBlock{Name: strings.Join(v.Words, "_"), Code: code, Line: l.no})
				block, synset = &d.Blocks[len(d.Blocks)-1], ""
			}
			if block == nil {
				return bad("verb", fmt.Errorf("verb %q stands outside a verb block", t))
			}
			block.Verbs = append(block.Verbs, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for name, members := range d.Synsets {
		for _, m := range members {
			for _, k := range m {
				if k.Kind == TokSynset {
					if _, ok := d.Synsets[k.Word]; !ok {
						return nil, &entente.InputError{File: file, Field: "synset", Err: fmt.Errorf("synset &%s names undefined synset &%s", name, k.Word)}
					}
				}
			}
		}
	}
	return d, nil
}

// parseVerbCode checks a verb code: "042", "013:012", ":173", "---",
// "+++", and the odd validation codes ("075A").
func parseVerbCode(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if c == "" {
		return "", fmt.Errorf("empty code []")
	}
	// Codes are mostly digits, but dictionaries also use placeholders
	// ("---", "+++", "###") and tags ("075A", "023?"); only blanks and
	// brackets are refused.
	for _, r := range c {
		if r <= ' ' || strings.ContainsRune("[](){}", r) {
			return "", fmt.Errorf("code [%s] holds %q", s, r)
		}
	}
	if strings.Count(c, ":") > 1 {
		return "", fmt.Errorf("code [%s] has more than one ':'", s)
	}
	return c, nil
}

// parseVerbLine reads "VERB {FORMS} [CODE]", "+BEEF_UP" or "KLM_NOP_+RST".
func parseVerbLine(t string, no int64) (Verb, error) {
	v := Verb{Line: no}
	// Irregular forms may stand before or after the code:
	// "SNUB [111] {SNUBS SNUBBING SNUBBED}" in CAMEO.verbpatterns.
	if i := strings.IndexByte(t, '{'); i >= 0 {
		j := strings.IndexByte(t, '}')
		if j < i {
			return Verb{}, fmt.Errorf("%q opens { without closing it", t)
		}
		for _, f := range strings.Fields(t[i+1 : j]) {
			v.Forms = append(v.Forms, strings.ToUpper(f))
		}
		t = t[:i] + " " + t[j+1:]
	} else if strings.IndexByte(t, '}') >= 0 {
		return Verb{}, fmt.Errorf("%q has } without {", t)
	}
	head, code, tail, has, err := bracketed(t)
	if err != nil {
		return Verb{}, err
	}
	if tail != "" {
		return Verb{}, fmt.Errorf("unexpected %q after the code", tail)
	}
	if has {
		if v.Code, err = parseVerbCode(code); err != nil {
			return Verb{}, err
		}
	}
	head = strings.TrimSpace(head)
	if strings.ContainsAny(head, "*$%^&()[]") {
		return Verb{}, fmt.Errorf("verb %q holds pattern markers; patterns start with -", head)
	}
	parts := strings.FieldsFunc(strings.ToUpper(head), func(r rune) bool { return r == '_' || r == ' ' || r == '\t' })
	v.Head = -1
	for i, p := range parts {
		if strings.HasPrefix(p, "+") {
			if v.Head >= 0 {
				return Verb{}, fmt.Errorf("verb %q marks more than one word with +", head)
			}
			v.Head, p = i, p[1:]
		}
		if p == "" {
			return Verb{}, fmt.Errorf("verb %q has an empty word", head)
		}
		v.Words = append(v.Words, p)
	}
	if len(v.Words) == 0 {
		return Verb{}, fmt.Errorf("empty verb line")
	}
	if v.Head < 0 {
		v.Head = 0
	}
	return v, nil
}

// parsePattern reads the text after "- ": elements, the verb "*" once, then
// the code in brackets.
func parsePattern(s string, no int64) (Pattern, error) {
	head, code, tail, has, err := bracketed(s)
	if err != nil {
		return Pattern{}, err
	}
	if tail != "" {
		return Pattern{}, fmt.Errorf("unexpected %q after the code", tail)
	}
	p := Pattern{Line: no}
	if has {
		if p.Code, err = parseVerbCode(code); err != nil {
			return Pattern{}, err
		}
	}
	toks, err := tokenize(head)
	if err != nil {
		return Pattern{}, err
	}
	star := -1
	depth, unbalanced := 0, false
	for i, k := range toks {
		switch k.Kind {
		case TokOpen:
			depth++
		case TokClose:
			depth--
			unbalanced = unbalanced || depth < 0
		}
		if k.Kind == TokWord && k.Word == "*" {
			if star >= 0 {
				return Pattern{}, fmt.Errorf("pattern %q has more than one verb *", head)
			}
			star = i
		}
	}
	if depth != 0 || unbalanced {
		// CAMEO.2.0.txt itself has a few of these typos; the pattern still
		// reads as its words, and the reader reports it as a warning.
		p.Unbalanced = true
	}
	if star < 0 {
		return Pattern{}, fmt.Errorf("pattern %q has no verb *", head)
	}
	// In the lower part, matched backwards from the verb, the adjacency
	// that matters is with the element after: element i is joined when
	// element i+1 (or the verb) was written with "_" before it.
	p.Lower = make([]Tok, star)
	for i := 0; i < star; i++ {
		p.Lower[i] = toks[i]
		p.Lower[i].Joined = toks[i+1].Joined
	}
	p.Upper = append([]Tok(nil), toks[star+1:]...)
	return p, nil
}

// tokenize splits pattern text into elements: blanks separate, "_" joins.
func tokenize(s string) ([]Tok, error) {
	var toks []Tok
	joined := false
	var word strings.Builder
	flush := func() {
		if word.Len() == 0 {
			return
		}
		w := strings.ToUpper(word.String())
		word.Reset()
		k := Tok{Kind: TokWord, Word: w, Joined: joined}
		switch {
		case w == "$":
			k = Tok{Kind: TokSource, Joined: joined}
		case w == "+":
			k = Tok{Kind: TokTarget, Joined: joined}
		case w == "%":
			k = Tok{Kind: TokCompound, Joined: joined}
		case w == "^":
			k = Tok{Kind: TokSkip, Joined: joined}
		case strings.HasPrefix(w, "&"):
			k = Tok{Kind: TokSynset, Word: strings.TrimSuffix(w[1:], "_"), Joined: joined}
		}
		toks = append(toks, k)
		joined = false
	}
	for _, r := range s {
		switch r {
		case ' ', '\t':
			flush()
			joined = false
		case '_':
			flush()
			joined = true
		case '(', '{':
			flush()
			toks = append(toks, Tok{Kind: TokOpen, Word: string(r)})
		case ')', '}':
			flush()
			toks = append(toks, Tok{Kind: TokClose, Word: string(r)})
		case '*':
			flush()
			toks = append(toks, Tok{Kind: TokWord, Word: "*", Joined: joined})
			joined = false
		case '$', '+', '%', '^':
			flush()
			toks = append(toks, Tok{Kind: map[rune]TokKind{'$': TokSource, '+': TokTarget, '%': TokCompound, '^': TokSkip}[r], Joined: joined})
			joined = false
		default:
			word.WriteRune(r)
		}
	}
	flush()
	for _, k := range toks {
		if k.Kind == TokSynset && k.Word == "" {
			return nil, fmt.Errorf("%q has & without a synset name", s)
		}
	}
	return toks, nil
}

package petrarch

import (
	"strings"
	"time"
	"unicode"
)

// CodeText codes a sentence that comes without a parse, the way TABARI
// did before parsers: the words are chunked with the dictionaries alone
// (actor and agent phrases become noun phrases, the first dictionary verb
// after the first actor is the verb) and the chunked sentence goes through
// the same pattern matcher as a parsed one. It is coarser than coding a
// Treebank parse: use parses when you have them.
func (d *Dictionaries) CodeText(text string, date time.Time, opts Options) Outcome {
	return d.CodeParse(d.shallowParse(text), date, opts)
}

// textTokens splits text into words, with commas, final punctuation and
// possessive 's as tokens of their own, as Treebank tokenises them.
func textTokens(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		f = strings.Map(func(r rune) rune {
			if r == '(' || r == ')' || r == '[' || r == ']' || r == '{' || r == '}' || r == '"' || r == '“' || r == '”' {
				return -1
			}
			return r
		}, f)
		var tail []string
		for len(f) > 0 && strings.ContainsRune(",.;:!?", rune(f[len(f)-1])) {
			tail = append([]string{f[len(f)-1:]}, tail...)
			f = f[:len(f)-1]
		}
		if low := strings.ToLower(f); len(f) > 3 && (strings.HasSuffix(low, "n't") || strings.HasSuffix(low, "n’t")) {
			// Treebank splits "won't" into "wo n't", and the dictionaries
			// write negations that way ("WO N'T").
			cut := len(f) - len("n't")
			if strings.HasSuffix(low, "n’t") {
				cut = len(f) - len("n’t")
			}
			out = append(out, f[:cut])
			f = "n't"
		}
		if strings.HasSuffix(f, "'s") || strings.HasSuffix(f, "’s") {
			cut := strings.LastIndexAny(f, "'’")
			if cut > 0 {
				tail = append([]string{"'s"}, tail...)
				f = f[:cut]
			}
		}
		if f != "" {
			out = append(out, f)
		}
		out = append(out, tail...)
	}
	return out
}

// shallowParse builds a bracketed parse from dictionary chunks.
func (d *Dictionaries) shallowParse(text string) string {
	toks := textTokens(text)
	if len(toks) == 0 {
		return ""
	}
	up := make([]string, len(toks))
	for i, t := range toks {
		up[i] = strings.ToUpper(t)
	}
	// span[i] > 0 marks the start of an actor or agent run of that length.
	span := make([]int, len(toks))
	inside := make([]bool, len(toks))
	firstActor := -1
	for i := 0; i < len(up); {
		n := 0
		if _, k := d.actorIx.longest(up, i); k > 0 {
			n = k
		}
		if _, k := d.agentIx.longest(up, i); k > n {
			n = k
		}
		if n == 0 {
			i++
			continue
		}
		// An actor followed by an agent ("Russian police") is one phrase.
		for j := i + n; j < len(up); {
			_, a := d.actorIx.longest(up, j)
			_, g := d.agentIx.longest(up, j)
			if g == 0 && a == 0 {
				break
			}
			n += max(a, g)
			j = i + n
		}
		if firstActor < 0 {
			firstActor = i
		}
		span[i] = n
		for k := i; k < i+n; k++ {
			inside[k] = true
		}
		i += n
	}
	verb := -1
	for i := range up {
		if inside[i] || firstActor < 0 || i < firstActor {
			continue
		}
		if _, ok := d.verbIx[up[i]]; ok && !auxiliaries[up[i]] {
			verb = i
			break
		}
	}
	var b strings.Builder
	leaf := func(label, w string) {
		b.WriteString(" (" + label + " " + w + ")")
	}
	np := func(i int) int {
		b.WriteString(" (NP")
		for k := i; k < i+span[i]; k++ {
			leaf("NNP", toks[k])
		}
		b.WriteString(")")
		return i + span[i]
	}
	// coordEnd returns where a run "A, B and C" of actor phrases joined by
	// commas and a conjunction ends, or i when there is no such run.
	coordEnd := func(i, to int) int {
		end, j, joined := i, i, false
		for j < to && span[j] > 0 {
			end = j + span[j]
			j = end
			if j < to && (toks[j] == "," || strings.EqualFold(toks[j], "and") || strings.EqualFold(toks[j], "or")) {
				joined = joined || !(toks[j] == ",")
				j++
				if j < to && (strings.EqualFold(toks[j], "and") || strings.EqualFold(toks[j], "or")) {
					joined = true
					j++
				}
				continue
			}
			break
		}
		if !joined {
			return i
		}
		return end
	}
	chunk := func(from, to int) {
		for i := from; i < to; {
			if span[i] > 0 {
				if end := coordEnd(i, to); end > i {
					// One noun phrase for the coordination, so that each
					// conjunct is an actor of the event.
					b.WriteString(" (NP")
					for i < end {
						if span[i] > 0 {
							i = np(i)
							continue
						}
						if toks[i] == "," {
							leaf(",", toks[i])
						} else {
							leaf("CC", toks[i])
						}
						i++
					}
					b.WriteString(")")
					continue
				}
				i = np(i)
				continue
			}
			switch w := toks[i]; {
			case strings.EqualFold(w, "and"), strings.EqualFold(w, "or"):
				leaf("CC", w)
			case w == ",":
				leaf(",", w)
			case w == "'s":
				leaf("POS", w)
			case !hasLetterOrDigit(w):
				leaf(".", w)
			default:
				leaf("XX", w)
			}
			i++
		}
	}
	b.WriteString("(ROOT (S")
	if verb < 0 {
		b.WriteString(" (NP")
		chunk(0, len(toks))
		b.WriteString(")))")
		return b.String()
	}
	subjEnd := verb
	if verb > 0 && isBe(up[verb-1]) {
		subjEnd = verb - 1
	}
	if subjEnd > 0 {
		b.WriteString(" (NP")
		chunk(0, subjEnd)
		b.WriteString(")")
	}
	if verb > 0 && auxiliaries[up[verb-1]] && isBe(up[verb-1]) && (strings.HasSuffix(up[verb], "ED") || strings.HasSuffix(up[verb], "EN")) {
		// "Eriador was opposed by Osgiliath": a passive, with its "by"
		// phrase, so that the agent becomes the source.
		b.WriteString(" (VP")
		leaf("VBD", toks[verb-1])
		b.WriteString(" (VP")
		leaf("VBN", toks[verb])
		byAt := -1
		for k := verb + 1; k+1 < len(toks); k++ {
			if strings.EqualFold(toks[k], "by") && span[k+1] > 0 {
				byAt = k
				break
			}
		}
		if byAt < 0 {
			chunk(verb+1, len(toks))
		} else {
			chunk(verb+1, byAt)
			b.WriteString(" (PP")
			leaf("IN", toks[byAt])
			np(byAt + 1)
			b.WriteString(")")
			chunk(byAt+1+span[byAt+1], len(toks))
		}
		b.WriteString("))))")
		return b.String()
	}
	// "condemned an attack ... and promised aid to ...": a second verb
	// after "and" heads a second verb phrase with the same subject.
	second := -1
	for k := verb + 2; k < len(toks); k++ {
		if inside[k] || auxiliaries[up[k]] || !strings.EqualFold(toks[k-1], "and") {
			continue
		}
		if _, ok := d.verbIx[up[k]]; ok {
			second = k
			break
		}
	}
	b.WriteString(" (VP")
	if second > 0 {
		b.WriteString(" (VP")
	}
	if subjEnd < verb {
		leaf("MD", toks[subjEnd])
	}
	leaf("VBD", toks[verb])
	if second < 0 {
		chunk(verb+1, len(toks))
		b.WriteString(")))")
		return b.String()
	}
	chunk(verb+1, second-1)
	b.WriteString(")")
	leaf("CC", toks[second-1])
	b.WriteString(" (VP")
	leaf("VBD", toks[second])
	chunk(second+1, len(toks))
	b.WriteString("))))")
	return b.String()
}

// auxiliaries are never the main verb of a chunked sentence, even when a
// dictionary lists them ("has criticized", "will be renewing").
var auxiliaries = map[string]bool{
	"IS": true, "ARE": true, "WAS": true, "WERE": true, "BE": true, "BEEN": true, "BEING": true, "AM": true,
	"HAS": true, "HAVE": true, "HAD": true, "HAVING": true, "DO": true, "DOES": true, "DID": true,
	"WILL": true, "WOULD": true, "SHALL": true, "SHOULD": true, "CAN": true, "COULD": true,
	"MAY": true, "MIGHT": true, "MUST": true,
}

func isBe(w string) bool {
	switch w {
	case "IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING":
		return true
	}
	return false
}

func hasLetterOrDigit(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

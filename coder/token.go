package coder

import (
	"unicode"
	"unicode/utf8"
)

// Token flags.
const (
	fCap   uint8 = 1 << iota // starts with an upper-case letter
	fNum                     // starts with a digit
	fPunct                   // punctuation or a symbol
	fPoss                    // the possessive "'s"
	// fRole marks a lower-case word inside an actor mention: the role
	// word of "Thai diplomats" or "China's foreign ministry". It names the
	// actor and may also complete a pattern ("expelled Thai diplomats").
	fRole
)

// token is one word, number or punctuation mark of a sentence. Offsets are
// bytes into the document; lo:hi locates the lower-cased form in the
// tokenizer's arena so that tokenising allocates nothing once warm.
type token struct {
	start, end int32
	lo, hi     int32
	id         int32 // vocabulary id, 0 when the word is not in the dictionary
	ment       int16 // index of the mention covering the token, -1 if none
	flags      uint8
	pos        posTag // part of speech, posNone when the sentence is untagged
}

// tokenizer splits sentences into tokens, reusing its buffers.
type tokenizer struct {
	toks  []token
	arena []byte
	// fuzzyCache remembers the corrections of unknown words (0 for
	// none), which repeat from sentence to sentence.
	fuzzyCache map[string]int32
}

func (tz *tokenizer) lower(t *token) []byte { return tz.arena[t.lo:t.hi] }

// tokenize splits text[s:e] into tokens with document offsets, looking up
// each word in the dictionary. Words keep inner hyphens, periods and
// apostrophes ("test-fired", "U.S.", "O'Brien"); the possessive "'s" and
// the negation "n't" become tokens of their own; currency symbols and "%"
// are single tokens.
func (tz *tokenizer) tokenize(d *Dict, text string, s, e int) {
	tz.toks = tz.toks[:0]
	tz.arena = tz.arena[:0]
	i := s
	for i < e {
		c := text[i]
		if c < utf8.RuneSelf {
			if isSpaceByte(c) {
				i++
				continue
			}
			if isASCIILetter(c) || (c >= '0' && c <= '9') {
				i = tz.word(d, text, i, e)
				continue
			}
			if (c == '\'') && i+1 < e && (text[i+1] == 's' || text[i+1] == 'S') && (i+2 >= e || !isWordByte(text[i+2])) {
				tz.push(d, text, i, i+2, fPoss, "'s")
				i += 2
				continue
			}
			tz.push(d, text, i, i+1, fPunct, "")
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:e])
		switch {
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			i = tz.word(d, text, i, e)
		case r == '’' && i+size < e && (text[i+size] == 's' || text[i+size] == 'S') && (i+size+1 >= e || !isWordByte(text[i+size+1])):
			tz.push(d, text, i, i+size+1, fPoss, "'s")
			i += size + 1
		default:
			tz.push(d, text, i, i+size, fPunct, "")
			i += size
		}
	}
}

func isWordByte(b byte) bool { return isASCIILetter(b) || (b >= '0' && b <= '9') || b >= utf8.RuneSelf }

// word scans one word starting at i and returns the index after it.
func (tz *tokenizer) word(d *Dict, text string, i, e int) int {
	start := i
	j := i
	for j < e {
		r, size := rune(text[j]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[j:e])
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			j += size
			continue
		}
		// Inner joiners: hyphen, period, comma between digits, apostrophe.
		if j+size < e {
			next, _ := utf8.DecodeRuneInString(text[j+size : e])
			inner := unicode.IsLetter(next) || unicode.IsDigit(next)
			switch {
			case r == '-' && inner:
				j += size
				continue
			case r == '.' && inner:
				j += size
				continue
			case r == ',' && unicode.IsDigit(next) && j > start && text[j-1] >= '0' && text[j-1] <= '9':
				j += size
				continue
			case (r == '\'' || r == '’') && unicode.IsLetter(next):
				// "'s" and "n't" split off; other apostrophes stay (O'Brien).
				if next == 's' || next == 'S' {
					k := j + size + 1
					if k >= e || !isWordByte(text[k]) {
						break
					}
				}
				if next == 't' && j > start && (text[j-1] == 'n' || text[j-1] == 'N') {
					k := j + size + 1
					if k >= e || !isWordByte(text[k]) {
						// "didn't": emit "did", then "n't".
						if j-1 > start {
							tz.push(d, text, start, j-1, 0, "")
						}
						tz.push(d, text, j-1, k, 0, "n't")
						return k
					}
				}
				j += size
				continue
			}
		}
		break
	}
	// "U.S." keeps its final period.
	if j < e && text[j] == '.' && isDottedAcronym(text[start:j]) {
		j++
	}
	tz.push(d, text, start, j, 0, "")
	return j
}

// push appends a token; fixed, when set, replaces the lower-cased form.
func (tz *tokenizer) push(d *Dict, text string, s, e int, flags uint8, fixed string) {
	lo := int32(len(tz.arena))
	if fixed != "" {
		tz.arena = append(tz.arena, fixed...)
	} else {
		for k := s; k < e; {
			c := text[k]
			if c < utf8.RuneSelf {
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				tz.arena = append(tz.arena, c)
				k++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[k:e])
			if r == '’' {
				r = '\''
			}
			tz.arena = utf8.AppendRune(tz.arena, unicode.ToLower(r))
			k += size
		}
	}
	hi := int32(len(tz.arena))
	if flags&fPunct == 0 {
		r, _ := utf8.DecodeRuneInString(text[s:e])
		switch {
		case unicode.IsUpper(r):
			flags |= fCap
		case unicode.IsDigit(r):
			flags |= fNum
		}
	}
	id := d.vocab[string(tz.arena[lo:hi])]
	if id == 0 && flags&(fCap|fPunct|fNum|fPoss) == 0 {
		// An unknown lower-case word may be a form of a dictionary verb
		// the inflection rules did not produce, or a known word mistyped.
		id = tz.lookupFuzzy(d, tz.arena[lo:hi])
	}
	tz.toks = append(tz.toks, token{
		start: int32(s), end: int32(e), lo: lo, hi: hi,
		id: id, ment: -1, flags: flags,
	})
}

package registry

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"
)

// Gap classes describe what separates a token from the one before it. A
// phrase continues only across the same class of gap it was written with,
// so "Guinea-Bissau" and "Guinea Bissau" match each other (a hyphen joins
// like a space) while "Guinea, Bissau" matches neither.
const (
	gapNone   uint8 = iota // first token of the text
	gapJoin                // whitespace and/or one hyphen, at most one line break
	gapPeriod              // one period and whitespace: "St. Lucia"
	gapComma               // one comma and whitespace: "Washington, D.C."
	gapOther               // anything else breaks a phrase
)

// token is one word of running text. Offsets are bytes into the text: the
// word proper is [start, end); a possessive "'s" (or the apostrophe of
// "Philippines'") runs on to possEnd.
type token struct {
	start, end, possEnd int32
	id                  int32 // interned folded form, -1 when no phrase uses it
	poss                bool  // followed by a possessive suffix
	abbr                bool  // letters with periods, "U.S.", "U.N."
}

// gapBefore classifies the gap before token j. It is computed only when a
// phrase needs it, since most words start no phrase.
func gapBefore(text string, toks []token, j int) uint8 {
	if j == 0 {
		return gapNone
	}
	return gapClass(text[toks[j-1].possEnd:toks[j].start])
}

// vocab interns the folded (lower-cased, accent-stripped) forms of every
// token that occurs in some phrase, so that matching compares integers.
// While the index is built a Go map interns; once sealed, lookups go
// through an open-addressing table probed with a hash the caller computes
// over the folded bytes, which costs about half of a map lookup on the hot
// path where most words of running text are not in the vocabulary.
type vocab struct {
	ids   map[string]int32
	words []string
	slots []vslot
	mask  uint64
}

// vslot is one slot of the sealed table; id is the word id plus one, so
// that the zero slot is empty.
type vslot struct {
	hash uint64
	id   int32
}

func newVocab() *vocab { return &vocab{ids: make(map[string]int32)} }

// hashKey hashes folded bytes eight at a time with multiply-xorshift
// mixing; words are short, so this costs one or two multiplications where a
// byte-wise hash costs one per byte.
func hashKey(b []byte) uint64 {
	h := uint64(len(b)) * 0x9E3779B97F4A7C15
	for len(b) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(b)) * 0xBF58476D1CE4E5B9
		h ^= h >> 31
		b = b[8:]
	}
	var tail uint64
	for i, c := range b {
		tail |= uint64(c) << (8 * i)
	}
	h = (h ^ tail) * 0x94D049BB133111EB
	return h ^ h>>29
}

// seal builds the lookup table; the vocabulary must not grow afterwards.
func (v *vocab) seal() {
	size := 16
	for size < 4*len(v.words) {
		size *= 2
	}
	v.slots = make([]vslot, size)
	v.mask = uint64(size - 1)
	for id, w := range v.words {
		h := hashKey([]byte(w))
		i := h & v.mask
		for v.slots[i].id != 0 {
			i = (i + 1) & v.mask
		}
		v.slots[i] = vslot{h, int32(id) + 1}
	}
}

// id returns the id of a folded form, interning it when asked to (before
// sealing), or -1 when it is unknown.
func (v *vocab) id(key []byte, intern bool) int32 {
	if v.slots != nil {
		h := hashKey(key)
		for i := h & v.mask; ; i = (i + 1) & v.mask {
			s := v.slots[i]
			if s.id == 0 {
				return -1
			}
			if s.hash == h && v.words[s.id-1] == string(key) {
				return s.id - 1
			}
		}
	}
	if id, ok := v.ids[string(key)]; ok {
		return id
	}
	if !intern {
		return -1
	}
	id := int32(len(v.words))
	w := string(key)
	v.ids[w] = id
	v.words = append(v.words, w)
	return id
}

// asciiFold maps ASCII letters and digits to their folded byte and every
// other byte to zero, so the tokenizer classifies and lower-cases a byte
// with one load.
var asciiFold = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	return t
}()

func isAlnumASCII(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isLetterASCII(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// isLetterAt reports whether a letter starts at byte i of s.
func isLetterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return isLetterASCII(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// isWordAt reports whether a letter or digit starts at byte i of s.
func isWordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return isAlnumASCII(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isSpaceAt reports whether white space starts at byte i of s.
func isSpaceAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// apostropheAt returns the byte length of an apostrophe (ASCII or U+2019)
// at byte i of s, or 0.
func apostropheAt(s string, i int) int {
	if i < len(s) && s[i] == '\'' {
		return 1
	}
	if i+2 < len(s) && s[i] == 0xE2 && s[i+1] == 0x80 && s[i+2] == 0x99 {
		return 3
	}
	return 0
}

// possSuffix returns the byte length of a possessive "'s" or "’s" ending
// word, or 0.
func possSuffix(word string) int {
	n := len(word)
	if n < 3 || word[n-1] != 's' && word[n-1] != 'S' {
		return 0
	}
	if word[n-2] == '\'' {
		return 2
	}
	if n >= 5 && word[n-4:n-1] == "\u2019" {
		return 4
	}
	return 0
}

// latinFold maps U+00C0..U+017F to the lower-case base letter, so that
// "Côte", "Türkiye" and "São Tomé" also match their unaccented spellings.
// Zero means the letter has no single-letter base (Æ, ß, Œ) and is only
// lower-cased.
const latinFold = "aaaaaa\x00ceeeeiiiidnooooo\x00ouuuuy\x00\x00" + // C0..DF
	"aaaaaa\x00ceeeeiiiidnooooo\x00ouuuuy\x00y" + // E0..FF
	"aaaaaaccccccccdd" + "ddeeeeeeeeeegggg" + "gggghhhhiiiiiiii" + "ii\x00\x00jjkkklllllll" + // 100..13F
	"lllnnnnnnnnnoooo" + "oo\x00\x00rrrrrrssssss" + "ssttttttuuuuuuuu" + "uuuuwwyyyzzzzzzs" // 140..17F

// appendFold appends the folded form of a non-ASCII rune.
func appendFold(dst []byte, r rune) []byte {
	if r >= 0xC0 && r <= 0x17F {
		if b := latinFold[r-0xC0]; b != 0 {
			return append(dst, b)
		}
	}
	switch r {
	case 0x218, 0x219: // Ș ș, Romanian
		return append(dst, 's')
	case 0x21A, 0x21B: // Ț ț
		return append(dst, 't')
	}
	return utf8.AppendRune(dst, unicode.ToLower(r))
}

// scanAbbr reports the end of an abbreviation written as single letters
// each followed by a period ("U.S.", "U.N.", "U.S.S.R.") starting at i, and
// how many letters it has; fewer than two letters is no abbreviation.
func scanAbbr(s string, i int) (end, letters int) {
	j := i
	for j+1 < len(s) && isLetterASCII(s[j]) && s[j+1] == '.' {
		j += 2
		letters++
		// The next segment must again be a single letter: "U.Sa" is not one.
		if j < len(s) && isLetterASCII(s[j]) && (j+1 >= len(s) || s[j+1] != '.') {
			break
		}
	}
	return j, letters
}

// gapClass classifies the bytes between two tokens.
func gapClass(s string) uint8 {
	var hyphens, periods, commas, breaks int
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case ' ', '\t', '\r', '\f', '\v':
			case '\n':
				breaks++
			case '-':
				hyphens++
			case '.':
				periods++
			case ',':
				commas++
			default:
				return gapOther
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x2010 || r == 0x2011: // hyphen, non-breaking hyphen
			hyphens++
		case unicode.IsSpace(r):
		default:
			return gapOther
		}
		i += size
	}
	switch {
	case breaks > 1:
		return gapOther
	case periods == 0 && commas == 0 && hyphens <= 1:
		return gapJoin
	case periods == 1 && commas == 0 && hyphens == 0:
		return gapPeriod
	case commas == 1 && periods == 0 && hyphens == 0:
		return gapComma
	}
	return gapOther
}

// tokenize appends the tokens of text to toks, using fold as scratch for
// folded forms. With intern set, new folded forms get ids (building the
// index); otherwise unknown forms get -1 (matching). It allocates only when
// toks or fold must grow. Offsets are int32: callers pass no text of 2 GiB
// or more.
func (v *vocab) tokenize(text string, toks []token, fold []byte, intern bool) ([]token, []byte) {
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiFold[c] == 0 {
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				i += size
				continue
			}
		}
		start := i
		fold = fold[:0]
		end, letters := scanAbbr(text, i)
		abbr := letters >= 2
		if abbr {
			for p := start; p < end; p++ {
				if text[p] != '.' {
					fold = append(fold, lowerASCII(text[p]))
				}
			}
		} else {
			j := i
		scan:
			for j < n {
				c := text[j]
				if f := asciiFold[c]; f != 0 {
					fold = append(fold, f)
					j++
					continue
				}
				if c < utf8.RuneSelf {
					switch {
					case c == '\'' && isLetterAt(text, j+1):
						// An apostrophe inside a word: "d'Ivoire", "People's".
						fold = append(fold, '\'')
						j++
					default:
						break scan
					}
					continue
				}
				r, size := utf8.DecodeRuneInString(text[j:])
				switch {
				case unicode.IsLetter(r) || unicode.IsDigit(r):
					fold = appendFold(fold, r)
				case unicode.Is(unicode.Mn, r):
					// Combining accents fold away like precomposed ones.
				case r == '\u2019' && isLetterAt(text, j+size):
					fold = append(fold, '\'')
				default:
					break scan
				}
				j += size
			}
			end = j
		}
		possEnd := end
		poss := false
		switch k := possSuffix(text[start:end]); {
		case !abbr && k > 0 && len(fold) >= 3:
			// "Russia's": the suffix is cut off the word and remembered.
			end -= k
			fold = fold[:len(fold)-2]
			poss = true
		case abbr:
			// "U.S.'s".
			if a := apostropheAt(text, end); a > 0 && end+a < n && (text[end+a] == 's' || text[end+a] == 'S') && !isWordAt(text, end+a+1) {
				possEnd = end + a + 1
				poss = true
			}
		case len(fold) > 1 && fold[len(fold)-1] == 's':
			// "the Philippines' coast guard": a bare apostrophe after a
			// plural, followed by a space so that closing quotes are not
			// taken for one.
			if a := apostropheAt(text, end); a > 0 && isSpaceAt(text, end+a) {
				possEnd = end + a
				poss = true
			}
		}
		toks = append(toks, token{
			start: int32(start), end: int32(end), possEnd: int32(possEnd),
			id: v.id(fold, intern), poss: poss, abbr: abbr,
		})
		i = possEnd
	}
	return toks, fold
}

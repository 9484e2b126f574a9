package coder

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct{ Start, End int }

// titles are abbreviations that precede a name, so a period after them
// never ends a sentence ("Mr. Kim", "Gen. Milley").
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "col": true,
	"lt": true, "sgt": true, "capt": true, "cpt": true, "maj": true, "adm": true, "cmdr": true,
	"rep": true, "sen": true, "gov": true, "pres": true, "amb": true, "rev": true, "hon": true,
	"st": true, "mt": true, "ft": true, "messrs": true, "mme": true, "mlle": true, "sr": false,
	"no": true, "nos": true, "vol": true, "art": true, "sec": true, "fig": true, "vs": true,
	"v": true, "approx": true, "cf": true, "e.g": true, "i.e": true, "jan": true, "feb": true,
	"mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "est": true, "dept": true, "univ": true, "ave": true,
}

// enders are abbreviations that may end a sentence as well as sit inside
// one ("Samsung Electronics Co.", "etc."); like dotted acronyms ("U.S.")
// they end a sentence only before a word that usually opens one.
var enders = map[string]bool{
	"inc": true, "ltd": true, "co": true, "corp": true, "plc": true, "llc": true, "bros": true,
	"etc": true, "jr": true, "sr": true, "al": true,
}

// openers are words that usually start a sentence. After "U.S." or "etc."
// a capitalised word from this list starts a new sentence; any other
// ("U.S. State Department") continues the current one.
var openers = map[string]bool{
	"the": true, "a": true, "an": true, "it": true, "its": true, "he": true, "she": true,
	"they": true, "we": true, "i": true, "this": true, "that": true, "these": true, "those": true,
	"there": true, "in": true, "on": true, "at": true, "but": true, "and": true, "however": true,
	"meanwhile": true, "after": true, "before": true, "while": true, "when": true, "since": true,
	"as": true, "if": true, "his": true, "her": true, "their": true, "our": true, "some": true,
	"many": true, "most": true, "both": true, "such": true, "no": true, "for": true, "yet": true,
	"still": true, "officials": true, "analysts": true, "last": true, "earlier": true,
	"later": true, "on monday": true, "according": true, "despite": true, "although": true,
	"what": true, "who": true, "why": true, "how": true, "one": true, "two": true, "washington": false,
}

// SplitSentences appends the sentences of text to dst as byte spans with
// surrounding space trimmed. It survives "U.S.", "U.N.", "Mr." and
// initials ("John F. Kennedy"), and always breaks at blank lines so that
// headings and paragraphs without final punctuation stand alone.
func SplitSentences(text string, dst []Span) []Span {
	start := -1
	emit := func(end int) {
		if start < 0 {
			return
		}
		e := end
		for e > start && isSpaceByte(text[e-1]) {
			e--
		}
		if e > start {
			dst = append(dst, Span{start, e})
		}
		start = -1
	}
	for i := 0; i < len(text); {
		c := text[i]
		if start < 0 {
			if isSpaceByte(c) {
				i++
				continue
			}
			start = i
		}
		switch c {
		case '\n':
			// A blank line ends the sentence.
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			if j >= len(text) || text[j] == '\n' {
				emit(i)
			}
			i = j
			continue
		case '.', '!', '?':
			j := i + 1
			for j < len(text) {
				if text[j] == '.' || text[j] == '!' || text[j] == '?' || text[j] == '"' || text[j] == '\'' || text[j] == ')' || text[j] == ']' {
					j++
					continue
				}
				if strings.HasPrefix(text[j:], "”") || strings.HasPrefix(text[j:], "’") {
					j += len("”")
					continue
				}
				break
			}
			if j >= len(text) {
				emit(len(text))
				i = j
				continue
			}
			if !isSpaceByte(text[j]) {
				i = j
				continue
			}
			k := j
			for k < len(text) && isSpaceByte(text[k]) {
				k++
			}
			if k >= len(text) {
				emit(j)
				i = k
				continue
			}
			if c == '.' && j == i+1 && !breakAfterPeriod(text, i, k) {
				i = j
				continue
			}
			if c != '.' || j > i+1 {
				// "?" and "!" (and a period followed by a quote) end a
				// sentence unless the next word is lower case.
				r, _ := utf8.DecodeRuneInString(text[k:])
				if unicode.IsLower(r) {
					i = j
					continue
				}
			}
			emit(j)
			i = k
			continue
		}
		i++
	}
	emit(len(text))
	return dst
}

// breakAfterPeriod decides whether the period at text[dot] ends a sentence
// whose next word starts at text[next].
func breakAfterPeriod(text string, dot, next int) bool {
	r, _ := utf8.DecodeRuneInString(text[next:])
	if unicode.IsLower(r) {
		return false
	}
	// The word before the period, dots included ("U.S", "Mr", "F").
	b := dot
	for b > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:b])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.') {
			break
		}
		b -= size
	}
	word := text[b:dot]
	if word == "" {
		return true
	}
	lw := strings.ToLower(word)
	if titles[lw] {
		return false
	}
	// A single capital letter is an initial ("John F. Kennedy").
	if r, size := utf8.DecodeRuneInString(word); size == len(word) && unicode.IsUpper(r) {
		return false
	}
	nextWord := text[next:]
	if e := strings.IndexFunc(nextWord, func(r rune) bool { return !unicode.IsLetter(r) }); e >= 0 {
		nextWord = nextWord[:e]
	}
	nw := strings.ToLower(nextWord)
	if enders[lw] || isDottedAcronym(word) {
		return openers[nw]
	}
	return true
}

// isDottedAcronym reports words like "U.S", "U.N" and "e.g" (the final
// period excluded): single letters separated by periods.
func isDottedAcronym(w string) bool {
	if len(w) < 3 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if i%2 == 1 {
			if w[i] != '.' {
				return false
			}
		} else if !isASCIILetter(w[i]) {
			return false
		}
	}
	return true
}

func isASCIILetter(b byte) bool { return (b|0x20) >= 'a' && (b|0x20) <= 'z' }

func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' || b == '\v'
}

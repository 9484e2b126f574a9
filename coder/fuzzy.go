package coder

import "strings"

// Tolerant matching of long content words: a typo must not hide a verb
// ("condemed", "critcised", "condemmned", "condmened"). Dictionary words
// of minFuzzyLen letters or more are indexed by every form with one
// letter deleted; a word the vocabulary does not know is corrected when
// it is such a form (a letter left out), when it holds a doubled letter
// too many, or when two neighbouring letters are swapped. These are the
// edits of distance one that typing makes; changed letters, and letters
// added other than by doubling ("strikers" is not "strikes"), are not
// corrected: too many real words are one
// changed letter from a dictionary word ("departed" and "deported",
// "detailed" and "detained", "commanded" and "commended"). A form two
// dictionary words share is dropped, so a correction is never a guess
// between words.

// minFuzzyLen is the shortest word corrected: short words are too close
// to each other ("bomb", "tomb") for one edit to say which was meant.
const minFuzzyLen = 7

// fuzzyCacheMax bounds a tokenizer's cache of corrected unknown words.
const fuzzyCacheMax = 1 << 14

// buildFuzzy indexes the deletion variants of the long dictionary words.
func (d *Dict) buildFuzzy() {
	d.fuzzy = make(map[string]int32, 8*len(d.words))
	for id, w := range d.words {
		if id == 0 || len(w) < minFuzzyLen || !lowerASCII(w) {
			continue
		}
		for i := range len(w) {
			v := w[:i] + w[i+1:]
			if prev, ok := d.fuzzy[v]; ok && prev != int32(id) {
				d.fuzzy[v] = -1 // shared by two words: ambiguous
				continue
			}
			d.fuzzy[v] = int32(id)
		}
	}
}

// lowerASCII reports a word of lower-case ASCII letters only.
func lowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// correct returns the id of the dictionary word w is one edit from, or 0.
func (d *Dict) correct(w string) int32 {
	if len(w) < minFuzzyLen-1 || !lowerASCII(w) {
		return 0
	}
	found := int32(0)
	consider := func(id int32, ok bool) bool {
		switch {
		case !ok || id == 0:
			return true
		case id < 0 || found != 0 && found != id:
			found = -1
			return false
		}
		found = id
		return true
	}
	// A letter missing from w: w is a deletion variant of the word.
	if id, ok := d.fuzzy[w]; !consider(id, ok) {
		return 0
	}
	var buf [64]byte
	if len(w) > len(buf) {
		return 0
	}
	for i := 1; i < len(w); i++ {
		// A doubled letter too many: "condemmned".
		if w[i] != w[i-1] {
			continue
		}
		v := append(append(buf[:0], w[:i]...), w[i+1:]...)
		if id, ok := d.vocab[string(v)]; ok && len(v) >= minFuzzyLen && !consider(id, true) {
			return 0
		}
	}
	for i := 1; i+1 < len(w); i++ {
		// Two letters swapped: "condmened". The first letter stays
		// (checked below), so the swap is inside the word.
		if w[i] == w[i+1] {
			continue
		}
		v := append(buf[:0], w...)
		v[i], v[i+1] = v[i+1], v[i]
		if id, ok := d.vocab[string(v)]; ok && len(v) >= minFuzzyLen && !consider(id, true) {
			return 0
		}
	}
	if found <= 0 {
		return 0
	}
	// The first letter and the ending must agree: typos fall inside a
	// word, while a different ending is usually another word ("attacker"
	// is not "attacked").
	// A participle with its "e" dropped ("attackd") keeps the ending
	// that matters, its last letter.
	if c := d.words[found]; c[0] != w[0] || c[len(c)-2:] != w[len(w)-2:] && !(strings.HasSuffix(c, "ed") && strings.HasSuffix(w, "d") && len(w) == len(c)-1) {
		return 0
	}
	return found
}

// lookupFuzzy reads an unknown lower-case word through the tokenizer's
// cache: as a form of a dictionary verb (lemmaID), else as a long
// dictionary word mistyped (correct).
func (tz *tokenizer) lookupFuzzy(d *Dict, w []byte) int32 {
	if len(w) < 4 {
		return 0
	}
	if id, ok := tz.fuzzyCache[string(w)]; ok {
		return id
	}
	id := d.lemmaID(string(w))
	if id == 0 {
		id = d.correct(string(w))
	}
	if tz.fuzzyCache == nil || len(tz.fuzzyCache) >= fuzzyCacheMax {
		tz.fuzzyCache = make(map[string]int32, 1024)
	}
	tz.fuzzyCache[string(w)] = id
	return id
}

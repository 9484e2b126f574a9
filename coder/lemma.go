package coder

import "strings"

// Matching by lemma. The dictionary writes its verbs once, as lemmas
// ("condemn/v"), and the compiler inflects each into the forms English
// spelling gives it (verbForms, with irregular.tsv for the forms no rule
// can guess), so that the common forms are found by one map look-up. A
// form the inflection rules miss ("panicked", "trafficked", a doubled
// consonant spelt one way only) would still hide the verb; lemma takes
// an unknown lower-case word back to the lemmas it may be a form of, and
// the tokenizer gives the word the id of the first that is a verb of the
// dictionary. This is a small rule-based lemmatizer written for entente
// rather than a module: the coder needs only verbs and only as a
// fallback, and the rules below with the irregular table are all that
// takes (see DEVELOPERS.md).

// lemmaCandidates returns the lemmas w may be an inflected form of, most
// likely first. It never returns w itself.
func lemmaCandidates(w string, irr map[string]string) []string {
	if base, ok := irr[w]; ok {
		return []string{base}
	}
	n := len(w)
	var out []string
	add := func(s string) {
		if len(s) >= 2 && s != w {
			out = append(out, s)
		}
	}
	undouble := func(stem string) {
		// "banned" → "ban", "cancelled" → "cancel".
		if k := len(stem); k >= 3 && stem[k-1] == stem[k-2] && !isVowel(stem[k-1]) {
			add(stem[:k-1])
		}
	}
	switch {
	case strings.HasSuffix(w, "ied") && n > 4:
		add(w[:n-3] + "y") // "allied" → "ally"
	case strings.HasSuffix(w, "cked") && n > 5:
		add(w[:n-3]) // "panicked" → "panic"
		add(w[:n-2]) // "attacked" → "attack"
	case strings.HasSuffix(w, "ed") && n > 3:
		stem := w[:n-2]
		add(stem)       // "bombed" → "bomb"
		add(stem + "e") // "seized" → "seize"
		undouble(stem)
		add(w[:n-1]) // "agreed" → "agree"
	case strings.HasSuffix(w, "ying") && n > 5:
		add(w[:n-4] + "ie") // "lying" → "lie"
		add(w[:n-3])        // "denying" → "deny"
	case strings.HasSuffix(w, "cking") && n > 6:
		add(w[:n-4]) // "panicking" → "panic"
		add(w[:n-3]) // "attacking" → "attack"
	case strings.HasSuffix(w, "ing") && n > 4:
		stem := w[:n-3]
		add(stem)       // "bombing" → "bomb"
		add(stem + "e") // "seizing" → "seize"
		undouble(stem)
	case strings.HasSuffix(w, "ies") && n > 4:
		add(w[:n-3] + "y") // "allies" → "ally"
	case strings.HasSuffix(w, "es") && n > 3:
		add(w[:n-2]) // "reaches" → "reach"
		add(w[:n-1]) // "seizes" → "seize"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && n > 3:
		add(w[:n-1])
	}
	return out
}

// irregularLemmas maps the past and participle forms of irregular.tsv
// back to their lemmas.
func irregularLemmas(irr map[string]irregular) map[string]string {
	out := make(map[string]string, 2*len(irr))
	for base, ir := range irr {
		for _, f := range ir.past {
			out[f] = base
		}
		for _, f := range ir.part {
			out[f] = base
		}
	}
	return out
}

// lemmaID returns the id of the dictionary verb an unknown lower-case
// word is a form of, or 0. Forms a pattern excludes ("give/v!given") are
// never brought back this way.
func (d *Dict) lemmaID(w string) int32 {
	if len(w) < 4 || !lowerASCII(w) || d.noLemma[w] {
		return 0
	}
	for _, base := range lemmaCandidates(w, d.irrLemma) {
		if id, ok := d.vocab[base]; ok && d.baseForm[id] {
			return id
		}
	}
	return 0
}

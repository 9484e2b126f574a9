package coder

import (
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"
)

// posTag is the coarse part of speech the frame stages ask about, reduced
// from the Penn Treebank tags of prose's averaged-perceptron tagger.
type posTag uint8

const (
	posNone   posTag = iota // untagged: tagging off, or the sentence was skipped
	posNoun                 // NN, NNS, NNP, NNPS
	posVerb                 // a finite verb: VBD, VBZ, VBP
	posBase                 // VB: after "to", a modal or "did"
	posPart                 // VBN: a past participle
	posGerund               // VBG
	posAdj                  // JJ, JJR, JJS
	posOther                // anything else
)

func coarseTag(t string) posTag {
	switch t {
	case "NN", "NNS", "NNP", "NNPS":
		return posNoun
	case "VBD", "VBZ", "VBP":
		return posVerb
	case "VB":
		return posBase
	case "VBN":
		return posPart
	case "VBG":
		return posGerund
	case "JJ", "JJR", "JJS":
		return posAdj
	}
	return posOther
}

// taggerModel is prose's English model, decoded once per process: the
// weights take about a quarter of a second and some tens of megabytes to
// load, and are only read afterwards, so every coder shares them.
var (
	taggerOnce  sync.Once
	taggerModel *prose.Model
	taggerErr   error
)

func loadTagger() (*prose.Model, error) {
	taggerOnce.Do(func() {
		doc, err := prose.NewDocument("", prose.WithSegmentation(false), prose.WithExtraction(false), prose.WithTagging(true))
		if err != nil {
			taggerErr = err
			return
		}
		taggerModel = doc.Model
	})
	return taggerModel, taggerErr
}

// quoteFolder maps typographic quotes to the ASCII ones prose's tokenizer
// turns them into, so that token texts can be lined up.
var quoteFolder = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u2018", "'", "\u2019", "'")

// tagSentence tags the sentence's tokens with prose's tagger. prose keeps
// its tagger behind its document pipeline, so the narrowest route is a
// document of the coder's own tokens joined by single spaces, with
// sentence segmentation and entity extraction off: prose then re-splits
// nothing but what its tokenizer splits anyway (a trailing period of
// "U.S."), and its tokens are lined up with ours by their text. A token
// that cannot be lined up stays untagged, which the frame stages treat as
// "no evidence" and fall back to their word-position rules.
func (sc *scratch) tagSentence(text string) {
	toks := sc.tz.toks
	for i := range toks {
		toks[i].pos = posNone
	}
	if sc.tagger == nil || len(toks) == 0 {
		return
	}
	b := sc.tagBuf[:0]
	for i := range toks {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, text[toks[i].start:toks[i].end]...)
	}
	sc.tagBuf = b
	doc, err := prose.NewDocument(string(b), prose.WithSegmentation(false), prose.WithExtraction(false), prose.UsingModel(sc.tagger))
	if err != nil {
		return
	}
	ptoks := doc.Tokens()
	j := 0
	for i := range toks {
		want := quoteFolder.Replace(text[toks[i].start:toks[i].end])
		if j >= len(ptoks) {
			return
		}
		first := j
		got := 0
		for j < len(ptoks) && got < len(want) {
			got += len(ptoks[j].Text)
			j++
		}
		if got != len(want) {
			// Out of step: leave the rest untagged rather than guess.
			return
		}
		toks[i].pos = coarseTag(ptoks[first].Tag)
		if first+1 < j && ptoks[first].Tag == "$" {
			toks[i].pos = coarseTag(ptoks[j-1].Tag)
		}
	}
}

// maybeTag tags the sentence when it can yield an event: it holds a word
// that starts a dictionary pattern and an actor mention or a pronoun that
// may stand for one. Other sentences keep untagged tokens; tagging them
// would cost time and change nothing, since no frame is built there.
func (sc *scratch) maybeTag(text string) {
	toks := sc.tz.toks
	if sc.tagger == nil {
		return
	}
	cand, actor := false, len(sc.sm) > 0
	for i := range toks {
		t := &toks[i]
		if t.ment >= 0 {
			continue
		}
		if len(sc.d.byFirst[t.id]) > 0 {
			cand = true
		}
		if !actor && sc.isPronoun(t.id) {
			actor = true
		}
	}
	if cand && actor {
		sc.tagSentence(text)
		return
	}
	for i := range toks {
		toks[i].pos = posNone
	}
}

// nounReading reports whether the word at i reads as a noun. The tag
// decides when there is one and it is not a gerund ("calls for restraint
// grew" against "Ghana calls for restraint", "the talks" against "Iran
// talks to"); gerunds and untagged words fall back to the word-position
// rules of nounContext, since "the shelling" and "shelling Kharkiv" share
// the tag VBG as often as not.
func (sc *scratch) nounReading(i int) bool {
	switch sc.tz.toks[i].pos {
	case posNoun:
		// The tagger's one common slip: a verb that is also a noun
		// after an auxiliary ("did not sanction Iran"). The
		// auxiliary settles it. So does a gerund's object: "avoided
		// condemning Russia".
		if i+1 < len(sc.tz.toks) && sc.tz.toks[i+1].ment >= 0 && strings.HasSuffix(sc.low(i), "ing") {
			return false
		}
		return !sc.afterAuxiliary(i)
	case posVerb, posBase:
		return false
	}
	return sc.nounContext(i)
}

// readAsNoun settles whether a trigger is coded as an event noun: its
// head's reading, unless the head is a passive participle ("were
// blocked"), which is a verb whatever the context.
func (sc *scratch) readAsNoun(m *match) bool {
	if sc.passiveAt(m.head) {
		return false
	}
	if m.noun {
		// A pattern written as a noun ("the sinking of") is one unless
		// the tagger is sure the head is a finite verb.
		return sc.tz.toks[m.head].pos != posVerb
	}
	return sc.nounReading(m.head)
}

// afterAuxiliary reports a word that an auxiliary or modal governs,
// across negations and adverbs: "did not sanction", "will soon recognise".
func (sc *scratch) afterAuxiliary(i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch sc.low(k) {
		case "did", "does", "do", "will", "would", "can", "could", "may", "might", "must", "should", "shall":
			return true
		}
		if !sc.adverb(k) {
			return false
		}
	}
	return false
}

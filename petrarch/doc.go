// Package petrarch reads the dictionaries and validation records of the
// TABARI / PETRARCH family of event coders and codes their sentences with
// entente's own pattern matcher.
//
// The formats are the ones documented with PETRARCH2 (docs/source/
// dictionaries.rst) and TABARI's manual: actor dictionaries with dated code
// restrictions and "+" synonyms, agent dictionaries with "~" suffix and prefix
// codes, discard and issue lists, and verb dictionaries in both the older
// TABARI/PETRARCH-1 pattern format ("$" source, "+" target, "%" compound, "^"
// skip) and the CAMEO 2.0 format of PETRARCH2 ("(prep noun)" phrases and
// "{noun phrase}" groups). Every reader reports bad input as an
// *entente.InputError naming file, line and field.
//
// The coder (Coder.Code) follows the published description of PETRARCH-1:
// the pre-computed Penn Treebank parse of a sentence is flattened into words
// with noun-phrase and verb-phrase boundaries, noun phrases are coded with the
// actor and agent dictionaries (date-aware), and each verb phrase is matched
// against its verb's patterns, the words after the verb ("upper" sequence)
// forwards and the words before it ("lower" sequence) backwards. It is
// entente's own code, written from those descriptions and the dictionaries,
// not a translation of PETRARCH's source. CodeText codes a sentence without
// a parse, TABARI-style: the dictionaries alone chunk it into actor phrases
// and a verb, and the same matcher runs on the chunks.
//
// Validate scores a set of validation records. The coder was tuned on the
// records whose ids end in an even number only; the odd half is held out
// (HalfOf), and reports give both rates.
//
// Dictionary files published with PETRARCH hold a few typos (impossible
// dates, unpaired brackets); such a line is skipped and reported in the
// reader's Warnings as file:line: field, so that a real dictionary still
// loads. A file that cannot be read at all is an *entente.InputError.
package petrarch

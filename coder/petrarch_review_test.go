package coder_test

import (
	"bufio"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"entente/coder"
	"entente/coder/codertest"
	"entente/internal/shared"
)

// petrarchVerb is one verb of PETRARCH's CAMEO verb dictionary with the
// code its block (or its own line) gives it.
type petrarchVerb struct {
	verb, past, code, block string
}

var (
	blockLine = regexp.MustCompile(`^---\s+(\S+)\s+\[([0-9-]+)\]\s+---`)
	verbLine  = regexp.MustCompile(`^([A-Z][A-Z-]*)\s*(\{[^}]*\})?\s*(\[([0-9-]+)\])?\s*(#.*)?$`)
)

// petrarchVerbs reads the single-word verbs of PETRARCH's CAMEO.2.0 verb
// dictionary (MIT licence, Open Event Data Alliance; read from
// ../shared/data, never copied into the repository), skipping blocks and
// verbs coded "---".
func petrarchVerbs(t *testing.T) []petrarchVerb {
	t.Helper()
	f, err := os.Open(shared.Path(t, "petrarch2", "dictionaries", "CAMEO.2.0.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []petrarchVerb
	block, blockCode := "", ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if m := blockLine.FindStringSubmatch(line); m != nil {
			block, blockCode = m[1], m[2]
			continue
		}
		if block == "" || strings.HasPrefix(line, "-") || strings.HasPrefix(line, "+") {
			continue
		}
		m := verbLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		code := blockCode
		if m[4] != "" {
			code = m[4]
		}
		if strings.Contains(code, "-") {
			continue
		}
		verb := strings.ToLower(m[1])
		past := regularPast(verb)
		if forms := strings.Fields(strings.Trim(m[2], "{}")); len(forms) > 0 {
			// The forms list the -ing, -s and past forms; the past ends
			// the list.
			past = strings.ToLower(forms[len(forms)-1])
		}
		out = append(out, petrarchVerb{verb: verb, past: past, code: code, block: block})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func regularPast(v string) string {
	switch {
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case strings.HasSuffix(v, "y") && len(v) > 2 && !strings.ContainsAny(v[len(v)-2:len(v)-1], "aeiou"):
		return v[:len(v)-1] + "ied"
	}
	return v + "ed"
}

// TestDict_PetrarchReview reviews entente's dictionary verb by verb
// against PETRARCH's CAMEO verb dictionary: each verb PETRARCH codes is
// put in a plain transitive sentence ("Germany condemned Russia.") and
// the root entente codes is compared with PETRARCH's. It logs how many
// agree, disagree and are missing (-v lists them, by PETRARCH block) and
// guards the agreement against regressions. A disagreement is not always
// entente's error: PETRARCH codes a verb out of context by its most
// frequent sense, which the codebook's categories sometimes split.
//
// Recorded (go test ./coder -run TestDict_PetrarchReview -v): 1,044
// single-word verbs with a code; before the review 169 agreed, 84
// disagreed and 791 were not coded; after adding the verbs of the
// review block in verbs.tsv, 193 agreed, 68 disagreed, 783 were not
// coded. Most verbs not coded are synonyms PETRARCH took from WordNet
// that name no interaction between states in ordinary use ("clap",
// "ruminate", "tally"), or need another frame than "X verbed Y".
func TestDict_PetrarchReview(t *testing.T) {
	verbs := petrarchVerbs(t)
	c, err := coder.New(coder.DefaultConfig(), codertest.Default())
	if err != nil {
		t.Fatal(err)
	}
	agree, differ, missing := 0, 0, 0
	var diffs, misses []string
	for _, v := range verbs {
		acts := c.Acts("Germany "+v.past+" Russia.", time.Time{})
		switch {
		case len(acts) == 0:
			missing++
			misses = append(misses, v.block+"/"+v.verb+" "+v.code)
		case acts[0][:2] == v.code[:2]:
			agree++
		default:
			differ++
			diffs = append(diffs, v.block+"/"+v.verb+" "+v.code+" → "+acts[0])
		}
	}
	if testing.Verbose() {
		sort.Strings(diffs)
		sort.Strings(misses)
		t.Logf("disagreements:\n%s", strings.Join(diffs, "\n"))
		t.Logf("missing:\n%s", strings.Join(misses, "\n"))
	}
	t.Logf("PETRARCH verbs: %d; same root %d, other root %d, not coded %d", len(verbs), agree, differ, missing)
	if agree*100 < len(verbs)*18 {
		t.Errorf("agreement with PETRARCH fell to %d of %d", agree, len(verbs))
	}
}

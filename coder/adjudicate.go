package coder

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"entente"
)

// The adjudicator is an opt-in second opinion: sentences where the rules
// abstain (two actors and a verb-like word, but no code) or disagree (two
// codes for one dyad) are put to a chat model the user runs behind an
// OpenAI-compatible /v1/chat/completions endpoint. Its answer is trusted
// only as far as it can be checked: the code must be in the CAMEO table the
// coder codes with, and source and target must be actors the sentence
// names. Nothing here runs unless the user names an endpoint.

// AdjudicatorConfig tunes the adjudicator. Start from
// DefaultAdjudicatorConfig and set URL and Model.
type AdjudicatorConfig struct {
	// URL is the endpoint's base ("http://127.0.0.1:8080" or ".../v1");
	// "/v1/chat/completions" is added unless the path already ends in
	// "/chat/completions".
	URL string
	// Model is the model name sent with each request and recorded in the
	// provenance of what it coded.
	Model string
	// Timeout bounds each call.
	Timeout time.Duration
	// MaxCallsPerDoc bounds the calls one document may make; sentences past
	// it are counted as skipped.
	MaxCallsPerDoc int
	// MaxSentenceBytes skips longer sentences (they are rarely one event
	// and cost the most).
	MaxSentenceBytes int
	// MaxResponseBytes bounds what is read of an answer.
	MaxResponseBytes int64
	// AllowLoopback permits an endpoint on this machine (127.0.0.0/8, ::1),
	// as a local llama.cpp or Ollama server is. Without it such an address
	// is refused, so that a URL taken from elsewhere cannot reach local
	// services.
	AllowLoopback bool
}

// DefaultAdjudicatorConfig returns bounded settings with no endpoint.
func DefaultAdjudicatorConfig() AdjudicatorConfig {
	return AdjudicatorConfig{Timeout: 30 * time.Second, MaxCallsPerDoc: 16, MaxSentenceBytes: 1000, MaxResponseBytes: 64 << 10}
}

// Validate reports settings the adjudicator cannot work with.
func (c AdjudicatorConfig) Validate() error {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("adjudicator: url %q: want http(s)://host[:port][/path]: %w", c.URL, entente.ErrInvalid)
	}
	if strings.TrimSpace(c.Model) == "" {
		return fmt.Errorf("adjudicator: no model named: %w", entente.ErrInvalid)
	}
	if c.Timeout <= 0 || c.MaxCallsPerDoc <= 0 || c.MaxSentenceBytes <= 0 || c.MaxResponseBytes <= 0 {
		return fmt.Errorf("adjudicator: timeout, calls per document, sentence and response sizes must be positive: %w", entente.ErrInvalid)
	}
	return nil
}

// ErrLoopbackRefused is returned for an endpoint on this machine when
// AllowLoopback is off.
var ErrLoopbackRefused = errors.New("loopback address refused (not allowed for this endpoint)")

// AdjudicationStats counts what the adjudicator did.
type AdjudicationStats struct {
	Asked    int `json:"asked"`    // calls made
	Valid    int `json:"valid"`    // answers kept as events
	Declined int `json:"declined"` // answers saying there is no event
	Invalid  int `json:"invalid"`  // answers dropped: unknown code, actor not in the sentence, self-dyad, unreadable
	Failed   int `json:"failed"`   // calls that failed: timeout, HTTP error, refused address
	Skipped  int `json:"skipped"`  // candidates not asked: over the call limit or too long
}

// Add sums counts, for a run over many documents.
func (s *AdjudicationStats) Add(o AdjudicationStats) {
	s.Asked += o.Asked
	s.Valid += o.Valid
	s.Declined += o.Declined
	s.Invalid += o.Invalid
	s.Failed += o.Failed
	s.Skipped += o.Skipped
}

// Adjudicator asks a chat model about the sentences the rules could not
// settle. It is safe for concurrent use.
type Adjudicator struct {
	cfg      AdjudicatorConfig
	endpoint string
	coder    *Coder
	client   *http.Client
	prov     string
}

// adjudicatedConfidence is the confidence of an event coded by a model:
// below the rules' usual 0.8-0.9, since the model's reading was checked
// only for its vocabulary, not for its sense.
const adjudicatedConfidence = 0.5

// NewAdjudicator returns an adjudicator that validates answers against c's
// CAMEO table and resolves actors through c's resolver.
func NewAdjudicator(cfg AdjudicatorConfig, c *Coder) (*Adjudicator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if c == nil {
		return nil, fmt.Errorf("adjudicator: no coder: %w", entente.ErrInvalid)
	}
	u, _ := url.Parse(cfg.URL)
	if !strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/chat/completions") {
		p := strings.TrimRight(u.Path, "/")
		if !strings.HasSuffix(p, "/v1") {
			p += "/v1"
		}
		u.Path = p + "/chat/completions"
	}
	allow := cfg.AllowLoopback
	dialer := &net.Dialer{
		Timeout: cfg.Timeout,
		// The check runs on the address actually dialled, after name
		// resolution, so a name that resolves to loopback is refused too.
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() && !allow {
				return ErrLoopbackRefused
			}
			return nil
		},
	}
	client := &http.Client{
		Transport: &http.Transport{DialContext: dialer.DialContext, Proxy: nil, ResponseHeaderTimeout: cfg.Timeout},
		Timeout:   cfg.Timeout,
		// The user named one endpoint; a redirect elsewhere is not it.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &Adjudicator{
		cfg: cfg, endpoint: u.String(), coder: c, client: client,
		prov: "adjudicated by " + cfg.Model + " at " + u.Redacted(),
	}, nil
}

// Provenance is the note stored with every event the adjudicator codes.
func (a *Adjudicator) Provenance() string { return a.prov }

// candidate is one sentence to ask about.
type candidate struct {
	sent     Span
	ments    []entente.Mention // distinct actors, in text order
	proposed []string          // the rules' codes, when they disagree
	drop     [2]string         // the dyad (source, target codes) the answer settles
}

// Adjudicate returns evs (the rules' events of doc, as Code returns them)
// with the model's answers for the sentences the rules left open: an
// abstention gains the answered event; a disagreement is replaced by it.
// Failed calls and invalid answers leave the rules' events as they were.
// Only a cancelled ctx is an error.
func (a *Adjudicator) Adjudicate(ctx context.Context, doc entente.Document, evs []Extracted) ([]Extracted, AdjudicationStats, error) {
	var st AdjudicationStats
	cands := a.candidates(doc, evs)
	for _, cd := range cands {
		if err := ctx.Err(); err != nil {
			return evs, st, err
		}
		if st.Asked >= a.cfg.MaxCallsPerDoc || cd.sent.End-cd.sent.Start > a.cfg.MaxSentenceBytes {
			st.Skipped++
			continue
		}
		st.Asked++
		ans, err := a.ask(ctx, doc.Text[cd.sent.Start:cd.sent.End], cd)
		if err != nil {
			if ctx.Err() != nil {
				return evs, st, ctx.Err()
			}
			slog.Debug("adjudicator call failed", "doc", doc.ID, "err", err)
			st.Failed++
			continue
		}
		ev, verdict := a.check(doc, cd, ans)
		switch verdict {
		case verdictDeclined:
			st.Declined++
			continue
		case verdictInvalid:
			st.Invalid++
			continue
		}
		st.Valid++
		if cd.proposed != nil {
			evs = dropDyad(evs, cd.sent, cd.drop)
		}
		evs = insertInOrder(evs, ev)
	}
	return evs, st, nil
}

// candidates finds the sentences where the rules abstain or disagree.
func (a *Adjudicator) candidates(doc entente.Document, evs []Extracted) []candidate {
	text := doc.Text
	ments := a.coder.res.FindMentions(text, doc.Date, nil)
	var out []candidate
	for _, s := range SplitSentences(text, nil) {
		var ms []entente.Mention
		for _, m := range ments {
			if m.Start >= s.Start && m.End <= s.End && !hasActor(ms, m.Actor) {
				ms = append(ms, m)
			}
		}
		if len(ms) < 2 {
			continue
		}
		var own []Extracted
		for _, e := range evs {
			if e.Via == "" && e.Start >= s.Start && e.Start < s.End {
				own = append(own, e)
			}
		}
		if len(own) == 0 {
			if hasPredicateWord(text[s.Start:s.End], ms, s.Start) {
				out = append(out, candidate{sent: s, ments: ms})
			}
			continue
		}
		// Two codes for one dyad: the first such dyad is put to the model.
		type dyad struct{ s, t string }
		codes := map[dyad][]string{}
		var order []dyad
		for _, e := range own {
			k := dyad{refCode(e.Source), refCode(e.Target)}
			if _, ok := codes[k]; !ok {
				order = append(order, k)
			}
			if !containsString(codes[k], e.CAMEO) {
				codes[k] = append(codes[k], e.CAMEO)
			}
		}
		for _, k := range order {
			if len(codes[k]) > 1 && k.s != "" && k.t != "" {
				out = append(out, candidate{sent: s, ments: ms, proposed: codes[k], drop: [2]string{k.s, k.t}})
				break
			}
		}
	}
	return out
}

func hasActor(ms []entente.Mention, actor string) bool {
	for _, m := range ms {
		if m.Actor == actor {
			return true
		}
	}
	return false
}

func refCode(r *entente.ActorRef) string {
	if r == nil {
		return ""
	}
	return r.Code
}

func containsString(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// functionWords are the lower-case words that are never the predicate of
// an event; any other lower-case word of four letters or more outside the
// actor mentions may be one. Without a tagger this over-asks a little, and
// the call limit bounds what that costs.
var functionWords = map[string]bool{
	"with": true, "from": true, "that": true, "this": true, "these": true, "those": true, "their": true,
	"there": true, "they": true, "them": true, "were": true, "been": true, "have": true, "also": true,
	"into": true, "over": true, "than": true, "then": true, "when": true, "which": true, "while": true,
	"after": true, "before": true, "about": true, "between": true, "against": true, "among": true,
	"would": true, "could": true, "should": true, "will": true, "other": true, "both": true, "each": true,
	"week": true, "year": true, "month": true, "today": true, "monday": true, "tuesday": true,
}

func hasPredicateWord(sent string, ms []entente.Mention, off int) bool {
	inMention := func(i int) bool {
		for _, m := range ms {
			if i >= m.Start-off && i < m.End-off {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(sent); {
		j := i
		for j < len(sent) && sent[j] >= 'a' && sent[j] <= 'z' {
			j++
		}
		if j-i >= 4 && (i == 0 || !isASCIILetter(sent[i-1])) && !inMention(i) && !functionWords[sent[i:j]] {
			return true
		}
		if j == i {
			j++
		}
		i = j
	}
	return false
}

// chatRequest and chatResponse are the parts of the OpenAI chat format the
// adjudicator uses.
type chatRequest struct {
	Model       string        `json:"model"`
	Messages    []chatMessage `json:"messages"`
	Temperature float64       `json:"temperature"`
	MaxTokens   int           `json:"max_tokens"`
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatResponse struct {
	Choices []struct {
		Message chatMessage `json:"message"`
	} `json:"choices"`
}

// answer is what the model is asked to return: a CAMEO code and the
// numbers of the source and target mentions (1-based), or a null code.
type answer struct {
	Code   *string `json:"code"`
	Source int     `json:"source"`
	Target int     `json:"target"`
}

const adjudicatorInstructions = `You code political events in the CAMEO scheme.
You get one sentence and a numbered list of the actors it names.
If the sentence reports an act of one listed actor towards another, answer with one JSON object:
{"code": "<CAMEO event code, digits only, e.g. 112>", "source": <number of the acting actor>, "target": <number of the actor acted upon>}
If it reports no such act, answer {"code": null}. Answer with the JSON object only.`

func (a *Adjudicator) prompt(sentence string, cd candidate) string {
	var b strings.Builder
	b.WriteString("Sentence: ")
	b.WriteString(strings.Join(strings.Fields(sentence), " "))
	b.WriteString("\nActors:\n")
	for i, m := range cd.ments {
		fmt.Fprintf(&b, "%d. %q (%s)\n", i+1, m.Text, m.Code)
	}
	if cd.proposed != nil {
		fmt.Fprintf(&b, "Candidate codes from the rules: %s\n", strings.Join(cd.proposed, ", "))
	}
	return b.String()
}

// ask makes one call and returns the model's answer as parsed JSON.
func (a *Adjudicator) ask(ctx context.Context, sentence string, cd candidate) (answer, error) {
	body, err := json.Marshal(chatRequest{
		Model: a.cfg.Model, Temperature: 0, MaxTokens: 100,
		Messages: []chatMessage{{Role: "system", Content: adjudicatorInstructions}, {Role: "user", Content: a.prompt(sentence, cd)}},
	})
	if err != nil {
		return answer{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.endpoint, bytes.NewReader(body))
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.client.Do(req)
	if err != nil {
		return answer{}, fmt.Errorf("adjudicator: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return answer{}, fmt.Errorf("adjudicator: HTTP %d", resp.StatusCode)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, a.cfg.MaxResponseBytes+1))
	if err != nil {
		return answer{}, fmt.Errorf("adjudicator: read answer: %w", err)
	}
	if int64(len(raw)) > a.cfg.MaxResponseBytes {
		return answer{}, fmt.Errorf("adjudicator: answer over %d bytes", a.cfg.MaxResponseBytes)
	}
	var cr chatResponse
	if err := json.Unmarshal(raw, &cr); err != nil || len(cr.Choices) == 0 {
		return answer{}, fmt.Errorf("adjudicator: not a chat completion")
	}
	return parseAnswer(cr.Choices[0].Message.Content), nil
}

// parseAnswer reads the first JSON object in the model's text (models
// often wrap it in prose or a code fence). An unreadable answer has
// Source -1.
func parseAnswer(content string) answer {
	i := strings.IndexByte(content, '{')
	j := strings.LastIndexByte(content, '}')
	bad := answer{Source: -1}
	if i < 0 || j < i {
		return bad
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(content[i:j+1]), &raw); err != nil {
		return bad
	}
	var ans answer
	if c, ok := raw["code"]; ok && string(c) != "null" {
		var s string
		if err := json.Unmarshal(c, &s); err != nil {
			// A bare number ("code": 112) loses leading zeros; take it
			// as written.
			s = strings.TrimSpace(string(c))
			if _, err := strconv.Atoi(s); err != nil {
				return bad
			}
		}
		ans.Code = &s
	}
	for key, dst := range map[string]*int{"source": &ans.Source, "target": &ans.Target} {
		if v, ok := raw[key]; ok {
			if err := json.Unmarshal(v, dst); err != nil {
				return bad
			}
		}
	}
	return ans
}

type verdict int

const (
	verdictValid verdict = iota
	verdictDeclined
	verdictInvalid
)

// check validates an answer against the CAMEO table and the sentence's
// actors and builds its event.
func (a *Adjudicator) check(doc entente.Document, cd candidate, ans answer) (Extracted, verdict) {
	if ans.Source < 0 {
		return Extracted{}, verdictInvalid
	}
	if ans.Code == nil {
		return Extracted{}, verdictDeclined
	}
	code := strings.TrimSpace(*ans.Code)
	plover, gold, ok := a.coder.dict.CodeInfo(code)
	if !ok {
		return Extracted{}, verdictInvalid
	}
	if ans.Source < 1 || ans.Source > len(cd.ments) || ans.Target < 1 || ans.Target > len(cd.ments) || ans.Source == ans.Target {
		return Extracted{}, verdictInvalid
	}
	src, tgt := cd.ments[ans.Source-1], cd.ments[ans.Target-1]
	if src.Country != "" && src.Country == tgt.Country {
		return Extracted{}, verdictInvalid
	}
	ref := func(m entente.Mention) *entente.ActorRef {
		return &entente.ActorRef{Code: m.Code, Country: m.Country, Text: doc.Text[m.Start:m.End]}
	}
	return Extracted{
		Doc: doc.ID, Start: cd.sent.Start, End: cd.sent.End, Text: doc.Text[cd.sent.Start:cd.sent.End],
		Source: ref(src), Target: ref(tgt), CAMEO: code, PLOVER: plover, Goldstein: gold,
		Modality: entente.Asserted, Confidence: adjudicatedConfidence, Provenance: a.prov,
		Sentence: sentenceIndex(doc.Text, cd.sent),
	}, verdictValid
}

// sentenceIndex numbers the sentence as Code does.
func sentenceIndex(text string, s Span) int {
	for i, x := range SplitSentences(text, nil) {
		if x.Start == s.Start {
			return i
		}
	}
	return 0
}

// dropDyad removes the rules' events of one dyad in one sentence, with the
// member events expanded from them.
func dropDyad(evs []Extracted, s Span, d [2]string) []Extracted {
	out := evs[:0]
	for _, e := range evs {
		src, tgt := refCode(e.Source), refCode(e.Target)
		if e.Start >= s.Start && e.Start < s.End && e.Provenance == "" &&
			(src == d[0] && tgt == d[1] || e.Via != "" && (src == d[0] || tgt == d[1])) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// insertInOrder puts ev after the events that start before it.
func insertInOrder(evs []Extracted, ev Extracted) []Extracted {
	i := len(evs)
	for i > 0 && evs[i-1].Start > ev.Start {
		i--
	}
	evs = append(evs, Extracted{})
	copy(evs[i+1:], evs[i:])
	evs[i] = ev
	return evs
}

package petrarch

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"entente"
)

// Files names the dictionary files of one set, relative to a folder.
// Empty names are skipped, except Verbs and Actors, which a coder needs.
type Files struct {
	Verbs    string   `json:"verbs"`
	Actors   []string `json:"actors"`
	Agents   string   `json:"agents,omitempty"`
	Discards string   `json:"discards,omitempty"`
	Issues   string   `json:"issues,omitempty"`
}

// PhoenixFiles are the dictionaries PETRARCH2 loads by default
// (PETR_config.ini).
func PhoenixFiles() Files {
	return Files{
		Verbs:    "CAMEO.2.0.txt",
		Actors:   []string{"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"},
		Agents:   "Phoenix.agents.txt",
		Discards: "Phoenix.discards.txt",
		Issues:   "Phoenix.IssueCoding.txt",
	}
}

// ValidationFiles are the dictionaries PETRARCH's unit-test records name.
func ValidationFiles() Files {
	return Files{
		Verbs:    "PETR.Validate.verbs.txt",
		Actors:   []string{"PETR.Validate.actors.txt"},
		Agents:   "PETR.Validate.agents.txt",
		Discards: "PETR.Validate.discards.txt",
	}
}

// Validate checks that the files a coder needs are named.
func (f Files) Validate() error {
	if f.Verbs == "" {
		return fmt.Errorf("petrarch files: no verb dictionary named: %w", entente.ErrInvalid)
	}
	if len(f.Actors) == 0 {
		return fmt.Errorf("petrarch files: no actor dictionary named: %w", entente.ErrInvalid)
	}
	return nil
}

// Dictionaries is one loaded set, indexed for coding. It is read-only once
// loaded and safe for concurrent use.
type Dictionaries struct {
	Verbs    *VerbDict
	Actors   []*ActorDict
	Agents   *AgentDict
	Discards *DiscardDict
	Issues   *IssueDict

	actorIx   phraseIndex // refs into actorList
	actorList []*Actor
	agentIx   phraseIndex
	agentList []*Agent
	discardIx phraseIndex
	verbIx    map[string][]verbForm
}

// Load reads the named files from dir. A missing file is an
// *entente.InputError naming it (field "file"); bad content is the
// reader's *entente.InputError.
func Load(dir string, files Files) (*Dictionaries, error) {
	if err := files.Validate(); err != nil {
		return nil, err
	}
	d := &Dictionaries{}
	open := func(name string, read func(io.Reader, string) error) error {
		p := filepath.Join(dir, name)
		f, err := os.Open(p)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return &entente.InputError{File: p, Field: "file", Err: fmt.Errorf("dictionary not found")}
			}
			return fmt.Errorf("petrarch: open %s: %w", p, err)
		}
		defer f.Close()
		return read(f, p)
	}
	// The files are independent: reading them side by side roughly halves
	// the load time of the Phoenix set on two cores.
	d.Actors = make([]*ActorDict, len(files.Actors))
	var jobs []func() error
	jobs = append(jobs, func() error {
		return open(files.Verbs, func(r io.Reader, p string) (err error) { d.Verbs, err = ReadVerbs(r, p); return })
	})
	for i, a := range files.Actors {
		jobs = append(jobs, func() error {
			return open(a, func(r io.Reader, p string) (err error) { d.Actors[i], err = ReadActors(r, p); return })
		})
	}
	if files.Agents != "" {
		jobs = append(jobs, func() error {
			return open(files.Agents, func(r io.Reader, p string) (err error) { d.Agents, err = ReadAgents(r, p); return })
		})
	}
	if files.Discards != "" {
		jobs = append(jobs, func() error {
			return open(files.Discards, func(r io.Reader, p string) (err error) { d.Discards, err = ReadDiscards(r, p); return })
		})
	}
	if files.Issues != "" {
		jobs = append(jobs, func() error {
			return open(files.Issues, func(r io.Reader, p string) (err error) { d.Issues, err = ReadIssues(r, p); return })
		})
	}
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Go(func() { errs[i] = job() })
	}
	wg.Wait()
	// The first failing file in the order they are named is reported.
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	d.index()
	return d, nil
}

// LoadActors reads only actor dictionaries, for mapping their codes.
// Errors are as for Load.
func LoadActors(dir string, names []string) ([]*ActorDict, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("petrarch: no actor dictionary named: %w", entente.ErrInvalid)
	}
	out := make([]*ActorDict, len(names))
	for i, name := range names {
		p := filepath.Join(dir, name)
		f, err := os.Open(p)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, &entente.InputError{File: p, Field: "file", Err: fmt.Errorf("dictionary not found")}
			}
			return nil, fmt.Errorf("petrarch: open %s: %w", p, err)
		}
		out[i], err = ReadActors(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Warnings gathers the lines every loaded file skipped, each as
// file:line: field ... .
func (d *Dictionaries) Warnings() []string {
	var out []string
	if d.Verbs != nil {
		out = append(out, d.Verbs.Warnings...)
	}
	for _, a := range d.Actors {
		out = append(out, a.Warnings...)
	}
	if d.Agents != nil {
		out = append(out, d.Agents.Warnings...)
	}
	if d.Discards != nil {
		out = append(out, d.Discards.Warnings...)
	}
	if d.Issues != nil {
		out = append(out, d.Issues.Warnings...)
	}
	return out
}

// New indexes dictionaries read elsewhere (tests, embedded sets).
func New(verbs *VerbDict, actors []*ActorDict, agents *AgentDict, discards *DiscardDict) *Dictionaries {
	d := &Dictionaries{Verbs: verbs, Actors: actors, Agents: agents, Discards: discards}
	d.index()
	return d
}

// phraseIndex finds dictionary phrases by their first word.
type phraseIndex map[string][]phraseRef

type phraseRef struct {
	words []string
	exact bool
	ref   int32
}

func (ix phraseIndex) add(p Phrase, ref int) {
	ix[p.Words[0]] = append(ix[p.Words[0]], phraseRef{words: p.Words, exact: p.Exact, ref: int32(ref)})
}

// longest returns the longest phrase starting at words[i], with its length.
func (ix phraseIndex) longest(ws []string, i int) (int32, int) {
	best, bestLen := int32(-1), 0
	for _, key := range singulars(ws[i]) {
		for _, pr := range ix[key] {
			n := len(pr.words)
			if n <= bestLen || i+n > len(ws) {
				continue
			}
			ok := true
			for k := 0; k < n && ok; k++ {
				w := ws[i+k]
				switch {
				case w == pr.words[k]:
				case k == n-1 && !pr.exact && isPluralOf(w, pr.words[k]):
				default:
					ok = false
				}
			}
			if ok {
				best, bestLen = pr.ref, n
			}
		}
	}
	return best, bestLen
}

// singulars lists the keys a word may be filed under: itself and the
// singulars its regular plural forms point back to.
func singulars(w string) []string {
	out := []string{w}
	if strings.HasSuffix(w, "IES") && len(w) > 3 {
		out = append(out, w[:len(w)-3]+"Y")
	}
	if strings.HasSuffix(w, "ES") && len(w) > 2 {
		out = append(out, w[:len(w)-2])
	}
	if strings.HasSuffix(w, "S") && len(w) > 1 {
		out = append(out, w[:len(w)-1])
	}
	return out
}

// isPluralOf reports whether w is a regular plural of base.
func isPluralOf(w, base string) bool {
	switch {
	case w == base+"S", w == base+"ES":
		return true
	case strings.HasSuffix(base, "Y") && w == base[:len(base)-1]+"IES":
		return true
	}
	return false
}

func (d *Dictionaries) index() {
	n := 0
	for _, ad := range d.Actors {
		n += len(ad.Actors)
	}
	d.actorIx = make(phraseIndex, n*2)
	d.actorList = make([]*Actor, 0, n)
	for _, ad := range d.Actors {
		for i := range ad.Actors {
			a := &ad.Actors[i]
			d.actorList = append(d.actorList, a)
			for _, p := range a.Phrases {
				d.actorIx.add(p, len(d.actorList)-1)
			}
		}
	}
	d.agentIx = phraseIndex{}
	if d.Agents != nil {
		for i := range d.Agents.Agents {
			a := &d.Agents.Agents[i]
			d.agentList = append(d.agentList, a)
			for _, p := range a.Phrases {
				d.agentIx.add(p, len(d.agentList)-1)
			}
		}
	}
	d.discardIx = phraseIndex{}
	if d.Discards != nil {
		for i, x := range d.Discards.Discards {
			d.discardIx.add(x.Phrase, i)
		}
	}
	d.indexVerbs()
}

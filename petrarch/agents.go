package petrarch

import (
	"fmt"
	"io"
	"strings"

	"entente"
)

// Agent is one entry of an agent dictionary: a role noun ("police",
// "foreign minister") and the code it adds to the actor it is attached to.
// A code written "[~COP]" is a suffix (ARN + COP = ARNCOP); "[NGO~]" is a
// prefix (NGO + ARN).
type Agent struct {
	Phrases []Phrase `json:"phrases"`
	Code    string   `json:"code"`
	Prefix  bool     `json:"prefix,omitempty"`
	Line    int64    `json:"line"`
}

// AgentDict is a parsed agent dictionary.
type AgentDict struct {
	File   string  `json:"file"`
	Agents []Agent `json:"agents"`
	// Warnings locate lines that could not be read and were left out.
	Warnings []string `json:"warnings,omitempty"`
}

// ReadAgents parses an agent dictionary (Phoenix.agents.txt,
// PETR.Validate.agents.txt): substitution lines "!PERSON! = MAN, MEN" and
// entries "PHRASE {PLURALS} [~CODE]". Explicit plural lists in braces
// become extra phrases; "{}" only says there is no irregular plural. Bad
// input is an *entente.InputError with field "code", "phrase", "plural" or
// "substitution".
func ReadAgents(r io.Reader, file string) (*AgentDict, error) {
	d := &AgentDict{File: file}
	subs := map[string][]string{}
	err := scanLines(r, file, func(l line) error {
		// A line that cannot be read is skipped and reported in Warnings,
		// as the published dictionaries hold a few typos.
		bad := func(field string, err error) error {
			d.Warnings = append(d.Warnings, (&entente.InputError{File: file, Line: l.no, Field: field, Err: err}).Error())
			return nil
		}
		if strings.HasPrefix(l.text, "!") && strings.Contains(l.text, "=") {
			name, list, _ := strings.Cut(l.text, "=")
			name = strings.ToUpper(strings.TrimSpace(name))
			if len(name) < 3 || !strings.HasSuffix(name, "!") || strings.Count(name, "!") != 2 {
				return bad("substitution", fmt.Errorf("substitution name %q is not !NAME!", name))
			}
			var alts []string
			for _, a := range strings.Split(list, ",") {
				if a = strings.ToUpper(strings.TrimSpace(a)); a != "" {
					alts = append(alts, a)
				}
			}
			if len(alts) == 0 {
				return bad("substitution", fmt.Errorf("substitution %s lists no words", name))
			}
			subs[name] = alts
			return nil
		}
		head, code, tail, has, err := bracketed(l.text)
		if err != nil {
			return bad("code", err)
		}
		if !has {
			return bad("code", fmt.Errorf("agent %q has no [~CODE] or [CODE~]", l.text))
		}
		if tail != "" {
			return bad("code", fmt.Errorf("unexpected %q after the code", tail))
		}
		code = strings.ToUpper(strings.ReplaceAll(code, " ", ""))
		a := Agent{Line: l.no}
		switch {
		case strings.HasPrefix(code, "~"):
			a.Code = code[1:]
		case strings.HasSuffix(code, "~"):
			a.Code, a.Prefix = code[:len(code)-1], true
		default:
			return bad("code", fmt.Errorf("agent code %q has no ~ to say where it attaches", code))
		}
		if !validCode(a.Code) || strings.Contains(a.Code, "~") {
			return bad("code", fmt.Errorf("agent code %q is not a code", code))
		}
		var plurals []string
		if i := strings.IndexByte(head, '{'); i >= 0 {
			j := strings.IndexByte(head, '}')
			if j < i {
				return bad("plural", fmt.Errorf("%q opens { without closing it", head))
			}
			plurals = strings.Fields(head[i+1 : j])
			head = strings.TrimSpace(head[:i] + " " + head[j+1:])
		} else if strings.IndexByte(head, '}') >= 0 {
			return bad("plural", fmt.Errorf("%q has } without {", head))
		}
		for _, p := range append([]string{head}, plurals...) {
			exp, err := expandSubs(p, subs)
			if err != nil {
				return bad("phrase", err)
			}
			for _, e := range exp {
				ws, exact := words(e)
				if len(ws) == 0 {
					return bad("phrase", fmt.Errorf("agent code %q without a phrase", code))
				}
				a.Phrases = append(a.Phrases, Phrase{Words: ws, Exact: exact || len(plurals) > 0 || strings.Contains(l.text, "{}")})
			}
		}
		d.Agents = append(d.Agents, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// expandSubs replaces each !NAME! marker in a phrase by every word the
// substitution lists, giving one phrase per combination.
func expandSubs(p string, subs map[string][]string) ([]string, error) {
	i := strings.IndexByte(p, '!')
	if i < 0 {
		return []string{p}, nil
	}
	j := strings.IndexByte(p[i+1:], '!')
	if j < 0 {
		return nil, fmt.Errorf("%q has an unclosed ! marker", p)
	}
	name := strings.ToUpper(p[i : i+j+2])
	alts, ok := subs[name]
	if !ok {
		return nil, fmt.Errorf("substitution %s is used before it is defined", name)
	}
	var out []string
	for _, a := range alts {
		rest, err := expandSubs(p[i+j+2:], subs)
		if err != nil {
			return nil, err
		}
		for _, r := range rest {
			out = append(out, p[:i]+a+r)
		}
	}
	return out, nil
}

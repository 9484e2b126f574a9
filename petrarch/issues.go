package petrarch

import (
	"fmt"
	"io"
	"strings"

	"entente"
)

// Issue is one entry of an issue list: a phrase and the issue it signals.
// Words written "n:school" are nouns (plural forms allowed) and "early+
// childhood" joins a hyphenated or closed compound; both markers are kept
// out of Phrase. Exclude marks a "~" line: a phrase that must not count
// ("~a head start").
type Issue struct {
	Phrase   Phrase `json:"phrase"`
	Code     string `json:"code,omitempty"`
	Category string `json:"category,omitempty"`
	Exclude  bool   `json:"exclude,omitempty"`
	Line     int64  `json:"line"`
}

// IssueDict is a parsed issue list.
type IssueDict struct {
	File   string  `json:"file"`
	Issues []Issue `json:"issues"`
	// Warnings locate lines that could not be read and were left out.
	Warnings []string `json:"warnings,omitempty"`
}

// ReadIssues parses an issue list (Phoenix.IssueCoding.txt): "<ISSUE
// CATEGORY=... TYPE=...>" blocks of "phrase [CODE]" lines; a line without a
// code takes the category as its code. Bad input is an *entente.InputError
// with field "category", "code" or "phrase".
func ReadIssues(r io.Reader, file string) (*IssueDict, error) {
	d := &IssueDict{File: file}
	category := ""
	err := scanLines(r, file, func(l line) error {
		// A line that cannot be read is skipped and reported in Warnings,
		// as the published dictionaries hold a few typos.
		bad := func(field string, err error) error {
			d.Warnings = append(d.Warnings, (&entente.InputError{File: file, Line: l.no, Field: field, Err: err}).Error())
			return nil
		}
		t := l.text
		switch {
		case strings.HasPrefix(t, "</ISSUE"):
			category = ""
			return nil
		case strings.HasPrefix(t, "<ISSUE"):
			i := strings.Index(t, `CATEGORY="`)
			if i < 0 {
				return bad("category", fmt.Errorf("issue block %q has no CATEGORY", t))
			}
			rest := t[i+len(`CATEGORY="`):]
			j := strings.IndexByte(rest, '"')
			if j <= 0 {
				return bad("category", fmt.Errorf("issue block %q has an empty or unclosed CATEGORY", t))
			}
			category = rest[:j]
			return nil
		case strings.HasPrefix(t, "<"):
			return bad("phrase", fmt.Errorf("unknown tag %q", t))
		}
		is := Issue{Category: category, Line: l.no}
		if strings.HasPrefix(t, "~") {
			is.Exclude, t = true, t[1:]
		}
		head, code, tail, has, err := bracketed(t)
		if err != nil {
			return bad("code", err)
		}
		if tail != "" {
			return bad("code", fmt.Errorf("unexpected %q after the code", tail))
		}
		if has {
			code = strings.ToUpper(code)
			if !validIssueCode(code) {
				return bad("code", fmt.Errorf("issue code %q is not letters, digits, - and _", code))
			}
			is.Code = code
		} else if !is.Exclude {
			if category == "" {
				return bad("code", fmt.Errorf("phrase %q has no [CODE] and stands outside an ISSUE block", t))
			}
			is.Code = category
		}
		head = strings.ReplaceAll(strings.ReplaceAll(head, "n:", ""), "+", " ")
		ws, exact := words(head)
		if len(ws) == 0 {
			return bad("phrase", fmt.Errorf("empty issue phrase"))
		}
		is.Phrase = Phrase{Words: ws, Exact: exact}
		d.Issues = append(d.Issues, is)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func validIssueCode(s string) bool {
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return s != ""
}

package petrarch

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"entente"
)

// maxLine bounds one dictionary line; the longest line in the Phoenix
// dictionaries is under 300 bytes, so 64 KiB only rejects garbage.
const maxLine = 64 * 1024

// line is one meaningful line of a dictionary: comments removed, trailing
// blanks trimmed, with whether it was indented (dated code lines are).
type line struct {
	no       int64
	text     string
	indented bool
}

// scanLines reads a dictionary file and calls fn with each line that is not
// blank once comments are removed. Comments are "#" to the end of the line
// and "<!-- ... -->" blocks, which may span lines (some headers also write
// "<! --"). fn's error stops the scan and is returned as is.
func scanLines(r io.Reader, file string, fn func(line) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	var no int64
	inComment := false
	for sc.Scan() {
		no++
		raw := sc.Text()
		if !utf8.ValidString(raw) {
			return &entente.InputError{File: file, Line: no, Err: fmt.Errorf("not UTF-8 text")}
		}
		if no == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		text := raw
		if inComment {
			i := strings.Index(text, "-->")
			if i < 0 {
				continue
			}
			text = text[i+3:]
			inComment = false
		}
		text, inComment = stripXMLComments(text)
		text = stripHashComment(text)
		trimmed := strings.TrimSpace(text)
		if trimmed == "" {
			continue
		}
		indented := text[0] == ' ' || text[0] == '\t'
		if err := fn(line{no: no, text: trimmed, indented: indented}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return &entente.InputError{File: file, Line: no + 1, Err: fmt.Errorf("read: %w", err)}
	}
	if inComment {
		return &entente.InputError{File: file, Line: no, Err: fmt.Errorf("comment opened with <!-- is never closed")}
	}
	return nil
}

// stripXMLComments removes "<!-- ... -->" (and the "<! --" variant) from one
// line and says whether a comment stays open at its end.
func stripXMLComments(s string) (string, bool) {
	if !strings.Contains(s, "<!") {
		return s, false
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "<!")
		if i < 0 {
			b.WriteString(s)
			return b.String(), false
		}
		b.WriteString(s[:i])
		rest := s[i+2:]
		j := strings.Index(rest, "-->")
		if j < 0 {
			return b.String(), true
		}
		s = rest[j+3:]
	}
}

// bracketed splits "TEXT [CODE] rest" into TEXT, CODE and whether a
// bracket was there. Anything after the closing bracket is an error the
// caller reports.
func bracketed(s string) (head, code, tail string, ok bool, err error) {
	i := strings.IndexByte(s, '[')
	if i < 0 {
		if strings.IndexByte(s, ']') >= 0 {
			return "", "", "", false, fmt.Errorf("%q has ] without [", s)
		}
		return s, "", "", false, nil
	}
	j := strings.IndexByte(s[i:], ']')
	if j < 0 {
		return "", "", "", false, fmt.Errorf("%q opens [ without closing it", s)
	}
	tail = strings.TrimSpace(s[i+j+1:])
	if strings.HasPrefix(tail, ";") {
		// The older TABARI files comment after the code with ";".
		tail = ""
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : i+j]), tail, true, nil
}

// words splits a dictionary phrase into upper-case words: "_" and blanks
// both join words. A trailing "_" on the phrase means "this exact word, no
// plural forms", reported by exact.
func words(phrase string) (ws []string, exact bool) {
	p := strings.TrimSpace(phrase)
	exact = strings.HasSuffix(p, "_")
	// Upper-casing first and splitting second keeps the words as slices of
	// one string: the dictionaries are mostly upper case already, so
	// loading tens of thousands of phrases allocates little.
	p = strings.ToUpper(p)
	return strings.FieldsFunc(p, func(r rune) bool { return r == '_' || r == ' ' || r == '\t' }), exact
}

// stripHashComment cuts a "#" or ";" comment, leaving one inside a code
// bracket alone: the validation verbs use codes such as "[###]".
func stripHashComment(s string) string {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case '#', ';':
			// ";" is the older TABARI comment marker ("GOLLUM ; pas 27
			// Apr 03", "RIP {RIPS RIPPED};shan 7/11/93").
			if depth == 0 {
				return s[:i]
			}
		}
	}
	return s
}

// brackets splits "TEXT [A] [B <950601]" into TEXT and every bracketed
// code: the Phoenix actor files put several dated codes on one line.
// Anything but blanks between or after the brackets is an error.
func brackets(s string) (head string, codes []string, err error) {
	head, code, tail, has, err := bracketed(s)
	if err != nil || !has {
		return head, nil, err
	}
	codes = append(codes, code)
	for tail != "" {
		if tail[0] != '[' {
			return "", nil, fmt.Errorf("unexpected %q after the code", tail)
		}
		_, code, rest, _, err := bracketed(tail)
		if err != nil {
			return "", nil, err
		}
		codes = append(codes, code)
		tail = rest
	}
	return head, codes, nil
}

package petrarch

import (
	"fmt"
	"strings"
)

// node is one constituent of a Penn Treebank parse. Leaves carry Word and
// their position in the sentence; phrases carry Kids and the leaf span
// [From, To).
type node struct {
	Label    string
	Word     string
	Kids     []*node
	Parent   *node
	From, To int
}

func (n *node) leaf() bool { return n.Kids == nil }

// maxParseDepth bounds nesting so hostile input cannot exhaust the stack.
const maxParseDepth = 500

// parseTree reads a bracketed constituency parse such as
// "(ROOT (S (NP (NNP Arnor)) (VP ...)))" and returns its root and leaves.
func parseTree(s string) (*node, []*node, error) {
	toks := treeTokens(s)
	pos := 0
	var leaves []*node
	var parse func(depth int) (*node, error)
	parse = func(depth int) (*node, error) {
		if depth > maxParseDepth {
			return nil, fmt.Errorf("parse nests deeper than %d", maxParseDepth)
		}
		if pos >= len(toks) || toks[pos] != "(" {
			return nil, fmt.Errorf("parse: expected ( at token %d", pos)
		}
		pos++
		if pos >= len(toks) || toks[pos] == "(" || toks[pos] == ")" {
			if pos < len(toks) && toks[pos] == "(" {
				// An unlabelled wrapper "( (S ...) )", as some parsers write.
				n := &node{Label: "ROOT"}
				for pos < len(toks) && toks[pos] == "(" {
					k, err := parse(depth + 1)
					if err != nil {
						return nil, err
					}
					k.Parent = n
					n.Kids = append(n.Kids, k)
				}
				if pos >= len(toks) || toks[pos] != ")" {
					return nil, fmt.Errorf("parse: unbalanced parentheses")
				}
				pos++
				return n, nil
			}
			return nil, fmt.Errorf("parse: a phrase without a label at token %d", pos)
		}
		n := &node{Label: toks[pos]}
		pos++
		for pos < len(toks) && toks[pos] != ")" {
			if toks[pos] == "(" {
				k, err := parse(depth + 1)
				if err != nil {
					return nil, err
				}
				k.Parent = n
				n.Kids = append(n.Kids, k)
				continue
			}
			if n.Kids != nil || n.Word != "" {
				return nil, fmt.Errorf("parse: word %q mixed with phrases under %s", toks[pos], n.Label)
			}
			n.Word = toks[pos]
			pos++
		}
		if pos >= len(toks) {
			return nil, fmt.Errorf("parse: unbalanced parentheses")
		}
		pos++
		if n.Kids == nil {
			if n.Word == "" {
				return nil, fmt.Errorf("parse: empty phrase %s", n.Label)
			}
			if parts := strings.FieldsFunc(n.Word, func(r rune) bool { return r == '_' }); len(parts) > 1 {
				// "Dol_Amroth" is written as one token but names the
				// dictionary's two words: each part becomes a leaf under a
				// phrase of the same label.
				for _, w := range parts {
					k := &node{Label: n.Label, Word: w, Parent: n, From: len(leaves), To: len(leaves) + 1}
					n.Kids = append(n.Kids, k)
					leaves = append(leaves, k)
				}
				n.Word = ""
				return n, nil
			}
			n.From, n.To = len(leaves), len(leaves)+1
			leaves = append(leaves, n)
		}
		return n, nil
	}
	root, err := parse(0)
	if err != nil {
		return nil, nil, err
	}
	if pos != len(toks) {
		return nil, nil, fmt.Errorf("parse: text after the closing parenthesis")
	}
	if len(leaves) == 0 {
		return nil, nil, fmt.Errorf("parse: no words")
	}
	setSpans(root)
	return root, leaves, nil
}

func setSpans(n *node) {
	if n.leaf() {
		return
	}
	for _, k := range n.Kids {
		setSpans(k)
	}
	n.From, n.To = n.Kids[0].From, n.Kids[len(n.Kids)-1].To
}

func treeTokens(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch r {
		case '(', ')':
			flush()
			out = append(out, string(r))
		case ' ', '\t', '\n', '\r':
			flush()
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return out
}

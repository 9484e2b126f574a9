package coalition

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

// decodeYAML reads a YAML document strictly (unknown fields are errors).
// The YAML library panics on some malformed input (found by
// FuzzParseMotion: a bad tag on a sequence); a user's typo must give an
// error, not a crash, so the panic is turned into one.
//
// Aliases (*name) are refused before decoding: the library expands them
// without a limit, so a 495-byte "billion laughs" file of nested aliases
// grew to 4 GB (issue 18). Motion and scenario files are short and written
// by hand; they have no need of aliases.
func decodeYAML(data []byte, v any) (err error) {
	defer func() {
		if recover() != nil {
			err = errors.New("malformed YAML the reader could not parse")
		}
	}()
	tokens := lexer.Tokenize(string(data))
	for i, tk := range tokens {
		if tk.Type == token.AliasType {
			line, col := 0, 0
			if tk.Position != nil {
				line, col = tk.Position.Line, tk.Position.Column
			}
			name := ""
			if i+1 < len(tokens) {
				name = tokens[i+1].Value
			}
			// The position is written the way the YAML library writes
			// it, so callers find the line the same way.
			return fmt.Errorf("[%d:%d] YAML aliases (*%s) are not accepted in motion and scenario files: write the value out", line, col, name)
		}
	}
	return yaml.UnmarshalWithOptions(data, v, yaml.DisallowUnknownField())
}

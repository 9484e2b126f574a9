package coalition

import (
	"errors"

	"github.com/goccy/go-yaml"
)

// decodeYAML reads a YAML document strictly (unknown fields are errors).
// The YAML library panics on some malformed input (found by
// FuzzParseMotion: a bad tag on a sequence); a user's typo must give an
// error, not a crash, so the panic is turned into one.
func decodeYAML(data []byte, v any) (err error) {
	defer func() {
		if recover() != nil {
			err = errors.New("malformed YAML the reader could not parse")
		}
	}()
	return yaml.UnmarshalWithOptions(data, v, yaml.DisallowUnknownField())
}

package measures

import (
	"errors"
	"strings"
	"testing"

	"entente"
)

// FuzzParseWeights checks the properties of the --weights reader (pairs on
// the command line or in a file): what parses is valid and reads back the
// same from its own rendering; what fails wraps entente.ErrInvalid and
// leaves the base weights as they were.
func FuzzParseWeights(f *testing.F) {
	f.Add("trade=0.3,arms=0.25")
	f.Add("# leverage weights\ntrade 1\nhostility=0\n")
	f.Add("trade=NaN")
	f.Add("arms=1e308,trade=1e308,security=1e308")
	f.Add("trade=1,trade=2")
	f.Fuzz(func(t *testing.T, s string) {
		base := DefaultWeights()
		w, err := ReadWeights(strings.NewReader(s), base)
		if err != nil {
			if !errors.Is(err, entente.ErrInvalid) && !strings.Contains(err.Error(), "read weights") {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			if w != base {
				t.Fatalf("failed parse changed the weights: %+v", w)
			}
			return
		}
		if err := w.Validate(); err != nil {
			t.Fatalf("parsed weights do not validate: %v", err)
		}
		again, err := ParseWeights(w.String(), DefaultWeights())
		if err != nil || again != w {
			t.Fatalf("round trip: %+v, %v; want %+v", again, err, w)
		}
	})
}

package shared

import (
	"os"
	"testing"
)

// SlowEnv is the variable that turns on the long real-data suites (whole
// dataset imports, the coalition back-test): `make slow` and `make
// backtest` set it. `make test` leaves it unset so that it stays quick.
const SlowEnv = "ENTENTE_SLOW"

// Slow skips a long test unless ENTENTE_SLOW=1 is set, saying how to run it.
func Slow(t testing.TB) {
	t.Helper()
	if os.Getenv(SlowEnv) != "1" {
		t.Skipf("long real-data test: run it with %s=1 (make slow)", SlowEnv)
	}
}

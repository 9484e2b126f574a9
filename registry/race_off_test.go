//go:build !race

package registry

// raceEnabled tells tests that the race detector is off.
const raceEnabled = false

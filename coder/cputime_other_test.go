//go:build !unix

package coder_test

import "time"

// cpuTime is not measured on this platform; benchmarks then report the
// wall-clock rate only.
func cpuTime() time.Duration { return 0 }

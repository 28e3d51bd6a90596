//go:build !unix

package matching

import "time"

// processStart anchors cpuTime where the process's CPU time cannot be read.
var processStart = time.Now()

// cpuTime falls back to wall time where getrusage is missing, which
// understates build-s by up to the number of cores.
func cpuTime() time.Duration { return time.Since(processStart) }

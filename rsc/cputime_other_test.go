//go:build !unix

package rsc

import "time"

// processStart anchors processCPU where the process's CPU time cannot be read.
var processStart = time.Now()

// processCPU falls back to wall time where getrusage is missing.
func processCPU() time.Duration { return time.Since(processStart) }

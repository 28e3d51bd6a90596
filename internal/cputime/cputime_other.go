//go:build !unix

package cputime

import "time"

const exact = false

// start is when the package was initialised: the fallback's origin. It is
// set once and never changed.
var start = time.Now()

func process() time.Duration { return time.Since(start) }

// Package cputime reads the CPU time the process has used, for benchmarks
// whose figures are CPU seconds rather than wall time (a machine's other
// load slows the wall clock, not the work done).
package cputime

import "time"

// Process returns the CPU time (user and system, all threads, the garbage
// collector included) the process has used so far. Where the operating
// system cannot say, it returns the wall time since the process started,
// which overstates nothing but understates parallel work; Exact reports
// which.
func Process() time.Duration { return process() }

// Exact reports whether Process measures CPU time on this system.
func Exact() bool { return exact }

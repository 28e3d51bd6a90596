package cputime_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/rsckit/rsckit/internal/cputime"
)

// TestProcessCountsWork: spinning adds CPU time (it must reach 30 ms,
// however busy the machine is, within 10 s of wall time), and sleeping
// 50 ms adds less than that.
func TestProcessCountsWork(t *testing.T) {
	if !cputime.Exact() {
		t.Skip("no CPU clock on this system")
	}
	t0 := cputime.Process()
	for deadline := time.Now().Add(10 * time.Second); cputime.Process()-t0 < 30*time.Millisecond; {
		if time.Now().After(deadline) {
			t.Fatalf("10 s of spinning added only %v of CPU time", cputime.Process()-t0)
		}
	}
	t1 := cputime.Process()
	time.Sleep(50 * time.Millisecond)
	if slept := cputime.Process() - t1; slept >= 30*time.Millisecond {
		t.Errorf("sleeping 50 ms counted %v of CPU time", slept)
	}
}

func ExampleProcess() {
	start := cputime.Process()
	sum := 0
	for i := range 1_000_000 {
		sum += i
	}
	fmt.Println(sum, cputime.Process()-start >= 0)
	// Output: 499999500000 true
}

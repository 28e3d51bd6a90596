package cputime_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/rsckit/rsckit/internal/cputime"
)

// TestProcessCountsWork: spinning for 50 ms of wall time adds CPU time, and
// sleeping adds (almost) none.
func TestProcessCountsWork(t *testing.T) {
	if !cputime.Exact() {
		t.Skip("no CPU clock on this system")
	}
	t0 := cputime.Process()
	for end := time.Now().Add(50 * time.Millisecond); time.Now().Before(end); {
	}
	spun := cputime.Process() - t0
	t1 := cputime.Process()
	time.Sleep(50 * time.Millisecond)
	slept := cputime.Process() - t1
	if spun < 20*time.Millisecond || slept >= spun {
		t.Errorf("spinning 50 ms counted %v, sleeping 50 ms %v", spun, slept)
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

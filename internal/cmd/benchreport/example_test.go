package main

import (
	"fmt"
	"strings"
)

// Example turns one benchmark line into the report's table row, with its
// target and verdict.
func Example() {
	r, _ := parse(strings.NewReader("pkg: github.com/rsckit/rsckit/rsc\nBenchmarkEncodeCandidates-2 1 1000 ns/op 2.5 x-json\n"))
	var b strings.Builder
	_ = write(&b, r, targets, map[string]string{"x-json": "The HTTP client's own work per request."})
	for line := range strings.Lines(b.String()) {
		if strings.Contains(line, "x-json") && strings.HasPrefix(line, "|") || strings.HasPrefix(line, "The HTTP") {
			fmt.Print(line)
		}
	}
	// Output:
	// | `BenchmarkEncodeCandidates` (rsc) | `x-json` | **2.5** | <= 1.5 | **missed** |
	// The HTTP client's own work per request.
}

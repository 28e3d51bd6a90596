package main

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// Rehearse one rule on the quickstart's integration; the reports go to a
// temporary directory.
func Example_run() {
	dir, _ := os.MkdirTemp("", "rsccertify-example-")
	defer os.RemoveAll(dir)
	_ = run(context.Background(), []string{"-rules", "RSC-102", "-md", dir + "/r.md", "-json", dir + "/r.json"}, discard{}, os.Stdout)
	b, _ := os.ReadFile(dir + "/r.md")
	first, _, _ := strings.Cut(string(b), "\n")
	fmt.Println(first)
	// Output:
	// # RSC certification rehearsal: quickstart (SQLite)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

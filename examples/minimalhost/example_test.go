package main

import (
	"context"
	"os"
)

// One sync pass, a recruiter's edit, and the push that sends it.
func Example_once() {
	if err := run(context.Background(), []string{"-once"}, os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// After the backfill:
	//   LinkedIn has C1 Ada Lovelace, Analyst
	//   LinkedIn has C2 Alan Turing, Engineer
	//   outbox: 0 intents
	// After an edit:
	//   LinkedIn has C1 Ada Lovelace, Senior Analyst
	//   LinkedIn has C2 Alan Turing, Engineer
	//   outbox: 0 intents
}

package main

import (
	"context"
	"os"
)

// The flags, as -h explains them (the usage goes to stderr; here stdout).
func Example_flags() {
	_ = run(context.Background(), []string{"-h"}, os.Stdout, os.Stdout)
	// Output:
	// Usage: go run ./examples/quickstart [flags]
	//
	// Runs the rsckit flow against an in-process fake LinkedIn and an ATS in a
	// SQLite file: provisioning, backfill, a live change, a One-Click Export, an
	// InMail reply, and a report of what Recruiter shows and what the ATS received.
	// Run it again to see it resume from the database and send nothing twice; delete
	// the database (and the .linkedin.json file beside it) to start over.
	//
	// Flags:
	//   -candidates number
	//     	number of candidates of a new ATS (about 8 records each);
	//     	ignored when the database exists (default 300)
	//   -db path
	//     	the SQLite path of the ATS database, created if missing;
	//     	the fake LinkedIn's state is kept beside it in <path>.linkedin.json (default "rsckit-quickstart.db")
	//   -v	debug logs of the engines, the client and the fake LinkedIn on stderr
}

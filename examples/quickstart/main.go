package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	db         string
	candidates int
	verbose    bool
}

// run is the command: it parses args and runs the quickstart, writing the
// report to stdout and progress and logs to stderr. -h prints the usage and
// returns nil.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = quickstart(ctx, o, stdout, stderr)
	return err
}

const usage = `Usage: go run ./examples/quickstart [flags]

Runs the rsckit flow against an in-process fake LinkedIn and an ATS in a
SQLite file: provisioning, backfill, a live change, a One-Click Export, an
InMail reply, and a report of what Recruiter shows and what the ATS received.
Run it again to see it resume from the database and send nothing twice; delete
the database (and the .linkedin.json file beside it) to start over.

Flags:
`

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.db, "db", "rsckit-quickstart.db", "the SQLite `path` of the ATS database, created if missing;\nthe fake LinkedIn's state is kept beside it in <path>.linkedin.json")
	fs.IntVar(&o.candidates, "candidates", 300, "`number` of candidates of a new ATS (about 8 records each);\nignored when the database exists")
	fs.BoolVar(&o.verbose, "v", false, "debug logs of the engines, the client and the fake LinkedIn on stderr")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q (see -h)", strings.Join(fs.Args(), " "))
	}
	if o.candidates < 1 || o.candidates > 100_000 {
		return o, fmt.Errorf("-candidates %d: want 1 to 100000", o.candidates)
	}
	return o, nil
}

// newLogger logs at Debug with -v, else only warnings and errors.
func newLogger(verbose bool, w io.Writer) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

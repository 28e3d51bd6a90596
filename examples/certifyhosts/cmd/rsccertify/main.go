// Command rsccertify rehearses LinkedIn's RSC certification: it runs the
// certification kit (rsckit's certify package) against an example
// integration and writes the report as Markdown and JSON.
//
//	go run ./examples/certifyhosts/cmd/rsccertify
//
// By default it runs the quickstart's integration on a new SQLite database
// in a temporary directory; -postgres runs the PostgreSQL example instead.
// The exit code is 1 when a rule fails, 2 on bad flags or a setup error.
//
// Flags:
//
//	-db path         the SQLite database (default: a temporary one)
//	-postgres dsn    run the PostgreSQL example on this database instead
//	-md path         the Markdown report (default certification.md)
//	-json path       the JSON report (default certification.json)
//	-rules ids       comma-separated rule ids to run (default: all)
//	-timeout d       the time each rule may take (default 2m)
//	-history n       more historical candidates, each with an application,
//	                 a stage and a note (default 0), to time a larger
//	                 historical sync
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rsckit/rsckit/certify"
	"github.com/rsckit/rsckit/examples/certifyhosts"
	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/examples/postgres/pgstore"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

type options struct {
	db, postgres, md, json, rules string
	timeout                       time.Duration
	history                       int
}

// run runs the command and returns its exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rsccertify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.db, "db", "", "the SQLite database (default: a temporary one)")
	fs.StringVar(&o.postgres, "postgres", "", "run the PostgreSQL example on this database (a DSN) instead")
	fs.StringVar(&o.md, "md", "certification.md", "the Markdown report")
	fs.StringVar(&o.json, "json", "certification.json", "the JSON report")
	fs.StringVar(&o.rules, "rules", "", "comma-separated rule ids to run (default: all)")
	fs.DurationVar(&o.timeout, "timeout", 2*time.Minute, "the time each rule may take")
	fs.IntVar(&o.history, "history", 0, "more historical `candidates`, each with an application, a stage and a note")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var ids []string
	if o.rules != "" {
		ids = strings.Split(o.rules, ",")
		for _, id := range ids {
			if !slices.ContainsFunc(certify.Rules(), func(r certify.RuleInfo) bool { return r.ID == id }) {
				fmt.Fprintf(stderr, "rsccertify: unknown rule %q\n", id)
				return 2
			}
		}
	}
	h, name, closeHost, err := host(ctx, o)
	if err != nil {
		fmt.Fprintln(stderr, "rsccertify:", err)
		return 2
	}
	defer closeHost()
	rep := certify.Run(ctx, h, certify.Options{Name: name, Rules: ids, RuleTimeout: o.timeout, History: o.history})
	if err := writeReports(rep, o); err != nil {
		fmt.Fprintln(stderr, "rsccertify:", err)
		return 2
	}
	for _, r := range rep.Results {
		line := fmt.Sprintf("%-8s %-12s %s", r.Rule, r.Outcome, r.Title)
		if r.Outcome == certify.Fail {
			line += ": " + r.Failure
		}
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stdout, "%d passed, %d failed, %d not checked in %s; reports: %s, %s\n",
		rep.Count(certify.Pass), rep.Count(certify.Fail), rep.Count(certify.NotChecked), rep.Duration.Round(time.Millisecond), o.md, o.json)
	if rep.Count(certify.Fail) > 0 {
		return 1
	}
	return 0
}

// host opens the integration to certify.
func host(ctx context.Context, o options) (certify.Harness, string, func(), error) {
	if o.postgres != "" {
		pool, err := pgxpool.New(ctx, o.postgres)
		if err != nil {
			return nil, "", nil, err
		}
		store, err := pgstore.New(ctx, pool, pgstore.WithSchema("rsccertify"))
		if err != nil {
			pool.Close()
			return nil, "", nil, err
		}
		return certifyhosts.Postgres(store), "PostgreSQL example (pgstore)", func() { store.Close(); pool.Close() }, nil
	}
	path, cleanup := o.db, func() {}
	if path == "" {
		dir, err := os.MkdirTemp("", "rsccertify-")
		if err != nil {
			return nil, "", nil, err
		}
		path, cleanup = filepath.Join(dir, "ats.db"), func() { os.RemoveAll(dir) }
	}
	store, err := sqlitestore.Open(ctx, path)
	if err != nil {
		cleanup()
		return nil, "", nil, err
	}
	return certifyhosts.SQLite(store), "quickstart (SQLite)", func() { store.Close(); cleanup() }, nil
}

func writeReports(rep certify.Report, o options) error {
	f, err := os.Create(o.md)
	if err != nil {
		return err
	}
	if err := rep.WriteMarkdown(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(o.json, append(b, '\n'), 0o644)
}

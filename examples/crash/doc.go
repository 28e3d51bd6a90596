// Package crash is issue 7's crash test of the quickstart's SQLite-backed
// engine: the engine runs as a child process (the test binary re-executed),
// is killed with SIGKILL at random points of its backfill and push work and
// restarted, and in the end LinkedIn (rscmock) must hold exactly what the
// SQLite ATS holds; the records sent again unchanged are measured against
// one batch per stream per kill.
//
// The package holds what the test needs beyond the standard library: a
// Recorder, an http.Handler middleware in front of rscmock that counts, per
// processed API request, the records it carries (RecordSends parses them
// from the Rest.li 1.0 query, a tunneled body or a simpleJobPostings body)
// and finds the records sent again unchanged; Seed, which fills a
// sqlitestore database with a generated ATS for rscmock's default customer;
// and NewRunner, the engine the child runs.
//
// Run it with
//
//	go test -race ./examples/crash/...
package crash

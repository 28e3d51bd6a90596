// Command quickstart runs the whole rsckit flow in one command, against an
// in-process fake LinkedIn (rscmock) and an ATS in an embedded SQLite file:
//
//	go run ./examples/quickstart
//
// It creates a small ATS (users with Recruiter seats and job permissions,
// jobs open, closed and private, candidates, applications, stages, notes,
// interview feedback), provisions the customer at LinkedIn with the partner
// application, enables the integrations, backfills with a live progress
// line, pushes a change made while it runs, has a recruiter export a member
// and a member reply to an InMail, pulls what LinkedIn has for the ATS, and
// prints what Recruiter now shows and what the ATS received.
//
// Run it again: it resumes from the database (and the fake LinkedIn's
// state, saved beside it) and sends nothing twice.
//
// Flags:
//
//	-db path        the SQLite database (default ./rsckit-quickstart.db)
//	-candidates n   candidates in a new ATS (default 300)
//	-v              debug logs on stderr
package main

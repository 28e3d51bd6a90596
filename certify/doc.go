// Package certify rehearses LinkedIn's Recruiter System Connect (RSC)
// certification: it plays each rule of LinkedIn's certification modules
// 1 to 5 (RSC-101 to RSC-505, as far as their text could be read) against
// rscmock, a fake LinkedIn, with the vendor's own integration plugged in,
// and says rule by rule what LinkedIn's reviewer will see.
//
// The vendor implements Harness over their ATS: connect a customer
// instance, write records (jobs, candidates, applications, stages, notes,
// interview feedback, access-list members, profile links), run the
// integration once, and report what the ATS received from LinkedIn. An ATS
// built on rsc/sync needs only SyncHost: its Store (or its engines' Parts),
// how it writes records with their outbox intents, its intake ATS and a
// report function.
//
// Each rule gets a fresh fake LinkedIn and fresh tenants. The kit drives
// the recruiter's side through rscmock's recruiter simulator (the admin
// enables the integrations, recruiters export members to jobs and link
// profiles in the widget) and judges what Recruiter shows (the In-ATS
// indicator, each seat's Export to ATS drop-down, totals) and what LinkedIn
// stored (rscmock's Synced* inspection).
//
// Run it as go test subtests, one per rule id:
//
//	func TestCertification(t *testing.T) {
//		rep := certify.Test(t, myHarness, certify.Options{Name: "Acme ATS"})
//		f, _ := os.Create("certification.md")
//		defer f.Close()
//		rep.WriteMarkdown(f)
//	}
//
// or with Run, which returns the Report (Markdown with WriteMarkdown,
// JSON with encoding/json). A rule passes, fails with the evidence and the
// reason in the reviewer's words, or is "not checked" (its text is cut off
// in LinkedIn's pages, or it is a demo or documentation item): never a
// pass. A harness call that errors, panics or outlives Options.RuleTimeout
// fails that rule, naming what the kit waited for, and the next rule runs.
//
// What the kit cannot judge: LinkedIn's real reviewer, the widgets in a
// browser (examples/browser), and rules no page shows. See
// docs/certification.md for what to do about each failure.
package certify

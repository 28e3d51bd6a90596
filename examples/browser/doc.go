// Package browser checks, in a real headless Chromium, what an ATS vendor
// sees when it tests Recruiter System Connect against rscmock: the console at
// /_console/ (export a member to a job as a seat, then see the In-ATS
// indicator once the engines have run) and the widget stand-ins served for
// LinkedIn's in.js (link and unlink a member in the profile widget, request
// and enable integrations in the onboarding widget).
//
// The tests of this package are the examples: each starts an Env (rscmock, a
// memstore.Store, the reference memstore.ATS and an rscsync.Runner with an
// Intake, the mock's notifications reaching the store through an HTTPS
// callback), drives the pages with github.com/chromedp/chromedp, checks the
// ATS and LinkedIn sides, and takes a full-page screenshot of every page it
// visits. Run them with
//
//	go test ./browser/
//
// from the examples module. They skip, saying why, when FindChromium finds no
// browser: install Debian's chromium package or set RSC_CHROMIUM to a
// Chromium or Chrome binary. Screenshots go to the test's temporary
// directory and, when RSC_SCREENSHOT_DIR is set, there too.
//
// The same pieces serve a vendor's own browser tests: FindChromium and
// AllocatorOptions start the browser the way these tests do (headless, no
// sandbox, no background network traffic, a fresh profile), NewEnv wires an
// in-process ATS to rscmock, and InspectPNG tells a screenshot that shows a
// page from a blank one.
//
// Everything listens on 127.0.0.1; nothing leaves the machine.
package browser

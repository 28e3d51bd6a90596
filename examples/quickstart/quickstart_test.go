package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/rsc"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// flat is the report with every run of white space made one space, so
// checks do not depend on where lines wrap.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// runOnce runs the quickstart in-process on db.
func runOnce(t *testing.T, db string) (*outcome, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	res, err := quickstart(t.Context(), options{db: db, candidates: 40}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run failed: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	return res, stdout.String(), stderr.String()
}

// checkReadable fails on Go value dumps and formatting mistakes.
func checkReadable(t *testing.T, report string) {
	t.Helper()
	for _, bad := range []string{"&{", "map[", "%!", "<nil>", "0x", "[]"} {
		if strings.Contains(report, bad) {
			t.Errorf("report contains %q:\n%s", bad, report)
		}
	}
	for line := range strings.Lines(report) {
		if len(strings.TrimRight(line, "\n")) > width {
			t.Errorf("line longer than %d columns: %q", width, line)
		}
	}
}

func TestRunTwice(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "ats.db")

	first, out1, errs1 := runOnce(t, db)
	checkReadable(t, out1)
	r1 := flat(out1)
	if first.resumed || first.backfillSent == 0 || first.backfillSent != first.backfillTotal {
		t.Errorf("run 1: resumed %v, backfill sent %d of %d", first.resumed, first.backfillSent, first.backfillTotal)
	}
	if len(first.bound) != 3 {
		t.Fatalf("run 1 bound %d users, want 3:\n%s", len(first.bound), out1)
	}
	// Each bound user is the member who holds the seat, as LinkedIn lists it.
	li := rscmock.New(rscmock.Options{NoDefaultTenant: true})
	loadState(t, li, statePath(db))
	for i, b := range first.bound {
		c, _ := li.Customer(contract)
		if b.ATSUserID != users[i].ID || !b.HasSeat() || c.Seats[i].URN != b.Seat || c.Seats[i].Holder.URN != b.Person {
			t.Errorf("binding %d: %+v, want %s bound to seat %s of %s", i, b, users[i].ID, c.Seats[i].URN, c.Seats[i].Holder.URN)
		}
	}
	// The intake recorded Rita's seat as the owner of her InMail and of the
	// reply (whose author is the member): that is what MayRead decides on.
	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	var owned int
	err = st.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM linkedin_messages WHERE tenant = ? AND owner = ?`, tenantID, string(first.bound[0].Seat)).Scan(&owned)
	st.Close()
	if err != nil || owned != 2 {
		t.Errorf("InMails owned by Rita's seat: %d (%v), want 2", owned, err)
	}
	e := first.edit
	for _, want := range []string{
		"run 1 on " + db,
		"Provisioned Acme's child application urn:li:developerApplication:",
		"4 INTEGRATION_STATUS_CHANGE notifications reached the ATS",
		// The admin page's onboarding status (connect.Onboarding, RSC-101).
		"Admin page: Not requested yet: sign in to LinkedIn in the widget and request Recruiter System Connect.",
		"Admin page: Requested: a LinkedIn Recruiter admin must now switch the integration on",
		"Admin page: Enabled: contract-level access on 1 contract(s)",
		// Users bound through the member sign-in (connect.Binder, FindSeat).
		"3 ATS users signed in with LinkedIn (connect.Binder) and were bound to their seats by person URN (connect.FindSeat): Rita Recruiter (urn:li:seat:",
		// connect.MayRead on what the intake stored.
		"2 InMails and 1 Recruiter note from LinkedIn; connect.MayRead lets only the seat holder who owns them read them",
		"Rita Recruiter (seat " + string(first.bound[0].Seat) + ") reads all 3",
		"Hank Manager (seat " + string(first.bound[1].Seat) + ") sees only that they exist",
		"Pia Director (admin, no seat) sees only that they exist",
		"Sent " + num(first.backfillSent) + " records in",
		"LinkedIn now has the new title and stage",
		// What Recruiter shows.
		"In-ATS indicator on " + first.profile.Name() + "'s profile (matched by email): candidate " + e.candidate.ID,
		"with the new \"" + e.toStage + "\"",
		"In-ATS indicator on " + first.exported.Name() + "'s profile: candidate " + first.exportedID,
		"shows 2 past applicants",
		// What the ATS received: the export with source, contact and tag...
		"Candidate " + first.exportedID + " " + first.exported.Name() + ", exported by Rita",
		"tags: Imported: LinkedIn Recruiter",
		"source \"Rita Recruiter (LinkedIn Recruiter)\" (Active search); source contact Rita Recruiter <rita@acme-ats.example>, user U1",
		"stage New",
		// ...and the stub's contact details on a new unassigned candidate.
		"Candidate " + first.repliedID + " " + first.replied.Name() + " from the InMail reply, unassigned",
		"email " + first.replied.Email + ", phone +1 555 0100",
		"Backfill: " + num(first.backfillSent) + " records",
		"Changes: 6 records; 0 left in the outbox, 0 parked",
	} {
		if !strings.Contains(r1, want) {
			t.Errorf("run 1 report lacks %q:\n%s", want, out1)
		}
	}
	if !strings.Contains(errs1, "backfill: "+num(first.backfillTotal)+"/"+num(first.backfillTotal)+" records (100%)") {
		t.Errorf("no final progress line on stderr:\n%s", errs1)
	}
	// On the default (/rest) endpoints the backfill needs at most 1 request
	// per 90 records of every resource (rounded up: 7 ACLs take one).
	// Jobs take two per page when it has closed jobs of the history
	// (CREATE, then CLOSE: one request may not name a job twice).
	if !strings.Contains(r1, "Requests per record: ") {
		t.Errorf("run 1 report lacks the requests per record:\n%s", out1)
	}
	for r, n := range first.backfillRecords {
		limit := (n + 89) / 90
		if r == rscsync.Jobs {
			limit = 2 * ((n + 99) / 100)
		}
		if got := first.backfillRequests[r]; got > limit || got == 0 {
			t.Errorf("backfill of %d %s took %d requests, want 1 to %d", n, r, got, limit)
		}
	}
	if len(first.backfillRecords) != len(rscsync.Resources()) {
		t.Errorf("backfill sent %d resources, want all %d", len(first.backfillRecords), len(rscsync.Resources()))
	}
	// Within run 1 only the edited candidate went twice (backfill, then its edit).
	var twice []string
	for k, n := range first.sent {
		if n > 1 {
			twice = append(twice, k)
		}
	}
	if want := []string{"candidates /" + e.candidate.ID}; !slices.Equal(twice, want) {
		t.Errorf("run 1 sent %v more than once, want only %v", twice, want)
	}

	second, out2, _ := runOnce(t, db)
	checkReadable(t, out2)
	r2 := flat(out2)
	if !second.resumed || second.backfillSent != 0 || second.backfillTotal != first.backfillTotal {
		t.Errorf("run 2: resumed %v, backfill sent %d (want 0), covers %d (want %d)", second.resumed, second.backfillSent,
			second.backfillTotal, first.backfillTotal)
	}
	if second.changesSent != 6 {
		t.Errorf("run 2 pushed %d records, want 6 (its own edit, export and reply)", second.changesSent)
	}
	// Run 2 sends each record it changed once, and nothing run 1 sent but
	// the candidate it edited.
	edited := "candidates /" + second.edit.candidate.ID
	for k, n := range second.sent {
		if n != 1 || (first.sent[k] > 0 && k != edited) {
			t.Errorf("run 2 sent %s %d times, run 1 %d times: want once, and only records run 1 did not send", k, n, first.sent[k])
		}
	}
	if second.sent[edited] != 1 {
		t.Errorf("run 2 did not send its edited candidate %s", edited)
	}
	for _, want := range []string{
		"run 2 on " + db,
		"Resumed: Acme was onboarded",
		"Admin page: Enabled: contract-level access on 1 contract(s)",
		"Already complete: " + num(first.backfillTotal) + " records were sent in earlier runs; none is sent again.",
		"Outbox: 0 changes waiting.",
		"Backfill: 0 records",
		"2 of the candidates came from LinkedIn in earlier runs.",
	} {
		if !strings.Contains(r2, want) {
			t.Errorf("run 2 report lacks %q:\n%s", want, out2)
		}
	}
	if second.exportedID == first.exportedID || second.edit.candidate.ID == first.edit.candidate.ID {
		t.Errorf("run 2 repeated run 1's actions: export %s, edit %s", second.exportedID, second.edit.candidate.ID)
	}
}

func loadState(t *testing.T, li *rscmock.Server, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := li.LoadState(f); err != nil {
		t.Fatal(err)
	}
}

// TestDisabledInRecruiter: after Acme's admin switches the integration off
// in Recruiter, the next run's admin page says so and the engines, which
// run through connect.EnabledTenants, send nothing.
func TestDisabledInRecruiter(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "ats.db")
	runOnce(t, db)

	li := rscmock.New(rscmock.Options{NoDefaultTenant: true})
	loadState(t, li, statePath(db))
	for _, k := range (rsc.EnableRequest{Organization: organization, Contract: contract}).Keys() {
		if _, err := li.SetIntegrationEnabled(t.Context(), k, false); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create(statePath(db))
	if err != nil {
		t.Fatal(err)
	}
	if err := li.SaveState(f); err != nil {
		t.Fatal(err)
	}
	f.Close()

	res, out, _ := runOnce(t, db)
	checkReadable(t, out)
	r := flat(out)
	for _, want := range []string{
		"Admin page: Disabled in LinkedIn Recruiter: nothing is synced.",
		"connect.EnabledTenants lists no tenant: the engines send nothing",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if res.changesSent != 0 || res.backfillSent != 0 || strings.Contains(r, "Backfill") {
		t.Errorf("a disabled tenant sent %d changes and %d backfill records:\n%s", res.changesSent, res.backfillSent, out)
	}
}

func TestMissingLinkedInState(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "ats.db")
	runOnce(t, db)
	if err := os.Remove(statePath(db)); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(t.Context(), []string{"-db", db}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "is missing") || !strings.Contains(err.Error(), "delete the database") {
		t.Errorf("run without the fake LinkedIn's state: %v", err)
	}
}

func TestFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args    []string
		wantErr string
		wantOut []string
	}{
		{args: []string{"-h"}, wantOut: []string{"Usage: go run ./examples/quickstart", "-db path", "-candidates number", "-v", "delete"}},
		{args: []string{"-candidates", "0"}, wantErr: "-candidates 0"},
		{args: []string{"extra"}, wantErr: "unexpected arguments"},
		{args: []string{"-nope"}, wantErr: "not defined"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), tc.args, &out, &out)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("run(%q) = %v", tc.args, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("run(%q) = %v, want an error containing %q", tc.args, err, tc.wantErr)
		}
		for _, w := range tc.wantOut {
			if !strings.Contains(out.String(), w) {
				t.Errorf("run(%q) printed no %q:\n%s", tc.args, w, out.String())
			}
		}
	}
}

func TestNum(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 2543: "2,543", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := num(n); got != want {
			t.Errorf("num(%d) = %q, want %q", n, got, want)
		}
	}
}

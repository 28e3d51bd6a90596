package rscsync_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc/matching"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rsc/source"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// intakeEnv is an env with the reference ATS behind an Intake, a callback
// URL, enabled integrations and synced jobs visible to every seat.
type intakeEnv struct {
	*env
	ats    *memstore.ATS
	runner *rscsync.Runner
	seat   rscmock.Seat
	jobs   []rscmock.Job
}

func newIntakeEnv(t *testing.T) *intakeEnv {
	t.Helper()
	return newIntakeEnvWith(t)
}

// newIntakeEnvWith is newIntakeEnv with faults injected before the first
// pass; with faults, that pass may fail.
func newIntakeEnvWith(t *testing.T, faults ...rscmock.Fault) *intakeEnv {
	t.Helper()
	e := newEnvWithCallback(t)
	e.enable(t)
	e.seed(atsgen.Generate(11, 20, genNow))
	ats := memstore.NewATS(e.store, "US", "https://ats.example.com/candidates/")
	seat := e.srv.Default().Seats[0]
	ats.AddUser(tenantID, memstore.User{ID: "U1", Email: "rita@acme-ats.example", FirstName: "Rita", LastName: "Recruiter", Seat: seat.URN, Person: seat.Holder.URN})
	cfg := pullConfig()
	cfg.Intake = rscsync.NewIntake(ats, "US", nil)
	r := e.runner(t, cfg)
	for _, f := range faults {
		e.srv.InjectFault(f)
	}
	if err := r.SyncOnce(t.Context()); err != nil && len(faults) == 0 {
		t.Fatal(err)
	}
	ie := &intakeEnv{env: e, ats: ats, runner: r, seat: seat}
	// Jobs without ACLs are visible to every Recruiter user.
	if _, err := e.tenant.Client.Configurations.BatchUpdate(t.Context(), []model.IntegrationConfiguration{{
		Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: e.tenant.Organization,
			IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, Name: model.ConfigJobPostingViewers},
		Value: model.ConfigurationValue{String: model.AllProductUsers}}}); err != nil {
		t.Fatal(err)
	}
	ie.jobs = e.srv.ExportJobs(seat.URN)
	if len(ie.jobs) < 2 {
		t.Fatalf("%d jobs visible for export", len(ie.jobs))
	}
	return ie
}

func (ie *intakeEnv) export(t *testing.T, member rscmock.Member, job string) string {
	t.Helper()
	id, d, err := ie.srv.Export(t.Context(), ie.seat.URN, member.URN, job)
	if err != nil || d.Status != 200 {
		t.Fatalf("export: %v %+v", err, d)
	}
	if err := ie.runner.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	return id
}

func (ie *intakeEnv) candidateOf(t *testing.T, member model.URN) memstore.ATSCandidate {
	t.Helper()
	var found []memstore.ATSCandidate
	for _, c := range ie.ats.Candidates(tenantID) {
		if c.Member == member {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d ATS candidates for member %s, want 1", len(found), member)
	}
	return found[0]
}

func TestExportCreatesCandidateWithSourceAndTag(t *testing.T) {
	t.Parallel()
	ie := newIntakeEnv(t)
	m := ie.srv.AddMember(rscmock.Member{FirstName: "Grace", LastName: "Hopper", Headline: "Rear Admiral", Email: "grace@navy.example",
		CurrentCompanyName: "US Navy", CurrentJobTitle: "Computer Scientist"})
	job1, job2 := ie.jobs[0].ExternalJobPostingID, ie.jobs[1].ExternalJobPostingID
	ie.export(t, m, job1)

	c := ie.candidateOf(t, m.URN)
	if c.FirstName != "Grace" || c.LastName != "Hopper" || c.CurrentCompanyName != "US Navy" {
		t.Errorf("candidate details: %+v", c)
	}
	if len(c.Emails) != 0 || len(c.Phones) != 0 {
		t.Errorf("an export carries no contact details, none may be invented: %+v %+v", c.Emails, c.Phones)
	}
	if !slices.Contains(c.Tags, source.Tag) {
		t.Errorf("tags %v, want %q", c.Tags, source.Tag)
	}
	if len(c.Processes) != 1 || c.Processes[0].Position != job1 {
		t.Fatalf("processes %+v", c.Processes)
	}
	src := ie.ats.Sources(tenantID)[c.Processes[0].SourceID]
	if src.Name != "Rita Recruiter (LinkedIn Recruiter)" || src.Type != "Active search" {
		t.Errorf("source %+v", src)
	}
	contacts := ie.ats.Contacts(tenantID)
	if len(contacts) != 1 || contacts[0].Email != "rita@acme-ats.example" || contacts[0].UserID != "U1" || contacts[0].SourceID != src.ID {
		t.Errorf("source contact %+v: want one from the recruiter's ATS email, linked to user U1 and the source", contacts)
	}
	// Synced back with the member attached: Recruiter shows the in-ATS indicator.
	ind := ie.srv.InATS(ie.tenant.Organization, m.URN, ie.seat.URN)
	if !slices.Contains(ind.Candidates, c.ID) || len(ind.Applications) != 1 {
		t.Errorf("in-ATS indicator %+v, want candidate %s with its application", ind, c.ID)
	}

	// Second export to another job: a second process, same candidate.
	ie.export(t, m, job2)
	c = ie.candidateOf(t, m.URN)
	if len(c.Processes) != 2 || c.Processes[1].Position != job2 {
		t.Errorf("processes after the second export: %+v", c.Processes)
	}
	if n := len(ie.ats.Contacts(tenantID)); n != 1 {
		t.Errorf("%d source contacts: the second export must reuse the first", n)
	}
	// Export to a job the candidate is already in: refused, recorded, nothing created.
	ie.export(t, m, job1)
	c = ie.candidateOf(t, m.URN)
	if len(c.Processes) != 2 {
		t.Errorf("processes after a repeated export: %+v", c.Processes)
	}
	if f := ie.ats.Failures(tenantID); len(f) != 1 || !strings.Contains(f[0], "already in a hiring process") {
		t.Errorf("failures %q", f)
	}
	if ind := ie.srv.InATS(ie.tenant.Organization, m.URN, ie.seat.URN); len(ind.Applications) != 2 {
		t.Errorf("in-ATS indicator %+v, want both applications", ind)
	}
}

func TestExportFlagsPossibleDuplicates(t *testing.T) {
	t.Parallel()
	ie := newIntakeEnv(t)
	ie.ats.AddCandidate(tenantID, memstore.ATSCandidate{ID: "OLD1", FirstName: "Jose", LastName: "Garcia",
		CurrentCompanyName: "Initech", Emails: []string{"jgarcia@initech.example"}})
	m := ie.srv.AddMember(rscmock.Member{FirstName: "José", LastName: "García", CurrentCompanyName: "Initech"})
	ie.export(t, m, ie.jobs[0].ExternalJobPostingID)
	c := ie.candidateOf(t, m.URN)
	if c.ID == "OLD1" {
		t.Fatal("a similar candidate was merged")
	}
	if !slices.Contains(c.PossibleDuplicates, "OLD1") {
		t.Errorf("possible duplicates %v, want OLD1", c.PossibleDuplicates)
	}
}

func TestStubCreatesOrFillsCandidate(t *testing.T) {
	t.Parallel()
	ie := newIntakeEnv(t)
	// New member: an unassigned candidate with the shared details.
	m := ie.srv.AddMember(rscmock.Member{FirstName: "Ada", LastName: "Lovelace", Email: "ada@engines.example"})
	if _, err := ie.srv.SendInMail(ie.seat.URN, m.URN, "Role at Acme", "Interested?"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ie.srv.ReplyInMail(ie.seat.URN, m.URN, "Yes! Here are my details.", true); err != nil {
		t.Fatal(err)
	}
	if _, err := ie.srv.AddProspectNote(ie.seat.URN, m.URN, "Replied within an hour", false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := ie.runner.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := ie.candidateOf(t, m.URN)
	if !c.Unassigned || !slices.Contains(c.Emails, "ada@engines.example") || len(c.Phones) != 1 || len(c.Processes) != 0 {
		t.Errorf("stub candidate %+v", c)
	}
	if len(c.Messages) != 2 || len(c.Notes) != 1 {
		t.Errorf("history: %d messages, %d notes; want 2 and 1", len(c.Messages), len(c.Notes))
	}
	for _, msg := range c.Messages {
		if msg.Visible != rscsync.VisibleToSeatHolders || msg.Summary == "" {
			t.Errorf("message visibility %+v", msg)
		}
	}

	// Known candidate with another email: kept, the new one recorded as activity.
	m2 := ie.srv.AddMember(rscmock.Member{FirstName: "Alan", LastName: "Turing", Email: "alan@bletchley.example"})
	ie.ats.AddCandidate(tenantID, memstore.ATSCandidate{ID: "K1", FirstName: "Alan", LastName: "Turing", Member: m2.URN,
		Emails: []string{"alan@old.example"}})
	if _, err := ie.srv.SendInMail(ie.seat.URN, m2.URN, "Hi", "Hello"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ie.srv.ReplyInMail(ie.seat.URN, m2.URN, "Sure", true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := ie.runner.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	k, _ := ie.ats.Candidate(tenantID, "K1")
	if len(k.Emails) != 1 || k.Emails[0] != "alan@old.example" {
		t.Errorf("emails %v: the ATS's value must be kept", k.Emails)
	}
	if !slices.Contains(k.Activities, rscsync.Activity{Field: "email", Value: "alan@bletchley.example"}) {
		t.Errorf("activities %+v, want the shared email recorded", k.Activities)
	}
	if len(k.Phones) != 1 {
		t.Errorf("phones %v: the empty phone must be filled from the stub", k.Phones)
	}

	// A new application for Ada: matching finds the candidate LinkedIn
	// brought in, with its history, before the ATS raises "new candidate".
	look, err := ie.runner.Intake().Match(t.Context(), tenantID, matching.Record{FirstName: "Ada", LastName: "Lovelace", Emails: []string{"ADA@engines.example"}})
	if err != nil || look.Same == nil || look.Same.ID != c.ID {
		t.Errorf("Match = %+v, %v; want candidate %s", look, err, c.ID)
	}
}

func TestPurgedProfileReported(t *testing.T) {
	t.Parallel()
	ie := newIntakeEnv(t)
	m := ie.srv.AddMember(rscmock.Member{FirstName: "Hedy", LastName: "Lamarr"})
	ie.export(t, m, ie.jobs[0].ExternalJobPostingID)
	if err := ie.srv.Purge(m.URN); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := ie.runner.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	p := ie.ats.Purged(tenantID)
	if len(p) != 1 || p[0].Member != m.URN {
		t.Errorf("purged %+v", p)
	}
}

// TestPurgeTellsTheHostWhatCameFromTheMember: a purge notice names the
// candidate linked to the member, and PurgeCovers picks out every earlier
// change that brought the member's data (the export that created the
// candidate, the InMails, the stub), so the host can purge them.
func TestPurgeTellsTheHostWhatCameFromTheMember(t *testing.T) {
	t.Parallel()
	ie := newIntakeEnv(t)
	m := ie.srv.AddMember(rscmock.Member{FirstName: "Dorothy", LastName: "Vaughan", Email: "dorothy@nasa.example"})
	other := ie.srv.AddMember(rscmock.Member{FirstName: "Annie", LastName: "Easley", Email: "annie@nasa.example"})
	ie.export(t, m, ie.jobs[0].ExternalJobPostingID)
	ie.export(t, other, ie.jobs[0].ExternalJobPostingID)
	if _, err := ie.srv.SendInMail(ie.seat.URN, m.URN, "Role", "Interested?"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ie.srv.ReplyInMail(ie.seat.URN, m.URN, "Yes", true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := ie.runner.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := ie.candidateOf(t, m.URN)
	if err := ie.srv.Purge(m.URN); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := ie.runner.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	ps := ie.ats.PurgeTargets(tenantID)
	if len(ps) != 1 {
		t.Fatalf("%d purge targets", len(ps))
	}
	p := ps[0]
	if p.CandidateID != c.ID || !p.CreatedFromLinkedIn {
		t.Errorf("purge target %+v: want candidate %s, created from LinkedIn", p, c.ID)
	}
	kinds := map[string]int{}
	for _, k := range p.Changes {
		kind, _, _ := strings.Cut(k, "/")
		kinds[kind]++
		if strings.Contains(k, string(other.URN)) {
			t.Errorf("change %s of another member is covered", k)
		}
	}
	if kinds["export"] != 1 || kinds["inmail"] != 2 || kinds["stub"] != 1 {
		t.Errorf("covered changes %v, want the export, both InMails and the stub", p.Changes)
	}
}

// TestExportRequestWithSeveralCandidates: exportedCandidates?q=request is a
// finder, so one request may answer with several candidates. Each must be
// stored, by the Intake and by the Store's Applier, and applying the same
// request again must add nothing. (Both used to key by request id alone
// and dropped every candidate after the first.)
func TestExportRequestWithSeveralCandidates(t *testing.T) {
	t.Parallel()
	ie := newIntakeEnv(t)
	ctx := t.Context()
	a := ie.srv.AddMember(rscmock.Member{FirstName: "Katherine", LastName: "Johnson", Email: "katherine@nasa.example"})
	b := ie.srv.AddMember(rscmock.Member{FirstName: "Dorothy", LastName: "Vaughan", Email: "dorothy@nasa.example"})
	var both []model.ExportedCandidate
	for _, m := range []rscmock.Member{a, b} {
		id, d, err := ie.srv.Export(ctx, ie.seat.URN, m.URN, ie.jobs[0].ExternalJobPostingID)
		if err != nil || d.Status != 200 {
			t.Fatalf("export: %v %+v", err, d)
		}
		got, _, err := ie.tenant.Client.Exports.Get(ctx, id)
		if err != nil || len(got) != 1 {
			t.Fatalf("Exports.Get(%s) = %d candidates, %v", id, len(got), err)
		}
		both = append(both, got[0])
	}
	both[1].RequestID = both[0].RequestID // one request, two candidates
	for range 2 {
		for _, ex := range both {
			b := rscsync.Batch{Stream: rscsync.StreamID{Tenant: tenantID}, Changes: []rscsync.Pulled{rscsync.ExportChange{Export: ex}}}
			var err error
			if b.ATSChanges, err = ie.runner.Intake().Decide(ctx, tenantID, b.Changes); err != nil {
				t.Fatal(err)
			}
			if err := ie.store.Apply(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range []rscmock.Member{a, b} {
		ie.candidateOf(t, m.URN) // exactly one candidate linked to the member
	}
	var stored []model.URN
	for _, ex := range ie.store.Exports(tenantID) {
		if ex.RequestID == both[0].RequestID {
			stored = append(stored, ex.Candidate.Member)
		}
	}
	if len(stored) != 2 {
		t.Errorf("the Store's Applier kept %v of request %s, want both members", stored, both[0].RequestID)
	}
}

// TestExportBySeatNotBoundToAnATSUser: source attribution uses the
// recruiter's ATS email, never LinkedIn's (Comeet: "Recruit's, not
// LinkedIn's"). An export by a seat no ATS user is bound to creates the
// candidate and its hiring process without source, and no source contact
// from LinkedIn's details (those used to be taken as the ATS identity,
// creating contacts that later duplicate the real ones).
func TestExportBySeatNotBoundToAnATSUser(t *testing.T) {
	t.Parallel()
	ie := newIntakeEnv(t)
	seats := ie.srv.Default().Seats
	if len(seats) < 2 {
		t.Fatalf("the default customer has %d seats, want 2", len(seats))
	}
	unbound := seats[1]
	m := ie.srv.AddMember(rscmock.Member{FirstName: "Mary", LastName: "Jackson"})
	contacts, sources := len(ie.ats.Contacts(tenantID)), len(ie.ats.Sources(tenantID))
	job := ie.jobs[0].ExternalJobPostingID
	_, d, err := ie.srv.Export(t.Context(), unbound.URN, m.URN, job)
	if err != nil || d.Status != 200 {
		t.Fatalf("export: %v %+v", err, d)
	}
	if err := ie.runner.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := ie.ats.Contacts(tenantID); len(got) != contacts {
		t.Errorf("%d source contacts after the export, want %d (none from LinkedIn's details): %+v", len(got), contacts, got)
	}
	if got := ie.ats.Sources(tenantID); len(got) != sources {
		t.Errorf("%d sources after the export, want %d", len(got), sources)
	}
	c := ie.candidateOf(t, m.URN)
	if len(c.Processes) != 1 || c.Processes[0].Position != job || c.Processes[0].SourceID != "" {
		t.Errorf("hiring processes %+v, want one for %s without source", c.Processes, job)
	}
}

// TestExportsDoNotWaitForTheBackfill: a One-Click Export (whose data
// LinkedIn keeps only for a while) is fetched and applied even while the
// tenant's backfill cannot finish: here every candidate batch fails. The
// backfill used to run first and return its error before any
// notification was handled, so exports waited until it completed.
func TestExportsDoNotWaitForTheBackfill(t *testing.T) {
	t.Parallel()
	ie := newIntakeEnvWith(t, rscmock.Fault{Op: "BATCH_UPDATE /rest/candidates", Status: http.StatusInternalServerError})
	if cp := ie.store.Checkpoints()[rscsync.StreamID{Tenant: tenantID, Name: "backfill/candidates"}]; cp.Complete {
		t.Fatal("the candidates backfill completed despite the fault")
	}
	m := ie.srv.AddMember(rscmock.Member{FirstName: "Annie", LastName: "Easley"})
	if _, d, err := ie.srv.Export(t.Context(), ie.seat.URN, m.URN, ie.jobs[0].ExternalJobPostingID); err != nil || d.Status != 200 {
		t.Fatalf("export: %v %+v", err, d)
	}
	if err := ie.runner.SyncOnce(t.Context()); err == nil {
		t.Fatal("SyncOnce succeeded although the backfill cannot finish")
	}
	ie.candidateOf(t, m.URN)
}

// TestExportsDuringALongBackfill: an export that arrives while a backfill
// runs for minutes is applied between two of its pages, not after it.
func TestExportsDuringALongBackfill(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e, _ := bubbleEnv(t, nil)
		e.enable(t)
		ats := memstore.NewATS(e.store, "US", "https://ats.example.com/candidates/")
		seat := e.srv.Default().Seats[0]
		ats.AddUser(tenantID, memstore.User{ID: "U1", Email: "rita@acme-ats.example", FirstName: "Rita", LastName: "Recruiter", Seat: seat.URN, Person: seat.Holder.URN})
		if _, err := e.tenant.Client.Configurations.BatchUpdate(t.Context(), []model.IntegrationConfiguration{{
			Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: e.tenant.Organization,
				IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, Name: model.ConfigJobPostingViewers},
			Value: model.ConfigurationValue{String: model.AllProductUsers}}}); err != nil {
			t.Fatal(err)
		}
		e.seed(atsgen.Generate(12, 1500, genNow))
		e.srv.InjectFault(rscmock.Fault{Op: "BATCH_UPDATE /rest/candidates", Latency: 2 * time.Second})
		member := e.srv.AddMember(rscmock.Member{FirstName: "Evelyn", LastName: "Boyd"})
		var events, exportedAt, appliedAt int
		var failed error
		cfg := rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}, Intake: rscsync.NewIntake(ats, "US", nil),
			Progress: func(p rscsync.Progress) {
				events++
				if p.Resource != rscsync.Candidates || failed != nil {
					return
				}
				if exportedAt == 0 {
					job := e.srv.ExportJobs(seat.URN)[0].ExternalJobPostingID
					id, _, err := e.srv.Export(t.Context(), seat.URN, member.URN, job)
					if err == nil {
						err = e.store.Enqueue(t.Context(), rscsync.NotificationItem(tenantID, model.Notification{ID: id, Type: model.NotificationExportCandidateProfile}, time.Now()))
					}
					failed, exportedAt = err, events
				}
				if appliedAt == 0 && slices.ContainsFunc(ats.Candidates(tenantID), func(c memstore.ATSCandidate) bool { return c.Member == member.URN }) {
					appliedAt = events
				}
			}}
		r := e.runner(t, cfg)
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if failed != nil {
			t.Fatal(failed)
		}
		t.Logf("%d progress events: export at %d, in the ATS at %d", events, exportedAt, appliedAt)
		if appliedAt == 0 || appliedAt == events {
			t.Errorf("the export reached the ATS at progress event %d of %d: it waited for the backfill", appliedAt, events)
		}
	})
}

// TestHistoryOfACandidateLinkedInMatchedByEmail: a candidate the ATS had
// before (never exported nor linked) whose email LinkedIn matches to a
// member is connected (JobScore: "automatically connected"): the member's
// InMails, sent before and after the candidate reached LinkedIn, attach to
// it. (Nothing read matchedMembers, so they stayed pending for ever.)
func TestHistoryOfACandidateLinkedInMatchedByEmail(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.enable(t)
	def := e.srv.Default()
	ats := memstore.NewATS(e.store, "US", "https://ats.example.com/c/")
	grace := e.srv.AddMember(rscmock.Member{FirstName: "Grace", LastName: "Hopper", Email: "grace@example.com"})
	if _, err := e.srv.SendInMail(def.Seats[0].URN, grace.URN, "Hello", "Before you were in the ATS"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []memstore.ATSCandidate{
		{ID: "C1", FirstName: "Grace", LastName: "Hopper", Emails: []string{"grace@example.com"}},
		{ID: "C2", FirstName: "Alan", LastName: "Turing", Emails: []string{"alan@example.com"}},
	} {
		ats.AddCandidate(tenantID, c)
		e.store.Seed(tenantID, rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: c.ID}, Value: model.Candidate{
			FirstName: c.FirstName, LastName: c.LastName, EmailAddresses: c.Emails, ExternalProfileURL: "https://ats.example.com/c/" + c.ID,
			ATSCreatedAt: model.Millis(genNow), ATSLastModifiedAt: model.Millis(genNow)}})
	}
	cfg := pullConfig()
	cfg.Intake = rscsync.NewIntake(ats, "US", nil)
	r := e.runner(t, cfg)
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.SendInMail(def.Seats[0].URN, grace.URN, "Hello again", "A role?"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // past the pull's settle time
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	c1, _ := ats.Candidate(tenantID, "C1")
	if c1.Member != grace.URN || len(c1.Messages) != 2 {
		t.Errorf("C1: member %q, %d InMails; want %s and both InMails", c1.Member, len(c1.Messages), grace.URN)
	}
	if c2, _ := ats.Candidate(tenantID, "C2"); c2.Member != "" || len(c2.Messages) != 0 {
		t.Errorf("C2 (no LinkedIn match): member %q, %d InMails", c2.Member, len(c2.Messages))
	}
}

// TestInMailOwnerRecorded: the intake records, for every InMail, the seat
// whose history it was read from (conversationEvents?viewer=). A reply's
// author is the member, so without it the host could not tell whose
// content a reply is (rsc/connect's access rule needs the owner). It used
// to hand the host only the author.
func TestInMailOwnerRecorded(t *testing.T) {
	t.Parallel()
	ie := newIntakeEnv(t)
	m := ie.srv.AddMember(rscmock.Member{FirstName: "Mary", LastName: "Jackson", Email: "mary@nasa.example"})
	if _, err := ie.srv.SendInMail(ie.seat.URN, m.URN, "Engineering role", "Interested?"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ie.srv.ReplyInMail(ie.seat.URN, m.URN, "Yes", true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := ie.runner.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	var msgs []rscsync.Message
	for _, c := range ie.ats.Candidates(tenantID) {
		if c.Member == m.URN {
			msgs = append(msgs, c.Messages...)
		}
	}
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want the InMail and its reply", len(msgs))
	}
	for _, msg := range msgs {
		if msg.Owner != ie.seat.URN {
			t.Errorf("message by %s: owner %q, want the seat %s it was read for", msg.Author, msg.Owner, ie.seat.URN)
		}
	}
}

func TestPurgeCovers(t *testing.T) {
	t.Parallel()
	m, o := model.URN("urn:li:person:m"), model.URN("urn:li:person:o")
	purge := rscsync.Change{Kind: rscsync.ChangePurge, Member: m}
	for _, tc := range []struct {
		earlier rscsync.Change
		want    bool
	}{
		{rscsync.Change{Kind: rscsync.ChangeExport, Member: m}, true},
		{rscsync.Change{Kind: rscsync.ChangeStub, Member: m}, true},
		{rscsync.Change{Kind: rscsync.ChangeInMail, Member: m}, true},
		{rscsync.Change{Kind: rscsync.ChangeNote, Member: m}, true},
		{rscsync.Change{Kind: rscsync.ChangeMatch, Member: m}, true},
		{rscsync.Change{Kind: rscsync.ChangeExport, Member: o}, false},
		{rscsync.Change{Kind: rscsync.ChangeExport, Member: m, Failure: "already in position"}, false},
		{rscsync.Change{Kind: rscsync.ChangePurge, Member: m}, false},
		{rscsync.Change{Kind: rscsync.ChangeExport}, false},
	} {
		if got := purge.PurgeCovers(tc.earlier); got != tc.want {
			t.Errorf("PurgeCovers(%+v) = %v", tc.earlier, got)
		}
	}
	if (rscsync.Change{Kind: rscsync.ChangeExport, Member: m}).PurgeCovers(rscsync.Change{Kind: rscsync.ChangeExport, Member: m}) {
		t.Error("a change that is not a purge covers something")
	}
	if (rscsync.Change{Kind: rscsync.ChangePurge}).PurgeCovers(rscsync.Change{Kind: rscsync.ChangeExport}) {
		t.Error("a purge without a member covers changes without one")
	}
}

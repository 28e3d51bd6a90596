package rsc_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// The examples of this file run against rscmock in memory, one per service
// family, and print what LinkedIn Recruiter then shows.

// ExampleConfigurationsService_BatchUpdate lets every Recruiter seat of the
// customer export to every job (JOB_POSTING_VIEWERS on ONE_CLICK_EXPORT),
// then reads the configuration back, as an ATS's settings page would.
func ExampleConfigurationsService_BatchUpdate() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	org := li.Default().Organization
	c := li.Client()
	ctx := context.Background()
	cfg := jobPostingViewers(org) // ALL_PRODUCT_USERS, the only documented value
	rs := mustOK(c.Configurations.BatchUpdate(ctx, []model.IntegrationConfiguration{cfg}))
	fmt.Println(rs[0].Key.Integration.IntegrationType, rs[0].Key.Name, rs[0].Status)
	got, err := c.Configurations.BatchGet(ctx, []model.ConfigurationKey{cfg.Key})
	if err != nil {
		panic(err)
	}
	for _, e := range got {
		fmt.Println(e.Key.Name, "=", e.Value.Value.String, e.Err)
	}
	// Output:
	// ONE_CLICK_EXPORT JOB_POSTING_VIEWERS 204
	// JOB_POSTING_VIEWERS = ALL_PRODUCT_USERS <nil>
}

// ExampleCandidateNotesService_BatchUpdate syncs a recruiter's note on a
// candidate; Recruiter counts it in the In-ATS indicator of the member the
// candidate is matched to (here by email).
func ExampleCandidateNotesService_BatchUpdate() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	org := li.Default().Organization
	katherine := li.AddMember(rscmock.Member{FirstName: "Katherine", LastName: "Johnson", Email: "katherine@example.com"})
	c := li.Client()
	ctx := context.Background()
	mustOK(c.Candidates.BatchUpdate(ctx, []model.Candidate{exampleCandidate(org, "C1", katherine.Email)}))
	rs := mustOK(c.CandidateNotes.BatchUpdate(ctx, []model.CandidateNote{{
		Key:          model.CandidateNoteKey{Candidate: model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"}, NoteID: "N1"},
		ATSCreatedAt: 1700000000000, Note: "Strong on orbital mechanics; wants to stay in Virginia.",
		Author: &model.Actor{FirstName: "Ada", LastName: "Lovelace"},
	}}))
	fmt.Println(rs[0].Key.NoteID, rs[0].Status)
	in := li.InATS(org, katherine.URN, "")
	fmt.Println("In ATS:", in.Candidates, "notes:", in.Notes)
	// Output:
	// N1 204
	// In ATS: [C1] notes: 1
}

// ExampleApplicationsService_BatchUpdate syncs a candidate's application to
// a synced job: Recruiter then shows the member as an applicant in the
// In-ATS indicator and counts them among past applicants in a search.
func ExampleApplicationsService_BatchUpdate() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	org := li.Default().Organization
	katherine := li.AddMember(rscmock.Member{FirstName: "Katherine", LastName: "Johnson", Email: "katherine@example.com"})
	other := li.AddMember(rscmock.Member{FirstName: "Alan", LastName: "Turing"})
	c := li.Client()
	ctx := context.Background()
	mustJobs(c.JobPostings.BatchCreate(ctx, []model.JobPosting{exampleJob(org, "J1")}))
	mustOK(c.Candidates.BatchUpdate(ctx, []model.Candidate{exampleCandidate(org, "C1", katherine.Email)}))
	rs := mustOK(c.Applications.BatchUpdate(ctx, []model.Application{exampleApplication(org, "A1", "C1", "J1", katherine.Email)}))
	fmt.Println(rs[0].Key.ATSJobApplicationID, rs[0].Status)
	fmt.Println("In ATS:", li.InATS(org, katherine.URN, "").Applications)
	fmt.Println("past applicants among 2 members:", li.PastApplicants(org, katherine.URN, other.URN))
	// Output:
	// A1 204
	// In ATS: [A1]
	// past applicants among 2 members: 1
}

// ExampleApplicationNotesService_BatchUpdate syncs a note on an application
// (a hiring manager's comment); Recruiter counts it in the In-ATS indicator.
func ExampleApplicationNotesService_BatchUpdate() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	org := li.Default().Organization
	c := li.Client()
	ctx := context.Background()
	katherine, app := syncApplicant(ctx, li, c) // job J1, candidate C1, application A1
	rs := mustOK(c.ApplicationNotes.BatchUpdate(ctx, []model.ApplicationNote{
		{Key: model.ApplicationNoteKey{Application: app, NoteID: "AN1"}, ATSCreatedAt: 1700000000000, Note: "Move to onsite."},
		{Key: model.ApplicationNoteKey{Application: app, NoteID: "AN2"}, ATSCreatedAt: 1700000100000, Note: "Onsite booked."},
	}))
	for _, r := range rs {
		fmt.Println(r.Key.NoteID, r.Status)
	}
	fmt.Println("notes in Recruiter:", li.InATS(org, katherine.URN, "").Notes)
	// Output:
	// AN1 204
	// AN2 204
	// notes in Recruiter: 2
}

// ExampleStagesService_BatchUpdate syncs an application's stage history, one
// entry per move in the ATS's pipeline; Recruiter shows the stages in the
// In-ATS indicator.
func ExampleStagesService_BatchUpdate() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	org := li.Default().Organization
	c := li.Client()
	ctx := context.Background()
	katherine, app := syncApplicant(ctx, li, c) // job J1, candidate C1, application A1
	var stages []model.ApplicationStage
	for i, name := range []string{"Applied", "Phone Screen", "Offer Extended"} {
		stages = append(stages, model.ApplicationStage{Key: model.StageKey{Application: app, StageID: fmt.Sprintf("S%d", i+1)},
			ATSCreatedAt: model.EpochMillis(1700000000000 + int64(i)*86_400_000), Stage: name})
	}
	mustOK(c.Stages.BatchUpdate(ctx, stages))
	fmt.Println(strings.Join(li.InATS(org, katherine.URN, "").Stages, " > "))
	// Output: Applied > Phone Screen > Offer Extended
}

// ExampleInterviewFeedbackService_BatchUpdate syncs an interviewer's
// scorecard of an application; Recruiter counts it in the In-ATS indicator.
func ExampleInterviewFeedbackService_BatchUpdate() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	org := li.Default().Organization
	c := li.Client()
	ctx := context.Background()
	katherine, app := syncApplicant(ctx, li, c) // job J1, candidate C1, application A1
	rs := mustOK(c.InterviewFeedback.BatchUpdate(ctx, []model.InterviewFeedback{{
		Key:          model.InterviewFeedbackKey{Application: app, FeedbackID: "F1"},
		ATSCreatedAt: 1700000000000, InterviewType: model.InterviewTypePhoneScreen,
		Interviewer: &model.Actor{FirstName: "Ada", LastName: "Lovelace"},
		Evaluations: []model.InterviewEvaluation{{Attribute: "Numerical methods", Result: "Strong yes"}},
		Feedback:    "Checked the orbit by hand, faster than the computer.",
	}}))
	fmt.Println(rs[0].Key.FeedbackID, rs[0].Status)
	fmt.Println("feedback in Recruiter:", li.InATS(org, katherine.URN, "").Feedback)
	// Output:
	// F1 204
	// feedback in Recruiter: 1
}

// ExampleEntityACLsService_All reads back which security groups may see a
// job, as an ATS does to reconcile its own permissions with LinkedIn's.
func ExampleEntityACLsService_All() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	org := li.Default().Organization
	c := li.Client()
	ctx := context.Background()
	mustJobs(c.JobPostings.BatchCreate(ctx, []model.JobPosting{exampleJob(org, "J1")}))
	var acls []model.EntityACL
	for _, group := range []string{"HIRING-TEAM-J1", "RECRUITING-OPS"} {
		acls = append(acls, model.EntityACL{Key: model.EntityACLKey{IntegrationContext: org,
			ATSEntityACLID: group, ATSEntityID: "J1", ATSEntityType: model.EntityTypeJobPosting}})
	}
	mustOK(c.EntityACLs.BatchUpdate(ctx, acls))
	for acl, err := range c.EntityACLs.All(ctx, rsc.EntityACLListOptions{IntegrationContext: org, ATSEntityID: "J1"}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(acl.Key.ATSEntityID, acl.Key.ATSEntityACLID)
	}
	// Output:
	// J1 HIRING-TEAM-J1
	// J1 RECRUITING-OPS
}

// ExampleACLAssigneesService_BatchUpdate puts a job behind an ACL holding
// the job's hiring team: only the seat whose holder is on the team may
// export to the job, and only it sees the job's applications in the In-ATS
// indicator.
func ExampleACLAssigneesService_BatchUpdate() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	cust := li.Default()
	org, onTeam, offTeam := cust.Organization, cust.Seats[0], cust.Seats[1]
	c := li.Client()
	ctx := context.Background()
	katherine, _ := syncApplicant(ctx, li, c) // job J1, candidate C1, application A1
	mustOK(c.EntityACLs.BatchUpdate(ctx, []model.EntityACL{{Key: model.EntityACLKey{IntegrationContext: org,
		ATSEntityACLID: "HIRING-TEAM-J1", ATSEntityID: "J1", ATSEntityType: model.EntityTypeJobPosting}}}))
	mustOK(c.ACLAssignees.BatchUpdate(ctx, []model.ACLAssignee{{Key: model.ACLAssigneeKey{IntegrationContext: org,
		ATSEntityACLID: "HIRING-TEAM-J1", Assignee: onTeam.Holder.URN, ATSEntityType: model.EntityTypeJobPosting}}}))
	for _, seat := range []rscmock.Seat{onTeam, offTeam} {
		var jobs []string
		for _, j := range li.ExportJobs(seat.URN) {
			jobs = append(jobs, j.ExternalJobPostingID)
		}
		fmt.Println(seat.Holder.Name(), "exports to:", jobs, "sees applications:", li.InATS(org, katherine.URN, seat.URN).Applications)
	}
	// Output:
	// Ada Lovelace exports to: [J1] sees applications: [A1]
	// Grace Hopper exports to: [] sees applications: []
}

// ExampleExportsService_Get fetches a One-Click Export: a recruiter exports a
// member to a job in Recruiter, LinkedIn POSTs EXPORT_CANDIDATE_PROFILE with
// a request id to the customer's CALLBACK_URL, and the ATS reads the
// exported profile with that id to create the candidate and application.
func ExampleExportsService_Get() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	cust := li.Default()
	c := li.Client()
	ctx := context.Background()
	tokens, _ := rsc.NewCallbackTokens() // LinkedIn requires a CALLBACK_URL before the admin enables export
	must(c.Configurations.RegisterCallbackURL(ctx, cust.Organization, "https://ats.example.com/linkedin/acme", tokens))
	if _, err := li.SetIntegrationEnabled(ctx, model.IntegrationKey{IntegrationContext: cust.Organization,
		IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, true); err != nil {
		panic(err)
	}
	mustJobs(c.JobPostings.BatchCreate(ctx, []model.JobPosting{exampleJob(cust.Organization, "J1")}))
	mustOK(c.Configurations.BatchUpdate(ctx, []model.IntegrationConfiguration{jobPostingViewers(cust.Organization)}))
	katherine := li.AddMember(rscmock.Member{FirstName: "Katherine", LastName: "Johnson", CurrentJobTitle: "Mathematician"})
	_, push, err := li.Export(ctx, cust.Seats[0].URN, katherine.URN, "J1") // the recruiter's click
	if err != nil {
		panic(err)
	}
	fmt.Println("pushed:", push.Notification.Type)
	exports, _, err := c.Exports.Get(ctx, push.Notification.ID) // from the NotificationHandler's queue
	if err != nil {
		panic(err)
	}
	for _, x := range exports {
		fmt.Println(x.Candidate.FirstName, x.Candidate.LastName, "|", x.Candidate.CurrentJobTitle, "| job", x.ExternalJobPostingID,
			"| by seat 0:", x.Exporter.Seat == cust.Seats[0].URN)
	}
	// Output:
	// pushed: EXPORT_CANDIDATE_PROFILE
	// Katherine Johnson | Mathematician | job J1 | by seat 0: true
}

// ExampleSeatsService_All finds the Recruiter seats of the customer's
// contract, and who holds each, so the ATS can map its users to seats (for
// ACL assignees, and to read each seat's InMails and notes).
func ExampleSeatsService_All() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	cust := li.Default()
	c := li.Client()
	fmt.Println("contract:", cust.Contract)
	for seat, err := range c.Seats.All(context.Background(), rsc.SeatListOptions{Contracts: []model.URN{cust.Contract}}) {
		if err != nil {
			panic(err)
		}
		holder, _ := li.Member(seat.Member) // the ATS matches by its users' LinkedIn sign-in
		fmt.Println(seat.URN, seat.Active, holder.Name())
	}
	// Output:
	// contract: urn:li:contract:2001
	// urn:li:seat:5001 true Ada Lovelace
	// urn:li:seat:5002 true Grace Hopper
	// urn:li:seat:5003 true Alan Turing
}

// ExampleMailStubsService_All reads the contact details members shared when
// replying to a seat's InMail, so the ATS can create or enrich candidates.
func ExampleMailStubsService_All() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	cust := li.Default()
	seat := cust.Seats[0].URN
	katherine := li.AddMember(rscmock.Member{FirstName: "Katherine", LastName: "Johnson", Email: "katherine@example.com"})
	if _, err := li.SendInMail(seat, katherine.URN, "Trajectories", "Would you talk to us about orbital mechanics?"); err != nil {
		panic(err)
	}
	if _, _, err := li.ReplyInMail(seat, katherine.URN, "Gladly, write to me.", true); err != nil { // shares contact details
		panic(err)
	}
	c := li.Client()
	for stub, err := range c.MailStubs.All(context.Background(), rsc.MailStubListOptions{Contract: cust.Contract, Owners: []model.URN{seat}}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(stub.FirstName, stub.LastName, stub.EmailAddress, stub.Member == katherine.URN)
	}
	// Output: Katherine Johnson katherine@example.com true
}

// ExampleProspectNotesService_All reads the notes recruiters wrote about
// prospects in Recruiter, to show them on the ATS's candidate page. Private
// notes stay in Recruiter.
func ExampleProspectNotesService_All() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	cust := li.Default()
	seat := cust.Seats[0].URN
	katherine := li.AddMember(rscmock.Member{FirstName: "Katherine", LastName: "Johnson"})
	for _, n := range []struct {
		text    string
		private bool
	}{{"Open to relocating to London.", false}, {"Salary expectations: ask again.", true}} {
		if _, err := li.AddProspectNote(seat, katherine.URN, n.text, n.private); err != nil {
			panic(err)
		}
	}
	c := li.Client()
	for note, err := range c.ProspectNotes.All(context.Background(), rsc.ProspectNoteListOptions{Contract: cust.Contract}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(note.Note, "| by seat 0:", note.Owner == seat, "| about Katherine:", note.Member == katherine.URN, "| active:", note.Active)
	}
	// Output: Open to relocating to London. | by seat 0: true | about Katherine: true | active: true
}

// exampleJob is a valid open job of the ATS.
func exampleJob(org model.URN, id string) model.JobPosting {
	return model.JobPosting{
		IntegrationContext: org, ExternalJobPostingID: id, Operation: model.OperationCreate,
		Title: "Compiler Engineer", Description: strings.Repeat("Build compilers for the fleet's computers. ", 4),
		ListedAt: 1700000000000, Location: "New York, NY", CompanyApplyURL: "https://ats.example.com/jobs/" + id,
		Availability: model.AvailabilityPrivate,
	}
}

// exampleCandidate is a valid candidate; LinkedIn matches it to the member
// with the same email.
func exampleCandidate(org model.URN, id, email string) model.Candidate {
	return model.Candidate{
		Key:       model.CandidateKey{IntegrationContext: org, ATSCandidateID: id},
		FirstName: "Katherine", LastName: "Johnson", EmailAddresses: []string{email},
		ATSCreatedAt: 1700000000000, ATSLastModifiedAt: 1700000000000,
		ExternalProfileURL: "https://ats.example.com/c/" + id,
	}
}

// exampleApplication is a valid application of candidate to job.
func exampleApplication(org model.URN, id, candidate, job, email string) model.Application {
	return model.Application{
		Key:            model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: id},
		ATSCandidateID: candidate, ATSJobPostingID: job, ATSJobPostingName: "Compiler Engineer",
		ATSCreatedAt: 1700000000000, ATSLastModifiedAt: 1700000000000,
		CandidateEmail: email, FirstName: "Katherine", LastName: "Johnson",
	}
}

// syncApplicant adds the member Katherine Johnson and syncs, for the default
// customer, job J1, candidate C1 (matched to her by email) and its
// application A1 to J1, as ExampleApplicationsService_BatchUpdate does. It
// returns the member and the application's key.
func syncApplicant(ctx context.Context, li *rscmock.Server, c *rsc.Client) (rscmock.Member, model.ApplicationKey) {
	org := li.Default().Organization
	m := li.AddMember(rscmock.Member{FirstName: "Katherine", LastName: "Johnson", Email: "katherine@example.com"})
	mustJobs(c.JobPostings.BatchCreate(ctx, []model.JobPosting{exampleJob(org, "J1")}))
	mustOK(c.Candidates.BatchUpdate(ctx, []model.Candidate{exampleCandidate(org, "C1", m.Email)}))
	mustOK(c.Applications.BatchUpdate(ctx, []model.Application{exampleApplication(org, "A1", "C1", "J1", m.Email)}))
	return m, model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: "A1"}
}

// jobPostingViewers lets every seat of org export to every job.
func jobPostingViewers(org model.URN) model.IntegrationConfiguration {
	return model.IntegrationConfiguration{
		Key: model.ConfigurationKey{Name: model.ConfigJobPostingViewers, Integration: model.IntegrationKey{
			IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}},
		Value: model.ConfigurationValue{String: model.AllProductUsers},
	}
}

// must panics if err is not nil.
func must(err error) {
	if err != nil {
		panic(err)
	}
}

// mustOK panics unless the batch call and every record in it succeeded.
func mustOK[K comparable](rs []rsc.Result[K], err error) []rsc.Result[K] {
	if err != nil {
		panic(err)
	}
	if failed := rsc.Failed(rs); len(failed) > 0 {
		panic(fmt.Sprint(failed[0].Key, failed[0].Err))
	}
	return rs
}

// mustJobs panics unless the job call and every job in it succeeded.
func mustJobs(rs []rsc.JobPostingResult, err error) []rsc.JobPostingResult {
	if err != nil {
		panic(err)
	}
	for _, r := range rs {
		if r.Err != nil {
			panic(fmt.Sprint(r.ExternalJobPostingID, r.Err))
		}
	}
	return rs
}

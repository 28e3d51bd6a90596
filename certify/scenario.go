package certify

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// The scenario's ATS: three jobs over two and a half years (one closed,
// one private), three candidates, their applications with stages, notes
// and interview feedback. Every job has a hiring team (an access list)
// with the customer's first recruiter on it.
const (
	jobOpen    = "J1" // public, listed 26 months ago
	jobPrivate = "J2" // private, listed 14 months ago
	jobClosed  = "J3" // public, listed 30 months ago, closed
	jobSecure  = "JS" // the ACL rules' secured job
)

// history returns the customer's pre-integration data.
func (e *env) history(cu customer) []Change {
	now := e.opts.Now()
	ago := func(months int) time.Time { return now.AddDate(0, -months, 0) }
	team := func(job string) Change {
		return History(ACLMember{JobID: job, ACLID: "team-" + job, Member: cu.recruiter.Holder.URN})
	}
	out := []Change{
		History(Job{ID: jobOpen, Title: "Platform Engineer", Description: desc("Platform Engineer"), Location: "Berlin, Germany", Listed: ago(26), Public: true}),
		History(Job{ID: jobPrivate, Title: "Data Analyst", Description: desc("Data Analyst"), Location: "Paris, France", Listed: ago(14)}),
		History(Job{ID: jobClosed, Title: "QA Lead", Description: desc("QA Lead"), Location: "Madrid, Spain", Listed: ago(30), Closed: true, Public: true}),
		team(jobOpen), team(jobPrivate), team(jobClosed),
		History(Candidate{ID: "C1", FirstName: "Hedy", LastName: "Lamarr", Email: "hedy@candidates.example", Title: "Analyst", Created: ago(27), Modified: ago(26)}),
		History(Candidate{ID: "C2", FirstName: "Claude", LastName: "Shannon", Email: "claude@candidates.example", Title: "Cryptanalyst", Created: ago(25), Modified: ago(25)}),
		History(Candidate{ID: "C3", FirstName: "Radia", LastName: "Perlman", Email: "radia@candidates.example", Title: "Network Engineer", Created: ago(2), Modified: ago(1)}),
		History(Application{ID: "A1", CandidateID: "C1", JobID: jobOpen, Created: ago(26)}),
		History(Application{ID: "A2", CandidateID: "C2", JobID: jobClosed, Created: ago(25)}),
		History(Application{ID: "A3", CandidateID: "C3", JobID: jobPrivate, Created: ago(1)}),
		History(Stage{ID: "A1-S1", ApplicationID: "A1", Name: "New", At: ago(26)}),
		History(Stage{ID: "A1-S2", ApplicationID: "A1", Name: "Phone Screen", At: ago(25)}),
		History(Stage{ID: "A2-S1", ApplicationID: "A2", Name: "New", At: ago(25)}),
		History(Stage{ID: "A3-S1", ApplicationID: "A3", Name: "New", At: ago(1)}),
		History(CandidateNote{ID: "C1-N1", CandidateID: "C1", Text: "Met at a conference; strong on analysis.", At: ago(26)}),
		History(ApplicationNote{ID: "A1-N1", ApplicationID: "A1", Text: "Referred by the team lead.", At: ago(26)}),
		History(Feedback{ID: "A1-F1", ApplicationID: "A1", Text: "Clear thinker; recommend an onsite.", At: ago(25)}),
	}
	for i := range e.opts.History {
		at := now.Add(-time.Duration(i+1) * 2 * 365 * 24 * time.Hour / time.Duration(e.opts.History+1))
		c, a := fmt.Sprintf("H%06d", i), fmt.Sprintf("HA%06d", i)
		job := []string{jobOpen, jobPrivate, jobClosed}[i%3]
		out = append(out,
			History(Candidate{ID: c, FirstName: "History", LastName: c, Email: strings.ToLower(c) + "@candidates.example", Title: "Engineer", Created: at, Modified: at}),
			History(Application{ID: a, CandidateID: c, JobID: job, Created: at}),
			History(Stage{ID: a + "-S1", ApplicationID: a, Name: "New", At: at}),
			History(ApplicationNote{ID: a + "-N1", ApplicationID: a, Text: "Imported from the old ATS.", At: at}))
	}
	return out
}

// The scenario's totals, without Options.History.
const (
	historyJobs, historyOpenJobs, historyCandidates, historyApplications = 3, 2, 3, 3
)

func desc(title string) string {
	return "Join our team as a " + title + ". You will work with product and engineering on the systems our customers rely on every day."
}

// historical loads the history, connects cu and syncs until the ATS says
// its historical sync is complete; with timed set it records the timing.
func (e *env) historical(cu customer, timed bool, extra ...Change) {
	e.apply(cu.Tenant, append(e.history(cu), extra...)...)
	e.connect(cu)
	var took time.Duration
	for i := 0; ; i++ {
		took += e.sync(cu.Tenant, "the historical sync")
		r := e.received(cu.Tenant)
		if r.HistoricalSync.Complete {
			e.saw("historical sync complete after %d sync run(s) in %s: %d of %d records; the customer sees it as: %s",
				i+1, took.Round(time.Millisecond), r.HistoricalSync.Done, r.HistoricalSync.Total, seenAs(r.HistoricalSync))
			if timed {
				e.res.Timings = append(e.res.Timings, Timing{What: "historical sync", Duration: took, Records: r.HistoricalSync.Done, SeenAs: seenAs(r.HistoricalSync)})
			}
			return
		}
		if i == e.opts.SyncRounds {
			e.fail("the customer cannot see the historical sync finish: after %d sync runs the ATS still does not report it complete (%d of %d records; shown as: %s)",
				i+1, r.HistoricalSync.Done, r.HistoricalSync.Total, seenAs(r.HistoricalSync))
		}
	}
}

func seenAs(p SyncProgress) string {
	if p.ShownAs == "" {
		return "(the ATS does not say where the customer sees it)"
	}
	return p.ShownAs
}

// Inspection of what LinkedIn holds.

func (e *env) candidateAt(org model.URN, id string) bool {
	_, ok := e.mock.SyncedCandidate(model.CandidateKey{IntegrationContext: org, ATSCandidateID: id})
	return ok
}

func appKey(org model.URN, id string) model.ApplicationKey {
	return model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: id}
}

func (e *env) applicationAt(org model.URN, id string) bool {
	_, ok := e.mock.SyncedApplication(appKey(org, id))
	return ok
}

func (e *env) candidateNoteAt(org model.URN, cand, id string) bool {
	_, ok := e.mock.SyncedCandidateNote(model.CandidateNoteKey{Candidate: model.CandidateKey{IntegrationContext: org, ATSCandidateID: cand}, NoteID: id})
	return ok
}

func (e *env) applicationNoteAt(org model.URN, app, id string) bool {
	_, ok := e.mock.SyncedApplicationNote(model.ApplicationNoteKey{Application: appKey(org, app), NoteID: id})
	return ok
}

func (e *env) stageAt(org model.URN, app, id string) bool {
	_, ok := e.mock.SyncedStage(model.StageKey{Application: appKey(org, app), StageID: id})
	return ok
}

func (e *env) feedbackAt(org model.URN, app, id string) bool {
	_, ok := e.mock.SyncedFeedback(model.InterviewFeedbackKey{Application: appKey(org, app), FeedbackID: id})
	return ok
}

// matches returns the members LinkedIn's profile widget would show for a
// candidate: the manual match, then LinkedIn's own matches.
func (e *env) matches(org model.URN, id string) (manual model.URN, all []model.URN) {
	m, ok := e.mock.CandidateMatches(model.CandidateKey{IntegrationContext: org, ATSCandidateID: id})
	if !ok {
		return "", nil
	}
	all = slices.Clone(m.MatchedMembers)
	if m.ManualMatchedMember != "" {
		all = append([]model.URN{m.ManualMatchedMember}, all...)
	}
	return m.ManualMatchedMember, all
}

// jobAvailability returns the availability of a job as LinkedIn holds it.
func (e *env) jobAvailability(org model.URN, id string) (string, bool) {
	s, ok := e.mock.SyncedJob(rscmock.JobKey{Organization: org, ExternalJobPostingID: id})
	if !ok {
		return "", false
	}
	var j struct {
		Availability string `json:"availability"`
	}
	if err := json.Unmarshal(s.Body, &j); err != nil {
		return "", false
	}
	return j.Availability, true
}

// applicationsOn returns the ids of the applications of candidate at
// LinkedIn, by job.
func (e *env) applicationsOn(org model.URN, cand string) map[string][]string {
	out := map[string][]string{}
	for _, a := range e.mock.Applications(org) {
		if a.ATSCandidateID == cand {
			out[a.ATSJobPostingID] = append(out[a.ATSJobPostingID], a.Key.ATSJobApplicationID)
		}
	}
	return out
}

// configuration returns a configuration's stored body ("" when unset).
func (e *env) configuration(org model.URN, it model.IntegrationType, name model.ConfigurationName) string {
	s, ok := e.mock.SyncedConfiguration(model.ConfigurationKey{
		Integration: model.IntegrationKey{IntegrationContext: org, IntegrationType: it, TenantType: model.TenantTypeRecruiter}, Name: name})
	if !ok {
		return ""
	}
	return string(s.Body)
}

// exportJobIDs lists the ids in a seat's Export to ATS drop-down.
func (e *env) exportJobIDs(seat rscmock.Seat) []string {
	var ids []string
	for _, j := range e.mock.ExportJobs(seat.URN) {
		ids = append(ids, j.ExternalJobPostingID)
	}
	return ids
}

// indicator is the In-ATS indicator of member, as seat sees it ("" for
// an unrestricted view).
func (e *env) indicator(org model.URN, m rscmock.Member, seat model.URN) rscmock.Indicator {
	return e.mock.InATS(org, m.URN, seat)
}

func showInd(who string, ind rscmock.Indicator) string {
	return fmt.Sprintf("In-ATS indicator of %s: candidates %v, applications %v, stages %v, %d notes, %d feedback",
		who, ind.Candidates, ind.Applications, ind.Stages, ind.Notes, ind.Feedback)
}

// exportsOf returns the ATS's exports of member.
func exportsOf(r Received, m model.URN) []Export {
	var out []Export
	for _, x := range r.Exports {
		if x.Member == m {
			out = append(out, x)
		}
	}
	return out
}

func fromLinkedIn(x Export) bool { return strings.Contains(strings.ToLower(x.Source), "linkedin") }

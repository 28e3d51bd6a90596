// Package atsgen makes realistic synthetic ATS data (jobs open, closed and
// private; candidates; applications with stages, notes and interview
// feedback; job ACLs) for the SDK's tests, benchmarks and examples. The data
// is deterministic given a seed.
//
// Generate builds a whole ATS in memory; History produces one of the same
// proportions lazily, page by page, for customers too large to hold.
package atsgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Dataset is a generated ATS, as Store records per resource.
type Dataset struct {
	Records map[rscsync.Resource][]rscsync.Record
	// Persons are the LinkedIn person URNs of the ATS users in ACLs.
	Persons []model.URN
}

// Count returns the number of records of every resource.
func (d Dataset) Count() int {
	n := 0
	for _, rs := range d.Records {
		n += len(rs)
	}
	return n
}

var (
	firstNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Dennis",
		"Radia", "Tim", "Katherine", "Linus", "Hedy", "Guido", "Anita", "Niklaus", "Shafi", "Leslie", "Zoë", "José", "Björn", "Ngozi"}
	lastNames = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Ritchie",
		"Perlman", "Berners-Lee", "Johnson", "Torvalds", "Lamarr", "van Rossum", "Borg", "Wirth", "Goldwasser", "Lamport", "Müller", "García"}
	companies = []string{"Analytical Engines Ltd", "Compiler Works", "Bell Labs", "Xerox PARC", "Acme Corp", "Globex", "Initech"}
	titles    = []string{"Software Engineer", "Data Scientist", "Product Manager", "Site Reliability Engineer", "Designer", "Recruiter"}
	stages    = []string{"New", "Phone Screen", "Onsite Interview", "Offer Extended", "Offer Accepted", "Hired", "Rejected"}
	locations = []string{"San Francisco, CA", "New York, NY", "Berlin, Germany", "London, United Kingdom", "Toronto, ON"}
)

// emitFunc receives one generated record.
type emitFunc func(r rscsync.Resource, ref rscsync.Ref, v model.Record)

// gen draws the random parts of records from one source.
type gen struct {
	rng *rand.Rand
	now time.Time
}

func (g gen) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

// at returns a time within the two years before now.
func (g gen) at() model.EpochMillis {
	const twoYears = 2 * 365 * 24 * time.Hour
	return model.Millis(g.now.Add(-time.Duration(g.rng.Int64N(int64(twoYears)))))
}

// persons are the ATS users of ACLs.
func persons() []model.URN {
	ps := make([]model.URN, 5)
	for i := range ps {
		ps[i] = model.PersonURN(fmt.Sprintf("user%d", i+1))
	}
	return ps
}

func jobID(j int) string { return fmt.Sprintf("J%05d", j+1) }

// job emits job j (0-based) and, for a private one, its ACL and assignees;
// it returns the job's title. The title is the first value drawn, so
// jobTitle can find it again from a source in the same state.
func (g gen) job(j int, persons []model.URN, emit emitFunc) string {
	id := jobID(j)
	title := g.pick(titles)
	p := model.JobPosting{
		Title:           title,
		Description:     fmt.Sprintf("Join %s as a %s. You will build, test and ship software our customers rely on, with a kind and curious team.", g.pick(companies), title),
		ListedAt:        g.at(),
		Location:        g.pick(locations),
		CompanyApplyURL: "https://ats.example.com/jobs/" + id,
		Availability:    model.AvailabilityPublic,
		CompanyJobCode:  id,
	}
	if j%3 == 1 {
		p.State = model.JobStateClosed
	}
	if j%4 == 2 {
		p.Availability = model.AvailabilityPrivate
		p.AccessRestricted = true
		acl := "hiring-team-" + id
		emit(rscsync.EntityACLs, rscsync.Ref{ID: acl, Parent: id}, model.EntityACL{})
		for _, person := range persons[:1+j%len(persons)] {
			emit(rscsync.ACLAssignees, rscsync.Ref{ID: acl, Parent: string(person)}, model.ACLAssignee{})
		}
	}
	emit(rscsync.Jobs, rscsync.Ref{ID: id}, p)
	return title
}

// candidate emits candidate c (0-based), its note, applications and their
// children; job(i) gives the id and title of job i of nJobs.
func (g gen) candidate(c, nJobs int, job func(int) (id, title string), emit emitFunc) {
	rng := g.rng
	cid := fmt.Sprintf("C%06d", c+1)
	first, last := g.pick(firstNames), g.pick(lastNames)
	email := fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(asciiOnly(first)), strings.ToLower(asciiOnly(last)), c+1)
	created := g.at()
	emit(rscsync.Candidates, rscsync.Ref{ID: cid}, model.Candidate{
		FirstName: first, LastName: last, EmailAddresses: []string{email},
		PhoneNumbers:       []model.PhoneNumber{{Number: fmt.Sprintf("+1 415 555 %04d", c%10000)}},
		CurrentCompanyName: g.pick(companies), CurrentJobTitle: g.pick(titles),
		ATSCreatedAt: created, ATSLastModifiedAt: created + model.EpochMillis(rng.Int64N(86_400_000)),
		ExternalProfileURL: "https://ats.example.com/candidates/" + cid,
	})
	if rng.IntN(2) == 0 {
		emit(rscsync.CandidateNotes, rscsync.Ref{ID: cid + "-N1", Parent: cid}, model.CandidateNote{
			ATSCreatedAt: created + 1000, Note: "Met at a meetup; strong on distributed systems.",
			Author: &model.Actor{FirstName: "Rita", LastName: "Recruiter"}})
	}
	for a := range 1 + rng.IntN(2) {
		jid, jtitle := job(rng.IntN(nJobs))
		aid := fmt.Sprintf("%s-A%d", cid, a+1)
		emit(rscsync.Applications, rscsync.Ref{ID: aid}, model.Application{
			ATSCandidateID: cid, ATSJobPostingID: jid, ATSJobPostingName: jtitle, CandidateEmail: email,
			FirstName: first, LastName: last, Source: "Career site",
			ATSCreatedAt: created + 2000, ATSLastModifiedAt: created + 3000,
		})
		for s := range 2 + rng.IntN(2) {
			emit(rscsync.Stages, rscsync.Ref{ID: fmt.Sprintf("%s-S%d", aid, s+1), Parent: aid},
				model.ApplicationStage{ATSCreatedAt: created + model.EpochMillis(4000+s), Stage: stages[min(s*2+rng.IntN(2), len(stages)-1)]})
		}
		if rng.IntN(2) == 0 {
			emit(rscsync.ApplicationNotes, rscsync.Ref{ID: aid + "-N1", Parent: aid}, model.ApplicationNote{
				ATSCreatedAt: created + 5000, Note: "Great portfolio.", Author: &model.Actor{FirstName: "Hank", LastName: "Manager"}})
		}
		if rng.IntN(2) == 0 {
			emit(rscsync.InterviewFeedback, rscsync.Ref{ID: aid + "-F1", Parent: aid}, model.InterviewFeedback{
				ATSCreatedAt: created + 6000, Feedback: "Clear communicator.", InterviewType: model.InterviewTypePhoneScreen,
				Evaluations: []model.InterviewEvaluation{{Attribute: "Communication", Result: fmt.Sprintf("%d/5", 3+rng.IntN(3))}},
				Interviewer: &model.Actor{FirstName: "Ivy", LastName: "Interviewer"}})
		}
	}
}

// jobCount is the number of jobs of an ATS with the given candidates.
func jobCount(candidates int) int { return max(3, candidates/10) }

// Generate makes an ATS with the given number of candidates (about 8
// records per candidate in all), its records dated within the two years
// before now.
func Generate(seed uint64, candidates int, now time.Time) Dataset {
	g := gen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: now}
	d := Dataset{Records: map[rscsync.Resource][]rscsync.Record{}, Persons: persons()}
	add := func(r rscsync.Resource, ref rscsync.Ref, v model.Record) {
		d.Records[r] = append(d.Records[r], rscsync.Record{Ref: ref, Value: v})
	}
	jobTitles := make([]string, jobCount(candidates))
	for j := range jobTitles {
		jobTitles[j] = g.job(j, d.Persons, add)
	}
	job := func(i int) (string, string) { return jobID(i), jobTitles[i] }
	for c := range candidates {
		g.candidate(c, len(jobTitles), job, add)
	}
	return d
}

// asciiOnly drops non-ASCII letters (for email local parts).
func asciiOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && r != ' ' && r != '-' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

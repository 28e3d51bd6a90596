// Package atsgen makes realistic synthetic ATS data (jobs open, closed and
// private; candidates; applications with stages, notes and interview
// feedback; job ACLs) for the SDK's tests, benchmarks and examples. The data
// is deterministic given a seed.
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

// Generate makes an ATS with the given number of candidates (about 8
// records per candidate in all), its records dated within the two years
// before now.
func Generate(seed uint64, candidates int, now time.Time) Dataset {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	d := Dataset{Records: map[rscsync.Resource][]rscsync.Record{}}
	add := func(r rscsync.Resource, ref rscsync.Ref, v model.Validator) {
		d.Records[r] = append(d.Records[r], rscsync.Record{Ref: ref, Value: v})
	}
	twoYears := 2 * 365 * 24 * time.Hour
	at := func() model.EpochMillis { return model.Millis(now.Add(-time.Duration(rng.Int64N(int64(twoYears))))) }
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }

	for i := range 5 {
		d.Persons = append(d.Persons, model.PersonURN(fmt.Sprintf("user%d", i+1)))
	}
	nJobs := max(3, candidates/10)
	type job struct {
		id, title string
	}
	jobs := make([]job, nJobs)
	for j := range jobs {
		id := fmt.Sprintf("J%05d", j+1)
		title := pick(titles)
		jobs[j] = job{id, title}
		p := model.JobPosting{
			Title:           title,
			Description:     fmt.Sprintf("Join %s as a %s. You will build, test and ship software our customers rely on, with a kind and curious team.", pick(companies), title),
			ListedAt:        at(),
			Location:        pick(locations),
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
			add(rscsync.EntityACLs, rscsync.Ref{ID: acl, Parent: id}, model.EntityACL{})
			for _, person := range d.Persons[:1+j%len(d.Persons)] {
				add(rscsync.ACLAssignees, rscsync.Ref{ID: acl, Parent: string(person)}, model.ACLAssignee{})
			}
		}
		add(rscsync.Jobs, rscsync.Ref{ID: id}, p)
	}
	for c := range candidates {
		cid := fmt.Sprintf("C%06d", c+1)
		first, last := pick(firstNames), pick(lastNames)
		email := fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(asciiOnly(first)), strings.ToLower(asciiOnly(last)), c+1)
		created := at()
		add(rscsync.Candidates, rscsync.Ref{ID: cid}, model.Candidate{
			FirstName: first, LastName: last, EmailAddresses: []string{email},
			PhoneNumbers:       []model.PhoneNumber{{Number: fmt.Sprintf("+1 415 555 %04d", c%10000)}},
			CurrentCompanyName: pick(companies), CurrentJobTitle: pick(titles),
			ATSCreatedAt: created, ATSLastModifiedAt: created + model.EpochMillis(rng.Int64N(86_400_000)),
			ExternalProfileURL: "https://ats.example.com/candidates/" + cid,
		})
		if rng.IntN(2) == 0 {
			add(rscsync.CandidateNotes, rscsync.Ref{ID: cid + "-N1", Parent: cid}, model.CandidateNote{
				ATSCreatedAt: created + 1000, Note: "Met at a meetup; strong on distributed systems.",
				Author: &model.Actor{FirstName: "Rita", LastName: "Recruiter"}})
		}
		for a := range 1 + rng.IntN(2) {
			j := jobs[rng.IntN(len(jobs))]
			aid := fmt.Sprintf("%s-A%d", cid, a+1)
			add(rscsync.Applications, rscsync.Ref{ID: aid}, model.Application{
				ATSCandidateID: cid, ATSJobPostingID: j.id, ATSJobPostingName: j.title, CandidateEmail: email,
				FirstName: first, LastName: last, Source: "Career site",
				ATSCreatedAt: created + 2000, ATSLastModifiedAt: created + 3000,
			})
			for s := range 2 + rng.IntN(2) {
				add(rscsync.Stages, rscsync.Ref{ID: fmt.Sprintf("%s-S%d", aid, s+1), Parent: aid},
					model.ApplicationStage{ATSCreatedAt: created + model.EpochMillis(4000+s), Stage: stages[min(s*2+rng.IntN(2), len(stages)-1)]})
			}
			if rng.IntN(2) == 0 {
				add(rscsync.ApplicationNotes, rscsync.Ref{ID: aid + "-N1", Parent: aid}, model.ApplicationNote{
					ATSCreatedAt: created + 5000, Note: "Great portfolio.", Author: &model.Actor{FirstName: "Hank", LastName: "Manager"}})
			}
			if rng.IntN(2) == 0 {
				add(rscsync.InterviewFeedback, rscsync.Ref{ID: aid + "-F1", Parent: aid}, model.InterviewFeedback{
					ATSCreatedAt: created + 6000, Feedback: "Clear communicator.", InterviewType: model.InterviewTypePhoneScreen,
					Evaluations: []model.InterviewEvaluation{{Attribute: "Communication", Result: fmt.Sprintf("%d/5", 3+rng.IntN(3))}},
					Interviewer: &model.Actor{FirstName: "Ivy", LastName: "Interviewer"}})
			}
		}
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

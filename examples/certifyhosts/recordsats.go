package certifyhosts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rsckit/rsckit/certify"
	"github.com/rsckit/rsckit/rsc/matching"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// linkedInSource is the source recorded on hiring processes that One-Click
// Export created.
const linkedInSource = "LinkedIn Recruiter"

// recordsATS is a minimal intake ATS for a Store that keeps only rscsync
// records (the PostgreSQL example has no ATS tables of its own): a
// candidate is its model.Candidate record, a hiring process its
// model.Application record. Everything it decides is written as records
// with outbox intents, so it is durable and replays change nothing: the ids
// it creates follow from the member and the job.
//
// It is deliberately small: it does not attribute sources to recruiters
// (every export is Unattributed), keeps no InMails, notes or stubs beyond
// what the Store's Applier holds, and scans every candidate per lookup.
type recordsATS struct {
	reader rscsync.RecordReader
	writer certify.RecordWriter
	site   string
}

func (a recordsATS) scan(ctx context.Context, tenant string, r rscsync.Resource) ([]rscsync.Record, error) {
	var out []rscsync.Record
	after := ""
	for {
		recs, last, err := a.reader.ScanRecords(ctx, tenant, r, after, 100)
		if err != nil || len(recs) == 0 {
			return out, err
		}
		out = append(out, recs...)
		after = last
	}
}

// Lookup implements rscsync.ATS: the candidate that is the same person by
// member, profile URL or email.
func (a recordsATS) Lookup(ctx context.Context, tenant string, p matching.Record) (rscsync.Lookup, error) {
	in := matching.Identity{Member: p.Member, ProfileURL: p.ProfileURL}
	if len(p.Emails) > 0 {
		in.Email = p.Emails[0]
	}
	cands, err := a.scan(ctx, tenant, rscsync.Candidates)
	if err != nil {
		return rscsync.Lookup{}, err
	}
	for _, rec := range cands {
		c, ok := rec.Value.(model.Candidate)
		if !ok {
			continue
		}
		ids := []matching.Identity{{Member: c.ManualMatchedMember, ProfileURL: c.LinkedInProfileURL}}
		for _, e := range c.EmailAddresses {
			ids = append(ids, matching.Identity{Member: c.ManualMatchedMember, ProfileURL: c.LinkedInProfileURL, Email: e})
		}
		for _, id := range ids {
			if matching.SamePerson(in, id) {
				pos, err := a.positions(ctx, tenant, rec.Ref.ID)
				if err != nil {
					return rscsync.Lookup{}, err
				}
				return rscsync.Lookup{Same: &rscsync.ATSCandidate{ID: rec.Ref.ID, Member: c.ManualMatchedMember, Emails: c.EmailAddresses, Positions: pos}}, nil
			}
		}
	}
	return rscsync.Lookup{}, nil
}

func (a recordsATS) positions(ctx context.Context, tenant, cand string) ([]string, error) {
	apps, err := a.scan(ctx, tenant, rscsync.Applications)
	var out []string
	for _, r := range apps {
		if app, ok := r.Value.(model.Application); ok && app.ATSCandidateID == cand {
			out = append(out, app.ATSJobPostingID)
		}
	}
	return out, err
}

// Recruiter implements rscsync.ATS: this ATS binds no users to seats.
func (a recordsATS) Recruiter(context.Context, string, model.URN, model.URN) (rscsync.Recruiter, error) {
	return rscsync.Recruiter{}, nil
}

// Apply implements rscsync.ATS for exports, stubs and matches; other
// changes (InMails, notes, purges) are the Store's pulled data.
func (a recordsATS) Apply(ctx context.Context, tenant string, ch rscsync.Change) error {
	if ch.Failure != "" {
		return nil
	}
	at := ch.At
	if at.IsZero() {
		at = time.Now()
	}
	var cand model.Candidate
	id := ch.CandidateID
	switch {
	case ch.Create != nil:
		n := ch.Create
		id = "LI-" + ch.Member.ID()
		cand = model.Candidate{FirstName: n.FirstName, LastName: n.LastName, CurrentJobTitle: n.CurrentJobTitle, CurrentCompanyName: n.CurrentCompanyName,
			LinkedInProfileURL: n.ProfileURL, ATSCreatedAt: model.Millis(at), ATSLastModifiedAt: model.Millis(at),
			ExternalProfileURL: a.site + "/candidates/" + id, EmailAddresses: []string{}, Addresses: []model.Address{}, PhoneNumbers: []model.PhoneNumber{}}
		if n.Email != "" {
			cand.EmailAddresses = []string{n.Email}
		}
		if old, ok, err := a.load(ctx, tenant, id); err != nil {
			return err
		} else if ok {
			cand = old // a replay: the candidate exists
		}
	case id != "":
		old, ok, err := a.load(ctx, tenant, id)
		if err != nil || !ok {
			return err
		}
		cand = old
	default:
		return nil // history of a member the ATS does not have
	}
	if ch.Member != "" {
		cand.ManualMatchedMember = ch.Member
	}
	if err := a.writer.PutRecord(ctx, tenant, rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: cand}, false); err != nil {
		return err
	}
	if ch.Plan == nil {
		return nil
	}
	for _, job := range ch.Plan.HiringProcesses {
		app := model.Application{ATSCandidateID: id, ATSJobPostingID: job, ATSJobPostingName: job, FirstName: cand.FirstName, LastName: cand.LastName,
			Source: strings.TrimSpace(linkedInSource + " " + strings.Join(ch.Plan.Tags, ", ")), ATSCreatedAt: model.Millis(at), ATSLastModifiedAt: model.Millis(at)}
		if len(cand.EmailAddresses) > 0 {
			app.CandidateEmail = cand.EmailAddresses[0]
		}
		if recs, err := a.reader.LoadRecords(ctx, tenant, rscsync.Jobs, []rscsync.Ref{{ID: job}}); err != nil {
			return err
		} else if len(recs) == 1 {
			if jp, ok := recs[0].Value.(model.JobPosting); ok {
				app.ATSJobPostingName = jp.Title
			}
		}
		ref := rscsync.Ref{ID: fmt.Sprintf("%s-%s", id, job)}
		if err := a.writer.PutRecord(ctx, tenant, rscsync.Applications, rscsync.Record{Ref: ref, Value: app}, false); err != nil {
			return err
		}
		if err := a.writer.PutRecord(ctx, tenant, rscsync.Stages, rscsync.Record{Ref: rscsync.Ref{ID: ref.ID + "-S1", Parent: ref.ID},
			Value: model.ApplicationStage{ATSCreatedAt: model.Millis(at), Stage: "New"}}, false); err != nil {
			return err
		}
	}
	return nil
}

func (a recordsATS) load(ctx context.Context, tenant, id string) (model.Candidate, bool, error) {
	recs, err := a.reader.LoadRecords(ctx, tenant, rscsync.Candidates, []rscsync.Ref{{ID: id}})
	if err != nil || len(recs) == 0 {
		return model.Candidate{}, false, err
	}
	c, ok := recs[0].Value.(model.Candidate)
	return c, ok, nil
}

// exports lists the hiring processes One-Click Exports created.
func (a recordsATS) exports(ctx context.Context, tenant string) ([]certify.Export, error) {
	apps, err := a.scan(ctx, tenant, rscsync.Applications)
	if err != nil {
		return nil, err
	}
	var out []certify.Export
	for _, r := range apps {
		app, ok := r.Value.(model.Application)
		if !ok || !strings.HasPrefix(app.Source, linkedInSource) {
			continue
		}
		c, ok, err := a.load(ctx, tenant, app.ATSCandidateID)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, certify.Export{Member: c.ManualMatchedMember, JobID: app.ATSJobPostingID, CandidateID: app.ATSCandidateID, Source: app.Source})
		}
	}
	return out, nil
}

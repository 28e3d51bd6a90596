package certify_test

import (
	"context"
	"strings"

	"github.com/rsckit/rsckit/certify"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
)

// memWriter writes the reference host's records into a memstore and keeps
// its intake ATS's candidates in step (the ATS looks people up there).
type memWriter struct {
	store *memstore.Store
	ats   *memstore.ATS
}

func (w memWriter) PutRecord(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record, quiet bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c, ok := rec.Value.(model.Candidate); ok {
		ac, _ := w.ats.Candidate(tenant, rec.Ref.ID)
		ac.ID, ac.FirstName, ac.LastName, ac.CurrentJobTitle = rec.Ref.ID, c.FirstName, c.LastName, c.CurrentJobTitle
		ac.Emails, ac.ProfileURL = c.EmailAddresses, c.ExternalProfileURL
		if c.ManualMatchedMember != "" {
			ac.Member = c.ManualMatchedMember
		}
		w.ats.AddCandidate(tenant, ac)
	}
	if quiet {
		w.store.PutQuiet(tenant, r, rec)
	} else {
		w.store.Put(tenant, r, rec)
	}
	return nil
}

func (w memWriter) DeleteRecord(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w.store.Delete(tenant, r, ref)
	return nil
}

// report says what the reference ATS received from LinkedIn.
func (w memWriter) report(ctx context.Context, tenant string) (certify.Received, error) {
	r := certify.Received{Links: map[string]model.URN{}}
	sources := w.ats.Sources(tenant)
	for _, c := range w.ats.Candidates(tenant) {
		if c.Member != "" {
			r.Links[c.ID] = c.Member
		}
		for _, p := range c.Processes {
			r.Exports = append(r.Exports, certify.Export{Member: c.Member, JobID: p.Position, CandidateID: c.ID,
				Source: strings.TrimSpace(sources[p.SourceID].Name + " " + strings.Join(c.Tags, ", "))})
		}
		r.InMails += len(c.Messages)
		r.Notes += len(c.Notes)
	}
	pulled := w.store.Pulled(tenant)
	r.Integrations = pulled.Integrations
	r.Stubs = len(pulled.Stubs)
	return r, ctx.Err()
}

// newReferenceHost is the in-memory reference integration: rsc/sync's
// engines over memstore, with memstore's intake ATS.
func newReferenceHost() (*certify.SyncHost, memWriter) {
	store := memstore.New()
	w := memWriter{store: store, ats: memstore.NewATS(store, "US", "https://ats.example.com/candidates/")}
	return &certify.SyncHost{Store: store, Writer: w, ATS: w.ats, Report: w.report}, w
}

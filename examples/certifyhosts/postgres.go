package certifyhosts

import (
	"context"
	"strings"

	"github.com/rsckit/rsckit/certify"
	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Postgres returns the PostgreSQL example as a certify harness: rsc/sync's
// engines over pgstore, with the example's own intake (pgstore.Store is the
// rscsync.ATS; its Applier stores the intake's candidates and hiring
// processes as records in the transaction that moves the checkpoint).
func Postgres(store *pgstore.Store) *certify.SyncHost {
	w := pgWriter{store}
	return &certify.SyncHost{Store: store, Writer: w, ATS: store, Report: w.report,
		ClientOptions: []rsc.Option{rsc.WithV2For("exportedCandidates", "atsPurgedExportedCandidates")}}
}

type pgWriter struct{ s *pgstore.Store }

// PutRecord implements certify.RecordWriter.
func (w pgWriter) PutRecord(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record, quiet bool) error {
	if quiet {
		_, err := w.s.SeedRecords(ctx, tenant, r, []rscsync.Record{rec})
		return err
	}
	return w.s.Put(ctx, tenant, r, rec)
}

// DeleteRecord implements certify.RecordWriter.
func (w pgWriter) DeleteRecord(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	return w.s.Delete(ctx, tenant, r, ref)
}

// report reads what the example took in from LinkedIn: the hiring
// processes its intake opened (applications whose source is
// pgstore.LinkedInSource), and the pulled integration states, stubs,
// InMails and notes.
func (w pgWriter) report(ctx context.Context, tenant string) (certify.Received, error) {
	var r certify.Received
	apps, err := scanAll(ctx, w.s, tenant, rscsync.Applications)
	if err != nil {
		return r, err
	}
	for _, rec := range apps {
		app, ok := rec.Value.(model.Application)
		if !ok || !strings.HasPrefix(app.Source, pgstore.LinkedInSource) {
			continue
		}
		cands, err := w.s.LoadRecords(ctx, tenant, rscsync.Candidates, []rscsync.Ref{{ID: app.ATSCandidateID}})
		if err != nil {
			return r, err
		}
		if len(cands) == 1 {
			c, _ := cands[0].Value.(model.Candidate)
			r.Exports = append(r.Exports, certify.Export{Member: c.ManualMatchedMember, JobID: app.ATSJobPostingID, CandidateID: app.ATSCandidateID, Source: app.Source})
		}
	}
	pulled, err := w.s.Pulled(ctx, tenant)
	addPulled(&r, pulled)
	return r, err
}

// scanAll returns every record of resource res of tenant.
func scanAll(ctx context.Context, rr rscsync.RecordReader, tenant string, res rscsync.Resource) ([]rscsync.Record, error) {
	var out []rscsync.Record
	after := ""
	for {
		recs, last, err := rr.ScanRecords(ctx, tenant, res, after, 100)
		if err != nil || len(recs) == 0 {
			return out, err
		}
		out = append(out, recs...)
		after = last
	}
}

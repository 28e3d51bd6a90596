package certifyhosts

import (
	"context"

	"github.com/rsckit/rsckit/certify"
	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/rsc"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Postgres returns the PostgreSQL example as a certify harness: rsc/sync's
// engines over pgstore. The example keeps only rscsync records, so a small
// intake over those records (recordsATS) turns One-Click Exports into
// candidate and application records.
func Postgres(store *pgstore.Store) *certify.SyncHost {
	w := pgWriter{store}
	ats := recordsATS{reader: store, writer: w, site: "https://ats.example.com"}
	report := func(ctx context.Context, tenant string) (certify.Received, error) {
		var r certify.Received
		var err error
		if r.Exports, err = ats.exports(ctx, tenant); err != nil {
			return r, err
		}
		pulled, err := store.Pulled(ctx, tenant)
		addPulled(&r, pulled)
		return r, err
	}
	return &certify.SyncHost{Store: store, Writer: w, ATS: ats, Report: report,
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

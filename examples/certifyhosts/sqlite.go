package certifyhosts

import (
	"context"
	"strings"

	"github.com/rsckit/rsckit/certify"
	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// SQLite returns the quickstart's integration as a certify harness: its
// SQLite Store, its intake ATS and its engines' configuration. Like the
// quickstart it syncs the hiring teams of jobs as access lists and leaves
// the viewers unset, so that LinkedIn applies those access lists to jobs
// and applications (RSC-401 to RSC-404).
func SQLite(store *sqlitestore.Store) *certify.SyncHost {
	w := sqliteWriter{store}
	return &certify.SyncHost{Store: store, Writer: w, ATS: store.ATS("US"), Report: w.report,
		ClientOptions: []rsc.Option{rsc.WithV2For("exportedCandidates", "atsPurgedExportedCandidates")}}
}

type sqliteWriter struct{ s *sqlitestore.Store }

// PutRecord implements certify.RecordWriter. An access-list assignee is
// an ATS user holding that LinkedIn person, which the ATS knows once the
// user signed in with LinkedIn; the kit's recruiters get such a user.
func (w sqliteWriter) PutRecord(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record, quiet bool) error {
	if r == rscsync.ACLAssignees {
		if err := w.ensureUser(ctx, tenant, model.URN(rec.Ref.Parent)); err != nil {
			return err
		}
	}
	if quiet {
		return w.s.SeedRecords(ctx, tenant, r, []rscsync.Record{rec})
	}
	return w.s.PutRecord(ctx, tenant, r, rec)
}

// DeleteRecord implements certify.RecordWriter.
func (w sqliteWriter) DeleteRecord(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	return w.s.DeleteRecord(ctx, tenant, r, ref)
}

func (w sqliteWriter) ensureUser(ctx context.Context, tenant string, person model.URN) error {
	us, err := w.s.Users(ctx, tenant)
	if err != nil {
		return err
	}
	for _, u := range us {
		if u.Person == person {
			return nil
		}
	}
	id := "U-" + person.ID()
	return w.s.AddUser(ctx, tenant, sqlitestore.User{ID: id, Email: strings.ToLower(id) + "@ats.example.com", FirstName: "Recruiter", LastName: id, Person: person})
}

// report reads what the ATS took in from LinkedIn: hiring processes with
// their source and tags, member links, pulled integration states.
func (w sqliteWriter) report(ctx context.Context, tenant string) (certify.Received, error) {
	r := certify.Received{Links: map[string]model.URN{}}
	rows, err := w.s.DB().QueryContext(ctx, `SELECT id FROM candidates WHERE tenant = ? ORDER BY id`, tenant)
	if err != nil {
		return r, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return r, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, err
	}
	for _, id := range ids {
		c, ok, err := w.s.Candidate(ctx, tenant, id)
		if err != nil || !ok {
			return r, err
		}
		if c.Member != "" {
			r.Links[id] = c.Member
		}
		for _, p := range c.Processes {
			r.Exports = append(r.Exports, certify.Export{Member: c.Member, JobID: p.JobID, CandidateID: id,
				Source: strings.TrimSpace(p.Source.Name + " " + strings.Join(c.Tags, ", "))})
		}
	}
	pulled, err := w.s.Pulled(ctx, tenant)
	addPulled(&r, pulled)
	return r, err
}

// addPulled adds what the pull engine stored (rscsync.Applier) to r:
// integration states, and counts of stubs, InMails and notes.
func addPulled(r *certify.Received, pulled []any) {
	for _, p := range pulled {
		switch v := p.(type) {
		case model.Integration:
			r.Integrations = append(r.Integrations, v)
		case model.MailStub:
			r.Stubs++
		case model.ConversationEvent:
			r.InMails++
		case model.ProspectNote:
			r.Notes++
		}
	}
}

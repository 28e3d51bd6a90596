package sqlitestore

import (
	"context"

	"github.com/rsckit/rsckit/internal/atsgen"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// SeedDataset stores a generated ATS (internal/atsgen) for tenant as data
// the customer had before the integration, so without outbox rows (the
// backfill sends it): the users, every record, and the hiring teams of
// private jobs, whose members are the users matching the dataset's persons
// in order (d.Persons[i] is users[i%len(users)]). Hiring-team members become
// ACL assignees at LinkedIn once they hold a seat (BindSeat).
func (s *Store) SeedDataset(ctx context.Context, tenant string, users []User, d atsgen.Dataset) error {
	for _, u := range users {
		if err := s.AddUser(ctx, tenant, u); err != nil {
			return err
		}
	}
	userOf := map[string]string{}
	for i, p := range d.Persons {
		userOf[string(p)] = users[i%len(users)].ID
	}
	jobOf := map[string]string{}
	for _, r := range d.Records[rscsync.EntityACLs] {
		jobOf[r.Ref.ID] = r.Ref.Parent
	}
	for _, r := range rscsync.Resources() {
		if r != rscsync.ACLAssignees {
			if err := s.SeedRecords(ctx, tenant, r, d.Records[r]); err != nil {
				return err
			}
			continue
		}
		for _, rec := range d.Records[r] {
			if err := s.AddACLMember(ctx, tenant, jobOf[rec.Ref.ID], rec.Ref.ID, userOf[rec.Ref.Parent]); err != nil {
				return err
			}
		}
	}
	return nil
}

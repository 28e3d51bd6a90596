package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/rsckit/rsckit/rsc/matching"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rsc/source"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// This file is the example's intake: the rscsync.ATS an rscsync.Intake
// reads (Lookup, Recruiter) and the ATS side of Apply, which stores the
// intake's decisions (Batch.ATSChanges) as records in the transaction that
// moves the stream's checkpoint. The example's ATS is its records table: a
// candidate is its model.Candidate record, a hiring process its
// model.Application record with a first stage.
//
// It is deliberately small. It binds no ATS users to Recruiter seats, so
// every export is unattributed (source.Plan.Unattributed): the hiring
// process's source is LinkedInSource and the plan's tags. It flags no
// possible duplicates, keeps InMails, notes and stubs only as the pulled
// rows Apply stores (not attached to candidates), keeps no activities
// (values LinkedIn sent that differ from the ATS's), and leaves purges to
// the host's policy (the purge is a pulled row). Lookup reads every
// candidate of the tenant; a production ATS indexes member, profile URL
// and email.

// LinkedInSource is the source of the hiring processes the intake creates
// for One-Click Exports (followed by the plan's tags).
const LinkedInSource = "LinkedIn Recruiter"

// FirstStage is the stage of a hiring process the intake opens.
const FirstStage = "New"

// queryer is what the intake's reads need: the pool, or the Applier's
// transaction.
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Lookup implements rscsync.ATS: the candidate record that is the same
// person as p (matching.SamePerson on member, profile URL and email), with
// the jobs of its applications.
func (s *Store) Lookup(ctx context.Context, tenant string, p matching.Record) (rscsync.Lookup, error) {
	in := matching.Identity{Member: p.Member, ProfileURL: p.ProfileURL}
	if len(p.Emails) > 0 {
		in.Email = p.Emails[0]
	}
	cands, err := s.candidates(ctx, s.pool, tenant, "")
	if err != nil {
		return rscsync.Lookup{}, wrap("lookup", err)
	}
	for _, rec := range cands {
		c, ok := rec.Value.(model.Candidate)
		if !ok {
			continue
		}
		ids := []matching.Identity{matching.IdentityOf(c)}
		for _, e := range c.EmailAddresses {
			ids = append(ids, matching.Identity{Member: c.ManualMatchedMember, ProfileURL: c.LinkedInProfileURL, Email: e})
		}
		for _, id := range ids {
			if !matching.SamePerson(in, id) {
				continue
			}
			pos, err := s.positions(ctx, tenant, rec.Ref.ID)
			if err != nil {
				return rscsync.Lookup{}, wrap("lookup", err)
			}
			var phones []string
			for _, ph := range c.PhoneNumbers {
				phones = append(phones, ph.Number)
			}
			return rscsync.Lookup{Same: &rscsync.ATSCandidate{ID: rec.Ref.ID, Member: c.ManualMatchedMember,
				Emails: c.EmailAddresses, Phones: phones, Positions: pos}}, nil
		}
	}
	return rscsync.Lookup{}, nil
}

// Recruiter implements rscsync.ATS: the example binds no ATS users to
// Recruiter seats, so no seat is Known and exports are unattributed.
func (s *Store) Recruiter(ctx context.Context, _ string, _, _ model.URN) (rscsync.Recruiter, error) {
	return rscsync.Recruiter{}, ctx.Err()
}

// candidates returns the tenant's candidate records, only those linked to
// member when member is set, in id order.
func (s *Store) candidates(ctx context.Context, q queryer, tenant string, member model.URN) ([]rscsync.Record, error) {
	rows, err := q.Query(ctx, s.sql(`
SELECT ref_parent, ref_id, value FROM {s}.records
WHERE tenant = $1 AND resource = $2 AND ($3 = '' OR value->>'manualMatchedMember' = $3)
ORDER BY ref_parent, ref_id`), tenant, string(rscsync.Candidates), string(member))
	if err != nil {
		return nil, err
	}
	return s.collectRecords(rscsync.Candidates, rows)
}

// positions returns the jobs of the applications of candidate id.
func (s *Store) positions(ctx context.Context, tenant, id string) ([]string, error) {
	rows, err := s.pool.Query(ctx, s.sql(`
SELECT coalesce(value->>'atsJobPostingId', '') FROM {s}.records
WHERE tenant = $1 AND resource = $2 AND value->>'atsCandidateId' = $3
ORDER BY ref_id`), tenant, string(rscsync.Applications), id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// loadTx returns the record ref of resource r in tx.
func (s *Store) loadTx(ctx context.Context, tx pgx.Tx, tenant string, r rscsync.Resource, ref rscsync.Ref) (model.Record, bool, error) {
	rows, err := tx.Query(ctx, s.sql(`
SELECT ref_parent, ref_id, value FROM {s}.records
WHERE tenant = $1 AND resource = $2 AND ref_parent = $3 AND ref_id = $4`), tenant, string(r), ref.Parent, ref.ID)
	if err != nil {
		return nil, false, err
	}
	recs, err := s.collectRecords(r, rows)
	if err != nil || len(recs) == 0 {
		return nil, false, err
	}
	return recs[0].Value, true, nil
}

// applyIntake stores one intake decision in tx, once by its Key (a Key in
// intake_applied is skipped): the candidate it creates, links or fills and
// the hiring processes of an export, each record written with its outbox
// intent (PutRecord), so the push engine sends manualMatchedMember and the
// new applications. Apply calls it in the transaction that moves the
// checkpoint.
func (s *Store) applyIntake(ctx context.Context, tx pgx.Tx, tenant string, ch rscsync.Change) error {
	if ch.Key == "" {
		return errors.New("intake change without a Key")
	}
	tag, err := tx.Exec(ctx, s.sql(`
INSERT INTO {s}.intake_applied (tenant, key, kind, failure, applied_at)
VALUES ($1, $2, $3, $4, coalesce($5::timestamptz, statement_timestamp()))
ON CONFLICT (tenant, key) DO NOTHING`), tenant, ch.Key, string(ch.Kind), ch.Failure, s.nowArg())
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 || ch.Failure != "" {
		return nil // applied before, or refused (recorded with its reason)
	}
	at := ch.At
	if at.IsZero() {
		at = s.clock()
	}
	ms := model.Millis(at)
	id, cand, touched, err := s.intakeCandidate(ctx, tx, tenant, ch, ms)
	if err != nil || id == "" {
		// Without a candidate the change is history of a member the ATS
		// does not have: the pulled rows keep it.
		return err
	}
	if _, err := tx.Exec(ctx, s.sql(`UPDATE {s}.intake_applied SET candidate_id = $3 WHERE tenant = $1 AND key = $2`), tenant, ch.Key, id); err != nil {
		return err
	}
	if ch.Member != "" && cand.ManualMatchedMember != ch.Member {
		cand.ManualMatchedMember, touched = ch.Member, true
	}
	if ch.FillEmail != "" && len(cand.EmailAddresses) == 0 {
		cand.EmailAddresses, touched = []string{ch.FillEmail}, true
	}
	if ch.FillPhone != "" && len(cand.PhoneNumbers) == 0 {
		cand.PhoneNumbers, touched = []model.PhoneNumber{{Number: ch.FillPhone}}, true
	}
	if touched {
		if cand.ATSLastModifiedAt < ms {
			cand.ATSLastModifiedAt = ms
		}
		if err := s.PutRecord(ctx, tx, tenant, rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: cand}); err != nil {
			return err
		}
	}
	if ch.Plan != nil {
		return s.intakePlan(ctx, tx, tenant, id, cand, ch.Plan, ms)
	}
	return nil
}

// intakeCandidate returns the candidate ch applies to: a new one (Create),
// the existing CandidateID, or the one linked to ch.Member (an earlier
// change of the same batch may have created it); "" when there is none.
// touched is true for a new candidate, which is not stored yet.
func (s *Store) intakeCandidate(ctx context.Context, tx pgx.Tx, tenant string, ch rscsync.Change, ms model.EpochMillis) (id string, c model.Candidate, touched bool, err error) {
	switch {
	case ch.Create != nil:
		var n int64
		if err := tx.QueryRow(ctx, s.sql(`SELECT nextval('{s}.intake_candidate_ids')`)).Scan(&n); err != nil {
			return "", c, false, err
		}
		id = fmt.Sprintf("LI%05d", n)
		nc := ch.Create
		c = model.Candidate{FirstName: nc.FirstName, LastName: nc.LastName, CurrentJobTitle: nc.CurrentJobTitle, CurrentCompanyName: nc.CurrentCompanyName,
			LinkedInProfileURL: nc.ProfileURL, ATSCreatedAt: ms, ATSLastModifiedAt: ms, ExternalProfileURL: s.site + "/candidates/" + id,
			EmailAddresses: []string{}, Addresses: []model.Address{}, PhoneNumbers: []model.PhoneNumber{}}
		if nc.Email != "" {
			c.EmailAddresses = []string{nc.Email}
		}
		if nc.Phone != "" {
			c.PhoneNumbers = []model.PhoneNumber{{Number: nc.Phone}}
		}
		return id, c, true, nil
	case ch.CandidateID != "":
		v, ok, err := s.loadTx(ctx, tx, tenant, rscsync.Candidates, rscsync.Ref{ID: ch.CandidateID})
		if err != nil || !ok {
			return "", c, false, err
		}
		c, _ = v.(model.Candidate)
		return ch.CandidateID, c, false, nil
	case ch.Member != "":
		recs, err := s.candidates(ctx, tx, tenant, ch.Member)
		if err != nil || len(recs) == 0 {
			return "", c, false, err
		}
		c, _ = recs[0].Value.(model.Candidate)
		return recs[0].Ref.ID, c, false, nil
	}
	return "", c, false, nil
}

// intakePlan opens a hiring process (an application record in FirstStage)
// for candidate id on each of the plan's positions.
func (s *Store) intakePlan(ctx context.Context, tx pgx.Tx, tenant, id string, cand model.Candidate, p *source.Plan, ms model.EpochMillis) error {
	src := LinkedInSource
	if p.NewSource != nil && p.NewSource.Name != "" {
		src = p.NewSource.Name
	}
	src = strings.TrimSpace(src + " " + strings.Join(p.Tags, ", "))
	for _, job := range p.HiringProcesses {
		app := model.Application{ATSCandidateID: id, ATSJobPostingID: job, ATSJobPostingName: job, FirstName: cand.FirstName, LastName: cand.LastName,
			Source: src, ATSCreatedAt: ms, ATSLastModifiedAt: ms}
		if len(cand.EmailAddresses) > 0 {
			app.CandidateEmail = cand.EmailAddresses[0]
		}
		if v, ok, err := s.loadTx(ctx, tx, tenant, rscsync.Jobs, rscsync.Ref{ID: job}); err != nil {
			return err
		} else if jp, isJob := v.(model.JobPosting); ok && isJob {
			app.ATSJobPostingName = jp.Title
		}
		ref := rscsync.Ref{ID: id + "-" + job}
		if err := s.PutRecord(ctx, tx, tenant, rscsync.Applications, rscsync.Record{Ref: ref, Value: app}); err != nil {
			return err
		}
		stage := rscsync.Record{Ref: rscsync.Ref{ID: ref.ID + "-S1", Parent: ref.ID}, Value: model.ApplicationStage{ATSCreatedAt: ms, Stage: FirstStage}}
		if err := s.PutRecord(ctx, tx, tenant, rscsync.Stages, stage); err != nil {
			return err
		}
	}
	return nil
}

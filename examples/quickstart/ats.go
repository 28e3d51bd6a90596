package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// tenantID is the quickstart ATS's one customer.
const tenantID = "acme"

// atsUser is an ATS user; linkedInEmail is set for those who hold a
// Recruiter seat (their LinkedIn email differs from their ATS email).
type atsUser struct {
	sqlitestore.User
	linkedInEmail string
}

// users are the ATS's users. atsgen's hiring teams name them
// urn:li:person:user1 to user5, in this order.
var users = []atsUser{
	{sqlitestore.User{ID: "U1", Email: "rita@acme-ats.example", FirstName: "Rita", LastName: "Recruiter"}, "rita.recruiter@linkedin-mail.example"},
	{sqlitestore.User{ID: "U2", Email: "hank@acme-ats.example", FirstName: "Hank", LastName: "Manager"}, "hank.m@linkedin-mail.example"},
	{sqlitestore.User{ID: "U3", Email: "ivy@acme-ats.example", FirstName: "Ivy", LastName: "Interviewer"}, "ivy.i@linkedin-mail.example"},
	{sqlitestore.User{ID: "U4", Email: "omar@acme-ats.example", FirstName: "Omar", LastName: "Coordinator"}, ""},
	{sqlitestore.User{ID: "U5", Email: "pia@acme-ats.example", FirstName: "Pia", LastName: "Director"}, ""},
}

// seedATS fills a new database with a generated ATS: the data the customer
// had before the integration, so no outbox rows (the backfill sends it).
func seedATS(ctx context.Context, store *sqlitestore.Store, candidates int, now time.Time) error {
	if err := store.SaveTenant(ctx, sqlitestore.TenantRow{ID: tenantID, Name: "Acme"}); err != nil {
		return err
	}
	us := make([]sqlitestore.User, len(users))
	for i, u := range users {
		us[i] = u.User
	}
	if err := store.SeedDataset(ctx, tenantID, us, atsgen.Generate(1, candidates, now)); err != nil {
		return err
	}
	return store.SetMeta(ctx, "seeded", now.UTC().Format(time.RFC3339))
}

// atsCounts describes the ATS in numbers.
type atsCounts struct {
	users, seated                         int
	jobs, open, closed, private           int
	candidates, applications              int
	stages, notes, feedback, fromLinkedIn int
}

func countATS(ctx context.Context, store *sqlitestore.Store) (atsCounts, error) {
	var c atsCounts
	err := store.DB().QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM users WHERE tenant = ?1),
		(SELECT count(*) FROM users WHERE tenant = ?1 AND seat <> ''),
		(SELECT count(*) FROM jobs WHERE tenant = ?1),
		(SELECT count(*) FROM jobs WHERE tenant = ?1 AND closed = 0),
		(SELECT count(*) FROM jobs WHERE tenant = ?1 AND closed = 1),
		(SELECT count(*) FROM jobs WHERE tenant = ?1 AND private = 1),
		(SELECT count(*) FROM candidates WHERE tenant = ?1),
		(SELECT count(*) FROM applications WHERE tenant = ?1),
		(SELECT count(*) FROM application_stages WHERE tenant = ?1),
		(SELECT count(*) FROM candidate_notes WHERE tenant = ?1) + (SELECT count(*) FROM application_notes WHERE tenant = ?1),
		(SELECT count(*) FROM interview_feedback WHERE tenant = ?1),
		(SELECT count(*) FROM candidates WHERE tenant = ?1 AND id LIKE 'LI%')`, tenantID).
		Scan(&c.users, &c.seated, &c.jobs, &c.open, &c.closed, &c.private, &c.candidates, &c.applications,
			&c.stages, &c.notes, &c.feedback, &c.fromLinkedIn)
	if err != nil {
		return c, fmt.Errorf("count the ATS: %w", err)
	}
	return c, nil
}

// stages is the hiring pipeline, in order.
var stages = []string{"New", "Phone Screen", "Onsite Interview", "Offer Extended", "Offer Accepted", "Hired"}

// liveEdit is the change made while the quickstart runs.
type liveEdit struct {
	candidate            sqlitestore.Candidate
	oldTitle, newTitle   string
	application, stageID string
	fromStage, toStage   string
	committed            time.Time
}

// editCandidate is what a recruiter does in the ATS while the integration
// runs: it promotes a candidate's job title and moves one of its
// applications to the next stage. The host's own SQL and the two outbox
// rows commit in one transaction. The nth run edits the nth candidate
// (by id) whose application is early in the pipeline (from the start again
// when there are fewer), among the applications on jobs whose hiring team
// has Rita (users[0]): the report shows Recruiter through her seat, and
// LinkedIn shows a secured job's applications only to its access list.
func editCandidate(ctx context.Context, store *sqlitestore.Store, run int, now time.Time) (liveEdit, error) {
	rows, err := store.DB().QueryContext(ctx, `SELECT a.candidate_id, a.id, s.stage FROM applications a
		JOIN application_stages s ON s.tenant = a.tenant AND s.application_id = a.id
		WHERE a.tenant = ? AND a.candidate_id LIKE 'C%'
		  AND s.id = (SELECT max(id) FROM application_stages WHERE tenant = a.tenant AND application_id = a.id)
		  AND EXISTS (SELECT 1 FROM job_acls l JOIN job_acl_members m ON m.tenant = l.tenant AND m.acl_id = l.id
		              WHERE l.tenant = a.tenant AND l.job_id = a.job_id AND m.user_id = ?)
		ORDER BY a.candidate_id, a.id`, tenantID, users[0].ID)
	if err != nil {
		return liveEdit{}, err
	}
	type pick struct{ candidate, application, stage string }
	var early, late []pick
	seen := map[string]bool{}
	for rows.Next() {
		var x pick
		if err := rows.Scan(&x.candidate, &x.application, &x.stage); err != nil {
			rows.Close()
			return liveEdit{}, err
		}
		if seen[x.candidate] {
			continue
		}
		seen[x.candidate] = true
		if slices.Contains(stages[:3], x.stage) {
			early = append(early, x)
		} else {
			late = append(late, x)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return liveEdit{}, err
	}
	eligible := early
	if len(eligible) == 0 {
		eligible = late
	}
	if len(eligible) == 0 {
		return liveEdit{}, errors.New("no candidate with an application to edit")
	}
	x := eligible[(run-1)%len(eligible)]
	candID := x.candidate
	e := liveEdit{application: x.application, fromStage: x.stage, toStage: "Onsite Interview"} // a new round when the process is over
	if i := slices.Index(stages, x.stage); i >= 0 && i+1 < len(stages) {
		e.toStage = stages[i+1]
	}
	c, _, err := store.Candidate(ctx, tenantID, candID)
	if err != nil {
		return liveEdit{}, err
	}
	e.oldTitle = c.Title
	e.newTitle = promote(c.Title)
	ms := int64(model.Millis(now))
	err = store.Update(ctx, tenantID, func(tx *sqlitestore.Tx) error {
		if _, err := tx.Exec(`UPDATE candidates SET title = ?, modified_at = ? WHERE tenant = ? AND id = ?`, e.newTitle, ms, tenantID, candID); err != nil {
			return err
		}
		if err := tx.Touch(rscsync.Candidates, rscsync.Ref{ID: candID}, rscsync.OpUpsert); err != nil {
			return err
		}
		var k int
		if err := tx.QueryRow(`SELECT count(*) FROM application_stages WHERE tenant = ? AND application_id = ?`, tenantID, e.application).Scan(&k); err != nil {
			return err
		}
		e.stageID = fmt.Sprintf("%s-S%d", e.application, k+1)
		if _, err := tx.Exec(`INSERT INTO application_stages (tenant, application_id, id, stage, created_at) VALUES (?, ?, ?, ?, ?)`,
			tenantID, e.application, e.stageID, e.toStage, ms); err != nil {
			return err
		}
		return tx.Touch(rscsync.Stages, rscsync.Ref{ID: e.stageID, Parent: e.application}, rscsync.OpUpsert)
	})
	if err != nil {
		return liveEdit{}, err
	}
	e.committed = time.Now()
	e.candidate, _, err = store.Candidate(ctx, tenantID, candID)
	return e, err
}

// promote returns the next job title up: "Senior X", then "Staff X", then
// "Principal X".
func promote(title string) string {
	for _, step := range [][2]string{{"Staff ", "Principal "}, {"Senior ", "Staff "}} {
		if rest, ok := strings.CutPrefix(title, step[0]); ok {
			return step[1] + rest
		}
	}
	if strings.HasPrefix(title, "Principal ") {
		return title + " II"
	}
	return "Senior " + title
}

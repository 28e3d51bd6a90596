package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rsc/matching"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rsc/source"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// ATS is the rscsync.ATS of the intake over the Store's tables: it looks
// candidates and recruiters up and applies the intake's decisions (new
// candidates, hiring processes, sources, tags, contact details, InMails,
// notes) with the outbox intents that sync them back, in one transaction.
type ATS struct {
	s      *Store
	region string
}

var _ rscsync.ATS = (*ATS)(nil)

// ATS returns the intake's view of the store. region (e.g. "US")
// normalises phone numbers without a country code.
func (s *Store) ATS(region string) *ATS { return &ATS{s: s, region: region} }

// User is an ATS user. Seat and Person are set once the user signed in with
// LinkedIn and holds a Recruiter seat.
type User struct {
	ID, Email, FirstName, LastName string
	Seat, Person                   model.URN
}

// AddUser inserts or replaces an ATS user.
func (s *Store) AddUser(ctx context.Context, tenant string, u User) error {
	_, err := s.db.ExecContext(ctx, `INSERT OR REPLACE INTO users (tenant, id, email, first_name, last_name, seat, person) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		tenant, u.ID, u.Email, u.FirstName, u.LastName, string(u.Seat), string(u.Person))
	if err != nil {
		return fmt.Errorf("sqlitestore: add user %s: %w", u.ID, err)
	}
	return nil
}

// Users returns the ATS users of tenant by id.
func (s *Store) Users(ctx context.Context, tenant string) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, email, first_name, last_name, seat, person FROM users WHERE tenant = ? ORDER BY id`, tenant)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Email, &u.FirstName, &u.LastName, &u.Seat, &u.Person); err != nil {
			return nil, fmt.Errorf("sqlitestore: users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// AddACLMember puts an ATS user on a private job's hiring team (the job's
// entity ACL aclID), without an outbox intent: data from before the
// integration.
func (s *Store) AddACLMember(ctx context.Context, tenant, jobID, aclID, userID string) error {
	return inTx(ctx, s.db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO job_acls (tenant, id, job_id) VALUES (?, ?, ?)`, tenant, aclID, jobID); err != nil {
			return fmt.Errorf("sqlitestore: add acl %s: %w", aclID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO job_acl_members (tenant, acl_id, user_id) VALUES (?, ?, ?)`, tenant, aclID, userID); err != nil {
			return fmt.Errorf("sqlitestore: add acl member %s: %w", userID, err)
		}
		return nil
	})
}

// BindSeat records that ATS user userID signed in with LinkedIn and holds
// seat as person. The user's hiring-team memberships become ACL assignees
// at LinkedIn: once the backfill of ACL assignees has begun they get
// outbox intents in the same transaction; before that the backfill will
// send them as they are, and intents would only send them twice.
func (s *Store) BindSeat(ctx context.Context, tenant, userID string, seat, person model.URN) error {
	return s.Update(ctx, tenant, func(tx *Tx) error {
		res, err := tx.Exec(`UPDATE users SET seat = ?, person = ? WHERE tenant = ? AND id = ?`, string(seat), string(person), tenant, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("no user %s", userID)
		}
		cp, err := s.LoadCheckpointTx(ctx, tx.tx, rscsync.StreamID{Tenant: tenant, Name: "backfill/" + string(rscsync.ACLAssignees)})
		if err != nil || cp.Version == 0 {
			return err
		}
		rows, err := tx.tx.QueryContext(ctx, `SELECT acl_id FROM job_acl_members WHERE tenant = ? AND user_id = ?`, tenant, userID)
		if err != nil {
			return err
		}
		var acls []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			acls = append(acls, id)
		}
		rows.Close()
		for _, id := range acls {
			if err := tx.Touch(rscsync.ACLAssignees, rscsync.Ref{ID: id, Parent: string(person)}, rscsync.OpUpsert); err != nil {
				return err
			}
		}
		return nil
	})
}

// candidateRow is what the intake reads of a candidate.
type candidateRow struct {
	id, first, last, company, profileURL string
	member                               model.URN
	emails, phones                       []string
}

func (c candidateRow) record() matching.Record {
	return matching.Record{ID: c.id, FirstName: c.first, LastName: c.last, Emails: c.emails, Phones: c.phones,
		Company: c.company, ProfileURL: c.profileURL, Member: c.member}
}

// Lookup implements rscsync.ATS: the candidate that is the same person
// (member URN, canonical profile URL or email; matching.SamePerson) and
// those with similar details (matching.Index). It reads every candidate of
// the tenant, which is fine for an example; a large ATS keeps a
// matching.Index up to date instead.
func (a *ATS) Lookup(ctx context.Context, tenant string, p matching.Record) (rscsync.Lookup, error) {
	rows, err := a.s.db.QueryContext(ctx, `SELECT id, first_name, last_name, company, profile_url, member, emails, phones FROM candidates WHERE tenant = ? ORDER BY id`, tenant)
	if err != nil {
		return rscsync.Lookup{}, fmt.Errorf("sqlitestore: lookup: %w", err)
	}
	var cands []candidateRow
	for rows.Next() {
		var c candidateRow
		var emails, phones string
		if err := rows.Scan(&c.id, &c.first, &c.last, &c.company, &c.profileURL, &c.member, &emails, &phones); err != nil {
			rows.Close()
			return rscsync.Lookup{}, fmt.Errorf("sqlitestore: lookup: %w", err)
		}
		c.emails, c.phones = decodeList(emails), decodeList(phones)
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rscsync.Lookup{}, fmt.Errorf("sqlitestore: lookup: %w", err)
	}
	var out rscsync.Lookup
	in := matching.Identity{Member: p.Member, ProfileURL: p.ProfileURL}
	if len(p.Emails) > 0 {
		in.Email = p.Emails[0]
	}
	recs := make([]matching.Record, len(cands))
	for i, c := range cands {
		recs[i] = c.record()
		if out.Same != nil {
			continue
		}
		ids := []matching.Identity{{Member: c.member, ProfileURL: c.profileURL}}
		for j, e := range c.emails {
			if j == 0 {
				ids[0].Email = e
			} else {
				ids = append(ids, matching.Identity{Member: c.member, ProfileURL: c.profileURL, Email: e})
			}
		}
		if slices.ContainsFunc(ids, func(id matching.Identity) bool { return matching.SamePerson(in, id) }) {
			positions, err := a.s.positions(ctx, a.s.db, tenant, c.id)
			if err != nil {
				return rscsync.Lookup{}, fmt.Errorf("sqlitestore: lookup: %w", err)
			}
			out.Same = &rscsync.ATSCandidate{ID: c.id, Member: c.member, Emails: c.emails, Phones: c.phones, Positions: positions}
		}
	}
	ix := matching.BuildIndex(recs, matching.Options{DefaultRegion: a.region})
	for _, m := range ix.Lookup(p) {
		if m.Same || (out.Same != nil && m.ID == out.Same.ID) {
			continue
		}
		out.Similar = append(out.Similar, source.Similar{CandidateID: m.ID, Score: m.Score})
	}
	return out, nil
}

// positions returns the jobs of a candidate's hiring processes.
func (s *Store) positions(ctx context.Context, q execer, tenant, candidate string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT job_id FROM applications WHERE tenant = ? AND candidate_id = ? ORDER BY created_at, id`, tenant, candidate)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var j string
		if err := rows.Scan(&j); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// Recruiter implements rscsync.ATS: the user bound to the seat (or person),
// with the source contacts and users that have the user's ATS email.
func (a *ATS) Recruiter(ctx context.Context, tenant string, seat, person model.URN) (rscsync.Recruiter, error) {
	var r rscsync.Recruiter
	err := a.s.db.QueryRowContext(ctx, `SELECT first_name, last_name, email FROM users WHERE tenant = ? AND ((seat <> '' AND seat = ?) OR (person <> '' AND person = ?)) ORDER BY id LIMIT 1`,
		tenant, string(seat), string(person)).Scan(&r.FirstName, &r.LastName, &r.ATSEmail)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("sqlitestore: recruiter: %w", err)
	}
	r.Known = true
	email := matching.NormalizeEmail(r.ATSEmail)
	rows, err := a.s.db.QueryContext(ctx, `SELECT id, email, source_id, first_name, last_name FROM source_contacts WHERE tenant = ? ORDER BY id`, tenant)
	if err != nil {
		return r, fmt.Errorf("sqlitestore: recruiter: %w", err)
	}
	for rows.Next() {
		var c source.Contact
		if err := rows.Scan(&c.ID, &c.Email, &c.SourceID, &c.FirstName, &c.LastName); err != nil {
			rows.Close()
			return r, fmt.Errorf("sqlitestore: recruiter: %w", err)
		}
		if matching.NormalizeEmail(c.Email) == email {
			r.Contacts = append(r.Contacts, c)
		}
	}
	rows.Close()
	users, err := a.s.Users(ctx, tenant)
	if err != nil {
		return r, err
	}
	for _, u := range users {
		if matching.NormalizeEmail(u.Email) == email {
			r.Users = append(r.Users, source.User{ID: u.ID, Email: u.Email})
		}
	}
	return r, nil
}

// nextID returns the next value of a per-tenant counter, in tx.
func nextID(ctx context.Context, tx *sql.Tx, tenant, name string) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `INSERT INTO id_counters (tenant, name, value) VALUES (?, ?, 1)
		ON CONFLICT (tenant, name) DO UPDATE SET value = value + 1 RETURNING value`, tenant, name).Scan(&v)
	return v, err
}

// FirstStage is the stage of a hiring process the intake opens.
const FirstStage = "New"

// applyOnce stores one intake change in tx idempotently by its Key (a
// Key in intake_applied is skipped), and records outbox intents for the
// candidate, hiring processes and stages it creates or links. Store.Apply
// calls it in the transaction that moves the checkpoint.
func (a *ATS) applyOnce(ctx context.Context, tx *Tx, ch rscsync.Change) error {
	res, err := tx.Exec(`INSERT INTO intake_applied (tenant, key, kind, at, failure) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		tx.tenant, ch.Key, string(ch.Kind), nanos(a.s.now()), ch.Failure)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // applied before
	}
	return a.apply(ctx, tx, ch)
}

func (a *ATS) apply(ctx context.Context, tx *Tx, ch rscsync.Change) error {
	tenant := tx.tenant
	at := ch.At
	if at.IsZero() {
		at = a.s.now()
	}
	ms := int64(model.Millis(at))
	if ch.Failure != "" {
		return nil // recorded in intake_applied
	}
	id := ch.CandidateID
	touched := false
	switch {
	case ch.Create != nil:
		n, err := nextID(ctx, tx.tx, tenant, "candidate")
		if err != nil {
			return err
		}
		id = fmt.Sprintf("LI%05d", n)
		c := ch.Create
		var emails, phones []string
		if c.Email != "" {
			emails = []string{c.Email}
		}
		if c.Phone != "" {
			phones = []string{c.Phone}
		}
		if _, err := tx.Exec(`INSERT INTO candidates (tenant, id, first_name, last_name, headline, company, title, location, emails, phones, profile_url, member, unassigned, created_at, modified_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tenant, id, c.FirstName, c.LastName, c.Headline, c.CurrentCompanyName, c.CurrentJobTitle, c.Location,
			encodeList(emails), encodeList(phones), c.ProfileURL, string(ch.Member), c.Unassigned, ms, ms); err != nil {
			return err
		}
		touched = true
	case id != "":
		var exists int
		if err := tx.QueryRow(`SELECT count(*) FROM candidates WHERE tenant = ? AND id = ?`, tenant, id).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			id = ""
		}
	case ch.Member != "":
		// The candidate linked to the member, one an earlier change of the
		// same batch created included.
		err := tx.QueryRow(`SELECT id FROM candidates WHERE tenant = ? AND member = ? ORDER BY id LIMIT 1`, tenant, string(ch.Member)).Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	if id == "" {
		// History of a member the ATS has no candidate for yet: keep it by
		// member; it moves to the candidate that gets linked to the member.
		return a.keepHistory(tx, "", ch)
	}
	if ch.Member != "" {
		res, err := tx.Exec(`UPDATE candidates SET member = ?, modified_at = max(modified_at, ?) WHERE tenant = ? AND id = ? AND member <> ?`,
			string(ch.Member), ms, tenant, id, string(ch.Member))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			touched = true
		}
		for _, table := range []string{"linkedin_messages", "linkedin_notes"} {
			if _, err := tx.Exec(`UPDATE `+table+` SET candidate_id = ? WHERE tenant = ? AND candidate_id = '' AND member = ?`, id, tenant, string(ch.Member)); err != nil {
				return err
			}
		}
	}
	for _, fill := range []struct{ col, value string }{{"emails", ch.FillEmail}, {"phones", ch.FillPhone}} {
		if fill.value == "" {
			continue
		}
		var cur string
		if err := tx.QueryRow(`SELECT `+fill.col+` FROM candidates WHERE tenant = ? AND id = ?`, tenant, id).Scan(&cur); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE candidates SET `+fill.col+` = ?, modified_at = max(modified_at, ?) WHERE tenant = ? AND id = ?`,
			encodeList(append(decodeList(cur), fill.value)), ms, tenant, id); err != nil {
			return err
		}
		touched = true
	}
	for _, act := range ch.Activities {
		if _, err := tx.Exec(`INSERT INTO candidate_activities (tenant, candidate_id, field, value, at) VALUES (?, ?, ?, ?, ?)`,
			tenant, id, act.Field, act.Value, nanos(at)); err != nil {
			return err
		}
	}
	if p := ch.Plan; p != nil {
		if err := a.applyPlan(ctx, tx, id, p, ms); err != nil {
			return err
		}
	}
	if err := a.keepHistory(tx, id, ch); err != nil {
		return err
	}
	if touched {
		return tx.Touch(rscsync.Candidates, rscsync.Ref{ID: id}, rscsync.OpUpsert)
	}
	return nil
}

// keepHistory stores an InMail, note or purge of candidate id ("" when the
// ATS has no candidate for the member yet).
func (a *ATS) keepHistory(tx *Tx, id string, ch rscsync.Change) error {
	tenant := tx.tenant
	if m := ch.Message; m != nil {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO linkedin_messages (tenant, id, candidate_id, member, thread, author, owner, at, subject, body, visible, summary)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, tenant, m.ID, id, string(ch.Member), string(m.Thread), string(m.Author), string(m.Owner),
			nanos(m.At), m.Subject, m.Body, string(m.Visible), m.Summary); err != nil {
			return err
		}
	}
	if n := ch.Note; n != nil {
		if _, err := tx.Exec(`DELETE FROM linkedin_notes WHERE tenant = ? AND id = ?`, tenant, n.ID); err != nil {
			return err
		}
		if !n.Deleted {
			if _, err := tx.Exec(`INSERT INTO linkedin_notes (tenant, id, candidate_id, member, author, at, text, visible, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				tenant, n.ID, id, string(ch.Member), string(n.Author), nanos(n.At), n.Text, string(n.Visible), n.Summary); err != nil {
				return err
			}
		}
	}
	if p := ch.Purged; p != nil {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO purged_profiles (tenant, member, request_id, purged_at) VALUES (?, ?, ?, ?)`,
			tenant, string(p.Member), p.RequestID, int64(p.PurgedAt)); err != nil {
			return err
		}
	}
	return nil
}

// applyPlan carries out a source.Plan for candidate id: source contact and
// source, tag, hiring processes (each opened in FirstStage) and duplicate
// alerts, with intents for the new applications and stages.
func (a *ATS) applyPlan(ctx context.Context, tx *Tx, id string, p *source.Plan, ms int64) error {
	tenant := tx.tenant
	contactID := p.ContactID
	if nc := p.NewContact; nc != nil {
		n, err := nextID(ctx, tx.tx, tenant, "contact")
		if err != nil {
			return err
		}
		contactID = fmt.Sprintf("SC%04d", n)
		if _, err := tx.Exec(`INSERT INTO source_contacts (tenant, id, email, first_name, last_name, user_id) VALUES (?, ?, ?, ?, ?, ?)`,
			tenant, contactID, nc.Email, nc.FirstName, nc.LastName, nc.UserID); err != nil {
			return err
		}
	}
	sourceID := p.SourceID
	if ns := p.NewSource; ns != nil {
		n, err := nextID(ctx, tx.tx, tenant, "source")
		if err != nil {
			return err
		}
		sourceID = fmt.Sprintf("SRC%04d", n)
		if _, err := tx.Exec(`INSERT INTO sources (tenant, id, name, type, contact_id) VALUES (?, ?, ?, ?, ?)`, tenant, sourceID, ns.Name, ns.Type, contactID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE source_contacts SET source_id = ? WHERE tenant = ? AND id = ?`, sourceID, tenant, contactID); err != nil {
			return err
		}
	}
	var sourceName string
	if err := tx.QueryRow(`SELECT coalesce((SELECT name FROM sources WHERE tenant = ? AND id = ?), '')`, tenant, sourceID).Scan(&sourceName); err != nil {
		return err
	}
	for _, tag := range p.Tags {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO candidate_tags (tenant, candidate_id, tag) VALUES (?, ?, ?)`, tenant, id, tag); err != nil {
			return err
		}
	}
	for _, pos := range p.HiringProcesses {
		app := id + "-" + pos
		if _, err := tx.Exec(`INSERT INTO applications (tenant, id, candidate_id, job_id, source, source_id, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			tenant, app, id, pos, sourceName, sourceID, ms, ms); err != nil {
			return err
		}
		stage := app + "-S1"
		if _, err := tx.Exec(`INSERT INTO application_stages (tenant, application_id, id, stage, created_at) VALUES (?, ?, ?, ?, ?)`,
			tenant, app, stage, FirstStage, ms); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE candidates SET unassigned = 0 WHERE tenant = ? AND id = ?`, tenant, id); err != nil {
			return err
		}
		if err := tx.Touch(rscsync.Applications, rscsync.Ref{ID: app}, rscsync.OpUpsert); err != nil {
			return err
		}
		if err := tx.Touch(rscsync.Stages, rscsync.Ref{ID: stage, Parent: app}, rscsync.OpUpsert); err != nil {
			return err
		}
	}
	for _, d := range p.PossibleDuplicates {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO possible_duplicates (tenant, candidate_id, other_id) VALUES (?, ?, ?)`, tenant, id, d); err != nil {
			return err
		}
	}
	return nil
}

// Candidate is a candidate as the ATS shows it, with what LinkedIn brought.
type Candidate struct {
	ID, FirstName, LastName, Headline, Company, Title string
	Emails, Phones                                    []string
	ProfileURL                                        string
	Member                                            model.URN
	Unassigned                                        bool
	Tags                                              []string
	Processes                                         []Process
	Activities                                        []rscsync.Activity
	// Messages and Notes count the InMails and Recruiter notes attached.
	Messages, Notes    int
	PossibleDuplicates []string
}

// Process is a hiring process: an application with its job, source and
// stages.
type Process struct {
	ApplicationID, JobID, JobTitle string
	Source                         ProcessSource
	Stages                         []string
}

// ProcessSource is the source of a hiring process and its source contact.
type ProcessSource struct {
	ID, Name, Type                       string
	ContactID, ContactName, ContactEmail string
	ContactUserID                        string
}

// Candidate returns a candidate of tenant; ok is false if there is none.
func (s *Store) Candidate(ctx context.Context, tenant, id string) (c Candidate, ok bool, err error) {
	var emails, phones string
	err = s.db.QueryRowContext(ctx, `SELECT id, first_name, last_name, headline, company, title, emails, phones, profile_url, member, unassigned
		FROM candidates WHERE tenant = ? AND id = ?`, tenant, id).
		Scan(&c.ID, &c.FirstName, &c.LastName, &c.Headline, &c.Company, &c.Title, &emails, &phones, &c.ProfileURL, &c.Member, &c.Unassigned)
	if errors.Is(err, sql.ErrNoRows) {
		return Candidate{}, false, nil
	}
	if err != nil {
		return Candidate{}, false, fmt.Errorf("sqlitestore: candidate %s: %w", id, err)
	}
	c.Emails, c.Phones = decodeList(emails), decodeList(phones)
	if err := s.candidateDetails(ctx, tenant, &c); err != nil {
		return Candidate{}, false, fmt.Errorf("sqlitestore: candidate %s: %w", id, err)
	}
	return c, true, nil
}

// CandidateByMember returns the candidate linked to a LinkedIn member.
func (s *Store) CandidateByMember(ctx context.Context, tenant string, member model.URN) (Candidate, bool, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT id FROM candidates WHERE tenant = ? AND member = ? ORDER BY id LIMIT 1`, tenant, string(member)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Candidate{}, false, nil
	}
	if err != nil {
		return Candidate{}, false, fmt.Errorf("sqlitestore: candidate of %s: %w", member, err)
	}
	return s.Candidate(ctx, tenant, id)
}

func (s *Store) candidateDetails(ctx context.Context, tenant string, c *Candidate) error {
	strs := func(query string, args ...any) ([]string, error) {
		rows, err := s.db.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, rows.Err()
	}
	var err error
	if c.Tags, err = strs(`SELECT tag FROM candidate_tags WHERE tenant = ? AND candidate_id = ? ORDER BY tag`, tenant, c.ID); err != nil {
		return err
	}
	if c.PossibleDuplicates, err = strs(`SELECT other_id FROM possible_duplicates WHERE tenant = ? AND candidate_id = ? ORDER BY other_id`, tenant, c.ID); err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.job_id, coalesce(j.title, ''), a.source_id, coalesce(src.name, a.source), coalesce(src.type, ''),
			coalesce(sc.id, ''), coalesce(sc.first_name || ' ' || sc.last_name, ''), coalesce(sc.email, ''), coalesce(sc.user_id, '')
		FROM applications a
		LEFT JOIN jobs j ON j.tenant = a.tenant AND j.id = a.job_id
		LEFT JOIN sources src ON src.tenant = a.tenant AND src.id = a.source_id AND a.source_id <> ''
		LEFT JOIN source_contacts sc ON sc.tenant = a.tenant AND sc.id = src.contact_id
		WHERE a.tenant = ? AND a.candidate_id = ? ORDER BY a.created_at, a.id`, tenant, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p Process
		if err := rows.Scan(&p.ApplicationID, &p.JobID, &p.JobTitle, &p.Source.ID, &p.Source.Name, &p.Source.Type,
			&p.Source.ContactID, &p.Source.ContactName, &p.Source.ContactEmail, &p.Source.ContactUserID); err != nil {
			rows.Close()
			return err
		}
		p.Source.ContactName = strings.TrimSpace(p.Source.ContactName)
		c.Processes = append(c.Processes, p)
	}
	rows.Close()
	for i := range c.Processes {
		if c.Processes[i].Stages, err = strs(`SELECT stage FROM application_stages WHERE tenant = ? AND application_id = ? ORDER BY created_at, id`,
			tenant, c.Processes[i].ApplicationID); err != nil {
			return err
		}
	}
	arows, err := s.db.QueryContext(ctx, `SELECT field, value FROM candidate_activities WHERE tenant = ? AND candidate_id = ? ORDER BY at`, tenant, c.ID)
	if err != nil {
		return err
	}
	for arows.Next() {
		var act rscsync.Activity
		if err := arows.Scan(&act.Field, &act.Value); err != nil {
			arows.Close()
			return err
		}
		c.Activities = append(c.Activities, act)
	}
	arows.Close()
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM linkedin_messages WHERE tenant = ?1 AND candidate_id = ?2),
		(SELECT count(*) FROM linkedin_notes WHERE tenant = ?1 AND candidate_id = ?2)`, tenant, c.ID).Scan(&c.Messages, &c.Notes); err != nil {
		return err
	}
	return nil
}

// IntakeFailures returns the intake changes that were refused (such as an
// export to a job the candidate is already in), with their reasons.
func (s *Store) IntakeFailures(ctx context.Context, tenant string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT failure FROM intake_applied WHERE tenant = ? AND failure <> '' ORDER BY at`, tenant)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: intake failures: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, fmt.Errorf("sqlitestore: intake failures: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

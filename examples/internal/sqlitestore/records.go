package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// How the ATS's rows become rscsync records. Each resource is a query over
// the ATS's own tables (joined where LinkedIn wants denormalised fields,
// such as an application's job title) that yields the record's Ref (parent,
// id) and the columns of its model value. Scans run in (parent, id) order
// on the tables' primary keys; the cursor is the last (parent, id).
//
// ATS timestamps are stored as Unix milliseconds, the unit LinkedIn uses.

// resourceSpec maps one resource to SQL.
type resourceSpec struct {
	// from is the FROM clause; the main table is aliased x.
	from string
	// where adds conditions (starting with AND) to "x.tenant = ?".
	where string
	// parent and id are the SQL expressions of Ref.Parent and Ref.ID.
	parent, id string
	// cols are the value's columns. value returns where to scan them and
	// how to build the model value once they are scanned.
	cols  string
	value func(s *Store) (dest []any, build func(ref rscsync.Ref) (model.Record, error))
}

var specs = map[rscsync.Resource]resourceSpec{
	// Attachments are the resumes of applications. The value carries the
	// file's fields; ScanRecords and LoadRecords add Open, which streams the
	// content from the database (see attachments.go).
	rscsync.Attachments: {
		from: "application_attachments x", parent: "x.application_id", id: "x.id",
		cols: "x.file_name, x.file_type, x.created_at, x.modified_at, x.contract, x.size",
		value: func(s *Store) ([]any, func(rscsync.Ref) (model.Record, error)) {
			var a model.Attachment
			var contract string
			return []any{&a.FileName, &a.FileType, &a.CreatedAt, &a.LastModifiedAt, &contract, &a.Size}, func(ref rscsync.Ref) (model.Record, error) {
				a.Key = model.AttachmentKey{Application: model.ApplicationKey{ATSJobApplicationID: ref.Parent}, AttachmentID: ref.ID}
				a.Contract = model.URN(contract)
				return a, nil
			}
		},
	},
	rscsync.Jobs: {
		from: "jobs x", parent: "''", id: "x.id",
		cols: "x.title, x.description, x.location, x.listed_at, x.closed, x.private",
		value: func(s *Store) ([]any, func(rscsync.Ref) (model.Record, error)) {
			var j model.JobPosting
			var closed, private bool
			return []any{&j.Title, &j.Description, &j.Location, &j.ListedAt, &closed, &private}, func(ref rscsync.Ref) (model.Record, error) {
				j.CompanyApplyURL = s.site + "/jobs/" + url.PathEscape(ref.ID)
				j.CompanyJobCode = ref.ID
				j.Availability = model.AvailabilityPublic
				if private {
					j.Availability, j.AccessRestricted = model.AvailabilityPrivate, true
				}
				if closed {
					j.State = model.JobStateClosed
				}
				return j, nil
			}
		},
	},
	rscsync.Candidates: {
		from: "candidates x", parent: "''", id: "x.id",
		cols: "x.first_name, x.last_name, x.company, x.title, x.emails, x.phones, x.profile_url, x.member, x.created_at, x.modified_at",
		value: func(s *Store) ([]any, func(rscsync.Ref) (model.Record, error)) {
			var c model.Candidate
			var emails, phones string
			return []any{&c.FirstName, &c.LastName, &c.CurrentCompanyName, &c.CurrentJobTitle, &emails, &phones,
					&c.LinkedInProfileURL, &c.ManualMatchedMember, &c.ATSCreatedAt, &c.ATSLastModifiedAt},
				func(ref rscsync.Ref) (model.Record, error) {
					c.EmailAddresses = decodeList(emails)
					for _, p := range decodeList(phones) {
						c.PhoneNumbers = append(c.PhoneNumbers, model.PhoneNumber{Number: p})
					}
					c.ExternalProfileURL = s.CandidateURL(ref.ID)
					return c, nil
				}
		},
	},
	rscsync.Applications: {
		from: `applications x
			LEFT JOIN candidates c ON c.tenant = x.tenant AND c.id = x.candidate_id
			LEFT JOIN jobs j ON j.tenant = x.tenant AND j.id = x.job_id`,
		parent: "''", id: "x.id",
		cols: "x.candidate_id, x.job_id, coalesce(j.title, x.job_id), coalesce(c.emails, '[]'), coalesce(c.first_name, ''), coalesce(c.last_name, ''), x.source, x.created_at, x.modified_at",
		value: func(*Store) ([]any, func(rscsync.Ref) (model.Record, error)) {
			var a model.Application
			var emails string
			return []any{&a.ATSCandidateID, &a.ATSJobPostingID, &a.ATSJobPostingName, &emails, &a.FirstName, &a.LastName,
					&a.Source, &a.ATSCreatedAt, &a.ATSLastModifiedAt},
				func(rscsync.Ref) (model.Record, error) {
					if es := decodeList(emails); len(es) > 0 {
						a.CandidateEmail = es[0]
					}
					return a, nil
				}
		},
	},
	rscsync.Stages: {
		from: "application_stages x", parent: "x.application_id", id: "x.id",
		cols: "x.stage, x.created_at",
		value: func(*Store) ([]any, func(rscsync.Ref) (model.Record, error)) {
			var st model.ApplicationStage
			return []any{&st.Stage, &st.ATSCreatedAt}, func(rscsync.Ref) (model.Record, error) { return st, nil }
		},
	},
	rscsync.CandidateNotes: {
		from: "candidate_notes x", parent: "x.candidate_id", id: "x.id",
		cols: "x.note, x.author_first, x.author_last, x.created_at",
		value: func(*Store) ([]any, func(rscsync.Ref) (model.Record, error)) {
			var n model.CandidateNote
			var first, last string
			return []any{&n.Note, &first, &last, &n.ATSCreatedAt}, func(rscsync.Ref) (model.Record, error) {
				n.Author = actor(first, last)
				return n, nil
			}
		},
	},
	rscsync.ApplicationNotes: {
		from: "application_notes x", parent: "x.application_id", id: "x.id",
		cols: "x.note, x.author_first, x.author_last, x.created_at",
		value: func(*Store) ([]any, func(rscsync.Ref) (model.Record, error)) {
			var n model.ApplicationNote
			var first, last string
			return []any{&n.Note, &first, &last, &n.ATSCreatedAt}, func(rscsync.Ref) (model.Record, error) {
				n.Author = actor(first, last)
				return n, nil
			}
		},
	},
	rscsync.InterviewFeedback: {
		from: "interview_feedback x", parent: "x.application_id", id: "x.id",
		cols: "x.feedback, x.interview_type, x.evaluations, x.interviewer_first, x.interviewer_last, x.created_at",
		value: func(*Store) ([]any, func(rscsync.Ref) (model.Record, error)) {
			var f model.InterviewFeedback
			var evals, first, last string
			return []any{&f.Feedback, &f.InterviewType, &evals, &first, &last, &f.ATSCreatedAt}, func(rscsync.Ref) (model.Record, error) {
				if err := json.Unmarshal([]byte(evals), &f.Evaluations); err != nil {
					return nil, fmt.Errorf("evaluations: %w", err)
				}
				f.Interviewer = actor(first, last)
				return f, nil
			}
		},
	},
	// An entity ACL is a private job's hiring team; its assignees are the
	// team's members who hold a Recruiter seat (a user bound to a seat has
	// its person URN). Members without a seat stay in the ATS only.
	rscsync.EntityACLs: {
		from: "job_acls x", parent: "x.job_id", id: "x.id",
		value: func(*Store) ([]any, func(rscsync.Ref) (model.Record, error)) {
			return nil, func(rscsync.Ref) (model.Record, error) { return model.EntityACL{}, nil }
		},
	},
	rscsync.ACLAssignees: {
		from:   "job_acl_members x JOIN users u ON u.tenant = x.tenant AND u.id = x.user_id",
		where:  "AND u.person <> ''",
		parent: "u.person", id: "x.acl_id",
		value: func(*Store) ([]any, func(rscsync.Ref) (model.Record, error)) {
			return nil, func(rscsync.Ref) (model.Record, error) { return model.ACLAssignee{}, nil }
		},
	},
}

func actor(first, last string) *model.Actor {
	if first == "" && last == "" {
		return nil
	}
	return &model.Actor{FirstName: first, LastName: last}
}

// decodeList decodes a JSON array of strings; anything else is empty.
func decodeList(s string) []string {
	var out []string
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

func encodeList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

// CandidateURL returns a candidate's page in the ATS (its externalProfileUrl).
func (s *Store) CandidateURL(id string) string { return s.site + "/candidates/" + url.PathEscape(id) }

func spec(r rscsync.Resource) (resourceSpec, error) {
	sp, ok := specs[r]
	if !ok {
		return resourceSpec{}, fmt.Errorf("unknown resource %q", r)
	}
	return sp, nil
}

// cursor encodes a Ref as a scan cursor; parseCursor decodes it.
func cursor(ref rscsync.Ref) string {
	return url.QueryEscape(ref.Parent) + "/" + url.QueryEscape(ref.ID)
}

func parseCursor(c string) (rscsync.Ref, error) {
	p, id, ok := strings.Cut(c, "/")
	if !ok {
		return rscsync.Ref{}, fmt.Errorf("bad cursor %q", c)
	}
	var ref rscsync.Ref
	var err1, err2 error
	ref.Parent, err1 = url.QueryUnescape(p)
	ref.ID, err2 = url.QueryUnescape(id)
	if err := errors.Join(err1, err2); err != nil {
		return rscsync.Ref{}, fmt.Errorf("bad cursor %q: %w", c, err)
	}
	return ref, nil
}

// readRecords reads rows of "parent, id, cols..." into records.
func (s *Store) readRecords(rows *sql.Rows, sp resourceSpec) ([]rscsync.Record, error) {
	defer rows.Close()
	var out []rscsync.Record
	for rows.Next() {
		var ref rscsync.Ref
		dest, build := sp.value(s)
		if err := rows.Scan(append([]any{&ref.Parent, &ref.ID}, dest...)...); err != nil {
			return nil, err
		}
		v, err := build(ref)
		if err != nil {
			return nil, fmt.Errorf("record %+v: %w", ref, err)
		}
		out = append(out, rscsync.Record{Ref: ref, Value: v})
	}
	return out, rows.Err()
}

func (sp resourceSpec) selectList() string {
	cols := sp.parent + ", " + sp.id
	if sp.cols != "" {
		cols += ", " + sp.cols
	}
	return cols
}

// ScanRecords implements rscsync.RecordReader: records in (parent, id)
// order after the cursor, so records added behind the cursor are seen and
// deleted ones skipped. With nothing left it returns after as last.
func (s *Store) ScanRecords(ctx context.Context, tenant string, r rscsync.Resource, after string, limit int) ([]rscsync.Record, string, error) {
	sp, err := spec(r)
	if err != nil {
		return nil, after, fmt.Errorf("sqlitestore: scan: %w", err)
	}
	if limit < 1 {
		return nil, after, fmt.Errorf("sqlitestore: scan %s: limit %d is not positive", r, limit)
	}
	q := "SELECT " + sp.selectList() + " FROM " + sp.from + " WHERE x.tenant = ? " + sp.where
	args := []any{tenant}
	if after != "" {
		ref, err := parseCursor(after)
		if err != nil {
			return nil, after, fmt.Errorf("sqlitestore: scan %s: %w", r, err)
		}
		q += " AND (" + sp.parent + ", " + sp.id + ") > (?, ?)"
		args = append(args, ref.Parent, ref.ID)
	}
	q += " ORDER BY " + sp.parent + ", " + sp.id + " LIMIT ?"
	rows, err := s.db.QueryContext(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, after, fmt.Errorf("sqlitestore: scan %s: %w", r, err)
	}
	recs, err := s.readRecords(rows, sp)
	if err != nil {
		return nil, after, fmt.Errorf("sqlitestore: scan %s: %w", r, err)
	}
	if r == rscsync.Attachments {
		s.openers(ctx, tenant, recs)
	}
	if len(recs) == 0 {
		return nil, after, nil
	}
	return recs, cursor(recs[len(recs)-1].Ref), nil
}

// LoadRecords implements rscsync.RecordReader: the existing records of
// refs, each once, in no particular order.
func (s *Store) LoadRecords(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) ([]rscsync.Record, error) {
	sp, err := spec(r)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: load: %w", err)
	}
	var out []rscsync.Record
	const chunk = 400 // bound the statement's parameters
	for start := 0; start < len(refs); start += chunk {
		part := refs[start:min(start+chunk, len(refs))]
		args := []any{tenant}
		values := make([]string, len(part))
		for i, ref := range part {
			values[i] = "(?, ?)"
			args = append(args, ref.Parent, ref.ID)
		}
		q := "SELECT " + sp.selectList() + " FROM " + sp.from + " WHERE x.tenant = ? " + sp.where +
			" AND (" + sp.parent + ", " + sp.id + ") IN (VALUES " + strings.Join(values, ", ") + ")"
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlitestore: load %s: %w", r, err)
		}
		recs, err := s.readRecords(rows, sp)
		if err != nil {
			return nil, fmt.Errorf("sqlitestore: load %s: %w", r, err)
		}
		if r == rscsync.Attachments {
			s.openers(ctx, tenant, recs)
		}
		out = append(out, recs...)
	}
	return out, nil
}

// CountRecords implements rscsync.Counter.
func (s *Store) CountRecords(ctx context.Context, tenant string, r rscsync.Resource) (int64, error) {
	sp, err := spec(r)
	if err != nil {
		return 0, fmt.Errorf("sqlitestore: count: %w", err)
	}
	var n int64
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+sp.from+" WHERE x.tenant = ? "+sp.where, tenant).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlitestore: count %s: %w", r, err)
	}
	return n, nil
}

// execer is a *sql.Tx or *sql.DB.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// writeRecord upserts a record given as its model value into the ATS's
// tables. Columns the model does not carry (a candidate's headline, say)
// keep their values.
func (s *Store) writeRecord(ctx context.Context, tx execer, tenant string, r rscsync.Resource, rec rscsync.Record) error {
	ref := rec.Ref
	v := rec.Value
	if p, ok := derefValue(v); ok {
		v = p
	}
	if valueResource(v) != r {
		return fmt.Errorf("record %+v: a %T is not a record of %s", ref, rec.Value, r)
	}
	var err error
	switch x := v.(type) {
	case model.JobPosting:
		_, err = tx.ExecContext(ctx, `INSERT INTO jobs (tenant, id, title, description, location, listed_at, closed, private) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (tenant, id) DO UPDATE SET title = excluded.title, description = excluded.description, location = excluded.location,
				listed_at = excluded.listed_at, closed = excluded.closed, private = excluded.private`,
			tenant, ref.ID, x.Title, x.Description, x.Location, int64(x.ListedAt), x.State == model.JobStateClosed,
			x.Availability == model.AvailabilityPrivate || x.AccessRestricted)
	case model.Candidate:
		phones := make([]string, len(x.PhoneNumbers))
		for i, p := range x.PhoneNumbers {
			phones[i] = p.Number
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO candidates (tenant, id, first_name, last_name, company, title, emails, phones, profile_url, member, created_at, modified_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (tenant, id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name, company = excluded.company,
				title = excluded.title, emails = excluded.emails, phones = excluded.phones, profile_url = excluded.profile_url,
				member = excluded.member, created_at = excluded.created_at, modified_at = excluded.modified_at`,
			tenant, ref.ID, x.FirstName, x.LastName, x.CurrentCompanyName, x.CurrentJobTitle, encodeList(x.EmailAddresses), encodeList(phones),
			x.LinkedInProfileURL, string(x.ManualMatchedMember), int64(x.ATSCreatedAt), int64(x.ATSLastModifiedAt))
	case model.Application:
		_, err = tx.ExecContext(ctx, `INSERT INTO applications (tenant, id, candidate_id, job_id, source, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (tenant, id) DO UPDATE SET candidate_id = excluded.candidate_id, job_id = excluded.job_id, source = excluded.source,
				created_at = excluded.created_at, modified_at = excluded.modified_at`,
			tenant, ref.ID, x.ATSCandidateID, x.ATSJobPostingID, x.Source, int64(x.ATSCreatedAt), int64(x.ATSLastModifiedAt))
	case model.ApplicationStage:
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO application_stages (tenant, application_id, id, stage, created_at) VALUES (?, ?, ?, ?, ?)`,
			tenant, ref.Parent, ref.ID, x.Stage, int64(x.ATSCreatedAt))
	case model.CandidateNote:
		first, last := actorNames(x.Author)
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO candidate_notes (tenant, candidate_id, id, note, author_first, author_last, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			tenant, ref.Parent, ref.ID, x.Note, first, last, int64(x.ATSCreatedAt))
	case model.ApplicationNote:
		first, last := actorNames(x.Author)
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO application_notes (tenant, application_id, id, note, author_first, author_last, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			tenant, ref.Parent, ref.ID, x.Note, first, last, int64(x.ATSCreatedAt))
	case model.InterviewFeedback:
		first, last := actorNames(x.Interviewer)
		evals, _ := json.Marshal(x.Evaluations)
		if x.Evaluations == nil {
			evals = []byte("[]")
		}
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO interview_feedback (tenant, application_id, id, feedback, interview_type, evaluations, interviewer_first, interviewer_last, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tenant, ref.Parent, ref.ID, x.Feedback, string(x.InterviewType), string(evals), first, last, int64(x.ATSCreatedAt))
	case model.Attachment:
		err = writeAttachment(ctx, tx, tenant, ref, x)
	case model.EntityACL:
		_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO job_acls (tenant, id, job_id) VALUES (?, ?, ?)`, tenant, ref.ID, ref.Parent)
	case model.ACLAssignee:
		var res sql.Result
		res, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO job_acl_members (tenant, acl_id, user_id) SELECT ?, ?, id FROM users WHERE tenant = ? AND person = ?`,
			tenant, ref.ID, tenant, ref.Parent)
		if err == nil {
			var n, m int64
			n, _ = res.RowsAffected()
			if n == 0 {
				// Already a member, or no user holds that person URN.
				if qerr := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE tenant = ? AND person = ?`, tenant, ref.Parent).Scan(&m); qerr != nil {
					return qerr
				}
				if m == 0 {
					return fmt.Errorf("acl assignee %s: no ATS user is bound to that person", ref.Parent)
				}
			}
		}
	default:
		return fmt.Errorf("record %+v: value of type %T is not the model type of %s", ref, rec.Value, r)
	}
	if err != nil {
		return fmt.Errorf("write %s %+v: %w", r, ref, err)
	}
	return nil
}

// deleteRecord removes a record's row from the ATS's tables. Its children
// (a candidate's notes, say) are records of their own: the host deletes
// them, with their intents, as it sees fit.
func (s *Store) deleteRecord(ctx context.Context, tx execer, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	var q string
	args := []any{tenant, ref.ID}
	switch r {
	case rscsync.Jobs:
		q = `DELETE FROM jobs WHERE tenant = ? AND id = ?`
	case rscsync.Candidates:
		q = `DELETE FROM candidates WHERE tenant = ? AND id = ?`
	case rscsync.Applications:
		q = `DELETE FROM applications WHERE tenant = ? AND id = ?`
	case rscsync.Stages:
		q, args = `DELETE FROM application_stages WHERE tenant = ? AND id = ? AND application_id = ?`, append(args, ref.Parent)
	case rscsync.CandidateNotes:
		q, args = `DELETE FROM candidate_notes WHERE tenant = ? AND id = ? AND candidate_id = ?`, append(args, ref.Parent)
	case rscsync.ApplicationNotes:
		q, args = `DELETE FROM application_notes WHERE tenant = ? AND id = ? AND application_id = ?`, append(args, ref.Parent)
	case rscsync.InterviewFeedback:
		q, args = `DELETE FROM interview_feedback WHERE tenant = ? AND id = ? AND application_id = ?`, append(args, ref.Parent)
	case rscsync.EntityACLs:
		q, args = `DELETE FROM job_acls WHERE tenant = ? AND id = ? AND job_id = ?`, append(args, ref.Parent)
	case rscsync.ACLAssignees:
		q, args = `DELETE FROM job_acl_members WHERE tenant = ? AND acl_id = ? AND user_id IN (SELECT id FROM users WHERE tenant = ? AND person = ?)`,
			append(args, tenant, ref.Parent)
	case rscsync.Attachments:
		q, args = `DELETE FROM application_attachments WHERE tenant = ? AND id = ? AND application_id = ?`, append(args, ref.Parent)
	default:
		return fmt.Errorf("unknown resource %q", r)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("delete %s %+v: %w", r, ref, err)
	}
	return nil
}

func actorNames(a *model.Actor) (string, string) {
	if a == nil {
		return "", ""
	}
	return a.FirstName, a.LastName
}

// valueResource is the resource whose model type v is.
func valueResource(v any) rscsync.Resource {
	switch v.(type) {
	case model.JobPosting:
		return rscsync.Jobs
	case model.Candidate:
		return rscsync.Candidates
	case model.Application:
		return rscsync.Applications
	case model.ApplicationStage:
		return rscsync.Stages
	case model.CandidateNote:
		return rscsync.CandidateNotes
	case model.ApplicationNote:
		return rscsync.ApplicationNotes
	case model.InterviewFeedback:
		return rscsync.InterviewFeedback
	case model.EntityACL:
		return rscsync.EntityACLs
	case model.ACLAssignee:
		return rscsync.ACLAssignees
	case model.Attachment:
		return rscsync.Attachments
	}
	return ""
}

// derefValue returns the value a non-nil pointer to a model type points to.
func derefValue(v any) (model.Record, bool) {
	switch x := v.(type) {
	case *model.JobPosting:
		return deref(x)
	case *model.Candidate:
		return deref(x)
	case *model.Application:
		return deref(x)
	case *model.ApplicationStage:
		return deref(x)
	case *model.CandidateNote:
		return deref(x)
	case *model.ApplicationNote:
		return deref(x)
	case *model.InterviewFeedback:
		return deref(x)
	case *model.EntityACL:
		return deref(x)
	case *model.ACLAssignee:
		return deref(x)
	case *model.Attachment:
		return deref(x)
	}
	return nil, false
}

func deref[T model.Record](p *T) (model.Record, bool) {
	if p == nil {
		return nil, false
	}
	return *p, true
}

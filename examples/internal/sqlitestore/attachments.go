package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/rsckit/rsckit/examples/internal/chunkread"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Resumes (rscsync.Attachments) and Hiring Assistant evaluations
// (rscsync.EvaluationChange, stored by Apply).

var _ rscsync.AttachmentSource = (*Store)(nil)

// MaxAttachmentBytes is the largest resume the store accepts. LinkedIn's
// limit is smaller (10 MB, per a summary of its upload page).
const MaxAttachmentBytes = 32 << 20

// attachmentChunk is how much of a resume one read fetches: a reader holds
// at most this much of the file in memory.
const attachmentChunk = 1 << 20

// ServesAttachments implements rscsync.AttachmentSource: the resumes in
// application_attachments are the Attachments resource, written with
// PutRecord (a model.Attachment whose Open gives the content).
func (s *Store) ServesAttachments() bool { return true }

// writeAttachment stores a resume's fields and content.
func writeAttachment(ctx context.Context, tx execer, tenant string, ref rscsync.Ref, a model.Attachment) error {
	if a.Open == nil {
		return errors.New("attachment has no content (Open is nil)")
	}
	rc, err := a.Open()
	if err != nil {
		return fmt.Errorf("open attachment content: %w", err)
	}
	defer rc.Close()
	content, err := io.ReadAll(io.LimitReader(rc, MaxAttachmentBytes+1))
	if err != nil {
		return fmt.Errorf("read attachment content: %w", err)
	}
	if len(content) > MaxAttachmentBytes {
		return fmt.Errorf("attachment is larger than %d bytes", MaxAttachmentBytes)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO application_attachments (tenant, application_id, id, file_name, file_type, created_at, modified_at, contract, size, content)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant, application_id, id) DO UPDATE SET file_name = excluded.file_name, file_type = excluded.file_type,
			created_at = excluded.created_at, modified_at = excluded.modified_at, contract = excluded.contract,
			size = excluded.size, content = excluded.content`,
		tenant, ref.Parent, ref.ID, a.FileName, string(a.FileType), int64(a.CreatedAt), int64(a.LastModifiedAt), string(a.Contract),
		len(content), content)
	return err
}

// openers sets Open on attachment records read with ctx. Each Open reads
// the content from the database in chunks of attachmentChunk bytes, with
// ctx: the engine opens a file during the sync pass that read its record.
func (s *Store) openers(ctx context.Context, tenant string, recs []rscsync.Record) {
	for i := range recs {
		a, ok := recs[i].Value.(model.Attachment)
		if !ok {
			continue
		}
		ref := recs[i].Ref
		a.Open = func() (io.ReadCloser, error) {
			return chunkread.New(attachmentChunk, func(off int64, n int) ([]byte, error) {
				var chunk []byte
				err := s.db.QueryRowContext(ctx, `SELECT substr(content, ?, ?) FROM application_attachments WHERE tenant = ? AND application_id = ? AND id = ?`,
					off+1, n, tenant, ref.Parent, ref.ID).Scan(&chunk)
				if errors.Is(err, sql.ErrNoRows) {
					return nil, fmt.Errorf("sqlitestore: attachment %s/%s was deleted while it was read", ref.Parent, ref.ID)
				}
				if err != nil {
					return nil, fmt.Errorf("sqlitestore: read attachment %s/%s: %w", ref.Parent, ref.ID, err)
				}
				return chunk, nil
			}), nil
		}
		recs[i].Value = a
	}
}

// writeEvaluation stores an evaluation (rscsync.EvaluationChange) in tx,
// per request id and application; a later one of the same key replaces it.
func writeEvaluation(ctx context.Context, tx *sql.Tx, tenant string, e model.ApplicationEvaluation) error {
	raw := string(e.Raw)
	if raw != "" && !json.Valid(e.Raw) {
		raw = ""
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO linkedin_evaluations (tenant, request_id, application_id, job_id, context, evaluated_at, summary, raw)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant, request_id, application_id) DO UPDATE SET job_id = excluded.job_id, context = excluded.context,
			evaluated_at = excluded.evaluated_at, summary = excluded.summary, raw = excluded.raw`,
		tenant, e.RequestID, e.ATSJobApplicationID, e.ATSJobPostingID, string(e.IntegrationContext), int64(e.EvaluatedAt), e.Summary, raw)
	if err != nil {
		return fmt.Errorf("evaluation %s: %w", e.Key(), err)
	}
	return nil
}

// Evaluations returns the tenant's Hiring Assistant evaluations ordered by
// request id and application.
func (s *Store) Evaluations(ctx context.Context, tenant string) ([]model.ApplicationEvaluation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT request_id, application_id, job_id, context, evaluated_at, summary, raw
		FROM linkedin_evaluations WHERE tenant = ? ORDER BY request_id, application_id`, tenant)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: evaluations: %w", err)
	}
	defer rows.Close()
	var out []model.ApplicationEvaluation
	for rows.Next() {
		var e model.ApplicationEvaluation
		var ctxURN, raw string
		if err := rows.Scan(&e.RequestID, &e.ATSJobApplicationID, &e.ATSJobPostingID, &ctxURN, &e.EvaluatedAt, &e.Summary, &raw); err != nil {
			return nil, fmt.Errorf("sqlitestore: evaluations: %w", err)
		}
		e.IntegrationContext = model.URN(ctxURN)
		if raw != "" {
			e.Raw = json.RawMessage(raw)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: evaluations: %w", err)
	}
	return out, nil
}

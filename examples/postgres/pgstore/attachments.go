package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/rsckit/rsckit/examples/internal/chunkread"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Resumes (rscsync.Attachments) and Hiring Assistant evaluations
// (rscsync.EvaluationChange). A resume's fields are a record like any other;
// its content is a row of attachment_content, written and deleted in the
// same transaction.

var (
	_ rscsync.AttachmentSource = (*Store)(nil)
)

// MaxAttachmentBytes is the largest resume the store accepts. LinkedIn's
// limit is smaller (10 MB, per a summary of its upload page).
const MaxAttachmentBytes = 32 << 20

// attachmentChunk is how much of a resume one read fetches: a reader holds
// at most this much of the file in memory.
const attachmentChunk = 1 << 20

// ServesAttachments implements rscsync.AttachmentSource: records of
// rscsync.Attachments are model.Attachment values whose Open streams the
// content stored with PutRecord.
func (s *Store) ServesAttachments() bool { return true }

// putContent stores the content of an attachment record in tx.
func (s *Store) putContent(ctx context.Context, tx pgx.Tx, tenant string, rec rscsync.Record) error {
	v := rec.Value
	if p, ok := v.(*model.Attachment); ok && p != nil {
		v = *p
	}
	a, ok := v.(model.Attachment)
	if !ok {
		return fmt.Errorf("a %T is not a record of attachments", rec.Value)
	}
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
	_, err = tx.Exec(ctx, s.sql(`
INSERT INTO {s}.attachment_content (tenant, ref_parent, ref_id, size, content) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (tenant, ref_parent, ref_id) DO UPDATE SET size = EXCLUDED.size, content = EXCLUDED.content`),
		tenant, rec.Ref.Parent, rec.Ref.ID, len(content), content)
	return err
}

// openers sets Key and Open on attachment records read with ctx. Each Open
// reads the content in chunks of attachmentChunk bytes with ctx: the engine
// opens a file during the sync pass that read its record.
func (s *Store) openers(ctx context.Context, tenant string, recs []rscsync.Record) {
	for i := range recs {
		a, ok := recs[i].Value.(model.Attachment)
		if !ok {
			continue
		}
		ref := recs[i].Ref
		a.Key = model.AttachmentKey{Application: model.ApplicationKey{ATSJobApplicationID: ref.Parent}, AttachmentID: ref.ID}
		a.Open = func() (io.ReadCloser, error) {
			query := s.sql(`SELECT substring(content FROM $4 FOR $5) FROM {s}.attachment_content
WHERE tenant = $1 AND ref_parent = $2 AND ref_id = $3`)
			return chunkread.New(attachmentChunk, func(off int64, n int) ([]byte, error) {
				var chunk []byte
				err := s.pool.QueryRow(ctx, query, tenant, ref.Parent, ref.ID, off+1, n).Scan(&chunk)
				if errors.Is(err, pgx.ErrNoRows) {
					return nil, fmt.Errorf("pgstore: attachment %s/%s was deleted while it was read", ref.Parent, ref.ID)
				}
				if err != nil {
					return nil, wrap("read attachment "+ref.Parent+"/"+ref.ID, err)
				}
				return chunk, nil
			}), nil
		}
		recs[i].Value = a
	}
}

// writeEvaluation stores an evaluation (rscsync.EvaluationChange) in tx,
// per request id and application; a later one of the same key replaces it.
func (s *Store) writeEvaluation(ctx context.Context, tx pgx.Tx, tenant string, e model.ApplicationEvaluation) error {
	var raw []byte
	if len(e.Raw) > 0 && json.Valid(e.Raw) {
		raw = e.Raw
	}
	_, err := tx.Exec(ctx, s.sql(`
INSERT INTO {s}.evaluations (tenant, request_id, application_id, job_id, context, evaluated_at, summary, raw)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (tenant, request_id, application_id) DO UPDATE SET job_id = EXCLUDED.job_id, context = EXCLUDED.context,
	evaluated_at = EXCLUDED.evaluated_at, summary = EXCLUDED.summary, raw = EXCLUDED.raw`),
		tenant, e.RequestID, e.ATSJobApplicationID, e.ATSJobPostingID, string(e.IntegrationContext), int64(e.EvaluatedAt), e.Summary, raw)
	return err
}

// Evaluations returns the tenant's Hiring Assistant evaluations ordered by
// request id and application.
func (s *Store) Evaluations(ctx context.Context, tenant string) ([]model.ApplicationEvaluation, error) {
	rows, err := s.pool.Query(ctx, s.sql(`SELECT request_id, application_id, job_id, context, evaluated_at, summary, raw
FROM {s}.evaluations WHERE tenant = $1 ORDER BY request_id, application_id`), tenant)
	if err != nil {
		return nil, wrap("evaluations", err)
	}
	defer rows.Close()
	var out []model.ApplicationEvaluation
	for rows.Next() {
		var e model.ApplicationEvaluation
		var ctxURN string
		var at int64
		var raw []byte
		if err := rows.Scan(&e.RequestID, &e.ATSJobApplicationID, &e.ATSJobPostingID, &ctxURN, &at, &e.Summary, &raw); err != nil {
			return nil, wrap("evaluations", err)
		}
		e.IntegrationContext, e.EvaluatedAt = model.URN(ctxURN), model.EpochMillis(at)
		if len(raw) > 0 {
			e.Raw = json.RawMessage(raw)
		}
		out = append(out, e)
	}
	return out, wrap("evaluations", rows.Err())
}

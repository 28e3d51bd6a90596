package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Cursor returns the scan cursor of the record ref: ScanRecords returns the
// records after it, in (Parent, ID) byte order. It is the length of Parent,
// a colon, Parent and ID ("2:c7n1" for note n1 of candidate c7), so it is
// plain text and decodes back to the ref without ambiguity.
func Cursor(ref rscsync.Ref) string {
	return strconv.Itoa(len(ref.Parent)) + ":" + ref.Parent + ref.ID
}

// parseCursor is the inverse of Cursor.
func parseCursor(c string) (rscsync.Ref, error) {
	n, rest, ok := strings.Cut(c, ":")
	l, err := strconv.Atoi(n)
	if !ok || err != nil || l < 0 || l > len(rest) {
		return rscsync.Ref{}, fmt.Errorf("invalid cursor %q", c)
	}
	return rscsync.Ref{Parent: rest[:l], ID: rest[l:]}, nil
}

// encodeValue is the JSONB of a record's model value.
func encodeValue(r rscsync.Resource, v model.Record) ([]byte, error) {
	if !r.Valid() {
		return nil, fmt.Errorf("unknown resource %q", r)
	}
	if v == nil {
		return nil, fmt.Errorf("record of %s has no value", r)
	}
	if jp, ok := v.(model.JobPosting); ok {
		return json.Marshal(storedJob{JobPosting: jp, State: jp.State})
	}
	return json.Marshal(v)
}

// storedJob is a job as the records table keeps it: the posting and its
// State, which model.JobPosting does not marshal (LinkedIn is never sent
// it) but the engine needs to close a closed job (rsc.PlanJob).
type storedJob struct {
	model.JobPosting
	State model.JobState `json:"state,omitempty"`
}

// decodeValue decodes a record's JSONB into the model type of r.
func decodeValue(r rscsync.Resource, b []byte) (model.Record, error) {
	switch r {
	case rscsync.Jobs:
		var sj storedJob
		if err := json.Unmarshal(b, &sj); err != nil {
			return nil, err
		}
		sj.JobPosting.State = sj.State
		return sj.JobPosting, nil
	case rscsync.Candidates:
		return decodeAs[model.Candidate](b)
	case rscsync.Applications:
		return decodeAs[model.Application](b)
	case rscsync.Stages:
		return decodeAs[model.ApplicationStage](b)
	case rscsync.CandidateNotes:
		return decodeAs[model.CandidateNote](b)
	case rscsync.ApplicationNotes:
		return decodeAs[model.ApplicationNote](b)
	case rscsync.InterviewFeedback:
		return decodeAs[model.InterviewFeedback](b)
	case rscsync.EntityACLs:
		return decodeAs[model.EntityACL](b)
	case rscsync.ACLAssignees:
		return decodeAs[model.ACLAssignee](b)
	case rscsync.Attachments:
		return decodeAs[model.Attachment](b)
	}
	return nil, fmt.Errorf("unknown resource %q", r)
}

func decodeAs[T model.Record](b []byte) (model.Record, error) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	return v, nil
}

const upsertRecordSQL = `
INSERT INTO {s}.records (tenant, resource, ref_parent, ref_id, value, updated_at)
VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, statement_timestamp()))
ON CONFLICT (tenant, resource, ref_parent, ref_id)
DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`

const deleteRecordSQL = `
DELETE FROM {s}.records WHERE tenant = $1 AND resource = $2 AND ref_parent = $3 AND ref_id = $4`

// PutRecord stores (or replaces) rec as a record of resource r of tenant
// and records an upsert intent for it, both in the host's transaction tx,
// so that they commit together with the host's own change (see the package
// documentation). Push engines waiting on Wake are notified at commit.
func (s *Store) PutRecord(ctx context.Context, tx pgx.Tx, tenant string, r rscsync.Resource, rec rscsync.Record) error {
	b, err := encodeValue(r, rec.Value)
	if err != nil {
		return wrap("put record", err)
	}
	if r == rscsync.Attachments {
		if err := s.putContent(ctx, tx, tenant, rec); err != nil {
			return wrap("put record", err)
		}
	}
	if _, err = tx.Exec(ctx, s.sql(upsertRecordSQL), tenant, string(r), rec.Ref.Parent, rec.Ref.ID, b, s.nowArg()); err != nil {
		return wrap("put record", err)
	}
	return s.RecordIntent(ctx, tx, tenant, r, rec.Ref, rscsync.OpUpsert)
}

// DeleteRecord removes the record ref of resource r of tenant (if it
// exists) and records a delete intent for it, both in tx.
func (s *Store) DeleteRecord(ctx context.Context, tx pgx.Tx, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	if !r.Valid() {
		return wrap("delete record", fmt.Errorf("unknown resource %q", r))
	}
	if r == rscsync.Attachments {
		if _, err := tx.Exec(ctx, s.sql(`DELETE FROM {s}.attachment_content WHERE tenant = $1 AND ref_parent = $2 AND ref_id = $3`), tenant, ref.Parent, ref.ID); err != nil {
			return wrap("delete record", err)
		}
	}
	if _, err := tx.Exec(ctx, s.sql(deleteRecordSQL), tenant, string(r), ref.Parent, ref.ID); err != nil {
		return wrap("delete record", err)
	}
	return s.RecordIntent(ctx, tx, tenant, r, ref, rscsync.OpDelete)
}

// Put is PutRecord in a transaction of its own.
func (s *Store) Put(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return s.PutRecord(ctx, tx, tenant, r, rec) })
}

// Delete is DeleteRecord in a transaction of its own.
func (s *Store) Delete(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return s.DeleteRecord(ctx, tx, tenant, r, ref) })
}

// SeedRecords bulk-loads recs as records of resource r of tenant with COPY,
// without intents: data that existed before the integration, which the
// backfill sends. The records must not exist yet (COPY does not replace).
// It returns the number of rows copied.
func (s *Store) SeedRecords(ctx context.Context, tenant string, r rscsync.Resource, recs []rscsync.Record) (int64, error) {
	if r == rscsync.Attachments {
		return 0, wrap("seed records", errors.New("attachments carry content: store them with Put"))
	}
	now := s.clock()
	rows := make([][]any, len(recs))
	for i, rec := range recs {
		b, err := encodeValue(r, rec.Value)
		if err != nil {
			return 0, wrap("seed records", err)
		}
		rows[i] = []any{tenant, string(r), rec.Ref.Parent, rec.Ref.ID, b, now}
	}
	n, err := s.pool.CopyFrom(ctx, pgx.Identifier{s.schemaName, "records"},
		[]string{"tenant", "resource", "ref_parent", "ref_id", "value", "updated_at"}, pgx.CopyFromRows(rows))
	return n, wrap("seed records", err)
}

// ScanRecords implements rscsync.RecordReader: the records of r of tenant
// after the cursor (see Cursor) in (Parent, ID) byte order. Records
// inserted behind the cursor appear, deleted ones disappear, and a cursor
// whose record was deleted still marks its place. With no records left it
// returns after as last. A limit below 1 is an error.
func (s *Store) ScanRecords(ctx context.Context, tenant string, r rscsync.Resource, after string, limit int) ([]rscsync.Record, string, error) {
	if limit < 1 {
		return nil, after, fmt.Errorf("pgstore: scan %s: limit %d is not positive", r, limit)
	}
	var rows pgx.Rows
	var err error
	if after == "" {
		rows, err = s.pool.Query(ctx, s.sql(`
SELECT ref_parent, ref_id, value FROM {s}.records
WHERE tenant = $1 AND resource = $2
ORDER BY ref_parent, ref_id LIMIT $3`), tenant, string(r), limit)
	} else {
		var from rscsync.Ref
		if from, err = parseCursor(after); err != nil {
			return nil, after, wrap("scan "+string(r), err)
		}
		rows, err = s.pool.Query(ctx, s.sql(`
SELECT ref_parent, ref_id, value FROM {s}.records
WHERE tenant = $1 AND resource = $2
  AND (tenant, resource, ref_parent, ref_id) > ($1, $2, $3::text COLLATE "C", $4::text COLLATE "C")
ORDER BY ref_parent, ref_id LIMIT $5`), tenant, string(r), from.Parent, from.ID, limit)
	}
	if err != nil {
		return nil, after, wrap("scan "+string(r), err)
	}
	recs, err := s.collectRecords(r, rows)
	if err != nil {
		return nil, after, wrap("scan "+string(r), err)
	}
	if r == rscsync.Attachments {
		s.openers(ctx, tenant, recs)
	}
	if len(recs) == 0 {
		return nil, after, nil
	}
	return recs, Cursor(recs[len(recs)-1].Ref), nil
}

// collectRecords reads rows of (ref_parent, ref_id, value).
func (s *Store) collectRecords(r rscsync.Resource, rows pgx.Rows) ([]rscsync.Record, error) {
	var out []rscsync.Record
	defer rows.Close()
	for rows.Next() {
		var ref rscsync.Ref
		var b []byte
		if err := rows.Scan(&ref.Parent, &ref.ID, &b); err != nil {
			return nil, err
		}
		v, err := decodeValue(r, b)
		if err != nil {
			return nil, fmt.Errorf("record %+v: %w", ref, err)
		}
		out = append(out, rscsync.Record{Ref: ref, Value: v})
	}
	return out, rows.Err()
}

// LoadRecords implements rscsync.RecordReader: the existing records of
// refs, in the order of refs, each once.
func (s *Store) LoadRecords(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) ([]rscsync.Record, error) {
	parents := make([]string, 0, len(refs))
	ids := make([]string, 0, len(refs))
	seen := make(map[rscsync.Ref]bool, len(refs))
	for _, ref := range refs {
		if !seen[ref] {
			seen[ref] = true
			parents = append(parents, ref.Parent)
			ids = append(ids, ref.ID)
		}
	}
	if len(ids) == 0 {
		if err := ctx.Err(); err != nil {
			return nil, wrap("load "+string(r), err)
		}
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, s.sql(`
SELECT r.ref_parent, r.ref_id, r.value
FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS x(parent, id, n)
JOIN {s}.records r ON r.tenant = $1 AND r.resource = $2 AND r.ref_parent = x.parent AND r.ref_id = x.id
ORDER BY x.n`), tenant, string(r), parents, ids)
	if err != nil {
		return nil, wrap("load "+string(r), err)
	}
	recs, err := s.collectRecords(r, rows)
	if err == nil && r == rscsync.Attachments {
		s.openers(ctx, tenant, recs)
	}
	return recs, wrap("load "+string(r), err)
}

// CountRecords implements rscsync.Counter.
func (s *Store) CountRecords(ctx context.Context, tenant string, r rscsync.Resource) (int64, error) {
	var n int64
	err := s.pool.QueryRow(ctx, s.sql(`SELECT count(*) FROM {s}.records WHERE tenant = $1 AND resource = $2`), tenant, string(r)).Scan(&n)
	return n, wrap("count "+string(r), err)
}

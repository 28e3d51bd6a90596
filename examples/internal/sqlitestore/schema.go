package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema, one step per version. A step never changes
// once released: a later change is a new step. Every table has a tenant
// column, because one ATS database serves many customers.
var migrations = []string{
	// 1: the ATS's own tables, as any ATS has them.
	`
CREATE TABLE tenants (
	id           TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	organization TEXT NOT NULL DEFAULT '',
	contract     TEXT NOT NULL DEFAULT '',
	application  TEXT NOT NULL DEFAULT '',
	client_id    TEXT NOT NULL DEFAULT '',
	client_secret TEXT NOT NULL DEFAULT '',
	onboarded_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE users (
	tenant     TEXT NOT NULL,
	id         TEXT NOT NULL,
	email      TEXT NOT NULL,
	first_name TEXT NOT NULL,
	last_name  TEXT NOT NULL,
	seat       TEXT NOT NULL DEFAULT '',
	person     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (tenant, id)
);
CREATE TABLE jobs (
	tenant      TEXT NOT NULL,
	id          TEXT NOT NULL,
	title       TEXT NOT NULL,
	description TEXT NOT NULL,
	location    TEXT NOT NULL DEFAULT '',
	listed_at   INTEGER NOT NULL,
	closed      INTEGER NOT NULL DEFAULT 0,
	private     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (tenant, id)
);
CREATE TABLE job_acls (
	tenant TEXT NOT NULL,
	id     TEXT NOT NULL,
	job_id TEXT NOT NULL,
	PRIMARY KEY (tenant, job_id, id)
);
CREATE TABLE job_acl_members (
	tenant  TEXT NOT NULL,
	acl_id  TEXT NOT NULL,
	user_id TEXT NOT NULL,
	PRIMARY KEY (tenant, acl_id, user_id)
);
CREATE TABLE candidates (
	tenant      TEXT NOT NULL,
	id          TEXT NOT NULL,
	first_name  TEXT NOT NULL,
	last_name   TEXT NOT NULL DEFAULT '',
	headline    TEXT NOT NULL DEFAULT '',
	company     TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	location    TEXT NOT NULL DEFAULT '',
	emails      TEXT NOT NULL DEFAULT '[]',
	phones      TEXT NOT NULL DEFAULT '[]',
	profile_url TEXT NOT NULL DEFAULT '',
	member      TEXT NOT NULL DEFAULT '',
	unassigned  INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL,
	modified_at INTEGER NOT NULL,
	PRIMARY KEY (tenant, id)
);
CREATE INDEX candidates_member ON candidates (tenant, member) WHERE member <> '';
CREATE TABLE applications (
	tenant       TEXT NOT NULL,
	id           TEXT NOT NULL,
	candidate_id TEXT NOT NULL,
	job_id       TEXT NOT NULL,
	source       TEXT NOT NULL DEFAULT '',
	source_id    TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	modified_at  INTEGER NOT NULL,
	PRIMARY KEY (tenant, id)
);
CREATE INDEX applications_candidate ON applications (tenant, candidate_id);
CREATE TABLE application_stages (
	tenant         TEXT NOT NULL,
	application_id TEXT NOT NULL,
	id             TEXT NOT NULL,
	stage          TEXT NOT NULL,
	created_at     INTEGER NOT NULL,
	PRIMARY KEY (tenant, application_id, id)
);
CREATE TABLE candidate_notes (
	tenant       TEXT NOT NULL,
	candidate_id TEXT NOT NULL,
	id           TEXT NOT NULL,
	note         TEXT NOT NULL,
	author_first TEXT NOT NULL DEFAULT '',
	author_last  TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (tenant, candidate_id, id)
);
CREATE TABLE application_notes (
	tenant         TEXT NOT NULL,
	application_id TEXT NOT NULL,
	id             TEXT NOT NULL,
	note           TEXT NOT NULL,
	author_first   TEXT NOT NULL DEFAULT '',
	author_last    TEXT NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL,
	PRIMARY KEY (tenant, application_id, id)
);
CREATE TABLE interview_feedback (
	tenant            TEXT NOT NULL,
	application_id    TEXT NOT NULL,
	id                TEXT NOT NULL,
	feedback          TEXT NOT NULL DEFAULT '',
	interview_type    TEXT NOT NULL DEFAULT '',
	evaluations       TEXT NOT NULL DEFAULT '[]',
	interviewer_first TEXT NOT NULL DEFAULT '',
	interviewer_last  TEXT NOT NULL DEFAULT '',
	created_at        INTEGER NOT NULL,
	PRIMARY KEY (tenant, application_id, id)
);
`,
	// 2: what rscsync needs: the outbox, checkpoints, parked records, leases,
	// queued notifications and the data pulled from LinkedIn.
	`
CREATE TABLE rsc_outbox (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant      TEXT NOT NULL,
	resource    TEXT NOT NULL,
	ref_id      TEXT NOT NULL,
	ref_parent  TEXT NOT NULL,
	op          TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	due_at      INTEGER NOT NULL,
	lease       TEXT NOT NULL DEFAULT '',
	lease_until INTEGER NOT NULL DEFAULT 0,
	claims      INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rsc_outbox_due ON rsc_outbox (tenant, seq);
CREATE TABLE rsc_checkpoints (
	tenant     TEXT NOT NULL,
	stream     TEXT NOT NULL,
	cursor     TEXT NOT NULL,
	version    INTEGER NOT NULL,
	done       INTEGER NOT NULL,
	complete   INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (tenant, stream)
);
CREATE TABLE rsc_parked (
	tenant     TEXT NOT NULL,
	resource   TEXT NOT NULL,
	ref_parent TEXT NOT NULL,
	ref_id     TEXT NOT NULL,
	status     INTEGER NOT NULL,
	reason     TEXT NOT NULL,
	at         INTEGER NOT NULL,
	PRIMARY KEY (tenant, resource, ref_parent, ref_id)
);
CREATE TABLE rsc_locks (
	name  TEXT PRIMARY KEY,
	owner TEXT NOT NULL,
	until INTEGER NOT NULL
);
CREATE TABLE rsc_notifications (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant      TEXT NOT NULL,
	id          TEXT NOT NULL,
	body        TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	due_at      INTEGER NOT NULL,
	lease       TEXT NOT NULL DEFAULT '',
	lease_until INTEGER NOT NULL DEFAULT 0,
	claims      INTEGER NOT NULL DEFAULT 0,
	done        INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	UNIQUE (tenant, id)
);
CREATE TABLE rsc_pulled (
	tenant TEXT NOT NULL,
	kind   TEXT NOT NULL,
	key    TEXT NOT NULL,
	body   TEXT NOT NULL,
	PRIMARY KEY (tenant, kind, key)
);
`,
	// 3: what the intake adds to the ATS: sources and their contacts, tags,
	// activity, InMails and Recruiter notes, duplicate alerts, and the
	// changes already applied (by key, so a replay changes nothing).
	`
CREATE TABLE sources (
	tenant     TEXT NOT NULL,
	id         TEXT NOT NULL,
	name       TEXT NOT NULL,
	type       TEXT NOT NULL,
	contact_id TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (tenant, id)
);
CREATE TABLE source_contacts (
	tenant     TEXT NOT NULL,
	id         TEXT NOT NULL,
	email      TEXT NOT NULL,
	first_name TEXT NOT NULL,
	last_name  TEXT NOT NULL,
	source_id  TEXT NOT NULL DEFAULT '',
	user_id    TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (tenant, id)
);
CREATE TABLE candidate_tags (
	tenant       TEXT NOT NULL,
	candidate_id TEXT NOT NULL,
	tag          TEXT NOT NULL,
	PRIMARY KEY (tenant, candidate_id, tag)
);
CREATE TABLE candidate_activities (
	tenant       TEXT NOT NULL,
	candidate_id TEXT NOT NULL,
	field        TEXT NOT NULL,
	value        TEXT NOT NULL,
	at           INTEGER NOT NULL
);
CREATE TABLE possible_duplicates (
	tenant       TEXT NOT NULL,
	candidate_id TEXT NOT NULL,
	other_id     TEXT NOT NULL,
	PRIMARY KEY (tenant, candidate_id, other_id)
);
CREATE TABLE linkedin_messages (
	tenant       TEXT NOT NULL,
	id           TEXT NOT NULL,
	candidate_id TEXT NOT NULL DEFAULT '',
	member       TEXT NOT NULL DEFAULT '',
	thread       TEXT NOT NULL DEFAULT '',
	author       TEXT NOT NULL DEFAULT '',
	at           INTEGER NOT NULL,
	subject      TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',
	visible      TEXT NOT NULL,
	summary      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (tenant, id)
);
CREATE TABLE linkedin_notes (
	tenant       TEXT NOT NULL,
	id           TEXT NOT NULL,
	candidate_id TEXT NOT NULL DEFAULT '',
	member       TEXT NOT NULL DEFAULT '',
	author       TEXT NOT NULL DEFAULT '',
	at           INTEGER NOT NULL,
	text         TEXT NOT NULL DEFAULT '',
	visible      TEXT NOT NULL,
	summary      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (tenant, id)
);
CREATE TABLE intake_applied (
	tenant  TEXT NOT NULL,
	key     TEXT NOT NULL,
	kind    TEXT NOT NULL,
	at      INTEGER NOT NULL,
	failure TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (tenant, key)
);
CREATE TABLE purged_profiles (
	tenant     TEXT NOT NULL,
	member     TEXT NOT NULL,
	request_id TEXT NOT NULL,
	purged_at  INTEGER NOT NULL,
	PRIMARY KEY (tenant, member, request_id)
);
CREATE TABLE id_counters (
	tenant TEXT NOT NULL,
	name   TEXT NOT NULL,
	value  INTEGER NOT NULL,
	PRIMARY KEY (tenant, name)
);
`,
	// 4: a customer's CALLBACK_URL tokens (rsc.CallbackTokens), and done
	// notifications forgotten after rscsync.NotificationRetention without
	// their body.
	`
ALTER TABLE tenants ADD COLUMN callback_token TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN callback_previous TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN callback_previous_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rsc_notifications ADD COLUMN done_at INTEGER NOT NULL DEFAULT 0;
UPDATE rsc_notifications SET done_at = received_at, body = 'null' WHERE done = 1;
CREATE INDEX rsc_notifications_done ON rsc_notifications (tenant, done_at) WHERE done = 1;
`,
	// 5: resumes of applications (rscsync.Attachments) and LinkedIn Hiring
	// Assistant evaluations (rscsync.EvaluationChange).
	`
CREATE TABLE application_attachments (
	tenant         TEXT NOT NULL,
	application_id TEXT NOT NULL,
	id             TEXT NOT NULL,
	file_name      TEXT NOT NULL,
	file_type      TEXT NOT NULL,
	created_at     INTEGER NOT NULL,
	modified_at    INTEGER NOT NULL,
	contract       TEXT NOT NULL DEFAULT '',
	size           INTEGER NOT NULL,
	content        BLOB NOT NULL,
	PRIMARY KEY (tenant, application_id, id)
);
CREATE TABLE linkedin_evaluations (
	tenant         TEXT NOT NULL,
	request_id     TEXT NOT NULL,
	application_id TEXT NOT NULL,
	job_id         TEXT NOT NULL DEFAULT '',
	context        TEXT NOT NULL DEFAULT '',
	evaluated_at   INTEGER NOT NULL,
	summary        TEXT NOT NULL DEFAULT '',
	raw            TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (tenant, request_id, application_id)
);
`,
	// 6: the seat that owns an InMail (rscsync.Message.Owner, the viewer
	// the intake read it for); empty for InMails stored before.
	`
ALTER TABLE linkedin_messages ADD COLUMN owner TEXT NOT NULL DEFAULT '';
`,
	// 7: the engine's own state (outbox, notifications, checkpoints, parked
	// records, leases) moved to rscstore/sqlitestore, whose rscstore_*
	// tables live in the same file under their own versioned migrations
	// (Open creates them before it runs this step). The rows move over, so
	// an upgraded database resumes where it stood and sends nothing twice.
	`
INSERT INTO rscstore_queue (tenant, lane, resource, ref_parent, ref_id, op, created_at, due_at, lease, lease_until, claims, last_error)
	SELECT tenant, 'outbox', resource, ref_parent, ref_id, op, created_at, due_at, lease, lease_until, claims, last_error
	FROM rsc_outbox ORDER BY seq;
INSERT INTO rscstore_queue (tenant, lane, id, body, created_at, due_at, lease, lease_until, claims, done_at, last_error)
	SELECT tenant, 'notifications', id, body, received_at, due_at, lease, lease_until, claims,
		CASE WHEN done = 1 THEN max(done_at, 1) ELSE 0 END, last_error
	FROM rsc_notifications ORDER BY seq;
INSERT INTO rscstore_checkpoints (tenant, stream, cursor, version, done, complete, updated_at)
	SELECT tenant, stream, cursor, version, done, complete, updated_at FROM rsc_checkpoints;
INSERT INTO rscstore_parked (tenant, resource, ref_parent, ref_id, status, reason, at)
	SELECT tenant, resource, ref_parent, ref_id, status, reason, at FROM rsc_parked;
INSERT INTO rscstore_locks (name, owner, until) SELECT name, owner, until FROM rsc_locks;
DROP TABLE rsc_outbox;
DROP TABLE rsc_checkpoints;
DROP TABLE rsc_parked;
DROP TABLE rsc_locks;
DROP TABLE rsc_notifications;
`,
}

// migrate brings the schema to the latest version, one transaction per
// step. Several processes may migrate at once: the write lock of the first
// step's transaction orders them, and the version check makes the others
// skip what is done.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("sqlitestore: migrate: %w", err)
	}
	for i, step := range migrations {
		version := i + 1
		err := inTx(ctx, db, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, step); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, strftime('%s','now'))`, version)
			return err
		})
		if err != nil {
			return fmt.Errorf("sqlitestore: migrate to version %d: %w", version, err)
		}
	}
	return nil
}

// SchemaVersion is the schema version Open migrates to.
func SchemaVersion() int { return len(migrations) }

// inTx runs fn in a transaction (BEGIN IMMEDIATE: the write lock is taken
// at once, so concurrent writers queue instead of failing) and commits it,
// or rolls it back if fn fails.
func inTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

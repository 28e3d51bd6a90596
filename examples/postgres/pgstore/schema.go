package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// migrations are the schema versions in order: migrations[i] brings the
// schema to version i+1. Never edit a released one; append a new one.
var migrations = []string{
	// 1: the host's records and what the engines keep for pushing them.
	`
CREATE TABLE {s}.records (
	tenant     text NOT NULL,
	resource   text NOT NULL,
	ref_parent text COLLATE "C" NOT NULL,
	ref_id     text COLLATE "C" NOT NULL,
	value      jsonb NOT NULL,
	updated_at timestamptz NOT NULL,
	PRIMARY KEY (tenant, resource, ref_parent, ref_id)
);
CREATE TABLE {s}.outbox (
	seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	tenant      text NOT NULL,
	resource    text NOT NULL,
	ref_parent  text NOT NULL,
	ref_id      text NOT NULL,
	op          text NOT NULL CHECK (op IN ('upsert', 'delete')),
	created_at  timestamptz NOT NULL,
	due_at      timestamptz NOT NULL,
	lease       text,
	lease_until timestamptz,
	claims      integer NOT NULL DEFAULT 0,
	last_error  text
);
CREATE INDEX outbox_tenant_seq ON {s}.outbox (tenant, seq);
CREATE TABLE {s}.checkpoints (
	tenant     text NOT NULL,
	stream     text NOT NULL,
	cur        text NOT NULL,
	version    bigint NOT NULL,
	done       bigint NOT NULL,
	complete   boolean NOT NULL,
	updated_at timestamptz,
	PRIMARY KEY (tenant, stream)
);
CREATE TABLE {s}.parked (
	tenant     text NOT NULL,
	resource   text NOT NULL,
	ref_parent text COLLATE "C" NOT NULL,
	ref_id     text COLLATE "C" NOT NULL,
	status     integer NOT NULL,
	reason     text NOT NULL,
	at         timestamptz,
	PRIMARY KEY (tenant, resource, ref_parent, ref_id)
);
CREATE TABLE {s}.locks (
	name  text PRIMARY KEY,
	owner text NOT NULL,
	until timestamptz NOT NULL
);
`,
	// 2: what the engines receive from LinkedIn.
	`
CREATE TABLE {s}.pulled (
	tenant     text NOT NULL,
	kind       text NOT NULL,
	key        text NOT NULL,
	value      jsonb NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tenant, kind, key)
);
CREATE TABLE {s}.exports (
	tenant     text NOT NULL,
	request_id text NOT NULL,
	value      jsonb NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tenant, request_id)
);
CREATE TABLE {s}.notifications (
	tenant      text NOT NULL,
	id          text NOT NULL,
	seq         bigint GENERATED ALWAYS AS IDENTITY,
	value       jsonb NOT NULL,
	received_at timestamptz,
	due_at      timestamptz NOT NULL,
	lease       text,
	lease_until timestamptz,
	claims      integer NOT NULL DEFAULT 0,
	done        boolean NOT NULL DEFAULT false,
	last_error  text,
	PRIMARY KEY (tenant, id)
);
CREATE INDEX notifications_pending ON {s}.notifications (tenant, seq) WHERE NOT done;
`,
	// 3: exports are keyed by ExportedCandidate.Key (request id and member),
	// since one request may carry several candidates.
	`
ALTER TABLE {s}.exports ADD COLUMN export_key text;
UPDATE {s}.exports SET export_key = request_id;
ALTER TABLE {s}.exports ALTER COLUMN export_key SET NOT NULL;
ALTER TABLE {s}.exports DROP CONSTRAINT exports_pkey;
ALTER TABLE {s}.exports ADD PRIMARY KEY (tenant, export_key);
`,
	// 4: done notifications keep no body and are forgotten after
	// rscsync.NotificationRetention (done_at); bodies already done are dropped.
	`
ALTER TABLE {s}.notifications ADD COLUMN done_at timestamptz;
UPDATE {s}.notifications SET done_at = coalesce(received_at, statement_timestamp()), value = 'null'::jsonb WHERE done;
CREATE INDEX notifications_done ON {s}.notifications (done_at) WHERE done;
`,
	// 5: the content of resumes (rscsync.Attachments; their fields are
	// records like any other) and Hiring Assistant evaluations
	// (rscsync.EvaluationChange).
	`
CREATE TABLE {s}.attachment_content (
	tenant     text NOT NULL,
	ref_parent text COLLATE "C" NOT NULL,
	ref_id     text COLLATE "C" NOT NULL,
	size       bigint NOT NULL,
	content    bytea NOT NULL,
	PRIMARY KEY (tenant, ref_parent, ref_id)
);
CREATE TABLE {s}.evaluations (
	tenant         text NOT NULL,
	request_id     text NOT NULL,
	application_id text NOT NULL,
	job_id         text NOT NULL DEFAULT '',
	context        text NOT NULL DEFAULT '',
	evaluated_at   bigint NOT NULL,
	summary        text NOT NULL DEFAULT '',
	raw            jsonb,
	PRIMARY KEY (tenant, request_id, application_id)
);
`,
	// 6: the engine's own state (outbox, checkpoints, parked, locks,
	// notifications) moved to rscstore/pgstore, which keeps it in the same
	// schema under its own versioned migrations (rscstore_migrations).
	// Assumption: an example database has nothing in flight worth keeping
	// across this upgrade; a production host would copy the rows over.
	`
DROP TABLE {s}.outbox;
DROP TABLE {s}.checkpoints;
DROP TABLE {s}.parked;
DROP TABLE {s}.locks;
DROP TABLE {s}.notifications;
`,
	// 7: the intake's ledger (Apply applies each rscsync.Change once by its
	// Key) and the ids of the candidates it creates.
	`
CREATE TABLE {s}.intake_applied (
	tenant       text NOT NULL,
	key          text NOT NULL,
	kind         text NOT NULL,
	candidate_id text NOT NULL DEFAULT '',
	failure      text NOT NULL DEFAULT '',
	applied_at   timestamptz NOT NULL,
	PRIMARY KEY (tenant, key)
);
CREATE SEQUENCE {s}.intake_candidate_ids;
`,
}

// SchemaVersion is the version Migrate brings the example's tables to
// (the engine state's tables have their own, rscpg.SchemaVersion).
const SchemaVersion = 7

// Migrate brings the example's tables to SchemaVersion (New then migrates
// the engine state's tables too): it creates the schema if needed and
// applies the migrations it has not applied yet, each with
// its version row, in one transaction. Processes that start together
// migrate one at a time (a transaction-scoped advisory lock on the schema
// name); running it again changes nothing.
func (s *Store) Migrate(ctx context.Context) error {
	if len(migrations) != SchemaVersion {
		return fmt.Errorf("pgstore: %d migrations for schema version %d", len(migrations), SchemaVersion)
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('pgstore.migrate:' || $1))`, s.schemaName); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, s.sql(`CREATE SCHEMA IF NOT EXISTS `+s.schema+`;
CREATE TABLE IF NOT EXISTS {s}.schema_migrations (
	version    integer PRIMARY KEY,
	applied_at timestamptz NOT NULL DEFAULT now()
)`)); err != nil {
			return err
		}
		var current int
		if err := tx.QueryRow(ctx, s.sql(`SELECT coalesce(max(version), 0) FROM {s}.schema_migrations`)).Scan(&current); err != nil {
			return err
		}
		if current > SchemaVersion {
			return fmt.Errorf("schema %s is at version %d, newer than this code's %d", s.schemaName, current, SchemaVersion)
		}
		for v := current + 1; v <= SchemaVersion; v++ {
			if _, err := tx.Exec(ctx, s.sql(migrations[v-1])); err != nil {
				return fmt.Errorf("version %d: %w", v, err)
			}
			if _, err := tx.Exec(ctx, s.sql(`INSERT INTO {s}.schema_migrations (version) VALUES ($1)`), v); err != nil {
				return fmt.Errorf("version %d: %w", v, err)
			}
		}
		return nil
	})
	return wrap("migrate "+s.schemaName, err)
}

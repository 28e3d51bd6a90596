-- Version 1: the engine's own state. Instants are Unix nanoseconds (UTC).
CREATE TABLE rscstore_outbox (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant      TEXT NOT NULL,
	resource    TEXT NOT NULL,
	ref_parent  TEXT NOT NULL,
	ref_id      TEXT NOT NULL,
	op          TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
	created_at  INTEGER NOT NULL,
	due_at      INTEGER NOT NULL,
	lease       TEXT NOT NULL DEFAULT '',
	lease_until INTEGER NOT NULL DEFAULT 0,
	claims      INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rscstore_outbox_tenant_seq ON rscstore_outbox (tenant, seq);
CREATE INDEX rscstore_outbox_tenant_ref ON rscstore_outbox (tenant, resource, ref_parent, ref_id);

CREATE TABLE rscstore_checkpoints (
	tenant     TEXT NOT NULL,
	stream     TEXT NOT NULL,
	cursor     TEXT NOT NULL,
	version    INTEGER NOT NULL,
	done       INTEGER NOT NULL,
	complete   INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (tenant, stream)
);

CREATE TABLE rscstore_parked (
	tenant     TEXT NOT NULL,
	resource   TEXT NOT NULL,
	ref_parent TEXT NOT NULL,
	ref_id     TEXT NOT NULL,
	status     INTEGER NOT NULL,
	reason     TEXT NOT NULL,
	at         INTEGER NOT NULL,
	PRIMARY KEY (tenant, resource, ref_parent, ref_id)
);

CREATE TABLE rscstore_locks (
	name  TEXT PRIMARY KEY,
	owner TEXT NOT NULL,
	until INTEGER NOT NULL
);

-- Notifications: a done one keeps its id (not its body) until done_at is
-- older than rscsync.NotificationRetention, so redeliveries are ignored.
CREATE TABLE rscstore_notifications (
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
	done_at     INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	UNIQUE (tenant, id)
);
CREATE INDEX rscstore_notifications_pending ON rscstore_notifications (tenant, seq) WHERE done = 0;
CREATE INDEX rscstore_notifications_done ON rscstore_notifications (tenant, done_at) WHERE done = 1;

-- Version 1: the engine's own state. Instants are Unix nanoseconds (UTC).
-- One leased queue (rscsync.Queue) for the outbox and the notifications,
-- each a lane: outbox rows have no id (their seq is their id) and are
-- deleted when done; a done notification keeps its id (not its body) for
-- rscsync.NotificationRetention, so redeliveries are ignored.
CREATE TABLE rscstore_queue (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant      TEXT NOT NULL,
	lane        TEXT NOT NULL CHECK (lane IN ('outbox', 'notifications')),
	id          TEXT,
	resource    TEXT NOT NULL DEFAULT '',
	ref_parent  TEXT NOT NULL DEFAULT '',
	ref_id      TEXT NOT NULL DEFAULT '',
	op          TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL DEFAULT 'null',
	created_at  INTEGER NOT NULL,
	due_at      INTEGER NOT NULL,
	lease       TEXT NOT NULL DEFAULT '',
	lease_until INTEGER NOT NULL DEFAULT 0,
	claims      INTEGER NOT NULL DEFAULT 0,
	done_at     INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX rscstore_queue_id ON rscstore_queue (tenant, lane, id);
CREATE INDEX rscstore_queue_due ON rscstore_queue (tenant, lane, seq) WHERE done_at = 0;
CREATE INDEX rscstore_queue_done ON rscstore_queue (tenant, lane, done_at) WHERE done_at <> 0;
CREATE INDEX rscstore_queue_refs ON rscstore_queue (tenant, resource, ref_parent, ref_id) WHERE lane = 'outbox';

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

-- Version 1: the engine's own state. {s} is the Store's schema.
-- One leased queue (rscsync.Queue) for the outbox and the notifications,
-- each a lane. Outbox rows have no id (seq is theirs) and are deleted when
-- done; a done notification keeps its id, not its body, for
-- rscsync.NotificationRetention, so redeliveries are ignored.
CREATE TABLE {s}.queue (
	seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	tenant      text NOT NULL,
	lane        text NOT NULL CHECK (lane IN ('outbox', 'notifications')),
	id          text,
	resource    text,
	ref_parent  text,
	ref_id      text,
	op          text CHECK (op IN ('upsert', 'delete')),
	value       jsonb,
	created_at  timestamptz,
	due_at      timestamptz NOT NULL,
	lease       text,
	lease_until timestamptz,
	claims      integer NOT NULL DEFAULT 0,
	done_at     timestamptz,
	last_error  text
);
CREATE UNIQUE INDEX queue_ids ON {s}.queue (tenant, lane, id);
CREATE INDEX queue_pending ON {s}.queue (tenant, lane, seq) WHERE done_at IS NULL;
CREATE INDEX queue_done ON {s}.queue (done_at) WHERE done_at IS NOT NULL;
CREATE INDEX queue_refs ON {s}.queue (tenant, resource, ref_parent, ref_id) WHERE lane = 'outbox';

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

-- Version 1: the engine's own state. {s} is the Store's schema.
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
CREATE INDEX outbox_tenant_ref ON {s}.outbox (tenant, resource, ref_parent, ref_id);

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

-- Notifications: a done one keeps its id (not its body) until done_at is
-- older than rscsync.NotificationRetention, so redeliveries are ignored.
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
	done_at     timestamptz,
	last_error  text,
	PRIMARY KEY (tenant, id)
);
CREATE INDEX notifications_pending ON {s}.notifications (tenant, seq) WHERE NOT done;
CREATE INDEX notifications_done ON {s}.notifications (done_at) WHERE done;

package pgstore

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscstore/internal/migrations"
	"github.com/rsckit/rsckit/rscstore/internal/wakeup"
)

// Compile-time checks of the interfaces a Store implements.
var (
	_ rscsync.Queue           = (*Store)(nil)
	_ rscsync.CheckpointStore = (*Store)(nil)
	_ rscsync.Parker          = (*Store)(nil)
	_ rscsync.Locker          = (*Store)(nil)
	_ rscsync.LeaseRenewer    = (*Store)(nil)
	_ rscsync.Waker           = (*Store)(nil)
	_ rscsync.TenantWaker     = (*Store)(nil)
	_ rscsync.TenantNotifier  = (*Store)(nil)
	_ rscsync.IntentDropper   = (*Store)(nil)
)

// DefaultSchema is the schema New uses without WithSchema.
const DefaultSchema = "rscstore"

// Option configures a Store.
type Option func(*Store)

// WithSchema puts the Store's tables in schema name (default DefaultSchema).
// New creates the schema if it does not exist. Give each Store of one
// database its own schema; the vendor's tables may live anywhere.
func WithSchema(name string) Option {
	return func(s *Store) {
		if name != "" {
			s.schemaName = name
		}
	}
}

// WithClock sets the clock for leases, lock expiry and due times. Without
// it the database's statement_timestamp() is used, one clock for every
// process. It must be safe for concurrent use.
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// Store keeps the engine's own state on PostgreSQL. It is safe for
// concurrent use by many goroutines and many processes. Create it with New;
// Close stops its LISTEN connection (the pool stays the caller's).
type Store struct {
	pool       *pgxpool.Pool
	schemaName string
	schema     string // quoted schema identifier
	channel    string // NOTIFY channel of the schema's wake-ups
	now        func() time.Time

	// The LISTEN goroutine that feeds wake, started by the first Wake or
	// WakeTenants.
	wake      *wakeup.Hub
	bgCtx     context.Context
	stop      context.CancelFunc
	stopped   chan struct{}
	mu        sync.Mutex
	listening bool
	closed    bool
}

// New returns a Store on pool and migrates its schema to SchemaVersion.
func New(ctx context.Context, pool *pgxpool.Pool, opts ...Option) (*Store, error) {
	if pool == nil {
		return nil, errors.New("pgstore: New needs a pool")
	}
	s := &Store{pool: pool, schemaName: DefaultSchema, wake: wakeup.New(), stopped: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	s.schema = pgx.Identifier{s.schemaName}.Sanitize()
	// PostgreSQL's channel names are identifiers: pg_notify rejects 64 bytes
	// or more (in the host's transaction) and LISTEN truncates them. A hash of
	// the schema name keeps every schema's channel short and distinct.
	s.channel = fmt.Sprintf("rscstore_%016x", fnv64(s.schemaName))
	s.bgCtx, s.stop = context.WithCancel(context.Background())
	if err := s.Migrate(ctx); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// Pool returns the pool the Store runs on.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Schema returns the name of the Store's schema.
func (s *Store) Schema() string { return s.schemaName }

// Close stops the LISTEN connection that Wake or WakeTenants started. It
// does not close the pool. It is safe to call twice.
func (s *Store) Close() {
	s.mu.Lock()
	listening := s.listening
	s.closed = true
	s.mu.Unlock()
	s.stop()
	if listening {
		<-s.stopped
	}
}

// migrationFiles are the schema versions: migrations/NNNN_name.sql brings
// the schema to version NNNN. Never edit a released one; add a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// SchemaVersion is the version Migrate brings a schema to: the number of
// embedded migrations.
const SchemaVersion = 1

// Migrate brings the Store's schema to SchemaVersion: it creates the schema
// if needed and applies the migrations it has not applied yet, each with
// its row in {schema}.rscstore_migrations, in one transaction. Processes
// that start together migrate one at a time (a transaction-scoped advisory
// lock on the schema name); running it again changes nothing. A schema
// newer than this code is an error.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := migrations.Load(migrationFiles, "migrations", SchemaVersion)
	if err != nil {
		return wrap("migrate", err)
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('rscstore.migrate:' || $1))`, s.schemaName); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, s.sql(`CREATE SCHEMA IF NOT EXISTS `+s.schema+`;
CREATE TABLE IF NOT EXISTS {s}.rscstore_migrations (
	version    integer PRIMARY KEY,
	name       text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`)); err != nil {
			return err
		}
		var current int
		if err := tx.QueryRow(ctx, s.sql(`SELECT coalesce(max(version), 0) FROM {s}.rscstore_migrations`)).Scan(&current); err != nil {
			return err
		}
		if current > SchemaVersion {
			return fmt.Errorf("schema %s is at version %d, newer than this code's %d", s.schemaName, current, SchemaVersion)
		}
		for _, m := range ms[current:] {
			if _, err := tx.Exec(ctx, s.sql(m.SQL)); err != nil {
				return fmt.Errorf("%s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx, s.sql(`INSERT INTO {s}.rscstore_migrations (version, name) VALUES ($1, $2)`), m.Version, m.Name); err != nil {
				return fmt.Errorf("%s: %w", m.Name, err)
			}
		}
		return nil
	})
	return wrap("migrate "+s.schemaName, err)
}

// Version returns the schema version the database is at (0 before New or
// Migrate ran on it).
func (s *Store) Version(ctx context.Context) (int, error) {
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, s.schema+".rscstore_migrations").Scan(&exists); err != nil || !exists {
		return 0, wrap("version", err)
	}
	var v int
	err := s.pool.QueryRow(ctx, s.sql(`SELECT coalesce(max(version), 0) FROM {s}.rscstore_migrations`)).Scan(&v)
	return v, wrap("version", err)
}

// sql puts the schema into a query: "{s}." names a table of the Store.
func (s *Store) sql(q string) string { return strings.ReplaceAll(q, "{s}.", s.schema+".") }

// nowArg is the clock argument of a query: nil (NULL) means the database's
// clock, through coalesce($n::timestamptz, statement_timestamp()).
func (s *Store) nowArg() any {
	if s.now == nil {
		return nil
	}
	return s.now()
}

// newLease returns a fresh lease token.
func newLease() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// micros is d in microseconds, for "$n::bigint * interval '1 microsecond'".
func micros(d time.Duration) int64 { return d.Microseconds() }

// nullTime is t, or nil (NULL) for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// wrap prefixes err with the operation; nil stays nil.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("pgstore: %s: %w", op, err)
}

// fnv64 is the FNV-1a hash of s.
func fnv64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	rscpg "github.com/rsckit/rsckit/rscstore/pgstore"
)

// Compile-time checks of the interfaces a Store implements.
var (
	_ rscsync.Store            = (*Store)(nil)
	_ rscsync.Locker           = (*Store)(nil)
	_ rscsync.Counter          = (*Store)(nil)
	_ rscsync.Waker            = (*Store)(nil)
	_ rscsync.TenantWaker      = (*Store)(nil)
	_ rscsync.TenantNotifier   = (*Store)(nil)
	_ rscsync.LeaseRenewer     = (*Store)(nil)
	_ rscsync.LeaseOwners      = (*Store)(nil)
	_ rscsync.LeaseLister      = (*Store)(nil)
	_ rscsync.BacklogReader    = (*Store)(nil)
	_ rscsync.Queue            = (*Store)(nil)
	_ rscsync.IntentDropper    = (*Store)(nil)
	_ rscsync.AttachmentSource = (*Store)(nil)
	_ rscsync.ATS              = (*Store)(nil)
)

// DefaultSchema is the schema New uses without WithSchema.
const DefaultSchema = "rscsync"

// Option configures a Store.
type Option func(*Store)

// WithSchema puts the Store's tables in schema name (default DefaultSchema).
// New creates the schema if it does not exist.
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

// WithSiteURL sets the ATS's address, from which the intake makes the
// externalProfileUrl of the candidates it creates (default
// https://ats.example.com).
func WithSiteURL(url string) Option {
	return func(s *Store) {
		if url != "" {
			s.site = strings.TrimSuffix(url, "/")
		}
	}
}

// Store is an rscsync.Store on PostgreSQL: the example ATS's tables
// (records, pulled data, exports, attachments, evaluations) and, embedded,
// the engine state of rscstore/pgstore (outbox, notifications,
// checkpoints, parked records, leases, wake-ups) in the same schema. It is
// safe for concurrent use by many goroutines and many processes. Create it
// with New; Close stops its LISTEN connection (the pool stays the
// caller's).
type Store struct {
	*rscpg.Store // the engine's own state

	pool       *pgxpool.Pool
	schemaName string
	schema     string // quoted schema identifier
	now        func() time.Time
	site       string // the ATS's address (WithSiteURL)
}

// New returns a Store on pool and migrates its schema to the latest
// version: the example's tables (Migrate), then the engine state's
// (rscstore/pgstore's own migrations).
func New(ctx context.Context, pool *pgxpool.Pool, opts ...Option) (*Store, error) {
	if pool == nil {
		return nil, errors.New("pgstore: New needs a pool")
	}
	s := &Store{pool: pool, schemaName: DefaultSchema, site: "https://ats.example.com"}
	for _, o := range opts {
		o(s)
	}
	s.schema = pgx.Identifier{s.schemaName}.Sanitize()
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	engineOpts := []rscpg.Option{rscpg.WithSchema(s.schemaName)}
	if s.now != nil {
		engineOpts = append(engineOpts, rscpg.WithClock(s.now))
	}
	engine, err := rscpg.New(ctx, pool, engineOpts...)
	if err != nil {
		return nil, err
	}
	s.Store = engine
	return s, nil
}

// Pool returns the pool the Store runs on.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Schema returns the name of the Store's schema.
func (s *Store) Schema() string { return s.schemaName }

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

// clock returns the time to store for host writes that do not go through
// SQL's clock (SeedRecords).
func (s *Store) clock() time.Time {
	if s.now == nil {
		return time.Now()
	}
	return s.now()
}

// wrap prefixes err with the operation; nil stays nil.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("pgstore: %s: %w", op, err)
}

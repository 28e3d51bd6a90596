package pgstore

import (
	"context"
	"crypto/rand"
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
)

// Compile-time checks of the interfaces a Store implements.
var (
	_ rscsync.Store          = (*Store)(nil)
	_ rscsync.Locker         = (*Store)(nil)
	_ rscsync.Counter        = (*Store)(nil)
	_ rscsync.Waker          = (*Store)(nil)
	_ rscsync.TenantWaker    = (*Store)(nil)
	_ rscsync.TenantNotifier = (*Store)(nil)
	_ rscsync.LeaseRenewer   = (*Store)(nil)
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

// Store is an rscsync.Store on PostgreSQL. It is safe for concurrent use by
// many goroutines and many processes. Create it with New; Close stops its
// LISTEN connection (the pool stays the caller's).
type Store struct {
	pool       *pgxpool.Pool
	schemaName string
	schema     string // quoted schema identifier
	channel    string // NOTIFY channel of new intents
	now        func() time.Time

	// The LISTEN goroutine that feeds wake, started by the first Wake.
	wake      chan struct{}
	bgCtx     context.Context
	stop      context.CancelFunc
	stopped   chan struct{}
	mu        sync.Mutex
	listening bool
	closed    bool
	wakeSeq   int
	wakers    map[int]func(tenant string) // WakeTenants subscribers
}

// New returns a Store on pool and migrates its schema to the latest version.
func New(ctx context.Context, pool *pgxpool.Pool, opts ...Option) (*Store, error) {
	if pool == nil {
		return nil, errors.New("pgstore: New needs a pool")
	}
	s := &Store{pool: pool, schemaName: DefaultSchema, wake: make(chan struct{}, 1), stopped: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	s.schema = pgx.Identifier{s.schemaName}.Sanitize()
	// PostgreSQL's channel names are identifiers: pg_notify rejects 64 bytes
	// or more (in the host's transaction) and LISTEN truncates them. A hash of
	// the schema name keeps every schema's channel short and distinct.
	s.channel = fmt.Sprintf("rscsync_outbox_%016x", fnv64(s.schemaName))
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

// Close stops the LISTEN connection that Wake started. It does not close
// the pool. It is safe to call twice.
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

package sqlitestore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"

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
	_ rscsync.LeaseOwners     = (*Store)(nil)
	_ rscsync.LeaseLister     = (*Store)(nil)
	_ rscsync.BacklogReader   = (*Store)(nil)
	_ rscsync.Waker           = (*Store)(nil)
	_ rscsync.TenantWaker     = (*Store)(nil)
	_ rscsync.TenantNotifier  = (*Store)(nil)
	_ rscsync.IntentDropper   = (*Store)(nil)
)

// Option configures a Store.
type Option func(*Store)

// WithClock sets the clock of leases, lock expiry, due times and the
// timestamps the Store writes (default time.Now). It must be safe for
// concurrent use.
func WithClock(now func() time.Time) Option {
	return func(s *Store) {
		if now != nil {
			s.now = now
		}
	}
}

// Store keeps the engine's own state in the vendor's SQLite database, in
// tables named rscstore_*. It is safe for concurrent use; several
// processes may share one database file (leases keep them apart; only
// wake-ups stay within a process). Create it with New.
type Store struct {
	db  *sql.DB
	now func() time.Time

	wake *wakeup.Hub
	mu   sync.Mutex
	txs  map[*sql.Tx]map[string]bool // Update's transactions: tenants with new intents
}

// Open opens (creating it if needed) the SQLite database file at path
// with the settings the Store needs beside the vendor's own use: write
// transactions that take the lock at BEGIN (BEGIN IMMEDIATE) and wait up to
// 10 s for it, WAL journaling. The path must not contain '?'. The database
// is the caller's to close.
func Open(path string) (*sql.DB, error) {
	if path == "" || strings.Contains(path, "?") {
		return nil, fmt.Errorf("sqlitestore: invalid database path %q", path)
	}
	q := url.Values{}
	q.Set("_txlock", "immediate")   // writers take the lock at BEGIN and queue
	q.Set("_busy_timeout", "10000") // ...for up to 10 s
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	return db, nil
}

// New returns a Store on db (best opened with Open) and migrates its
// tables to SchemaVersion. The vendor's tables may live in the same
// database; that is what lets RecordIntent and SaveCheckpointTx join the
// vendor's transactions.
func New(ctx context.Context, db *sql.DB, opts ...Option) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlitestore: New needs a database")
	}
	s := &Store{db: db, now: time.Now, wake: wakeup.New()}
	for _, o := range opts {
		o(s)
	}
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// DB returns the database the Store runs on.
func (s *Store) DB() *sql.DB { return s.db }

// migrationFiles are the schema versions: migrations/NNNN_name.sql brings
// the tables to version NNNN. Never edit a released one; add a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// SchemaVersion is the version Migrate brings the tables to: the number of
// embedded migrations.
const SchemaVersion = 1

// Migrate brings the Store's tables to SchemaVersion, one transaction per
// version, each recorded in rscstore_migrations. Several processes may
// migrate at once: the write lock of each step's transaction orders them,
// and the version check makes the others skip what is done. A database
// newer than the code is an error.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := migrations.Load(migrationFiles, "migrations", SchemaVersion)
	if err == nil {
		_, err = s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS rscstore_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`)
	}
	if err != nil {
		return fmt.Errorf("sqlitestore: migrate: %w", err)
	}
	for _, m := range ms {
		err := inTx(ctx, s.db, func(tx *sql.Tx) error {
			var current int
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM rscstore_migrations`).Scan(&current); err != nil {
				return err
			}
			if current > SchemaVersion {
				return fmt.Errorf("the database is at version %d, newer than this code's %d", current, SchemaVersion)
			}
			if current >= m.Version {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO rscstore_migrations (version, name, applied_at) VALUES (?, ?, ?)`, m.Version, m.Name, nanos(time.Now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("sqlitestore: migrate to %s: %w", m.Name, err)
		}
	}
	var current int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM rscstore_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("sqlitestore: migrate: %w", err)
	}
	if current > SchemaVersion {
		return fmt.Errorf("sqlitestore: migrate: the database is at version %d, newer than this code's %d", current, SchemaVersion)
	}
	return nil
}

// Update runs fn in a transaction on the Store's database and commits it,
// or rolls it back if fn fails. After a commit it wakes the tenants for
// which fn recorded intents (RecordIntent), in this process. A vendor that
// manages its own transactions calls NotifyTenant after the commit
// instead, or lets the Runner find the intents at its next poll.
func (s *Store) Update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlitestore: begin: %w", err)
	}
	s.mu.Lock()
	if s.txs == nil {
		s.txs = map[*sql.Tx]map[string]bool{}
	}
	s.txs[tx] = map[string]bool{}
	s.mu.Unlock()
	take := func() map[string]bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		t := s.txs[tx]
		delete(s.txs, tx)
		return t
	}
	if err := fn(tx); err != nil {
		take()
		_ = tx.Rollback()
		return err
	}
	err = tx.Commit()
	tenants := take()
	if err != nil {
		return fmt.Errorf("sqlitestore: commit: %w", err)
	}
	for t := range tenants {
		s.signal(t)
	}
	return nil
}

// noteIntent remembers that tx, when Update runs it, recorded intents of
// tenant.
func (s *Store) noteIntent(tx *sql.Tx, tenant string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.txs[tx]; ok {
		t[tenant] = true
	}
}

// Wake implements rscsync.Waker: the channel (buffer 1) receives a value
// after an Update of this process recorded intents, a notification was
// queued, or NotifyTenant ran. Other processes on the same file are not
// signalled; their Runners find the work at their next poll.
func (s *Store) Wake() <-chan struct{} { return s.wake.C() }

// WakeTenants implements rscsync.TenantWaker within this process, on the
// same events as Wake.
func (s *Store) WakeTenants(wake func(tenant string)) (stop func()) {
	return s.wake.Subscribe(wake)
}

// NotifyTenant implements rscsync.TenantNotifier within this process.
func (s *Store) NotifyTenant(ctx context.Context, tenant string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlitestore: notify %s: %w", tenant, err)
	}
	s.signal(tenant)
	return nil
}

// signal wakes Wake's channel and the WakeTenants subscribers with tenant.
func (s *Store) signal(tenant string) { s.wake.Signal(tenant) }

// inTx runs fn in a transaction and commits it, or rolls it back if fn
// fails.
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

// nanos is how instants are stored: Unix nanoseconds, UTC.
func nanos(t time.Time) int64 { return t.UnixNano() }

// optNanos is t in nanos, or 0 for the zero time.
func optNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return nanos(t)
}

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

// newLease returns a lease token unique across processes.
func newLease() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

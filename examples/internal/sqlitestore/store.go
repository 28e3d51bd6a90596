package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	rscsqlite "github.com/rsckit/rsckit/rscstore/sqlitestore"
)

// Compile-time checks of the interfaces a Store implements.
var (
	_ rscsync.Store         = (*Store)(nil)
	_ rscsync.Locker        = (*Store)(nil)
	_ rscsync.Counter       = (*Store)(nil)
	_ rscsync.Waker         = (*Store)(nil)
	_ rscsync.Queue         = (*Store)(nil)
	_ rscsync.IntentDropper = (*Store)(nil)
	_ rscsync.TenantWaker   = (*Store)(nil)
)

// DefaultSiteURL is the ATS's web address: a candidate's externalProfileUrl
// is <site>/candidates/<id> and a job's companyApplyUrl <site>/jobs/<id>.
const DefaultSiteURL = "https://ats.example.com"

// Option configures a Store.
type Option func(*Store)

// WithClock sets the clock of leases, lock expiry, due times and the
// timestamps the store writes (default time.Now). It must be safe for
// concurrent use.
func WithClock(now func() time.Time) Option {
	return func(s *Store) {
		if now != nil {
			s.now = now
		}
	}
}

// WithSiteURL sets the ATS's web address (default DefaultSiteURL), without
// a trailing slash.
func WithSiteURL(site string) Option {
	return func(s *Store) { s.site = strings.TrimSuffix(site, "/") }
}

// Store is the ATS database: the ATS's own tables (and the data pulled
// from LinkedIn) and, embedded, the engine's own state
// (rscstore/sqlitestore: outbox, checkpoints, parked records, leases,
// notifications, wake-ups) in the same file, so that a change and its
// outbox intent commit in one transaction. It implements rscsync.Store
// with every optional ability, and its ATS method returns the rscsync.ATS
// of the intake. It is safe for concurrent use; several processes may share
// one database file.
type Store struct {
	*rscsqlite.Store // the engine's own state

	db   *sql.DB
	now  func() time.Time
	site string
}

// Open opens (creating it if needed) the SQLite database at path and
// migrates its schema. The path must not contain '?'.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	db, err := rscsqlite.Open(path) // BEGIN IMMEDIATE with a busy timeout, WAL
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, now: time.Now, site: DefaultSiteURL}
	for _, o := range opts {
		o(s)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	// The engine state's tables first: migration 7 moves the rows of the
	// example's old engine tables into them.
	engine, err := rscsqlite.New(ctx, db, rscsqlite.WithClock(s.now))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	s.Store = engine
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB returns the database, for the host's own queries.
func (s *Store) DB() *sql.DB { return s.db }

// nanos is how instants are stored: Unix nanoseconds, UTC.
func nanos(t time.Time) int64 { return t.UnixNano() }

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

// Tx is one ATS transaction. The host's own writes (Exec, PutRecord,
// DeleteRecord) and the outbox intents they record (Touch) commit together
// or not at all: a change is never lost between the ATS and LinkedIn, and
// never sent without being committed.
type Tx struct {
	s      *Store
	tx     *sql.Tx
	ctx    context.Context
	tenant string
}

// Update runs fn in one transaction for tenant and commits it, or rolls it
// back if fn fails. After a commit that recorded intents it wakes the
// tenant's Runner (rscstore/sqlitestore's Update).
func (s *Store) Update(ctx context.Context, tenant string, fn func(tx *Tx) error) error {
	err := s.Store.Update(ctx, func(tx *sql.Tx) error {
		return fn(&Tx{s: s, tx: tx, ctx: ctx, tenant: tenant})
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: update %s: %w", tenant, err)
	}
	return nil
}

// Tenant returns the tenant the transaction writes for.
func (t *Tx) Tenant() string { return t.tenant }

// Exec runs one of the host's own statements in the transaction.
func (t *Tx) Exec(query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(t.ctx, query, args...)
}

// QueryRow runs a query in the transaction.
func (t *Tx) QueryRow(query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

// Touch records an outbox intent for a record of resource r: op upsert for
// a record that was created or changed (the push engine loads its current
// state), delete for one that is gone.
func (t *Tx) Touch(r rscsync.Resource, ref rscsync.Ref, op rscsync.Op) error {
	return t.s.RecordIntent(t.ctx, t.tx, t.tenant, r, ref, op)
}

// PutRecord stores (or replaces) a record given as its rscsync model value
// in the ATS's tables and records an upsert intent for it.
func (t *Tx) PutRecord(r rscsync.Resource, rec rscsync.Record) error {
	if err := t.s.writeRecord(t.ctx, t.tx, t.tenant, r, rec); err != nil {
		return err
	}
	return t.Touch(r, rec.Ref, rscsync.OpUpsert)
}

// DeleteRecord removes a record from the ATS's tables and records a delete
// intent for it.
func (t *Tx) DeleteRecord(r rscsync.Resource, ref rscsync.Ref) error {
	if err := t.s.deleteRecord(t.ctx, t.tx, t.tenant, r, ref); err != nil {
		return err
	}
	return t.Touch(r, ref, rscsync.OpDelete)
}

// PutRecord stores a record and its upsert intent in one transaction.
func (s *Store) PutRecord(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record) error {
	return s.Update(ctx, tenant, func(tx *Tx) error { return tx.PutRecord(r, rec) })
}

// DeleteRecord removes a record and records its delete intent in one
// transaction.
func (s *Store) DeleteRecord(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	return s.Update(ctx, tenant, func(tx *Tx) error { return tx.DeleteRecord(r, ref) })
}

// SeedRecords stores records without outbox intents: data the ATS had
// before the integration, which the backfill sends.
func (s *Store) SeedRecords(ctx context.Context, tenant string, r rscsync.Resource, recs []rscsync.Record) error {
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		for _, rec := range recs {
			if err := s.writeRecord(ctx, tx, tenant, r, rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: seed %s: %w", r, err)
	}
	return nil
}

// TenantRow is a customer of the ATS and its LinkedIn identity.
type TenantRow struct {
	ID, Name string
	// Organization and Contract are the customer's LinkedIn organization
	// and Recruiter contract URNs.
	Organization, Contract string
	// Application is the child application's URN; ClientID and
	// ClientSecret its credentials. A production ATS encrypts the secret.
	Application, ClientID, ClientSecret string
	// OnboardedAt is when onboarding finished (zero until then).
	OnboardedAt time.Time
	// Callback are the tokens of the customer's CALLBACK_URL, stored like
	// the client secret (a production ATS encrypts them).
	Callback rsc.CallbackTokens
}

// SaveTenant inserts or replaces a tenant.
func (s *Store) SaveTenant(ctx context.Context, t TenantRow) error {
	var onboarded int64
	if !t.OnboardedAt.IsZero() {
		onboarded = nanos(t.OnboardedAt)
	}
	var prevUntil int64
	if !t.Callback.PreviousUntil.IsZero() {
		prevUntil = nanos(t.Callback.PreviousUntil)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO tenants (id, name, organization, contract, application, client_id, client_secret, onboarded_at,
			callback_token, callback_previous, callback_previous_until)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, organization = excluded.organization, contract = excluded.contract,
			application = excluded.application, client_id = excluded.client_id, client_secret = excluded.client_secret,
			onboarded_at = excluded.onboarded_at, callback_token = excluded.callback_token,
			callback_previous = excluded.callback_previous, callback_previous_until = excluded.callback_previous_until`,
		t.ID, t.Name, t.Organization, t.Contract, t.Application, t.ClientID, t.ClientSecret, onboarded,
		t.Callback.Current.Reveal(), t.Callback.Previous.Reveal(), prevUntil)
	if err != nil {
		return fmt.Errorf("sqlitestore: save tenant %s: %w", t.ID, err)
	}
	return nil
}

// LoadTenant returns a tenant; ok is false if there is none with that id.
func (s *Store) LoadTenant(ctx context.Context, id string) (t TenantRow, ok bool, err error) {
	var onboarded, prevUntil int64
	var cur, prev string
	err = s.db.QueryRowContext(ctx, `SELECT id, name, organization, contract, application, client_id, client_secret, onboarded_at,
			callback_token, callback_previous, callback_previous_until FROM tenants WHERE id = ?`, id).
		Scan(&t.ID, &t.Name, &t.Organization, &t.Contract, &t.Application, &t.ClientID, &t.ClientSecret, &onboarded, &cur, &prev, &prevUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return TenantRow{}, false, nil
	}
	if err != nil {
		return TenantRow{}, false, fmt.Errorf("sqlitestore: load tenant %s: %w", id, err)
	}
	if onboarded != 0 {
		t.OnboardedAt = fromNanos(onboarded)
	}
	t.Callback = rsc.CallbackTokens{Current: model.Secret(cur), Previous: model.Secret(prev)}
	if prevUntil != 0 {
		t.Callback.PreviousUntil = fromNanos(prevUntil)
	}
	return t, true, nil
}

// Meta returns a value of the host's key-value table; ok is false when the
// key is not set.
func (s *Store) Meta(ctx context.Context, key string) (value string, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("sqlitestore: meta %s: %w", key, err)
	}
	return value, true, nil
}

// SetMeta sets a value of the host's key-value table.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("sqlitestore: set meta %s: %w", key, err)
	}
	return nil
}

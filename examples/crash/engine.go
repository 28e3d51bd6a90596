package crash

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// TenantID is the ATS's one customer.
const TenantID = "acme"

// Owner is the lease owner of every engine process: as in the quickstart,
// an engine restarted after a crash takes its predecessor's tenant lease
// back at once instead of waiting for it to expire.
const Owner = "crash-engine"

// PageSize is the engine's backfill page and batch size.
const PageSize = 50

// Lease is how long the engine's claimed outbox intents stay leased: the
// intents a killed engine had claimed are due again after it.
const Lease = 2 * time.Second

// users are the ATS's users; atsgen's hiring teams name them
// urn:li:person:user1 to user5, in this order.
var users = []sqlitestore.User{
	{ID: "U1", Email: "rita@acme-ats.example", FirstName: "Rita", LastName: "Recruiter"},
	{ID: "U2", Email: "hank@acme-ats.example", FirstName: "Hank", LastName: "Manager"},
	{ID: "U3", Email: "ivy@acme-ats.example", FirstName: "Ivy", LastName: "Interviewer"},
	{ID: "U4", Email: "omar@acme-ats.example", FirstName: "Omar", LastName: "Coordinator"},
	{ID: "U5", Email: "pia@acme-ats.example", FirstName: "Pia", LastName: "Director"},
}

// Seed fills a new database with a generated ATS of the given number of
// candidates (about 8 records each) for LinkedIn customer c (rscmock's
// default customer): the tenant TenantID with c's credentials, the ATS
// users, the first of whom hold c's seats, and the ATS's records without
// outbox intents (the backfill sends them), as the quickstart does. It
// returns the number of records the backfill will send.
func Seed(ctx context.Context, store *sqlitestore.Store, c rscmock.Customer, candidates int, now time.Time) (int64, error) {
	t := sqlitestore.TenantRow{ID: TenantID, Name: "Acme", Organization: string(c.Organization), Contract: string(c.Contract),
		Application: string(c.Application), ClientID: c.ClientID, ClientSecret: c.ClientSecret, OnboardedAt: now}
	if err := store.SaveTenant(ctx, t); err != nil {
		return 0, err
	}
	if err := store.SeedDataset(ctx, TenantID, users, atsgen.Generate(1, candidates, now)); err != nil {
		return 0, err
	}
	for i, seat := range c.Seats {
		if i == len(users) {
			break
		}
		if err := store.BindSeat(ctx, TenantID, users[i].ID, seat.URN, seat.Holder.URN); err != nil {
			return 0, err
		}
	}
	var total int64
	for _, r := range rscsync.Resources() {
		n, err := store.CountRecords(ctx, TenantID, r)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// NewRunner returns the engine of store's tenant TenantID against LinkedIn
// at baseURL (rscmock's URL), with the tenant's stored credentials: the
// quickstart's rscsync.Runner with PageSize, Lease and Owner, client-side
// rate limits off (rscmock's quota is off too) and quick retries. The
// pollers are off: the crash test is about sending.
func NewRunner(ctx context.Context, store *sqlitestore.Store, baseURL string, log *slog.Logger) (*rscsync.Runner, error) {
	t, ok, err := store.LoadTenant(ctx, TenantID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("crash: no tenant %s in the database", TenantID)
	}
	client, err := rsc.NewClient(
		rsc.WithBaseURL(baseURL), rsc.WithTokenURL(baseURL+"/oauth/v2/accessToken"),
		rsc.WithClientCredentials(t.ClientID, t.ClientSecret),
		rsc.WithRateLimits(rsc.NoRateLimits()),
		// The recorder reads Rest.li 1.0 keys (ids[0].x=...): /v2.
		rsc.WithVersionedEndpoints(false),
		rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: 3, MinWait: 5 * time.Millisecond, MaxWait: 50 * time.Millisecond}),
		rsc.WithLogger(log),
	)
	if err != nil {
		return nil, fmt.Errorf("crash: client: %w", err)
	}
	return rscsync.NewRunner(store,
		rscsync.Tenants{{ID: TenantID, Client: client, Organization: model.URN(t.Organization), Contract: model.URN(t.Contract)}},
		rscsync.Config{
			Owner:        Owner,
			PageSize:     PageSize,
			Lease:        Lease,
			MaxBackoff:   100 * time.Millisecond,
			PushInterval: 50 * time.Millisecond,
			Pull:         rscsync.PullConfig{Disabled: true},
			Logger:       log,
		})
}

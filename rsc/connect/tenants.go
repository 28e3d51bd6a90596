package connect

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Refresh asks LinkedIn for the status of the tenant's integrations
// (o.Keys(), one batch get on atsIntegrations) and applies each with
// Observe. Call it when an INTEGRATION_STATUS_CHANGE notification arrives,
// when the admin page opens, or on a slow timer (atsIntegrations allows
// 5,000 requests a day). Keys LinkedIn does not know (a per-key error such
// as 404) are skipped. If the call fails, o is returned unchanged with the
// error.
func Refresh(ctx context.Context, c *rsc.Client, o Onboarding, at time.Time) (Onboarding, error) {
	if err := o.Validate(); err != nil {
		return o, err
	}
	entries, err := c.Integrations.BatchGet(ctx, o.Keys())
	if err != nil {
		return o, fmt.Errorf("connect: refresh onboarding of %q: %w", o.TenantID, err)
	}
	n := o
	for _, e := range entries {
		if e.Err != nil {
			continue
		}
		if n, err = n.Observe(e.Key, e.Value.Status, at); err != nil {
			return o, err
		}
	}
	return n, nil
}

// ErrNoOnboarding is what an OnboardingStore returns (wrapped or not) for a
// tenant that has no onboarding state yet.
var ErrNoOnboarding = errors.New("no onboarding state")

// OnboardingStore reads the onboarding state the host stores per tenant.
type OnboardingStore interface {
	// Onboarding returns the tenant's state, or ErrNoOnboarding. It may be
	// called concurrently.
	Onboarding(ctx context.Context, tenantID string) (Onboarding, error)
}

// OnboardingMap is an OnboardingStore over a map keyed by tenant id, for
// tests and small hosts. It must not be written while in use.
type OnboardingMap map[string]Onboarding

// Onboarding returns m[tenantID] or ErrNoOnboarding.
func (m OnboardingMap) Onboarding(_ context.Context, tenantID string) (Onboarding, error) {
	o, ok := m[tenantID]
	if !ok {
		return Onboarding{}, fmt.Errorf("connect: tenant %q: %w", tenantID, ErrNoOnboarding)
	}
	return o, nil
}

// EnabledTenants is an rscsync.TenantSource that lets the engines run only
// what LinkedIn enabled. It lists Source's tenants and keeps those whose
// onboarding state (from States) is SyncEnabled for the same organization.
// A kept tenant whose Contract is not ContractEnabled (not added, removed,
// or CSA_API not enabled) is listed with Contract cleared, so the engines
// skip its seat, InMail, note and stub pulls. Tenants without a state are
// left out. The Runner restarts a tenant whose entry changes, so enabling
// or disabling takes effect at its next TenantRefresh.
type EnabledTenants struct {
	// Source lists every tenant the host has.
	Source rscsync.TenantSource
	// States holds each tenant's Onboarding.
	States OnboardingStore
}

var _ rscsync.TenantSource = EnabledTenants{}

// Tenants lists the enabled tenants. An error of Source or States (other
// than ErrNoOnboarding) fails the call, so that a database outage does not
// look like every customer being disabled.
func (e EnabledTenants) Tenants(ctx context.Context) ([]rscsync.Tenant, error) {
	if e.Source == nil || e.States == nil {
		return nil, errors.New("connect: EnabledTenants needs a Source and States")
	}
	all, err := e.Source.Tenants(ctx)
	if err != nil {
		return nil, err
	}
	var out []rscsync.Tenant
	for _, t := range all {
		o, err := e.States.Onboarding(ctx, t.ID)
		if errors.Is(err, ErrNoOnboarding) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("connect: onboarding state of tenant %q: %w", t.ID, err)
		}
		if o.Organization != t.Organization || !o.SyncEnabled() {
			continue
		}
		if !t.Contract.IsZero() && !o.ContractEnabled(t.Contract) {
			t.Contract = model.URN("")
		}
		out = append(out, t)
	}
	return out, nil
}

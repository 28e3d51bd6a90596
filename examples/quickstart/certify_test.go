package main

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rsckit/rsckit/certify"
	"github.com/rsckit/rsckit/examples/certifyhosts"
	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/rsc/model"
)

func openCertifyDB(t *testing.T) *sqlitestore.Store {
	t.Helper()
	store, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "certify.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// The quickstart's integration (its SQLite ATS, intake and engines) passes
// every rule of the certification kit that can be checked.
func TestQuickstartPassesTheCertificationKit(t *testing.T) {
	rep := certify.Test(t, certifyhosts.SQLite(openCertifyDB(t)), certify.Options{Name: "quickstart (SQLite)"})
	if f := rep.Failed(); len(f) > 0 || rep.Count(certify.Pass)+rep.Count(certify.NotChecked) != len(certify.Rules()) {
		t.Errorf("failed rules %v; %d passed, %d not checked of %d", f, rep.Count(certify.Pass), rep.Count(certify.NotChecked), len(certify.Rules()))
	}
}

// withQuickstartViewers connects like the quickstart's onboard does: it
// also sets APPLICATION_VIEWERS to ALL_PRODUCT_USERS while syncing the
// hiring teams as access lists.
type withQuickstartViewers struct{ *certify.SyncHost }

func (h withQuickstartViewers) Connect(ctx context.Context, in certify.Instance) error {
	if err := h.SyncHost.Connect(ctx, in); err != nil {
		return err
	}
	client, err := in.NewClient()
	if err != nil {
		return err
	}
	viewers := model.IntegrationConfiguration{Key: model.ConfigurationKey{
		Integration: model.IntegrationKey{IntegrationContext: in.Organization, IntegrationType: model.IntegrationTypeInATSIndicator, TenantType: model.TenantTypeRecruiter},
		Name:        model.ConfigApplicationViewers}, Value: model.ConfigurationValue{String: model.AllProductUsers}}
	rs, err := client.Configurations.BatchUpdate(ctx, []model.IntegrationConfiguration{viewers})
	if err == nil {
		err = rs[0].Err
	}
	return err
}

// The quickstart's onboarding as written lets every Recruiter user see the
// applications on secured jobs, also after the recruiter was taken off the
// job's list: the kit fails RSC-402 and RSC-403, and only them.
func TestQuickstartViewersFailRSC402And403(t *testing.T) {
	rep := certify.Run(t.Context(), withQuickstartViewers{certifyhosts.SQLite(openCertifyDB(t))}, certify.Options{})
	if got, want := rep.Failed(), []string{"RSC-402", "RSC-403"}; !slices.Equal(got, want) {
		t.Fatalf("failed rules %v, want %v", got, want)
	}
}

package main

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rsckit/rsckit/certify"
	"github.com/rsckit/rsckit/examples/certifyhosts"
	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/rsc"
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

// quickstartHost is the kit's SQLite host connecting with the quickstart's
// own onboarding (connectLinkedIn), not the adapter's.
func quickstartHost(t *testing.T) *certify.SyncHost {
	h := certifyhosts.SQLite(openCertifyDB(t))
	h.Onboard = func(ctx context.Context, client *rsc.Client, in certify.Instance, callback string, tokens rsc.CallbackTokens) error {
		return connectLinkedIn(ctx, client, in.Organization, in.Contract, in.Name, callback, tokens)
	}
	return h
}

// aclRules are the certification rules about access lists.
var aclRules = []string{"RSC-401", "RSC-402", "RSC-403", "RSC-404"}

// Regression (the kit's finding): the quickstart's onboarding set
// APPLICATION_VIEWERS to ALL_PRODUCT_USERS while syncing the hiring teams
// as access lists, so every Recruiter user saw the applications of secured
// jobs, also after the recruiter was taken off the job's list (RSC-402,
// RSC-403). Connected by the quickstart's own onboarding, the access-list
// rules pass.
func TestQuickstartOnboardingPassesTheACLRules(t *testing.T) {
	rep := certify.Run(t.Context(), quickstartHost(t), certify.Options{Rules: aclRules})
	if f := rep.Failed(); len(f) > 0 {
		t.Fatalf("failed rules %v", f)
	}
	var passed []string
	for _, r := range rep.Results {
		if r.Outcome == certify.Pass {
			passed = append(passed, r.Rule)
		}
	}
	if !slices.Equal(passed, aclRules) {
		t.Errorf("passed %v, want %v", passed, aclRules)
	}
}

// withViewers connects like the quickstart's onboarding did before the
// fix: it also sets APPLICATION_VIEWERS to ALL_PRODUCT_USERS. The kit fails
// it on RSC-402 and RSC-403 and only them, so the test above can fail.
type withViewers struct{ *certify.SyncHost }

func (h withViewers) Connect(ctx context.Context, in certify.Instance) error {
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
	if err == nil && len(rs) > 0 {
		err = rs[0].Err
	}
	return err
}

func TestApplicationViewersForAllFailRSC402And403(t *testing.T) {
	rep := certify.Run(t.Context(), withViewers{quickstartHost(t)}, certify.Options{Rules: aclRules})
	if got, want := rep.Failed(), []string{"RSC-402", "RSC-403"}; !slices.Equal(got, want) {
		t.Fatalf("failed rules %v, want %v", got, want)
	}
}

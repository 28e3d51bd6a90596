package pgstore_test

import (
	"testing"

	"github.com/rsckit/rsckit/certify"
	"github.com/rsckit/rsckit/examples/certifyhosts"
)

// The PostgreSQL example (rsc/sync's engines over pgstore) passes every
// rule of the certification kit that can be checked. Gated on
// RSC_TEST_POSTGRES_DSN, like the other PostgreSQL tests.
func TestPostgresPassesTheCertificationKit(t *testing.T) {
	store := newStore(t, testPool(t))
	rep := certify.Test(t, certifyhosts.Postgres(store), certify.Options{Name: "PostgreSQL example (pgstore)"})
	if f := rep.Failed(); len(f) > 0 || rep.Count(certify.Pass)+rep.Count(certify.NotChecked) != len(certify.Rules()) {
		t.Errorf("failed rules %v; %d passed, %d not checked of %d", f, rep.Count(certify.Pass), rep.Count(certify.NotChecked), len(certify.Rules()))
	}
}

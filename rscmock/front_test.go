package rscmock_test

import (
	"testing"

	"github.com/rsckit/rsckit/rscmock"
	"github.com/rsckit/rsckit/rscmock/internal/console"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// TestFrontConstantsAreTheSimulators: the front spells out the values of
// its bundle, onboarding and widget-message constants for its documentation; they must be
// the values the simulator (and so the console and /_mock/) uses.
func TestFrontConstantsAreTheSimulators(t *testing.T) {
	t.Parallel()
	for _, c := range [][2]string{
		{rscmock.BundleCompany, sim.BundleCompany}, {rscmock.BundleContract, sim.BundleContract},
		{rscmock.OnboardingNotRequested, sim.OnboardingNotRequested}, {rscmock.OnboardingRequested, sim.OnboardingRequested},
		{rscmock.OnboardingPartnerReady, sim.OnboardingPartnerReady}, {rscmock.OnboardingEnabled, sim.OnboardingEnabled},
		{rscmock.MsgUnauthorizedDomain, console.MsgUnauthorizedDomain},
	} {
		if c[0] != c[1] {
			t.Errorf("front %q, simulator %q", c[0], c[1])
		}
	}
}

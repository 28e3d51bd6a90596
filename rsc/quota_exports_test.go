package rsc

import (
	"errors"
	"testing"
	"time"
)

// TestExportQuotasAreSeparate: LinkedIn documents exportedCandidates and
// atsPurgedExportedCandidates as two rows of 100,000 requests a day each.
// Using up one leaves the other. (They used to share one assumed quota.)
func TestExportQuotasAreSeparate(t *testing.T) {
	t.Parallel()
	def := DefaultRateLimits().RequestsPerDay
	if def[QuotaExportedCandidates] != 100_000 || def[QuotaPurgedExports] != 100_000 {
		t.Errorf("default quotas: exportedCandidates %d, atsPurgedExportedCandidates %d; want 100,000 each",
			def[QuotaExportedCandidates], def[QuotaPurgedExports])
	}
	if def[QuotaApplicationNotes] != 1_000_000 {
		t.Errorf("rest/applicationNotes quota %d, want 1,000,000", def[QuotaApplicationNotes])
	}
	for _, v2 := range []bool{true, false} {
		c, f := setupDefault(t, WithVersionedEndpoints(!v2), WithRateLimits(RateLimits{RequestsPerDay: map[QuotaGroup]int{
			QuotaExportedCandidates: 1, QuotaPurgedExports: 1}}))
		f.reply = func(captured) (int, string) { return 200, `{"elements":[]}` }
		ctx := t.Context()
		if _, _, err := c.Exports.Get(ctx, "R1"); err != nil {
			t.Fatal(err)
		}
		_, _, err := c.Exports.Get(ctx, "R2")
		var qe *QuotaError
		if !errors.As(err, &qe) || qe.Quota != QuotaExportedCandidates {
			t.Fatalf("v2 %v: second export fetch: %v, want the exportedCandidates quota", v2, err)
		}
		now := time.Now()
		if _, _, err := c.Exports.ListPurged(ctx, PurgedListOptions{Window: Window{Since: now.Add(-time.Hour), Until: now}}); err != nil {
			t.Errorf("v2 %v: purged list after the exports' quota ran out: %v", v2, err)
		}
		if n := len(f.requests()); n != 2 {
			t.Errorf("v2 %v: %d requests, want 2", v2, n)
		}
	}
}

// TestWithV2For keeps only the named resources on /v2 and refuses a name
// that has no /rest endpoint.
func TestWithV2For(t *testing.T) {
	t.Parallel()
	c, f := setupDefault(t, WithV2For("exportedCandidates"))
	f.reply = func(captured) (int, string) { return 200, `{"elements":[]}` }
	if _, _, err := c.Exports.Get(t.Context(), "R1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Exports.ListPurged(t.Context(), PurgedListOptions{}); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if reqs[0].Path != "/v2/exportedCandidates" || reqs[1].Path != "/rest/atsPurgedExportedCandidates" {
		t.Errorf("paths %s, %s; want /v2/exportedCandidates, /rest/atsPurgedExportedCandidates", reqs[0].Path, reqs[1].Path)
	}
	if _, err := NewClient(WithClientCredentials("a", "b"), WithV2For("atsEntityAcls")); err == nil {
		t.Error("WithV2For accepted a resource that has no /rest endpoint")
	}
}

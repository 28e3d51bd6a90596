package atsgen

import (
	"testing"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

func TestGenerateIsValidAndDeterministic(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	d := Generate(7, 300, now)
	if d.Count() < 300*6 {
		t.Errorf("only %d records for 300 candidates", d.Count())
	}
	for _, r := range rscsync.Resources() {
		if len(d.Records[r]) == 0 {
			t.Errorf("no %s", r)
		}
	}
	// Values validate once the engine fills their keys; here check the
	// parts the generator owns: timestamps within two years, unique refs.
	seen := map[rscsync.Resource]map[rscsync.Ref]bool{}
	for r, recs := range d.Records {
		seen[r] = map[rscsync.Ref]bool{}
		for _, rec := range recs {
			if seen[r][rec.Ref] {
				t.Fatalf("duplicate %s %v", r, rec.Ref)
			}
			seen[r][rec.Ref] = true
		}
	}
	again := Generate(7, 300, now)
	if again.Count() != d.Count() || again.Records[rscsync.Candidates][42].Ref != d.Records[rscsync.Candidates][42].Ref {
		t.Error("not deterministic")
	}
}

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

// TestHistoryScansEveryRecordOnce pages through a History with a page
// size that splits candidates' records across pages, and checks each
// record comes once, in Generate's proportions, the same on a second scan.
func TestHistoryScansEveryRecordOnce(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	const n = 300
	h := NewHistory(7, n, now)
	d := Generate(7, n, now)
	scan := func(r rscsync.Resource, limit int) []rscsync.Record {
		var all []rscsync.Record
		cur := ""
		for {
			page, next, err := h.Scan(r, cur, limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > limit {
				t.Fatalf("%s: page of %d, limit %d", r, len(page), limit)
			}
			if len(page) == 0 {
				return all
			}
			all, cur = append(all, page...), next
		}
	}
	for _, r := range rscsync.Resources() {
		recs := scan(r, 7)
		seen := map[rscsync.Ref]bool{}
		for _, rec := range recs {
			if seen[rec.Ref] {
				t.Fatalf("%s %v scanned twice", r, rec.Ref)
			}
			seen[rec.Ref] = true
		}
		// Generate draws from one source, History from one per item: the
		// counts of the random parts differ a little, the shape not.
		if got, want := len(recs), len(d.Records[r]); got < want*8/10 || got > want*12/10 {
			t.Errorf("%s: %d records, Generate makes %d", r, got, want)
		}
		again := scan(r, 100)
		if len(again) != len(recs) || again[len(again)-1].Ref != recs[len(recs)-1].Ref {
			t.Errorf("%s: a second scan differs", r)
		}
	}
	if c := scan(rscsync.Candidates, 100); len(c) != n || len(scan(rscsync.Jobs, 100)) != h.Jobs() {
		t.Errorf("%d candidates, want %d", len(c), n)
	}
}

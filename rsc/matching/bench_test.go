package matching

import (
	"slices"
	"testing"
	"time"
)

// BenchmarkDuplicateIndex builds an index of 1,000,000 generated records and reports
// build-s (build time), lookup-p99-us (99th percentile of 10,000 lookups) and
// x-pairwise (how many times faster an index lookup is than scoring the query
// against every record, on 10,000 records). It is skipped with -short and runs only
// when selected with -bench.
func BenchmarkDuplicateIndex(b *testing.B) {
	if testing.Short() {
		b.Skip("builds 1,000,000 records")
	}
	ds := GenerateDataset(42, 1_000_000)
	for b.Loop() {
		start := time.Now()
		ix := BuildIndex(ds.Records, Options{})
		build := time.Since(start)

		queries := GenerateDataset(7, 10_000).Records
		lat := make([]time.Duration, len(queries))
		for i, q := range queries {
			t := time.Now()
			ix.Lookup(q)
			lat[i] = time.Since(t)
		}
		slices.Sort(lat)
		p99 := lat[len(lat)*99/100]

		small := BuildIndex(ds.Records[:10_000], Options{})
		probe := queries[:200]
		t := time.Now()
		for _, q := range probe {
			small.Lookup(q)
		}
		indexed := time.Since(t)
		t = time.Now()
		for _, q := range probe {
			small.lookupPairwise(q)
		}
		pairwise := time.Since(t)

		b.ReportMetric(build.Seconds(), "build-s")
		b.ReportMetric(float64(p99.Nanoseconds())/1e3, "lookup-p99-us")
		b.ReportMetric(float64(pairwise)/float64(indexed), "x-pairwise")
	}
}

// lookupPairwise is Lookup without blocking: it scores q against every record.
func (ix *Index) lookupPairwise(r Record) []Match {
	q := normalize(r, ix.opts.DefaultRegion)
	var out []Match
	for i := range ix.entries {
		e := &ix.entries[i]
		if m := score(&q, e, ix.opts.Threshold); m.Same || m.Score >= ix.opts.Threshold {
			m.ID = e.id
			out = append(out, m)
		}
	}
	return out
}

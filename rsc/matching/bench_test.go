package matching

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rsckit/rsckit/internal/cputime"
	"github.com/rsckit/rsckit/rsc/model"
)

// BenchmarkDuplicateIndex builds an index of 1,000,000 generated records and reports
//   - build-s: the CPU time (user and system, all threads) BuildIndex took, in
//     seconds; target < 10;
//   - lookup-p99-us: the 99th percentile of 10,000 lookups of new records; target < 100;
//   - lookup-p50-us: their median, no target: the typical lookup, which a p99
//     taken on a shared machine can hide;
//   - x-pairwise: how many times faster an index lookup is than scoring the query
//     against every record, on 10,000 records;
//   - recall: on a 10,000-record sample with planted duplicates of every kind the
//     matcher claims (see recallSample), the share of the pairs that scoring every
//     record finds which the index finds too; target 1.0.
//
// It is skipped with -short and runs only when selected with -bench.
func BenchmarkDuplicateIndex(b *testing.B) {
	if testing.Short() {
		b.Skip("builds 1,000,000 records")
	}
	ds := GenerateDataset(42, 1_000_000)
	for b.Loop() {
		cpu0 := cputime.Process()
		ix := BuildIndex(ds.Records, Options{})
		build := cputime.Process() - cpu0

		queries := GenerateDataset(7, 10_000).Records
		lat := make([]time.Duration, len(queries))
		for i, q := range queries {
			t := time.Now()
			ix.Lookup(q)
			lat[i] = time.Since(t)
		}
		slices.Sort(lat)
		p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]

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

		found, pairs, missed := indexRecall(recallSample())
		for _, m := range missed {
			b.Logf("missed: %s", m)
		}
		b.ReportMetric(build.Seconds(), "build-s")
		b.ReportMetric(float64(p99.Nanoseconds())/1e3, "lookup-p99-us")
		b.ReportMetric(float64(p50.Nanoseconds())/1e3, "lookup-p50-us")
		b.ReportMetric(float64(pairwise)/float64(indexed), "x-pairwise")
		b.ReportMetric(float64(found)/float64(pairs), "recall")
		b.Logf("recall: %d of %d pairs that pairwise scoring flags", found, pairs)
	}
}

// recallSample is GenerateDataset's 10,000 records (planted duplicates with
// accents, case, typos, nicknames, swapped names, phone formats, profile URL
// variants, shared emails and companies) plus 100 people with a LinkedIn
// member URN whose second record shares only the member and a misspelt name:
// every reason the matcher claims.
func recallSample() []Record {
	recs := slices.Clone(GenerateDataset(11, 10_000).Records)
	for i := range 100 {
		member := model.URN(fmt.Sprintf("urn:li:person:recall%d", i))
		recs[i*97].Member = member
		twin := Record{ID: fmt.Sprintf("member-twin-%d", i), FirstName: recs[i*97].FirstName, LastName: recs[i*97].LastName + "e", Member: member}
		recs = append(recs, twin)
	}
	for i := range recs {
		if recs[i].ID == "" {
			recs[i].ID = fmt.Sprintf("r%d", i)
		}
	}
	return recs
}

// indexRecall looks every record of recs up in an index of recs and by
// scoring it against every record, and counts the pairs (a record and a
// flagged match) the pairwise scoring finds and how many of them the index
// finds. missed describes up to 10 pairs the index did not find.
func indexRecall(recs []Record) (found, pairs int, missed []string) {
	ix := BuildIndex(recs, Options{})
	for _, r := range recs {
		got := map[string]bool{}
		for _, m := range ix.Lookup(r) {
			got[m.ID] = true
		}
		for _, m := range ix.lookupPairwise(r) {
			if m.ID == r.ID {
				continue
			}
			pairs++
			if got[m.ID] {
				found++
			} else if len(missed) < 10 {
				missed = append(missed, fmt.Sprintf("%s -> %s (%.3f %v)", r.ID, m.ID, m.Score, m.Reasons))
			}
		}
	}
	return found, pairs, missed
}

// lookupPairwise is Lookup without blocking: it scores q against every record.
func (ix *Index) lookupPairwise(r Record) []Match {
	q := normalize(r, ix.opts.DefaultRegion)
	qh := hotOf(&q)
	var out []Match
	for i := range ix.entries {
		e := &ix.entries[i]
		if m := score(&q, &qh, e, &ix.hot[i], ix.opts.Threshold); m.Same || m.Score >= ix.opts.Threshold {
			m.ID = e.id
			out = append(out, m)
		}
	}
	return out
}

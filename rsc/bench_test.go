package rsc

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// BenchmarkEncodeCandidates measures the client's CPU per 100-record batch
// (validate, encode, build the Rest.li envelope and ids) against a plain
// encoding/json marshal of the same records, in one run. x-json is the
// ratio (target <= 1.5).
func BenchmarkEncodeCandidates(b *testing.B) {
	batch := make([]model.Candidate, MaxBatchSize)
	for i := range batch {
		c := testCandidate(fmt.Sprintf("cand-%06d", i))
		c.PhoneNumbers = []model.PhoneNumber{{Number: "+1 555 0100"}}
		c.CurrentCompanyName, c.CurrentJobTitle = "Analytical Engines Ltd", "Programmer"
		batch[i] = c
	}
	rt := candidatesEndpoint.v2
	encode := func() int {
		keys, err := validateBatch("candidates", batch, func(c model.Candidate) model.CandidateKey { return c.Key })
		if err != nil {
			b.Fatal(err)
		}
		bodies, err := encodeBodies(batch, nil)
		if err != nil {
			b.Fatal(err)
		}
		rkeys := make([]restli.Key, len(keys))
		idx := make([]int, len(keys))
		for i, k := range keys {
			rkeys[i], idx[i] = rt.key(k), i
		}
		var q restli.Query
		q.SetIDs(rkeys)
		return len(entitiesBody(rt.protocol, rkeys, idx, bodies)) + len(q.Encode(rt.protocol))
	}
	plain := func() int {
		out, err := json.Marshal(batch)
		if err != nil {
			b.Fatal(err)
		}
		return len(out)
	}
	// Each iteration times many batches, so that a single one (-benchtime 1x)
	// is not dominated by cold caches; both sides alternate, so machine noise
	// hits them alike.
	const batchesPerIteration = 200
	encode()
	plain() // warm up
	var sdk, std time.Duration
	for b.Loop() {
		for range batchesPerIteration {
			t0 := time.Now()
			encode()
			t1 := time.Now()
			plain()
			sdk += t1.Sub(t0)
			std += time.Since(t1)
		}
	}
	b.ReportMetric(float64(sdk)/float64(std), "x-json")
}

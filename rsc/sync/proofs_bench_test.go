package rscsync_test

import (
	"runtime/metrics"
	"strconv"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

// The benchmarks of this package (bound_bench_test.go,
// push_bench_test.go) report the figures of DESIGN.md §5 with
// b.ReportMetric; run them with
//
//	go test -run '^$' -bench . -benchtime 1x ./rsc/sync/
//
// BENCHMARKS.md at the repository root has the latest figures. This file
// holds what they share.

// quotaPerMinute is LinkedIn's records-per-minute quota of one child
// application (and rscmock's default).
const quotaPerMinute = 10_000

// genCandidate returns candidate i of a stream of distinct candidates.
func genCandidate(i int) model.Candidate {
	id := strconv.Itoa(i)
	first, last := atsFirst[i%len(atsFirst)], atsLast[(i/len(atsFirst))%len(atsLast)]
	return model.Candidate{
		FirstName: first, LastName: last,
		EmailAddresses:     []string{first + "." + last + "." + id + "@example.com"},
		PhoneNumbers:       []model.PhoneNumber{{Number: "+1 415 555 " + strconv.Itoa(1000+i%9000)}},
		CurrentCompanyName: "Analytical Engines Ltd", CurrentJobTitle: "Software Engineer",
		ATSCreatedAt: 1_700_000_000_000 + model.EpochMillis(i), ATSLastModifiedAt: 1_700_000_100_000 + model.EpochMillis(i),
		ExternalProfileURL: "https://ats.example.com/candidates/" + id,
	}
}

var (
	atsFirst = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Dennis", "Radia"}
	atsLast  = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Ritchie"}
)

// heapSampler records the peak of the live heap (runtime/metrics
// /memory/classes/heap/objects:bytes: live objects and not yet swept
// garbage) every 10 ms until stopped.
type heapSampler struct {
	stop chan struct{}
	done chan struct{}
	peak uint64
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			h.peak = max(h.peak, s[0].Value.Uint64())
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// Stop ends sampling and returns the peak in bytes.
func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	<-h.done
	return h.peak
}

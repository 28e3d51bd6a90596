package storetest

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

var recordTests = []test{
	{"ScanOrderStable", testScanOrderStable},
	{"ScanResumesFromEveryCursor", testScanResumes},
	{"ScanSeesLaterChanges", func(t *testing.T, e *env) { testScanLaterChanges(t, e, false) }},
	{"ScanAfterDeletedCursor", func(t *testing.T, e *env) { testScanLaterChanges(t, e, true) }},
	{"ScanEmpty", testScanEmpty},
	{"PutReplaces", testPutReplaces},
	{"LoadOmitsDeleted", testLoadOmitsDeleted},
	{"TenantsAndResourcesSeparate", testRecordsSeparate},
	{"CountMatchesScan", testCount},
}

// noteRefs returns candidate-note refs under several parents, in a
// shuffled but fixed order.
func noteRefs() []rscsync.Ref {
	var refs []rscsync.Ref
	for _, p := range []string{"p2", "10", "p1", "9", "p10"} {
		for _, id := range []string{"n1", "2", "n10", "11", "n2"} {
			refs = append(refs, rscsync.Ref{ID: id + "-" + p, Parent: p})
		}
	}
	shuffle(refs)
	return refs
}

// candidateRefs returns n candidate refs, numeric and not, shuffled.
func candidateRefs(n int) []rscsync.Ref {
	refs := make([]rscsync.Ref, 0, n)
	for i := range n {
		if i%2 == 0 {
			refs = append(refs, rscsync.Ref{ID: seqIDs("", n)[i]})
		} else {
			refs = append(refs, rscsync.Ref{ID: seqIDs("cand-", n)[i]})
		}
	}
	shuffle(refs)
	return refs
}

func shuffle[T any](s []T) {
	r := rand.New(rand.NewPCG(4, 2))
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
}

func testScanOrderStable(t *testing.T, e *env) {
	for _, tc := range []struct {
		r    rscsync.Resource
		refs []rscsync.Ref
	}{
		{rscsync.Candidates, candidateRefs(23)},
		{rscsync.CandidateNotes, noteRefs()},
	} {
		e.put(t, tenantA, tc.r, tc.refs...)
		first, _ := e.scan(t, tenantA, tc.r, "", 100)
		if d := duplicates(first); len(d) > 0 {
			t.Errorf("%s: scan returned %v more than once", tc.r, d)
		}
		if diff := cmp.Diff(sortRefs(tc.refs), sortRefs(first)); diff != "" {
			t.Errorf("%s: scan returned other records than were put (-want +got):\n%s", tc.r, diff)
		}
		for _, limit := range []int{1, 2, 100, 7} {
			got, _ := e.scan(t, tenantA, tc.r, "", limit)
			if diff := cmp.Diff(first, got); diff != "" {
				t.Errorf("%s: scan with limit %d is in another order than with limit 100 (-first +got):\n%s", tc.r, limit, diff)
			}
		}
	}
}

func testScanResumes(t *testing.T, e *env) {
	for _, tc := range []struct {
		r    rscsync.Resource
		refs []rscsync.Ref
	}{
		{rscsync.Candidates, candidateRefs(15)},
		{rscsync.CandidateNotes, noteRefs()[:15]},
	} {
		e.put(t, tenantA, tc.r, tc.refs...)
		order, cursors := e.scan(t, tenantA, tc.r, "", 1)
		for i, c := range cursors {
			for _, limit := range []int{1, 2, 100} {
				got, _ := e.scan(t, tenantA, tc.r, c, limit)
				if diff := cmp.Diff(order[i+1:], got, cmpEmpty); diff != "" {
					t.Errorf("%s: scan from the cursor after record %d (%+v) with limit %d (-want +got):\n%s", tc.r, i, order[i], limit, diff)
				}
			}
		}
	}
}

// cmpEmpty treats nil and empty slices alike.
var cmpEmpty = cmp.Comparer(func(a, b []rscsync.Ref) bool {
	return len(a) == 0 && len(b) == 0 || slices.Equal(a, b)
})

// testScanLaterChanges stops a scan in the middle, changes the records and
// resumes. With deleteCursor the record at the cursor is deleted too.
func testScanLaterChanges(t *testing.T, e *env, deleteCursor bool) {
	r := rscsync.Candidates
	e.put(t, tenantA, r, candidateRefs(20)...)
	old, cursors := e.scan(t, tenantA, r, "", 1)
	const k = 9 // resume after old[k]
	cursor := cursors[k]
	added := ids("0", "00", "cand-0", "cand-99", "zzz", "5a", "16", "150", "AAA", "cand-10a")
	e.put(t, tenantA, r, added...)
	deleted := []rscsync.Ref{old[3], old[12], old[17]}
	if deleteCursor {
		deleted = append(deleted, old[k])
	}
	e.del(t, tenantA, r, deleted...)

	rest, _ := e.scan(t, tenantA, r, cursor, 2)
	fresh, _ := e.scan(t, tenantA, r, "", 100)

	// The fresh scan has exactly the live records, old ones in their old order.
	var live []rscsync.Ref
	for _, ref := range append(slices.Clone(old), added...) {
		if !slices.Contains(deleted, ref) {
			live = append(live, ref)
		}
	}
	if diff := cmp.Diff(sortRefs(live), sortRefs(fresh)); diff != "" {
		t.Fatalf("scan after changes (-want +got):\n%s", diff)
	}
	var oldInFresh []rscsync.Ref
	for _, ref := range fresh {
		if slices.Contains(old, ref) {
			oldInFresh = append(oldInFresh, ref)
		}
	}
	var oldLive []rscsync.Ref
	for _, ref := range old {
		if !slices.Contains(deleted, ref) {
			oldLive = append(oldLive, ref)
		}
	}
	if diff := cmp.Diff(oldLive, oldInFresh); diff != "" {
		t.Errorf("adding and deleting records changed the order of the others (-before +after):\n%s", diff)
	}

	// The resumed scan is a suffix of the fresh scan that holds every live
	// old record after the cursor and none before it.
	if len(rest) > len(fresh) || !slices.Equal(rest, fresh[len(fresh)-len(rest):]) {
		t.Errorf("resumed scan %v is not the end of a fresh scan %v", rest, fresh)
	}
	for i, ref := range old {
		in := slices.Contains(rest, ref)
		switch {
		case slices.Contains(deleted, ref) && in:
			t.Errorf("resumed scan returned deleted record %+v", ref)
		case i <= k && in:
			t.Errorf("resumed scan repeated record %+v from before the cursor", ref)
		case i > k && !slices.Contains(deleted, ref) && !in:
			t.Errorf("resumed scan missed record %+v", ref)
		}
	}
	if !deleteCursor {
		at := slices.Index(fresh, old[k])
		if diff := cmp.Diff(fresh[at+1:], rest, cmpEmpty); diff != "" {
			t.Errorf("resumed scan is not everything after the cursor's record, new records included (-want +got):\n%s", diff)
		}
	}
}

func testScanEmpty(t *testing.T, e *env) {
	if got, _ := e.scan(t, tenantA, rscsync.Candidates, "", 10); len(got) != 0 {
		t.Errorf("scan of a new store returned %v", got)
	}
	e.put(t, tenantA, rscsync.Candidates, ids("1")...)
	e.del(t, tenantA, rscsync.Candidates, ids("1")...)
	if got, _ := e.scan(t, tenantA, rscsync.Candidates, "", 10); len(got) != 0 {
		t.Errorf("scan after deleting the only record returned %v", got)
	}
}

func testPutReplaces(t *testing.T, e *env) {
	e.put(t, tenantA, rscsync.Candidates, ids("1", "2", "1", "1")...)
	got, _ := e.scan(t, tenantA, rscsync.Candidates, "", 100)
	if diff := cmp.Diff(ids("1", "2"), sortRefs(got)); diff != "" {
		t.Errorf("putting a record again must replace it (-want +got):\n%s", diff)
	}
	recs, err := e.records.LoadRecords(e.ctx, tenantA, rscsync.Candidates, ids("1"))
	if err != nil {
		t.Fatalf("LoadRecords: %v", err)
	}
	if diff := cmp.Diff(ids("1"), refsOf(recs)); diff != "" {
		t.Errorf("LoadRecords of a replaced record (-want +got):\n%s", diff)
	}
}

func testLoadOmitsDeleted(t *testing.T, e *env) {
	r := rscsync.CandidateNotes
	a := rscsync.Ref{ID: "n1", Parent: "c1"}
	b := rscsync.Ref{ID: "n2", Parent: "c1"}
	c := rscsync.Ref{ID: "n1", Parent: "c2"}
	e.put(t, tenantA, r, a, b, c)
	e.del(t, tenantA, r, b)
	recs, err := e.records.LoadRecords(e.ctx, tenantA, r, []rscsync.Ref{c, b, a, {ID: "missing", Parent: "c1"}, {ID: "n2", Parent: "c2"}})
	if err != nil {
		t.Fatalf("LoadRecords: %v", err)
	}
	checkRecords(t, r, recs)
	if diff := cmp.Diff(sortRefs([]rscsync.Ref{a, c}), sortRefs(refsOf(recs))); diff != "" {
		t.Errorf("LoadRecords (-want +got):\n%s", diff)
	}
	recs, err = e.records.LoadRecords(e.ctx, tenantB, r, []rscsync.Ref{a, c})
	if err != nil {
		t.Fatalf("LoadRecords of another tenant: %v", err)
	}
	if len(recs) != 0 {
		t.Errorf("LoadRecords of another tenant returned %v", refsOf(recs))
	}
}

func testRecordsSeparate(t *testing.T, e *env) {
	e.put(t, tenantA, rscsync.Candidates, ids("1", "2", "3")...)
	e.put(t, tenantB, rscsync.Candidates, ids("2", "4")...)
	e.put(t, tenantA, rscsync.Jobs, ids("1", "j1")...)
	e.del(t, tenantB, rscsync.Candidates, ids("3")...)
	for _, tc := range []struct {
		tenant string
		r      rscsync.Resource
		want   []rscsync.Ref
	}{
		{tenantA, rscsync.Candidates, ids("1", "2", "3")},
		{tenantB, rscsync.Candidates, ids("2", "4")},
		{tenantA, rscsync.Jobs, ids("1", "j1")},
		{tenantB, rscsync.Jobs, nil},
		{tenantA, rscsync.CandidateNotes, nil},
	} {
		got, _ := e.scan(t, tc.tenant, tc.r, "", 100)
		if diff := cmp.Diff(sortRefs(tc.want), sortRefs(got), cmpEmpty); diff != "" {
			t.Errorf("scan of %s %s (-want +got):\n%s", tc.tenant, tc.r, diff)
		}
	}
}

func testCount(t *testing.T, e *env) {
	c, ok := e.Store.(rscsync.Counter)
	if !ok {
		t.Skip("the Store is not a rscsync.Counter")
	}
	e.put(t, tenantA, rscsync.Candidates, candidateRefs(12)...)
	e.put(t, tenantA, rscsync.CandidateNotes, noteRefs()...)
	e.del(t, tenantA, rscsync.CandidateNotes, noteRefs()[:4]...)
	e.put(t, tenantB, rscsync.Candidates, ids("x")...)
	for _, tc := range []struct {
		tenant string
		r      rscsync.Resource
	}{
		{tenantA, rscsync.Candidates},
		{tenantA, rscsync.CandidateNotes},
		{tenantA, rscsync.Jobs},
		{tenantB, rscsync.Candidates},
		{"tenant-none", rscsync.Candidates},
	} {
		got, err := c.CountRecords(e.ctx, tc.tenant, tc.r)
		if err != nil {
			t.Fatalf("CountRecords(%s, %s): %v", tc.tenant, tc.r, err)
		}
		refs, _ := e.scan(t, tc.tenant, tc.r, "", 100)
		if got != int64(len(refs)) {
			t.Errorf("CountRecords(%s, %s) = %d, scan returned %d", tc.tenant, tc.r, got, len(refs))
		}
	}
}

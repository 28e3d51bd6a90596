package rsc

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/internal/restli"
)

// checkKeyTable compares a keyTable of keys with the map[string]int it
// replaces (the last of equal keys wins) for every key and for probe.
func checkKeyTable(t *testing.T, keys []string, probes ...string) {
	t.Helper()
	want := make(map[string]int, len(keys))
	for j, k := range keys {
		want[k] = j
	}
	table := newKeyTable(formsOf(keys...), nil)
	for _, k := range append(probes, keys...) {
		wj, wok := want[k]
		j, ok := table.find(k)
		bj, bok := table.findBytes([]byte(k))
		if j != wj || ok != wok || bj != wj || bok != wok {
			t.Fatalf("%q: find %d %v, findBytes %d %v; the map %d %v", k, j, ok, bj, bok, wj, wok)
		}
	}
}

// formsOf returns keys as the entity forms of a batch (protocol 1.0
// simple keys, written as they are).
func formsOf(keys ...string) *restli.KeyForms {
	var forms restli.KeyForms
	for _, k := range keys {
		forms.Append(restli.Protocol1, []restli.Key{restli.SimpleKey(k)})
	}
	return &forms
}

// TestKeyTableReusesSlots checks a table built in the slots of an earlier,
// larger one finds its own keys and none of the earlier ones.
func TestKeyTableReusesSlots(t *testing.T) {
	big := newKeyTable(formsOf("a", "b", "c", "d", "e", "f", "g", "h"), nil)
	small := newKeyTable(formsOf("x", "y"), big.slots)
	if &small.slots[0] != &big.slots[0] {
		t.Errorf("a table of 2 keys did not reuse the %d slots of one of 8", len(big.slots))
	}
	for _, k := range []string{"x", "y"} {
		if _, ok := small.find(k); !ok {
			t.Errorf("%q not found", k)
		}
	}
	for _, k := range []string{"a", "b", "c", "h"} {
		if j, ok := small.find(k); ok {
			t.Errorf("%q, a key of the earlier table, found at %d", k, j)
		}
	}
}

func TestKeyTable(t *testing.T) {
	checkKeyTable(t, nil, "", "a")
	checkKeyTable(t, []string{""}, "", "a")
	checkKeyTable(t, []string{"a", "b", "a"}, "c")
	var keys []string
	for i := range MaxBatchSize {
		keys = append(keys, fmt.Sprintf("atsCandidateId=cand-%06d&dataProvider=ATS", i))
	}
	checkKeyTable(t, keys, "atsCandidateId=cand-000100&dataProvider=ATS", "atsCandidateId=cand-00000")
	// Every slot taken but the half the table keeps free, probes wrapping.
	keys = keys[:64]
	checkKeyTable(t, keys, "x", "y", "z")
}

// FuzzKeyTable checks the table against a map for keys split from keys at
// each '|' and one probe.
func FuzzKeyTable(f *testing.F) {
	f.Add("a|b|a", "c")
	f.Add("", "")
	f.Add("k=1|k=2|k=3|k=1", "k=4")
	f.Fuzz(func(t *testing.T, keys, probe string) {
		checkKeyTable(t, strings.Split(keys, "|"), probe)
	})
}

// FuzzCheckBatch checks checkBatch's table against the map it replaced:
// the first key seen before names the earlier record, or none does. Keys
// are split from keys at each '|', as a compound key of two fields.
func FuzzCheckBatch(f *testing.F) {
	f.Add("a|b|c|b|a")
	f.Add("")
	f.Add("a|a")
	f.Fuzz(func(t *testing.T, keys string) {
		type key struct{ a, b string }
		var ks []key
		for s := range strings.SplitSeq(keys, "|") {
			a, b, _ := strings.Cut(s, ",")
			ks = append(ks, key{a, b})
		}
		want := ""
		first := map[key]int{}
		for i, k := range ks {
			if j, ok := first[k]; ok {
				want = fmt.Sprintf("x[%d].key: duplicate of x[%d]", i, j)
				break
			}
			first[k] = i
		}
		if len(ks) > MaxBatchSize {
			want = "records"
		}
		err := checkBatch("x", ks)
		if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
			t.Fatalf("%q: %v, want %q", keys, err, want)
		}
	})
}

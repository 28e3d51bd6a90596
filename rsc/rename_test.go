package rsc

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

// renameByMap is the obvious renaming (decode into a map, rename, encode),
// the reference renameFields must agree with.
func renameByMap(b []byte, renames map[string]string) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for from, to := range renames {
		if v, ok := m[from]; ok {
			delete(m, from)
			m[to] = v
		}
	}
	return m, nil
}

var testRenames = map[string]string{"atsCreatedAt": "externalCreatedAt", "atsLastModifiedAt": "externalLastModifiedAt"}

func FuzzRenameFields(f *testing.F) {
	for _, s := range []string{
		`{"atsCreatedAt":1,"firstName":"Ada"}`,
		` { "atsCreatedAt" : 1 , "nested" : {"atsCreatedAt":2,"list":[{"atsLastModifiedAt":3}]}, "atsLastModifiedAt":[1,"atsCreatedAt"] }`,
		`{"note":"a \"quoted\" atsCreatedAt, {braces} [and] commas","atsCreatedAt":5}`,
		`{"a\u0074sCreatedAt":1}`,
		`{}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := renameByMap([]byte(s), testRenames)
		if err != nil {
			return // not a JSON object: renameFields may fail or not, but must not panic
		}
		got, err := renameFields([]byte(s), testRenames)
		if err != nil {
			t.Fatalf("renameFields(%q): %v", s, err)
		}
		var gm map[string]any
		if err := json.Unmarshal(got, &gm); err != nil {
			t.Fatalf("renameFields(%q) = %q: not JSON: %v", s, got, err)
		}
		// A key written with escapes is deliberately left alone, so only an
		// input without backslashes must match the reference exactly.
		if !reflect.DeepEqual(gm, want) && !strings.Contains(s, `\`) {
			t.Fatalf("renameFields(%q) = %s, want %v", s, got, want)
		}
	})
}

func TestRenameFieldsRefusesNonObjects(t *testing.T) {
	t.Parallel()
	for _, s := range []string{``, `[]`, `"x"`, `{"a":1`, `{"a":"unterminated}`} {
		if _, err := renameFields([]byte(s), testRenames); err == nil {
			t.Errorf("renameFields(%q): no error", s)
		}
	}
}

// TestBodiesOfRenamesAsRenameFields checks that candidates, which write
// the /rest names themselves, come out byte for byte as their MarshalJSON
// renamed by renameFields (on the /rest route, under the names built with
// it), each body its own record's, and that the
// entities body holds them all.
func TestBodiesOfRenamesAsRenameFields(t *testing.T) {
	t.Parallel()
	cands := []model.Candidate{testCandidate("c1"), testCandidate("c2"), {}}
	cands[1].Addresses = []model.Address{{City: "atsCreatedAt"}}
	// The /rest route's names are built with it; the others per call.
	for _, rt := range []route[model.CandidateKey]{{}, {renames: candidateTimeRenames}, *candidatesEndpoint.rest} {
		renames := rt.renames
		bodies, err := bodiesOf(cands, rt)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := bodies.(appendedBodies[model.Candidate]); !ok {
			t.Fatalf("candidates are not written straight into the request: %T", bodies)
		}
		var parsed struct{ Entities map[string]json.RawMessage }
		if err := json.Unmarshal(entitiesBody(nil, formsOf("k0", "k1", "k2"), []int{0, 1, 2}, bodies), &parsed); err != nil || len(parsed.Entities) != 3 {
			t.Fatalf("entities body: %v, %d entities", err, len(parsed.Entities))
		}
		for i, c := range cands {
			want, _ := c.MarshalJSON()
			if renames != nil {
				if want, err = renameFields(want, renames); err != nil {
					t.Fatal(err)
				}
			}
			if got := bodies.appendBody(nil, i); string(got) != string(want) {
				t.Errorf("renames %v, record %d:\n got %s\nwant %s", renames, i, got, want)
			}
		}
	}
}

// TestEntitiesBodySized checks the entities body of a batch of alike
// candidates is written into one buffer of about its size: large enough
// never to grow, and not a third larger than needed.
func TestEntitiesBodySized(t *testing.T) {
	t.Parallel()
	cands := make([]model.Candidate, 100)
	idx, ekeys := make([]int, len(cands)), make([]string, len(cands))
	for i := range cands {
		cands[i] = testCandidate(fmt.Sprintf("cand-%06d", i))
		idx[i], ekeys[i] = i, fmt.Sprintf("(externalCandidateId:cand-%06d)", i)
	}
	bodies, err := bodiesOf(cands, *candidatesEndpoint.rest)
	if err != nil {
		t.Fatal(err)
	}
	forms := formsOf(ekeys...)
	n := entitiesBodySize(forms, idx, bodies)
	b := entitiesBody(make([]byte, 0, n), forms, idx, bodies)
	if want := 16 + bodies.size(idx) + len(ekeys)*(len(ekeys[0])+4); n != want || cap(b) != want || cap(b) > len(b)*4/3 {
		t.Errorf("%d bytes in a buffer of %d, want one of %d (not grown) and under %d", len(b), cap(b), want, len(b)*4/3)
	}
}

// TestEntitiesBodyEscapesKeys checks the entities body's keys read back
// as the forms they were written from, when every form is plain and when
// one needs a JSON escape (the others then still written plain).
func TestEntitiesBodyEscapesKeys(t *testing.T) {
	t.Parallel()
	for _, keys := range [][]string{{"(a:1)", "(a:2)", "b&c"}, {"(a:1)", `q"uote`, "back\\slash", "é", "tab\t", "(a:2)"}} {
		bodies := make(encodedBodies, len(keys))
		idx := make([]int, len(keys))
		for i := range keys {
			bodies[i], idx[i] = []byte(fmt.Sprintf(`{"n":%d}`, i)), i
		}
		var parsed struct{ Entities map[string]struct{ N int } }
		b := entitiesBody(nil, formsOf(keys...), idx, bodies)
		if err := json.Unmarshal(b, &parsed); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		for i, k := range keys {
			if e, ok := parsed.Entities[k]; !ok || e.N != i {
				t.Errorf("%s: key %q is not record %d's", b, k, i)
			}
		}
		if strings.Contains(string(b), `\u0026`) {
			t.Errorf("%s: & escaped", b)
		}
	}
}

package wire

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

var entitiesCorpus = []string{
	`{"entities":{"a=1&b=2":{"x":[1,{"y":"}"}]},"k":"v","n":-1.5e3,"t":true,"z":null}}`,
	`{"other":[{"entities":1}],"entities":{}}`, ` { "entities" : { "k" : "v" } } `,
	`{"entities":null}`, `{"entities":[]}`, `{"Entities":{"a":1}}`, `{"entities":{"a":1},"entities":{"b":2}}`,
	`{"entities":{"a":1},"ENTITIES":{"b":2}}`, `{"entit\u0069es":{"a":1}}`, `{"entities":{"\u00e9\"\\":1,"a":1,"a":2}}`,
	`{"entities":{"\xff":1}}`, `[1]`, `null`, `"s"`, `{"entities":{"a":1}`, `{}`, `{"entities":{"a":"x\\"}}`,
	`{"entities":{"a":1},}`, `{"entities":{"a":1,}}`, `{"entities":{"a":1}} x`, `{"entities":{"a":01}}`,
	`{"entities":{"a":"\x"}}`, `{"entities":{"a":"\u12g4"}}`, `{"entities":{"a":"tab	in"}}`, `{"k":[1,]}`,
	`{"entities":null,"x":tru}`, `{"entities":{"a":{"b" 1}}}`, `{"entities":{"a":[1 2]}}`, `{,}`, `{"a"}`,
	`{"entities":{"a":-}}`, `{"entities":{"a":1.}}`, `{"entities":{"a":1e+}}`, `{"entities":{"a":nul}}`,
}

func TestEntitiesMatchesEncodingJSON(t *testing.T) {
	for _, in := range entitiesCorpus {
		checkEntities(t, []byte(in))
	}
}

func checkEntities(t *testing.T, in []byte) {
	t.Helper()
	got, ok := Entities(in)
	want, wantOK := entitiesByEncodingJSON(in)
	if ok != wantOK || !reflect.DeepEqual(normalize(got), normalize(want)) {
		t.Fatalf("%q: Entities %v %v, encoding/json %v %v", in, got, ok, want, wantOK)
	}
}

// normalize renders a map of raw values as strings (nil stays nil).
func normalize(m map[string]json.RawMessage) map[string]string {
	if m == nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

func FuzzEntities(f *testing.F) {
	for _, in := range entitiesCorpus {
		f.Add([]byte(in))
	}
	f.Fuzz(checkEntities)
}

// scanValid is the scanner's verdict on a whole JSON text.
func scanValid(b []byte) bool {
	s := scanner{b: b}
	s.space()
	ok := s.value()
	s.space()
	return ok && s.i == len(b)
}

// checkValid checks the scanner against encoding/json.Valid, the check
// Entities made before it read bodies itself.
func checkValid(t *testing.T, in []byte) {
	t.Helper()
	if got, want := scanValid(in), json.Valid(in); got != want {
		t.Fatalf("%q: scanner valid %v, encoding/json.Valid %v", in, got, want)
	}
}

func TestScannerValidMatchesEncodingJSON(t *testing.T) {
	for _, in := range entitiesCorpus {
		checkValid(t, []byte(in))
	}
}

func FuzzScannerValid(f *testing.F) {
	for _, in := range entitiesCorpus {
		f.Add([]byte(in))
	}
	f.Fuzz(checkValid)
}

// TestEntitiesDepth checks the nesting limit against encoding/json's, around it.
func TestEntitiesDepth(t *testing.T) {
	for _, depth := range []int{maxDepth - 3, maxDepth - 2, maxDepth - 1, maxDepth} {
		// Two levels are the body and its entities object.
		in := `{"entities":{"a":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}}`
		checkEntities(t, []byte(in))
		checkValid(t, []byte(in))
		checkValid(t, []byte(strings.Repeat("[", depth+2)+strings.Repeat("]", depth+2)))
	}
}

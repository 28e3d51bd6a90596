package wire

import (
	"encoding/json"
	"reflect"
	"testing"
)

var entitiesCorpus = []string{
	`{"entities":{"a=1&b=2":{"x":[1,{"y":"}"}]},"k":"v","n":-1.5e3,"t":true,"z":null}}`,
	`{"other":[{"entities":1}],"entities":{}}`, ` { "entities" : { "k" : "v" } } `,
	`{"entities":null}`, `{"entities":[]}`, `{"Entities":{"a":1}}`, `{"entities":{"a":1},"entities":{"b":2}}`,
	`{"entities":{"a":1},"ENTITIES":{"b":2}}`, `{"entit\u0069es":{"a":1}}`, `{"entities":{"\u00e9\"\\":1,"a":1,"a":2}}`,
	`{"entities":{"\xff":1}}`, `[1]`, `null`, `"s"`, `{"entities":{"a":1}`, `{}`, `{"entities":{"a":"x\\"}}`,
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

package spec

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// refValidate is Validate before it checked records as it read them: it
// decodes the body into maps with decodeObject and checks those (the field
// check below is the old one, unchanged). Its rules read a Body, whose
// values TestBodyValue and FuzzValidate check equal to the map's.
func refValidate(r *Resource, raw []byte, strict bool) []Error {
	body, err := decodeObject(raw)
	if err != nil {
		return []Error{{"", "entity must be a JSON object"}}
	}
	var errs []Error
	refCheckFields(&errs, "", r.Fields, body, strict)
	members, _ := readObject(raw)
	for _, rule := range r.Rules {
		errs = append(errs, rule(Body{members})...)
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
	return errs
}

// decodeObject is the reader Validate used before it checked records as it
// read them, kept as the reference of that check: it decodes a JSON object
// as a json.Decoder with UseNumber would
// into map[string]any: objects as map[string]any, arrays as []any, numbers
// as json.Number, strings, bools and nil; a repeated name keeps its last
// value. It reads the common case (strings without escapes) itself, some
// five times faster than encoding/json, and hands strings with escapes or
// invalid UTF-8 to encoding/json, so both read every string alike.
// Anything after the object is an error.
//
// It copies raw once, into one string, and every name, string and number
// it returns is a part of that string: a record of a few hundred bytes
// costs one copy, not one per value.
func decodeObject(raw []byte) (map[string]any, error) {
	d := decoder{b: string(raw)}
	d.space()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return nil, errSyntax
	}
	v, err := d.value()
	if err != nil {
		return nil, err
	}
	d.space()
	if d.i != len(d.b) {
		return nil, errSyntax
	}
	return v.(map[string]any), nil
}

func refCheckFields(errs *[]Error, prefix string, fields []Field, body map[string]any, strict bool) {
	for i := range fields {
		f := &fields[i] // a Field is some 200 bytes: not copied per field
		v, ok := body[f.Name]
		if !ok || v == nil {
			if f.Required {
				*errs = append(*errs, Error{prefix + f.Name, msgRequired})
			}
			continue
		}
		refCheckValue(errs, prefix+f.Name, f, v, strict)
	}
	if strict {
		for name := range body {
			if !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == name }) {
				*errs = append(*errs, Error{prefix + name, "unrecognized field"})
			}
		}
	}
}

func refCheckValue(errs *[]Error, path string, f *Field, v any, strict bool) {
	add := func(format string, args ...any) { *errs = append(*errs, Error{path, fmt.Sprintf(format, args...)}) }
	switch f.Kind {
	case String:
		s, ok := v.(string)
		if !ok {
			add("must be a string")
			return
		}
		checkString(errs, path, f, s)
	case Millis:
		n, ok := v.(json.Number)
		i, err := n.Int64()
		if !ok || err != nil {
			add("must be an integer (epoch milliseconds)")
			return
		}
		if f.Positive && i <= 0 {
			add("must be greater than 0")
		}
		if f.NonNegative && i < 0 {
			add("must not be negative")
		}
	case Bool:
		if _, ok := v.(bool); !ok {
			add("must be true or false")
		}
	case Strings:
		l, ok := v.([]any)
		if !ok {
			add("must be an array of strings")
			return
		}
		if f.MaxItems > 0 && len(l) > f.MaxItems {
			add("at most %d allowed, got %d", f.MaxItems, len(l))
		}
		for i, e := range l {
			s, ok := e.(string)
			if !ok {
				*errs = append(*errs, Error{path + "/" + strconv.Itoa(i), "must be a string"})
				continue
			}
			checkString(errs, path+"/"+strconv.Itoa(i), f, s)
		}
	case Object:
		o, ok := v.(map[string]any)
		if !ok {
			add("must be an object")
			return
		}
		refCheckFields(errs, path+"/", f.Fields, o, strict)
	case Objects:
		l, ok := v.([]any)
		if !ok {
			add("must be an array of objects")
			return
		}
		if f.MaxItems > 0 && len(l) > f.MaxItems {
			add("at most %d allowed, got %d", f.MaxItems, len(l))
		}
		for i, e := range l {
			o, ok := e.(map[string]any)
			if !ok {
				*errs = append(*errs, Error{path + "/" + strconv.Itoa(i), "must be an object"})
				continue
			}
			refCheckFields(errs, path+"/"+strconv.Itoa(i)+"/", f.Fields, o, strict)
		}
	case Union:
		o, ok := v.(map[string]any)
		if !ok || len(o) != 1 {
			add("must be a union with one member of %s", strings.Join(f.Enum, ", "))
			return
		}
		for m := range o {
			if !slices.Contains(f.Enum, m) {
				add("union member %q is not one of %s", m, strings.Join(f.Enum, ", "))
			}
		}
	}
}

// checkCorpus are bodies that reach every kind of field and its refusals,
// with repeated names, nulls and bad syntax.
var checkCorpus = []string{
	`{"addresses":[],"phoneNumbers":[{"number":"+1 415","type":"MOBILE"}],"atsCreatedAt":1700000000000,"atsLastModifiedAt":1700000000000,` +
		`"emailAddresses":["a@b.co"],"externalProfileUrl":"https://ats.example.com/1","firstName":"Grace","lastName":"Hopper"}`,
	`{"addresses":[{"line1":1,"city":null}],"phoneNumbers":[null,{},{"number":""},"x"],"atsCreatedAt":"1","atsLastModifiedAt":-5,"firstName":"A","firstName":null}`,
	`{"addresses":{},"phoneNumbers":[],"atsCreatedAt":2,"atsLastModifiedAt":1,"emailAddresses":["a@b",3,null],"externalProfileUrl":"javascript:x","doNotContact":"yes","colour":"blue","colour":1,"a/b":2}`,
	`{"atsCreatedAt":1.5,"atsLastModifiedAt":1e3,"emailAddresses":"a@b.c","manualMatchedMember":"urn:li:person:1","firstName":"\u0041","firstN\u0061me":"B"}`,
	`{"atsCreatedAt":99999999999999999999,"atsLastModifiedAt":true,"doNotContact":false,"firstName":"x","firstName":"y","firstName":"z"}`,
	`{"configurationValue":{"string":"a","int":1}}`, `{"configurationValue":{"string":"a","string":"b"}}`, `{"configurationValue":{"bogus":1}}`,
	`{"configurationValue":{}}`, `{"configurationValue":[{"string":"a"}]}`, `{"configurationValue":null}`,
	`{"stage":"Not Available","author":{"firstName":"A"},"author/firstName":1,"note":"<script>x</script> List<String>"}`,
	`{"name":"My LinkedIn app","uniqueForeignId":"u","description":"d","validJsSdkDomains":["https://a.example/","http://b"],"oauth2AuthorizedCallbackUrls":[]}`,
	`{"location":"","countryCode":"US","postalCode":"94105","alternateLocations":["x"],"compensation":{"a":[1,{"b":null}]}}`,
	`{"content":"aGVsbG8=","contentType":"x"}`, `{"content":"not base64!"}`,
	`{}`, ` { } `, `[1]`, `null`, `{"a":1} x`, `{"a":[1,]}`, `{"a":"\xff"}`, `{"firstName":"\ud83d"}`, `{"firstName":"caf\u00e9 \"q\""}`,
	`{"phoneNumbers":[{"number":"1","number":null}],"addresses":[{"line1":"a"},{"line1":"b","line1":2}]}`,
}

// checkAgrees checks that Validate answers what refValidate does for every
// resource, lenient and strict, and that a Body's values are the map's.
func checkAgrees(t *testing.T, raw []byte) {
	t.Helper()
	for _, r := range Resources {
		for _, strict := range []bool{false, true} {
			got, want := r.Validate(raw, strict), refValidate(r, raw, strict)
			if !slices.Equal(got, want) {
				t.Fatalf("%s strict=%v %q:\n got %v\nwant %v", r.Name, strict, raw, got, want)
			}
		}
	}
	body, err := decodeObject(raw)
	members, err2 := readObject(raw)
	if (err == nil) != (err2 == nil) {
		t.Fatalf("%q: decodeObject err %v, readObject err %v", raw, err, err2)
	}
	names := []string{"absent"}
	for n := range body {
		names = append(names, n)
	}
	for _, n := range names {
		if got, want := (Body{members}).Value(n), body[n]; !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: Value(%q) = %#v, the map holds %#v", raw, n, got, want)
		}
	}
}

func TestValidateMatchesReference(t *testing.T) {
	for _, in := range append(checkCorpus, decodeCorpus...) {
		checkAgrees(t, []byte(in))
	}
}

func FuzzValidate(f *testing.F) {
	for _, in := range append(checkCorpus, decodeCorpus...) {
		f.Add([]byte(in))
	}
	f.Fuzz(checkAgrees)
}

// benchRecord is a candidate as BenchmarkMockBatchUpdates of rscmock sends it.
var benchRecord = []byte(`{"atsCreatedAt":1700000000000,"atsLastModifiedAt":1700000000000,` +
	`"firstName":"Grace","lastName":"Hopper 42","emailAddresses":["grace.C00000042@example.com"],` +
	`"phoneNumbers":[{"number":"+1 415 555 0100","type":"MOBILE"}],` +
	`"externalProfileUrl":"https://ats.example.com/candidates/C00000042","addresses":[]}`)

func BenchmarkValidate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if errs := Candidate.Validate(benchRecord, false); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}

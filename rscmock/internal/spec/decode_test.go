package spec

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"testing"
)

// stdDecode is what Validate used before decodeObject: encoding/json with
// UseNumber, one value, an object, nothing after it.
func stdDecode(raw []byte) (map[string]any, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	if len(bytes.TrimLeft(raw[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, false // something after the object
	}
	return m, true
}

var decodeCorpus = []string{
	`{}`, ` { } `, `{"a":1}`, `{"a":-0.5e+10,"b":[1,2,{"c":null}],"d":true,"e":false}`,
	`{"s":"caf\u00e9 \"q\" \\ \/ \n","t":"plain"}`, `{"bad":"\xff\xfe"}`, `{"a":1,"a":2}`,
	`{"n":01}`, `{"n":1.}`, `{"n":-}`, `{"n":1e}`, `{"n":.5}`, `{"s":"tab	in"}`, `{"a":1,}`, `{"a" 1}`,
	`[1]`, `null`, `"s"`, `{"a":1} x`, `{"a":[1,]}`, `{"a":tru}`, `{"a":"\ud83d\ude00"}`, `{"a":"\ud83d"}`,
	`{"firstName":"Ada","emailAddresses":["a@b.c"],"phoneNumbers":[{"number":"1","type":"MOBILE"}],"firstN\u0061me":1}`,
	`{"a":"unterminated}`, `{"a":"x\`, `{"a":{"b":{"c":[[[]]]}}}`, `{"a":1e400}`, `{"x":"€ and 😀"}`,
}

func TestDecodeObjectMatchesEncodingJSON(t *testing.T) {
	for _, in := range decodeCorpus {
		checkDecodeAgrees(t, []byte(in))
	}
}

func checkDecodeAgrees(t *testing.T, in []byte) {
	t.Helper()
	want, wantOK := stdDecode(in)
	got, err := decodeObject(in)
	if (err == nil) != wantOK {
		t.Fatalf("%q: decodeObject err %v, encoding/json ok %v", in, err, wantOK)
	}
	if wantOK && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decodeObject %#v, encoding/json %#v", in, got, want)
	}
}

func FuzzDecodeObject(f *testing.F) {
	for _, in := range decodeCorpus {
		f.Add([]byte(in))
	}
	f.Fuzz(checkDecodeAgrees)
}

// emailRE is the rule isEmail implements.
var emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

func TestIsEmailMatchesItsRegexp(t *testing.T) {
	for _, s := range []string{"a@b.c", "grace@example.com", "a@b", "a@.c", "a@b.", "@b.c", "a@@b.c", "a@b@c.d", "a b@c.d",
		"a@b.c ", "a\t@b.c", "a@b\f.c", "a@b..c", "a@..", "a@x..", "é@ü.ö", "a@b.c.d", "", "@", "a@", "\xff@\xfe.\xfd", "a@b\v.c"} {
		if got, want := isEmail(s), emailRE.MatchString(s); got != want {
			t.Errorf("isEmail(%q) = %v, the regexp says %v", s, got, want)
		}
	}
}

func FuzzIsEmail(f *testing.F) {
	f.Add("a@b.c")
	f.Add("a b@c..d")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isEmail(s), emailRE.MatchString(s); got != want {
			t.Errorf("isEmail(%q) = %v, the regexp says %v", s, got, want)
		}
	})
}

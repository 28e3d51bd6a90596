package restli

import (
	"strings"
	"testing"
)

// FuzzKeyRoundTrip checks that every encoding parses back to an Equal key, in
// both protocols, for arbitrary values, and that KeyForms writes a batch of
// keys as EncodeEntityKey writes each.
func FuzzKeyRoundTrip(f *testing.F) {
	const special = "!*'();:@&=+$,/?#[].~"
	seeds := []struct {
		a, b, c        string
		simple, params bool
	}{
		{"cand-000042", "ATS", "urn:li:organization:123456789", false, false},
		{"key" + special, "2", "APPLE", false, true},
		{"", "''", "%", false, true},
		{"a b+c", "List(x)", "(a:b)", false, false},
		{"é日本\u2028", "\x00\x7f\xff", "~2E~5B", false, true},
		{"STAGE001", "", "", true, false},
		{"urn:li:task:1", "", "", true, false},
		{"(a:b)", "", "", true, false},
		{"", "", "", true, false},
		{"a=b&c=d", "", "", true, false},
		{"50%+x y", "", "", true, false},
		{"List(1,2)", "", "", true, false},
		// Longer than a form's estimated length, then a short key.
		{strings.Repeat("long,key:", 40), "ATS", "urn:li:organization:1", false, false},
		{strings.Repeat("a(b)", 100), "", "", true, false},
	}
	for _, s := range seeds {
		f.Add(s.a, s.b, s.c, s.simple, s.params)
	}
	f.Fuzz(func(t *testing.T, a, b, c string, simple, params bool) {
		k := SimpleKey(a)
		if !simple {
			k = CompoundKey(Field{"atsCandidateId", a}, Field{"dataProvider", b}, Field{"integrationContext", c})
			if params {
				k.Params = []Field{{"p", b + c}}
			}
		}
		other := CompoundKey(Field{"atsCandidateId", "x"}, Field{"dataProvider", "ATS"})
		if simple {
			other = SimpleKey("x")
		}
		// In protocol 1.0 a simple key containing '=' cannot be told apart
		// from a compound key in a body map or in ids (documented limitation).
		ambiguous1 := simple && strings.Contains(a, "=")

		for _, p := range []Protocol{Protocol1, Protocol2} {
			// A batch whose keys share values (copied, not escaped again),
			// appended into forms reused from a batch of other keys.
			batch := []Key{k, other, k, k, SimpleKey(a), k}
			var forms KeyForms
			forms.Append(p, []Key{other, CompoundKey(Field{"atsCandidateId", c}, Field{"integrationContext", a})})
			forms.Reset()
			forms.Append(p, batch)
			if forms.Len() != len(batch) {
				t.Fatalf("protocol %d: %d forms of %d keys", p, forms.Len(), len(batch))
			}
			for i := range batch {
				if enc, want := string(forms.At(i)), EncodeEntityKey(p, batch[i]); enc != want {
					t.Errorf("protocol %d: KeyForms.At(%d) = %q, EncodeEntityKey %q", p, i, enc, want)
				}
				if p == Protocol2 && forms.inQuery2[i] != sameInQuery2(batch[i]) {
					t.Errorf("KeyForms: form %d alike in a query %v, sameInQuery2 %v", i, forms.inQuery2[i], sameInQuery2(batch[i]))
				}
			}
			if !(p == Protocol1 && ambiguous1) {
				enc := EncodeEntityKey(p, k)
				got, err := ParseEntityKey(p, enc)
				if err != nil || !got.Equal(k) {
					t.Errorf("protocol %d entity %q: got %+v, %v; want %+v", p, enc, got, err, k)
				}
				if !simple {
					if got, err := ParseAnyKey(enc); err != nil || !got.Equal(k) {
						t.Errorf("ParseAnyKey(%q) = %+v, %v; want %+v", enc, got, err, k)
					}
				}

				var q Query
				q.Set("q", a)
				q.SetIDs([]Key{k, other})
				q.AddList("l", []string{b, c})
				raw := q.Encode(p)
				ids, err := ParseIDs(p, raw)
				if err != nil || len(ids) != 2 || !ids[0].Equal(k) || !ids[1].Equal(other) {
					t.Errorf("protocol %d ids %q: got %+v, %v; want [%+v %+v]", p, raw, ids, err, k, other)
				}
			}

			enc := EncodePathKey(p, k)
			if strings.ContainsAny(enc, "/?#") {
				t.Errorf("protocol %d path key %q is not one path segment", p, enc)
			}
			got, err := ParsePathKey(p, enc)
			if err != nil || !got.Equal(k) {
				t.Errorf("protocol %d path %q: got %+v, %v; want %+v", p, enc, got, err, k)
			}
		}
		if !simple {
			shuffled := Key{Fields: []Field{k.Fields[2], k.Fields[0], k.Fields[1]}, Params: k.Params}
			if !shuffled.Equal(k) || shuffled.Canonical() != k.Canonical() {
				t.Errorf("field order changes equality: %q vs %q", shuffled.Canonical(), k.Canonical())
			}
		}
	})
}

// FuzzParse feeds arbitrary text to every decoder: they may fail but must not
// panic, and a key they accept must survive its own re-encoding.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"ids%5B0%5D.$params.param1=param!*'();:@%26%3D%2B$,/?%23%5B%5D.~&ids%5B0%5D.part1=one",
		"ids=List(($params:(param1:param1,param2:5),part1:one),(part1:two))",
		"ids=part1%3Dfive%26part2%3D9",
		"(part1:key!*%27%28%29;%3A@&=+$%2C/?#[].~,part2:2)",
		"$params.param1=param1&part1=one",
		"%28a%3Ab%29", "''", "List()", "(", "ids[0].=", "%",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []Protocol{Protocol1, Protocol2} {
			_, _ = ParseIDs(p, s)
			if k, err := ParseEntityKey(p, s); err == nil {
				if back, err := ParseEntityKey(p, EncodeEntityKey(p, k)); err != nil || !back.Equal(k) {
					t.Errorf("protocol %d entity %q: %+v re-parsed as %+v, %v", p, s, k, back, err)
				}
			}
			if k, err := ParsePathKey(p, s); err == nil {
				if back, err := ParsePathKey(p, EncodePathKey(p, k)); err != nil || !back.Equal(k) {
					t.Errorf("protocol %d path %q: %+v re-parsed as %+v, %v", p, s, k, back, err)
				}
			}
		}
		_, _ = ParseAnyKey(s)
		_, _, _ = Untunnel("multipart/mixed; boundary=b", []byte(s))
		_, _ = DecodeError([]byte(s))
	})
}

// FuzzEntityFormInQuery checks that a protocol 2.0 query that copies the
// keys' entity forms (SetOwnedIDsForms) is the query that escapes them
// itself (SetOwnedIDs), for simple and compound keys of any names and
// values.
func FuzzEntityFormInQuery(f *testing.F) {
	for _, s := range [][3]string{{"atsCandidateId", "cand-000001", "urn:li:organization:1"}, {"a", "", "x y"},
		{"a", "100%", "(a,b)'c'"}, {"a b", "é", "a&b=c+d"}, {"$params", "~!*;@$/?", "#[]"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, name, v1, v2 string) {
		keys := []Key{SimpleKey(v1), CompoundKey(Field{Name: name, Value: v1}, Field{Name: "integrationContext", Value: v2}),
			{Fields: []Field{{Name: name, Value: v2}}, Params: []Field{{Name: "p", Value: v1}}}}
		var plain, copied Query
		plain.SetOwnedIDs(keys)
		var forms KeyForms
		forms.Append(Protocol2, keys)
		copied.SetOwnedIDsForms(keys, &forms)
		if want, got := plain.AppendEncode(nil, Protocol2), copied.AppendEncode(nil, Protocol2); string(got) != string(want) {
			t.Fatalf("keys %q: the query with the entity forms is\n%s\nnot\n%s", keys, got, want)
		}
	})
}

// TestEntityFormInQueryCopied checks a typical batch key's entity form is
// the one its query copies (the case SetOwnedIDsForms is for), and that a
// value the query escapes otherwise is not copied.
func TestEntityFormInQueryCopied(t *testing.T) {
	k := CompoundKey(Field{Name: "atsCandidateId", Value: "cand-000001"}, Field{Name: "integrationContext", Value: "urn:li:organization:1"})
	if !sameInQuery2(k) {
		t.Errorf("%s is not copied into the query", EncodeEntityKey(Protocol2, k))
	}
	k.Fields[0].Value = "cand 1"
	if sameInQuery2(k) {
		t.Errorf("%s is copied into the query, which escapes its space", EncodeEntityKey(Protocol2, k))
	}
}

// appendEscapeBody2Bytewise is appendEscapeBody2 as it was written, byte
// by byte: the reference FuzzAppendEscapeBody2 checks it against.
func appendEscapeBody2Bytewise(b []byte, s string) []byte {
	if s == "" {
		return append(b, "''"...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ',', '(', ')', '\'', ':', '%':
			b = append(b, '%', upperHex[c>>4], upperHex[c&15])
		default:
			b = append(b, c)
		}
	}
	return b
}

// FuzzAppendEscapeBody2 checks appendEscapeBody2 and
// appendEscapeBody2Alike, which copy runs of bytes, against
// appendEscapeBody2Bytewise (and alikeInQuery2).
func FuzzAppendEscapeBody2(f *testing.F) {
	for _, s := range []string{"", "cand-000001", "urn:li:organization:1", "(a,b)", "'", "100%", "::", "é,x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := appendEscapeBody2Bytewise([]byte("x"), s)
		if got := appendEscapeBody2([]byte("x"), s); string(got) != string(want) {
			t.Fatalf("appendEscapeBody2(%q) = %s, want %s", s, got, want)
		}
		if got, alike := appendEscapeBody2Alike([]byte("x"), s); string(got) != string(want) || alike != alikeInQuery2(s) {
			t.Fatalf("appendEscapeBody2Alike(%q) = %s, %v; want %s, %v", s, got, alike, want, alikeInQuery2(s))
		}
	})
}

// sameInQuery2 is the reference KeyForms.inQuery2 is checked against: it
// reports whether k's protocol 2.0 entity form is also its
// form in a 2.0 ids=List(…). Both write the key's structure and field
// names alike and percent-encode the reserved characters , ( ) ' : and %
// of its values; they differ only for a value byte the query escapes and
// the body keeps (a space, &, =, +, non-ASCII, …).
func sameInQuery2(k Key) bool {
	if k.IsSimple() {
		return alikeInQuery2(k.Simple)
	}
	for _, f := range k.Fields {
		if !alikeInQuery2(f.Value) {
			return false
		}
	}
	for _, f := range k.Params {
		if !alikeInQuery2(f.Value) {
			return false
		}
	}
	return true
}

// alikeInQuery2 is the reference appendEscapeBody2Alike is checked
// against: it reports whether the 2.0 query and body escape v alike:
// each of its bytes is one the query keeps or a reserved character.
func alikeInQuery2(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= 0x80 || !entityInQuery2[c] {
			return false
		}
	}
	return true
}

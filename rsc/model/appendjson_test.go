package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// TestCandidateAppendJSONIsEncodingJSON checks Candidate.MarshalJSON byte
// for byte against encoding/json on the same fields (a type without the
// method), with every field empty and set, and strings that need escapes.
func TestCandidateAppendJSONIsEncodingJSON(t *testing.T) {
	t.Parallel()
	type plain Candidate // Candidate's fields without its methods
	full := fullCandidate()
	for name, c := range map[string]Candidate{"empty": {}, "full": full, "bad utf-8": {FirstName: "\xff", EmailAddresses: []string{}}} {
		want := plain(c)
		if want.Addresses == nil {
			want.Addresses = []Address{}
		}
		if want.PhoneNumbers == nil {
			want.PhoneNumbers = []PhoneNumber{}
		}
		if want.EmailAddresses == nil {
			want.EmailAddresses = []string{}
		}
		wb, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.MarshalJSON()
		if err != nil || !bytes.Equal(got, wb) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, wb)
		}
		if got := c.AppendJSON([]byte("prefix"), nil); !bytes.Equal(got, append([]byte("prefix"), wb...)) {
			t.Errorf("%s: AppendJSON:\n got %s\nwant prefix%s", name, got, wb)
		}
	}
}

// TestCandidateAppendJSONRenames checks AppendJSON renames exactly the
// top-level members it is given, and nothing inside them.
func TestCandidateAppendJSONRenames(t *testing.T) {
	t.Parallel()
	c := fullCandidate()
	c.Addresses[0].City = "city"
	names := map[string]string{"atsCreatedAt": "externalCreatedAt", "firstName": "givenName", "city": "town", "number": "digits"}
	var want map[string]any
	if err := json.Unmarshal(c.AppendJSON(nil, nil), &want); err != nil {
		t.Fatal(err)
	}
	want["externalCreatedAt"], want["givenName"] = want["atsCreatedAt"], want["firstName"]
	delete(want, "atsCreatedAt")
	delete(want, "firstName")
	var got map[string]any
	if err := json.Unmarshal(c.AppendJSON(nil, c.JSONNames(names)), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("renamed:\n got %v\nwant %v", got, want)
	}
}

// TestCandidateAppendJSONRefusesOtherNames checks AppendJSON does not write
// a candidate under names built for another type's members.
func TestCandidateAppendJSONRefusesOtherNames(t *testing.T) {
	t.Parallel()
	other := newJSONNames(append([]string(nil), candidateMembers[:]...), nil)
	defer func() {
		if recover() == nil {
			t.Error("AppendJSON took the names of another type")
		}
	}()
	c := fullCandidate()
	c.AppendJSON(nil, other)
}

func fullCandidate() Candidate {
	return Candidate{
		Key:          CandidateKey{ATSCandidateID: "C1"},
		Addresses:    []Address{{Line1: "1 <Main> St", Line2: "Flat \"2\"", City: "Zürich", GeographicArea: "ZH", GeographicAreaType: "STATE", PostalCode: "8000", Country: "CH"}, {}},
		ATSCreatedAt: 1_700_000_000_000, ATSLastModifiedAt: 1_700_000_000_001, CurrentCompanyName: "A & B", CurrentJobTitle: "Eng\tineer",
		DoNotContact: true, EmailAddresses: []string{"a@example.com", "b\\c@example.com"}, ExternalProfileURL: "https://ats.example.com/c/1?x=1&y=2",
		FirstName: "Zoë", LastName: "O'Brien", MiddleInitial: "Q", Prefix: "Dr", Suffix: "Jr", LinkedInProfileURL: "https://www.linkedin.com/in/zoe",
		PhoneNumbers: []PhoneNumber{{Number: "+1 555 0100", Extension: "12"}, {Number: "\u2028\x01"}}, ManualMatchedMember: "urn:li:person:abc",
	}
}

// TestAppendStringEveryByte checks appendString against encoding/json for
// every byte, alone and inside ASCII text.
func TestAppendStringEveryByte(t *testing.T) {
	t.Parallel()
	for c := 0; c < 256; c++ {
		for _, s := range []string{string([]byte{byte(c)}), "a" + string([]byte{byte(c)}) + "z"} {
			want, _ := json.Marshal(s)
			if got := appendString(nil, s); !bytes.Equal(got, want) {
				t.Errorf("appendString(%q) = %s, want %s", s, got, want)
			}
		}
	}
}

// plainJSONBytewise is plainJSONString's slow form: the table, byte by
// byte.
func plainJSONBytewise(s string) bool {
	for i := 0; i < len(s); i++ {
		if !plainJSON[s[i]] {
			return false
		}
	}
	return true
}

// TestPlainJSONStringEveryBytePosition checks plainJSONString against the
// byte table for every byte at every position of plain text of up to 24
// bytes (the words, their borrows into the next byte, and the tail).
func TestPlainJSONStringEveryBytePosition(t *testing.T) {
	t.Parallel()
	const plain = "abcdefghijklmnopqrstuvwx"
	for n := 0; n <= len(plain); n++ {
		if !plainJSONString(plain[:n]) {
			t.Errorf("plainJSONString(%q) = false", plain[:n])
		}
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				s := plain[:pos] + string([]byte{byte(c)}) + plain[pos+1:n]
				if got, want := plainJSONString(s), plainJSONBytewise(s); got != want {
					t.Fatalf("plainJSONString(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}

// FuzzPlainJSONString checks plainJSONString against the byte table, and
// appendString against encoding/json.
func FuzzPlainJSONString(f *testing.F) {
	for _, s := range []string{"", "plain text here", "a<b", "tab\there", "\x1f\x20\x21\x7f\x80", "0123456&", "quote\"d", `back\slash`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainJSONString(s), plainJSONBytewise(s); got != want {
			t.Errorf("plainJSONString(%q) = %v, want %v", s, got, want)
		}
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

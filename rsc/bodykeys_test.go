package rsc

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

// TestV2BodyKeysAsLinkedInsSamples: on /v2 the entities keys carry the URN
// raw (integrationContext=urn:li:organization:123), as LinkedIn's docs and
// samples send them, and LinkedIn's answer keys are read in either form.
// (The client used to percent-encode the URN: urn%3Ali%3A...)
func TestV2BodyKeysAsLinkedInsSamples(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	f.reply = func(captured) (int, string) {
		return 200, `{"results":{
			"atsCandidateId=C1&dataProvider=ATS&integrationContext=urn:li:organization:123":{"status":204},
			"atsCandidateId=C2&dataProvider=ATS&integrationContext=urn%3Ali%3Aorganization%3A123":{"status":204}},"errors":{}}`
	}
	rs, err := c.Candidates.BatchUpdate(t.Context(), []model.Candidate{testCandidate("C1"), testCandidate("C2")})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Err != nil || r.Status != 204 {
			t.Errorf("%s: status %d, %v; want 204 whichever form the answer's key has", r.Key.ATSCandidateID, r.Status, r.Err)
		}
	}
	body := f.requests()[0].Body
	for _, id := range []string{"C1", "C2"} {
		if want := `"atsCandidateId=` + id + `&dataProvider=ATS&integrationContext=urn:li:organization:123"`; !strings.Contains(body, want) {
			t.Errorf("body lacks the key %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, "%3A") {
		t.Errorf("body percent-encodes a URN:\n%s", body)
	}
}

// TestAppendJSONStringIsEncodingJSON checks the entity-key writer against
// encoding/json without HTML escaping, on keys and on strings that need
// escapes.
func TestAppendJSONStringIsEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "(externalCandidateId:C1,integrationContext:urn%3Ali%3Aorganization%3A1)",
		"a&b<c>", `quote " and \ backslash`, "tab\tnew\nline\x01", "Zoë", "\u2028", "bad \xff utf-8"} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(buf.String(), "\n")
		if got := string(appendJSONString([]byte("x"), s)); got != "x"+want {
			t.Errorf("%q: got %s, want x%s", s, got, want)
		}
	}
}

// FuzzAppendJSONString checks the entity-key writer, which copies plain
// keys eight bytes of checking at a time, against encoding/json without
// HTML escaping, for any string.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "(externalCandidateId:C1,integrationContext:urn%3Ali%3Aorganization%3A1)", "a&b<c>",
		`quote " and \ backslash`, "tab\tnew\nline\x01", "Zoë", "0123456\x7f", "01234567\x1f", "\u2028", "bad \xff utf-8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got, want := string(appendJSONString(nil, s)), strings.TrimSuffix(buf.String(), "\n"); got != want {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}

// TestPlainJSONKeyEveryBytePosition checks plainJSONKey against the
// bytewise rule for every byte at every place of two words and a tail.
func TestPlainJSONKeyEveryBytePosition(t *testing.T) {
	t.Parallel()
	const plain = "(atsCandidateId:cand-000001)"
	if !plainJSONKey(plain) {
		t.Errorf("plainJSONKey(%q) = false", plain)
	}
	for pos := 0; pos < 19; pos++ {
		for c := 0; c < 256; c++ {
			s := plain[:pos] + string([]byte{byte(c)}) + plain[pos+1:19]
			want := c >= 0x20 && c < 0x80 && c != '"' && c != '\\'
			if got := plainJSONKey(s); got != want {
				t.Fatalf("plainJSONKey(%q) = %v, want %v", s, got, want)
			}
		}
	}
}
